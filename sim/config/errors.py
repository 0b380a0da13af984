"""Configuration errors, and the one explainer that words pydantic's findings for the user.

Every configuration problem becomes a :class:`ConfigError` (a :class:`ScenarioError` for
scenarios and the files built on them) whose message names the file, the line where known, the
dotted field, the bad value and what the field allows, one line per problem::

    scenarios/x.toml, line 3: field 'solow.alpha' = 'high' is invalid: Input should be a valid
    number, unable to parse string as a number. Allowed: float > 0 and < 1 (capital share ...).

:func:`explain` turns a pydantic ``ValidationError`` into that text for any schema; where a field
is comes from a *locator* (:func:`where_in_file` from a file's key lines, :func:`where_from_origin`
from the provenance of a merged ``extends`` chain); how the allowed values are worded is a
:class:`MessageStyle`, one per kind of file, so that each keeps the messages its users know.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from nqpf.sim.config.params import bounds_text, field_at, fields_beside, param_extra


class ConfigError(ValueError):
    """A configuration file or override is not valid. The message is meant for the user as is."""


class ScenarioError(ConfigError):
    """A scenario file, or an override, is not valid. The message is meant for the user as is."""


Locator = Callable[[str], str]
"""Dotted field path (list positions left out) -> ``"file, line N"``, or ``"file"`` alone."""


@dataclass(frozen=True)
class MessageStyle:
    """How one kind of configuration file words its messages.

    allowed
        What follows an invalid value: ``"type"`` gives the type, range, unit and meaning
        (``Allowed: float >= 0 and <= 1 [1/year] (depreciation rate of capital).``),
        ``"meaning"`` the field's description and range (``Allowed: runs per point (>= 1).``),
        ``None`` nothing.
    indexes
        Whether field paths show list positions (``world.regions.0.population``).
    root
        How a problem of the whole document is named.
    missing
        ``"required"``: a missing field reads ``field 'x' is required.``; ``"invalid"``: it
        reads as any other invalid field (``is invalid: Field required.``).
    """

    allowed: Literal["type", "meaning"] | None = "type"
    indexes: bool = True
    root: str = "<root>"
    missing: Literal["invalid", "required"] = "invalid"

    def path(self, loc: tuple[Any, ...]) -> str:
        """The field path as shown, e.g. ``world.regions.0.population``."""
        parts = [str(p) for p in loc if self.indexes or not isinstance(p, int)]
        return ".".join(parts) or self.root

    def allowed_text(self, info: FieldInfo | None) -> str:
        """`` Allowed: ...`` for a field's declaration, or empty."""
        if info is None or self.allowed is None:
            return ""
        rng = bounds_text(info)
        if self.allowed == "meaning":
            if not info.description:
                return ""
            return f" Allowed: {info.description}{' (' + rng + ')' if rng else ''}."
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ""
        unit = param_extra(info).get("unit", "")
        typ = getattr(ann, "__name__", str(ann))
        text = f" Allowed: {typ}{(' ' + rng) if rng else ''}"
        text += f" [{unit}]" if unit and unit != "-" else ""
        return text + (f" ({info.description})." if info.description else ".")


def explain(
    exc: ValidationError,
    schema: type[BaseModel],
    where: Locator,
    style: MessageStyle = MessageStyle(),
) -> str:
    """One line per problem pydantic found: where, which field, the value, what is wrong, allowed.

    Three kinds of line::

        <where>: unknown field '<path>'. Allowed fields here: <names>.
        <where>: field '<path>' is required.                     (style.missing = "required")
        <where>: field '<path>'[ = <value>] is invalid: <what is wrong>.[ Allowed: ...]
    """
    messages = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        shown = style.path(loc)
        place = where(".".join(str(p) for p in loc if not isinstance(p, int)))
        if err["type"] == "extra_forbidden":
            allowed = ", ".join(fields_beside(schema, loc))
            messages.append(f"{place}: unknown field '{shown}'. Allowed fields here: {allowed}.")
            continue
        if err["type"] == "missing" and style.missing == "required":
            messages.append(f"{place}: field '{shown}' is required.")
            continue
        value = err.get("input")
        value_text = "" if isinstance(value, dict) or err["type"] == "missing" else f" = {value!r}"
        msg = err["msg"].removeprefix("Value error, ")
        if not loc:  # a rule of the whole document: its message names the fields it reads
            messages.append(f"{place}: {msg}.")
            continue
        allowed = style.allowed_text(field_at(schema, loc))
        messages.append(f"{place}: field '{shown}'{value_text} is invalid: {msg}.{allowed}")
    return "\n".join(messages)


def where_in_file(path: Path | str, lines: Mapping[str, int], enclosing: bool = True) -> Locator:
    """Locate a dotted field in one file by its key lines (:func:`~.toml.key_lines`).

    With ``enclosing``, a field not written in the file (a default, or a table key's part) takes
    the line of its nearest enclosing key; without, only the field's own line is given.
    """

    def where(dotted: str) -> str:
        parts = dotted.split(".")
        for n in range(len(parts), 0 if enclosing else len(parts) - 1, -1):
            line = lines.get(".".join(parts[:n]))
            if line:
                return f"{path}, line {line}"
        return str(path)

    return where


def where_from_origin(origin: Mapping[str, tuple[str, int | None]], default: Path | str) -> Locator:
    """Locate a dotted field by where it was last set in an ``extends`` chain or by ``--set``.

    A field set nowhere (a whole table, for a problem between its fields) takes the place of the
    latest key set in a file below it, with "(and --set)" when ``--set`` also set keys below it
    (either may be the cause); anything else is placed in ``default`` without a line.
    """
    settings = list(origin.items())

    def where(dotted: str) -> str:
        file, line = origin.get(dotted, (str(default), None))
        if dotted not in origin:
            below = [p for k, p in settings if k.startswith(dotted + ".") or not dotted]
            in_files = [p for p in below if p[0] != "--set"]
            if in_files:
                file, line = in_files[-1]
                if len(in_files) < len(below):
                    return (f"{file}, line {line}" if line else f"{file}") + " (and --set)"
            elif below:
                file, line = below[-1]
        return f"{file}, line {line}" if line else f"{file}"

    return where

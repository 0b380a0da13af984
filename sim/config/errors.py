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

import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import NoneType
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from nqpf.sim.config.params import bounds_text, field_at, fields_beside, param_extra


class ConfigError(ValueError):
    """A configuration file or override is not valid. The message is meant for the user as is."""


class ScenarioError(ConfigError):
    """A scenario file, or an override, is not valid. The message is meant for the user as is."""


class Locator(Protocol):
    """Dotted field path -> ``"file, line N"``, or ``"file"`` alone. The path has the list
    positions of pydantic's location (``world.regions.1.population``); a locator that does not
    know where an entry of a list is places it as the path without them
    (``world.regions.population``).

    ``between``: the problem is one between the fields below the path (a table's rule), not the
    field itself (an unknown table is placed at its header, its rule at the key set last below).
    ``message``: the problem's text; of the command-line options that set fields below the
    path, those whose fields it names are blamed (all of them when it names none).
    """

    def __call__(self, dotted: str, between: bool = False, message: str = "") -> str: ...


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
        text = f" Allowed: {type_text(ann)}{(' ' + rng) if rng else ''}"
        text += f" [{unit}]" if unit and unit != "-" else ""
        return text + (f" ({info.description})." if info.description else ".")


def type_text(annotation: Any) -> str:
    """A field's type in the words of a TOML file: ``'uniform' or 'data'`` for a ``Literal``,
    ``true or false`` for a switch, ``table of name = ...`` for a ``dict``, ``float`` for
    ``float | None`` (TOML has no null: a field that may be unset is set with a number)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        values = [repr(v) for v in args]
        return " or ".join([", ".join(values[:-1]), values[-1]] if len(values) > 1 else values)
    if annotation is bool:
        return "true or false"
    if annotation is Any:
        return "any value"
    if origin is dict or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return f"table of name = {type_text(args[1])}" if len(args) == 2 else "a table"
    if origin in (list, tuple) and args:
        return f"list of {type_text(args[0])}"
    if NoneType in args:  # X | None
        return " or ".join(type_text(a) for a in args if a is not NoneType)
    return getattr(annotation, "__name__", str(annotation).replace("typing.", ""))


def explain(
    exc: ValidationError,
    schema: type[BaseModel],
    where: Locator,
    style: MessageStyle = MessageStyle(),
) -> str:
    """One line per problem pydantic found: where, which field, the value, what is wrong, allowed.

    Four kinds of line::

        <where>: unknown field '<path>'. Allowed fields here: <names>.
        <where>: field '<path>' is required.                     (style.missing = "required")
        <where>: field '<path>'[ = <value>] is invalid: <what is wrong>.[ Allowed: ...]
        <where>: <what is wrong>.     (a rule between fields whose message names them by path)

    A field's message that says itself what is allowed (``...; allowed: 'china31', ...``) gets no
    ``Allowed:`` tail; for a ``Literal`` field the tail lists the values, and the message says
    only that the value is not one of them.
    """
    messages = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        shown = style.path(loc)
        dotted = ".".join(str(p) for p in loc)
        msg = err["msg"].removeprefix("Value error, ")
        between = err["type"] not in ("extra_forbidden", "missing")
        place = where(dotted, between=between, message=msg)
        if err["type"] == "extra_forbidden":
            allowed = ", ".join(fields_beside(schema, loc))
            messages.append(f"{place}: unknown field '{shown}'. Allowed fields here: {allowed}.")
            continue
        if err["type"] == "missing" and style.missing == "required":
            messages.append(f"{place}: field '{shown}' is required.")
            continue
        value = err.get("input")
        value_text = "" if isinstance(value, dict) or err["type"] == "missing" else f" = {value!r}"
        if not loc or msg.startswith(style.path(loc) + "."):
            # a rule of the whole document, or of a table whose message names the table's
            # fields by their dotted paths ('world.end_year (1900) is before ...'): as written
            messages.append(f"{place}: {msg}.")
            continue
        info = field_at(schema, loc)
        section = _section_text(info, shown, err["type"])
        if section:
            messages.append(f"{place}: field '{shown}'{value_text} is invalid: {section}")
            continue
        says_allowed = "allowed:" in msg.lower() or "give true or false" in msg
        allowed = "" if says_allowed else style.allowed_text(info)
        if err["type"] == "literal_error" and allowed.startswith(" Allowed: '"):
            msg = "not one of the allowed values"  # the values follow: 'Allowed: 'a' or 'b''
        messages.append(f"{place}: field '{shown}'{value_text} is invalid: {msg}.{allowed}")
    return "\n".join(messages)


def _section_text(info: FieldInfo | None, shown: str, kind: str) -> str:
    """For a section (a table of fields, like ``solow``) given something else than one table (a
    number, ``--set solow=3``; an array of tables, ``[[solow]]``): what a section is and how its
    fields are set, with one of them as the example. Empty for any other problem."""
    ann = info.annotation if info is not None else None
    if kind not in ("model_type", "model_attributes_type", "dict_type"):
        return ""
    if not (isinstance(ann, type) and issubclass(ann, BaseModel)) or not ann.model_fields:
        return ""
    name, example = next(
        ((n, f) for n, f in ann.model_fields.items() if not isinstance(f.default, BaseModel)),
        next(iter(ann.model_fields.items())),
    )
    value = example.default
    if isinstance(value, bool):
        toml = str(value).lower()
    else:
        toml = f'"{value}"' if isinstance(value, str) else str(value)
    return (
        f"'{shown}' is a section (a table of fields such as {shown}.{name}), not a value; write "
        f"its fields under one [{shown}] header ({name} = {toml}), not [[{shown}]]; on the "
        f"command line set a field, --set {shown}.{name}={toml}, or a table, "
        f"--set {shown}={{{name} = {toml}}}."
    )


def where_in_file(path: Path | str, lines: Mapping[str, int], enclosing: bool = True) -> Locator:
    """Locate a dotted field in one file by its key lines (:func:`~.toml.key_lines`).

    With ``enclosing``, a field not written in the file (a default, or a table key's part) takes
    the line of its nearest enclosing key; without, only the field's own line is given.
    """

    def where(dotted: str, between: bool = False, message: str = "") -> str:
        line = _positional_line(lines, dotted, enclosing)
        if line:
            return f"{path}, line {line}"
        dotted = _plain(dotted)
        if between:  # a table's rule naming one of its keys ('parameter 'x': ...'): its line
            for name in re.findall(r"'([^']+)'", message):
                line = lines.get(f"{dotted}.{name}" if dotted else name)
                if line:
                    return f"{path}, line {line}"
        parts = dotted.split(".")
        for n in range(len(parts), 0 if enclosing else len(parts) - 1, -1):
            line = lines.get(".".join(parts[:n]))
            if line:
                return f"{path}, line {line}"
        return str(path)

    return where


def _plain(dotted: str) -> str:
    """A dotted path without its list positions (``world.regions.1.name`` ->
    ``world.regions.name``)."""
    return ".".join(p for p in dotted.split(".") if not p.isdigit())


def _positional_line(lines: Mapping[str, Any], dotted: str, enclosing: bool = True) -> Any:
    """What ``lines`` holds for a path with list positions, or (``enclosing``) for its nearest
    enclosing path that still has one (``world.regions.1``: the entry); None for a path without
    positions or one not found."""
    parts = dotted.split(".")
    last = max((i for i, p in enumerate(parts) if p.isdigit()), default=-1)
    if last < 0:
        return None
    for n in range(len(parts), last if enclosing else len(parts) - 1, -1):
        if ".".join(parts[:n]) in lines:
            return lines[".".join(parts[:n])]
    return None


def where_from_origin(
    origin: Mapping[str, tuple[str, int | None]],
    default: Path | str,
    command_line_first: bool = False,
) -> Locator:
    """Locate a dotted field by where it was last set: a file and line of an ``extends`` chain,
    or the command-line option that set it (an origin named ``--set``, ``--end-year``, ...).

    A table is placed at its header in the latest file that writes it; a problem between the
    fields of a table or of the whole document (``between``) at the latest key set in a file
    below it. Where command-line options also set keys below, they are named as well ("file, line
    N (and --set)": either may be the cause), or alone with ``command_line_first`` (the files
    alone are valid, so the options are the cause). Anything else is placed in ``default``
    without a line.
    """

    def place(setter: tuple[str, int | None]) -> str:
        return f"{setter[0]}, line {setter[1]}" if setter[1] else str(setter[0])

    def where(dotted: str, between: bool = False, message: str = "") -> str:
        entry = _positional_line(origin, dotted)  # a field of an array of tables' entry
        if entry is not None:
            return place(entry)
        dotted = _plain(dotted)
        own = origin.get(dotted)
        below = [
            (k, p)
            for k, p in origin.items()
            if (not dotted or k.startswith(dotted + ".")) and _plain(k) == k
        ]
        if own is not None and (not below or not between or _is_option(own)):
            return place(own)
        by_options = [(k, p) for k, p in below if _is_option(p)]
        named = [(k, p) for k, p in by_options if k in message] or by_options
        options = list(dict.fromkeys(p[0] for _, p in named))
        in_files = [p for _, p in below if not _is_option(p)]
        if options and (command_line_first or not in_files):
            return " and ".join(options)
        if not in_files:
            parts = dotted.split(".")  # not set itself: the nearest enclosing key that is
            enclosing = (origin.get(".".join(parts[:n])) for n in range(len(parts) - 1, 0, -1))
            return place(next((p for p in enclosing if p is not None), (str(default), None)))
        return place(in_files[-1]) + (f" (and {' and '.join(options)})" if options else "")

    return where


def _is_option(setter: tuple[str, int | None]) -> bool:
    """Whether a key was set on the command line (``--set``, ``--end-year``), not in a file."""
    return str(setter[0]).startswith("--")

"""Reading configuration files: TOML with key line numbers, ``extends`` chains, ``--set`` overrides.

Every configuration file of the project (scenario, sweep spec, calibration config) is TOML. This
module reads one (:func:`read_toml`), maps each dotted key to the line that sets it so that errors
can point there (:func:`key_lines`), follows ``extends = "parent.toml"`` chains, merging each child
into its parent table by table (:func:`resolve_extends`), and parses and applies command-line
overrides ``--set path.to.field=value`` (:func:`parse_override`, :func:`apply_overrides`).

Problems raise :class:`~nqpf.sim.config.errors.ConfigError` with a message for the user as is.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nqpf.sim.config.errors import ConfigError
from nqpf.sim.config.file_kinds import other_kind

Origin = dict[str, tuple[str, int | None]]
"""Where each value and table was set: dotted key -> (file, line or None) or (the command-line
option, ``"--set"``, ``"--end-year"``, None); the most recent setter comes last."""

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"']+)\s*=")
_DOTTED_PATH = re.compile(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*")
_PARSER_AT = re.compile(r"\(at line (\d+), column (\d+)\)$")


def read_toml(path: Path, what: str = "file") -> dict[str, Any]:
    """Parse a TOML file; ``what`` names it in the messages (``"scenario file"``, ``"sweep spec"``).

    Raises
    ------
    ConfigError
        ``<path>: <what> not found.`` or ``<path>, line N: not valid TOML: <parser message>
        (column C in '<the line>').``
    """
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a {what}; name the TOML file in it.")
    if not path.is_file():
        raise ConfigError(f"{path}: {what} not found.")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is not content
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1  # of the bytes decoded (no BOM)
        raise ConfigError(
            f"{path}, line {line}: not valid TOML: the file is not UTF-8 text ({exc}); save it "
            "as UTF-8."
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_problem(path, text, str(exc))) from None


def _toml_problem(path: Path, text: str, message: str) -> str:
    """The parser's message placed like every other: ``file, line N: ...``, with the line."""
    at = _PARSER_AT.search(message)
    lines = text.splitlines()
    if at is None:
        opened, what = _unclosed(lines) if message.endswith("(at end of document)") else (0, "")
        if opened:
            source = lines[opened - 1].strip()
            return (
                f"{path}, line {opened}: not valid TOML: {what} opened here is never closed "
                f"(in {source!r})."
            )
        return f"{path}: not valid TOML: {message}."
    number, column = int(at.group(1)), int(at.group(2))
    raw = lines[number - 1] if 0 < number <= len(lines) else ""
    source = raw.strip()
    column -= len(raw) - len(raw.lstrip())  # counted in the line as quoted, without its indent
    what = message[: at.start()].rstrip()
    twice = re.fullmatch(r"Cannot declare \((.*)\) twice", what)
    if twice:  # tomllib names the table by a tuple of its keys: ('solow',)
        keys = re.findall(r"'([^']*)'|\"([^\"]*)\"", twice.group(1))
        what = f"table [{'.'.join(a or b for a, b in keys)}] is declared twice"
    elif what == "Cannot overwrite a value":
        what = "a key set twice (or a key and a table of the same name)"
    shown = f"in {source!r}" if source else ""
    if 1 <= column <= len(source) + 1:  # one past the end: something missing at the end
        shown = f"column {column} {shown}".rstrip()
    return f"{path}, line {number}: not valid TOML: {what} ({shown})."


def _unclosed(lines: list[str]) -> tuple[int, str]:
    """The line where a multi-line string, or an array or inline table, opens that the text
    never closes, and which of them it is; ``(0, "")`` if none."""
    delim, depth, string_at, bracket_at = None, 0, 0, 0
    for number, line in enumerate(lines, start=1):
        before = (delim, depth)
        delim, depth = _scan_value(line, delim, depth)
        string_at = number if delim and not before[0] else string_at
        bracket_at = number if depth and not before[1] else bracket_at
    if delim:
        return string_at, "a multi-line string"
    return (bracket_at, "an array or inline table") if depth else (0, "")


def key_lines(path: Path) -> dict[str, int]:
    """Map dotted key paths to the line that sets them (first occurrence), for error messages.

    Table headers count as the line of the table (``[solow]`` -> ``"solow"``); quoted keys are
    read without their quotes (``"solow.alpha" = 1`` under ``[set]`` -> ``"set.solow.alpha"``).
    An array of tables' keys also carry their entry's position (the second ``[[world.regions]]``
    is ``"world.regions.1"``, its key ``"world.regions.1.population"``).
    Lines inside a multi-line string or array are part of their key's value, never keys or
    headers of their own.
    """
    out: dict[str, int] = {}
    table = ""
    entry = ""  # the current entry of an array of tables, with its position: "world.regions.1"
    entries: dict[str, int] = {}  # entries seen of each array of tables
    delim: str | None = None  # the closing quotes of a multi-line string being read
    depth = 0  # open brackets of an array or inline table being read
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if delim or depth > 0:
            delim, depth = _scan_value(line, delim, depth)
            continue
        header = _HEADER.match(line)
        if header:
            table = re.sub(r"\s*\.\s*", ".", re.sub("[\"']", "", header.group(1)).strip())
            out.setdefault(table, number)
            entry = ""
            if line.lstrip().startswith("[["):
                entries[table] = entries.get(table, -1) + 1
                entry = f"{table}.{entries[table]}"
                out.setdefault(entry, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).replace('"', "").replace("'", "")
            out.setdefault(f"{table}.{name}" if table else name, number)
            if entry:
                out.setdefault(f"{entry}.{name}", number)
            delim, depth = _scan_value(line[key.end() :], None, 0)
    return out


def _scan_value(text: str, delim: str | None, depth: int) -> tuple[str | None, int]:
    """Read (part of) a value: whether it ends inside a multi-line string (its closing quotes)
    and how many brackets are still open, strings and comments left out."""
    i = 0
    while i < len(text):
        if delim:
            end = text.find(delim, i)
            if end < 0:
                return delim, depth
            i, delim = end + 3, None
        elif text.startswith(('"""', "'''"), i):
            delim, i = text[i : i + 3], i + 3
        elif text[i] == '"':  # a basic string: skip to its closing quote, escapes included
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif text[i] == "'":  # a literal string: no escapes
            end = text.find("'", i + 1)
            i = end + 1 if end >= 0 else len(text)
        elif text[i] == "#":
            break
        else:
            depth += (text[i] in "[{") - (text[i] in "]}")
            i += 1
    return delim, max(depth, 0)


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"world": {"end_year": 2030}, "solow.alpha": 0.4}`` -> dotted paths to leaf values.

    Tables are walked; anything else (numbers, strings, lists, arrays of tables) is a leaf.
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """Merge ``top`` into a copy of ``base``: tables merge recursively, other values replace.

    The ``extends`` key of ``top`` is not copied.
    """
    out = copy.deepcopy(base)
    for key, value in top.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def resolve_extends(path: Path, what: str = "file") -> tuple[dict[str, Any], Origin]:
    """Read ``path`` and its ``extends`` ancestors: the merged document and the origin of
    each table and leaf value.

    ``extends`` takes a path relative to the file that names it; chains of any length are
    followed and a cycle is an error. A parent's ``name`` and ``description`` describe the parent,
    so they are not inherited.
    """
    return _resolve(Path(path), (), what)


def _resolve(
    path: Path, chain: tuple[Path, ...], what: str, named: str = ""
) -> tuple[dict[str, Any], Origin]:
    """``named``: where the file that extends this one names it (``child.toml, line 2``)."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise ConfigError(f"{chain[-1]}: 'extends' makes a cycle: {cycle}.")
    raw = read_toml(path, what)
    kind = other_kind(raw) if chain and what == "scenario file" else None
    if kind:
        raise ConfigError(
            f"{named}: {chain[-1]} extends {path}, which is {kind}, not a scenario. 'extends' "
            "takes a scenario file (like those in scenarios/); a sweep spec, a policy-search or "
            "a calibration config names its scenario with 'base' or 'scenario' itself."
        )
    lines = key_lines(path)
    parent_name = raw.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise ConfigError(
                f"{path}: field 'extends' must be a file name (a string), got {parent_name!r}."
            )
        parent = (path.parent / parent_name).resolve()
        if not parent_name.strip() or parent.is_dir():
            raise ConfigError(
                f"{path}, line {lines.get('extends', '?')}: field 'extends' names {parent_name!r}, "
                f"which is a folder ({parent}), not a file. 'extends' takes the path of a TOML "
                "file relative to this one."
            )
        if not parent.is_file():
            raise ConfigError(
                f"{path}, line {lines.get('extends', '?')}: field 'extends' names {parent_name!r}, "
                f"but {parent} does not exist. 'extends' takes a path relative to the file."
            )
        named = f"{path}, line {lines.get('extends', '?')}"
        base, origin = _resolve(parent, (*chain, path), what, named)
        base.pop("name", None)
        base.pop("description", None)
    else:
        base, origin = {}, {}
    leaves = flatten(raw)
    for key in [*_tables(raw), *leaves]:
        origin.pop(key, None)  # re-insert so the most recent setter comes last
        origin[key] = (str(path), _line_of(lines, key))
    replaced = set(_tables(base)).intersection(leaves)  # a parent's table set to a value here
    for key in replaced:  # the table's keys are gone with it
        for stale in [k for k in origin if k.startswith(key + ".")]:
            del origin[stale]
    for key, value in leaves.items():  # the entries of an array of tables, by position
        if not isinstance(value, list):
            continue
        for stale in [k for k in origin if k.startswith(key + ".") and _positional(k)]:
            del origin[stale]  # a parent's entries, replaced by this file's array
        for entry, item in enumerate(value):
            if isinstance(item, dict):  # the entry itself: its [[header]] line
                origin[f"{key}.{entry}"] = (str(path), lines.get(f"{key}.{entry}"))
            for field in flatten(item, f"{key}.{entry}.") if isinstance(item, dict) else []:
                line = lines.get(field) or lines.get(f"{key}.{entry}") or _line_of(lines, key)
                origin[field] = (str(path), line)
    return deep_merge(base, raw), origin


def _positional(key: str) -> bool:
    """Whether a dotted key has a list position in it (``world.regions.0.name``)."""
    return any(part.isdigit() for part in key.split("."))


def _tables(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths of the tables in a document, outer before inner (``["world", "world.x"]``)."""
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            out += [f"{prefix}{key}", *_tables(value, f"{prefix}{key}.")]
    return out


def _line_of(lines: dict[str, int], key: str) -> int | None:
    """The line that sets ``key``: its own; for a key inside an inline table (``x = {a = 1}``)
    that of the nearest enclosing key; for a table opened by dotted keys (``solow.alpha = 1``)
    the first line below it."""
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        line = lines.get(".".join(parts[:n]))
        if line:
            return line
    below = [n for k, n in lines.items() if k.startswith(key + ".")]
    return min(below) if below else None


def parse_override(item: str) -> tuple[str, Any]:
    """Parse ``path.to.field=value``; the value is read as TOML (numbers, booleans, strings, lists).

    A value that is not TOML (a bare word such as ``herding``) is taken as a string; one that
    opens a table, list or string and is not TOML is an error.
    """
    if "=" not in item:
        raise ConfigError(
            f"--set {item!r}: expected path.to.field=value (for example solow.alpha=0.4)."
        )
    key, raw = (s.strip() for s in item.split("=", 1))
    if not _DOTTED_PATH.fullmatch(key):
        raise ConfigError(f"--set {item!r}: {key!r} is not a dotted field path.")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError as exc:
        if raw[:1] in ("{", "[", '"', "'"):  # meant as a table, list or string: say what is wrong
            raise ConfigError(
                f"--set {item!r}: the value {raw!r} is not valid TOML ({exc}); for example "
                'solow={alpha = 0.4} or strategy.by_region={Beijing = "tailored"}.'
            ) from None
        value = raw  # a bare word: treat as a string
    return key, value


def set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    """Set ``data[k0][k1]...[kn] = value``, creating (or replacing non-table values by) tables.

    A table given for a whole section merges into the section already there (as ``extends``
    does): ``solow={alpha = 0.4}`` changes ``alpha`` and keeps the file's other ``solow``
    fields. A table-valued field inside a section is replaced whole (``strategy.by_region={}``
    clears the file's map; merging would make that impossible)."""
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    last = keys[-1]
    if len(keys) == 1 and isinstance(value, dict) and isinstance(node.get(last), dict):
        node[last] = deep_merge(node[last], value)
    else:
        node[last] = value


NOT_SETTABLE = ("extends",)
"""Keys a ``--set`` cannot change: ``extends`` is followed when the file is read, before any
override, so setting it would be silently ignored."""


def apply_overrides(
    data: dict[str, Any],
    origin: Origin,
    items: list[str],
    options: Mapping[str, tuple[str, Any]] | None = None,
) -> None:
    """Apply ``--set`` items to a document in place, recording ``"--set"`` as their origin; then
    command-line options that set one field each (``{"--end-year": ("world.end_year", 2030)}``),
    recording the option's name as the origin, so that a problem names the option.

    A key given twice (or a key and a field inside it, or a key and an option's field) and a key
    that cannot be set are errors, never silently the last or ignored."""
    seen: dict[str, str] = {}
    for item in items:
        key, value = parse_override(item)
        if key in NOT_SETTABLE:
            raise ConfigError(
                f"--set {item!r}: '{key}' cannot be set from the command line (it is read from "
                "the file before overrides apply); edit the scenario file instead."
            )
        for other, first in seen.items():
            if key == other or key.startswith(other + ".") or other.startswith(key + "."):
                raise ConfigError(
                    f"--set {item!r}: '{key}' is already set by --set {first!r}; give each "
                    "field once."
                )
        seen[key] = item
        set_path(data, key.split("."), value)
        # a section's table sets the fields it names (it merges), so each is recorded as set here
        merged = isinstance(value, dict) and "." not in key
        for field in flatten(value, key + ".") if merged else [key]:
            origin.pop(field, None)
            origin[field] = ("--set", None)
            for stale in [k for k in origin if k.startswith(field + ".") and _positional(k)]:
                del origin[stale]  # the file's entries of an array the option replaced
    for option, (key, value) in (options or {}).items():
        for other, first in seen.items():
            if key == other or key.startswith(other + "."):
                raise ConfigError(
                    f"{option} {value}: sets '{key}', which --set {first!r} sets too; give "
                    "the value once."
                )
        set_path(data, key.split("."), value)
        origin.pop(key, None)
        origin[key] = (option, None)

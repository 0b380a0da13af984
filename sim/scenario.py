"""Scenario files: the pydantic schema, ``extends`` resolution, ``--set`` overrides, clear errors.

A scenario is a TOML file. It may name a parent with ``extends = "other.toml"`` (a path relative to
the file); the child's tables are merged into the parent's recursively, so that two contrasted
scenarios differ only where they mean to. Values can be overridden from the command line with
``--set path.to.field=value``. The merged document is validated against :class:`Scenario`; any
problem becomes one :class:`ScenarioError` naming the file, the line where possible, the field
path, the bad value and what is allowed.

Every field is declared with :func:`sim.params.param` (default, unit, range, meaning, source);
``docs/parameters.md`` is generated from this module (``nqpf params``).
"""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from sim.params import Section, bounds_text, param

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(ValueError):
    """A scenario file, or an override, is not valid. The message is meant for the user as is."""


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


class RegionSpec(Section):
    """One region given explicitly (``geography = "custom"``): used by textbook scenarios."""

    name: str = param("Region", unit="-", meaning="region name, unique within the scenario")
    population: float = param(
        10.0, unit="million persons", meaning="initial resident population", gt=0
    )
    capital: float = param(30.0, unit="bn yuan", meaning="initial capital stock", ge=0)
    tfp: float = param(1.0, unit="index", meaning="initial structural TFP A_r", gt=0)
    tfp_growth: float | None = param(
        None, unit="1/year", meaning="own exogenous TFP growth (default: solow.tfp_growth)",
        ge=-0.2, le=0.5,
    )
    absorptive_capacity: float | None = param(
        None, unit="0-1", meaning="absorptive capacity h_r (default: from rd_intensity)", ge=0, le=1
    )
    rd_intensity: float = param(2.0, unit="% of GDP", meaning="R&D spending / GDP", ge=0, le=20)
    macro_region: Literal["east", "central", "west", "northeast"] = param(
        "east", unit="-", meaning="macro-region"
    )
    sci_tech_class: Literal["I", "II", "III", "IV"] = param(
        "II", unit="-", meaning="science-and-technology class (seed 001, section 2(2))"
    )
    lat: float = param(30.0, unit="degrees", meaning="latitude of the capital city", ge=-90, le=90)
    lon: float = param(110.0, unit="degrees", meaning="longitude of the capital city", ge=-180, le=180)


class World(Section):
    """Where and when: geography, start and end year."""

    geography: str = param(
        "china31",
        unit="-",
        meaning="'china31' (31 provinces from shipped data), 'synthetic:N' (N drawn regions) "
        "or 'custom' (the regions listed under [[world.regions]])",
    )
    start_year: int = param(
        2023, unit="year", meaning="first simulated year (china31: a data year 2011-2023)",
        ge=1900, le=2200,
    )
    end_year: int = param(2050, unit="year", meaning="last simulated year", ge=1900, le=3000)
    regions: list[RegionSpec] = param(
        [], unit="-", meaning="explicit regions for geography = 'custom'"
    )

    @field_validator("geography")
    @classmethod
    def _geography_known(cls, value: str) -> str:
        if value in ("china31", "custom"):
            return value
        m = re.fullmatch(r"synthetic:(\d+)", value)
        if m and 1 <= int(m.group(1)) <= 500:
            return value
        raise ValueError(
            f"unknown geography {value!r}; allowed: 'china31', 'custom', or 'synthetic:N' "
            "with 1 <= N <= 500"
        )

    @model_validator(mode="after")
    def _years_and_regions(self) -> "World":
        if self.end_year < self.start_year:
            raise ValueError(
                f"end_year ({self.end_year}) is before start_year ({self.start_year})"
            )
        if self.geography == "china31" and not 2011 <= self.start_year <= 2023:
            raise ValueError(
                f"start_year {self.start_year} has no shipped data; china31 starts in a year "
                "2011-2023"
            )
        if self.geography == "custom":
            if not self.regions:
                raise ValueError("geography = 'custom' needs at least one [[world.regions]] entry")
            names = [r.name for r in self.regions]
            if len(set(names)) != len(names):
                raise ValueError(f"region names must be unique, got {names}")
        elif self.regions:
            raise ValueError(
                f"[[world.regions]] is only read with geography = 'custom' (got {self.geography!r})"
            )
        return self


class Solow(Section):
    """The Solow core: production, depreciation, saving, exogenous drivers."""

    alpha: float = param(
        0.5, unit="-", meaning="capital share alpha in Y = A K^alpha L^(1-alpha)", gt=0, lt=1,
        source="Bai, Hsieh and Qian (2006); Zhu (2012): capital share about 0.5 for China",
    )
    delta: float = param(
        0.096, unit="1/year", meaning="depreciation rate of capital", ge=0, le=1,
        source="Zhang, Wu and Zhang (2004), 经济研究 2004(10): 9.6 % for provincial capital",
    )
    saving_rate: float = param(
        0.42, unit="share of GDP", meaning="gross saving = gross investment share of GDP",
        ge=0, le=0.95, source="NBS: gross fixed capital formation about 42 % of GDP in 2023",
        lever=True,
    )
    tfp_growth: float = param(
        0.01, unit="1/year", meaning="exogenous TFP growth of every region (before R&D, catch-up)",
        ge=-0.2, le=0.5,
        source="Zhu (2012); Brandt et al. (2020): TFP growth markedly below 3 % after 2008",
    )
    population_growth: float = param(
        -0.001, unit="1/year", meaning="natural growth of every region's population",
        ge=-0.1, le=0.1, source="NBS: national population fell 0.15 % in 2023",
    )
    labor_force_share: float = param(
        0.52, unit="workers/person", meaning="employed persons per resident (labour L = share x population)",
        gt=0, le=1, source="NBS: 740 million employed of 1410 million residents, 2023",
    )


class Technology(Section):
    """Diffusion of technology between regions (Nelson-Phelps catch-up)."""

    catch_up_rate: float = param(
        0.03, unit="1/year", meaning="phi: share of the gap to the frontier closed per year at full "
        "absorptive capacity", ge=0, le=1, lever=True,
        source="Nelson and Phelps (1966); seed 004 (diffusion by absorptive capacity)",
    )
    absorptive_scale: float = param(
        2.0, unit="% of GDP", meaning="R&D intensity at which absorptive capacity h = 1 - exp(-1)",
        gt=0, le=20, source="assumption: h = 1 - exp(-rd_intensity / scale)",
    )


class Scenario(BaseModel):
    """A fully resolved scenario: every parameter after ``extends`` and overrides."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = param("unnamed", unit="-", meaning="short name of the scenario")
    description: str = param("", unit="-", meaning="what the scenario is for")
    world: World = World()
    solow: Solow = Solow()
    technology: Technology = Technology()

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: str | Path, overrides: list[str] | None = None) -> "Scenario":
        """Load a scenario file, resolve ``extends``, apply ``--set`` overrides and validate.

        Raises
        ------
        ScenarioError
            With a message naming the file, the line (where known), the field and what is allowed.
        """
        path = Path(path)
        data, origin = _resolve(path, chain=())
        for item in overrides or []:
            key, value = _parse_override(item)
            _set_path(data, key.split("."), value)
            origin.pop(key, None)
            origin[key] = ("--set", None)
        data.setdefault("name", path.stem)
        return cls.from_dict(data, origin=origin, default_file=path)

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        origin: dict[str, tuple[str, int | None]] | None = None,
        default_file: Path | str = "<scenario>",
    ) -> "Scenario":
        """Validate a merged scenario document (as parsed from TOML)."""
        data = {k: v for k, v in data.items() if k != "extends"}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ScenarioError(_explain(exc, origin or {}, default_file)) from None

    def with_overrides(self, overrides: dict[str, Any]) -> "Scenario":
        """A copy with dotted-path overrides applied (``{"solow.alpha": 0.4}``), validated."""
        data = self.model_dump()
        for key, value in overrides.items():
            _set_path(data, key.split("."), value)
        return type(self).from_dict(data, default_file=f"<overrides of {self.name}>")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of every parameter (JSON-serialisable)."""
        return self.model_dump(mode="json")


# --------------------------------------------------------------------------------------------
# extends, overrides, provenance
# --------------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScenarioError(f"{path}: scenario file not found.")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}.") from None


def _resolve(
    path: Path, chain: tuple[Path, ...]
) -> tuple[dict[str, Any], dict[str, tuple[str, int | None]]]:
    """Read ``path`` and its ``extends`` ancestors; return the merged dict and each leaf's origin."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise ScenarioError(f"{chain[-1]}: 'extends' makes a cycle: {cycle}.")
    raw = _read_toml(path)
    lines = _key_lines(path)
    parent_name = raw.get("extends")
    if parent_name is not None:
        if not isinstance(parent_name, str):
            raise ScenarioError(
                f"{path}: field 'extends' must be a file name (a string), got {parent_name!r}."
            )
        parent = (path.parent / parent_name).resolve()
        if not parent.is_file():
            raise ScenarioError(
                f"{path}, line {lines.get('extends', '?')}: field 'extends' names {parent_name!r}, "
                f"but {parent} does not exist. 'extends' takes a path relative to the file."
            )
        base, origin = _resolve(parent, (*chain, path))
        base.pop("name", None)
        base.pop("description", None)
    else:
        base, origin = {}, {}
    for key in _leaf_paths(raw):
        origin.pop(key, None)  # re-insert so the most recent setter comes last
        origin[key] = (str(path), lines.get(key))
    return _deep_merge(base, raw), origin


def _deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """Merge ``top`` into a copy of ``base``: tables merge recursively, other values replace."""
    out = copy.deepcopy(base)
    for key, value in top.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _leaf_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            paths.extend(_leaf_paths(value, f"{path}."))
        else:
            paths.append(path)
    return paths


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"']+)\s*=")


def _key_lines(path: Path) -> dict[str, int]:
    """Map dotted key paths to the line that sets them (first occurrence), for error messages."""
    out: dict[str, int] = {}
    table = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = header.group(1).replace('"', "").strip()
            out.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).replace('"', "").replace("'", "")
            out.setdefault(f"{table}.{name}" if table else name, number)
    return out


def _parse_override(item: str) -> tuple[str, Any]:
    """Parse ``path.to.field=value``; the value is read as TOML (numbers, booleans, strings, lists)."""
    if "=" not in item:
        raise ScenarioError(
            f"--set {item!r}: expected path.to.field=value (for example solow.alpha=0.4)."
        )
    key, raw = (s.strip() for s in item.split("=", 1))
    if not re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*", key):
        raise ScenarioError(f"--set {item!r}: {key!r} is not a dotted field path.")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word: treat as a string
    return key, value


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[keys[-1]] = value


def _field_info(loc: tuple[Any, ...]) -> Any:
    """Find the pydantic FieldInfo for an error location, or None."""
    model: Any = Scenario
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        ann = info.annotation
        args = getattr(ann, "__args__", ())
        model = next(
            (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
    return info


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    model: Any = Scenario
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return []
        ann = fields[part].annotation
        args = getattr(ann, "__args__", ())
        model = next(
            (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None
        )
        if model is None:
            return []
    return sorted(getattr(model, "model_fields", {}))


def _explain(
    exc: ValidationError, origin: dict[str, tuple[str, int | None]], default_file: Path | str
) -> str:
    """Turn pydantic's errors into one paragraph per problem, naming file, line, field, allowed."""
    messages = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        dotted = ".".join(str(p) for p in loc if not isinstance(p, int))
        shown = ".".join(str(p) for p in loc) or "<root>"
        file, line = origin.get(dotted, (str(default_file), None))
        if dotted not in origin:
            # a model-level error: report the table, found from any key set below it
            for key, where in reversed(list(origin.items())):
                if key.startswith(dotted + ".") or not dotted:
                    file, line = where
                    break
        where = f"{file}, line {line}" if line else f"{file}"
        if err["type"] == "extra_forbidden":
            allowed = _allowed_fields(loc)
            text = (
                f"{where}: unknown field '{shown}'. Allowed fields here: {', '.join(allowed)}."
            )
        else:
            info = _field_info(loc)
            allowed = ""
            if info is not None and not (
                isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
            ):
                unit = (info.json_schema_extra or {}).get("unit", "")
                rng = bounds_text(info)
                typ = getattr(info.annotation, "__name__", str(info.annotation))
                allowed = f" Allowed: {typ}{(' ' + rng) if rng else ''}"
                allowed += f" [{unit}]" if unit and unit != "-" else ""
                allowed += f" ({info.description})." if info.description else "."
            value = err.get("input")
            value_text = "" if isinstance(value, dict) else f" = {value!r}"
            msg = err["msg"].removeprefix("Value error, ")
            text = f"{where}: field '{shown}'{value_text} is invalid: {msg}.{allowed}"
        messages.append(text)
    return "\n".join(messages)


def list_scenarios(root: Path = SCENARIO_DIR) -> list[Path]:
    """All scenario files under ``root`` (recursively), sorted, excluding sweep and calibration specs."""
    return sorted(
        p for p in root.rglob("*.toml") if "sweeps" not in p.parts
    )


def scenario_question(path: Path) -> str:
    """The leading comment block of a scenario file (its question), without the '#' marks."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return "\n".join(lines).strip()

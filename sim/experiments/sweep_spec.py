"""Sweep specs: what a parameter sweep runs and keeps, validated before any run starts.

A sweep spec is a TOML file (``scenarios/sweeps/*.toml``)::

    name = "herding_intensity"
    base = "../baseline.toml"          # scenario every run starts from (relative to this file)
    replicates = 4                     # seeds per design point
    master_seed = 20240601             # per-run seeds are spawned from it (SeedSequence)

    [set]                              # fixed overrides applied to every run
    "world.end_year" = 2035

    [parameters]                       # any scenario field path
    "strategy.herding_propensity" = { range = [0.0, 1.0], points = 5 }
    "finance.bank_extrapolation" = { range = [0.0, 1.0], points = 5 }

    [design]
    method = "grid"                    # grid | latin_hypercube | sobol | morris

    [metrics]                          # summary metrics, one value per run
    gdp_growth = { reduce = "mean", column = "gdp_growth", years = [2024, 2035] }

Checks, in order, each failure a :class:`SweepSpecError` naming the file, the line, the field and
what is allowed: the TOML and its schema (:class:`SweepSpec`) and the consistency of its fields;
the base scenario and ``[set]``; every parameter path and both ends of its range (or each listed
value), by building the scenario with it (:meth:`nqpf.sim.config.Scenario.with_overrides`); every
metric's column against :mod:`sim.outputs` and its years against the scenario's. Summary reducers
and metrics are declared in :mod:`sim.experiments.sweep_metrics`. Reading the TOML, line numbers
and the wording of schema errors are shared with scenarios (:mod:`nqpf.sim.config`).

``model = "ishigami"`` is a verification mode: the sweep worker evaluates the Ishigami function
(parameters ``x1``, ``x2``, ``x3``; one metric ``y``) instead of the engine, so that the sweep and
sensitivity code path can be checked against indices known in closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from nqpf.sim.config import (
    ConfigError,
    Locator,
    MessageStyle,
    Scenario,
    ScenarioError,
    StrictModel,
    explain,
    field_at,
    flatten,
    key_lines,
    other_kind,
    read_toml,
    where_in_file,
)
from nqpf.sim.experiments.sweep_checks import (
    VERIFICATION_MODELS,
    consistency_problems,
    metric_problems,
)
from nqpf.sim.experiments.sweep_metrics import MetricSpec


class SweepSpecError(ScenarioError):
    """A sweep spec is not valid. The message names file, line, field and what is allowed."""


def base_not_valid(place: str, path: Path, base: str, exc: ScenarioError) -> str:
    """The message of a ``base`` scenario that does not load (``place``: where ``path``, a sweep
    spec or policy-search config, names it): its errors, or, when the file named is another kind
    of configuration file (a sweep spec), that it is not a scenario."""
    base_path = (path.parent / base).resolve()
    try:
        kind = other_kind(read_toml(base_path))
    except ConfigError:
        kind = None
    if kind:
        named = repr(base) + ("" if str(base_path) == base else f" ({base_path})")
        return (
            f"{place}: {path} has base {named}, which is {kind}, not a scenario. 'base' takes "
            "a scenario file (like those in scenarios/)."
        )
    return f"{place}: base scenario {base!r} is not valid:\n{exc}"


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


SPEC_STYLE = MessageStyle(allowed="meaning")
"""Sweep specs' schema errors end with the field's description and range."""


class ParameterSpec(StrictModel):
    """One swept scenario field: a numeric range, or (grid only) a list of values."""

    range: tuple[float, float] | None = Field(
        None, description="[low, high], both ends included, of a numeric field"
    )
    values: list[bool | int | float | str] | None = Field(
        None, description="the values to take (design grid only)", min_length=1
    )
    points: int | None = Field(
        None,
        ge=2,
        le=10_000,
        description="grid: evenly spaced points over the range (default design.levels)",
    )

    @field_validator("range", mode="before")
    @classmethod
    def _two_ends(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and len(value) != 2:
            raise ValueError(f"range takes two numbers, [low, high]; got {len(value)}")
        return value

    @field_validator("values", mode="before")
    @classmethod
    def _finite_values(cls, value: Any) -> Any:
        if isinstance(value, list) and any(
            isinstance(v, float) and not math.isfinite(v) for v in value
        ):
            raise ValueError("values must be finite numbers, switches or texts (no nan or inf)")
        return value

    @model_validator(mode="after")
    def _range_or_values(self) -> ParameterSpec:
        if (self.range is None) == (self.values is None):
            raise ValueError("give exactly one of range = [low, high] or values = [...]")
        if self.range is not None and not self.range[0] < self.range[1]:
            raise ValueError(f"range {list(self.range)} must have low < high")
        if self.values is not None:
            if self.points is not None:
                raise ValueError("points goes with range, not with values")
            if len({repr(v) for v in self.values}) != len(self.values):
                raise ValueError(f"values {self.values} repeat an entry")
        return self


DesignMethod = Literal["grid", "latin_hypercube", "sobol", "morris"]


class DesignSpec(StrictModel):
    """How design points are drawn from the parameter ranges."""

    method: DesignMethod = Field(
        description="grid (itertools.product), latin_hypercube (scipy.stats.qmc), sobol "
        "(SALib Saltelli/Sobol sequence), morris (SALib trajectories)"
    )
    samples: int | None = Field(
        None,
        ge=1,
        le=10_000_000,
        description="latin_hypercube: points; sobol: base sample N "
        "(a power of 2; N (D + 2) points, N (2D + 2) with second_order); morris: trajectories "
        "(N (D + 1) points)",
    )
    levels: int = Field(
        4, ge=2, le=1000, description="morris: grid levels; grid: default points per range"
    )
    second_order: bool = Field(False, description="sobol: also sample for second-order indices")
    seed: int | None = Field(
        None, ge=0, description="seed of the design's random draws (default: from master_seed)"
    )


class SweepSpec(StrictModel):
    """A sweep: base scenario, parameters, design, replicates, seeds and what to keep."""

    name: str = Field("sweep", description="short name of the sweep")
    description: str = Field("", description="what the sweep asks")
    model: Literal["engine", "ishigami"] = Field(
        "engine",
        description="'engine' (the simulator) or 'ishigami' (verification: the "
        "Ishigami test function of x1, x2, x3)",
    )
    base: str | None = Field(
        None, description="base scenario file, relative to the spec (model = 'engine')"
    )
    set: dict[str, Any] = Field(
        {}, description="fixed overrides for every run, 'path.to.field' = value"
    )
    parameters: dict[str, ParameterSpec] = Field(
        min_length=1, description="swept scenario fields, 'path.to.field' = { range = [lo, hi] }"
    )
    design: DesignSpec
    replicates: int = Field(1, ge=1, le=100_000, description="runs (seeds) per design point")
    master_seed: int = Field(0, ge=0, description="seed from which every run's seed is spawned")
    common_random_numbers: bool = Field(
        True, description="replicate r uses the same seed at every design point"
    )
    metrics: dict[str, MetricSpec] = Field({}, description="summary metrics kept per run")
    time_series: bool = Field(False, description="also keep every run's national table")


# --------------------------------------------------------------------------------------------
# A loaded, cross-checked sweep
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A swept field after checks: its path, range or values, and the type runs receive."""

    path: str
    low: float | None
    high: float | None
    values: tuple[Any, ...] | None
    points: int | None
    kind: Literal["float", "int", "bool", "str"]

    def cast(self, value: Any) -> Any:
        """The value as the scenario field takes it (integers rounded, floats as float)."""
        if self.kind == "int":
            return int(round(float(value)))
        if self.kind == "float":
            return float(value)
        return value


@dataclass(frozen=True)
class Sweep:
    """A validated sweep spec with its base scenario resolved."""

    spec: SweepSpec
    path: Path
    scenario: Scenario | None
    """Base scenario after ``[set]`` (None for verification models)."""
    parameters: tuple[Parameter, ...]
    fixed: dict[str, Any]
    """The ``[set]`` overrides as dotted paths."""


def load_sweep(path: str | Path) -> Sweep:
    """Read, validate and cross-check a sweep spec; raise :class:`SweepSpecError` on any problem."""
    path = Path(path)
    try:
        raw = read_toml(path, what="sweep spec")
    except ConfigError as exc:
        raise SweepSpecError(str(exc)) from None
    where = where_in_file(path, key_lines(path))
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as exc:
        raise SweepSpecError(explain(exc, SweepSpec, where, SPEC_STYLE)) from None
    problems = [f"{where(loc)}: {msg}." for loc, msg in consistency_problems(spec)]
    if problems:
        raise SweepSpecError("\n".join(problems))
    if spec.model != "engine":
        params = tuple(
            Parameter(p, *spec.parameters[p].range, None, None, "float")
            for p in VERIFICATION_MODELS[spec.model][0]
        )
        return Sweep(spec, path, None, params, {})

    base_path = (path.parent / spec.base).resolve()
    if not base_path.is_file():
        found = "is a folder" if base_path.is_dir() else "does not exist"
        raise SweepSpecError(
            f"{where('base')}: field 'base' names {spec.base!r}, but {base_path} "
            f"{found}. 'base' takes a scenario file's path relative to the spec."
        )
    try:
        scenario = Scenario.load(base_path)
    except ScenarioError as exc:
        raise SweepSpecError(base_not_valid(where("base"), path, spec.base, exc)) from None
    fixed = flatten(spec.set)
    try:
        scenario = scenario.with_overrides(fixed)
    except ScenarioError as exc:
        problems.append(
            f"{where('set')}: [set] is not valid for the base scenario: {_strip_origin(exc)}"
        )
    params = []
    for name, pspec in spec.parameters.items():
        param, found = check_parameter(
            name, pspec, scenario, fixed, where, f"parameters.{name}", "with design method 'grid'"
        )
        problems += found
        if param is not None:
            params.append(param)
    problems += metric_problems(spec, scenario, where)
    if problems:
        raise SweepSpecError("\n".join(problems))
    return Sweep(spec, path, scenario, tuple(params), fixed)


def check_parameter(
    name: str,
    pspec: ParameterSpec,
    scenario: Scenario,
    fixed: dict[str, Any],
    where: Locator,
    loc: str,
    values_hint: str = "",
) -> tuple[Parameter | None, list[str]]:
    """A varied scenario field checked against the base scenario: not also fixed in ``[set]``, a
    range only on a numeric field, and both ends of the range (or each listed value) valid, probed
    by building the scenario with it. Returns the parameter (None when it cannot be used) and the
    problems found, each naming file, line and field (sweeps' parameters, policy levers and
    uncertain parameters)."""
    if name in fixed:
        return None, [
            f"{where(loc)}: parameter '{name}' is also fixed in [set]; remove it from one of them"
        ]
    ann = getattr(field_at(Scenario, tuple(name.split("."))), "annotation", None)
    if isinstance(ann, type) and issubclass(ann, BaseModel):  # a section such as [strategy]
        example = ", ".join(f"'{name}.{f}'" for f in list(ann.model_fields)[:3])
        return None, [
            f"{where(loc)}: parameter '{name}' names a section of the scenario, not a field; "
            f"vary one of its fields, e.g. {example}"
        ]
    kind = _kind_of(ann, pspec)
    if pspec.range is not None and kind not in ("float", "int"):
        return None, [
            f"{where(loc)}: parameter '{name}' is a {kind} field; a range needs "
            f"a numeric field. Use values = [...]{' ' + values_hint if values_hint else ''}."
        ]
    probes = (
        [("lower end", pspec.range[0]), ("upper end", pspec.range[1])]
        if pspec.range is not None
        else [("value", v) for v in pspec.values]
    )
    problems = []
    for label, value in probes:
        cast = _as_number(value) if kind in ("float", "int") else value
        if cast is None:
            problems.append(
                f"{where(loc)}: parameter '{name}', {label} {value!r}: a {kind} field takes "
                "numbers only"
            )
            break
        value = Parameter(name, None, None, None, None, kind).cast(cast)
        try:
            scenario.with_overrides({name: value})
        except ScenarioError as exc:
            problems.append(
                f"{where(loc)}: parameter '{name}', {label} {value!r}: {_strip_origin(exc)}"
            )
            break
    low, high = pspec.range if pspec.range is not None else (None, None)
    values = tuple(pspec.values) if pspec.values is not None else None
    return Parameter(name, low, high, values, pspec.points, kind), problems


def _as_number(value: Any) -> float | int | None:
    """``value`` where a number field may take it, None where it may not: ``true`` or ``"0.3"``
    for a number is a slip (scenario files refuse it too), not a value to convert."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _kind_of(ann: Any, pspec: ParameterSpec) -> Literal["float", "int", "bool", "str"]:
    """The type runs pass for a field of schema annotation ``ann``: from the scenario schema; for
    free-form fields (``industries.*``, ``ann`` None) from the range (float) or the listed
    values."""
    for typ, kind in ((bool, "bool"), (int, "int"), (float, "float"), (str, "str")):
        if ann is typ:
            return kind
    if ann is not None:  # a Literal or a table: not a number
        return "str"
    listed = pspec.values or []
    if pspec.range is not None:
        return "float"
    if all(isinstance(v, bool) for v in listed):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in listed):
        return "int"
    return "str" if any(isinstance(v, str) for v in listed) else "float"


def _strip_origin(exc: ScenarioError) -> str:
    """Drop the '<overrides of ...>: ' prefix that Scenario.with_overrides puts on its messages."""
    return "; ".join(line.split(">: ", 1)[-1] for line in str(exc).splitlines())

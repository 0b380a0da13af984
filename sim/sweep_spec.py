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
metric's column against :mod:`sim.outputs` and its years against the scenario's. Summary reducers are declared once, in
:data:`REDUCERS`, with the words that describe them in the manifest and the docs.

``model = "ishigami"`` is a verification mode: the sweep worker evaluates the Ishigami function
(parameters ``x1``, ``x2``, ``x3``; one metric ``y``) instead of the engine, so that the sweep and
sensitivity code path can be checked against indices known in closed form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nqpf.sim.outputs import columns_of, unit_of
from nqpf.sim.config import bounds_text
from nqpf.sim.config.scenario import Scenario, ScenarioError, _field_info, _key_lines, _read_toml


class SweepSpecError(ScenarioError):
    """A sweep spec is not valid. The message names file, line, field and what is allowed."""


# --------------------------------------------------------------------------------------------
# Summary reducers: declared once (name, words, function of one national column over years)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reducer:
    """How a run's yearly series becomes one number."""

    words: str
    """Template of the description, e.g. ``mean of national.{column} over {y0}-{y1}``."""
    fn: Callable[[pd.Series], float]
    """Function of the column restricted to the metric's years, indexed by year."""
    keeps_unit: bool = True
    """Whether the result has the column's unit (False for growth rates)."""


def _nan_or(series: pd.Series, fn: Callable[[np.ndarray], float]) -> float:
    values = series.to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    return float(fn(values)) if values.size else float("nan")


def _growth(s: pd.Series) -> float:
    """Compound yearly growth between the first and last year: (x1 / x0)^(1/(y1 - y0)) - 1."""
    if len(s) < 2 or s.iloc[0] <= 0 or s.iloc[-1] < 0:
        return float("nan")
    return float((s.iloc[-1] / s.iloc[0]) ** (1.0 / (s.index[-1] - s.index[0])) - 1.0)


REDUCERS: dict[str, Reducer] = {
    "mean": Reducer("mean of national.{column} over {y0}-{y1}", lambda s: _nan_or(s, np.mean)),
    "min": Reducer("min of national.{column} over {y0}-{y1}", lambda s: _nan_or(s, np.min)),
    "max": Reducer("max of national.{column} over {y0}-{y1}", lambda s: _nan_or(s, np.max)),
    "sum": Reducer("sum of national.{column} over {y0}-{y1}", lambda s: _nan_or(s, np.sum)),
    "value": Reducer("value of national.{column} in {y1}",
                     lambda s: float(s.iloc[-1]) if len(s) else float("nan")),
    "change": Reducer("national.{column} in {y1} minus in {y0}",
                      lambda s: float(s.iloc[-1] - s.iloc[0]) if len(s) else float("nan")),
    "growth": Reducer("compound yearly growth of national.{column} from {y0} to {y1}", _growth,
                      keeps_unit=False),
}
ReducerName = Literal["mean", "min", "max", "sum", "value", "change", "growth"]
assert set(ReducerName.__args__) == set(REDUCERS)  # the Literal mirrors the registry


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParameterSpec(_Strict):
    """One swept scenario field: a numeric range, or (grid only) a list of values."""

    range: tuple[float, float] | None = Field(
        None, description="[low, high], both ends included, of a numeric field")
    values: list[bool | int | float | str] | None = Field(
        None, description="the values to take (design grid only)", min_length=1)
    points: int | None = Field(
        None, ge=2, le=10_000, description="grid: evenly spaced points over the range "
        "(default design.levels)")

    @model_validator(mode="after")
    def _range_or_values(self) -> "ParameterSpec":
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


class DesignSpec(_Strict):
    """How design points are drawn from the parameter ranges."""

    method: DesignMethod = Field(
        description="grid (itertools.product), latin_hypercube (scipy.stats.qmc), sobol "
        "(SALib Saltelli/Sobol sequence), morris (SALib trajectories)")
    samples: int | None = Field(
        None, ge=1, le=10_000_000, description="latin_hypercube: points; sobol: base sample N "
        "(a power of 2; N (D + 2) points, N (2D + 2) with second_order); morris: trajectories "
        "(N (D + 1) points)")
    levels: int = Field(
        4, ge=2, le=1000, description="morris: grid levels; grid: default points per range")
    second_order: bool = Field(False, description="sobol: also sample for second-order indices")
    seed: int | None = Field(
        None, ge=0, description="seed of the design's random draws (default: from master_seed)")


class MetricSpec(_Strict):
    """One summary metric: a reducer over a national column, optionally within years."""

    reduce: ReducerName = Field(description="how the yearly values become one number")
    column: str = Field(description="a column of the national table (docs/outputs.md)")
    years: tuple[int, int] | None = Field(
        None, description="[first, last] year, both included (default: the whole run)")
    year: int | None = Field(None, description="the year, for reduce = 'value'")

    @model_validator(mode="after")
    def _years(self) -> "MetricSpec":
        if self.year is not None and self.years is not None:
            raise ValueError("give year or years, not both")
        if self.year is not None and self.reduce != "value":
            raise ValueError(f"year goes with reduce = 'value'; use years = [first, last] "
                             f"with reduce = {self.reduce!r}")
        if self.years is not None and self.years[0] > self.years[1]:
            raise ValueError(f"years {list(self.years)} must have first <= last")
        return self

    def span(self) -> tuple[int | None, int | None]:
        """(first, last) year the metric reads; None where the run's own start or end applies."""
        if self.year is not None:
            return self.year, self.year
        if self.years is not None:
            return self.years
        return None, None

    def describe(self) -> str:
        """The metric in words, e.g. 'mean of national.gdp_growth over 2024-2035'."""
        y0, y1 = self.span()
        words = REDUCERS[self.reduce].words
        if self.reduce == "value" and y1 is None:
            words = "value of national.{column} in the last year"
        return words.format(column=self.column, y0=y0 or "start", y1=y1 or "end")

    def unit(self) -> str:
        if not REDUCERS[self.reduce].keeps_unit:
            return "1/year"
        try:
            return unit_of("national", self.column)
        except KeyError:
            return "-"

    def evaluate(self, national: pd.DataFrame) -> float:
        """The metric of one run's national table; NaN when the column or the years are absent."""
        if self.column not in national.columns:
            return float("nan")
        series = pd.Series(national[self.column].to_numpy(dtype=float),
                           index=national["year"].to_numpy())
        y0, y1 = self.span()
        if y0 is not None:
            series = series[(series.index >= y0) & (series.index <= y1)]
            if self.reduce in ("value", "change", "growth") and (
                    series.empty or series.index[0] != y0 or series.index[-1] != y1):
                return float("nan")
        return REDUCERS[self.reduce].fn(series)


VERIFICATION_MODELS = {"ishigami": (("x1", "x2", "x3"), ("y",))}
"""Analytic test functions a sweep can run instead of the engine: parameter names, metric names."""


class SweepSpec(_Strict):
    """A sweep: base scenario, parameters, design, replicates, seeds and what to keep."""

    name: str = Field("sweep", description="short name of the sweep")
    description: str = Field("", description="what the sweep asks")
    model: Literal["engine", "ishigami"] = Field(
        "engine", description="'engine' (the simulator) or 'ishigami' (verification: the "
        "Ishigami test function of x1, x2, x3)")
    base: str | None = Field(
        None, description="base scenario file, relative to the spec (model = 'engine')")
    set: dict[str, Any] = Field(
        {}, description="fixed overrides for every run, 'path.to.field' = value")
    parameters: dict[str, ParameterSpec] = Field(
        min_length=1, description="swept scenario fields, 'path.to.field' = { range = [lo, hi] }")
    design: DesignSpec
    replicates: int = Field(1, ge=1, le=100_000, description="runs (seeds) per design point")
    master_seed: int = Field(0, ge=0, description="seed from which every run's seed is spawned")
    common_random_numbers: bool = Field(
        True, description="replicate r uses the same seed at every design point")
    metrics: dict[str, MetricSpec] = Field({}, description="summary metrics kept per run")
    time_series: bool = Field(False, description="also keep every run's national table")


def _consistency(spec: SweepSpec) -> list[tuple[str, str]]:
    """Problems between fields of a schema-valid spec, as (location, message) pairs."""
    problems: list[tuple[str, str]] = []
    design = spec.design
    method = design.method
    if method == "grid":
        if design.samples is not None:
            problems.append(("design.samples", "design.samples is not used by grid; set points "
                             "per parameter or design.levels"))
    else:
        if design.samples is None:
            problems.append(("design", f"design method {method!r} needs design.samples"))
        for path, pspec in spec.parameters.items():
            if pspec.values is not None:
                problems.append((f"parameters.{path}", f"design method {method!r} needs range = "
                                 f"[low, high] for every parameter; {path!r} gives values "
                                 "(allowed with grid only)"))
    if method == "sobol" and design.samples and design.samples & (design.samples - 1):
        problems.append(("design.samples", f"sobol needs design.samples a power of 2 (e.g. 64, "
                         f"128, 256), got {design.samples}"))
    if method == "morris" and design.samples is not None and design.samples < 2:
        problems.append(("design.samples", "morris needs design.samples >= 2 trajectories "
                         "(sigma needs two)"))
    if design.second_order and method != "sobol":
        problems.append(("design.second_order", "design.second_order goes with method = 'sobol'"))
    if spec.model == "engine":
        if spec.base is None:
            problems.append(("", "model = 'engine' needs base = \"scenario.toml\""))
        if not spec.metrics and not spec.time_series:
            problems.append(("", "keep something: at least one [metrics] entry or "
                             "time_series = true"))
    else:
        names, _ = VERIFICATION_MODELS[spec.model]
        if sorted(spec.parameters) != sorted(names):
            problems.append(("parameters", f"model {spec.model!r} takes parameters "
                             f"{list(names)}, got {list(spec.parameters)}"))
        if spec.base or spec.set or spec.metrics or spec.time_series:
            problems.append(("model", f"model {spec.model!r} takes no base, set, metrics or "
                             "time_series (its metric is 'y')"))
    reserved = {"run_id", "point", "replicate", "seed", "status", "error", "wall_time_s"}
    for section, names in (("metrics", spec.metrics), ("parameters", spec.parameters)):
        for name in names:
            if name in reserved or (section == "metrics" and name in spec.parameters):
                problems.append((f"{section}.{name}", f"name {name!r} is taken; metric and "
                                 f"parameter names must differ from each other and from "
                                 f"{sorted(reserved)}"))
    return problems


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
        raw = _read_toml(path)
    except ScenarioError as exc:
        raise SweepSpecError(str(exc).replace("scenario file", "sweep spec")) from None
    lines = _key_lines(path)
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as exc:
        raise SweepSpecError(_explain(exc, path, lines)) from None
    where = _where(path, lines)
    problems = [f"{where(loc)}: {msg}." for loc, msg in _consistency(spec)]
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
        raise SweepSpecError(f"{where('base')}: field 'base' names {spec.base!r}, but {base_path} "
                             "does not exist. 'base' takes a scenario path relative to the spec.")
    try:
        scenario = Scenario.load(base_path)
    except ScenarioError as exc:
        raise SweepSpecError(
            f"{where('base')}: base scenario {spec.base!r} is not valid:\n{exc}") from None
    fixed = _flatten(spec.set)
    try:
        scenario = scenario.with_overrides(fixed)
    except ScenarioError as exc:
        problems.append(f"{where('set')}: [set] is not valid for the base scenario: "
                        f"{_strip_origin(exc)}")
    params = []
    for name, pspec in spec.parameters.items():
        loc = f"parameters.{name}"
        if name in fixed:
            problems.append(f"{where(loc)}: parameter '{name}' is also fixed in [set]; "
                            "remove it from one of them")
            continue
        kind = _kind_of(name, pspec)
        if pspec.range is not None and kind not in ("float", "int"):
            problems.append(f"{where(loc)}: parameter '{name}' is a {kind} field; a range needs "
                            "a numeric field. Use values = [...] with design method 'grid'.")
            continue
        probes = ([("lower end", pspec.range[0]), ("upper end", pspec.range[1])]
                  if pspec.range is not None else [("value", v) for v in pspec.values])
        for label, value in probes:
            value = Parameter(name, None, None, None, None, kind).cast(value)
            try:
                scenario.with_overrides({name: value})
            except ScenarioError as exc:
                problems.append(f"{where(loc)}: parameter '{name}', {label} {value!r}: "
                                f"{_strip_origin(exc)}")
                break
        low, high = pspec.range if pspec.range is not None else (None, None)
        values = tuple(pspec.values) if pspec.values is not None else None
        params.append(Parameter(name, low, high, values, pspec.points, kind))
    problems += _check_metrics(spec, scenario, where)
    if problems:
        raise SweepSpecError("\n".join(problems))
    return Sweep(spec, path, scenario, tuple(params), fixed)


def _check_metrics(spec: SweepSpec, scenario: Scenario, where: Callable[[str], str]) -> list[str]:
    """Metric columns exist in the national table; metric years lie within the run."""
    problems = []
    known = columns_of("national")
    first, last = scenario.world.start_year, scenario.world.end_year
    for name, metric in spec.metrics.items():
        loc = f"metrics.{name}"
        if metric.column not in known:
            problems.append(f"{where(loc)}: metric '{name}': column {metric.column!r} is not in "
                            f"the national table. Allowed: {', '.join(known)}.")
        y0, y1 = metric.span()
        for year in (y0, y1):
            if year is not None and not first <= year <= last:
                problems.append(f"{where(loc)}: metric '{name}': year {year} is outside the "
                                f"runs' years {first}-{last}.")
                break
    return problems


def _kind_of(path: str, pspec: ParameterSpec) -> Literal["float", "int", "bool", "str"]:
    """The type runs pass for a field: from the scenario schema; for free-form fields
    (``industries.*``) from the range (float) or the listed values."""
    ann = getattr(_field_info(tuple(path.split("."))), "annotation", None)
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


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"world": {"end_year": 2030}, "solow.alpha": 0.4}`` -> dotted paths to leaf values."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _strip_origin(exc: ScenarioError) -> str:
    """Drop the '<overrides of ...>: ' prefix that Scenario.with_overrides puts on its messages."""
    return "; ".join(line.split(">: ", 1)[-1] for line in str(exc).splitlines())


def _where(path: Path, lines: dict[str, int]) -> Callable[[str], str]:
    """'file, line N' for a dotted location, using the line of its nearest enclosing key."""

    def where(dotted: str) -> str:
        parts = dotted.split(".")
        for n in range(len(parts), 0, -1):
            line = lines.get(".".join(parts[:n]))
            if line:
                return f"{path}, line {line}"
        return str(path)

    return where


def _explain(exc: ValidationError, path: Path, lines: dict[str, int]) -> str:
    """One line per schema problem: file, line, field, value, and what the field allows."""
    where = _where(path, lines)
    messages = []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        shown = ".".join(loc) or "<root>"
        info, siblings = _spec_field(loc)
        if err["type"] == "extra_forbidden":
            messages.append(f"{where(shown)}: unknown field '{shown}'. Allowed fields here: "
                            f"{', '.join(siblings)}.")
            continue
        allowed = ""
        if info is not None and info.description:
            rng = bounds_text(info)
            allowed = f" Allowed: {info.description}{' (' + rng + ')' if rng else ''}."
        value = err.get("input")
        value_text = "" if isinstance(value, dict) or err["type"] == "missing" else f" = {value!r}"
        msg = err["msg"].removeprefix("Value error, ")
        messages.append(f"{where(shown)}: field '{shown}'{value_text} is invalid: {msg}.{allowed}")
    return "\n".join(messages)


def _spec_field(loc: tuple[str, ...]) -> tuple[Any, list[str]]:
    """The FieldInfo at a spec location and the field names allowed beside it."""
    model: Any = SweepSpec
    info = None
    siblings = sorted(SweepSpec.model_fields)
    keyed = False  # the previous part was a dict field: this part is a free key
    for part in loc:
        if keyed:
            keyed = False
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None, sorted(fields or {}) or siblings
        siblings = sorted(fields)
        info = fields[part]
        ann = info.annotation
        args = getattr(ann, "__args__", ())
        inner = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
                     None)
        keyed = getattr(ann, "__origin__", None) is dict
        model = inner
    return info, (sorted(model.model_fields) if model is not None else siblings)

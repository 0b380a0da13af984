"""Policy-search configs: levers, objectives, uncertainty ensemble and budget, validated up front.

A policy search is a TOML file (``scenarios/policy/*.toml``)::

    name = "policy_mix"
    base = "../herding.toml"           # scenario every run starts from (relative to this file)
    master_seed = 20261202             # run seeds, the ensemble and the sampler derive from it
    seeds = 2                          # replicates per state of the world (common random numbers)

    [set]                              # fixed overrides for every run
    "world.end_year" = 2035

    [levers]                           # what the search chooses: a range or a list of values
    "central.coordination" = { range = [0.0, 1.0] }
    "central.capacity_controls" = { values = [false, true] }

    [derived]                          # optional: national columns computed from others
    consumption = "gdp * (1 - saving_rate)"

    [objectives]                       # a sweep metric (sweep_metrics.MetricSpec) + a direction
    gdp_growth = { reduce = "growth", column = "gdp", years = [2024, 2035], direction = "maximize" }

    [uncertainty]                      # states of the world, drawn once with a seeded sampler
    states = 16
    method = "sobol"                   # sobol | latin_hypercube (scipy.stats.qmc)
    [uncertainty.parameters]
    "government.upgrade_return" = { range = [0.0, 0.08] }

    [search]
    sampler = "nsga2"                  # nsga2 | tpe | random (optuna)
    score = "expected"                 # expected | worst_decile: what the sampler optimises
    trials = 64                        # candidate policies
    batch = 16                         # candidates asked and evaluated together

    [quick]                            # --quick: a smaller budget (any of trials, batch, states, seeds)
    trials = 8

    [discovery]                        # optional: PRIM on the failures of given policies
    scenarios = ["../herding.toml"]
    front_points = 3                   # the front points best on the failure objective
    beating_base = 5                   # the front points that beat the base policy (at most 5)
    states = 64
    failure = { objective = "gdp_growth", worse_than = 0.03 }

Levers and uncertain parameters are checked as a sweep's parameters are (the same probes and
messages, :mod:`~nqpf.sim.experiments.sweep_spec`): each end of a range and each listed value
must be valid for the base scenario. Objectives are checked as sweep metrics
(:func:`~nqpf.sim.experiments.sweep_checks.metric_problems`), with derived columns allowed.
Errors raise :class:`PolicySpecError` naming file, line, field and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, ValidationError

from nqpf.sim.config import (
    ConfigError,
    Scenario,
    ScenarioError,
    StrictModel,
    explain,
    flatten,
    key_lines,
    read_toml,
    where_in_file,
)
from nqpf.sim.experiments.batch import spawn_seeds
from nqpf.sim.experiments.sweep_checks import metric_problems
from nqpf.sim.experiments.sweep_metrics import MetricSpec
from nqpf.sim.experiments.sweep_spec import (
    SPEC_STYLE,
    Parameter,
    ParameterSpec,
    _strip_origin,
    base_not_valid,
    check_parameter,
)
from nqpf.sim.outputs import columns_of


class PolicySpecError(ScenarioError):
    """A policy-search config is not valid. The message names file, line, field and what is allowed."""


class ObjectiveSpec(MetricSpec):
    """One objective: a summary metric of a run's national table and the direction that is better."""

    direction: Literal["maximize", "minimize"] = Field(description="which way is better")


class UncertaintySpec(StrictModel):
    """The ensemble of states of the world every candidate is evaluated on."""

    states: int = Field(ge=1, le=100_000, description="states of the world (ensemble size)")
    method: Literal["sobol", "latin_hypercube"] = Field(
        "sobol", description="scipy.stats.qmc sampler of the states (scrambled, seeded)"
    )
    parameters: dict[str, ParameterSpec] = Field(
        {}, description="uncertain scenario fields, 'path.to.field' = { range = [lo, hi] }"
    )


class SearchSpec(StrictModel):
    """The optimiser and its budget."""

    sampler: Literal["nsga2", "tpe", "random"] = Field(
        "nsga2", description="optuna sampler: NSGAIISampler, TPESampler or RandomSampler"
    )
    score: Literal["expected", "worst_decile"] = Field(
        "expected", description="what the sampler optimises per objective over the ensemble"
    )
    trials: int = Field(64, ge=1, le=1_000_000, description="candidate policies in all")
    batch: int = Field(16, ge=2, le=10_000, description="candidates asked and evaluated together")
    seed: int | None = Field(None, ge=0, description="sampler seed (default: from master_seed)")


class QuickSpec(StrictModel):
    """The smaller budget of ``--quick``."""

    trials: int | None = Field(None, ge=1, le=1_000_000, description="candidate policies")
    batch: int | None = Field(None, ge=2, le=10_000, description="candidates per batch")
    states: int | None = Field(None, ge=1, le=100_000, description="states of the world")
    seeds: int | None = Field(None, ge=1, le=1000, description="replicates per state")
    discovery_states: int | None = Field(
        None, ge=8, le=100_000, description="states of the discovery ensemble"
    )


class FailureRule(StrictModel):
    """A policy fails in a state of the world when an objective is worse than a threshold."""

    objective: str = Field(description="an objective's name")
    worse_than: float = Field(description="threshold: below it (maximize) or above (minimize)")


class DiscoverySpec(StrictModel):
    """Scenario discovery with PRIM: where in the ensemble a policy fails."""

    scenarios: list[str] = Field(
        [], description="scenario files (relative to this file) evaluated as they are"
    )
    front_points: int = Field(3, ge=0, le=100, description="best front points analysed too")
    beating_base: int = Field(
        0,
        ge=0,
        le=100,
        description="front points that beat the base policy on every objective (expected value "
        "or worst decile) analysed too, at most this many",
    )
    states: int = Field(64, ge=8, le=100_000, description="states of the discovery ensemble")
    failure: FailureRule
    min_density: float = Field(
        0.8,
        gt=0,
        le=1,
        description="PRIM box: the widest box with at least this density (the densest of equally wide ones)",
    )


class PolicySearchSpec(StrictModel):
    """A policy search: base scenario, levers, objectives, ensemble, seeds and budget."""

    name: str = Field("policy_search", description="short name of the search")
    description: str = Field("", description="what the search asks")
    base: str = Field(description="base scenario file, relative to this file")
    master_seed: int = Field(0, ge=0, description="seed of run seeds, ensemble and sampler")
    seeds: int = Field(1, ge=1, le=1000, description="replicates (run seeds) per state")
    set: dict[str, Any] = Field({}, description="fixed overrides, 'path.to.field' = value")
    levers: dict[str, ParameterSpec] = Field(
        min_length=1, description="policy levers, 'path.to.field' = { range | values }"
    )
    derived: dict[str, str] = Field(
        {}, description="columns computed from the national table, name = 'expression'"
    )
    objectives: dict[str, ObjectiveSpec] = Field(min_length=1, description="what is scored")
    uncertainty: UncertaintySpec
    search: SearchSpec = SearchSpec()
    quick: QuickSpec = QuickSpec()
    discovery: DiscoverySpec | None = None


@dataclass(frozen=True)
class PolicySearch:
    """A validated policy search with its base scenario, ensemble and seeds resolved."""

    spec: PolicySearchSpec
    path: Path
    scenario: Scenario
    """Base scenario after ``[set]``."""
    fixed: dict[str, Any]
    levers: tuple[Parameter, ...]
    uncertain: tuple[Parameter, ...]
    states: pd.DataFrame
    """One row per state of the world: the uncertain parameters' values."""
    run_seeds: tuple[int, ...]
    trials: int
    batch: int
    quick: bool = False

    def sampler_seed(self) -> int:
        """The optimiser's seed: ``search.seed`` or one drawn from the master seed."""
        if self.spec.search.seed is not None:
            return self.spec.search.seed
        return int(np.random.SeedSequence([self.spec.master_seed, 1]).generate_state(1)[0])


def draw_states(params: tuple[Parameter, ...], n: int, method: str, seed: int) -> pd.DataFrame:
    """``n`` states of the world: scrambled Sobol or Latin hypercube points (scipy.stats.qmc,
    seeded) scaled to each parameter's range. Without uncertain parameters, one empty state."""
    if not params:
        return pd.DataFrame(index=pd.RangeIndex(1, name="state"))
    from scipy.stats import qmc

    rng = np.random.default_rng(seed)
    if method == "sobol":
        sampler = qmc.Sobol(d=len(params), scramble=True, rng=rng)
        unit = sampler.random(n)  # any n (a power of 2 keeps the balance best)
    else:
        unit = qmc.LatinHypercube(d=len(params), rng=rng).random(n)
    values = qmc.scale(unit, [p.low for p in params], [p.high for p in params])
    frame = pd.DataFrame({p.path: [p.cast(v) for v in values[:, i]] for i, p in enumerate(params)})
    frame.index.name = "state"
    return frame


def load_policy_search(path: str | Path, *, quick: bool = False) -> PolicySearch:
    """Read, validate and cross-check a policy-search config (:class:`PolicySpecError`)."""
    path = Path(path)
    try:
        raw = read_toml(path, what="policy-search config")
    except ConfigError as exc:
        raise PolicySpecError(str(exc)) from None
    where = where_in_file(path, key_lines(path))
    try:
        spec = PolicySearchSpec.model_validate(raw)
    except ValidationError as exc:
        raise PolicySpecError(explain(exc, PolicySearchSpec, where, SPEC_STYLE)) from None
    base_path = (path.parent / spec.base).resolve()
    if not base_path.is_file():
        raise PolicySpecError(
            f"{where('base')}: field 'base' names {spec.base!r}, but {base_path} does not "
            "exist. 'base' takes a scenario path relative to the config."
        )
    try:
        scenario = Scenario.load(base_path)
    except ScenarioError as exc:
        raise PolicySpecError(base_not_valid(where("base"), path, spec.base, exc)) from None
    problems: list[str] = []
    fixed = flatten(spec.set)
    try:
        scenario = scenario.with_overrides(fixed)
    except ScenarioError as exc:
        raise PolicySpecError(f"{where('set')}: [set] is not valid: {_strip_origin(exc)}") from None
    levers = _parameters(spec.levers, "levers", scenario, fixed, where, problems, ranged=False)
    uncertain = _parameters(
        spec.uncertainty.parameters, "uncertainty.parameters", scenario, fixed, where, problems
    )
    for p in set(spec.levers) & set(spec.uncertainty.parameters):
        problems.append(f"{where('levers.' + p)}: '{p}' is both a lever and uncertain; choose one")
    problems += _objective_problems(spec, scenario, where, path)
    if problems:
        raise PolicySpecError("\n".join(problems))
    q = spec.quick if quick else QuickSpec()
    trials, batch = q.trials or spec.search.trials, q.batch or spec.search.batch
    n_states, n_seeds = q.states or spec.uncertainty.states, q.seeds or spec.seeds
    state_seed = int(np.random.SeedSequence([spec.master_seed, 2]).generate_state(1)[0])
    states = draw_states(uncertain, n_states, spec.uncertainty.method, state_seed)
    run_seeds = tuple(spawn_seeds(spec.master_seed, n_seeds))
    return PolicySearch(
        spec, path, scenario, fixed, levers, uncertain, states, run_seeds, trials, batch, quick
    )


def _parameters(
    entries: dict[str, ParameterSpec],
    section: str,
    scenario: Scenario,
    fixed: dict[str, Any],
    where: Any,
    problems: list[str],
    *,
    ranged: bool = True,
) -> tuple[Parameter, ...]:
    """Levers or uncertain parameters, each end of a range and each value probed on the base
    scenario (the sweep's checks and wording)."""
    out = []
    for name, pspec in entries.items():
        loc = f"{section}.{name}"
        if pspec.points is not None:
            problems.append(f"{where(loc)}: 'points' is not used here; give range or values")
            continue
        if ranged and pspec.range is None:
            problems.append(f"{where(loc)}: '{name}' needs range = [low, high] (a sampled range)")
            continue
        param, found = check_parameter(name, pspec, scenario, fixed, where, loc)
        problems += found
        if param is not None:
            out.append(param)
    return tuple(out)


def _objective_problems(
    spec: PolicySearchSpec, scenario: Scenario, where: Any, path: Path
) -> list[str]:
    """Derived expressions evaluate on the national columns; objectives name known columns and
    years inside the runs (the sweep's metric checks); the failure rule names an objective."""
    problems = []
    probe = pd.DataFrame({c: [1.0, 2.0] for c in columns_of("national")})
    for name, expression in spec.derived.items():
        if name in probe.columns:
            problems.append(f"{where('derived.' + name)}: '{name}' is already a national column")
            continue
        try:
            probe[name] = derive(probe, {name: expression})[name]
        except Exception as exc:  # noqa: BLE001 - pandas' parser raises many kinds
            problems.append(
                f"{where('derived.' + name)}: derived column '{name}': {expression!r} cannot be evaluated on "
                f"the national table ({type(exc).__name__}: {exc}). Use national columns "
                "(docs/outputs.md), numbers and + - * / ** ( )."
            )

    class _Metrics:  # what metric_problems reads: the metrics of a spec
        metrics = {k: v for k, v in spec.objectives.items() if v.column not in spec.derived}

    def where_objective(loc: str) -> str:  # metric_problems locates 'metrics.<name>'
        return where(loc.replace("metrics.", "objectives.", 1))

    problems += metric_problems(_Metrics, scenario, where_objective)  # type: ignore[arg-type]
    for name, objective in spec.objectives.items():
        if objective.column in spec.derived:
            y0, y1 = objective.span()
            bad = [y for y in (y0, y1) if y is not None and not _in_run(y, scenario)]
            if bad:
                problems.append(f"{where('objectives.' + name)}: year {bad[0]} is outside the runs")
    problems = [p.replace("metric '", "objective '") for p in problems]
    d = spec.discovery
    if d is not None and d.failure.objective not in spec.objectives:
        problems.append(
            f"{where('discovery.failure')}: discovery.failure: objective "
            f"{d.failure.objective!r} is not one of "
            f"[objectives]: {', '.join(spec.objectives)}"
        )
    if d is not None:
        for file in d.scenarios:
            if not (path.parent / file).is_file():
                problems.append(f"{where('discovery.scenarios')}: scenario {file!r} not found")
    return problems


def _in_run(year: int, scenario: Scenario) -> bool:
    return scenario.world.start_year <= year <= scenario.world.end_year


def derive(national: pd.DataFrame, derived: dict[str, str]) -> pd.DataFrame:
    """The national table with the derived columns added (``DataFrame.eval``, in order)."""
    if not derived:
        return national
    table = national.copy()
    for name, expression in derived.items():
        table[name] = table.eval(expression, engine="python")
    return table

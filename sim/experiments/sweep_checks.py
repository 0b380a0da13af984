"""Checks of a sweep spec that span several fields: the design against its parameters, the
verification models, reserved names, and metrics against the runs' table and years.

Each check returns the problems it finds (nothing raised here); ``load_sweep`` reports them all at
once with the file and line of each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nqpf.sim.outputs import columns_of
from nqpf.sim.outputs.registry import find

if TYPE_CHECKING:
    from nqpf.sim.config import Locator, Scenario
    from nqpf.sim.experiments.sweep_spec import SweepSpec

VERIFICATION_MODELS = {"ishigami": (("x1", "x2", "x3"), ("y",))}
"""Closed-form test functions a sweep can run instead of the model: inputs and outputs."""


def consistency_problems(spec: SweepSpec) -> list[tuple[str, str]]:
    """Problems between fields of a schema-valid spec, as (location, message) pairs."""
    problems: list[tuple[str, str]] = []
    design = spec.design
    method = design.method
    if method == "grid":
        if design.samples is not None:
            problems.append(
                (
                    "design.samples",
                    "design.samples is not used by grid; set points per parameter or design.levels",
                )
            )
    else:
        if design.samples is None:
            problems.append(("design", f"design method {method!r} needs design.samples"))
        for path, pspec in spec.parameters.items():
            if pspec.values is not None:
                problems.append(
                    (
                        f"parameters.{path}",
                        f"design method {method!r} needs range = "
                        f"[low, high] for every parameter; {path!r} gives values "
                        "(allowed with grid only)",
                    )
                )
    n = design.samples
    if method == "sobol" and n is not None and (n < 2 or n & (n - 1)):
        problems.append(
            (
                "design.samples",
                f"sobol needs design.samples a power of 2, at least 2 (a variance needs two base "
                f"samples; 64 or more for indices worth reading: 64, 128, 256), got {n}",
            )
        )
    if method == "morris" and design.samples is not None and design.samples < 2:
        problems.append(
            ("design.samples", "morris needs design.samples >= 2 trajectories (sigma needs two)")
        )
    if design.second_order and method != "sobol":
        problems.append(("design.second_order", "design.second_order goes with method = 'sobol'"))
    if spec.model == "engine":
        if spec.base is None:
            problems.append(("", "model = 'engine' needs base = \"scenario.toml\""))
        if not spec.metrics and not spec.time_series:
            problems.append(
                ("", "keep something: at least one [metrics] entry or time_series = true")
            )
    else:
        names, _ = VERIFICATION_MODELS[spec.model]
        if sorted(spec.parameters) != sorted(names):
            problems.append(
                (
                    "parameters",
                    f"model {spec.model!r} takes parameters "
                    f"{list(names)}, got {list(spec.parameters)}",
                )
            )
        for name, pspec in spec.parameters.items():
            if pspec.range is None:  # it draws its parameters on [low, high]
                problems.append(
                    (
                        f"parameters.{name}",
                        f"model {spec.model!r} needs range = [low, high] for every parameter",
                    )
                )
        if spec.base or spec.set or spec.metrics or spec.time_series:
            problems.append(
                (
                    "model",
                    f"model {spec.model!r} takes no base, set, metrics or "
                    "time_series (its metric is 'y')",
                )
            )
    reserved = {"run_id", "point", "replicate", "seed", "status", "error", "wall_time_s"}
    for section, names in (("metrics", spec.metrics), ("parameters", spec.parameters)):
        for name in names:
            if name in reserved or (section == "metrics" and name in spec.parameters):
                problems.append(
                    (
                        f"{section}.{name}",
                        f"name {name!r} is taken; metric and "
                        f"parameter names must differ from each other and from "
                        f"{sorted(reserved)}",
                    )
                )
    return problems


def metric_problems(spec: SweepSpec, scenario: Scenario, where: Locator) -> list[str]:
    """Metric columns exist in the national table; metric years lie within the run."""
    problems = []
    known = columns_of("national")
    first, last = scenario.world.start_year, scenario.world.end_year
    for name, metric in spec.metrics.items():
        loc = f"metrics.{name}"
        if metric.column not in known:
            problems.append(
                f"{where(loc)}: metric '{name}': column {metric.column!r} is not in "
                f"the national table. Allowed: {', '.join(known)}."
            )
        y0, y1 = metric.span()
        for year in (y0, y1):
            if year is not None and not first <= year <= last:
                problems.append(
                    f"{where(loc)}: metric '{name}': year {year} is outside the "
                    f"runs' years {first}-{last}."
                )
                break
        else:
            column = find("national", metric.column)
            if y1 == first and column is not None and "empty in the first year" in column.meaning:
                problems.append(
                    f"{where(loc)}: metric '{name}': column {metric.column!r} is empty in the "
                    f"start year {first} (a growth needs the year before); use years from "
                    f"{first + 1}."
                )
    return problems

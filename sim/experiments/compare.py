"""Ensembles of seeds with common random numbers, and the statistics that compare scenarios.

``nqpf compare A.toml B.toml ...`` answers a question such as "what if every province chases the
same industries?" by running every scenario on the *same* seeds (common random numbers, CRN):
seed ``i`` of scenario B meets the same random draws as seed ``i`` of scenario A wherever the two
runs consume randomness alike, so the paired difference :math:`d_i = x_i^B - x_i^A` removes most
of the noise both share and a few seeds suffice.

Runs go through the one executor seam, :mod:`sim.experiments.batch` (``RunSpec``, ``run_one``,
``make_executor``, ``map_runs``); results are put in a fixed order (scenario, seed index, year)
whatever order they finish in, so the numbers do not depend on ``--jobs``.

The statistics are in :mod:`nqpf.sim.experiments.compare_stats`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import RunSpec, map_runs, spawn_seeds
from nqpf.sim.experiments.compare_stats import (
    CompareError,
    Comparison,
    effective_window,
    summarize,
)


class RunsFailed(RuntimeError):
    """Some runs of the ensemble raised; ``runs`` holds the national tables of the others."""

    def __init__(self, message: str, runs: pd.DataFrame) -> None:
        super().__init__(message)
        self.runs = runs


class RunsInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the ensemble; ``runs`` holds the national tables of the runs that had
    finished (a ``KeyboardInterrupt``, so callers that do not look for it stop as before)."""

    def __init__(self, message: str, runs: pd.DataFrame) -> None:
        super().__init__(message)
        self.runs = runs


# ------------------------------------------------------------------------------ arguments
def parse_window(text: str) -> tuple[int, int]:
    """Parse ``--window FIRST:LAST`` (years, inclusive), e.g. ``2024:2040``."""
    m = re.fullmatch(r"\s*(\d{4})\s*:\s*(\d{4})\s*", text or "")
    if not m:
        raise CompareError(
            f"--window {text!r}: expected FIRST:LAST in years, for example 2024:2040."
        )
    first, last = int(m.group(1)), int(m.group(2))
    if first > last:
        raise CompareError(f"--window {text!r}: the first year {first} is after the last {last}.")
    return first, last


def load_scenarios(paths: Sequence[Path], overrides: Sequence[str] = ()) -> list[Scenario]:
    """Load every scenario (``--set`` overrides apply to all) before anything runs.

    Names are made unique (``name (2)``) so that a scenario can be compared with itself.
    """
    if len(paths) < 2:
        raise CompareError(
            f"compare needs at least two scenario files (got {len(paths)}); the first is the "
            "reference the others are compared with."
        )
    scenarios = [Scenario.load(p, overrides=list(overrides)) for p in paths]
    seen: dict[str, int] = {}
    for i, sc in enumerate(scenarios):
        seen[sc.name] = seen.get(sc.name, 0) + 1
        if seen[sc.name] > 1:
            scenarios[i] = sc.model_copy(update={"name": f"{sc.name} ({seen[sc.name]})"})
    spans = {(sc.world.start_year, sc.world.end_year) for sc in scenarios}
    if len(spans) > 1:
        listing = ", ".join(
            f"{p} {sc.world.start_year}-{sc.world.end_year}" for p, sc in zip(paths, scenarios)
        )
        raise CompareError(
            f"scenarios must cover the same years to be paired: {listing}; align them with "
            "--set world.start_year=... --set world.end_year=..."
        )
    return scenarios


# ------------------------------------------------------------------------------ running
def run_ensemble(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    executor: Any,
    *,
    progress: str | None = None,
    on_result: Any = None,
    tables: tuple[str, ...] = ("national",),
) -> pd.DataFrame:
    """Run every scenario on every seed; the national tables stacked in a fixed order.

    ``on_result(record)`` is called as each run finishes (the dashboard's progress bar); the
    record holds the result ``tables`` named (``national`` always; the dashboard also asks for
    ``regions`` to draw the two scenarios' maps).

    Raises :class:`RunsFailed` (after every run has finished) if any run raised, or at once if
    the executor itself fails (a lost worker); :class:`RunsInterrupted` on Ctrl-C. Both carry the
    tables of the runs that succeeded, so that they are not lost.
    """
    specs = [
        RunSpec(
            run_id=f"{s}:{i}",
            scenario=sc.to_dict(),
            seed=int(seed),
            tables=tuple(dict.fromkeys(("national", *tables))),
        )
        for s, sc in enumerate(scenarios)
        for i, seed in enumerate(seeds)
    ]
    records: dict[str, Any] = {}
    try:
        for record in map_runs(specs, executor, progress=progress, on_result=on_result):
            records[record.run_id] = record
    except KeyboardInterrupt:
        raise RunsInterrupted(
            f"interrupted after {len(records)} of {len(specs)} runs",
            _stack(specs, records, scenarios),
        ) from None
    except Exception as exc:  # a lost worker, a broken pool: keep what finished
        raise RunsFailed(
            f"the runs stopped after {len(records)} of {len(specs)} had finished: "
            f"{type(exc).__name__}: {exc}",
            _stack(specs, records, scenarios),
        ) from exc
    runs = _stack(specs, records, scenarios)
    failed = [records[spec.run_id] for spec in specs if records[spec.run_id].status != "ok"]
    if failed:
        first = failed[0]
        s = int(first.run_id.split(":")[0])
        raise RunsFailed(
            f"{len(failed)} of {len(specs)} runs failed; first: scenario "
            f"{scenarios[s].name!r}, seed {first.seed}: {first.error.splitlines()[0]}",
            runs,
        )
    return runs


def _stack(
    specs: Sequence[RunSpec], records: dict[str, Any], scenarios: Sequence[Scenario]
) -> pd.DataFrame:
    """The national tables of the runs that succeeded, in the specs' order (not the order the
    runs finished in), with their scenario, seed index and seed."""
    frames = []
    for spec in specs:
        record = records.get(spec.run_id)
        if record is None or record.status != "ok":
            continue
        s, i = (int(x) for x in spec.run_id.split(":"))
        table = record.tables["national"].copy()
        table.insert(0, "seed", spec.seed)
        table.insert(0, "seed_index", i)
        table.insert(0, "scenario", scenarios[s].name)
        frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@dataclass(frozen=True)
class Plan:
    """What a comparison runs: validated scenarios (reference first), their files, the seeds."""

    scenarios: list[Scenario]
    files: list[str]
    seeds: list[int]
    seed_base: int
    window: tuple[int, int] | None
    """The requested window (None: the default window)."""


def plan_comparison(
    paths: Sequence[Path],
    n_seeds: int,
    seed_base: int = 0,
    window: tuple[int, int] | None = None,
    overrides: Sequence[str] = (),
) -> Plan:
    """Check every input and load every scenario before anything runs.

    Raises CompareError (arguments) or ScenarioError (a scenario file or an override).
    """
    if n_seeds < 1:
        raise CompareError(f"--seeds must be at least 1 (got {n_seeds}); 20 is a good start.")
    if seed_base < 0:
        raise CompareError(f"--seed-base must be a non-negative integer (got {seed_base}).")
    scenarios = load_scenarios(paths, overrides)
    if window is not None:
        world = scenarios[0].world
        effective_window(window, range(world.start_year, world.end_year + 1))
    return Plan(
        scenarios=scenarios,
        files=[str(p) for p in paths],
        seeds=spawn_seeds(seed_base, n_seeds),
        seed_base=seed_base,
        window=window,
    )


def run_comparison(
    plan: Plan,
    executor: Any,
    *,
    progress: str | None = None,
    on_result: Any = None,
    tables: tuple[str, ...] = ("national",),
) -> Comparison:
    """Run the plan on an executor (see sim.experiments.batch.make_executor) and compute the
    statistics; ``on_result(record)`` is called as each run finishes, with the ``tables`` named
    (the statistics use the national table only)."""
    runs = run_ensemble(
        plan.scenarios,
        plan.seeds,
        executor,
        progress=progress,
        on_result=on_result,
        tables=tables,
    )
    return summarize(runs, plan.scenarios, plan.files, plan.seeds, plan.seed_base, plan.window)


def default_out_dir(plan: Plan) -> Path:
    """``out/compare_<A>_vs_<B>...`` from the scenario names (path-safe)."""
    names = [
        re.sub(r"[^A-Za-z0-9_-]+", "-", sc.name).strip("-") or "scenario" for sc in plan.scenarios
    ]
    from nqpf.sim.experiments.outdir import default_output

    return default_output(Path("out"), "compare_" + "_vs_".join(names))

"""The Compare tab's ensembles: two scenarios, the sidebar's levers, N common seeds.

The dashboard compares scenarios exactly as ``nqpf compare`` does, through the same functions of
:mod:`nqpf.sim.experiments.compare`: ``plan_comparison`` (the sidebar's levers become ``--set``
overrides of both scenarios, the sidebar's seed the ``--seed-base``), ``run_comparison`` (every
scenario on the same spawned seeds: common random numbers) and its statistics (mean paths with
90 % bands across seeds, paired differences with 95 % t-intervals, the summary averaged over the
same window, default 2024-2040). ``dashboard_command`` writes the ``nqpf compare`` command that
reproduces a comparison, so a reader can check the numbers against the report.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nqpf.dashboards.simulation import check_seed, scenario_path
from nqpf.sim.config import SCENARIO_DIR

if TYPE_CHECKING:  # scipy (for the intervals) is imported when a comparison runs, not at start
    from nqpf.dashboards.compare_maps import RegionalEnsemble
    from nqpf.sim.experiments.compare import Plan
    from nqpf.sim.experiments.compare_stats import Comparison

DEFAULT_SEEDS = 8
"""Seeds per scenario in the Compare tab (enough for a 90 % band and a paired interval)."""
MAX_SEEDS = 50
"""Upper limit of the seeds box (the runs are serial in the server process)."""


def override_text(path: str, value: Any) -> str:
    """A lever value as an ``nqpf run --set`` item: ``path=value`` with the value in TOML."""
    if isinstance(value, bool):
        raw = "true" if value else "false"
    elif isinstance(value, str):
        raw = json.dumps(value)  # a TOML basic string
    else:
        raw = repr(value)
    return f"{path}={raw}"


def lever_overrides(levers: Sequence[tuple[str, Any]], end_year: int | None = None) -> list[str]:
    """The sidebar's lever overrides (and a last year) as ``--set`` items, in a fixed order."""
    items = [override_text(path, value) for path, value in sorted(levers)]
    if end_year is not None:
        items.append(override_text("world.end_year", int(end_year)))
    return items


def plan_dashboard_comparison(
    a: str,
    b: str,
    levers: Sequence[tuple[str, Any]],
    seed_base: int,
    n_seeds: int = DEFAULT_SEEDS,
    end_year: int | None = None,
    root: Path = SCENARIO_DIR,
) -> Plan:
    """The plan ``nqpf compare A B --seeds N --seed-base SEED --set ...`` would run.

    Raises ScenarioError (a scenario, a lever or a year the model refuses) or CompareError
    (seeds, years that cannot be paired), both with a message for the page.
    """
    from nqpf.sim.experiments.compare import plan_comparison

    check_seed(seed_base)
    paths = [scenario_path(a, root), scenario_path(b, root)]
    return plan_comparison(paths, n_seeds, seed_base, None, lever_overrides(levers, end_year))


def run_dashboard_comparison(
    plan: Plan,
    on_progress: Callable[[int, int], None] | None = None,
    regional: RegionalEnsemble | None = None,
) -> Comparison:
    """Run the plan serially in this process; ``on_progress(done, total)`` after each run.

    With ``regional``, every run also returns its regional table and ``regional`` collects
    them (the Compare tab's maps); the statistics are the same either way.
    """
    from nqpf.sim.experiments.batch import SerialExecutor
    from nqpf.sim.experiments.compare import run_comparison

    total = len(plan.scenarios) * len(plan.seeds)
    done = [0]

    def tick(record: Any) -> None:
        done[0] += 1
        if regional is not None:
            regional.collect(record)
        if on_progress is not None:
            on_progress(done[0], total)

    tables = ("national", "regions") if regional is not None else ("national",)
    return run_comparison(plan, SerialExecutor(), on_result=tick, tables=tables)


def dashboard_command(plan: Plan, overrides: Sequence[str] = ()) -> str:
    """The ``nqpf compare`` command that runs the same comparison (same numbers)."""
    files = []
    for f in plan.files:
        path = Path(f)
        try:
            files.append(path.relative_to(SCENARIO_DIR.parent).as_posix())
        except ValueError:
            files.append(path.as_posix())
    parts = ["nqpf compare", *files, f"--seeds {len(plan.seeds)}", f"--seed-base {plan.seed_base}"]
    parts += [f"--set {shlex.quote(item)}" for item in overrides]
    return " ".join(parts)

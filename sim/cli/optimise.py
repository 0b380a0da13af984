"""Command ``nqpf optimise``: many-objective policy search over levers, robust across an ensemble."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from nqpf.sim.cli.common import (
    ExecutorKind,
    ExecutorOption,
    SchedulerOption,
    UserError,
    err,
    loading,
    on_interrupt,
    open_executor,
    out,
    plural,
    writing,
)


def optimise(
    config: Annotated[
        Path, typer.Argument(help="Policy-search config TOML file (scenarios/policy/).")
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Results folder (default out/policy/<name>[-quick])."),
    ] = None,
    quick: Annotated[
        bool,
        typer.Option("--quick", help="The config's \\[quick] budget: fewer trials and states."),
    ] = False,
    executor: ExecutorOption = ExecutorKind.local,
    jobs: Annotated[
        int | None,
        typer.Option(help="Local processes or LocalCluster workers (default: all cores).", min=1),
    ] = None,
    scheduler: SchedulerOption = None,
    discovery: Annotated[
        bool, typer.Option(help="Run the config's \\[discovery] (PRIM) after the search.")
    ] = True,
) -> None:
    """Search the policy levers for the Pareto front of the objectives, robustly across an
    ensemble of uncertain parameters and seeds; run the same command again to resume. The
    folder ends with report.md and report.html (front, robustness, discovery, a reading)."""
    from nqpf.sim.experiments.outdir import OutputLock, check_store_target
    from nqpf.sim.experiments.policy_spec import PolicySpecError, load_policy_search

    with loading(config, "policy-search config", PolicySpecError):
        search = load_policy_search(config, quick=quick)  # every config error before any run
    target = out_dir or Path("out") / "policy" / (search.spec.name + ("-quick" if quick else ""))
    check_store_target(target)
    target.mkdir(parents=True, exist_ok=True)
    lock = OutputLock(target).acquire()
    kept = f"finished runs are kept in {target}/runs/; run the same command again to resume."
    try:
        with on_interrupt(f"interrupted: {kept}"), writing(target, kept):
            _optimise_locked(search, target, executor, jobs, scheduler, discovery)
    finally:
        lock.release()


def _optimise_locked(
    search: Any,
    target: Path,
    executor: ExecutorKind,
    jobs: int | None,
    scheduler: str | None,
    discovery: bool,
) -> None:
    from nqpf.sim.experiments.policy_discovery import run_discovery
    from nqpf.sim.experiments.policy_output import objectives_without_values, write_results
    from nqpf.sim.experiments.policy_report import write_policy_report
    from nqpf.sim.experiments.policy_search import run_search
    from nqpf.sim.experiments.sweep_store import SweepStoreError

    pool = open_executor(executor, jobs, scheduler)
    count = plural(jobs, "job") if jobs else "all jobs"
    label = f"dask ({scheduler})" if scheduler else f"{executor.value} ({count})"
    try:
        result = run_search(search, target, pool, executor_label=label, announce=out.print)
        empty = objectives_without_values(search, result)
        if empty:  # no front can be drawn: say why, before any report is written
            raise UserError(
                "; ".join(empty) + f". The runs are kept in {target}/runs/; fix the config "
                "and run it with another --out (or delete that folder): a changed objective is "
                "another search."
            )
        paths = write_results(search, result, target)
        found = None
        if discovery and search.spec.discovery is not None:
            found = run_discovery(search, result, target, pool, announce=out.print)
    except SweepStoreError as exc:
        raise UserError(str(exc)) from None
    except RuntimeError as exc:
        err.print(f"[bold red]{escape(str(exc))}[/bold red]", highlight=False)
        raise SystemExit(1) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    import pandas as pd

    front = pd.read_csv(paths["front_csv"])
    out.print(
        f"[bold]{plural(len(result.trials), 'candidate')}[/bold] ({len(result.scores)} "
        f"distinct); {plural(result.computed, 'run')} computed, {result.reused} read from the "
        f"store, in {result.wall_time_s:.1f} s. Front: {plural(len(front), 'point')}."
    )
    _print_front(search, front)
    written = [paths["front_csv"], paths["robustness"], paths["plot"], paths["scenarios"]]
    if found is not None:
        written.append(found)
    written += list(write_policy_report(target))
    out.print("Wrote " + ", ".join(str(p) for p in written))


def _print_front(search: Any, front: Any) -> None:
    """The front as a table of each objective's score (lever values are in front.csv)."""
    from rich.table import Table

    kind = search.spec.search.score
    names = list(search.spec.objectives)
    table = Table(
        title=f"Pareto front ({kind.replace('_', ' ')} over the ensemble; levers in front.csv)"
    )
    for col in ["point", *names]:
        table.add_column(col, justify="right")
    for _, row in front.head(20).iterrows():
        table.add_row(str(row["point"]), *(_fmt(row[f"{n}_{kind}"]) for n in names))
    if len(front) > 20:
        out.print(f"(first 20 of {len(front)} points)")
    out.print(table)


def _fmt(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)

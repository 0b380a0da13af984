"""Command ``nqpf compare``: scenarios on common seeds, and a report of their differences."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from nqpf.sim.cli.common import (
    ExecutorKind,
    ExecutorOption,
    Interrupted,
    JobsOption,
    SchedulerOption,
    UserError,
    check_kind,
    err,
    on_interrupt,
    open_executor,
    out,
    plural,
    writing,
)

if TYPE_CHECKING:
    import pandas as pd


class ReportLang(str, Enum):
    """Language of the report: ``--lang en|zh``."""

    en = "en"
    zh = "zh"


def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Scenario TOML files; the first is the reference.")
    ],
    seeds: Annotated[int, typer.Option(help="Seeds per scenario (the same for all).")] = 20,
    seed_base: Annotated[int, typer.Option(help="Master seed the run seeds are spawned from.")] = 0,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Report folder (default out/compare_A_vs_B).")
    ] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    window: Annotated[
        str | None,
        typer.Option(
            help="Years FIRST:LAST averaged for the summary (default 2024:2040, "
            "clipped to the simulated years)."
        ),
    ] = None,
    lang: Annotated[ReportLang, typer.Option(help="Language of the report.")] = ReportLang.en,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a field in every scenario: path.to.field=value."),
    ] = None,
) -> None:
    """Run scenarios on common seeds and write a report of their differences (HTML, Markdown)."""
    from nqpf.sim.experiments.compare import (
        RunsFailed,
        RunsInterrupted,
        default_out_dir,
        parse_window,
        plan_comparison,
        run_comparison,
    )
    from nqpf.sim.experiments.compare_stats import CompareError
    from nqpf.sim.experiments.outdir import OutputLock, check_replaceable
    from nqpf.sim.experiments.report import KIND, write_report
    from nqpf.sim.experiments.report_text import reading
    from nqpf.sim.experiments.runner import git_revision, package_version

    try:
        win = parse_window(window) if window is not None else None
        plan = plan_comparison(scenarios, seeds, seed_base, win, set_ or [])
    except (CompareError, ValueError, OSError) as exc:
        for path in scenarios:  # a sweep spec or another config given as a scenario: say so
            check_kind(path, "scenario file")
        raise UserError(str(exc)) from None
    target = out_dir or default_out_dir(plan)
    check_replaceable(target, KIND)  # before the runs, not after them
    # Ctrl-C: one line, once the pool has stopped and the lock is released
    with on_interrupt(f"interrupted: {target} left unchanged"):
        lock = OutputLock(target).acquire()  # a second writer into the same folder is refused now
        try:
            pool = open_executor(executor, jobs, scheduler)
            try:
                comp = run_comparison(
                    plan, pool, progress=f"compare {len(scenarios)} scenarios x {seeds} seeds"
                )
            except (RunsFailed, RunsInterrupted) as exc:
                kept = f"{target} left unchanged"
                if len(exc.runs):  # beside the report folder, which stays complete or absent
                    with writing(target, f"{exc}; {kept}"):
                        partial = _keep_runs(exc.runs, target, "runs_national_partial")
                    n_done = exc.runs.groupby(["scenario", "seed_index"]).ngroups
                    kept = (
                        f"the {plural(n_done, 'run')} that succeeded "
                        f"{'is' if n_done == 1 else 'are'} kept in {partial}"
                    )
                if isinstance(exc, RunsInterrupted):  # said once the pool has stopped
                    raise Interrupted(f"{exc}; {kept}") from None
                err.print(f"{exc}; {kept}", markup=False, highlight=False)
                raise
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            rev = git_revision()
            try:
                with writing(target, f"{target} left unchanged"):
                    files = write_report(
                        comp,
                        target,
                        lang.value,
                        command=" ".join(["nqpf", *sys.argv[1:]]),
                        version=package_version() + (f" ({rev})" if rev else ""),
                        scenarios=[sc.to_dict() for sc in plan.scenarios],
                    )
            except BaseException:  # the runs are done: keep them whatever stops the report
                try:
                    kept = _keep_runs(comp.runs, target, "runs_national")
                except OSError as exc:  # the same full or read-only disk: say so, then the cause
                    err.print(
                        f"the report could not be written, nor the runs kept ({exc})", markup=False
                    )
                else:
                    err.print(
                        f"the report could not be written; all the runs are kept in {kept}",
                        markup=False,
                    )
                raise
        finally:
            lock.release()
    for warning in files.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}", highlight=False)
    for paragraph in reading(comp, lang.value):
        out.print(escape(paragraph), highlight=False, soft_wrap=True)
    out.print(
        f"[bold]Report[/bold] {files.html} (and report.md); {len(files.plots)} plots in "
        f"{target}/plots/, their data in {target}/data/."
    )


def _keep_runs(runs: pd.DataFrame, target: Path, what: str) -> Path:
    """Write the runs' stacked national tables beside the report folder ``target`` (which stays
    complete or absent), as ``<target>.<what>.parquet``; returns the path."""
    path = target.parent / f"{target.name}.{what}.parquet"
    runs.to_parquet(path, index=False)
    return path

"""Command ``nqpf calibrate``: fit parameters to provincial data and validate out of sample."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from nqpf.sim.cli.common import (
    ExecutorKind,
    ExecutorOption,
    JobsOption,
    SchedulerOption,
    err,
    loading,
    on_interrupt,
    open_executor,
    out,
    writing,
)


def calibrate(
    config: Annotated[Path, typer.Argument(help="Calibration config TOML (calibration/*.toml).")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Results folder (default out/calibration/<name>).")
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="Use the config's \\[budget.quick].")
    ] = False,
    jobs: JobsOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    write_scenario: Annotated[
        bool, typer.Option("--write-scenario", help="Also write scenarios/calibrated.toml.")
    ] = False,
    check_identification: Annotated[
        bool,
        typer.Option(
            "--check-identification",
            help="Fit data simulated at the bounds' midpoints instead of the "
            "real data and report whether the estimator recovers them.",
        ),
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Fit parameters to provincial data (method of simulated moments) and validate out of sample."""
    from nqpf.calibration.config import CalibrationError, load_config
    from nqpf.calibration.report import KIND
    from nqpf.sim.experiments.outdir import OutputLock, check_replaceable, default_output

    with loading(config, "calibration config", CalibrationError):
        loaded = load_config(config)  # every config and data-path error is reported before any run
    target = out_dir or default_output(Path("out") / "calibration", loaded.config.name)
    check_replaceable(target, KIND)  # before the runs, not after them
    with (
        on_interrupt(f"interrupted: {target} left unchanged"),
        OutputLock(target),  # a second writer into the same folder is refused now
    ):
        _calibrate_locked(
            loaded,
            config,
            target,
            quick=quick,
            jobs=jobs,
            executor=executor,
            scheduler=scheduler,
            write_scenario=write_scenario,
            check_identification=check_identification,
            progress=progress,
        )


def _calibrate_locked(
    loaded: Any,
    config: Path,
    target: Path,
    *,
    quick: bool,
    jobs: int | None,
    executor: ExecutorKind,
    scheduler: str | None,
    write_scenario: bool,
    check_identification: bool,
    progress: bool,
) -> None:
    """Run the calibration and write its folder whole (the folder's lock held)."""
    import os

    from rich.table import Table

    from nqpf.calibration.calibrated_scenario import scenario_text
    from nqpf.calibration.pipeline import calibrate as run_calibration
    from nqpf.calibration.recovery import recovery_check
    from nqpf.calibration.report import write_results
    from nqpf.sim.config import SCENARIO_DIR
    from nqpf.sim.experiments.atomic import replace_text

    workers = jobs or os.cpu_count() or 1
    pool = open_executor(executor, workers if jobs is None else jobs, scheduler)
    command = (
        " ".join(["nqpf", *sys.argv[1:]])
        if sys.argv[1:2] == ["calibrate"]
        else f"nqpf calibrate {config}"
    )
    table = None
    try:
        if check_identification:
            result, table = recovery_check(
                loaded, pool, jobs=workers, quick=quick, progress=progress, say=out.print
            )
        else:
            result = run_calibration(
                loaded, pool, jobs=workers, quick=quick, progress=progress, say=out.print
            )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    shipped = (
        SCENARIO_DIR / "calibrated.toml" if write_scenario and not check_identification else None
    )
    shown = Table(title=f"{loaded.config.name}: estimates")
    for col in ("parameter", "estimate", "s.e.", "bounds"):
        shown.add_column(col, justify="left" if col == "parameter" else "right")
    for row in result.estimates().itertuples():
        shown.add_row(
            row.parameter,
            f"{row.estimate:.4g}",
            "–" if row.se != row.se else f"{row.se:.2g}",
            f"[{row.lower_bound:g}, {row.upper_bound:g}]",
        )
    out.print(shown)  # before the files: a folder that cannot be written loses no estimates
    with writing(target, f"{target} left unchanged; the estimates above were not saved"):
        write_results(
            result,
            target,
            command=command,
            extra_tables={"recovery": table} if table is not None else None,
        )
    if shipped:  # as write_results(scenario_path=...) does, with its own message
        with writing(shipped, f"the results are in {target}/, but {shipped} is unchanged"):
            replace_text(shipped, scenario_text(result, shipped, command))
    if table is not None:
        out.print(table.to_string(index=False))
        out.print(f"recovered within 2 s.e.: {int(table['within_2se'].sum())} of {len(table)}")
    for note in result.notes + result.inference.notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
    out.print(
        f"[bold]Results[/bold] in {target}/ (report.md, estimates.csv, moments.csv, "
        f"gdp_paths.png, calibrated.toml, ...)"
        + (f"; scenario written to {shipped}" if shipped else "")
        + "."
    )

"""Command ``nqpf backtest``: the model restarted from 2011 and 2018 data against five benchmarks."""

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
    UserError,
    err,
    load_scenario,
    on_interrupt,
    open_executor,
    out,
    writing,
)


def _jump_offs(values: list[str] | None) -> dict[int, int] | None:
    """``--jump 2011:2018`` options as {jump-off: last year}; a clear error for a bad one."""
    if not values:
        return None
    jumps: dict[int, int] = {}
    for text in values:
        try:
            first, last = (int(part) for part in text.split(":"))
        except ValueError:
            raise UserError(
                f"--jump {text!r}: expected JUMPOFF:LAST, two years, e.g. 2018:2023."
            ) from None
        jumps[first] = last
    return jumps


def verdict_line(row: Any) -> str:
    """One line of the verdict: the model's mean RMSE against the best benchmark's, or, where
    no benchmark has a forecast (every one needs the variable in years before the jump-off: the
    panel's R&D intensity starts in 2011), that there is none to compare with."""
    head = f"from {row.jump}: {row.variable:<16} model {row.model_rmse:.3f}"
    if not row.best_benchmark:
        return (
            f"{head}, no benchmark to compare with (each needs {row.variable} before "
            f"{row.jump}, which the data lack; see the note below)"
        )
    return (
        f"{head}, best benchmark {row.best_benchmark} {row.best_rmse:.3f}: model better "
        f"{row.model_beats_best} (margin {row.margin:+.3f})"
    )


def backtest(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario TOML to backtest, a china31 scenario (default: the shipped "
            "scenarios/baseline.toml)."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Results folder (default out/backtest/<name>).")
    ] = None,
    seeds: Annotated[int, typer.Option(help="Seeds per jump-off (mean path over them).")] = 3,
    seed_base: Annotated[int, typer.Option(help="Master seed the run seeds are spawned from.")] = 0,
    jump: Annotated[
        list[str] | None,
        typer.Option(
            help="Jump-off year and last forecast year, JUMPOFF:LAST; repeat for several "
            "(default 2011:2018 and 2018:2023)."
        ),
    ] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Backtest a scenario from past data (2011, 2018) against five benchmark forecasts."""
    if seeds < 1:
        raise UserError(f"--seeds must be at least 1 (got {seeds}).")
    if seed_base < 0:
        raise UserError(f"--seed-base must be a non-negative integer (got {seed_base}).")
    jumps = _jump_offs(jump)
    from nqpf.calibration.backtest import BacktestError
    from nqpf.calibration.backtest import backtest as run_backtest
    from nqpf.calibration.backtest_report import KIND, write_backtest
    from nqpf.sim.config import SCENARIO_DIR

    scenario = scenario or SCENARIO_DIR / "baseline.toml"
    if not scenario.is_file():
        raise UserError(f"scenario {scenario} does not exist or is not a file.")
    from nqpf.sim.experiments.outdir import OutputLock, check_replaceable, default_output

    sc = load_scenario(scenario, [])
    target = out_dir or default_output(Path("out") / "backtest", sc.name)
    check_replaceable(target, KIND)  # before the runs, not after them
    command = (
        " ".join(["nqpf", *sys.argv[1:]])
        if sys.argv[1:2] == ["backtest"]
        else f"nqpf backtest {scenario} --seeds {seeds}"
    )
    with (
        on_interrupt(f"interrupted: {target} left unchanged"),
        OutputLock(target),  # a second writer into the same folder is refused now
    ):
        pool = open_executor(executor, jobs, scheduler)
        try:
            result = run_backtest(
                sc,
                pool,
                seeds=seeds,
                seed_base=seed_base,
                jumps=jumps,
                progress="backtest runs" if progress else None,
            )
        except BacktestError as exc:
            if "run(s) failed" in str(exc):
                raise
            raise UserError(str(exc)) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        for row in result.verdict.itertuples():  # before the files: a failed write loses none
            out.print(verdict_line(row), highlight=False)
        with writing(target, f"{target} left unchanged; the verdict above was not saved"):
            write_backtest(result, target, command=command)
    for note in result.notes:
        err.print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
    out.print(
        f"[bold]Results[/bold] in {target}/ (tables.md, verdict.csv, errors.csv, plots, maps)."
    )

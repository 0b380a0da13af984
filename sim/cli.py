"""The ``nqpf`` command line: run, validate, docs, compare, sweep, sensitivity, calibrate, ui.

Bad input (a scenario, a data file, an argument) exits with code 2 and one clear message; a
traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from nqpf.sim.config import Scenario, ScenarioError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="nqpf: agent-based simulator of China's regional economies "
    "(new quality productive forces: tailored strategies versus herding).",
)
out = Console()
err = Console(stderr=True)
_STATE = {"debug": False}


class UserError(Exception):
    """Bad input from the user: reported in one paragraph, exit code 2."""


def _user_errors() -> tuple[type[BaseException], ...]:
    try:
        from nqpf.sim.data.errors import DataFileError
    except ImportError:  # a broken install: still report scenario errors cleanly
        return (ScenarioError, UserError)
    return (ScenarioError, UserError, DataFileError)


class Format(str, Enum):
    parquet = "parquet"
    csv = "csv"


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    _STATE["debug"] = debug


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    seed: Annotated[int, typer.Option(help="Seed of the model's random generator.")] = 0,
    start_year: Annotated[Optional[int], typer.Option(help="Override world.start_year.")] = None,
    end_year: Annotated[Optional[int], typer.Option(help="Override world.end_year.")] = None,
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Output folder (default out/<scenario name>).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Table format.")] = Format.parquet,
    set_: Annotated[
        Optional[list[str]],
        typer.Option("--set", help="Override a field: path.to.field=value (repeatable)."),
    ] = None,
    summary: Annotated[bool, typer.Option(help="Print a summary table of the national path.")] = True,
    check_accounts: Annotated[
        bool, typer.Option("--check-accounts", help="Check every stock-flow identity every year.")
    ] = False,
) -> None:
    """Run one scenario with one seed and write its tables and manifest."""
    from nqpf.sim.runner import run_scenario, write_outputs

    sc = Scenario.load(scenario, overrides=set_ or [])
    result = run_scenario(sc, seed, start_year=start_year, end_year=end_year,
                          check_accounts=check_accounts)
    target = out_dir or Path("out") / sc.name
    paths = write_outputs(result, target, fmt.value)
    if summary:
        print_summary(result.tables["national"], sc.name)
    out.print(f"[bold]Outputs[/bold] in {target}/: " + ", ".join(p.name for p in paths.values()))
    out.print(f"Wall time {result.manifest['wall_time_s']:.2f} s, seed {seed}.")


@app.command()
def validate(
    scenarios: Annotated[list[Path], typer.Argument(help="Scenario TOML file(s).")],
    set_: Annotated[
        Optional[list[str]], typer.Option("--set", help="Override a field: path.to.field=value.")
    ] = None,
) -> None:
    """Check scenario files against the schema (after extends and overrides)."""
    for path in scenarios:
        sc = Scenario.load(path, overrides=set_ or [])
        out.print(f"[green]ok[/green] {path} ({sc.name}, {sc.world.geography}, "
                  f"{sc.world.start_year}-{sc.world.end_year})")


@app.command()
def docs(
    check: Annotated[bool, typer.Option(help="Fail if the generated docs are out of date.")] = False,
) -> None:
    """Regenerate docs/outputs.md and docs/parameters.md from the code."""
    from nqpf.sim.outputs.docgen import generated_docs

    root = Path(__file__).resolve().parent.parent / "docs"
    stale = []
    for name, text in generated_docs().items():
        path = root / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            out.print(f"wrote {path}")
    if stale:
        raise UserError(f"docs out of date: {', '.join(stale)}; run 'nqpf docs'.")


class ExecutorKind(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOption = Annotated[ExecutorKind, typer.Option(help="local processes, or Dask distributed.")]
SchedulerOption = Annotated[
    Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")
]
JobsOption = Annotated[
    Optional[int], typer.Option(help="Parallel runs (default: all cores; 1 = serial).")
]


def open_executor(executor: ExecutorKind, jobs: int | None, scheduler: str | None, **options):
    """The run pool a command asked for (sim.batch.make_executor); bad option combinations and
    an unreachable scheduler become one-line errors."""
    from nqpf.sim.batch import make_executor

    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs must be at least 1 (got {jobs}).")
    if scheduler and executor is not ExecutorKind.dask:
        raise UserError("--scheduler goes with --executor dask.")
    try:
        return make_executor(executor.value, jobs, scheduler, **options)
    except (ValueError, OSError) as exc:
        raise UserError(str(exc)) from None


@app.command()
def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep spec TOML file (scenarios/sweeps/).")],
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Results folder (default out/sweeps/<name>).")
    ] = None,
    executor: ExecutorOption = ExecutorKind.local,
    jobs: Annotated[
        Optional[int],
        typer.Option(help="Local processes or LocalCluster workers (default: all cores).", min=1),
    ] = None,
    scheduler: SchedulerOption = None,
    connect_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the Dask scheduler.", min=0.1)
    ] = 10.0,
    retry_failed: Annotated[
        bool, typer.Option(help="Also rerun runs recorded with status 'error'.")
    ] = False,
) -> None:
    """Run a parameter sweep headless; run the same command again to resume it."""
    from nqpf.sim.sweep import SweepStoreError, run_sweep
    from nqpf.sim.sweep_spec import load_sweep

    loaded = load_sweep(spec)  # every spec error is reported here, before any run or cluster
    target = out_dir or Path("out") / "sweeps" / loaded.spec.name
    pool = open_executor(executor, jobs, scheduler, timeout=connect_timeout)
    label = (f"dask ({scheduler})" if scheduler else f"{executor.value} ({jobs or 'all'} "
             f"{'workers' if executor is ExecutorKind.dask else 'processes'})")
    try:
        outcome = run_sweep(loaded, target, pool, executor_label=label, retry_failed=retry_failed,
                            announce=out.print)
    except SweepStoreError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        err.print(f"interrupted: finished runs are kept in {target}/runs/; run the same "
                  "command again to resume.")
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    out.print(f"[bold]{outcome.ok + outcome.error}[/bold] runs in {outcome.wall_time_s:.1f} s "
              f"({outcome.ok} ok, {outcome.error} failed); results in {target}/ "
              f"(runs/, manifest.json).")
    if outcome.error:
        err.print(f"[yellow]{outcome.error} run(s) failed and were recorded with their error "
                  f"(status = 'error'); first: {outcome.first_error.splitlines()[0]}[/yellow]",
                  highlight=False)
    if outcome.lost:
        err.print(f"[bold red]{len(outcome.lost)} run(s) did not finish[/bold red] (worker lost: "
                  f"{outcome.first_lost.splitlines()[0]}); run the same command again to "
                  "complete the sweep.", highlight=False)
        raise SystemExit(1)


@app.command()
def sensitivity(
    sweep_dir: Annotated[Path, typer.Argument(help="Folder written by 'nqpf sweep'.")],
    metric: Annotated[
        Optional[list[str]], typer.Option("--metric", help="Metric to analyse (repeatable).")
    ] = None,
    conf_level: Annotated[float, typer.Option(help="Confidence level of intervals.")] = 0.95,
    resamples: Annotated[int, typer.Option(help="Bootstrap resamples.", min=10)] = 1000,
) -> None:
    """Sobol indices or Morris effects of a finished sweep (table, Markdown and plot)."""
    from nqpf.sim.sensitivity import SensitivityError, analyze_sweep, write_report
    from nqpf.sim.sweep import SweepStoreError, read_manifest

    try:
        result = analyze_sweep(sweep_dir, metric, conf_level=conf_level, num_resamples=resamples)
        units = {k: v["unit"] for k, v in read_manifest(sweep_dir)["metric_info"].items()}
    except (SensitivityError, SweepStoreError) as exc:
        raise UserError(str(exc)) from None
    paths = write_report(result, sweep_dir, conf_level=conf_level, units=units)
    table = Table(title=f"{result.method} sensitivity ({conf_level:.0%} intervals)")
    for col in result.table.columns:
        table.add_column(col, justify="left" if col in ("metric", "parameter") else "right",
                         overflow="fold")
    for row in result.table.itertuples(index=False):
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
    out.print(table)
    out.print("Wrote " + ", ".join(str(p) for p in paths.values()))


class ReportLang(str, Enum):
    en = "en"
    zh = "zh"


@app.command()
def compare(
    scenarios: Annotated[
        list[Path], typer.Argument(help="Scenario TOML files; the first is the reference.")
    ],
    seeds: Annotated[int, typer.Option(help="Seeds per scenario (the same for all).")] = 20,
    seed_base: Annotated[int, typer.Option(help="Master seed the run seeds are spawned from.")] = 0,
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Report folder (default out/compare_A_vs_B).")
    ] = None,
    jobs: JobsOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    window: Annotated[
        Optional[str],
        typer.Option(help="Years FIRST:LAST averaged for the summary (default 2024:2040, "
                     "clipped to the simulated years)."),
    ] = None,
    lang: Annotated[ReportLang, typer.Option(help="Language of the report.")] = ReportLang.en,
    set_: Annotated[
        Optional[list[str]],
        typer.Option("--set", help="Override a field in every scenario: path.to.field=value."),
    ] = None,
) -> None:
    """Run scenarios on common seeds and write a report of their differences (HTML, Markdown)."""
    from nqpf.sim.compare import (CompareError, RunsFailed, default_out_dir, parse_window,
                             plan_comparison, run_comparison)
    from nqpf.sim.report import reading, write_report
    from nqpf.sim.runner import git_revision, package_version

    try:
        win = parse_window(window) if window is not None else None
        plan = plan_comparison(scenarios, seeds, seed_base, win, set_ or [])
    except (CompareError, ValueError, OSError) as exc:
        raise UserError(str(exc)) from None
    pool = open_executor(executor, jobs, scheduler)
    target = out_dir or default_out_dir(plan)
    try:
        comp = run_comparison(plan, pool, progress=f"compare {len(scenarios)} scenarios x "
                              f"{seeds} seeds")
    except RunsFailed as exc:
        if len(exc.runs):
            target.mkdir(parents=True, exist_ok=True)
            exc.runs.to_parquet(target / "runs_national_partial.parquet", index=False)
            err.print(f"runs that succeeded are kept in {target}/runs_national_partial.parquet")
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    rev = git_revision()
    files = write_report(comp, target, lang.value, command=" ".join(["nqpf", *sys.argv[1:]]),
                         version=package_version() + (f" ({rev})" if rev else ""),
                         scenarios=[sc.to_dict() for sc in plan.scenarios])
    for warning in files.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for paragraph in reading(comp, lang.value):
        out.print(paragraph, highlight=False, soft_wrap=True)
    out.print(f"[bold]Report[/bold] {files.html} (and report.md); {len(files.plots)} plots in "
              f"{target}/plots/, their data in {target}/data/.")


@app.command()
def calibrate(
    config: Annotated[Path, typer.Argument(help="Calibration config TOML (calibration/*.toml).")],
    out_dir: Annotated[
        Optional[Path], typer.Option("--out", help="Results folder (default out/calibration/<name>).")
    ] = None,
    quick: Annotated[bool, typer.Option("--quick", help="Use the config's [budget.quick].")] = False,
    jobs: JobsOption = None,
    executor: ExecutorOption = ExecutorKind.local,
    scheduler: SchedulerOption = None,
    write_scenario: Annotated[
        bool, typer.Option("--write-scenario", help="Also write scenarios/calibrated.toml.")
    ] = False,
    check_identification: Annotated[
        bool, typer.Option("--check-identification",
                           help="Fit data simulated at the bounds' midpoints instead of the "
                                "real data and report whether the estimator recovers them.")
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Fit parameters to provincial data (method of simulated moments) and validate out of sample."""
    import os

    from nqpf.calibration.config import load_config
    from nqpf.calibration.pipeline import calibrate as run_calibration, recovery_check
    from nqpf.calibration.report import write_results
    from nqpf.sim.config import SCENARIO_DIR

    loaded = load_config(config)  # every config and data-path error is reported before any run
    target = out_dir or Path("out") / "calibration" / loaded.config.name
    workers = jobs or os.cpu_count() or 1
    pool = open_executor(executor, workers if jobs is None else jobs, scheduler)
    command = " ".join(["nqpf", *sys.argv[1:]]) if sys.argv[1:2] == ["calibrate"] else \
        f"nqpf calibrate {config}"
    try:
        if check_identification:
            result, table = recovery_check(loaded, pool, jobs=workers, quick=quick,
                                           progress=progress, say=out.print)
        else:
            result = run_calibration(loaded, pool, jobs=workers, quick=quick, progress=progress,
                                     say=out.print)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    shipped = SCENARIO_DIR / "calibrated.toml" if write_scenario and not check_identification \
        else None
    paths = write_results(result, target, command=command, scenario_path=shipped)
    shown = Table(title=f"{loaded.config.name}: estimates")
    for col in ("parameter", "estimate", "s.e.", "bounds"):
        shown.add_column(col, justify="left" if col == "parameter" else "right")
    for row in result.estimates().itertuples():
        shown.add_row(row.parameter, f"{row.estimate:.4g}",
                      "–" if row.se != row.se else f"{row.se:.2g}",
                      f"[{row.lower_bound:g}, {row.upper_bound:g}]")
    out.print(shown)
    if check_identification:
        table.to_csv(target / "recovery.csv", index=False)
        out.print(table.to_string(index=False))
        out.print(f"recovered within 2 s.e.: {int(table['within_2se'].sum())} of {len(table)}")
    for note in result.notes + result.inference.notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    out.print(f"[bold]Results[/bold] in {target}/ (report.md, estimates.csv, moments.csv, "
              f"gdp_paths.png, calibrated.toml, ...)"
              + (f"; scenario written to {shipped}" if shipped else "") + ".")


@app.command()
def ui(
    port: Annotated[int, typer.Option(help="Port to serve the dashboard on.", min=1, max=65535)]
    = 8765,
    host: Annotated[str, typer.Option(help="Interface to listen on (localhost: this machine "
                                           "only).")] = "localhost",
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the dashboard in a web browser.")
    ] = True,
) -> None:
    """Launch the dashboard (Solara, offline, no telemetry) at http://HOST:PORT."""
    from nqpf.dashboards.serve import ServeError, apply_offline_env, serve

    apply_offline_env()  # before anything imports Solara in this process
    try:
        code = serve(port=port, host=host, open_browser=open_browser)
    except ServeError as exc:
        raise UserError(str(exc)) from None
    if code:
        raise SystemExit(code)


def print_summary(national, title: str) -> None:
    """A short table of the national path: a row every few years."""
    table = Table(title=f"{title}: national path (money in bn yuan at start-year prices)")
    cols = [
        ("year", "year", "{:.0f}"),
        ("gdp", "GDP", "{:,.0f}"),
        ("gdp_growth", "GDP growth %", "{:.2%}"),
        ("tfp_growth", "TFP growth %", "{:.2%}"),
        ("capital", "capital", "{:,.0f}"),
        ("capacity_utilization", "capacity util. %", "{:.1%}"),
        ("npl_ratio", "NPL ratio %", "{:.2%}"),
    ]
    cols = [c for c in cols if c[0] in national.columns]
    for _, label, _ in cols:
        table.add_column(label, justify="right")
    years = national["year"].to_numpy()
    step = 1 if len(years) <= 12 else 5 if len(years) > 40 else 3
    keep = [i for i in range(len(years)) if i % step == 0 or i == len(years) - 1 or i <= 2]
    for i in sorted(set(keep)):
        row = national.iloc[i]
        cells = []
        for key, _, fmt in cols:
            value = row[key]
            cells.append("" if value != value else fmt.format(value).replace("%", ""))
        table.add_row(*cells)
    out.print(table)


def main() -> None:
    """Console entry point: user errors become one message and exit code 2."""
    try:
        code = app(standalone_mode=False)  # typer returns (not raises) Exit codes, 130 on Ctrl-C
        if isinstance(code, int) and code:
            sys.exit(code)
    except SystemExit as exc:
        raise
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the top level decides how errors look
        # By class name: typer >= 0.26 raises its own vendored copy of click's exceptions.
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "ClickException" in kinds:
            exc.show()
            sys.exit(exc.exit_code)
        if "Exit" in kinds:
            sys.exit(exc.exit_code)
        if _STATE["debug"]:
            traceback.print_exc()
        if isinstance(exc, _user_errors()):
            err.print(f"[bold red]error:[/bold red] {exc}", highlight=False, soft_wrap=True)
            sys.exit(2)
        err.print(f"[bold red]model error:[/bold red] {type(exc).__name__}: {exc}"
                  " (run with --debug for the traceback)", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()

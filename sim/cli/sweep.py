"""Commands ``nqpf sweep`` and ``nqpf sensitivity``: parameter sweeps and their indices."""

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


def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep spec TOML file (scenarios/sweeps/).")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Results folder (default out/sweeps/<name>).")
    ] = None,
    executor: ExecutorOption = ExecutorKind.local,
    jobs: Annotated[
        int | None,
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
    from nqpf.sim.experiments.outdir import OutputLock, check_store_target, default_output
    from nqpf.sim.experiments.sweep_spec import SweepSpecError, load_sweep

    with loading(spec, "sweep spec", SweepSpecError):
        loaded = load_sweep(spec)  # every spec error is reported here, before any run or cluster
    target = out_dir or default_output(Path("out") / "sweeps", loaded.spec.name)
    check_store_target(target)
    lock = OutputLock(target).acquire()  # one sweep process per folder
    kept = f"finished runs are kept in {target}/runs/; run the same command again to resume."
    try:
        with on_interrupt(f"interrupted: {kept}"), writing(target, kept):
            outcome = _sweep_locked(
                loaded, target, executor, jobs, scheduler, connect_timeout, retry_failed
            )
    finally:
        lock.release()
    _report(outcome, target)


def _sweep_locked(
    loaded: Any,
    target: Path,
    executor: ExecutorKind,
    jobs: int | None,
    scheduler: str | None,
    connect_timeout: float,
    retry_failed: bool,
) -> Any:
    """Run the sweep into ``target`` (its lock held); refresh the manifest's counts after the
    pool has stopped, since workers may finish parts after an interruption."""
    from nqpf.sim.experiments.sweep import run_sweep
    from nqpf.sim.experiments.sweep_store import SweepStoreError, refresh_counts

    pool = open_executor(executor, jobs, scheduler, timeout=connect_timeout)
    noun, nouns = (
        ("worker", "workers") if executor is ExecutorKind.dask else ("process", "processes")
    )
    count = plural(jobs, noun, nouns) if jobs else f"all {nouns}"
    label = f"dask ({scheduler})" if scheduler else f"{executor.value} ({count})"
    try:
        outcome = run_sweep(
            loaded,
            target,
            pool,
            executor_label=label,
            retry_failed=retry_failed,
            announce=out.print,
        )
    except SweepStoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        refresh_counts(target)
    return outcome


def _report(outcome: Any, target: Path) -> None:
    """Print what a sweep session did; exit 1 when runs were lost."""
    out.print(
        f"[bold]{plural(outcome.ok + outcome.error, 'run')}[/bold] in {outcome.wall_time_s:.1f} s "
        f"({outcome.ok} ok, {outcome.error} failed); results in {target}/ "
        f"(runs/, manifest.json)."
    )
    if outcome.error:
        err.print(
            f"[yellow]{outcome.error} run(s) failed and were recorded with their error "
            f"(status = 'error'); first: {escape(outcome.first_error.splitlines()[0])}[/yellow]",
            highlight=False,
        )
    if outcome.lost:
        err.print(
            f"[bold red]{len(outcome.lost)} run(s) did not finish[/bold red] (worker lost: "
            f"{escape(outcome.first_lost.splitlines()[0])}); run the same command again to "
            "complete the sweep.",
            highlight=False,
        )
        raise SystemExit(1)


def sensitivity(
    sweep_dir: Annotated[Path, typer.Argument(help="Folder written by 'nqpf sweep'.")],
    metric: Annotated[
        list[str] | None, typer.Option("--metric", help="Metric to analyse (repeatable).")
    ] = None,
    conf_level: Annotated[float, typer.Option(help="Confidence level of intervals.")] = 0.95,
    resamples: Annotated[int, typer.Option(help="Bootstrap resamples.", min=10)] = 1000,
) -> None:
    """Sobol indices or Morris effects of a finished sweep (table, Markdown and plot)."""
    from nqpf.sim.experiments.sensitivity import SensitivityError, analyze_sweep, write_report
    from nqpf.sim.experiments.sweep_store import SweepStoreError, read_manifest

    try:
        result = analyze_sweep(sweep_dir, metric, conf_level=conf_level, num_resamples=resamples)
        units = {k: v["unit"] for k, v in read_manifest(sweep_dir)["metric_info"].items()}
    except (SensitivityError, SweepStoreError) as exc:
        raise UserError(str(exc)) from None
    title = f"{result.method} sensitivity ({conf_level:.0%} intervals)"
    for table in index_tables(result.table, units, title, out.width):
        # before the files: a report that cannot be written loses no indices; a terminal too
        # narrow for the numbers wraps the lines rather than cutting a number
        out.print(table, crop=False)
    try:
        paths = write_report(result, sweep_dir, conf_level=conf_level, units=units)
    except OSError as exc:
        raise UserError(
            f"the indices above could not be written: {exc.strerror or exc} "
            f"({exc.filename or sweep_dir / 'sensitivity'}); make that path a writable file "
            "and run 'nqpf sensitivity' again (the sweep's runs are kept)"
        ) from None
    out.print("Wrote " + ", ".join(str(p) for p in paths.values()))


def significant(value: Any, digits: int = 3) -> str:
    """A number to ``digits`` significant digits: ``1001``, ``0.0123``, ``-2.35``; below 0.001
    and from a million on in exponent form, ``1.23e-4``. Indices and effects span many orders of
    magnitude (an effect on TFP growth is 1e-4, one on GDP 1e3), so fixed decimals would show
    most of them as 0.000."""
    import math
    from numbers import Real

    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if -3 <= magnitude < 6:
        return f"{value:.{max(digits - 1 - magnitude, 0)}f}"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def wrapped(text: str, width: int, after: str) -> str:
    """``text`` broken into lines of at most ``width`` characters after any of the characters
    ``after`` (``government.`` / ``local_protection``); a part longer than ``width`` is cut."""
    parts, part = [], ""
    for char in text:
        part += char
        if char in after:
            parts.append(part)
            part = ""
    parts += [part] if part else []
    lines = [""]
    for part in parts:
        while len(part) > width:  # no break point near enough: cut
            if lines[-1]:
                lines.append("")
            lines[-1], part = part[:width], part[width:]
            lines.append("")
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line for line in lines if line)


def index_tables(table: Any, units: dict[str, str], title: str, width: int) -> list[Any]:
    """The indices of a sensitivity analysis as rich tables, one per metric, within ``width``
    columns where they can be: numbers to three significant digits and never split; the
    parameter names wrap at their dots, and then the headers at their underscores, to make
    room."""
    from rich.console import Console
    from rich.markup import escape
    from rich.measure import Measurement

    console = Console(width=10_000)  # measures the table's natural width, uncapped
    numeric = [c for c in table.columns if c not in ("metric", "parameter")]
    tables = []
    for metric, part in table.groupby("metric", sort=False):
        cells = [[significant(v) for v in row] for row in part[numeric].itertuples(index=False)]
        names = [str(name) for name in part["parameter"]]
        unit = units.get(str(metric), "")
        heading = escape(f"{metric}{f' [{unit}]' if unit and unit != '-' else ''}: {title}")
        longest = max(len(name) for name in names)
        for split_headers in (False, True):
            headers = [wrapped(c, 6, "_") if split_headers else c for c in numeric]
            grid = _index_grid(heading, headers, names, cells)
            natural = Measurement.get(console, console.options, grid).maximum
            if natural <= width:
                break
            room = longest - (natural - width)
            grid = _index_grid(
                heading, headers, [wrapped(n, max(room, 1), ".") for n in names], cells
            )
            if room >= 16 or split_headers:
                break
        tables.append(grid)
    return tables


def _index_grid(title: str, headers: list[str], names: list[str], cells: list[list[str]]) -> Any:
    """A table of indices: a parameter column that folds what does not fit, number columns that
    never wrap."""
    from rich import box
    from rich.table import Table

    grid = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        show_edge=False,
        collapse_padding=True,
        pad_edge=False,
    )
    grid.add_column("parameter", overflow="fold")
    for i, header in enumerate(headers):
        longest = max([len(row[i]) for row in cells] + [len(h) for h in header.split("\n")])
        grid.add_column(header, justify="right", no_wrap=True, min_width=longest)
    for name, row in zip(names, cells):
        grid.add_row(name, *row)
    return grid

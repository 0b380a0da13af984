"""The ``nqpf`` command line: run, validate, params, docs (compare, sweep, calibrate, ui join later).

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

from sim.scenario import Scenario, ScenarioError

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
        from calibration.panel import DataFileError
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
    from sim.runner import run_scenario, write_outputs

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
    from sim.docgen import generated_docs

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
        app(standalone_mode=False)
    except SystemExit as exc:
        raise
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the top level decides how errors look
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
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

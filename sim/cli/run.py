"""Commands ``nqpf run``, ``nqpf validate`` and ``nqpf docs``: one scenario, its files, the docs."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from nqpf.sim.cli.common import (
    FILE_KINDS,
    STATE,
    UserError,
    err,
    file_kind,
    load_scenario,
    on_interrupt,
    out,
    plural,
    print_user_error,
    user_errors,
    writing,
)


class Format(str, Enum):
    """Table format of ``nqpf run --format``."""

    parquet = "parquet"
    csv = "csv"


def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")],
    seed: Annotated[
        int, typer.Option(help="Seed of the model's random generator.", min=0, max=2**63 - 1)
    ] = 0,
    start_year: Annotated[int | None, typer.Option(help="Override world.start_year.")] = None,
    end_year: Annotated[int | None, typer.Option(help="Override world.end_year.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default out/<scenario name>).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Table format.")] = Format.parquet,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Override a field: path.to.field=value, the value in TOML (repeatable; "
            "a section's table merges into the file's: solow={alpha = 0.4}).",
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option(help="Print a summary table of the national path.")
    ] = True,
    check_accounts: Annotated[
        bool, typer.Option("--check-accounts", help="Check every stock-flow identity every year.")
    ] = False,
) -> None:
    """Run one scenario with one seed and write its tables and manifest."""
    from nqpf.sim.experiments.outdir import OutputLock, check_replaceable, default_output
    from nqpf.sim.experiments.runner import KIND, run_scenario, write_outputs

    # the years are set with the file and --set, so that a problem names the option
    years = {
        "--start-year": ("world.start_year", start_year),
        "--end-year": ("world.end_year", end_year),
    }
    options = {name: setting for name, setting in years.items() if setting[1] is not None}
    sc = load_scenario(scenario, set_ or [], options)
    target = out_dir or default_output(Path("out"), sc.name)
    check_replaceable(target, KIND)  # before the run, not after it
    with (
        on_interrupt(f"interrupted: {target} left unchanged"),
        OutputLock(target),  # a second writer into the same folder is refused now
    ):
        result = run_scenario(sc, seed, check_accounts=check_accounts)
        with writing(target, f"{target} left unchanged; the run's results were not saved"):
            paths = write_outputs(result, target, fmt.value)
    if summary:
        print_summary(result.tables["national"], sc.name)
    out.print(f"[bold]Outputs[/bold] in {target}/: " + ", ".join(p.name for p in paths.values()))
    out.print(f"Wall time {result.manifest['wall_time_s']:.2f} s, seed {seed}.")
    print_warnings(result.manifest)


def print_warnings(manifest: dict[str, Any], shown: int = 5) -> None:
    """The run's plausibility warnings (the first few; all are in manifest.json)."""
    from rich.markup import escape

    warnings = manifest.get("warnings", [])
    total = len(warnings) + manifest.get("warnings_not_listed", 0)
    for text in warnings[:shown]:
        err.print(f"[yellow]warning:[/yellow] {escape(text)}", highlight=False, soft_wrap=True)
    if total > shown:
        err.print(f"[yellow]{total} plausibility warnings in all; see manifest.json.[/yellow]")


def validate(
    scenarios: Annotated[
        list[Path],
        typer.Argument(
            help="Scenario TOML file(s); sweep specs, policy-search and calibration configs "
            "are checked as what they are."
        ),
    ],
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a field of the scenarios: path.to.field=value."),
    ] = None,
) -> None:
    """Check scenario files against the schema (after extends and overrides) and build their
    start year, so that a scenario validate accepts is one run accepts. Sweep specs,
    policy-search and calibration configs are checked as their commands check them."""
    from nqpf.sim.config import Scenario
    from nqpf.sim.experiments.runner import build_model

    failed = []
    for path in scenarios:  # every file is checked; the errors are reported together
        kind = file_kind(path) if path.is_file() else None
        try:
            if kind not in (None, "scenario file"):
                checked = _check_config(path, kind, set_ or [])
                out.print(f"[green]ok[/green] {path} ({checked})", soft_wrap=True)
                continue
            sc = Scenario.load(path, overrides=set_ or [])
            build_model(sc, seed=0)
        except user_errors() as exc:
            if STATE["debug"]:
                raise
            failed.append(path)
            print_user_error(exc)
            continue
        out.print(
            f"[green]ok[/green] {path} ({sc.name}, {sc.world.geography}, "
            f"{sc.world.start_year}-{sc.world.end_year})"
        )
    if failed:
        raise UserError(f"{len(failed)} of {len(scenarios)} files failed (above).")


def _check_config(path: Path, kind: str, overrides: list[str]) -> str:
    """Load a sweep spec, policy-search or calibration config as its command does (base scenario
    and every parameter checked); what it is, in a few words."""
    command = FILE_KINDS[kind][2]
    if overrides:
        raise UserError(
            f"{path}: this is a {kind}; --set overrides scenario fields and applies to scenario "
            f"files only (a {kind} sets fields in its [set] table)."
        )
    if kind == "sweep spec":
        from nqpf.sim.experiments.sweep_spec import load_sweep

        sweep = load_sweep(path)
        size = plural(len(sweep.parameters), "swept parameter")
        size += f", {sweep.spec.design.method} design"
        name, base = sweep.spec.name, sweep.spec.base
    elif kind == "policy-search config":
        from nqpf.sim.experiments.policy_spec import load_policy_search

        search = load_policy_search(path)
        size = f"{plural(len(search.levers), 'lever')}, "
        size += plural(len(search.spec.objectives), "objective")
        name, base = search.spec.name, search.spec.base
    else:
        from nqpf.calibration.config import load_config

        loaded = load_config(path)
        fit = loaded.config.fit
        size = plural(len(loaded.names), "parameter") + f", fit {fit.start_year}-{fit.end_year}"
        name, base = loaded.config.name, loaded.config.model.scenario
    base_text = f", base {base}" if base else ""
    return f"{kind} '{name}': {size}{base_text}; run it with '{command} {path}'"


def docs(
    check: Annotated[
        bool, typer.Option(help="Fail if the generated docs are out of date.")
    ] = False,
) -> None:
    """Regenerate docs/outputs.md and docs/parameters.md from the code."""
    from nqpf.sim.experiments.atomic import replace_text
    from nqpf.sim.outputs.docgen import generated_docs

    root = Path(__file__).resolve().parents[2] / "docs"
    stale: list[str] = []
    written: list[str] = []
    for name, text in generated_docs().items():
        path = root / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        done = f"{', '.join(written)} written before it" if written else "nothing written"
        with writing(  # a page is replaced whole or kept
            path, f"{done}; {name} is as it was; run 'nqpf docs' again once it can be written"
        ):
            replace_text(path, text)
        written.append(name)
        out.print(f"wrote {path}")
    if stale:
        raise UserError(f"docs out of date: {', '.join(stale)}; run 'nqpf docs'.")


def print_summary(national: Any, title: str) -> None:
    """A short table of the national path (a DataFrame): a row every few years."""
    from rich.table import Table

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

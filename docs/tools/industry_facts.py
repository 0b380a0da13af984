"""Industry facts beside the model: NBS capacity utilisation (national and by industry), the
commercial-bank NPL ratio and the SEI share of GDP, from the 2011 and 2018 data starts.

    python docs/tools/industry_facts.py --scenario scenarios/baseline.toml --seeds 3 --jobs 1

Writes into ``--out`` (default ``docs/validation/industry/``; a folder, created with its parents
if missing; another scenario's results go into another folder, e.g.
``--scenario out/literature_values.toml --out docs/validation/industry/literature_values``): ``comparison.csv`` (every data year
with the model's mean, min and max over seeds and the gap), ``summary.csv`` and ``summary.md``
(bias and RMSE per start year and fact, percentage points), with ``--runs-csv``
``model_runs.csv`` (every run's facts), and one plot per fact (data points against the model's band over seeds). Method:
``calibration/industry_facts.py``; reading: ``docs/validation_industry.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.calibration import industry_facts as facts
from nqpf.calibration import industry_facts_data as facts_data

ROOT = Path(__file__).resolve().parents[2]
COLOURS = {2011: "tab:blue", 2018: "tab:orange"}
TITLES = {
    facts_data.TOTAL: "Industrial capacity utilisation, %",
    facts_data.NPL: "Commercial-bank NPL ratio, %",
    facts_data.SEI: "Strategic emerging industries' value added / GDP, %",
}


def _panel(ax: Any, comparison: pd.DataFrame, model: pd.DataFrame, fact: str, title: str) -> None:
    """Data points and, per start year, the model's min-max band over seeds and its mean."""
    from matplotlib.ticker import MaxNLocator

    runs = model[model["fact"] == fact]
    for start, rows in runs.groupby("start_year"):
        band = rows.groupby("year")["model"].agg(["mean", "min", "max"])
        colour = COLOURS.get(int(start), None)
        ax.fill_between(band.index, band["min"], band["max"], color=colour, alpha=0.25, lw=0)
        ax.plot(band.index, band["mean"], color=colour, lw=1.5, label=f"model from {start}")
    data = comparison[comparison["fact"] == fact].drop_duplicates("year")
    ax.plot(data["year"], data["data"], "ko", ms=4, label="data")
    ax.set_title(title, fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def plot(comparison: pd.DataFrame, model: pd.DataFrame, out: Path) -> list[Path]:
    """One PNG per national fact and one grid with a panel per industry; returns the paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    first_year = int(comparison["start_year"].min())
    for fact, title in TITLES.items():
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        _panel(ax, comparison, model[model["year"] >= first_year], fact, title)
        ax.legend(fontsize=8)
        path = out / f"{fact}.png"
        fig.tight_layout()
        fig.savefig(path, dpi=90)
        plt.close(fig)
        paths.append(path)
    industries = sorted(
        f
        for f in comparison["fact"].unique()
        if f.startswith(facts_data.CU_PREFIX) and f != facts_data.TOTAL
    )
    cols = 3
    nrows = -(-len(industries) // cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(10, 2.7 * nrows), sharex=True, squeeze=False)
    for ax, fact in zip(axes.flat, industries, strict=False):
        _panel(ax, comparison, model, fact, fact.removeprefix(facts_data.CU_PREFIX))
    for ax in list(axes.flat)[len(industries) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Capacity utilisation by model industry, % (NBS sectors per the concordance)")
    fig.tight_layout()
    path = out / "capacity_utilisation_by_industry.png"
    fig.savefig(path, dpi=80)
    plt.close(fig)
    paths.append(path)
    return paths


def output_folder(path: Path) -> Path:
    """``path`` as a usable output folder, created with its parents if missing.

    Raises
    ------
    ValueError
        ``path`` or one of its parents is an existing file, or the folder cannot be created.
    """
    if path.exists() and not path.is_dir():
        raise ValueError(f"--out {path}: this is a file; give a folder (created if missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(
            f"--out {path}: cannot create the folder ({exc.strerror or exc}); give a folder that "
            "exists or can be created"
        ) from exc
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "baseline.toml")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--starts", type=int, nargs="+", default=list(facts.DEFAULT_STARTS))
    ap.add_argument("--end", type=int, default=facts.DEFAULT_END)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "validation" / "industry")
    ap.add_argument("--no-plots", action="store_true")
    ap.add_argument("--runs-csv", action="store_true", help="also write every run's facts")
    args = ap.parse_args()
    try:
        out = output_folder(args.out)
    except ValueError as exc:
        ap.error(str(exc))

    concordance = facts_data.load_concordance()
    data = facts_data.data_facts(concordance)
    model = facts.simulate(
        args.scenario, args.seeds, args.starts, args.end, args.jobs, concordance, progress="runs"
    )
    comparison = facts.compare(model, data)
    summary = facts.summarise(comparison)
    if args.runs_csv:
        model.to_csv(out / "model_runs.csv", index=False, float_format="%.4f")
    comparison.to_csv(out / "comparison.csv", index=False, float_format="%.4f")
    summary.to_csv(out / "summary.csv", index=False, float_format="%.4f")
    table = facts.markdown_table(summary)
    header = (
        f"Scenario `{args.scenario.name}`, seeds 0-{args.seeds - 1}, starts "
        f"{', '.join(map(str, args.starts))}, runs to {args.end}; gaps over the years after the "
        "start year (percentage points, model mean over seeds minus data).\n\n"
    )
    (out / "summary.md").write_text(header + table, encoding="utf-8")
    if not args.no_plots:
        for path in plot(comparison, model, out):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(header + table)


if __name__ == "__main__":
    main()

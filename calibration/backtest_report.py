"""Writing a backtest (:mod:`calibration.backtest`): tables, Markdown, plots and maps.

``write_backtest(result, DIR)`` writes, into a sealed folder (``manifest.json`` last, with the
SHA-256 of every file; :mod:`sim.experiments.outdir`):

==========================  =====================================================================
``errors.csv``              RMSE and bias per jump-off x variable x province x forecast
``summary.csv``             mean and median RMSE and mean bias per jump-off x variable x forecast
``verdict.csv``             per jump-off x variable: model vs the best of the five benchmarks
``paths.csv``               data, model (mean over seeds, chained) and benchmarks by province-year
``tables.md``               the Markdown tables of ``docs/validation.md``
``paths_<var>_<J>.png``     31 provinces: data, model and the best benchmark (GDP, population)
``rmse_bars.png``           mean RMSE per forecast, variable and jump-off
``map_<J>.png``             province maps of the model's RMSE minus the best benchmark's
==========================  =====================================================================
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.backtest import FORECASTS, SCORED_VARIABLES, BacktestResult
from nqpf.calibration.benchmarks import VARIABLES, is_ratio
from nqpf.sim.data.provinces import GEOJSON_FILE
from nqpf.sim.experiments.outdir import atomic_folder, seal

KIND = "nqpf-backtest"
"""The ``kind`` field of a backtest's ``manifest.json``."""


UNITS = {
    "gdp": "RMSE of log GDP",
    "population": "RMSE of log population",
    "investment": "RMSE of log investment",
    "rd_intensity": "RMSE of R&D intensity [points]",
    "population_share": "RMSE of log population share",
}


def _num(value: float, digits: int = 3) -> str:
    return "–" if not np.isfinite(value) else f"{value:.{digits}f}"


def tables_markdown(result: BacktestResult, command: str) -> str:
    """The Markdown tables of the backtest (pasted into ``docs/validation.md``)."""
    lines = [
        f"Scenario `{result.scenario}`, {len(result.seeds)} seeds; measured with `{command}`.",
        "",
    ]
    for jump, end in result.jumps.items():
        part = result.summary[result.summary["jump"] == jump]
        lines += [
            f"**Jump-off {jump}, forecast {jump + 1}-{end}**: mean over provinces of the RMSE "
            "(log for GDP, population, investment and population share; points for R&D "
            "intensity), mean bias in brackets (forecast minus data).",
            "",
            "| forecast | " + " | ".join(SCORED_VARIABLES) + " |",
            "|---|" + "---|" * len(SCORED_VARIABLES),
        ]
        for name in FORECASTS:
            cells = []
            for var in SCORED_VARIABLES:
                row = part[(part["variable"] == var) & (part["forecast"] == name)]
                rmse, bias = (row["mean_rmse"].iloc[0], row["mean_bias"].iloc[0])
                cells.append(f"{_num(rmse)} ({_num(bias, 3)})" if np.isfinite(rmse) else "–")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += [
        "**Model against the best of the five benchmarks** (margin = best benchmark's mean RMSE "
        "minus the model's; positive: the model is better).",
        "",
        "| jump-off | variable | model | best benchmark | its RMSE | margin | model better "
        "| provinces where the model beats it |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result.verdict.itertuples():
        wins = (
            "–"
            if not np.isfinite(row.provinces_model_wins)
            else f"{int(row.provinces_model_wins)} of {row.provinces}"
        )
        lines.append(
            f"| {row.jump} | {row.variable} | {_num(row.model_rmse)} | {row.best_benchmark or '–'} "
            f"| {_num(row.best_rmse)} | {_num(row.margin)} | {row.model_beats_best} | {wins} |"
        )
    lines += [
        "",
        "**Provinces** (model RMSE minus the best benchmark's; largest losses first).",
        "",
    ]
    for row in result.verdict.itertuples():
        if row.variable not in ("gdp", "population", "population_share") or not row.best_benchmark:
            continue
        diff = province_differences(result, row.jump, row.variable).sort_values(ascending=False)
        lose = ", ".join(f"{r} {v:+.3f}" for r, v in diff[diff > 0].head(8).items())
        win = ", ".join(f"{r} {v:+.3f}" for r, v in diff[diff < 0].sort_values().head(8).items())
        lines.append(
            f"- {row.variable} from {row.jump}: loses most in {lose or 'none'}; "
            f"wins most in {win or 'none'}."
        )
    if result.notes:
        lines += ["", *[f"Note: {n}." for n in result.notes]]
    return "\n".join(lines) + "\n"


def province_differences(result: BacktestResult, jump: int, variable: str) -> pd.Series:
    """Per province: the model's RMSE minus the RMSE of the best benchmark (by mean RMSE)."""
    verdict = result.verdict.set_index(["jump", "variable"])
    best = verdict.loc[(jump, variable), "best_benchmark"]
    part = result.errors[(result.errors["jump"] == jump) & (result.errors["variable"] == variable)]
    per = part.pivot(index="region", columns="forecast", values="rmse")
    if not best:
        return pd.Series(np.nan, index=per.index)
    return per["model"] - per[best]


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_paths(result: BacktestResult, jump: int, variable: str, path: Path) -> None:
    """Small multiples of the 31 provinces: data, model and the best benchmark."""
    plt = _plt()
    verdict = result.verdict.set_index(["jump", "variable"])
    best = verdict.loc[(jump, variable), "best_benchmark"]
    table = result.paths[(result.paths["jump"] == jump) & (result.paths["variable"] == variable)]
    regions = sorted(table["region"].unique())
    fig, axes = plt.subplots(6, 6, figsize=(15, 13), sharex=True)
    for ax, region in zip(axes.ravel(), regions):
        one = table[table["region"] == region].sort_values("year")
        ax.plot(one["year"], one["data"], "k-o", ms=2, lw=1.2, label="data")
        ax.plot(one["year"], one["model"], "C0-", lw=1.2, label="model")
        if best:
            ax.plot(one["year"], one[best], "C1--", lw=1.0, label=f"best benchmark ({best})")
        ax.set_title(region, fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in axes.ravel()[len(regions) :]:
        ax.axis("off")
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=9)
    unit = f"bn yuan at {jump} prices" if variable == "gdp" else "million persons"
    fig.suptitle(f"{variable} from the {jump} data ({unit}); scenario {result.scenario}")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plot_bars(result: BacktestResult, path: Path) -> None:
    """Mean RMSE per forecast, one panel per jump-off x variable."""
    plt = _plt()
    jumps = list(result.jumps)
    fig, axes = plt.subplots(
        len(jumps), len(SCORED_VARIABLES), figsize=(20, 3.4 * len(jumps)), squeeze=False
    )
    for i, jump in enumerate(jumps):
        for j, var in enumerate(SCORED_VARIABLES):
            ax = axes[i, j]
            part = result.summary[
                (result.summary["jump"] == jump) & (result.summary["variable"] == var)
            ]
            part = part.set_index("forecast").reindex(list(FORECASTS))
            colors = ["C0" if f == "model" else "0.6" for f in FORECASTS]
            ax.bar(range(len(FORECASTS)), part["mean_rmse"].fillna(0.0), color=colors)
            ax.set_xticks(range(len(FORECASTS)), FORECASTS, rotation=45, ha="right", fontsize=7)
            ax.set_title(f"{var}, from {jump}", fontsize=9)
            ax.set_ylabel(UNITS[var], fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _rings(geometry: dict) -> list[np.ndarray]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [np.asarray(poly[0], dtype=float) for poly in polygons]


def plot_maps(result: BacktestResult, jump: int, path: Path) -> None:
    """Province maps (lon/lat, aspect corrected at 35 deg N) of the model's RMSE minus the best
    benchmark's, one per variable; blue: the model is better, red: worse."""
    plt = _plt()
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import TwoSlopeNorm

    features = json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))["features"]
    fig, axes = plt.subplots(1, len(SCORED_VARIABLES), figsize=(22, 4.6))
    for ax, var in zip(axes, SCORED_VARIABLES):
        diff = province_differences(result, jump, var)
        polys, values = [], []
        for feature in features:
            for ring in _rings(feature["geometry"]):
                polys.append(ring)
                values.append(diff.get(feature["properties"]["region"], np.nan))
        values_arr = np.asarray(values, dtype=float)
        ax.set_aspect(1.0 / np.cos(np.radians(35.0)))
        ax.axis("off")
        if not np.isfinite(values_arr).any():
            ax.add_collection(PolyCollection(polys, facecolor="0.85", edgecolor="white", lw=0.3))
            ax.autoscale_view()
            ax.set_title(f"{var}: no benchmark from {jump}", fontsize=9)
            continue
        span = float(np.nanmax(np.abs(values_arr))) or 1.0
        coll = PolyCollection(
            polys, cmap="RdBu_r", norm=TwoSlopeNorm(0.0, -span, span), edgecolor="white", lw=0.3
        )
        coll.set_array(np.ma.masked_invalid(values_arr))
        ax.add_collection(coll)
        ax.autoscale_view()
        fig.colorbar(coll, ax=ax, shrink=0.7)
        ax.set_title(f"{var}: model minus best benchmark\n({UNITS[var]}, from {jump})", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def write_backtest(result: BacktestResult, out_dir: Path, *, command: str) -> dict[str, Path]:
    """Write the backtest folder atomically (see module doc); returns the written paths."""
    out_dir = Path(out_dir)
    names: list[str] = []
    with atomic_folder(out_dir, KIND) as tmp:
        for name, table in (
            ("errors", result.errors),
            ("summary", result.summary),
            ("verdict", result.verdict),
            ("paths", result.paths),
        ):
            table.to_csv(tmp / f"{name}.csv", index=False, float_format="%.10g")
            names.append(f"{name}.csv")
        (tmp / "tables.md").write_text(tables_markdown(result, command), encoding="utf-8")
        names.append("tables.md")
        for jump in result.jumps:
            for var in ("gdp", "population"):
                plot_paths(result, jump, var, tmp / f"paths_{var}_{jump}.png")
                names.append(f"paths_{var}_{jump}.png")
            plot_maps(result, jump, tmp / f"map_{jump}.png")
            names.append(f"map_{jump}.png")
        plot_bars(result, tmp / "rmse_bars.png")
        names.append("rmse_bars.png")
        manifest = {
            "kind": KIND,
            "command": command,
            "scenario": result.scenario,
            "seeds": result.seeds,
            "jumps": {str(k): v for k, v in result.jumps.items()},
            "start_gaps_removed_by_chaining": result.start_gaps,
            "notes": result.notes,
            "ratio_variables": [v for v in VARIABLES if is_ratio(v)],
        }
        seal(tmp, manifest)
    return {name: out_dir / name for name in names}

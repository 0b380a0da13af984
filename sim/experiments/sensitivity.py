"""Global sensitivity of a finished sweep: Sobol indices or Morris elementary effects (SALib).

The design (method, parameter ranges, points, levels) is read from the sweep's ``manifest.json``;
the metric values from its run parts. A design point's value is the mean of the metric over the
point's successful replicates (so replicates average out the model's own randomness before the
decomposition). Both methods need every design point: a point with no successful run stops the
analysis with a message saying which points and why.

Sobol (Saltelli 2002; Jansen 1999 for ST; SALib ``sobol.analyze``): first-order
``S1_i = V[E(Y | X_i)] / V(Y)`` and total ``ST_i = E[V(Y | X_~i)] / V(Y)``, with bootstrap
confidence half-widths ``S1_conf`` and ``ST_conf`` at ``conf_level``.

Morris (Morris 1991; Campolongo et al. 2007; SALib ``morris.analyze``): over r trajectories, the
elementary effects ``EE_i = (Y(x + D e_i) - Y(x)) / D`` give ``mu`` (mean), ``mu_star`` (mean of
absolute values; bootstrap half-width ``mu_star_conf``) and ``sigma`` (standard deviation, ddof=1).
SALib gives no interval for sigma; ours is the chi-square interval
``sigma sqrt((r - 1) / chi2_{1-a/2, r-1})`` to ``sigma sqrt((r - 1) / chi2_{a/2, r-1})``, exact
when the effects are normal and indicative otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.experiments.sweep_store import read_manifest, read_runs


class SensitivityError(ValueError):
    """The sweep cannot be analysed as asked (wrong design, unknown metric, missing points)."""


@dataclass
class SensitivityResult:
    """Indices of every metric and parameter, in one long table."""

    method: str
    table: pd.DataFrame
    second_order: pd.DataFrame | None = None
    paths: dict[str, Path] = field(default_factory=dict)


def analyze_sweep(
    out_dir: str | Path,
    metrics: list[str] | None = None,
    *,
    conf_level: float = 0.95,
    num_resamples: int = 1000,
) -> SensitivityResult:
    """Sobol or Morris indices of ``metrics`` (default: all) from the sweep in ``out_dir``."""
    manifest = read_manifest(out_dir)
    design = manifest["design"]
    method = design["method"]
    if method not in ("sobol", "morris"):
        raise SensitivityError(
            f"{out_dir}: sensitivity needs a sweep with design method 'sobol' or 'morris'; this "
            f"one used {method!r}. Read its runs with pandas instead (docs/sweeps.md)."
        )
    if not 0 < conf_level < 1:
        raise SensitivityError(f"--conf-level {conf_level}: allowed 0 < level < 1.")
    known = list(manifest["metric_info"])
    metrics = metrics or known
    unknown = [m for m in metrics if m not in known]
    if unknown:
        raise SensitivityError(f"unknown metric(s) {unknown} in {out_dir}; allowed: {known}.")
    names = [p["path"] for p in design["parameters"]]
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [p["range"] for p in design["parameters"]],
    }
    runs = read_runs(out_dir)
    seed = int(design["seed"])
    rows, second = [], []
    for metric in metrics:
        y = point_means(runs, metric, design["n_points"])
        if method == "sobol":
            from SALib.analyze import sobol

            si = sobol.analyze(
                problem,
                y,
                calc_second_order=design["second_order"],
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=seed,
            )
            for i, name in enumerate(names):
                rows.append(
                    {
                        "metric": metric,
                        "parameter": name,
                        "S1": si["S1"][i],
                        "S1_conf": si["S1_conf"][i],
                        "ST": si["ST"][i],
                        "ST_conf": si["ST_conf"][i],
                    }
                )
                for j in range(i + 1, len(names) if design["second_order"] else 0):
                    second.append(
                        {
                            "metric": metric,
                            "parameter_i": name,
                            "parameter_j": names[j],
                            "S2": si["S2"][i, j],
                            "S2_conf": si["S2_conf"][i, j],
                        }
                    )
        else:
            rows += _morris_rows(
                problem,
                np.asarray(design["points"], dtype=float),
                y,
                metric,
                design["levels"],
                conf_level,
                num_resamples,
                seed,
            )
    return SensitivityResult(method, pd.DataFrame(rows), pd.DataFrame(second) if second else None)


def point_means(runs: pd.DataFrame, metric: str, n_points: int) -> np.ndarray:
    """The metric per design point: mean over the point's successful replicates.

    Raises :class:`SensitivityError` naming the points without a value and why.
    """
    ok = runs[(runs["status"] == "ok")] if len(runs) else runs
    y = (
        ok.groupby("point")[metric].mean().reindex(range(n_points))
        if len(ok)
        else (pd.Series(np.nan, index=range(n_points)))
    )
    missing = y.index[y.isna()].tolist()
    if missing:
        failed = runs[runs["point"].isin(missing) & (runs["status"] != "ok")] if len(runs) else runs
        why = (
            f"; e.g. run {failed['run_id'].iloc[0]} failed: "
            f"{str(failed['error'].iloc[0]).splitlines()[0]}"
            if len(failed)
            else ""
        )
        raise SensitivityError(
            f"metric {metric!r}: {len(missing)} of {n_points} design points have no value "
            f"(points {missing[:8]}{' ...' if len(missing) > 8 else ''}: not run yet, failed, "
            f"or the metric is empty){why}. Sobol and Morris need every point: finish the sweep "
            "by running the same 'nqpf sweep' command again, or leave this metric out."
        )
    return y.to_numpy(dtype=float)


def _morris_rows(
    problem: dict[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    metric: str,
    levels: int,
    conf_level: float,
    num_resamples: int,
    seed: int,
) -> list[dict]:
    from SALib.analyze import morris
    from scipy.stats import chi2

    si = morris.analyze(
        problem,
        x,
        y,
        num_resamples=num_resamples,
        conf_level=conf_level,
        num_levels=levels,
        seed=seed,
    )
    r = len(x) // (problem["num_vars"] + 1)
    a = 1 - conf_level
    lo = np.sqrt((r - 1) / chi2.ppf(1 - a / 2, r - 1)) if r > 1 else np.nan
    hi = np.sqrt((r - 1) / chi2.ppf(a / 2, r - 1)) if r > 1 else np.nan
    return [
        {
            "metric": metric,
            "parameter": name,
            "mu": si["mu"][i],
            "mu_star": si["mu_star"][i],
            "mu_star_conf": si["mu_star_conf"][i],
            "sigma": si["sigma"][i],
            "sigma_low": si["sigma"][i] * lo,
            "sigma_high": si["sigma"][i] * hi,
        }
        for i, name in enumerate(problem["names"])
    ]


# --------------------------------------------------------------------------------------------
# Report: CSV, Markdown, PNG
# --------------------------------------------------------------------------------------------


def write_report(
    result: SensitivityResult,
    out_dir: str | Path,
    *,
    conf_level: float = 0.95,
    units: dict[str, str] | None = None,
) -> dict[str, Path]:
    """Write ``<method>.csv``, ``.md`` and ``.png`` into ``out_dir/sensitivity/``."""
    folder = Path(out_dir) / "sensitivity"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / result.method
    paths = {
        "csv": stem.with_suffix(".csv"),
        "md": stem.with_suffix(".md"),
        "png": stem.with_suffix(".png"),
    }
    result.table.to_csv(paths["csv"], index=False)
    text = [
        f"# {result.method.capitalize()} sensitivity of {Path(out_dir).name}\n",
        _legend(result.method, conf_level),
        "",
        markdown_table(result.table),
    ]
    if result.second_order is not None:
        paths["csv_s2"] = folder / "sobol_second_order.csv"
        result.second_order.to_csv(paths["csv_s2"], index=False)
        text += ["", "## Second-order indices", "", markdown_table(result.second_order)]
    paths["md"].write_text("\n".join(text) + "\n", encoding="utf-8")
    _plot(result, paths["png"], units or {})
    result.paths = paths
    return paths


def _legend(method: str, conf_level: float) -> str:
    level = f"{conf_level:.0%}"
    if method == "sobol":
        return (
            f"S1: first-order index, ST: total index; *_conf: half-width of the {level} "
            "bootstrap confidence interval (SALib sobol.analyze)."
        )
    return (
        f"mu*: mean absolute elementary effect (mu*_conf: half-width of its {level} "
        f"bootstrap interval), mu: mean effect, sigma: their standard deviation with a "
        f"{level} chi-square interval [sigma_low, sigma_high] (SALib morris.analyze)."
    )


def markdown_table(df: pd.DataFrame, digits: int = 4) -> str:
    """A GitHub Markdown table; floats to ``digits`` significant digits."""

    def cell(v: Any) -> str:
        return f"{v:.{digits}g}" if isinstance(v, (float, np.floating)) else str(v)

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _plot(result: SensitivityResult, path: Path, units: dict[str, str]) -> None:
    """One panel per metric: Sobol S1 and ST bars with intervals, or Morris mu* against sigma."""
    from matplotlib.figure import Figure

    metrics = list(dict.fromkeys(result.table["metric"]))
    cols = min(3, len(metrics))
    rows = -(-len(metrics) // cols)
    fig = Figure(figsize=(5.0 * cols, 3.8 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, metric in zip(axes, metrics):
        t = result.table[result.table["metric"] == metric]
        unit = units.get(metric, "")
        if result.method == "sobol":
            x = np.arange(len(t))
            ax.bar(x - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], capsize=3, label="S1 (first order)")
            ax.bar(x + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], capsize=3, label="ST (total)")
            ax.set_xticks(x, t["parameter"], rotation=20, ha="right", fontsize=8)
            ax.set_ylabel("share of output variance")
            ax.axhline(0, color="black", lw=0.6)
            ax.legend(fontsize=8)
        else:
            sig = t["sigma"].to_numpy()
            yerr = np.vstack([sig - t["sigma_low"].to_numpy(), t["sigma_high"].to_numpy() - sig])
            ax.errorbar(t["mu_star"], sig, xerr=t["mu_star_conf"], yerr=yerr, fmt="o", capsize=3)
            for _, row in t.iterrows():
                ax.annotate(
                    row["parameter"],
                    (row["mu_star"], row["sigma"]),
                    fontsize=8,
                    xytext=(4, 4),
                    textcoords="offset points",
                )
            ax.set_xlabel(f"mu* ({unit + ' ' if unit else ''}per parameter range)")
            ax.set_ylabel("sigma (sd of elementary effects)")
        ax.set_title(metric, fontsize=10)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    fig.savefig(path, dpi=120)

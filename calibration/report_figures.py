"""The figures of a calibration's report: provincial GDP paths, and the moments' fit in s.e."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.sim.experiments.report_figures import save_figure


def _series_by_region(table: pd.DataFrame) -> dict[str, pd.Series]:
    return {r: g.set_index("year")["gdp"].sort_index() for r, g in table.groupby("region")}


def plot_gdp_paths(result: CalibrationResult, path: Path) -> None:
    """31 small panels: observed real GDP, fitted model, held-out forecasts (bn yuan)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cfg = result.loaded.config
    obs = _series_by_region(result.observed)
    fitted = pd.concat(result.fitted_runs).groupby(["region", "year"], as_index=False)["gdp"].mean()
    fit = _series_by_region(fitted)
    extra = {}
    if result.validation is not None:
        extra = {
            name: _series_by_region(result.validation.paths[name])
            for name in ("model_jumpoff", "naive_trend")
        }
    regions = sorted(obs)
    ncol = 6
    nrow = math.ceil(len(regions) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(2.9 * ncol, 2.2 * nrow), squeeze=False)
    for ax, region in zip(axes.flat, regions):
        ax.plot(obs[region].index, obs[region].to_numpy(), color="black", lw=1.6, label="data")
        s = fit[region]
        inside = s[s.index <= cfg.fit.end_year]
        ax.plot(
            inside.index,
            inside.to_numpy(),
            color="tab:blue",
            lw=1.3,
            label=f"model (fitted, from {cfg.fit.start_year})",
        )
        ahead = s[s.index >= cfg.fit.end_year]
        if len(ahead) > 1:
            ax.plot(
                ahead.index,
                ahead.to_numpy(),
                color="tab:blue",
                lw=1.3,
                ls="--",
                label=f"model from {cfg.fit.start_year}, held-out years",
            )
        if extra:
            j, n = extra["model_jumpoff"][region], extra["naive_trend"][region]
            ax.plot(
                j.index,
                j.to_numpy(),
                color="tab:green",
                lw=1.3,
                ls="-.",
                label=f"model from {cfg.fit.end_year} (jump-off)",
            )
            ax.plot(n.index, n.to_numpy(), color="grey", lw=1.2, ls=":", label="naive trend")
            ax.axvline(cfg.fit.end_year + 0.5, color="0.8", lw=0.8)
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.set_title(region, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(regions) :]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", fontsize=9, frameon=False)
    fig.suptitle(
        f"Real GDP by province, bn yuan at {cfg.fit.start_year} prices "
        f"data (national-deflator approximation) and calibrated model",
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    save_figure(fig, path)


def plot_moments(result: CalibrationResult, path: Path) -> None:
    """Fitted and start-value moments minus data, in bootstrap standard errors."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = result.moments
    y = np.arange(len(m))
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(m) + 1.5))
    start_t = (m["model_start"] - m["data"]) / m["data_se"]
    ax.scatter(start_t, y, marker="o", facecolors="none", edgecolors="grey", label="start values")
    tgt = m["targeted"].to_numpy(dtype=bool)
    ax.scatter(m["t_fit"][tgt], y[tgt], marker="o", color="tab:blue", label="fitted (targeted)")
    ax.scatter(
        m["t_fit"][~tgt],
        y[~tgt],
        marker="s",
        color="tab:orange",
        label="at the estimate (reported, not targeted)",
    )
    ax.axvspan(-2, 2, color="0.92", zorder=0)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, m["moment"], fontsize=8)
    ax.invert_yaxis()
    limit = float(np.nanmax(np.abs(np.r_[start_t, m["t_fit"], 3.0])))
    ax.set_xlim(-1.05 * limit, 1.05 * limit)
    ax.set_xlabel("(model - data) / bootstrap s.e.   (shaded: within 2 s.e.)")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    save_figure(fig, path)

"""Write a calibration's results: tables (CSV + Markdown), plots (PNG), the calibrated scenario.

:func:`write_results` turns a :class:`calibration.pipeline.CalibrationResult` into a folder::

    DIR/report.md                   estimates, moments, validation, notes, budget and timings
    DIR/estimates.csv|.md           estimate, standard error, 95 % interval, bounds, start value
    DIR/moments.csv                 every fitted moment: data, bootstrap se, fitted, at start values
    DIR/validation_moments.csv      held-out moments: data, model (from start, jump-off), naive
    DIR/validation_gdp.csv          RMSE of log GDP and MAPE by province for each forecast
    DIR/validation_summary.csv      one row per forecast
    DIR/validation_benchmarks.csv   RMSE of log GDP of the five benchmarks (calibration.benchmarks)
    DIR/gdp_paths.png               observed and simulated provincial GDP, 31 panels
    DIR/moments.png                 fitted minus observed moments in bootstrap standard errors
    DIR/observed_regions.parquet    the observed panel in model units
    DIR/simulated_regions.parquet   the fitted model's runs (column ``seed``; investment blanked in
                                    the years the data lack it)
    DIR/trace.csv                   best objective by stage and step
    DIR/calibrated.toml             a scenario extending the calibrated one with the estimates
    DIR/recovery.csv                with --check-identification: truth, estimate, s.e., z
    DIR/manifest.json               config, seeds, budget, timings, versions, and the SHA-256 of
                                    every other file (written last)

The folder is written whole or not at all (:func:`write_results`).
"""

from __future__ import annotations

import json
import math
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.config import CalibrationConfig
from nqpf.calibration.moments import MOMENTS, moment_table
from nqpf.calibration.pipeline import CalibrationResult
from nqpf.sim.experiments.atomic import replace_text
from nqpf.sim.experiments.outdir import MANIFEST, atomic_folder, seal
from nqpf.sim.experiments.report import markdown_table
from nqpf.sim.experiments.report_figures import save_figure
from nqpf.sim.experiments.runner import git_revision, package_version

KIND = "nqpf-calibration"
"""The ``kind`` field of a calibration's ``manifest.json``."""


def _fmt(value: float, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:.{digits}g}"


def _formula(name: str) -> str:
    key = name if name in MOMENTS else name.rsplit("_", 1)[0]
    return MOMENTS[key].formula if key in MOMENTS else ""


def estimates_markdown(result: CalibrationResult) -> str:
    """The estimates table with the objective and the identification notes."""
    est = result.estimates()
    rows = [
        [
            r.parameter,
            _fmt(r.estimate),
            _fmt(r.se, 3),
            f"[{_fmt(r.ci95_low)}, {_fmt(r.ci95_high)}]",
            f"[{_fmt(r.lower_bound)}, {_fmt(r.upper_bound)}]",
            _fmt(r.start_value),
        ]
        for r in est.itertuples()
    ]
    inf = result.inference
    lines = [
        markdown_table(
            ["parameter", "estimate", "s.e.", "95 % interval", "bounds", "start (default)"], rows
        ),
        "",
    ]
    lines.append(
        f"Objective J = {_fmt(inf.j_stat)} at the estimate, {_fmt(result.search.j_start)} "
        f"at the start values; {int(result.moments['targeted'].sum())} targeted moments, "
        f"{len(result.names)} "
        f"parameters, weighting '{result.loaded.config.estimation.weighting}', "
        f"R = {result.budget.replications} simulations per evaluation."
    )
    if inf.j_pvalue is not None:
        lines.append(
            f"Over-identification test: J/(1+1/R) = "
            f"{_fmt(inf.j_stat / (1 + 1 / result.budget.replications))}, "
            f"chi2({inf.j_dof}) p-value {_fmt(inf.j_pvalue, 3)}."
        )
    for note in inf.notes:
        lines.append(f"- {note}")
    return "\n".join(lines) + "\n"


def moments_markdown(result: CalibrationResult) -> str:
    cfg = result.loaded.config
    rows = [
        [
            r.moment,
            "yes" if r.targeted else "no (reported)",
            _fmt(r.data),
            _fmt(r.data_se, 3),
            _fmt(r.model_fit),
            _fmt(r.model_start),
            _fmt(r.t_fit, 3),
        ]
        for r in result.moments.itertuples()
    ]
    return (
        f"Window {_window_words(cfg)}. t = (fitted - data) / bootstrap "
        "s.e. Reported moments are computed at the estimate but carry no weight in the "
        "objective.\n\n"
        + markdown_table(
            ["moment", "targeted", "data", "s.e.", "fitted", "at start values", "t"], rows
        )
        + "\n"
    )


def validation_markdown(result: CalibrationResult) -> str:
    """Held-out tables with the naive benchmark beside the model, and a plain verdict."""
    v = result.validation
    if v is None:
        return "No held-out years (validation.end_year not set).\n"
    cfg = result.loaded.config
    f, h = cfg.fit.end_year, cfg.validation.end_year
    labels = {
        "model_from_start": f"model from {cfg.fit.start_year}",
        "model_jumpoff": f"model from {f} (jump-off)",
        "naive_trend": "naive trend",
        "data": "data",
    }
    rows = [
        [
            labels[r.forecast],
            _fmt(r.mean_rmse_log_gdp, 3),
            _fmt(r.median_rmse_log_gdp, 3),
            f"{r.mape_gdp:.2%}",
            f"{r.national_growth:.2%}",
            _fmt(r.mean_abs_moment_error_in_se, 3),
        ]
        for r in v.summary.itertuples()
    ]
    out = [
        f"Held-out years {f + 1 if h == f + 1 else f'{f + 1}-{h}'}; every forecast uses data up to {f} at most "
        f"(the model from {cfg.fit.start_year} uses none after {cfg.fit.start_year}).",
        "",
        markdown_table(
            [
                "forecast",
                "mean RMSE log GDP",
                "median RMSE log GDP",
                "MAPE GDP",
                f"national growth {f}-{h} (p.a.)",
                "mean |moment error| / s.e.",
            ],
            rows,
        ),
        "",
    ]
    if len(v.benchmarks):
        brows = [
            [
                b.benchmark,
                _fmt(b.mean_rmse_log_gdp, 3),
                _fmt(b.median_rmse_log_gdp, 3),
                "–" if b.mape_gdp != b.mape_gdp else f"{b.mape_gdp:.2%}",
            ]
            for b in v.benchmarks.itertuples()
        ]
        out += [
            f"Five benchmarks from the data up to {f} (calibration/benchmarks.py, the code of "
            "`nqpf backtest`; docs/validation.md); – where the window reaches before the data:",
            "",
            markdown_table(
                ["benchmark", "mean RMSE log GDP", "median RMSE log GDP", "MAPE GDP"], brows
            ),
            "",
        ]
    mrows = [
        [
            r.moment,
            _fmt(r.data),
            _fmt(r.data_se, 3),
            _fmt(r.model_from_start),
            _fmt(r.model_jumpoff),
            _fmt(r.naive_trend),
            r.closer,
        ]
        for r in v.moments.itertuples()
    ]
    out += [
        markdown_table(
            [
                "moment (" + f"{f}-{h})",
                "data",
                "s.e.",
                labels["model_from_start"],
                labels["model_jumpoff"],
                "naive trend",
                "closer (jump-off vs naive)",
            ],
            mrows,
        ),
        "",
    ]
    out += ["", verdict(result), ""]
    return "\n".join(out)


def verdict(result: CalibrationResult) -> str:
    """One paragraph, generated from the numbers, saying where the model beats the benchmark."""
    v = result.validation
    if v is None:
        return ""
    s = v.summary.set_index("forecast")
    jm, nv = s.loc["model_jumpoff"], s.loc["naive_trend"]
    wins = int(v.gdp_by_region["model_beats_naive"].sum())
    n = len(v.gdp_by_region)
    better_gdp = jm.mean_rmse_log_gdp < nv.mean_rmse_log_gdp
    closer = v.moments["closer"].value_counts()
    parts = [
        f"Provincial GDP: the model (jump-off) {'beats' if better_gdp else 'loses to'} the naive "
        f"trend on mean RMSE of log GDP ({jm.mean_rmse_log_gdp:.3f} vs "
        f"{nv.mean_rmse_log_gdp:.3f}; MAPE {jm.mape_gdp:.2%} vs {nv.mape_gdp:.2%}) and is "
        f"closer in {wins} of {n} provinces.",
        f"Moments: the model is closer on {int(closer.get('model', 0))} of "
        f"{len(v.moments) - int(closer.get('n/a', 0))} "
        f"held-out moments, the naive trend on {int(closer.get('naive', 0))}"
        + (
            f" (model closer: {', '.join(v.moments.loc[v.moments['closer'] == 'model', 'moment'])}; "
            f"naive closer: {', '.join(v.moments.loc[v.moments['closer'] == 'naive', 'moment'])})."
            if len(v.moments)
            else "."
        ),
        f"The model run from {result.loaded.config.fit.start_year} without any later data "
        f"{'beats' if s.loc['model_from_start'].mean_rmse_log_gdp < nv.mean_rmse_log_gdp else 'loses to'}"
        f" the naive trend on provincial GDP (mean RMSE of log GDP "
        f"{s.loc['model_from_start'].mean_rmse_log_gdp:.3f}).",
        f"National growth: data {s.loc['data'].national_growth:.2%} a year, model (jump-off) "
        f"{jm.national_growth:.2%}, model from {result.loaded.config.fit.start_year} "
        f"{s.loc['model_from_start'].national_growth:.2%}, naive {nv.national_growth:.2%}.",
    ]
    return " ".join(parts)


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


def scenario_text(result: CalibrationResult, target: Path, command: str) -> str:
    """A scenario file extending the calibrated scenario with the estimates (and fixed values)."""
    loaded = result.loaded
    cfg = loaded.config
    base = (loaded.path.parent / cfg.model.scenario).resolve()
    extends = os.path.relpath(base, target.parent.resolve())
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    rev = git_revision()
    values: dict[str, dict[str, str]] = {}
    for key, value in cfg.model.set.items():
        section, name = key.split(".", 1)
        values.setdefault(section, {})[name] = (
            f"{_toml_value(value)}  # fixed in {loaded.path.name}"
        )
    for name, theta, se, lo, hi in zip(
        result.names, result.theta, result.inference.se, result.lower, result.upper
    ):
        section, field = name.split(".", 1)
        values.setdefault(section, {})[field] = (
            f"{theta:.6g}  # s.e. {_fmt(se, 2)}, bounds [{lo:g}, {hi:g}]"
        )
    budget = "quick budget" if result.quick else "default budget"
    lines = [
        f"# Question: which values of {', '.join(result.names)} make the model reproduce the",
        f"#   targeted moments of {_window_words(cfg)} ({', '.join(cfg.moments.use)})?",
        f"# Source: produced by `{command}` ({budget}, {when}, nqpf {package_version()}"
        + (f", git {rev}" if rev else "")
        + ");",
        f"#   method of simulated moments on the shipped provincial panel, {loaded.path.name}; "
        "docs/calibration.md.",
        f"# What it sets: the fitted parameters below (with their standard errors) and the values "
        f"held fixed in {loaded.path.name};",
        f"#   everything else, including the start year, is inherited from {Path(extends).name}. "
        "The search started from the",
        "#   parameters' declared defaults, not from the values the extended scenario sets.",
        f"# What to look at: the fit and its out-of-sample record "
        f"({_held_out(cfg.fit.end_year, cfg.validation.end_year)}) in docs/calibration.md",
        f"#   and docs/validation.md; `nqpf compare {Path(extends).name} calibrated.toml` shows "
        "what the estimates change (nothing where the extended scenario already carries them).",
        f'extends = "{extends}"',
        'name = "calibrated"',
        f'description = "{Path(extends).stem} with parameters fitted to provincial data '
        f'{_window_words(cfg)} ({loaded.path.name})."',
    ]
    for section, fields in values.items():
        lines += ["", f"[{section}]"] + [f"{k} = {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


def _window_words(cfg: CalibrationConfig) -> str:
    """The fit's window in words, with the years its growth moments leave out."""
    words = f"{cfg.fit.start_year}-{cfg.fit.end_year}"
    if cfg.fit.skip_years:
        skipped = ", ".join(str(y) for y in sorted(set(cfg.fit.skip_years)))
        words += f" (growth of {skipped} left out)"
    return words


def _held_out(fit_end: int, hold_end: int | None) -> str:
    """Words for the held-out years of a fit."""
    if hold_end is None or hold_end <= fit_end:
        return "no held-out years"
    years = f"{fit_end + 1}" if hold_end == fit_end + 1 else f"{fit_end + 1}-{hold_end}"
    return f"held-out {years}, against five benchmarks"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def write_results(
    result: CalibrationResult,
    out_dir: Path,
    *,
    command: str,
    scenario_path: Path | None = None,
    extra_tables: dict[str, pd.DataFrame] | None = None,
) -> dict[str, Path]:
    """Write every output file (module docstring), whole or not at all; also ``scenario_path``
    when given, after the folder is in place.

    The files go to a temporary sibling folder, ``manifest.json`` last with the SHA-256 of every
    file, and the folder is then renamed into place
    (:func:`nqpf.sim.experiments.outdir.atomic_folder`), so an interrupted write leaves the old
    results or none, never a mix; a second writer into the same folder is refused.
    ``extra_tables`` (name -> table) are written as ``<name>.csv`` into the same folder (the
    identification check's ``recovery``). The returned paths are those in ``out_dir``."""
    out_dir = Path(out_dir)
    with atomic_folder(out_dir, KIND) as tmp:
        written = _write_results_into(result, tmp, command, extra_tables or {})
        seal(tmp, manifest(result, command) | {"kind": KIND}, default=_plain)
    paths = {name: out_dir / path.relative_to(tmp) for name, path in written.items()}
    paths["manifest"] = out_dir / MANIFEST
    if scenario_path is not None:
        replace_text(scenario_path, scenario_text(result, scenario_path, command))
        paths["scenario_shipped"] = scenario_path
    return paths


def _write_results_into(
    result: CalibrationResult, out_dir: Path, command: str, extra: dict[str, pd.DataFrame]
) -> dict[str, Path]:
    """Every file but the manifest, into ``out_dir`` (a temporary folder)."""
    paths: dict[str, Path] = {}

    def csv(name: str, df: pd.DataFrame) -> None:
        paths[name] = out_dir / f"{name}.csv"
        df.to_csv(paths[name], index=False, float_format="%.10g")

    est = result.estimates()
    est["note"] = [
        "; ".join(n for n in result.inference.notes if n.startswith(p)) for p in result.names
    ]
    csv("estimates", est)
    paths["estimates_md"] = out_dir / "estimates.md"
    paths["estimates_md"].write_text(
        "# Estimates\n\n" + estimates_markdown(result), encoding="utf-8"
    )
    moments = result.moments.copy()
    moments.insert(1, "formula", [_formula(n) for n in moments["moment"]])
    cfg = result.loaded.config
    moments.insert(2, "years", f"{cfg.fit.start_year}-{cfg.fit.end_year}")
    csv("moments", moments)
    if result.validation is not None:
        csv("validation_moments", result.validation.moments)
        csv("validation_gdp", result.validation.gdp_by_region)
        csv("validation_summary", result.validation.summary)
        csv("validation_benchmarks", result.validation.benchmarks)
    csv("trace", pd.DataFrame(result.search.trace))
    for name, table in extra.items():
        csv(name, table)
    result.observed.to_parquet(out_dir / "observed_regions.parquet", index=False)
    paths["observed_regions"] = out_dir / "observed_regions.parquet"
    sims = pd.concat(
        [t.assign(seed=s) for t, s in zip(result.fitted_runs, result.seeds)], ignore_index=True
    )
    sims = sims[
        [
            c
            for c in sims.columns
            if sims[c].dtype != object
            or c in ("region", "macro_region", "sci_tech_class", "strategy")
        ]
    ]
    sims.to_parquet(out_dir / "simulated_regions.parquet", index=False)
    paths["simulated_regions"] = out_dir / "simulated_regions.parquet"
    paths["gdp_paths"] = out_dir / "gdp_paths.png"
    plot_gdp_paths(result, paths["gdp_paths"])
    paths["moments_plot"] = out_dir / "moments.png"
    plot_moments(result, paths["moments_plot"])
    # out_dir is a sibling of the final folder: the relative ``extends`` path is the same
    paths["scenario"] = out_dir / "calibrated.toml"
    paths["scenario"].write_text(
        scenario_text(result, paths["scenario"], command), encoding="utf-8"
    )
    paths["report"] = out_dir / "report.md"
    paths["report"].write_text(report_markdown(result, command), encoding="utf-8")
    return paths


def report_markdown(result: CalibrationResult, command: str) -> str:
    cfg = result.loaded.config
    b = result.budget
    parts = [
        f"# Calibration: {cfg.name}",
        "",
        f"Command: `{command}`  ",
        f"Config: `{result.loaded.path}`; scenario `{cfg.model.scenario}`; "
        f"{'quick' if result.quick else 'default'} budget (popsize {b.popsize}, "
        f"{b.generations} generations, {b.polish_evaluations} polish evaluations, R = "
        f"{b.replications}, {b.bootstrap} bootstrap draws, limit {b.max_minutes:g} min); "
        f"{result.evaluations} evaluations = {result.runs} model runs on {result.jobs} "
        f"worker(s); wall time {result.timings['total_s']:.0f} s.",
        "",
        "## Estimates",
        "",
        estimates_markdown(result),
        "## Fitted and observed moments",
        "",
        moments_markdown(result),
        "![moments](moments.png)",
        "",
        "## Held-out validation",
        "",
        validation_markdown(result),
        "![GDP paths](gdp_paths.png)",
        "",
        "## Notes",
        "",
    ]
    parts += [f"- {n}" for n in result.notes] or ["- none"]
    parts += ["", "## Timings (s)", ""]
    parts += [f"- {k}: {v:.1f}" for k, v in result.timings.items()]
    return "\n".join(parts) + "\n"


def manifest(result: CalibrationResult, command: str) -> dict[str, Any]:
    return {
        "command": command,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": package_version(),
        "git_revision": git_revision(),
        "config_file": str(result.loaded.path),
        "config": result.loaded.config.model_dump(mode="json"),
        "budget": result.budget.model_dump(),
        "quick": result.quick,
        "seeds": result.seeds,
        "jobs": result.jobs,
        "runs": result.runs,
        "evaluations": result.evaluations,
        "timings_s": result.timings,
        "estimates": result.estimates()
        .astype(object)
        .where(result.estimates().notna(), None)
        .to_dict(orient="list"),
        "notes": result.notes + result.inference.notes,
        "failed_runs": result.errors[:20],
        "moment_formulas": moment_table().set_index("moment")["formula"].to_dict(),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")

"""The Markdown of a calibration's report: estimates, moments, held-out validation, verdict."""

from __future__ import annotations

import math

from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.calibration.config_schema import CalibrationConfig
from nqpf.sim.experiments.report import markdown_table


def fmt(value: float, digits: int = 4) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:.{digits}g}"


def estimates_markdown(result: CalibrationResult) -> str:
    """The estimates table with the objective and the identification notes."""
    est = result.estimates()
    rows = [
        [
            r.parameter,
            fmt(r.estimate),
            fmt(r.se, 3),
            f"[{fmt(r.ci95_low)}, {fmt(r.ci95_high)}]",
            f"[{fmt(r.lower_bound)}, {fmt(r.upper_bound)}]",
            fmt(r.start_value),
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
        f"Objective J = {fmt(inf.j_stat)} at the estimate, {fmt(result.search.j_start)} "
        f"at the start values; {int(result.moments['targeted'].sum())} targeted moments, "
        f"{len(result.names)} "
        f"parameters, weighting '{result.loaded.config.estimation.weighting}', "
        f"R = {result.budget.replications} simulations per evaluation."
    )
    if inf.j_pvalue is not None:
        lines.append(
            f"Over-identification test: J/(1+1/R) = "
            f"{fmt(inf.j_stat / (1 + 1 / result.budget.replications))}, "
            f"chi2({inf.j_dof}) p-value {fmt(inf.j_pvalue, 3)}."
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
            fmt(r.data),
            fmt(r.data_se, 3),
            fmt(r.model_fit),
            fmt(r.model_start),
            fmt(r.t_fit, 3),
        ]
        for r in result.moments.itertuples()
    ]
    return (
        f"Window {window_words(cfg)}. t = (fitted - data) / bootstrap "
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
            fmt(r.mean_rmse_log_gdp, 3),
            fmt(r.median_rmse_log_gdp, 3),
            f"{r.mape_gdp:.2%}",
            f"{r.national_growth:.2%}",
            fmt(r.mean_abs_moment_error_in_se, 3),
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
                fmt(b.mean_rmse_log_gdp, 3),
                fmt(b.median_rmse_log_gdp, 3),
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
            fmt(r.data),
            fmt(r.data_se, 3),
            fmt(r.model_from_start),
            fmt(r.model_jumpoff),
            fmt(r.naive_trend),
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


def window_words(cfg: CalibrationConfig) -> str:
    """The fit's window in words, with the years its growth moments leave out."""
    words = f"{cfg.fit.start_year}-{cfg.fit.end_year}"
    if cfg.fit.skip_years:
        skipped = ", ".join(str(y) for y in sorted(set(cfg.fit.skip_years)))
        words += f" (growth of {skipped} left out)"
    return words

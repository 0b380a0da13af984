"""Target moments defined: each moment's key, formula, the columns it needs and how it is computed.

Symbols, for a window of years ``t0..T`` (``n = T - t0``) and provinces ``r = 1..N``:

=====================  ============================================================================
``Y_rt``               real GDP of province r in year t
``P_rt``               population
``K_rt``               capital stock; ``I_rt`` gross fixed investment
``rd_rt``              R&D intensity [% of GDP]
``g_r``                average annual real GDP growth, ``(Y_rT / Y_rt0)^(1/n) - 1``
``mean_r``, ``sd_r``   mean and standard deviation (ddof = 1) across provinces
=====================  ============================================================================

Skipped years (``[fit] skip_years`` of a config, e.g. the pandemic years 2020-2022, which the
model does not have): a growth moment then averages only the other years' growth, each from the
year before: ``g = (prod_(t kept) X_t / X_(t-1))^(1/m) - 1`` over the ``m`` kept years ``t`` of
``t0+1..T``, the same as ``(X_T / X_t0)^(1/n) - 1`` when none is skipped. Levels (at ``t0``,
``T`` or the sigma path's years) and the investment shares are not affected.

Every moment and its formula is listed in :data:`MOMENTS` (and in ``docs/calibration.md``).
Moments marked *yearly* expand into one moment per year: ``sd_log_gdp_pc`` at ``points``
evenly spaced years after ``t0`` ending at ``T`` (e.g. 2013, 2016, 2018 for 2011-2018 with
3 points), named ``sd_log_gdp_pc_2013`` and so on. The start year itself is never a target:
the model reproduces the data there by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nqpf.calibration.panel_window import PanelArrays

MACRO_REGIONS: tuple[str, ...] = ("east", "central", "west", "northeast")


@dataclass(frozen=True)
class Moment:
    """A target moment: its key, formula, the columns it needs and how it is computed."""

    key: str
    formula: str
    columns: tuple[str, ...]
    compute: Callable[[PanelArrays, int], dict[str, float]]
    yearly: bool = False


# ------------------------------------------------------------------------------ building blocks


def annual_growth(first: np.ndarray, last: np.ndarray, years: int) -> np.ndarray:
    """Average annual growth ``(last / first)^(1/years) - 1`` (NaN where not positive)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((first > 0) & (last > 0), last / first, np.nan)
        return ratio ** (1.0 / years) - 1.0


def window_growth(p: PanelArrays, series: np.ndarray) -> np.ndarray:
    """Average annual growth over the window of ``series`` (shape (..., years), the window's
    years in order): ``(X_T / X_t0)^(1/n) - 1``, or with skipped years the geometric mean of
    the kept years' growth from the year before (module doc). NaN where a value it reads is not
    positive (or missing)."""
    first, last = series[..., 0], series[..., -1]
    if not p.skip:
        return annual_growth(first, last, len(p.years) - 1)
    kept = [i for i in range(1, len(p.years)) if int(p.years[i]) not in p.skip]
    with np.errstate(divide="ignore", invalid="ignore"):
        before, after = series[..., [i - 1 for i in kept]], series[..., kept]
        ratio = np.where((before > 0) & (after > 0), after / before, np.nan)
        return np.exp(np.log(ratio).mean(axis=-1)) - 1.0


def ols_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Slope of the OLS regression of ``y`` on a constant and ``x`` (NaN pairs dropped)."""
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if len(x) < 3:
        return float("nan")
    xc = x - x.mean()
    denom = float(xc @ xc)
    return float(xc @ (y - y.mean()) / denom) if denom > 0 else float("nan")


def _sd(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(values.std(ddof=1)) if len(values) > 1 else float("nan")


def _mean(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(values.mean()) if len(values) else float("nan")


def _span(p: PanelArrays) -> tuple[int, int, int]:
    t0, t1 = int(p.years[0]), int(p.years[-1])
    return t0, t1, t1 - t0


def _gdp_growth(p: PanelArrays) -> np.ndarray:
    return window_growth(p, p.values["gdp"])


def _pop_growth(p: PanelArrays) -> np.ndarray:
    return window_growth(p, p.values["population"])


def _log_gdp_pc(p: PanelArrays, year: int) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(p.at("gdp", year) / p.at("population", year))


def sigma_years(start: int, end: int, points: int) -> list[int]:
    """Years of the sigma-convergence path: ``points`` evenly spaced after ``start``, ending at ``end``."""
    grid = np.floor(np.linspace(start, end, points + 1)[1:] + 0.5)  # round half up
    return sorted({int(y) for y in grid if y > start})


def _investment_share(p: PanelArrays) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        share = p.values["investment"] / p.values["gdp"]
    share = np.where(np.isfinite(share), share, np.nan)
    counts = np.isfinite(share).sum(axis=1)
    sums = np.nansum(share, axis=1)
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _total_investment_share(p: PanelArrays) -> float:
    inv, gdp = p.values["investment"], p.values["gdp"]
    years = np.isfinite(inv).all(axis=0) & np.isfinite(gdp).all(axis=0)
    if not years.any():
        return float("nan")
    return float(inv[:, years].sum() / gdp[:, years].sum())


GROWTH_ACCOUNTING_ALPHA = 0.5
"""Capital share of the growth accounting in ``solow_residual_growth`` [-] (Bai, Hsieh and Qian
2006; the model's default ``solow.alpha``), applied alike to data and model."""


def _yearly_totals(
    p: PanelArrays, column: str, total: Callable[[np.ndarray], float] = np.sum
) -> np.ndarray:
    """The sum over provinces of ``column`` in each year of the window, each year's column summed
    on its own (NumPy's pairwise sum of a column; ``total = np.nansum`` to pass over gaps)."""
    return np.array([total(p.at(column, int(y))) for y in p.years])


def _total_growth(p: PanelArrays, column: str) -> float:
    """Growth of the sum over provinces; NaN unless every province has every value the growth
    reads (both end values, or with skipped years every year's; a province missing in one year
    would otherwise move the national rate)."""
    read = p.values[column] if p.skip else p.values[column][:, [0, -1]]
    if not np.isfinite(read).all():
        return float("nan")
    return float(window_growth(p, _yearly_totals(p, column)))


def _solow_residual_growth(p: PanelArrays) -> float:
    a = GROWTH_ACCOUNTING_ALPHA
    gy, gk, gl = (_total_growth(p, c) for c in ("gdp", "capital", "labor"))
    return float((1.0 + gy) / ((1.0 + gk) ** a * (1.0 + gl) ** (1.0 - a)) - 1.0)


def _investment_share_change(p: PanelArrays) -> float:
    inv, gdp = p.values["investment"], p.values["gdp"]
    years = np.flatnonzero(np.isfinite(inv).all(axis=0) & np.isfinite(gdp).all(axis=0))
    if len(years) < 2 or years[0] != 0:  # the window's first year must have investment data
        return float("nan")
    first, last = years[0], years[-1]
    return float(
        inv[:, last].sum() / gdp[:, last].sum() - inv[:, first].sum() / gdp[:, first].sum()
    )


def _rd_shares(p: PanelArrays) -> dict[str, float]:
    _, t1, _ = _span(p)
    spend = p.at("rd_intensity", t1) * p.at("gdp", t1)
    total = float(np.nansum(spend))
    return {
        f"rd_share_{m}": float(np.nansum(spend[p.macro_region == m])) / total for m in MACRO_REGIONS
    }


# ------------------------------------------------------------------------------ the registry


def _define() -> dict[str, Moment]:
    def gdp_k(p: PanelArrays) -> np.ndarray:
        _, t1, _ = _span(p)
        with np.errstate(divide="ignore", invalid="ignore"):
            return p.at("capital", t1) / p.at("gdp", t1)

    def one(key, formula, columns, fn, yearly=False):
        return Moment(key, formula, columns, fn, yearly)

    defs = [
        one(
            "gdp_growth_mean",
            "mean_r g_r, g_r = (Y_rT / Y_rt0)^(1/n) - 1",
            ("gdp",),
            lambda p, _: {"gdp_growth_mean": _mean(_gdp_growth(p))},
        ),
        one(
            "gdp_growth_sd",
            "sd_r g_r",
            ("gdp",),
            lambda p, _: {"gdp_growth_sd": _sd(_gdp_growth(p))},
        ),
        one(
            "sd_log_gdp_pc",
            "sd_r ln(Y_rt / P_rt) at each year t of the sigma path",
            ("gdp", "population"),
            lambda p, k: {
                f"sd_log_gdp_pc_{y}": _sd(_log_gdp_pc(p, y))
                for y in sigma_years(int(p.years[0]), int(p.years[-1]), k)
            },
            yearly=True,
        ),
        one(
            "beta_convergence",
            "OLS slope b in g_r = a + b ln(Y_rt0 / P_rt0) + e_r",
            ("gdp", "population"),
            lambda p, _: {
                "beta_convergence": ols_slope(_log_gdp_pc(p, int(p.years[0])), _gdp_growth(p))
            },
        ),
        one(
            "population_growth_sd",
            "sd_r n_r, n_r = (P_rT / P_rt0)^(1/n) - 1 (net migration and natural growth)",
            ("population",),
            lambda p, _: {"population_growth_sd": _sd(_pop_growth(p))},
        ),
        one(
            "population_growth_slope",
            "OLS slope b in n_r = a + b ln(Y_rt0 / P_rt0) + e_r (migration toward rich provinces)",
            ("population", "gdp"),
            lambda p, _: {
                "population_growth_slope": ols_slope(
                    _log_gdp_pc(p, int(p.years[0])), _pop_growth(p)
                )
            },
        ),
        one(
            "investment_share_mean",
            "mean_r s_r, s_r = mean_t I_rt / Y_rt (years with data)",
            ("investment", "gdp"),
            lambda p, _: {"investment_share_mean": _mean(_investment_share(p))},
        ),
        one(
            "investment_share_sd",
            "sd_r s_r",
            ("investment", "gdp"),
            lambda p, _: {"investment_share_sd": _sd(_investment_share(p))},
        ),
        one(
            "investment_share_total",
            "sum_(r,t) I_rt / sum_(r,t) Y_rt over the years with investment data (the "
            "GDP-weighted investment share of all provinces)",
            ("investment", "gdp"),
            lambda p, _: {"investment_share_total": _total_investment_share(p)},
        ),
        one(
            "capital_growth_total",
            "(sum_r K_rT / sum_r K_rt0)^(1/n) - 1 (all provinces' capital)",
            ("capital",),
            lambda p, _: {
                "capital_growth_total": float(
                    window_growth(p, _yearly_totals(p, "capital", np.nansum))
                )
            },
        ),
        one(
            "capital_output_total",
            "sum_r K_rT / sum_r Y_rT (all provinces)",
            ("capital", "gdp"),
            lambda p, _: {
                "capital_output_total": float(
                    np.nansum(p.at("capital", int(p.years[-1])))
                    / np.nansum(p.at("gdp", int(p.years[-1])))
                )
            },
        ),
        one(
            "gdp_growth_total",
            "(sum_r Y_rT / sum_r Y_rt0)^(1/n) - 1 (national real GDP growth, GDP-weighted)",
            ("gdp",),
            lambda p, _: {"gdp_growth_total": _total_growth(p, "gdp")},
        ),
        one(
            "solow_residual_growth",
            "(1 + gY) / ((1 + gK)^a (1 + gL)^(1-a)) - 1, g the national (sum over provinces) "
            "growth of Y, K and L over the window, a = 0.5 (growth accounting alike for data and model)",
            ("gdp", "capital", "labor"),
            lambda p, _: {"solow_residual_growth": _solow_residual_growth(p)},
        ),
        one(
            "investment_share_change",
            "sum_r I_rT' / sum_r Y_rT' - sum_r I_rt0 / sum_r Y_rt0, T' the last year with "
            "investment data (change of the national investment share)",
            ("investment", "gdp"),
            lambda p, _: {"investment_share_change": _investment_share_change(p)},
        ),
        one(
            "capital_growth_mean",
            "mean_r (K_rT / K_rt0)^(1/n) - 1",
            ("capital",),
            lambda p, _: {"capital_growth_mean": _mean(window_growth(p, p.values["capital"]))},
        ),
        one(
            "capital_output_mean",
            "mean_r K_rT / Y_rT",
            ("capital", "gdp"),
            lambda p, _: {"capital_output_mean": _mean(gdp_k(p))},
        ),
        one(
            "capital_output_sd",
            "sd_r K_rT / Y_rT",
            ("capital", "gdp"),
            lambda p, _: {"capital_output_sd": _sd(gdp_k(p))},
        ),
        one(
            "rd_intensity_mean",
            "mean_r rd_rT",
            ("rd_intensity",),
            lambda p, _: {"rd_intensity_mean": _mean(p.at("rd_intensity", int(p.years[-1])))},
        ),
        one(
            "rd_intensity_sd",
            "sd_r rd_rT",
            ("rd_intensity",),
            lambda p, _: {"rd_intensity_sd": _sd(p.at("rd_intensity", int(p.years[-1])))},
        ),
        one(
            "rd_intensity_change",
            "mean_r (rd_rT - rd_rt0)",
            ("rd_intensity",),
            lambda p, _: {
                "rd_intensity_change": _mean(
                    p.at("rd_intensity", int(p.years[-1])) - p.at("rd_intensity", int(p.years[0]))
                )
            },
        ),
        one(
            "rd_growth_slope",
            "OLS slope b in g_r = a + b rd_rt0 + e_r (per point of % GDP)",
            ("rd_intensity", "gdp"),
            lambda p, _: {
                "rd_growth_slope": ols_slope(p.at("rd_intensity", int(p.years[0])), _gdp_growth(p))
            },
        ),
        one(
            "patent_growth_mean",
            "mean_r (Pat_rT / Pat_rt0)^(1/n) - 1",
            ("patents",),
            lambda p, _: {"patent_growth_mean": _mean(window_growth(p, p.values["patents"]))},
        ),
    ]
    for m in MACRO_REGIONS:
        defs.append(
            one(
                f"rd_share_{m}",
                f"sum_(r in {m}) rd_rT Y_rT / sum_r rd_rT Y_rT (share of R&D spending)",
                ("rd_intensity", "gdp"),
                lambda p, _, m=m: {f"rd_share_{m}": _rd_shares(p)[f"rd_share_{m}"]},
            )
        )
    return {d.key: d for d in defs}


MOMENTS: dict[str, Moment] = _define()
"""Every moment the calibration can target, by key (the names used in a calibration config)."""

"""The saving (= investment) rate of the agent economy: a path that starts at the data's and falls
with income per head and with ageing.

Pure functions of numbers; no agent, world or model.

``s_t = s_0 + b_y ln(y_t / y_0) + b_a (d_t - d_0)``

- ``s_0``: the start year's gross capital formation / GDP (``macro.saving_rate_start``);
- ``y_t / y_0``: real GDP per head relative to the start year;
- ``d_t``: the old-age dependency ratio (persons 65+ per person 15-64) of the calendar year,
  interpolated in the UN World Population Prospects 2024 medium variant (``OLD_AGE_DEPENDENCY``);
- ``b_y = macro.saving_income_effect`` (< 0: past the hump of the investment rate in income,
  García-Santana, Pijoan-Mas and Villacorta 2021), ``b_a = macro.saving_ageing_effect`` (< 0: the
  life-cycle effect of more retirees, Loayza, Schmidt-Hebbel and Servén 2000).

The rate is kept within ``SAVING_RATE_BOUNDS`` so that no parameter draw within the schema's ranges
can make saving negative or exhaust income.
"""

from __future__ import annotations

import numpy as np

OLD_AGE_DEPENDENCY: tuple[tuple[int, float], ...] = (
    (2000, 0.1025),
    (2005, 0.1099),
    (2010, 0.1189),
    (2015, 0.1404),
    (2020, 0.1822),
    (2025, 0.2140),
    (2030, 0.2638),
    (2035, 0.3367),
    (2040, 0.4159),
    (2045, 0.4613),
    (2050, 0.5229),
    (2055, 0.6273),
    (2060, 0.6896),
    (2065, 0.7218),
    (2070, 0.7599),
    (2075, 0.8378),
    (2080, 0.9682),
    (2085, 1.0929),
    (2090, 1.0638),
    (2095, 1.0208),
    (2100, 0.9890),
)
"""China's old-age dependency ratio, persons aged 65+ per person aged 15-64 [ratio], by year.
Source: United Nations, World Population Prospects 2024, medium variant (estimates to 2020,
projections after; CC BY 3.0 IGO; "United Nations, DESA, Population Division (2024). World
Population Prospects 2024."), column ``old_age_dependency_65plus_per_15_64`` of the project's
``china_working_age_5yearly_wpp2024.csv`` (five-year rows, about 1 July). Between the five-year points the ratio is interpolated linearly; outside, held
constant."""

SAVING_RATE_BOUNDS = (0.05, 0.8)
"""The rule's result is kept in this range [share of GDP]: no country records a gross capital
formation rate below 5 % for long (World Bank WDI, 1960-2023), and the provinces' summed GFCF
reached 0.59 of GDP (2013, shipped panel); 0.8 leaves room for calibration bounds."""


def old_age_dependency(year: float) -> float:
    """Persons 65+ per person 15-64 in ``year`` (WPP 2024 medium variant, linear between the
    five-year points) [ratio]."""
    years = np.array([y for y, _ in OLD_AGE_DEPENDENCY], dtype=float)
    ratios = np.array([d for _, d in OLD_AGE_DEPENDENCY], dtype=float)
    return float(np.interp(year, years, ratios))


def saving_rate(
    start_rate: float,
    income_ratio: float,
    year: float,
    start_year: float,
    *,
    income_effect: float,
    ageing_effect: float,
) -> float:
    """The saving (investment) rate of ``year`` [share of GDP].

    ``s = clip(s_0 + b_y ln(income_ratio) + b_a (d(year) - d(start_year)), 0.05, 0.8)`` with
    ``income_ratio`` real GDP per head over the start year's [-] and ``d`` the old-age
    dependency ratio. Equal to ``start_rate`` in the start year.
    """
    if income_ratio <= 0:
        raise ValueError(
            f"income_ratio must be positive (real GDP per head / start year's), got {income_ratio}"
        )
    ageing = old_age_dependency(year) - old_age_dependency(start_year)
    rate = start_rate + income_effect * np.log(income_ratio) + ageing_effect * ageing
    return float(np.clip(rate, *SAVING_RATE_BOUNDS))


def investment_gap(shares: np.ndarray, gdp: np.ndarray) -> np.ndarray:
    """Each region's log investment share over the nation's [log points].

    ``g_r = ln(i_r / i)``, ``i = sum_r i_r Y_r / sum_r Y_r`` (the regions' summed investment over
    their summed GDP), ``shares`` = ``i_r`` [share of GDP], ``gdp`` = ``Y_r`` [any unit, the
    same for every region]."""
    shares = np.asarray(shares, dtype=float)
    gdp = np.asarray(gdp, dtype=float)
    if np.any(shares <= 0) or not np.all(np.isfinite(shares)):
        raise ValueError(f"investment shares must be positive and finite, got {shares}")
    national = float(shares @ gdp / gdp.sum())
    return np.log(shares / national)


def home_investment_weight(gap: np.ndarray, persistence: float, years: float) -> np.ndarray:
    """Weight on a region's own saving in the home-biased placement of saving [x].

    ``w_r = exp(rho^t g_r)`` with ``g_r`` the start-year log gap (:func:`investment_gap`),
    ``rho`` the persistence [per year] and ``t`` the years since the start year: the region's
    investment share relative to the nation's, the gap shrinking geometrically in logs
    (``w = 1`` everywhere when ``g = 0``)."""
    return np.exp(persistence ** max(years, 0.0) * np.asarray(gap, dtype=float))


def home_placement(target: np.ndarray, committed: np.ndarray, home_total: float) -> np.ndarray:
    """Home-placed saving by region when it tops each region up to its target share of the home
    part plus the investment already committed in all regions [bn yuan].

    ``A_r = max(0, (H + N) t_r - N_r)``, scaled so that ``sum_r A_r = H``, with ``t_r =
    target_r / sum target`` the region's target share, ``N_r`` the investment already committed
    in the region (firms' capacity orders and the governments' infrastructure), ``N = sum_r N_r``
    and ``H`` = ``home_total``. The top-ups sum to at least ``H`` whenever ``H > 0``, so the
    scaling never divides by zero then; with ``H = 0`` nothing is placed. ``target`` [any unit,
    >= 0], ``committed`` [bn yuan, >= 0], ``home_total`` [bn yuan, >= 0]; a target of zeros
    (no region saves) places nothing. When no region's commitments exceed its target share,
    ``A_r + N_r`` (the region's investment apart from the mobile part of the pool) is exactly
    ``(H + N) t_r``."""
    target_total = float(np.sum(target))
    if target_total <= 0.0 or home_total <= 0.0:
        return np.zeros(len(target))
    shares = np.asarray(target, dtype=float) / target_total
    committed = np.asarray(committed, dtype=float)
    top_up = np.maximum(0.0, (home_total + committed.sum()) * shares - committed)
    return home_total * top_up / float(top_up.sum())

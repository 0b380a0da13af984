"""What the national accounts carry from year to year: firms' value added by double deflation
(``agents/firms/production.py`` ``measure_value_added``) and GDP at current and chain-linked
prices, nationally and by region (``agents/region.py`` ``produce_aggregate``). Part of the
``World`` (``sim/world.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class ValueAdded:
    """Firms' value added by double deflation (``agents/firms/production.py``).

    Intermediate inputs per unit of output are valued at the start-year input price (1), so
    value added at current prices is ``q (p_t - x)`` and at the previous year's prices
    ``q (p_{t-1} - x)``, ``x`` the inputs per unit [start-year yuan per reference yuan]."""

    nominal_by_industry: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Value added at current prices by industry this year [bn yuan]."""
    at_previous_prices_by_industry: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """This year's output and inputs valued at last year's prices, by industry [bn yuan]."""
    nominal_previous_by_industry: np.ndarray | None = None
    """``nominal_by_industry`` of last year (None before the first measured year) [bn yuan]."""
    real_by_industry: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Real value added by industry at start-year prices: this year's output and inputs valued
    at the start year's prices (fixed-base double deflation) [bn yuan]."""
    start_price: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """The industries' prices in the start year, the real measure's prices [yuan per unit]."""
    nominal_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms' value added at current prices by region this year [bn yuan]."""
    at_previous_prices_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """This year's output and inputs valued at last year's prices, by the firms' region
    [bn yuan]."""
    by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms' real value added by region: current prices over the GDP deflator [bn yuan]."""
    nominal: float = 0.0
    """Value added at current prices this year, all firms [bn yuan]."""
    goods_price_index: float = 1.0
    """Chain (Paasche) index of the modelled goods' prices, start year = 1:
    ``P_t = P_{t-1} sum_s p_s,t q_s,t / sum_s p_s,t-1 q_s,t`` [index]."""


@dataclass(slots=True)
class NationalAccounts:
    """GDP at current and at chain-linked constant prices (the NBS comparable-price method).

    The aggregate (services and rest-of-economy) sector's price is the numeraire, 1 every year.
    ``real_t = real_{t-1} x (Y_agg,t + VA_t at t-1 prices) / nominal_{t-1}``."""

    nominal: float = 0.0
    """GDP at current prices this year [bn yuan]."""
    real: float = 0.0
    """GDP chain-linked at previous-year prices, start-year prices as the reference [bn yuan]."""
    deflator: float = 1.0
    """nominal / real [start year = 1]."""
    measured: bool = False
    """Whether a year has been measured (the start year sets real = nominal)."""
    real_growth: float = 0.0
    """Growth of real GDP this year (the start year: ``macro.start_income_growth``) [1/year]."""
    volume_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Each region's GDP chain-linked: its own output and inputs valued at last year's
    (national) prices, the volume of what it produces (the method of the provinces'
    comparable-price growth), start year = nominal:
    ``V_r,t = V_r,t-1 x (Y_agg,r,t + VA_r,t at t-1 prices) / nominal_r,t-1`` [bn yuan].
    The regions' ``gdp`` is instead their nominal GDP over the national deflator (their income
    in the nation's prices, terms-of-trade gains included); the regions' chain links do not add
    up to the nation's, as with provincial and national statistics."""
    volume_growth_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Growth of ``volume_by_region`` this year (NaN in the start year) [1/year]."""

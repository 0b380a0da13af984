"""The venture and guidance fund sector (national): equity stakes in young firms of emerging and
future industries, marked with extrapolative beliefs; the bubble index.

Phase: fund valuation (8g, :func:`value_fund_stakes`), read by credit terms (5) and investment
(6) of the next year through the market multiples (:func:`equity_cost_factor`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import mesa
import numpy as np

from nqpf.sim.economics import compiled_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from nqpf.sim.config import Scenario
    from nqpf.sim.config.sections_finance import Finance
    from nqpf.sim.world import World

GROWTH_NEWS_BOUNDS = (-0.5, 0.5)
"""Revenue growth above the expected growth that funds extrapolate is clipped to this range
[1/year]."""
FUND_MULTIPLE_BOUNDS = (-3.0, 3.0)
"""Bounds of the log market multiple of the funds' stakes [-]."""
FUNDAMENTAL_BOUNDS = (0.05, 20.0)
"""Bounds of the fundamental value of a stake relative to its cost [-]."""
MIN_FUNDAMENTAL_RETURN = 0.02
"""Floor of the start-year gross return the fundamental value is relative to [1/year]."""


@dataclass(slots=True)
class FundState:
    """The venture and guidance fund sector (national): equity stakes in young firms.

    Funds mark each industry's stakes at a market multiple ``V_s`` that extrapolates the
    industry's revenue growth above what they expected and is pulled back towards the multiple of
    today's return ``A_s`` (their anchor); the fundamental multiple ``F_s`` is today's return
    after the capacity already under construction has arrived (what funds neglect):
    extrapolative beliefs with mean reversion and competition neglect (:func:`value_fund_stakes`).
    ``V_s / F_s`` is the industry's bubble index.
    """

    invested: float = 0.0
    """Equity paid in this year [bn yuan]."""
    written_off: float = 0.0
    """Stakes lost in exits this year [bn yuan]."""
    valuation: float = 0.0
    """Market value of all stakes [bn yuan]."""
    fundamental: float = 0.0
    """Fundamental value of all stakes [bn yuan]."""
    multiple: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Market value per yuan of stake by industry, V_s (1 in the start year) [x]."""
    fundamental_multiple: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Fundamental value per yuan of stake by industry, F_s: today's return once the capacity
    under construction has arrived [x]."""
    anchor_multiple: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Value per yuan of stake at today's return, A_s, what the funds' marks are pulled
    towards (1 in the start year) [x]."""
    expected_growth: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Revenue growth the funds expect by industry, the news they react to is growth above it
    [1/year]."""
    last_change: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Last year's change of ln V_s, what extrapolators read [-]."""

    @property
    def bubble_index(self) -> float:
        """Market valuation / fundamental value (1 without stakes) [ratio]."""
        return self.valuation / self.fundamental if self.fundamental > 0 else 1.0

    def industry_bubble(self, n_industries: int) -> np.ndarray:
        """``V_s / F_s`` by industry (1 before the first valuation) [ratio]."""
        if self.multiple.size != n_industries:
            return np.ones(n_industries)
        return self.multiple / np.maximum(self.fundamental_multiple, 1e-12)


class Fund(mesa.Agent):
    """The national fund sector: a view on ``model.world.fund``."""

    @property
    def valuation(self) -> float:
        return float(self.model.world.fund.valuation)

    @property
    def fundamental(self) -> float:
        return float(self.model.world.fund.fundamental)

    @property
    def bubble_index(self) -> float:
        return float(self.model.world.fund.bubble_index)


def value_fund_stakes(w: World, sc: Scenario, leaving: np.ndarray) -> None:
    """8g. Funds mark their stakes by industry, extrapolating growth news and their own marks'
    momentum with a pull back towards today's return (extrapolative beliefs: Barberis,
    Greenwood, Jin and Shleifer 2018; Greenwood and Shleifer 2014), and neglecting the capacity
    competitors have under construction (competition neglect: Greenwood and Hanson 2015)::

        A_s = clip((pi_s + delta) / max(pi0_s + delta, 0.02), 0.05, 20)   anchor: today's return
        F_s = clip(A_s x u_s^e / u_s, 0.05, 20)                           fundamental multiple
        u_s^e = min(1, u_s (1 + g_s)^T_s K_s / (K_s (1 - delta)^T_s + P_s))
        d ln V_s = m clip(gR_s - ge_s, -0.5, 0.5) + theta d ln V_s(last year)
                   - kappa (ln V_s - ln A_s)
        ge_s += lambda (gR_s - ge_s)                                      after the marks

    ``pi`` the industry's profit rate (``pi0`` in the start year), ``u`` its utilisation, ``K``
    its installed capital, ``P`` its capital under construction, ``T`` its time to build, ``g``
    the demand growth firms expect (``markets.demand_growth``: the spending mix's trend times the
    growth of goods spending, ``agents/region.py`` ``update_demand``): the fundamental is today's
    gross return scaled by the utilisation expected once the pipeline has arrived, at today's
    margin. ``gR`` the industry's revenue growth this year, ``ge`` the growth the funds expected
    (adaptive, weight ``lambda`` = ``finance.growth_expectation_weight``; ``g`` at the first
    valuation), ``m`` = ``finance.fund_momentum``, ``theta`` = ``finance.valuation_feedback``,
    ``kappa`` = ``finance.valuation_pull`` [1/year]. With ``theta`` above
    ``(1 - sqrt(kappa))^2`` (0.205 at ``kappa`` = 0.3; the roots of ``x^2 - (1 + theta -
    kappa) x + theta`` are complex) the multiple overshoots after a growth surprise and falls below
    its path later. The bubble index of an industry is ``V_s / F_s``: above one while funds value
    today's return and herds of entrants are still building, falling when their capacity comes
    on stream; the national one weighs it by the stakes held.
    """
    f, m, fin = w.firms, w.markets, sc.finance
    S = w.n_industries
    fund = w.fund
    kernel = compiled_path.compiled("books.fund_marks")
    if kernel is not None:  # the same numbers: the sums and the industry tables in kernels
        _value_compiled(kernel, w, sc, leaving)
        return
    stakes = np.bincount(f.industry, weights=f.fund_equity * ~leaving, minlength=S)
    installed = np.bincount(f.industry, weights=f.capital, minlength=S)
    building = np.bincount(f.industry, weights=f.under_construction, minlength=S)
    delta = sc.solow.delta
    anchor = np.clip(
        (m.profit_rate + delta) / np.maximum(m.profit_rate0 + delta, MIN_FUNDAMENTAL_RETURN),
        *FUNDAMENTAL_BOUNDS,
    )
    supply = _supply_factor(w, delta, installed, building)
    fundamental = np.clip(anchor * supply, *FUNDAMENTAL_BOUNDS)
    if fund.multiple.size != S:  # the first valuation: no history to extrapolate yet
        fund.multiple, fund.last_change = anchor.copy(), np.zeros(S)
        fund.expected_growth = w.markets.demand_growth.astype(float).copy()
    else:
        _extrapolate(fund, m.revenue_growth, anchor, fin)
    fund.anchor_multiple = anchor
    fund.fundamental_multiple = fundamental
    fund.valuation = float((stakes * fund.multiple).sum())
    fund.fundamental = float((stakes * fundamental).sum())


def _value_compiled(kernel: Callable, w: World, sc: Scenario, leaving: np.ndarray) -> None:
    """:func:`value_fund_stakes` by the kernels ``books.fund_marks`` and
    ``books.fund_extrapolation``; the powers, logs, exp and national sums stay NumPy's."""
    f, m, fin, fund, ind = w.firms, w.markets, sc.finance, w.fund, w.industries
    delta, ttb = sc.solow.delta, ind.time_to_build
    t = kernel(
        *(f.industry, f.fund_equity, leaving, f.capital, f.pipeline),
        *(m.profit_rate, m.profit_rate0, m.utilization),
        *((1.0 - delta) ** ttb, (1.0 + m.demand_growth) ** ttb, delta),
        *(MIN_FUNDAMENTAL_RETURN, *FUNDAMENTAL_BOUNDS),
    )
    stakes, fund.anchor_multiple, fund.fundamental_multiple = t[0], t[1], t[2]
    if fund.multiple.size != w.n_industries:  # the first valuation, as the reference
        fund.multiple, fund.last_change = t[1].copy(), np.zeros(w.n_industries)
        fund.expected_growth = w.markets.demand_growth.astype(float).copy()
    else:
        log_v = np.log(fund.multiple)
        step = compiled_path.compiled("books.fund_extrapolation")(
            *(m.revenue_growth, fund.expected_growth, fund.last_change, log_v, np.log(t[1])),
            *(fin.fund_momentum, fin.valuation_feedback, fin.valuation_pull),
            *(fin.growth_expectation_weight, *GROWTH_NEWS_BOUNDS, *FUND_MULTIPLE_BOUNDS),
        )
        fund.last_change, fund.expected_growth = step[1], step[2]
        fund.multiple = np.exp(step[0])
    fund.valuation = float((stakes * fund.multiple).sum())
    fund.fundamental = float(t[3].sum())


def _supply_factor(
    w: World, delta: float, installed: np.ndarray, building: np.ndarray
) -> np.ndarray:
    """``u^e / u`` by industry: utilisation once the capacity under construction has arrived
    and demand has grown at the growth firms expect for the time to build, relative to today's
    (1 where an industry has no capacity) [x]; equation in :func:`value_fund_stakes`.
    ``installed`` and ``building`` are the firms' installed capital and capital under
    construction by industry."""
    m, ttb = w.markets, w.industries.time_to_build
    future = installed * (1.0 - delta) ** ttb + building
    growth = (1.0 + m.demand_growth) ** ttb
    u = m.utilization
    expected = np.minimum(1.0, u * growth * installed / np.maximum(future, 1e-12))
    return np.where((u > 0) & (installed > 0), expected / np.maximum(u, 1e-12), 1.0)


def _extrapolate(
    fund: FundState, revenue_growth: np.ndarray, anchor: np.ndarray, fin: Finance
) -> None:
    """One year of the funds' extrapolative marks and expected growth (equation in
    :func:`value_fund_stakes`)."""
    surprise = np.clip(revenue_growth - fund.expected_growth, *GROWTH_NEWS_BOUNDS)
    log_v = np.log(fund.multiple)
    change = (
        fin.fund_momentum * surprise
        + fin.valuation_feedback * fund.last_change
        - fin.valuation_pull * (log_v - np.log(anchor))
    )
    new_log_v = np.clip(log_v + change, *FUND_MULTIPLE_BOUNDS)
    fund.last_change = new_log_v - log_v
    fund.multiple = np.exp(new_log_v)
    fund.expected_growth = fund.expected_growth + fin.growth_expectation_weight * (
        revenue_growth - fund.expected_growth
    )


def equity_cost_factor(w: World, sc: Scenario) -> np.ndarray:
    """Cost of fund equity relative to the hurdle, by industry: ``1 / V_s`` [x].

    A firm that sells a stake at a market multiple ``V_s`` of its fundamental-valued cost pays
    for the equity in proportion to ``1 / V_s``: a boom in valuations makes fund equity cheap
    and lowers the return young firms must expect (the entry channel of valuations)."""
    S = w.n_industries
    return 1.0 / np.maximum(w.fund.multiple if w.fund.multiple.size == S else np.ones(S), 1e-6)

"""The incumbents' plans: the shares of their investment that subsidies and funds pay, and
their planned capacity growth. The yearly orders (``investment.orders_numpy``; the compiled
``investment.orders`` kernel does the same arithmetic) and the start year's pipeline
(``sim/setup/firms.py`` ``share_pipeline_by_plans``) read the same rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents import financier
from nqpf.agents.firms.costs import capital_cost, firm_rd_share
from nqpf.sim.economics import markets

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


FUND_AGE_LIMIT = 5
"""Funds take equity in firms up to this age [years]."""


def fund_share_by_cell(w: World, sc: Scenario) -> np.ndarray:
    """Share of a young firm's investment that funds take as equity, regions x industries:
    venture funds ``finance.fund_share`` in every emerging and future industry, plus government
    guidance funds ``finance.guidance_fund_share`` where the region prioritises the industry
    (guidance funds follow the government's priorities, chosen by fit or by popularity)."""
    fin, young = sc.finance, w.costs.young_tiers[None, :]
    return young * (fin.fund_share + fin.guidance_fund_share * w.governments.priorities)


def subsidy_and_fund_shares(w: World, sc: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Each incumbent's subsidy rate (its cell's) and fund-equity share (its cell's while it is
    at most ``FUND_AGE_LIMIT`` years old, at most ``1 - subsidy``) [share of its investment]."""
    f = w.firms
    sub = f.at(w.governments.subsidy_rate)
    fund = np.minimum(f.at(fund_share_by_cell(w, sc)) * (f.age <= FUND_AGE_LIMIT), 1.0 - sub)
    return sub, fund


def planned_growth(
    w: World,
    sc: Scenario,
    cost: np.ndarray,
    interest: np.ndarray,
    sub: np.ndarray,
    fund: np.ndarray,
) -> np.ndarray:
    """Each incumbent's planned capacity growth [1/year]::

        g_i = clip(u_i g_s + beta (roi_i / (1 - sub_i) - hurdle_i), -delta, gmax)
        roi_i = (surplus(pe_s, c_i) - rd_i pe_s u_i) / k_s - delta
        hurdle_i = (r_i + premium) (1 - fund_i (1 - 1 / V_s))

    ``u_i`` the share of its plant the firm expects to run at the expected price ``pe_s``
    (``markets.used_share``), ``g_s`` the industry's expected demand growth, ``c_i`` its unit
    cost (``cost``), ``k_s`` the capital cost of a unit of capacity, ``r_i`` its loan rate
    (``interest``) [1/year], ``sub_i`` its subsidy rate and ``fund_i`` its fund-equity share
    [share], ``V_s`` the funds' market multiple (``financier.equity_cost_factor`` is ``1 / V``),
    ``beta`` = ``firms.investment_sensitivity``, ``gmax`` = ``firms.max_capacity_growth``.
    """
    f, m, fs, delta = w.firms, w.markets, sc.firms, sc.solow.delta
    industry = f.industry
    # industry tables read at each firm's industry by one gather each (np.take: the same numbers
    # as fancy indexing, faster); those used twice are read once
    pe = np.take(m.expected_price, industry)
    k = np.take(capital_cost(w), industry)
    spread = np.take(w.costs.spread, industry)
    demand_growth = np.take(m.demand_growth, industry)
    used = markets.used_share(pe, cost, spread)  # the share of its plant it expects to run
    rd_cost = firm_rd_share(w, fs.rd_share_base, fs.rd_share_slope) * pe * used
    roi = (markets.operating_surplus(pe, cost, spread) - rd_cost) / k - delta
    # fund equity sold at the funds' market multiple is cheaper in a valuation boom
    equity_cost = np.take(financier.equity_cost_factor(w, sc), industry)
    hurdle = (interest + fs.hurdle_premium) * (1.0 - fund * (1.0 - equity_cost))
    excess = roi / (1.0 - sub) - hurdle
    return np.clip(
        used * demand_growth + fs.investment_sensitivity * excess,
        -delta,
        fs.max_capacity_growth,
    )

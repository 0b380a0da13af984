"""Phase 8 of the year, the firms' part: profits, R&D, debt service, distress and exits.

The government's part (bail-outs, capacity retirement, closures, budgets) is in
``agents/government.py``, the banks' (losses, capital) in ``agents/financier.py``; the model calls
them in the order of design §4. One ``Settlement`` record carries the year's per-firm results
between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.firms.costs import firm_rd_share, rd_share
from nqpf.sim.economics import compiled_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

DISTRESS_EQUITY = 0.25
"""A firm with negative cash flow and equity below this share of assets is non-performing
(cannot service its loans from income, and its collateral cushion is thin) [share]."""
PAYOUT = 0.3
"""Share of positive cash flow paid out as dividends; the rest repays debt [share]."""
ENTRANT_ROOM = 64
"""Spare rows kept after the firms beyond the year's entrants, for next year's entrants to be
appended without copying the firms (memory layout only, no economics) [firms]."""


@dataclass(slots=True)
class Settlement:
    """Per-firm results of the year's settlement (index = firm row before exits) [bn yuan]."""

    interest: np.ndarray
    """Interest due this year."""
    rd_subsidy: np.ndarray
    """R&D and upgrading subsidies received."""
    zombie_support: np.ndarray
    """Interest paid by the local government for its zombies."""
    cash: np.ndarray
    """Cash flow: operating surplus - R&D + subsidies - interest."""
    repaid: np.ndarray
    """Debt repaid from positive cash flow."""
    capitalised: np.ndarray
    """Negative cash flow financed by new debt."""
    assets: np.ndarray
    """Assets after the year's results."""
    equity: np.ndarray
    """Assets less debt."""
    insolvent: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    non_performing: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Loans that cannot be serviced: insolvent, zombie, or negative cash flow with thin equity."""
    exit_mask: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Insolvent firms not kept alive."""
    retired: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Firms whose capacity the central government retires."""
    leaving: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """Exits plus retirements."""
    recovered: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capital of leaving firms resold to the aggregate sector."""
    bank_loss: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Debt of leaving firms not covered by recovered capital."""
    compensated: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Bank losses on retired capacity that the central government compensates."""
    rd_subsidy_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """``rd_subsidy`` summed by region (the fiscal close's subsidies) [bn yuan/year]."""
    zombie_support_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """``zombie_support`` summed by region (the fiscal close's subsidies) [bn yuan/year]."""


def book_results(w: World, sc: Scenario) -> Settlement:
    """Firms spend on R&D, receive subsidies, pay interest, repay debt or borrow to cover losses.

    ``cash_i = surplus_i - rd_i + sub_i - r_i D_i + zombie support``; profit = cash - delta K;
    positive cash repays debt above the target leverage, at most (1 - PAYOUT) of cash; negative
    cash is borrowed.
    """
    f, g = w.firms, w.governments
    gov, delta = sc.government, sc.solow.delta
    kernel = compiled_path.compiled("settlement.book")
    if kernel is not None:
        return _book_compiled(kernel, w, sc)
    R = w.n_regions
    f.rd = firm_rd_share(w, sc.firms.rd_share_base, sc.firms.rd_share_slope) * f.revenue
    w.flows.rd_by_region = np.bincount(f.region, weights=f.rd, minlength=R)  # before exits
    rd_sub = gov.rd_subsidy_rate * f.rd * f.at(g.priorities)
    # upgrade subsidies for traditional priorities: retrofit spending of delta K at the rate
    upgrade = f.at(g.upgrade_rate) * delta * f.capital
    f.upgrading = np.where(f.capital > 0, upgrade / np.maximum(f.capital, 1e-12), 0.0)
    rd_sub = rd_sub + upgrade
    interest = f.interest_rate * f.debt
    zombie_support = np.where(f.zombie, interest, 0.0)
    cash = f.operating_surplus - f.rd + rd_sub - interest + zombie_support
    f.profit = cash - delta * f.capital
    f.subsidy = f.subsidy + rd_sub + zombie_support
    # positive cash flow repays debt down to the target leverage; the rest is paid out
    assets_now = f.assets
    above_target = np.maximum(0.0, f.debt - sc.finance.initial_leverage * assets_now)
    repay = np.where(cash > 0, np.minimum(above_target, (1 - PAYOUT) * cash), 0.0)
    shortfall = np.where(cash < 0, -cash, 0.0)
    f.debt = f.debt - repay + shortfall
    assets = assets_now  # capital + capital under construction: repayments do not change it
    fl = w.flows
    fl.subsidy_received = f.subsidy.sum()
    fl.firm_surplus_net_of_rd = float((f.operating_surplus - f.rd).sum())
    fl.firm_interest = float(interest.sum())
    fl.firm_payouts = float(np.where(cash > 0, cash - repay, 0.0).sum())
    return Settlement(
        interest=interest,
        rd_subsidy=rd_sub,
        zombie_support=zombie_support,
        cash=cash,
        repaid=repay,
        capitalised=shortfall,
        assets=assets,
        equity=assets - f.debt,
        rd_subsidy_by_region=np.bincount(f.region, weights=rd_sub, minlength=R),
        zombie_support_by_region=np.bincount(f.region, weights=zombie_support, minlength=R),
    )


def _book_compiled(kernel: Callable, w: World, sc: Scenario) -> Settlement:
    """``book_results`` by the compiled kernel ``settlement.book``: the same numbers."""
    f, g, fl = w.firms, w.governments, w.flows
    fs = sc.firms
    shares = rd_share(w.industries.tech_intensity, fs.rd_share_base, fs.rd_share_slope)
    region_scale = w.costs.rd_scale * w.regions.rd_effort
    (f.rd, f.upgrading, f.profit, f.subsidy, f.debt, *results, by_region, scratch) = kernel(
        f.industry, f.region, f.revenue, f.capital, f.pipeline, f.debt, f.interest_rate,
        f.zombie, f.operating_surplus, f.subsidy, shares, region_scale, g.priorities,
        g.upgrade_rate, sc.government.rd_subsidy_rate, sc.solow.delta,
        sc.finance.initial_leverage, 1 - PAYOUT, w.n_regions,
    )  # fmt: skip
    fl.rd_by_region = by_region[0]
    fl.subsidy_received = f.subsidy.sum()
    totals = scratch.sum(axis=1)  # each row's NumPy (pairwise) sum, as row.sum()
    fl.firm_surplus_net_of_rd = float(totals[0])
    fl.firm_interest = float(results[0].sum())
    fl.firm_payouts = float(totals[1])
    return Settlement(
        *results, rd_subsidy_by_region=by_region[1], zombie_support_by_region=by_region[2]
    )


def find_distress(w: World, s: Settlement) -> None:
    """Insolvent (equity < 0) and non-performing firms (insolvent, last year's zombies, or negative
    cash flow with equity below ``DISTRESS_EQUITY`` of assets); governments decide on zombies next."""
    kernel = compiled_path.compiled("settlement.distress")
    if kernel is not None:
        s.insolvent, s.non_performing = kernel(
            s.equity, s.cash, s.assets, w.firms.zombie, DISTRESS_EQUITY
        )
        return
    s.insolvent = s.equity < 0
    distressed = (s.cash < 0) & (s.equity < DISTRESS_EQUITY * s.assets)
    s.non_performing = s.insolvent | w.firms.zombie | distressed


def exit_firms(w: World, sc: Scenario, s: Settlement) -> None:
    """Leaving firms' capital is resold at the recovery rate or written off; their unpaid debt is
    the banks' loss, their fund stakes the funds' loss."""
    f, fl = w.firms, w.flows
    kernel = compiled_path.compiled("settlement.exits")
    if kernel is not None:
        s.leaving, s.recovered, s.bank_loss, s.compensated, recovered, n_exits, scratch = kernel(
            s.exit_mask, s.retired, s.assets, f.debt, f.fund_equity, f.region,
            sc.firms.recovery_rate, w.n_regions,
        )  # fmt: skip
        w.regions.recovered_capital = recovered
        totals = scratch.sum(axis=1)  # each row's NumPy (pairwise) sum, as row.sum()
        fl.written_off_capital = totals[0] + fl.closed_capital
        fl.exits = int(n_exits)
        w.fund.written_off = totals[1]
        fl.debt_repaid = s.repaid.sum()
        fl.debt_capitalised = s.capitalised.sum()
        fl.debt_of_exits = totals[2]
        fl.recovered = float(s.recovered.sum())
        fl.firm_loans_written_off = float(s.bank_loss.sum())
        fl.firm_payouts += float(totals[3])
        return
    s.leaving = s.exit_mask | s.retired
    leaving = s.leaving
    s.recovered = sc.firms.recovery_rate * s.assets * leaving
    written_off = np.where(leaving, s.assets - s.recovered, 0.0)
    s.bank_loss = np.where(leaving, np.maximum(0.0, f.debt - s.recovered), 0.0)
    s.compensated = np.where(s.retired & ~s.exit_mask, s.bank_loss, 0.0)
    w.regions.recovered_capital = np.bincount(f.region, weights=s.recovered, minlength=w.n_regions)
    fl.written_off_capital = written_off.sum() + fl.closed_capital
    fl.exits = int(leaving.sum())
    w.fund.written_off = (f.fund_equity * leaving).sum()
    fl.debt_repaid = s.repaid.sum()
    fl.debt_capitalised = s.capitalised.sum()
    fl.debt_of_exits = (f.debt * leaving).sum()
    # recovered capital is bought by the aggregate sector; it repays the debt, the rest is the
    # owners'; debt it does not cover is written off
    fl.recovered = float(s.recovered.sum())
    fl.firm_loans_written_off = float(s.bank_loss.sum())
    fl.firm_payouts += float(np.where(leaving, np.maximum(0.0, s.recovered - f.debt), 0.0).sum())


def record_industry_results(w: World, leaving: np.ndarray) -> None:
    """Industry profit rates, revenue growth, investment, exits, output and cumulative output."""
    f, m, S = w.firms, w.markets, w.n_industries
    kernel = compiled_path.compiled("settlement.industry_sums")
    if kernel is not None:
        sums, cell_output = kernel(
            f.industry, f.region, f.capital, f.pipeline, f.profit, f.revenue, f.investment,
            leaving, f.output, S, w.n_regions,
        )  # fmt: skip
        k_assets, profit, revenue, investment, exits, output = sums
    else:
        k_assets = np.bincount(f.industry, weights=f.assets, minlength=S)
        profit = np.bincount(f.industry, weights=f.profit, minlength=S)
        revenue = np.bincount(f.industry, weights=f.revenue, minlength=S)
        investment = np.bincount(f.industry, weights=f.investment, minlength=S)
        exits = np.bincount(f.industry, weights=leaving.astype(float), minlength=S)
        output = np.bincount(f.industry, weights=f.output, minlength=S)
        cells = w.n_regions * S
        cell_output = np.bincount(f.region * S + f.industry, weights=f.output, minlength=cells)
    m.profit_rate = np.where(k_assets > 0, profit / np.maximum(k_assets, 1e-12), 0.0)
    if m.profit_rate0 is None:
        m.profit_rate0 = m.profit_rate.copy()
    m.revenue_growth = np.where(
        m.revenue_prev > 0, revenue / np.maximum(m.revenue_prev, 1e-12) - 1.0, 0.0
    )
    m.revenue_prev = revenue
    m.investment, m.exits, m.output, m.cell_output = investment, exits, output, cell_output
    m.profit, m.assets = profit, k_assets
    w.learning.cumulative_output = w.learning.cumulative_output + m.output


def remove_exits(w: World, leaving: np.ndarray) -> np.ndarray:
    """Drop the leaving firms from the arrays; returns their ids."""
    f = w.firms
    if not leaving.any():
        return np.zeros(0, dtype=np.int64)
    gone = f.id[leaving]
    # spare rows for next year's entrants, as many as this year's
    f.drop(leaving, w.flows.entries + ENTRANT_ROOM)
    return gone

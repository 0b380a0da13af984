"""Financiers: regional banks (one per region) and the national venture/guidance fund sector.

Banks lend to the firms of their region at the policy rate plus a risk spread, book interest and
losses, and lend less when their capital falls toward the requirement. Funds take equity in young
firms of emerging and future industries; their valuations extrapolate industry growth, which is
the bubble indicator. Financiers also channel the saving firms do not use to the regions'
aggregate sectors (the capital flow).

Phases: credit terms (5), bank close (8), saving allocation (8b). The funds' state and their
valuation phase are in :mod:`nqpf.agents.funds` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.base import RegionRowAgent
from nqpf.agents.funds import Fund, FundState, equity_cost_factor, value_fund_stakes
from nqpf.sim.economics import compiled_path, flows, rates
from nqpf.sim.economics.saving import home_investment_weight, home_placement

__all__ = [
    "BankArrays",
    "Bank",
    "Fund",
    "FundState",
    "allocate_saving",
    "close_banks",
    "equity_cost_factor",
    "set_credit_terms",
    "value_fund_stakes",
]

if TYPE_CHECKING:
    from collections.abc import Callable

    from nqpf.agents.firms.settlement import Settlement
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

BANK_COST = 0.005
"""Banks' operating cost per unit of loans [1/year]."""
MIN_LENDING_FACTOR = 0.1
"""Share of desired new lending a bank still grants at the capital requirement [share]."""
SLACK_UTILIZATION = 0.8
"""Utilisation below which banks see an industry's overcapacity as risk [0-1]."""
SLACK_RISK_WEIGHT = 3.0
"""Increase of perceived risk per point of utilisation below ``SLACK_UTILIZATION`` [-]."""
MOMENTUM_BOUNDS = (-0.5, 0.5)
"""Revenue growth an extrapolating bank reads is clipped to this range [1/year]."""
MOMENTUM_RISK_ELASTICITY = 6.0
"""Extrapolating banks' perceived risk is multiplied by exp(-this x revenue growth) [-]."""
NPL_RISK_WEIGHT = 0.5
"""Weight of the NPL ratio in a region's risk premium for saving allocation [-]."""
DEBT_RISK_WEIGHT = 0.02
"""Weight of local government debt / GDP in a region's risk premium [-]."""
UNIFIED_MARKET_HOME_BIAS = 0.5
"""Factor on the home bias of saving under a unified national market [-]."""


@dataclass(slots=True)
class BankArrays:
    """Regional banks' state; index = region."""

    loans: np.ndarray
    """Loans to firms [bn yuan]."""
    capital: np.ndarray
    """Bank capital (equity) [bn yuan]."""
    npl: np.ndarray
    """Non-performing loans this year [bn yuan]."""
    losses: np.ndarray
    """Loans written off this year [bn yuan/year]."""
    interest_income: np.ndarray
    """Interest earned this year [bn yuan/year]."""
    lending_factor: np.ndarray
    """Share of desired new lending granted this year [0.1-1]."""
    gov_loans: np.ndarray = None  # type: ignore[assignment]
    """Loans to the local government's financing vehicles (LGFV) [bn yuan]."""

    def __post_init__(self) -> None:
        if self.gov_loans is None:
            self.gov_loans = np.zeros(len(self.loans))

    def total_loans(self) -> np.ndarray:
        """Loans to firms and to financing vehicles [bn yuan]."""
        return self.loans + self.gov_loans

    def capital_ratio(self) -> np.ndarray:
        """Capital / all loans (1 where there are no loans)."""
        total = self.total_loans()
        return np.where(total > 0, self.capital / np.maximum(total, 1e-12), 1.0)

    def lending_factor_for(self, requirement: float, target: float) -> np.ndarray:
        """Share of desired new lending a bank grants: 1 at or above the target capital ratio,
        falling linearly to ``MIN_LENDING_FACTOR`` at the requirement (capital adequacy)."""
        span = max(target - requirement, 1e-6)
        return np.clip((self.capital_ratio() - requirement) / span, MIN_LENDING_FACTOR, 1.0)


class Bank(RegionRowAgent):
    """A regional bank: a view on row ``index`` of ``model.world.banks``."""

    def _value(self, name: str) -> float:
        return float(getattr(self.model.world.banks, name)[self.index])

    @property
    def loans(self) -> float:
        """Loans to firms [bn yuan]."""
        return self._value("loans")

    @property
    def capital_ratio(self) -> float:
        """Capital / loans (1 without loans) [share]."""
        return float(self.model.world.banks.capital_ratio()[self.index])

    @property
    def npl_ratio(self) -> float:
        """Non-performing loans / all loans (0 without loans) [share]."""
        b = self.model.world.banks
        total = float(b.total_loans()[self.index])
        return float(b.npl[self.index] / total) if total > 0 else 0.0

    def summary(self) -> dict[str, float]:
        """Loans to firms and to LGFVs, capital, NPLs and losses [bn yuan] and the two ratios
        [share] (inspector)."""
        names = ("loans", "gov_loans", "capital", "npl", "losses")
        out = {name: self._value(name) for name in names}
        out["npl_ratio"] = self.npl_ratio
        total = out["loans"] + out["gov_loans"]
        out["capital_ratio"] = self.capital_ratio if total > 0 else float("nan")
        return out


# ---------------------------------------------------------------------------------- phases
def set_credit_terms(w: World, sc: Scenario) -> None:
    """5. Banks price each firm's loans from its perceived risk and set their lending factor.

    ``r_i = policy_rate + base_spread x risk_i``; prudent risk = leverage (debt over assets with
    fund stakes marked at the funds' market multiple, so a valuation boom raises collateral)
    relative to the target
    x (1 + 3 x slack of the industry); extrapolating banks (weight ``bank_extrapolation``) scale
    it by exp(-6 x revenue growth); protected and state-owned firms' risk is cut by the implicit
    guarantee.
    """
    f, fin, m = w.firms, sc.finance, w.markets
    # collateral: assets with the fund stakes marked at the funds' market multiple
    multiple = w.fund.multiple if w.fund.multiple.size == w.n_industries else None
    kernel = compiled_path.compiled("finance.credit_terms")
    if kernel is not None:  # the same numbers in one pass (the industry factors as below)
        slack = np.maximum(0.0, SLACK_UTILIZATION - m.utilization)
        momentum = np.clip(m.revenue_growth, *MOMENTUM_BOUNDS)
        kernel(  # this year's rates replace last year's in ``f.interest_rate``
            f.region,
            f.industry,
            f.state_owned,
            f.capital,
            f.pipeline,
            f.fund_equity,
            f.debt,
            w.governments.protected.ravel(),
            np.zeros(0) if multiple is None else multiple - 1,
            1.0 + SLACK_RISK_WEIGHT * slack,
            np.exp(-MOMENTUM_RISK_ELASTICITY * momentum),
            max(fin.initial_leverage, 1e-6),
            1 - fin.bank_extrapolation,
            fin.bank_extrapolation,
            fin.implicit_guarantee,
            rates.policy(sc),
            fin.base_spread,
            f.interest_rate,
        )
    else:
        book = f.assets
        stake = np.minimum(f.fund_equity, np.maximum(book, 0.0))
        assets = (
            book if multiple is None else np.maximum(book + stake * (multiple[f.industry] - 1), 0)
        )
        lev = np.where(assets > 0, f.debt / np.maximum(assets, 1e-12), 1.0)
        slack = np.maximum(0.0, SLACK_UTILIZATION - m.utilization)[f.industry]
        prudent = (lev / max(fin.initial_leverage, 1e-6)) * (1.0 + SLACK_RISK_WEIGHT * slack)
        momentum = np.clip(m.revenue_growth, *MOMENTUM_BOUNDS)[f.industry]
        risk = (1 - fin.bank_extrapolation) * prudent + fin.bank_extrapolation * prudent * np.exp(
            -MOMENTUM_RISK_ELASTICITY * momentum
        )
        protected = f.at(w.governments.protected) | f.state_owned
        risk = risk * (1.0 - fin.implicit_guarantee * protected)
        f.interest_rate = rates.policy(sc) + fin.base_spread * risk
    w.banks.lending_factor = w.banks.lending_factor_for(
        fin.capital_requirement, fin.initial_capital_ratio
    )


def close_banks(w: World, sc: Scenario, s: Settlement) -> None:
    """8e. Banks book interest, losses and NPLs (firm loans and LGFV loans); they pay dividends
    while capital stays at or above the target ratio, and the state restores capital below the
    requirement (recapitalisation, a transfer from the central government).

    Profit ``P = interest - r_d (L + G - E) - BANK_COST (L + G) - losses + compensation``;
    with ``E1 = E + P`` and ``T = L' + G'``, dividends
    ``min(max(payout x max(P, 0), E1 - c_max T), max(0, E1 - target T))``: nothing below the
    target ratio, the payout share of profit above it, everything above the ceiling
    ``c_max = 2 target - requirement`` (a management band as wide above the target as the
    target is above the requirement);
    recapitalisation ``max(0, requirement (L' + G') - E'')``. Deposits ``L + G - E`` are the
    balance-sheet counterpart of loans (households' and governments' deposits).
    """
    f, b, g, fin, fl = w.firms, w.banks, w.governments, sc.finance, w.flows
    R = w.n_regions
    leaving = s.leaving
    kernel = compiled_path.compiled("books.bank_close")
    if kernel is not None:  # the same numbers: one pass over the firms, one over the banks
        _close_banks_compiled(kernel, w, sc, s)
        return
    survivors = ~leaving
    interest = np.bincount(f.region, weights=s.interest, minlength=R)
    loss_firms = np.bincount(f.region, weights=s.bank_loss, minlength=R)
    compensation = np.bincount(f.region, weights=s.compensated, minlength=R)
    npl_firms = np.bincount(f.region, weights=f.debt * (s.non_performing & ~leaving), minlength=R)
    loans_after = np.bincount(f.region[survivors], weights=f.debt[survivors], minlength=R)
    fl.gov_loans_before = b.gov_loans.copy()
    fl.bank_interest_lgfv = rates.public_debt(sc) * b.gov_loans
    b.interest_income = interest + fl.bank_interest_lgfv
    fl.bank_loss_firms = float(loss_firms.sum())
    fl.compensated = float(compensation.sum())
    fl.bank_loss_lgfv = float(fl.lgfv_written_off.sum())
    b.losses = loss_firms - compensation + fl.lgfv_written_off
    # bad LGFV loans are a share of the opening stock; repayments out of a surplus cure them, so
    # they are at most the governments' closing bank-held debt (the NPL ratio stays <= 1)
    lgfv_npl = fl.lgfv_bad - fl.lgfv_written_off
    b.npl = np.where(
        lgfv_npl > g.bank_held,
        npl_firms + g.bank_held,
        npl_firms + fl.lgfv_bad - fl.lgfv_written_off,
    )
    lent = b.loans + b.gov_loans
    deposit_interest = rates.deposit(sc) * (lent - b.capital)  # deposits: loans less capital
    operating = BANK_COST * lent
    fl.bank_deposit_interest = float(deposit_interest.sum())
    fl.bank_operating_cost = float(operating.sum())
    fl.bank_capital_before = b.capital.copy()
    fl.bank_funding_cost = deposit_interest + operating
    profit = b.interest_income - fl.bank_funding_cost - b.losses
    gov_loans_after = g.bank_held.copy()
    b.capital = b.capital + profit
    loans_total = loans_after + gov_loans_after
    room = np.maximum(0.0, b.capital - fin.initial_capital_ratio * loans_total)
    ceiling = 2.0 * fin.initial_capital_ratio - fin.capital_requirement
    above_ceiling = np.maximum(0.0, b.capital - ceiling * loans_total)
    fl.bank_dividends = np.minimum(
        np.maximum(fin.dividend_payout * np.maximum(profit, 0.0), above_ceiling), room
    )
    b.capital = b.capital - fl.bank_dividends
    shortfall = np.maximum(0.0, fin.capital_requirement * loans_total - b.capital)
    fl.bank_recapitalisation = shortfall
    b.capital = b.capital + shortfall
    w.central.spending += float(shortfall.sum())
    fl.loans_before = b.loans.copy()
    b.loans = loans_after
    b.gov_loans = gov_loans_after


def _close_banks_compiled(kernel: Callable, w: World, sc: Scenario, s: Settlement) -> None:
    """:func:`close_banks` by the kernel ``books.bank_close``, whose rows are the reference's
    arrays; the national sums stay NumPy's (pairwise, each row by itself)."""
    f, b, fin, fl = w.firms, w.banks, sc.finance, w.flows
    t = kernel(
        *(f.region, s.interest, s.bank_loss, s.compensated, f.debt, s.non_performing, s.leaving),
        *(b.loans, b.gov_loans, b.capital, w.governments.bank_held),
        *(fl.lgfv_bad, fl.lgfv_written_off, rates.public_debt(sc), rates.deposit(sc), BANK_COST),
        fin.initial_capital_ratio,
        2.0 * fin.initial_capital_ratio - fin.capital_requirement,
        *(fin.dividend_payout, fin.capital_requirement),
    )
    totals = t[:5].sum(axis=1)  # each row's NumPy (pairwise) sum, as row.sum()
    fl.bank_loss_firms, fl.compensated = float(totals[0]), float(totals[1])
    fl.bank_loss_lgfv = float(fl.lgfv_written_off.sum())
    fl.bank_deposit_interest, fl.bank_operating_cost = float(totals[2]), float(totals[3])
    fl.bank_recapitalisation = t[4]
    w.central.spending += float(totals[4])
    fl.gov_loans_before, fl.bank_interest_lgfv, b.interest_income = t[5], t[6], t[7]
    b.losses, b.npl, fl.bank_capital_before, fl.bank_funding_cost = t[8], t[9], t[10], t[11]
    fl.bank_dividends, b.capital = t[12], t[13]
    fl.loans_before, b.loans, b.gov_loans = t[14], t[15], t[16]


def allocate_saving(w: World, sc: Scenario) -> None:
    """8h. Saving left after firms' orders and government borrowing (local deficits, central
    bonds) goes to the regions' aggregate sectors: home bias plus a logit over risk-adjusted
    returns ``mpk_r - (0.5 npl_r + 0.02 debt_r / Y_r)`` (capital flow). With
    ``macro.regional_investment = "uniform"`` (or "auto" on a map other than china31) the home
    part ``H`` goes by own saving. With "data" (or "auto" on china31, the default there)
    it tops each region's investment up to its target share ``t_r`` of ``H + N``, the home part
    plus the investment already committed in all regions (firms' orders ``F_r`` and
    infrastructure ``G_r``, ``N = sum_r (F_r + G_r)``; :func:`saving.home_placement`), with ``t_r`` proportional to own saving times ``exp(rho^t
    g_r)``, the region's start-year investment share over the nation's: the state's channels
    (transfers, policy banks, local financing platforms) keep a province's total investment
    near its share in the data, the log gap ``g_r`` multiplied by ``rho`` each year.

    Planned saving is the year's saving rate (``macro``'s path) times nominal GDP, ``S_r = s_t
    Y_r``. Firms order capacity (phase 6) and governments borrow before this year's income is
    known. When planned saving falls short of these claims ``C = I_f + B``, they are still paid:
    households consume less (forced saving ``F = C - S``, shared by income, ``S_r' = S_r + F Y_r /
    Y``) and the aggregate sectors invest nothing. So the aggregate sector's gross investment is
    never negative and its capital ``K' = (1 - delta) K + I + resold`` never falls below
    ``(1 - delta) K``; national saving equals private investment plus government borrowing every
    year. The local governments' infrastructure spending (financed by their deficits, phase 8f)
    is added to their regions' aggregate investment: it is capital formation,
    ``I_r = I_r^private + infrastructure_r``.

    ``macro.saving_closure`` says what ``s_t Y`` is. "private" (the default): the private
    sector's saving, which pays government borrowing ``B`` one for one before the aggregate
    sectors invest, so national investment is ``s_t Y - (B - G)``. "national": national saving,
    so private saving is ``s_t Y + (B - G)`` (the governments' dissaving is offset) and national
    investment ``I_f + G + I^private`` is ``s_t Y`` (plus forced saving, now ``F = max(0, I_f + G
    - S)``).
    """
    reg, fin, s, fl = w.regions, sc.finance, sc.solow, w.flows
    planned = reg.saving_rate * reg.gdp_nominal
    infrastructure = fl.infrastructure if len(fl.infrastructure) else np.zeros(w.n_regions)
    # government borrowing draws on saving (crowding out); a local surplus frees it
    borrowing = float(fl.local_deficit.sum()) + fl.central_deficit
    claims = fl.firm_orders + borrowing
    if sc.macro.saving_closure == "national":
        # the path is national saving: private saving adds the governments' dissaving (their
        # borrowing net of the infrastructure it pays for), so investment is the path's
        offset = borrowing - float(infrastructure.sum())
    else:
        offset = 0.0
    forced = max(0.0, claims - offset - float(planned.sum()))
    saving = planned + (forced + offset) * reg.gdp_nominal / reg.gdp_nominal.sum()
    pool = max(0.0, float(saving.sum()) - claims)
    mpk = s.alpha * reg.aggregate_output / np.maximum(reg.capital, 1e-9) - s.delta
    b = w.banks
    total = b.total_loans()
    npl = np.where(total > 0, b.npl / np.maximum(total, 1e-12), 0.0)
    risk = NPL_RISK_WEIGHT * npl + DEBT_RISK_WEIGHT * w.governments.debt / reg.gdp_nominal
    home = fin.home_bias * (UNIFIED_MARKET_HOME_BIAS if sc.central.unified_market else 1.0)
    # the part placed at home goes by own saving ("uniform"), or tops each region's investment up
    # to a target share that follows own saving tilted by the region's persistent investment
    # share ("data", and "auto" on china31: transfers and policy lending; the weight is 1 with
    # "uniform")
    home_weight = home_investment_weight(
        reg.investment_gap, sc.macro.investment_gap_persistence, w.year - w.start_year
    )
    home_target = saving * home_weight
    if sc.investment_shares_from_data:
        # the home channel tops each region's total investment up to its share of the data's
        # (firms' orders and infrastructure already placed there count against it)
        home_target = home_placement(
            home_target, fl.firm_orders_by_region + infrastructure, home * pool
        )
    private = flows.allocate_saving(
        pool,
        home_target,
        reg.gdp,
        mpk - risk,
        home_bias=home,
        sensitivity=fin.allocation_sensitivity,
    )
    # infrastructure the local governments paid for (out of their deficits) is capital formation
    # in the region's aggregate sector, installed with the private investment
    reg.investment = private + infrastructure
    fl.capital_inflow = private + fl.firm_orders_by_region + fl.local_deficit - saving
    fl.saving = float(saving.sum())
    fl.forced_saving = forced

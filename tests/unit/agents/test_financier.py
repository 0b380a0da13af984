"""Financiers' phases (agents/financier.py): credit terms, the banks' close and the allocation
of saving (fund valuation: test_funds.py)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nqpf.agents import financier, region
from nqpf.agents.financier import BankArrays
from nqpf.agents.firms import settlement
from nqpf.sim.economics import rates
from tests.builders import small_world


def _banks(capital, loans):
    n = len(loans)
    return BankArrays(
        loans=np.asarray(loans, float),
        capital=np.asarray(capital, float),
        npl=np.zeros(n),
        losses=np.zeros(n),
        interest_income=np.zeros(n),
        lending_factor=np.ones(n),
    )


def test_capital_ratio_and_lending_factor():
    b = _banks([14.0, 10.5, 12.25, 5.0, 3.0], [100.0, 100.0, 100.0, 100.0, 0.0])
    np.testing.assert_allclose(b.capital_ratio(), [0.14, 0.105, 0.1225, 0.05, 1.0])
    # 1 at the target ratio, 0.1 (the floor) at and below the requirement, linear between
    np.testing.assert_allclose(b.lending_factor_for(0.105, 0.14), [1.0, 0.1, 0.5, 0.1, 1.0])
    # LGFV loans count in the ratio like loans to firms
    b.gov_loans = np.array([0.0, 0.0, 0.0, 0.0, 30.0])
    assert b.capital_ratio()[4] == pytest.approx(0.1)


def test_credit_terms_price_leverage_slack_and_guarantees():
    w, sc, _ = small_world(finance={"bank_extrapolation": 0.0, "implicit_guarantee": 0.4})
    f, fin = w.firms, sc.finance
    w.markets.utilization = np.full(w.n_industries, 0.9)  # no slack anywhere ...
    w.markets.utilization[0] = 0.6  # ... but in industry 0: slack 0.2
    w.governments.protected = np.zeros_like(w.governments.protected)
    f.state_owned = np.zeros(f.n, dtype=bool)
    f.state_owned[:3] = True
    f.pipeline = np.zeros_like(f.pipeline)
    f.debt = fin.initial_leverage * f.capital  # leverage at target: prudent risk 1
    w.fund.multiple = np.ones(w.n_industries)  # fund stakes valued at cost
    financier.set_credit_terms(w, sc)
    base = rates.policy(sc) + fin.base_spread
    slack = f.industry == 0
    private = ~f.state_owned & (f.capital > 0)  # firms without assets count as fully levered
    assert f.interest_rate[f.capital == 0] == pytest.approx(
        rates.policy(sc)
        + fin.base_spread / fin.initial_leverage * (1 + 0.6 * slack[f.capital == 0])
    )
    np.testing.assert_allclose(f.interest_rate[private & ~slack], base)
    np.testing.assert_allclose(
        f.interest_rate[private & slack], rates.policy(sc) + fin.base_spread * 1.6
    )
    guaranteed = f.state_owned & ~slack
    np.testing.assert_allclose(
        f.interest_rate[guaranteed], rates.policy(sc) + fin.base_spread * 0.6
    )
    # twice the leverage, twice the spread
    f.debt = 2 * fin.initial_leverage * f.capital
    financier.set_credit_terms(w, sc)
    np.testing.assert_allclose(
        f.interest_rate[private & ~slack], rates.policy(sc) + 2 * fin.base_spread
    )


def test_extrapolating_banks_lend_cheaper_to_growing_industries():
    w, sc, _ = small_world(finance={"bank_extrapolation": 1.0, "implicit_guarantee": 0.0})
    w.markets.utilization = np.full(w.n_industries, 0.9)
    w.markets.revenue_growth = np.zeros(w.n_industries)
    w.markets.revenue_growth[1] = 0.1
    f = w.firms
    financier.set_credit_terms(w, sc)
    spread = f.interest_rate - rates.policy(sc)
    lev = f.debt / f.assets
    prudent = lev / sc.finance.initial_leverage
    growing = f.industry == 1
    np.testing.assert_allclose(
        spread[growing], sc.finance.base_spread * prudent[growing] * np.exp(-0.6)
    )
    np.testing.assert_allclose(spread[~growing], sc.finance.base_spread * prudent[~growing])


def _settle_until_banks(w, sc, rng):
    s = settlement.book_results(w, sc)
    settlement.find_distress(w, s)
    s.exit_mask = s.insolvent.copy()
    s.retired = np.zeros(w.firms.n, dtype=bool)
    settlement.exit_firms(w, sc, s)
    return s


def test_close_banks_capital_identity_with_losses():
    w, sc, rng = small_world(years=1, strategy={"priority_scale": 0.3})
    f, b, fin = w.firms, w.banks, sc.finance
    b.loans = np.bincount(f.region, weights=f.debt, minlength=w.n_regions)
    # the smallest firm of each region is deep underwater: it leaves and its bank loses money
    for r in range(w.n_regions):
        rows = np.flatnonzero((f.region == r) & (f.capital > 0))
        i = rows[np.argmin(f.assets[rows])]
        f.debt[i] = 3.0 * f.assets[i] + 1.0
    # capital between requirement and target: neither dividends nor recapitalisation
    s = _settle_until_banks(w, sc, rng)
    assert s.leaving.sum() >= w.n_regions
    w.flows.lgfv_written_off = np.zeros(w.n_regions)  # no debt stress this year
    w.flows.lgfv_bad = np.zeros(w.n_regions)
    gov_loans = b.gov_loans.copy()
    assert (gov_loans > 0).all()
    # capital such that some bank ends the year between requirement and target (found by trial
    # on copies: the year's losses differ from region to region)
    mid = 0.5 * (fin.capital_requirement + fin.initial_capital_ratio) * b.total_loans()
    for scale in np.linspace(0.5, 4.0, 36):
        trial, trial_s = copy.deepcopy(w), copy.deepcopy(s)
        trial.banks.capital = scale * mid
        financier.close_banks(trial, sc, trial_s)
        fl = trial.flows
        if ((fl.bank_dividends == 0) & (fl.bank_recapitalisation == 0)).any():
            break
    b.capital = scale * mid
    capital = b.capital.copy()
    loans = b.loans.copy()
    interest = np.bincount(f.region, weights=s.interest, minlength=w.n_regions)
    interest += rates.public_debt(sc) * gov_loans  # LGFV loans earn the debt rate
    losses = np.bincount(
        f.region,
        weights=np.where(s.leaving, np.maximum(0, f.debt - s.recovered), 0),
        minlength=w.n_regions,
    )
    assert (losses > 0).all()
    financier.close_banks(w, sc, s)
    funding = rates.deposit(sc) * (loans + gov_loans - capital) + financier.BANK_COST * (
        loans + gov_loans
    )
    np.testing.assert_allclose(b.losses, losses)
    np.testing.assert_allclose(b.interest_income, interest)
    no_payout = (w.flows.bank_dividends == 0) & (w.flows.bank_recapitalisation == 0)
    assert no_payout.any()
    np.testing.assert_allclose(
        b.capital[no_payout], (capital + interest - funding - losses)[no_payout], rtol=1e-12
    )
    # the identity with dividends and recapitalisation, in every region
    np.testing.assert_allclose(
        b.capital,
        capital
        + interest
        - funding
        - losses
        - w.flows.bank_dividends
        + w.flows.bank_recapitalisation,
        rtol=1e-12,
    )
    # loans become the survivors' debt; LGFV loans the governments' bank-held debt
    survivors = ~s.leaving
    np.testing.assert_allclose(
        b.loans, np.bincount(f.region[survivors], weights=f.debt[survivors], minlength=w.n_regions)
    )
    np.testing.assert_allclose(b.gov_loans, w.governments.bank_held)


def test_close_banks_dividends_retention_and_recapitalisation():
    """Below the target ratio earnings are retained; between target and ceiling the payout share
    of profit is paid; above the ceiling the excess; below the requirement the state injects."""
    w, sc, rng = small_world(years=1)
    b, fin, fl = w.banks, sc.finance, w.flows
    s = _settle_until_banks(w, sc, rng)
    fl.lgfv_written_off = np.zeros(w.n_regions)
    fl.lgfv_bad = np.zeros(w.n_regions)
    ceiling = 2 * fin.initial_capital_ratio - fin.capital_requirement
    # rich (above the ceiling), in the band, below target, broke; "below target" starts just
    # above the requirement, so that a year's profit (2-3 % of loans) leaves it below the target
    band_ratio = fin.initial_capital_ratio + 0.1 * (ceiling - fin.initial_capital_ratio)
    below_ratio = fin.capital_requirement + 0.005
    ratios = np.array([1.0, band_ratio, below_ratio, -0.5, -0.5])
    b.capital = ratios * b.total_loans()
    before = b.capital.copy()
    central = w.central.spending
    financier.close_banks(w, sc, s)
    total_after = b.total_loans()
    profit = (b.capital - before) + fl.bank_dividends
    profit -= fl.bank_recapitalisation
    rich, band, below, broke = 0, 1, 2, np.array([3, 4])
    assert b.capital[rich] == pytest.approx(ceiling * total_after[rich])
    assert fl.bank_dividends[rich] > fin.dividend_payout * max(profit[rich], 0)
    assert profit[band] > 0 and fl.bank_dividends[band] == pytest.approx(
        fin.dividend_payout * profit[band]
    )
    assert fl.bank_dividends[below] == 0.0 and fl.bank_recapitalisation[below] == 0.0
    np.testing.assert_allclose(b.capital[broke], fin.capital_requirement * total_after[broke])
    assert (fl.bank_dividends[broke] == 0).all()
    assert w.central.spending == pytest.approx(central + fl.bank_recapitalisation.sum())


def test_lgfv_write_offs_are_bank_losses_and_npls():
    w, sc, rng = small_world(years=1)
    b, fl = w.banks, w.flows
    s = _settle_until_banks(w, sc, rng)
    s.bank_loss = np.zeros(w.firms.n)
    s.compensated = np.zeros(w.firms.n)
    s.non_performing = np.zeros(w.firms.n, dtype=bool)
    fl.lgfv_bad = 0.5 * b.gov_loans
    fl.lgfv_written_off = 0.1 * fl.lgfv_bad
    financier.close_banks(w, sc, s)
    np.testing.assert_allclose(b.losses, fl.lgfv_written_off)
    np.testing.assert_allclose(b.npl, fl.lgfv_bad - fl.lgfv_written_off)
    assert fl.bank_loss_lgfv == pytest.approx(fl.lgfv_written_off.sum())


def test_valuation_boom_cheapens_young_firms_equity_and_raises_collateral():
    w, sc, _ = small_world(years=1)
    S = w.n_industries
    w.fund.multiple = np.ones(S)
    np.testing.assert_allclose(financier.equity_cost_factor(w, sc), 1.0)
    financier.set_credit_terms(w, sc)
    calm = w.firms.interest_rate.copy()
    w.fund.multiple = np.full(S, 2.0)
    np.testing.assert_allclose(financier.equity_cost_factor(w, sc), 0.5)
    financier.set_credit_terms(w, sc)
    staked = w.firms.fund_equity > 0
    assert staked.any()
    # marked-up stakes are collateral: firms with stakes borrow cheaper, others pay the same
    assert (w.firms.interest_rate[staked] <= calm[staked]).all()
    assert (w.firms.interest_rate[staked] < calm[staked]).any()
    np.testing.assert_allclose(w.firms.interest_rate[~staked], calm[~staked])


def test_allocate_saving_closes_the_saving_identity_and_follows_returns():
    w, sc, _ = small_world(years=1)
    reg = w.regions
    financier.allocate_saving(w, sc)
    saving = (reg.saving_rate * reg.gdp_nominal).sum()
    borrowing = w.flows.local_deficit.sum() + w.flows.central_deficit
    assert borrowing > 0  # government borrowing crowds out the aggregate sectors' investment
    infrastructure = w.flows.infrastructure
    assert infrastructure.sum() > 0  # local infrastructure is capital formation in the regions
    private = reg.investment.sum() - infrastructure.sum()
    assert w.flows.firm_orders + private + borrowing == pytest.approx(saving, rel=1e-12)
    assert w.flows.saving == pytest.approx(saving) and w.flows.forced_saving == 0.0
    assert w.flows.capital_inflow.sum() == pytest.approx(
        -w.flows.central_deficit, abs=1e-9 * saving
    )
    # a local surplus frees saving for investment, one for one
    invest = reg.investment.sum()
    w.flows.local_deficit = w.flows.local_deficit - 10.0
    financier.allocate_saving(w, sc)
    assert reg.investment.sum() == pytest.approx(invest + 10.0 * w.n_regions, rel=1e-12)
    # borrowing beyond saving: the aggregate sectors invest nothing, households save the rest
    w.flows.local_deficit = np.full(w.n_regions, saving)
    financier.allocate_saving(w, sc)
    np.testing.assert_allclose(reg.investment, infrastructure)  # no private investment
    fl = w.flows
    assert fl.saving == pytest.approx(
        fl.firm_orders + fl.local_deficit.sum() + fl.central_deficit, rel=1e-12
    )
    assert fl.forced_saving == pytest.approx(fl.saving - saving, rel=1e-12)
    w.flows.local_deficit = np.full(w.n_regions, borrowing / w.n_regions)
    # a region whose aggregate sector is more productive attracts more capital
    before = reg.investment.copy()
    reg.aggregate_output = reg.aggregate_output.copy()
    reg.aggregate_output[2] *= 1.5
    financier.allocate_saving(w, sc)
    assert reg.investment[2] > before[2]


def test_national_saving_closure_invests_the_saving_path_whatever_the_governments_borrow():
    """With ``macro.saving_closure = "national"`` the path s_t Y is national saving: national
    investment (orders, infrastructure, the aggregate sectors') equals it, private saving adds
    the governments' dissaving, and a local deficit no longer crowds out investment; the
    accounts' identities (saving = investment + borrowing, inflows sum to minus the central
    borrowing) still hold."""
    w, sc, _ = small_world(years=1)
    sc = sc.with_overrides({"macro.saving_closure": "national"})
    reg, fl = w.regions, w.flows
    planned = float((reg.saving_rate * reg.gdp_nominal).sum())
    borrowing = fl.local_deficit.sum() + fl.central_deficit
    infrastructure = fl.infrastructure.sum()
    assert borrowing > infrastructure > 0  # the governments dissave
    financier.allocate_saving(w, sc)
    assert fl.firm_orders + reg.investment.sum() == pytest.approx(planned, rel=1e-12)
    assert fl.saving == pytest.approx(planned + borrowing - infrastructure, rel=1e-12)
    private = reg.investment.sum() - infrastructure
    assert fl.firm_orders + private + borrowing == pytest.approx(fl.saving, rel=1e-12)
    assert fl.capital_inflow.sum() == pytest.approx(-fl.central_deficit, abs=1e-9 * planned)
    assert fl.forced_saving == 0.0
    # a larger current deficit (not infrastructure) changes nothing of national investment
    invest = reg.investment.sum()
    fl.local_deficit = fl.local_deficit + 10.0
    financier.allocate_saving(w, sc)
    assert reg.investment.sum() == pytest.approx(invest, rel=1e-12)
    # under the default closure the same deficit crowds out its amount of investment
    default = sc.with_overrides({"macro.saving_closure": "private"})
    financier.allocate_saving(w, default)
    short = planned - fl.firm_orders - reg.investment.sum()
    assert short == pytest.approx(fl.local_deficit.sum() + fl.central_deficit - infrastructure)


def test_orders_of_firms_that_exit_stay_in_the_capital_flows():
    """Firms that order capacity and exit in the same year: their orders were paid from saving,
    so they stay in their region's inflow, and the inflows sum to minus the central government's
    borrowing (the regions' saving less their investment and their governments' deficits)."""
    w, sc, _ = small_world(years=1)
    orders = w.flows.firm_orders_by_region
    assert orders.sum() == pytest.approx(w.flows.firm_orders, rel=1e-12)
    surviving = np.bincount(w.firms.region, weights=w.firms.investment, minlength=w.n_regions)
    assert orders.sum() > surviving.sum()  # some firms that ordered have left
    financier.allocate_saving(w, sc)
    np.testing.assert_allclose(
        w.flows.capital_inflow,
        w.regions.investment
        - w.flows.infrastructure
        + orders
        + w.flows.local_deficit
        - w.regions.saving_rate * w.regions.gdp_nominal,
    )
    gap = w.flows.capital_inflow.sum() + w.flows.central_deficit
    assert abs(gap) <= 1e-12 * w.flows.saving


def test_orders_beyond_the_years_saving_are_paid_by_forced_saving():
    """Orders placed against last year's saving that exceed this year's: the aggregate sectors
    invest nothing (never a negative amount), households save the gap in proportion to income,
    saving equals investment and the aggregate capital stays at least (1 - delta) K."""
    w, sc, _ = small_world(years=1)
    reg, fl = w.regions, w.flows
    fl.local_deficit = np.zeros(w.n_regions)  # no government borrowing: orders alone
    fl.infrastructure = np.zeros(w.n_regions)
    fl.central_deficit = 0.0
    planned = reg.saving_rate * reg.gdp_nominal
    fl.firm_orders = 1.25 * float(planned.sum())
    share = np.array([0.9, 0.025, 0.025, 0.025, 0.025])  # orders concentrated in region 0
    fl.firm_orders_by_region = fl.firm_orders * share
    financier.allocate_saving(w, sc)
    assert (reg.investment >= 0.0).all()  # nothing, up to rounding in saving - claims
    np.testing.assert_allclose(reg.investment, 0.0, atol=1e-12 * planned.sum())
    assert fl.forced_saving == pytest.approx(0.25 * planned.sum(), rel=1e-12)
    assert fl.saving == pytest.approx(fl.firm_orders, rel=1e-12)
    saving_r = planned * 1.25
    np.testing.assert_allclose(fl.capital_inflow, fl.firm_orders_by_region - saving_r)
    assert abs(fl.capital_inflow.sum()) <= 1e-12 * fl.saving
    capital = reg.capital.copy()
    region.install_capital(w, sc.solow.delta)
    assert (reg.capital >= (1.0 - sc.solow.delta) * capital).all()
    # orders within the year's saving: no forced saving, the rest goes to the aggregate sectors
    fl.firm_orders = 0.5 * float(planned.sum())
    fl.firm_orders_by_region = fl.firm_orders * share
    financier.allocate_saving(w, sc)
    assert fl.forced_saving == 0.0
    assert reg.investment.sum() == pytest.approx(0.5 * planned.sum(), rel=1e-12)
    assert (reg.investment > 0).all()

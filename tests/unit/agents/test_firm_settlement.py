"""Firms' settlement (agents/firms/settlement.py): results, distress, exits and the industry
record."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents.firms import settlement
from tests.builders import small_world


def _plain(w):
    """No R&D (no revenue), no R&D or upgrading subsidies, pipeline empty."""
    f, g = w.firms, w.governments
    f.revenue = np.zeros(f.n)
    f.subsidy = np.zeros(f.n)
    g.priorities = np.zeros_like(g.priorities)
    g.upgrade_rate = np.zeros_like(g.upgrade_rate)
    f.pipeline = np.zeros_like(f.pipeline)
    f.zombie = np.zeros(f.n, dtype=bool)
    f.capital = np.full(f.n, 100.0)
    f.interest_rate = np.full(f.n, 0.05)
    return f


def test_book_results_cash_profit_repayment_and_borrowing():
    w, sc, _ = small_world(finance={"initial_leverage": 0.5})
    f = _plain(w)
    delta = sc.solow.delta
    f.debt = np.full(f.n, 80.0)  # 30 above the target leverage 0.5 x 100
    f.operating_surplus = np.zeros(f.n)
    f.operating_surplus[0] = 24.0  # cash 24 - 4 = 20: repays min(30, 0.7 x 20) = 14
    f.operating_surplus[1] = 100.0  # cash 96: repays the 30 above target
    f.operating_surplus[2] = 1.0  # cash -3: borrows 3
    f.zombie[3] = True  # a zombie's interest is paid by its government: cash 0
    s = settlement.book_results(w, sc)
    np.testing.assert_allclose(s.interest[:4], 4.0)
    np.testing.assert_allclose(s.cash[:4], [20.0, 96.0, -3.0, 0.0])
    np.testing.assert_allclose(s.repaid[:4], [14.0, 30.0, 0.0, 0.0])
    np.testing.assert_allclose(s.capitalised[:4], [0.0, 0.0, 3.0, 0.0])
    np.testing.assert_allclose(f.debt[:4], [66.0, 50.0, 83.0, 80.0])
    np.testing.assert_allclose(f.profit[:4], np.array([20.0, 96.0, -3.0, 0.0]) - delta * 100.0)
    assert s.zombie_support[3] == pytest.approx(4.0) and f.subsidy[3] == pytest.approx(4.0)
    np.testing.assert_allclose(s.equity, s.assets - f.debt)
    assert w.flows.subsidy_received == pytest.approx(f.subsidy.sum())


def test_book_results_rd_and_its_subsidies():
    w, sc, _ = small_world(
        firms={"rd_share_base": 0.01, "rd_share_slope": 0.0}, government={"rd_subsidy_rate": 0.5}
    )
    f, g = w.firms, w.governments
    w.costs.rd_scale = np.ones(w.n_regions)
    f.revenue = np.full(f.n, 200.0)
    g.upgrade_rate = np.zeros_like(g.upgrade_rate)
    g.priorities = np.zeros_like(g.priorities)
    g.priorities[f.region[0], f.industry[0]] = True
    s = settlement.book_results(w, sc)
    np.testing.assert_allclose(f.rd, 2.0)
    prio = g.priorities[f.region, f.industry]
    np.testing.assert_allclose(s.rd_subsidy, np.where(prio, 1.0, 0.0))
    np.testing.assert_allclose(
        w.flows.rd_by_region, np.bincount(f.region, minlength=w.n_regions) * 2.0
    )


def test_find_distress():
    w, sc, _ = small_world()
    f = _plain(w)
    f.debt = np.full(f.n, 10.0)
    f.operating_surplus = np.full(f.n, 10.0)
    s = settlement.book_results(w, sc)
    s.assets = np.full(f.n, 100.0)
    s.equity = np.full(f.n, 50.0)
    s.equity[0] = -1.0  # insolvent
    s.cash[1], s.equity[1] = -1.0, 20.0  # losing money with thin equity (20 % < 25 %)
    s.cash[2], s.equity[2] = -1.0, 30.0  # losing money, equity cushion enough
    f.zombie[3] = True  # last year's zombie
    settlement.find_distress(w, s)
    assert s.insolvent.tolist()[:4] == [True, False, False, False]
    assert s.non_performing.tolist()[:4] == [True, True, False, True]
    assert s.insolvent.sum() == 1 and s.non_performing.sum() == 3


def test_exit_firms_recovery_losses_and_compensation():
    w, sc, _ = small_world(firms={"recovery_rate": 0.3})
    f = _plain(w)
    f.debt = np.full(f.n, 10.0)
    f.fund_equity = np.full(f.n, 1.0)
    f.operating_surplus = np.full(f.n, 10.0)
    s = settlement.book_results(w, sc)
    s.exit_mask = np.zeros(f.n, dtype=bool)
    s.retired = np.zeros(f.n, dtype=bool)
    f.debt[:3] = [50.0, 20.0, 5.0]  # recovered capital 30 each
    s.assets[:3] = 100.0
    s.exit_mask[:2] = True
    s.retired[2] = True
    s.retired[0] = True  # exits and is retired: not compensated
    w.flows.closed_capital = 2.0
    settlement.exit_firms(w, sc, s)
    assert s.leaving.sum() == 3
    np.testing.assert_allclose(s.recovered[:3], 30.0)
    assert (s.recovered[3:] == 0).all()
    np.testing.assert_allclose(s.bank_loss[:3], [20.0, 0.0, 0.0])
    assert (s.compensated == 0).all()  # the retired firm's debt was covered
    assert w.flows.written_off_capital == pytest.approx(3 * 70.0 + 2.0)
    assert w.flows.exits == 3 and w.fund.written_off == pytest.approx(3.0)
    assert w.flows.debt_of_exits == pytest.approx(75.0)
    assert w.regions.recovered_capital.sum() == pytest.approx(90.0)
    # a retired firm whose debt exceeds what is recovered: the centre compensates the bank
    s.exit_mask[:] = False
    f.debt[2] = 45.0
    settlement.exit_firms(w, sc, s)
    assert s.compensated[2] == pytest.approx(15.0) and s.bank_loss[2] == pytest.approx(15.0)


def test_record_industry_results():
    w, _sc, _ = small_world()
    f, m = w.firms, w.markets
    f.profit = 0.1 * f.assets
    f.revenue = np.full(f.n, 2.0)
    m.revenue_prev = 1.6 * np.bincount(f.industry, minlength=w.n_industries)
    cumulative = w.learning.cumulative_output.copy()
    leaving = np.zeros(f.n, dtype=bool)
    leaving[:3] = True
    settlement.record_industry_results(w, leaving)
    has_assets = np.bincount(f.industry, weights=f.assets, minlength=w.n_industries) > 0
    np.testing.assert_allclose(m.profit_rate[has_assets], 0.1)
    np.testing.assert_allclose(m.revenue_growth[m.revenue_prev > 0], 0.25)
    np.testing.assert_allclose(m.exits, np.bincount(f.industry[:3], minlength=w.n_industries))
    output = np.bincount(f.industry, weights=f.output, minlength=w.n_industries)
    np.testing.assert_allclose(w.learning.cumulative_output, cumulative + output)


def test_remove_exits_keeps_ids_ascending():
    w, _sc, _ = small_world()
    f = w.firms
    ids = f.id.copy()
    leaving = np.zeros(f.n, dtype=bool)
    leaving[[0, 5, 7]] = True
    gone = settlement.remove_exits(w, leaving)
    np.testing.assert_array_equal(gone, ids[[0, 5, 7]])
    np.testing.assert_array_equal(w.firms.id, ids[~leaving])
    assert w.firms.row_of(int(ids[5])) == -1 and w.firms.row_of(int(ids[6])) == 4
    assert settlement.remove_exits(w, np.zeros(w.firms.n, dtype=bool)).size == 0

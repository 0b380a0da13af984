"""Fund valuation (agents/funds.py): extrapolated growth news, the pull to today's return, the
fundamental that counts the capacity under construction, and the bubble index."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nqpf.agents import funds
from tests.builders import small_world

S5 = 5  # an emerging industry of the small world with firms in it


def _calm(fin=None):
    """A small world whose industry ``S5`` has no capacity under construction, utilisation 0.5,
    expected demand growth 0 and start-year profits: today's return is the fundamental."""
    w, sc, _ = small_world(years=1, finance=fin or {})
    m, f, S = w.markets, w.firms, w.n_industries
    w.fund.multiple, w.fund.last_change = np.ones(S), np.zeros(S)
    w.industries = dataclasses.replace(
        w.industries, demand_growth=np.zeros(S), time_to_build=np.ones(S, dtype=int)
    )
    w.fund.expected_growth = np.zeros(S)
    m.demand_growth = np.zeros(S)
    m.revenue_growth = np.zeros(S)
    m.profit_rate = m.profit_rate0.copy()
    m.utilization = np.full(S, 0.5)
    f.pipeline[:] = 0.0
    f.fund_equity = np.where(f.industry == S5, 2.0, 0.0)
    return w, sc


def test_growth_news_is_extrapolated_and_expectations_adapt():
    fin = {"valuation_pull": 0.3, "fund_momentum": 2.0, "valuation_feedback": 0.0}
    fin["growth_expectation_weight"] = 0.34
    w, sc = _calm(fin)
    delta = sc.solow.delta
    none = np.zeros(w.firms.n, dtype=bool)
    stakes = 2.0 * (w.firms.industry == S5).sum()
    funds.value_fund_stakes(w, sc, none)
    # no news, start-year return: marks at the anchor (1); without a pipeline the fundamental is
    # today's return scaled by the utilisation once depreciation has shrunk capacity, 0.5/(1-d)
    assert w.fund.valuation == pytest.approx(stakes)
    supply = 0.5 / (1 - delta) / 0.5
    assert w.fund.fundamental_multiple[S5] == pytest.approx(supply)
    assert w.fund.industry_bubble(w.n_industries)[S5] == pytest.approx(1 / supply)
    # growth 10 points above what funds expected, momentum 2: ln V = 0.2
    w.markets.revenue_growth[S5] = 0.1
    funds.value_fund_stakes(w, sc, none)
    assert np.log(w.fund.multiple[S5]) == pytest.approx(0.2)
    assert w.fund.expected_growth[S5] == pytest.approx(0.034)
    # the same growth again is less news: ln V = 0.2 + 2 x 0.066 - 0.3 x 0.2
    funds.value_fund_stakes(w, sc, none)
    assert np.log(w.fund.multiple[S5]) == pytest.approx(0.2 + 2 * 0.066 - 0.06)
    # leaving firms' stakes are not valued
    funds.value_fund_stakes(w, sc, w.firms.industry == S5)
    assert w.fund.valuation == 0.0 and w.fund.bubble_index == 1.0


def test_fundamental_counts_the_capacity_competitors_are_building():
    # a pipeline as large as installed capital halves expected utilisation: the fundamental is
    # half of today's return, funds still mark at today's return: bubble index 2
    w, sc = _calm({"fund_momentum": 0.0, "valuation_feedback": 0.0})
    f, delta = w.firms, sc.solow.delta
    w.markets.demand_growth[S5] = 0.0
    f.pipeline[:, 0] = np.where(f.industry == S5, f.capital * (1 + delta), 0.0)  # K doubles
    funds.value_fund_stakes(w, sc, np.zeros(f.n, dtype=bool))
    assert w.fund.anchor_multiple[S5] == pytest.approx(1.0)
    assert w.fund.fundamental_multiple[S5] == pytest.approx(0.5)
    assert w.fund.industry_bubble(w.n_industries)[S5] == pytest.approx(2.0)
    # demand growing as fast as the pipeline adds capacity leaves the fundamental at today's
    w.markets.demand_growth[S5] = 1.0
    funds.value_fund_stakes(w, sc, np.zeros(f.n, dtype=bool))
    assert w.fund.fundamental_multiple[S5] == pytest.approx(1.0)
    # expected utilisation cannot exceed 1: at utilisation 0.8 the factor is at most 1 / 0.8
    w.markets.demand_growth[S5] = 5.0
    w.markets.utilization[S5] = 0.8
    funds.value_fund_stakes(w, sc, np.zeros(f.n, dtype=bool))
    assert w.fund.fundamental_multiple[S5] == pytest.approx(1 / 0.8)


def test_valuation_feedback_overshoots_then_busts():
    # extrapolators read last year's change of the valuation: one year of surprise growth makes
    # the multiple rise for more years, overshoot, then fall below today's return (boom and bust)
    fin = {"valuation_pull": 0.3, "fund_momentum": 2.0, "valuation_feedback": 0.5}
    fin["growth_expectation_weight"] = 0.0
    w, sc = _calm(fin)
    none = np.zeros(w.firms.n, dtype=bool)
    path = []
    for year in range(12):
        w.markets.revenue_growth = np.full(w.n_industries, 0.2 if year == 0 else 0.0)
        funds.value_fund_stakes(w, sc, none)
        path.append(w.fund.multiple[S5] / w.fund.anchor_multiple[S5])
    peak = int(np.argmax(path))
    assert peak >= 1 and path[peak] > path[0]  # the boom outlasts the surprise
    assert min(path[peak:]) < 1.0  # and turns into a bust below today's return


def test_first_valuation_is_at_todays_return_and_expects_the_firms_demand_growth():
    """At the first valuation funds expect the demand growth firms expect (the spending mix's
    trend and the growth of goods spending), not the mix's trend alone."""
    w, sc, _ = small_world(years=1)
    w.fund.multiple = np.zeros(0)
    w.markets.revenue_growth = np.full(w.n_industries, 0.5)
    funds.value_fund_stakes(w, sc, np.zeros(w.firms.n, dtype=bool))
    np.testing.assert_allclose(w.fund.multiple, w.fund.anchor_multiple)
    np.testing.assert_allclose(w.fund.expected_growth, w.markets.demand_growth)
    assert np.abs(w.markets.demand_growth - w.industries.demand_growth).max() > 0.005

"""The saving path: the data's rate in the start year, lower with income and ageing."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import saving

KW = {"income_effect": -0.03, "ageing_effect": -0.35}


def test_old_age_dependency_interpolates_wpp():
    assert saving.old_age_dependency(2025) == pytest.approx(0.2140)
    assert saving.old_age_dependency(2050) == pytest.approx(0.5229)
    assert saving.old_age_dependency(2023) == pytest.approx(0.1822 + 0.6 * (0.2140 - 0.1822))
    assert saving.old_age_dependency(1990) == pytest.approx(0.1025)  # held before the table
    years = [y for y, _ in saving.OLD_AGE_DEPENDENCY]
    assert years == sorted(years)


def test_saving_rate_starts_at_the_data_and_falls_with_income_and_ageing():
    assert saving.saving_rate(0.47, 1.0, 2023, 2023, **KW) == pytest.approx(0.47)
    richer = saving.saving_rate(0.47, np.e, 2023, 2023, **KW)
    assert richer == pytest.approx(0.47 - 0.03)
    older = saving.saving_rate(0.47, 1.0, 2050, 2023, **KW)
    d = saving.old_age_dependency(2050) - saving.old_age_dependency(2023)
    assert older == pytest.approx(0.47 - 0.35 * d)
    assert older < 0.47 - 0.1  # WPP's ageing to 2050 lowers the rate by more than 10 points


def test_saving_rate_stays_within_bounds_and_rejects_bad_income():
    low, high = saving.SAVING_RATE_BOUNDS
    assert (
        saving.saving_rate(0.06, 100.0, 2100, 2023, income_effect=-0.2, ageing_effect=-1.5) == low
    )
    assert saving.saving_rate(0.79, 100.0, 2023, 2023, income_effect=0.1, ageing_effect=0.0) == high
    with pytest.raises(ValueError, match="income_ratio must be positive"):
        saving.saving_rate(0.47, 0.0, 2030, 2023, **KW)


def test_investment_gap_is_the_log_share_over_the_gdp_weighted_nations():
    shares = np.array([0.25, 0.5, 1.0])
    gdp = np.array([2.0, 1.0, 1.0])
    gap = saving.investment_gap(shares, gdp)
    national = (0.25 * 2 + 0.5 + 1.0) / 4.0
    assert gap == pytest.approx(np.log(shares / national))
    assert np.exp(gap) @ gdp / gdp.sum() == pytest.approx(1.0)  # the nation's own share: gap 0
    with pytest.raises(ValueError, match="positive and finite"):
        saving.investment_gap(np.array([0.3, 0.0]), np.ones(2))


def test_home_investment_weight_decays_the_log_gap_geometrically():
    gap = np.array([-0.6, 0.0, 1.1])
    assert saving.home_investment_weight(gap, 0.98, 0) == pytest.approx(np.exp(gap))
    assert saving.home_investment_weight(gap, 0.98, 10) == pytest.approx(np.exp(0.98**10 * gap))
    assert saving.home_investment_weight(gap, 1.0, 27) == pytest.approx(np.exp(gap))  # persists
    assert saving.home_investment_weight(gap, 0.0, 1) == pytest.approx(np.ones(3))  # gone
    assert np.all(saving.home_investment_weight(np.zeros(3), 0.5, 3) == 1.0)  # uniform: exactly 1
    # before the start year the weight is the start year's
    assert saving.home_investment_weight(gap, 0.5, -2) == pytest.approx(np.exp(gap))


def test_home_placement_tops_each_region_up_to_its_target_share_of_investment():
    target = np.array([1.0, 2.0, 1.0])  # shares 0.25, 0.5, 0.25
    committed = np.array([10.0, 0.0, 5.0])
    home = saving.home_placement(target, committed, 25.0)
    # all of the home part is placed and each region's total is its share of H + N = 40
    assert home.sum() == pytest.approx(25.0)
    np.testing.assert_allclose(home + committed, [10.0, 20.0, 10.0])
    # a region whose commitments exceed its share gets nothing; the rest share the home part
    # by what they lack, so the whole home part is still placed
    home = saving.home_placement(target, np.array([30.0, 0.0, 0.0]), 10.0)
    assert home[0] == 0.0 and home.sum() == pytest.approx(10.0)
    np.testing.assert_allclose(home[1:], [10.0 * 20 / 30, 10.0 * 10 / 30])
    # nothing committed: the home part goes by the target shares
    np.testing.assert_allclose(saving.home_placement(target, np.zeros(3), 8.0), [2.0, 4.0, 2.0])
    # no pool, or no region saves: nothing placed (and no division by zero)
    assert np.all(saving.home_placement(target, committed, 0.0) == 0.0)
    assert np.all(saving.home_placement(np.zeros(3), committed, 5.0) == 0.0)

"""Inequality and duplication indices on closed forms, and the yearly records read from a world."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nqpf.sim.outputs import metrics
from tests.builders import small_world, textbook_world


def test_theil_zero_for_equal_incomes():
    assert metrics.theil_index(np.full(4, 80.0), np.array([1.0, 5.0, 20.0, 3.0])) == pytest.approx(
        0.0, abs=1e-15
    )


@pytest.mark.parametrize("n", [2, 5, 31])
def test_theil_tends_to_ln_n_when_one_region_has_everything(n):
    income = np.full(n, 1e-12)
    income[0] = 1.0
    assert metrics.theil_index(income, np.ones(n)) == pytest.approx(math.log(n), rel=1e-9)


def test_theil_two_regions_closed_form_and_population_weighting():
    # equal people, incomes 1 and 3: shares 1/4, 3/4, mean 2
    t = metrics.theil_index(np.array([1.0, 3.0]), np.array([1.0, 1.0]))
    assert t == pytest.approx(0.25 * math.log(0.5) + 0.75 * math.log(1.5))
    # people 3 and 1: incomes 3 and 3 -> shares 1/2, mean 1.5
    t2 = metrics.theil_index(np.array([1.0, 3.0]), np.array([3.0, 1.0]))
    assert t2 == pytest.approx(0.5 * math.log(1 / 1.5) + 0.5 * math.log(3 / 1.5))
    # scale free
    assert metrics.theil_index(np.array([7.0, 21.0]), np.array([2.0, 2.0])) == pytest.approx(t)


def test_similarity_identical_disjoint_and_single():
    same = np.array([[2.0, 1.0, 0.0], [4.0, 2.0, 0.0], [6.0, 3.0, 0.0]])
    assert metrics.similarity_index(same) == pytest.approx(1.0)
    disjoint = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert metrics.similarity_index(disjoint) == pytest.approx(0.0)
    assert math.isnan(metrics.similarity_index(np.array([[1.0, 2.0], [0.0, 0.0]])))
    # LQ vectors (1.5, 0.5) and (0.5, 1.5): cosine = 1.5 / 2.5
    half = np.array([[3.0, 1.0], [1.0, 3.0]])
    assert metrics.similarity_index(half) == pytest.approx(0.6)


def test_priority_overlap_equals_the_pairwise_definition():
    """The shortcut counts, for every ordered pair of different regions, the industries both
    prioritise (the off-diagonal of P P'), per pair and per region's list length."""
    rng = np.random.default_rng(3)
    for _ in range(200):
        n, s = int(rng.integers(1, 60)), int(rng.integers(1, 15))
        p = rng.random((n, s)) < rng.random()
        shared = sum(int((p[i] & p[j]).sum()) for i in range(n) for j in range(n) if i != j)
        expected = shared / max(n * (n - 1), 1) / max(p.sum(axis=1).mean(), 1)
        assert metrics.priority_overlap(p) == expected
    same = np.ones((4, 3), dtype=bool)
    assert metrics.priority_overlap(same) == pytest.approx(1.0)
    disjoint = np.eye(4, dtype=bool)
    assert metrics.priority_overlap(disjoint) == 0.0


def test_collect_reads_the_world():
    w, sc, _ = small_world(years=1)
    national, regions, industries, cells = metrics.collect(w, sc, (None, None))
    assert national["year"] == w.year and national["gdp"] == pytest.approx(w.regions.gdp.sum())
    assert national["n_firms"] == w.firms.n
    assert national["population"] == pytest.approx(w.regions.population.sum())
    gdp_pc = w.regions.gdp / w.regions.population
    assert national["theil_index"] == pytest.approx(
        metrics.theil_index(gdp_pc, w.regions.population)
    )
    assert math.isnan(national["gdp_growth"])
    # capital: aggregate sector + firms' assets + capital resold awaiting installation
    assert national["capital"] == pytest.approx(
        w.regions.capital.sum() + w.firms.assets.sum() + w.regions.recovered_capital.sum()
    )
    np.testing.assert_allclose(industries["price"], w.markets.price)
    # one TFP: the measured Solow residual; the structural index has its own name
    a = sc.solow.alpha
    assert national["tfp"] == pytest.approx(
        national["gdp"] / (national["capital"] ** a * national["labor"] ** (1 - a))
    )
    assert national["technology_index"] == pytest.approx(
        np.average(w.regions.tfp, weights=w.regions.gdp)
    )
    # capital services (idle capacity out) are below capital: adjusted TFP is higher
    assert national["tfp_utilization_adjusted"] > national["tfp"]
    assert national["gdp_nominal"] == pytest.approx(national["gdp"] * national["gdp_deflator"])
    assert national["industry_value_added_share"] + national["services_share"] == pytest.approx(1)
    assert regions["region"] == w.geography.name
    # region_industries: region-major cells that add up to the industry and region totals
    R, S = w.n_regions, w.n_industries
    assert list(cells["region"][:S]) == [w.geography.name[0]] * S
    assert list(cells["industry"][:S]) == list(w.industries.keys)
    by_industry = cells["output"].reshape(R, S).sum(axis=0)
    np.testing.assert_allclose(by_industry, w.markets.output, rtol=1e-12)
    np.testing.assert_array_equal(cells["n_firms"].reshape(R, S).sum(axis=0), industries["n_firms"])
    np.testing.assert_array_equal(cells["n_firms"].reshape(R, S).sum(axis=1), regions["n_firms"])
    np.testing.assert_allclose(
        cells["capacity"].reshape(R, S).sum(axis=1),
        np.bincount(w.firms.region, weights=w.firms.capacity, minlength=R),
    )
    np.testing.assert_array_equal(
        cells["prioritised"].reshape(R, S).sum(axis=0), industries["n_regions_prioritizing"]
    )
    # growth against last year's record
    prev = {"gdp": national["gdp"] / 1.05, "tfp": national["tfp"]}
    again, _, _, _ = metrics.collect(w, sc, (prev, w.regions.gdp / 1.1))
    assert again["gdp_growth"] == pytest.approx(0.05)
    assert again["tfp_growth"] == pytest.approx(0.0)


def test_collect_textbook_has_no_economy_columns():
    w, sc, _ = textbook_world()
    national, _regions, industries, cells = metrics.collect(w, sc, (None, None))
    assert industries is None and cells is None
    assert all(math.isnan(national[c]) for c in metrics.ECONOMY_NATIONAL)
    assert national["gdp"] == pytest.approx(w.regions.gdp.sum())

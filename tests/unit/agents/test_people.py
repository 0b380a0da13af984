"""People's phases (agents/people.py): demography, amenity calibration and migration."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from nqpf.agents import people, region
from tests.builders import small_world


def test_grow_population_follows_natural_change_and_workers_per_person():
    w, sc, _ = small_world(years=1)
    w.year += 1
    reg, p = w.regions, w.people
    k = w.year - w.start_year
    pop, talent, labor = reg.population.copy(), reg.talent.copy(), reg.labor.copy()
    reg.tfp_next = reg.tfp * 1.03
    people.grow_population(w, sc)
    np.testing.assert_allclose(reg.population, pop * (1 + p.natural_growth[k]), rtol=1e-14)
    np.testing.assert_allclose(reg.labor, reg.population * p.labor_per_person[k], rtol=1e-14)
    np.testing.assert_allclose(reg.talent / reg.labor, talent / labor, rtol=1e-12)
    np.testing.assert_allclose(reg.tfp, reg.tfp_next)


def test_labour_falls_faster_than_population_as_the_nation_ages():
    w, _sc, _ = small_world(world={"end_year": 2050})
    p = w.people
    # WPP 2024: the 15-64 share falls from about 0.70 (2023) to 0.59 (2050)
    assert p.working_age_share[-1] < p.working_age_share[0] - 0.05
    assert p.labor_per_person[-1] < p.labor_per_person[0]


def test_migrate_conserves_people_exactly():
    w, sc, _ = small_world(years=1)
    before = w.regions.population.sum()
    people.migrate(w, sc)
    assert w.regions.population.sum() == pytest.approx(before, rel=1e-13)
    assert w.flows.people_before == pytest.approx(before, rel=1e-15)
    assert w.flows.net_migration.sum() == pytest.approx(0.0, abs=1e-12 * before)
    k = w.year - w.start_year
    np.testing.assert_allclose(
        w.regions.labor, w.regions.population * w.people.labor_per_person[k], rtol=1e-12
    )


def test_amenities_reproduce_the_target_net_flows():
    w, sc, _ = small_world(years=1)
    target = np.array([0.05, -0.02, 0.01, -0.03, -0.01])  # million persons, sums to zero
    w.people.target_net_migration = target
    people.set_amenities(w, sc)
    assert w.people.amenity.mean() == pytest.approx(0.0, abs=1e-12)
    people.migrate(w, sc)
    np.testing.assert_allclose(w.flows.net_migration, target, atol=1e-10)


def test_migrate_moves_people_toward_higher_wages():
    w, sc, _ = small_world(years=1, talent={"subsidy_weight": 0.0})
    w.governments.talent_subsidy = np.zeros(w.n_regions)
    low = copy.deepcopy(w)
    rich = int(np.argmin(region.aggregate_wage(w, sc.solow.alpha)))  # the lowest wage, made highest
    w.regions.aggregate_output = w.regions.aggregate_output.copy()
    w.regions.aggregate_output[rich] *= 20.0
    assert np.argmax(region.aggregate_wage(w, sc.solow.alpha)) == rich
    people.migrate(low, sc)
    people.migrate(w, sc)
    assert w.flows.net_migration[rich] > 0
    assert w.flows.net_migration[rich] > low.flows.net_migration[rich]
    others = np.arange(w.n_regions) != rich
    assert (w.flows.net_migration[others] < low.flows.net_migration[others]).all()


def test_congestion_and_hukou_barriers_hold_people_back():
    w, sc, _ = small_world(years=1)
    base = copy.deepcopy(w)
    people.migrate(base, sc)
    crowded = copy.deepcopy(w)
    crowded.people.population0 = crowded.people.population0.copy()
    crowded.people.population0[0] /= 2.0  # region 0 has doubled since the start year
    people.migrate(crowded, sc)
    assert crowded.flows.net_migration[0] < base.flows.net_migration[0]
    walled = copy.deepcopy(w)
    walled.people.hukou_barrier = walled.people.hukou_barrier.copy()
    walled.people.hukou_barrier[0] *= 2.0
    people.migrate(walled, sc)
    assert walled.flows.net_migration[0] < base.flows.net_migration[0]


def test_migration_outflows_are_bounded_by_the_people_there():
    """Every skilled worker reconsiders and wages differ widely: nearly all leave some regions.
    Rounding in the logit's shares once left -2e-16 skilled workers (and a NaN innovation
    term); stocks stay non-negative, skilled workers within the labour force, people conserved."""
    w0, sc, _ = small_world(
        years=1,
        talent={
            "mobility": 1.0,
            "labor_mobility": 0.5,
            "wage_weight": 50.0,
            "hukou_cost": 20.0,
            "distance_cost": 0.0,
            "subsidy_weight": 0.0,
        },
    )
    rng = np.random.default_rng(1)
    for _ in range(40):
        w = copy.deepcopy(w0)
        w.regions.aggregate_output = w.regions.aggregate_output * rng.lognormal(0, 1, w.n_regions)
        before = w.regions.population.sum()
        people.migrate(w, sc)
        r = w.regions
        assert (r.talent >= 0).all() and (r.labor >= r.talent).all()
        assert r.population.sum() == pytest.approx(before, rel=1e-12)

"""Local endowments lower unit costs where they are rich, by the documented amount.

The expected factors are recomputed here from ``sim/data/endowments.csv`` and the formula of
``sim/setup/endowments.py``'s module doc, independently of its code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.agents.firms.costs import firm_costs
from nqpf.sim import Scenario
from nqpf.sim.data import DATA_DIR
from nqpf.sim.data.endowments import load_endowments
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.economics import strategies
from nqpf.sim.setup import build_world
from nqpf.sim.setup import endowments as endow
from tests.builders import small_world
from tests.conftest import SCENARIOS


def ranks(values: pd.Series) -> pd.Series:
    return values.rank(method="first").sub(1) / (len(values) - 1)


@pytest.fixture(scope="module")
def world():
    sc = Scenario.load(SCENARIOS / "baseline.toml")
    return build_world(sc, np.random.default_rng(0)), sc


def expected_factor(w, industry: str, region: str) -> float:
    e = pd.read_csv(DATA_DIR / "endowments.csv").set_index("region").loc[w.geography.name]
    pop = pd.Series(w.regions.population, index=w.geography.name)
    energy = (ranks(e["wind_potential_twh_per_year"]) + ranks(e["solar_pv_capacity_factor"])) / 2
    skill = ranks(e["universities"] / pop)
    ind = w.industries
    s = ind.index(industry)
    return (
        1.0
        - 0.6 * ind.energy_intensity[s] * (energy[region] - 0.5)
        - 0.3 * ind.skill_intensity[s] * (skill[region] - 0.5)
        - 0.1 * ind.export_share[s] * (e.loc[region, "coastal"] - 0.5)
    )


def test_the_same_firm_costs_less_where_endowments_are_rich(world):
    w, sc = world
    with_endowments = firm_costs(w, sc.technology.agglomeration)
    saved = w.costs.endowment
    w.costs.endowment = np.ones_like(saved)
    try:
        without = firm_costs(w, sc.technology.agglomeration)
    finally:
        w.costs.endowment = saved
    factor = with_endowments / without  # the same firm, with and without its location's endowments
    f, names, ind = w.firms, w.geography.name, w.industries
    energy = ind.index("energy_materials")

    def firm_factor(region: str) -> float:
        i = np.flatnonzero((f.industry == energy) & (f.region == names.index(region)))[0]
        return float(factor[i])

    inner_mongolia, shanghai = firm_factor("Inner Mongolia"), firm_factor("Shanghai")
    assert inner_mongolia == pytest.approx(expected_factor(w, "energy_materials", "Inner Mongolia"))
    assert shanghai == pytest.approx(expected_factor(w, "energy_materials", "Shanghai"))
    # rich wind and sun: energy and raw materials about 16 % cheaper than in Shanghai
    assert inner_mongolia < 0.9 * shanghai
    np.testing.assert_allclose(factor, f.at(w.costs.endowment))


def test_the_documented_gaps_bound_the_factors(world):
    w, _ = world
    ind = w.industries
    half_gap = 0.5 * (
        endow.ENERGY_COST_GAP * ind.energy_intensity
        + endow.SKILL_COST_GAP * ind.skill_intensity
        + endow.PORT_COST_GAP * ind.export_share
    )
    e = w.costs.endowment
    assert (e >= 1 - half_gap - 1e-12).all() and (e <= 1 + half_gap + 1e-12).all()


def test_maps_without_data_have_no_endowment_effect_and_fit_reads_it():
    w, _, _ = small_world()
    np.testing.assert_array_equal(w.costs.endowment, np.ones((w.n_regions, w.n_industries)))
    args = (np.ones((2, 3)), np.array([0.2, 0.8]), np.array([0.1, 0.5, 0.9]), np.array([1, 0, 0]))
    rest = (np.ones((2, 3)), np.array([0.0, 0.1, 0.2]))
    kw = {"misfit_aversion": 1.0, "future_pace": 0.5, "traditional_support": 0.5}
    e = np.array([[0.95, 1.0, 1.0], [1.05, 1.0, 1.0]])
    diff = strategies.fit_scores(*args, *rest, **kw, endowment=e) - strategies.fit_scores(
        *args, *rest, **kw
    )
    np.testing.assert_allclose(diff, -strategies.ENDOWMENT_WEIGHT * np.log(e))


def test_bad_endowment_cells_are_named(tmp_path):
    bad = tmp_path / "endowments.csv"
    text = (
        (DATA_DIR / "endowments.csv")
        .read_text(encoding="utf-8")
        .replace("Beijing,0.1865", "Beijing,1.865")
    )
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"column 'solar_pv_capacity_factor'.*Beijing"):
        load_endowments.__wrapped__(bad)

"""china31 and synthetic geographies: the start state equals the shipped data."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.config import ScenarioError
from nqpf.sim.data import load_panel
from nqpf.sim.experiments.runner import read_outputs
from tests.conftest import SCENARIOS


@pytest.mark.parametrize("year", [2023, 2017, 2011])
def test_baseline_start_year_matches_shipped_data(cli, tmp_path, year):
    proc = cli(
        "run",
        str(SCENARIOS / "baseline.toml"),
        "--start-year",
        str(year),
        "--end-year",
        str(year + 3),
        "--out",
        str(tmp_path),
        "--no-summary",
    )
    assert proc.returncode == 0, proc.stderr
    tables = read_outputs(tmp_path)
    reg = tables["regions"]
    first = reg[reg.year == year].set_index("region").sort_index()
    assert len(first) == 31
    data = load_panel().query("year == @year").set_index("region").sort_index()
    np.testing.assert_allclose(first["gdp"], data["gdp_nominal_100m_yuan"] / 10, rtol=1e-9)
    np.testing.assert_allclose(first["population"], data["population_10k"] / 100, rtol=1e-12)
    np.testing.assert_allclose(first["rd_intensity"], data["rd_intensity_pct"], rtol=1e-12)
    nat = tables["national"]
    assert nat["gdp"].notna().all() and (nat["gdp"] > 0).all()
    # the fourth table is written and read back: 31 regions x 15 industries x 4 years, and its
    # cells add up to the industries table
    cells = tables["region_industries"]
    assert len(cells) == 31 * 15 * 4
    ind = tables["industries"].set_index(["year", "industry"])
    summed = cells.groupby(["year", "industry"])[["output", "n_firms"]].sum()
    np.testing.assert_allclose(summed["output"], ind.loc[summed.index, "output"], rtol=1e-9)
    assert (summed["n_firms"] == ind.loc[summed.index, "n_firms"]).all()


def test_regions_carry_groupings_and_neighbours():
    model = RegionalEconomy(
        Scenario.load(SCENARIOS / "baseline.toml", overrides=["world.end_year=2023"]), seed=0
    )
    geo = model.world.geography
    assert sorted(set(geo.macro_region)) == ["central", "east", "northeast", "west"]
    assert (geo.neighbors == geo.neighbors.T).all() and not geo.neighbors.diagonal().any()
    beijing = geo.index("Beijing")
    assert {geo.name[j] for j in np.flatnonzero(geo.neighbors[beijing])} == {"Tianjin", "Hebei"}
    assert geo.sci_tech_class[beijing] == "I"
    assert 1000 < geo.distance_km[beijing, geo.index("Guangdong")] < 2200


def test_synthetic_geography_is_drawn_from_the_seed():
    sc = Scenario.from_dict({"world": {"geography": "synthetic:12", "end_year": 2024}})
    a, b = RegionalEconomy(sc, seed=5), RegionalEconomy(sc, seed=5)
    c = RegionalEconomy(sc, seed=6)
    assert np.array_equal(a.world.regions.gdp, b.world.regions.gdp)
    assert not np.array_equal(a.world.regions.gdp, c.world.regions.gdp)
    assert a.world.geography.n == 12 and (a.world.geography.neighbors.sum(axis=1) > 0).all()


def test_unknown_region_in_strategy_gets_a_clear_message():
    # refused when the scenario is read (before any run), naming the known regions
    with pytest.raises(
        ScenarioError, match=r"unknown region\(s\) \['Atlantis'\].*known regions: Beijing"
    ):
        Scenario.load(
            SCENARIOS / "baseline.toml", overrides=["strategy.by_region={Atlantis='herding'}"]
        )

"""The start-year industrial map of the 31 provinces comes from data, not from draws.

The expected map is recomputed here from the shipped CSV files with pandas, independently of
``sim/setup/industrial_base.py``: region r's weight in an industry with proxy "gdp" is its
start-year GDP times the 2007 share of the industry's sectors in its gross output.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from nqpf.agents.firms.costs import cell_capacity
from nqpf.sim import Scenario
from nqpf.sim.data import DATA_DIR
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.industrial_base import PROXIES, load_io2007, proxy_series
from nqpf.sim.data.industries import BASE_PROXIES, load_industries
from nqpf.sim.economics.strategies import location_quotient
from nqpf.sim.setup import build_world
from nqpf.sim.setup.industrial_base import base_weights, sector_shares
from tests.conftest import SCENARIOS

TRADITIONAL = ("energy_materials", "light_manufacturing", "heavy_manufacturing")


@cache
def start_map(seed: int) -> tuple[np.ndarray, list[str], tuple[str, ...]]:
    """Shares of each industry's start-year capacity by province (before the first year runs)."""
    sc = Scenario.load(SCENARIOS / "baseline.toml")
    w = build_world(sc, np.random.default_rng(seed))
    cap = cell_capacity(w.firms, w.n_regions, w.n_industries)
    return cap, w.geography.name, w.industries.keys


def data_map(names: list[str], year: int = 2023) -> pd.DataFrame:
    """Expected shares from the shipped files: GDP x 2007 within-province sector share."""
    io = pd.read_csv(DATA_DIR / "io2007_gross_output.csv").set_index("region")
    panel = pd.read_csv(DATA_DIR / "panel.csv")
    gdp = panel[panel["year"] == year].set_index("region")["gdp_nominal_100m_yuan"]
    ind = load_industries()
    out = {}
    for key, sectors, proxy in zip(ind.keys, ind.base_sectors, ind.base_proxy, strict=True):
        if proxy != "gdp":
            continue
        cols = [f"s{k:02d}" for k in sectors]
        within = io[cols].sum(axis=1) / io.sum(axis=1)
        weight = (gdp * within).reindex(names)
        out[key] = weight / weight.sum()
    return pd.DataFrame(out)


def test_the_map_is_the_same_for_every_seed():
    cap0, _, _ = start_map(0)
    for seed in (1, 7):
        cap, _, _ = start_map(seed)
        np.testing.assert_allclose(cap / cap.sum(axis=0), cap0 / cap0.sum(axis=0), atol=1e-12)


def test_data_weights_match_the_shipped_files_exactly():
    sc = Scenario.load(SCENARIOS / "baseline.toml")
    w = build_world(sc, np.random.default_rng(0))
    expected = data_map(w.geography.name)
    weights = base_weights(w)
    for key in expected:
        s = w.industries.index(key)
        got = pd.Series(weights[:, s] / weights[:, s].sum(), index=w.geography.name)
        # Tibet has no 2007 table (the file leaves it out); compare the 30 provinces it has
        have = expected[key].dropna().index
        np.testing.assert_allclose(
            got[have] / got[have].sum(), expected[key][have], rtol=1e-9, err_msg=key
        )


@pytest.mark.parametrize("seed", [0, 3])
def test_start_capacity_follows_the_data(seed):
    """Correlation across provinces between start-year capacity and the data's map. It falls
    short of 1 only where the limit on firms' share of a region's capital (45 %) moves capacity
    out of Guangdong, Beijing and Jiangsu; measured 0.944-0.949 for the traditional industries
    and 0.933-0.953 for the other data-based ones (docs/model.md section 5); the issue's target
    for the traditional industries is 0.9."""
    cap, names, keys = start_map(seed)
    expected = data_map(names).fillna(0.0)
    for key in expected:
        share = cap[:, keys.index(key)] / cap[:, keys.index(key)].sum()
        r = np.corrcoef(share, expected[key])[0, 1]
        assert r >= (0.93 if key in TRADITIONAL else 0.92), (key, r)


def test_leaders_are_those_of_the_data():
    cap, names, keys = start_map(0)
    for key in ("next_gen_it", "high_end_equipment"):
        top3 = {names[i] for i in np.argsort(-cap[:, keys.index(key)])[:3]}
        assert top3 == {"Guangdong", "Jiangsu", "Zhejiang"}, (key, top3)
    # specialisation (location quotient) in energy and raw materials, model and 2007 data
    lq = location_quotient(cap)[:, keys.index("energy_materials")]
    top10 = {names[i] for i in np.argsort(-lq)[:10]}
    io = load_io2007()
    energy = io[["s02", "s03", "s04", "s05", "s23", "s24", "s25"]].sum(axis=1)
    data_lq = (energy / io.sum(axis=1)) / (energy.sum() / io.to_numpy().sum())
    data_top10 = set(data_lq.sort_values(ascending=False).index[:10])
    for province in ("Shanxi", "Inner Mongolia", "Shaanxi"):
        assert province in top10 and province in data_top10, province


def test_tibet_takes_the_mean_structure_of_the_west():
    sc = Scenario.load(SCENARIOS / "baseline.toml")
    w = build_world(sc, np.random.default_rng(0))
    geo = w.geography
    shares = sector_shares(geo.name, geo.macro_region)
    tibet = geo.name.index("Tibet")
    west = [i for i, m in enumerate(geo.macro_region) if m == "west" and geo.name[i] != "Tibet"]
    np.testing.assert_allclose(shares[tibet], shares[west].mean(axis=0))
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


def test_proxy_years_fall_back_to_the_nearest_published_year():
    names = ["Guangdong", "Tibet"]
    np.testing.assert_array_equal(
        proxy_series("high_tech_revenue", names, 2011),
        proxy_series("high_tech_revenue", names, 2016),
    )
    tibet_2020 = proxy_series("high_tech_revenue", ["Tibet"], 2020)
    np.testing.assert_array_equal(tibet_2020, proxy_series("high_tech_revenue", ["Tibet"], 2016))
    with pytest.raises(ValueError, match="allowed: high_tech_revenue"):
        proxy_series("coal_reserves", names, 2023)
    assert set(PROXIES) == set(BASE_PROXIES)


def test_bad_files_and_fields_are_named(tmp_path):
    bad = tmp_path / "io.csv"
    text = (DATA_DIR / "io2007_gross_output.csv").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([text[0], text[1].replace("273.130", "abc"), *text[2:]]) + "\n")
    with pytest.raises(DataFileError, match=r"line 2, column 's01' \(region 'Beijing'\)"):
        load_io2007.__wrapped__(bad)
    with pytest.raises(ValueError, match=r"base_sectors = \[0, 50\]; allowed: a list"):
        load_industries({"quantum": {"base_sectors": [0, 50]}})
    with pytest.raises(ValueError, match=r"base_proxy = 'oil'; allowed: gdp"):
        load_industries({"quantum": {"base_proxy": "oil"}})

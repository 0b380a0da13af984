"""Plausibility guards (sim/guards.py): named warnings, read-only, none on a normal run."""

from __future__ import annotations

import numpy as np

from nqpf.sim import guards
from nqpf.sim.outputs.recorder import Recorder
from tests.builders import small_model


def _recorder_with(w, national=None, regions=None, industries=None) -> Recorder:
    rec = Recorder()
    n, k = w.n_regions, w.industries.n
    reg = {"gdp_growth": np.zeros(n), "investment": np.ones(n)}
    ind = {"year": w.year, "price": np.ones(k)}
    rec.add(
        {"year": w.year, "gdp_growth": 0.05, **(national or {})},
        {**reg, **(regions or {})},
        {**ind, **(industries or {})},
    )
    return rec


def test_a_normal_year_has_no_warning():
    m = small_model(years=3)
    assert m.recorder.warnings == []
    rec = _recorder_with(m.world)
    guards.check_year(m.world, rec)
    assert rec.warnings == []


def test_each_guard_names_year_place_and_variable():
    m = small_model(years=1)
    w = m.world
    n, k = w.n_regions, w.industries.n
    growth = np.zeros(n)
    growth[1] = 0.9
    invest = np.ones(n)
    invest[0] = -2.0
    price = np.ones(k)
    price[2] = 80.0
    rec = _recorder_with(
        w,
        national={"gdp_growth": 0.6},
        regions={"gdp_growth": growth, "investment": invest},
        industries={"price": price},
    )
    guards.check_year(w, rec)
    text = "\n".join(rec.warnings)
    year = w.year
    assert f"year {year}: national: gdp_growth = 0.6" in text
    assert f"region {w.geography.name[1]}: gdp_growth = 0.9" in text
    assert f"region {w.geography.name[0]}: investment = -2" in text
    assert f"industry {w.industries.keys[2]}: price = 80" in text


def test_industry_leverage_guard():
    m = small_model(years=1)
    w = m.world
    w.firms.debt = w.firms.capital * (guards.LEVERAGE_HIGH + 1.0)
    rec = _recorder_with(w)
    guards.check_year(w, rec)
    assert any("debt_to_capital" in t for t in rec.warnings)


def test_warnings_are_capped_and_counted():
    m = small_model(years=1)
    rec = _recorder_with(m.world, national={"gdp_growth": 0.9})
    for _ in range(guards.MAX_WARNINGS + 7):
        guards.check_year(m.world, rec)
    assert len(rec.warnings) == guards.MAX_WARNINGS
    assert rec.warnings_dropped == 7


def test_chain_drift_guard_warns_when_the_chain_runs_away_from_start_year_prices():
    m = small_model(years=1)
    w = m.world
    for gdp, flagged in ((140.0, True), (75.0, True), (120.0, False), (85.0, False)):
        rec = _recorder_with(w, national={"gdp": gdp, "gdp_start_prices": 100.0})
        guards.check_year(w, rec)
        text = f"year {w.year}: national: gdp / gdp_start_prices = {gdp / 100:g} outside"
        assert (text in "\n".join(rec.warnings)) == flagged, rec.warnings
    for gdp, fixed in ((np.nan, 100.0), (100.0, 0.0), (100.0, np.nan)):  # read, never raise
        rec = _recorder_with(w, national={"gdp": gdp, "gdp_start_prices": fixed})
        guards.check_year(w, rec)
        assert not [x for x in rec.warnings if "gdp_start_prices" in x]


def test_the_chain_drift_of_hard_capacity_controls_is_flagged():
    """docs/model.md 9.5: ``central_coordination`` with ``retirement_rate = 0.5`` and
    ``capacity_threshold = 0.9`` sends polysilicon's price to its cap and back, and the chain runs
    away from start-year prices (0.75 times them in 2025, 1.39 in 2029 on seed 0, 2026-12-05); as
    shipped it stays near them."""
    from nqpf.sim import RegionalEconomy, Scenario
    from tests.conftest import SCENARIOS

    hard = ["central.retirement_rate=0.5", "central.capacity_threshold=0.9", "world.end_year=2031"]
    for overrides, flagged in ((hard, True), (["world.end_year=2031"], False)):
        sc = Scenario.load(SCENARIOS / "central_coordination.toml", overrides=overrides)
        model = RegionalEconomy(sc, seed=0)
        model.run()
        drift = [x for x in model.recorder.warnings if "gdp_start_prices" in x]
        assert bool(drift) == flagged, model.recorder.warnings

"""Every year of small runs keeps the world's invariants (tests/invariants.py), in the agent
economy under several policy settings and in textbook mode; and the check itself fails when
an invariant is broken."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.builders import small_model, textbook_world
from tests.invariants import assert_world_invariants, world_violations

SETTINGS = {
    "default": {},
    "herding": {"strategy": {"mode": "herding"}},
    "controls_unified": {"central": {"capacity_controls": True, "unified_market": True}},
    "protection_closures": {"government": {"local_protection": 1.0, "traditional_exit_rate": 0.1}},
    "national_saving": {"macro": {"saving_closure": "national"}},
    "extrapolating": {
        "firms": {"expectations": "extrapolative"},
        "finance": {"bank_extrapolation": 1.0},
    },
}


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_invariants_hold_every_year(name):
    model = small_model(**SETTINGS[name])
    for _ in range(5):
        assert_world_invariants(model.world, model.scenario)
        model.step()
    assert_world_invariants(model.world, model.scenario)


def test_extreme_depreciation_with_all_saving_open_to_firms_keeps_capital_non_negative():
    """A scenario once refused in a later year (regional capital -28 bn yuan in 2027): firms'
    orders, rationed to all of last year's saving, exceeded this year's, and the negative rest
    was sent by the capital-flow logit to the region with the highest return. The orders are
    now paid by forced saving; the aggregate sectors never invest a negative amount."""
    from nqpf.sim.config import Scenario
    from nqpf.sim.model import RegionalEconomy

    sc = Scenario().with_overrides(
        {
            "world.geography": "synthetic:6",
            "world.start_year": 2023,
            "world.end_year": 2033,
            "solow.delta": 0.5,
            "finance.max_firm_share_of_saving": 1.0,
            "finance.allocation_sensitivity": 200.0,
            "finance.home_bias": 0.0,
            "firms.rd_productivity": 7.0,
        }
    )
    model = RegionalEconomy(sc, seed=1, check_accounts=True)
    forced = []
    while not model.finished:
        capital = model.world.regions.capital.copy()
        model.step()
        r = model.world.regions
        assert (r.capital >= (1.0 - sc.solow.delta) * capital * (1 - 1e-12)).all()
        assert_world_invariants(model.world, sc)
        forced.append(model.world.flows.forced_saving)
    assert max(forced) > 0.0  # the case is reached: orders exceeded a year's saving
    national = model.results(("national",))["national"]
    assert national["forced_saving"].iloc[1:].tolist() == forced


def test_invariants_hold_in_textbook_mode():
    w, sc, _ = textbook_world(years=4)
    assert_world_invariants(w, sc)


def test_invariant_check_reports_broken_worlds():
    model = small_model(years=1)
    w, sc = model.world, model.scenario
    assert world_violations(w, sc) == []
    w.banks.loans = w.banks.loans * 1.01
    w.regions.population = w.regions.population * 1.001
    w.markets.price = -w.markets.price
    broken = " | ".join(world_violations(w, sc))
    assert "bank loans" in broken and "people not conserved" in broken
    assert "markets.price" in broken and np.all(w.markets.price < 0)


def test_no_firm_is_an_empty_shell_when_herders_crowd_into_a_small_industry():
    """Every firm has installed capital or capital under construction. Before entrants were
    sized on firms with plants, a fast-entering industry's entrants were sized on the median of
    firms still waiting for theirs (installed capital 0): under herding 175 of 220 quantum firms
    had nothing by 2035 (seed 0), and the herd built almost no capacity."""
    from nqpf.sim import RegionalEconomy, Scenario
    from tests.conftest import SCENARIOS

    sc = Scenario.load(
        SCENARIOS / "herding.toml", overrides=["world.end_year=2030", "economy.firm_agents=false"]
    )
    model = RegionalEconomy(sc, seed=0)
    model.run()
    f = model.world.firms
    empty = (f.capital <= 0) & (f.under_construction <= 0)
    assert not empty.any(), np.bincount(f.industry[empty])


def test_ratios_stay_within_their_bounds_in_allowed_extremes():
    """Allowed but extreme settings that once broke a ratio's bound: NPL ratios above 1 (bad
    LGFV loans, a share of the opening stock, counted after a surplus had repaid part of it:
    1.014 in a province with depreciation 0.5 and a start saving rate of 0.05), regional
    utilisation above 1 (output made before plants were closed over the capacity after:
    1.85 with half of every traditional plant closed each year) and skilled shares above the
    cap of 0.8 (skilled migrants arriving after the universities' cap: 0.97 with mobile, wage-led
    workers)."""
    from nqpf.agents.university import MAX_TALENT_SHARE
    from nqpf.sim import RegionalEconomy, Scenario

    root = Path(__file__).resolve().parents[2] / "scenarios"
    cases = [
        ("baseline.toml", ["solow.delta=0.5", "macro.saving_rate_start=0.05"]),
        (
            "baseline.toml",
            ["government.traditional_exit_rate=0.5", "government.traditional_exit_years=100"],
        ),
        (
            "baseline.toml",
            ["talent.mobility=1", "talent.labor_mobility=0.5", "talent.wage_weight=50"],
        ),
    ]
    for name, overrides in cases:
        sc = Scenario.load(root / name, overrides=["world.end_year=2050", *overrides])
        tables = RegionalEconomy(sc, seed=0).run()
        regions, national = tables["regions"], tables["national"]
        assert regions.npl_ratio.max() <= 1.0 and national.npl_ratio.max() <= 1.0, overrides
        assert regions.capacity_utilization.max() <= 1.0 + 1e-12, overrides
        assert regions.talent_share.max() <= MAX_TALENT_SHARE * (1 + 1e-12), overrides

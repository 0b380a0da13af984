"""Every year of small runs keeps the world's invariants (tests/invariants.py), in the agent
economy under several policy settings and in textbook mode; and the check itself fails when
an invariant is broken."""

from __future__ import annotations

import numpy as np
import pytest

from tests.builders import small_model, textbook_world
from tests.invariants import assert_world_invariants, world_violations

SETTINGS = {
    "default": {},
    "herding": {"strategy": {"mode": "herding"}},
    "controls_unified": {"central": {"capacity_controls": True, "unified_market": True}},
    "protection_closures": {"government": {"local_protection": 1.0, "traditional_exit_rate": 0.1}},
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

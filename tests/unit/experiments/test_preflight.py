"""The memory estimate before a run (sim/experiments/preflight.py)."""

from __future__ import annotations

import pytest

from nqpf.sim.config import Scenario, ScenarioError
from nqpf.sim.experiments.preflight import (
    BASE_MB,
    available_memory_mb,
    check_memory,
    estimate_memory_mb,
)


def scenario(**world) -> Scenario:
    firms = world.pop("firms", 6000)
    return Scenario.from_dict({"world": world, "economy": {"initial_firms": firms}})


def test_estimate_matches_the_measured_runs_within_a_fifth():
    # peak RSS measured with /usr/bin/time -v (docs in the module)
    measured = [
        (scenario(end_year=2033), 198),
        (scenario(end_year=2033, firms=60_000), 240),
        (scenario(end_year=2083), 215),
        (scenario(geography="synthetic:500", end_year=2083), 478),
    ]
    for sc, mb in measured:
        assert estimate_memory_mb(sc) == pytest.approx(mb, rel=0.2)


def test_estimate_grows_with_firms_regions_and_years():
    small = estimate_memory_mb(scenario(end_year=2030))
    assert estimate_memory_mb(scenario(end_year=2030, firms=600_000)) > small
    assert estimate_memory_mb(scenario(geography="synthetic:300", end_year=2030)) > small
    assert estimate_memory_mb(scenario(end_year=2080)) > small
    textbook = Scenario.from_dict({"economy": {"enabled": False}})
    assert estimate_memory_mb(textbook) == BASE_MB


def test_a_run_larger_than_the_memory_available_is_refused_up_front():
    big = scenario(geography="synthetic:500", end_year=2083, firms=1_000_000)
    with pytest.raises(ScenarioError, match=r"needs about 4\d\.\d GB of memory"):
        check_memory(big, available=8 * 1024)
    assert check_memory(scenario(end_year=2030), available=8 * 1024) < 1024
    have = available_memory_mb()
    assert have is None or have > 0

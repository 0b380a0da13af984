"""A model built to record only some tables (``RegionalEconomy(tables=...)``, what a sweep run
asks for): the tables it records are the full run's bit for bit, the plausibility checks are the
same, and asking for a table it did not record, or an unknown one, says so."""

from __future__ import annotations

import pytest

from nqpf.sim import Scenario
from nqpf.sim.experiments.batch import RunSpec, run_one
from nqpf.sim.model import RegionalEconomy
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.load(SCENARIOS / "herding.toml").with_overrides(
        {"world.end_year": 2030, "economy.firm_agents": False}
    )


def test_recording_only_the_national_table_gives_the_full_runs_numbers(scenario):
    full = RegionalEconomy(scenario, seed=4)
    everything = full.run()
    lean = RegionalEconomy(scenario, seed=4, tables=("national",))
    national = lean.run(tables=("national",))["national"]
    assert national.equals(everything["national"])
    assert lean.results(("industries",))["industries"].equals(everything["industries"])
    assert lean.recorder.warnings == full.recorder.warnings
    assert set(lean.results()) == {"national", "industries"}  # what it recorded in full
    with pytest.raises(ValueError, match="regions were not recorded in full"):
        lean.results(("regions",))


def test_run_one_records_what_its_spec_asks_for(scenario):
    record = run_one(RunSpec("r", scenario.to_dict(), 4, tables=("national", "regions")))
    full = RegionalEconomy(scenario, seed=4).run()
    assert record.status == "ok", record.error
    assert set(record.tables) == {"national", "regions"}
    assert record.tables["regions"].equals(full["regions"])


def test_an_unknown_table_is_named_with_what_is_allowed(scenario):
    with pytest.raises(ValueError, match=r"unknown table\(s\) cells; allowed: national, regions"):
        RegionalEconomy(scenario, seed=0, tables=("national", "cells"))

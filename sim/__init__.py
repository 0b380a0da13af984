"""nqpf engine: scenario loading, the RegionalEconomy model, runner, reports and CLI.

Python API::

    from nqpf.sim import Scenario, RegionalEconomy
    scenario = Scenario.load("scenarios/baseline.toml")
    model = RegionalEconomy(scenario, seed=1)
    model.step()
    tables = model.run()          # dict of DataFrames: national, regions, industries

The names are imported on first use, so that importing a subpackage (``nqpf.sim.economics``,
the CLI) does not load the whole engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario, ScenarioError
    from nqpf.sim.model import RegionalEconomy

__all__ = ["RegionalEconomy", "Scenario", "ScenarioError"]

_HOMES = {
    "RegionalEconomy": "nqpf.sim.model",
    "Scenario": "nqpf.sim.config",
    "ScenarioError": "nqpf.sim.config",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'nqpf.sim' has no attribute {name!r}")

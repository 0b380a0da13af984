"""nqpf engine: scenario loading, the RegionalEconomy model, runner, reports and CLI.

Python API::

    from nqpf.sim import Scenario, RegionalEconomy
    scenario = Scenario.load("scenarios/baseline.toml")
    model = RegionalEconomy(scenario, seed=1)
    model.step()
    tables = model.run()          # dict of DataFrames: national, regions, industries

The names below are imported on first use (PEP 562), so that importing a light subpackage such
as :mod:`nqpf.sim.cli` does not load the engine (Mesa, NumPy, pandas).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nqpf.sim.model import RegionalEconomy
    from nqpf.sim.scenario import Scenario, ScenarioError

_HOMES = {
    "RegionalEconomy": "nqpf.sim.model",
    "Scenario": "nqpf.sim.scenario",
    "ScenarioError": "nqpf.sim.scenario",
}
"""Public name -> the module that defines it."""

__all__ = ["RegionalEconomy", "Scenario", "ScenarioError"]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first access, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

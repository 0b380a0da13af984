"""nqpf engine: scenario loading, the RegionalEconomy model, runner, reports and CLI.

Python API::

    from nqpf.sim import Scenario, RegionalEconomy
    scenario = Scenario.load("scenarios/baseline.toml")
    model = RegionalEconomy(scenario, seed=1)
    model.step()
    tables = model.run()          # dict of DataFrames: national, regions, industries
"""

from nqpf.sim.model import RegionalEconomy
from nqpf.sim.config import Scenario, ScenarioError

__all__ = ["RegionalEconomy", "Scenario", "ScenarioError"]

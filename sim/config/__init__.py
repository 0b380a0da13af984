"""Configuration: the scenario schema, its parameters' declarations, loading and clear errors.

:mod:`~nqpf.sim.config.params` declares parameters (:func:`param`: unit, range, meaning, source)
and reads them back; :mod:`~nqpf.sim.config.scenario` holds the scenario schema and its loading
(``extends``, ``--set``, messages naming file, line, field and what is allowed).
"""

from nqpf.sim.config.params import Section, bounds_text, iter_params, param
from nqpf.sim.config.scenario import (
    SCENARIO_DIR,
    Scenario,
    ScenarioError,
    list_scenarios,
    scenario_question,
)

__all__ = [
    "SCENARIO_DIR",
    "Scenario",
    "ScenarioError",
    "Section",
    "bounds_text",
    "iter_params",
    "list_scenarios",
    "param",
    "scenario_question",
]

"""Configuration, written once: TOML reading, one strict schema base, one error explainer.

- :mod:`~nqpf.sim.config.toml`: read a TOML file with the line of every key, follow ``extends``
  chains, parse and apply ``--set path.to.field=value`` overrides.
- :mod:`~nqpf.sim.config.params`: :class:`StrictModel` (the base of every configuration schema),
  :func:`param` (a parameter with its unit, range, meaning, source and labels), and readers of a
  schema (:func:`iter_params`, :func:`bounds_text`, :func:`field_at`).
- :mod:`~nqpf.sim.config.errors`: :class:`ConfigError`, :class:`ScenarioError` and
  :func:`explain`, which words pydantic's findings as ``file, line N: field 'x' = v is invalid:
  ... Allowed: ...``.
- :mod:`~nqpf.sim.config.scenario` with the ``sections_*`` modules: the scenario schema,
  :class:`Scenario`; :mod:`~nqpf.sim.config.library`: the shipped scenario files.

Sweep specs (``sim/experiments/sweep_spec.py``) and calibration configs (``calibration/config_schema.py``) build their
schemas and messages from the same pieces.
"""

from nqpf.sim.config.errors import (
    ConfigError,
    Locator,
    MessageStyle,
    ScenarioError,
    explain,
    where_from_origin,
    where_in_file,
)
from nqpf.sim.config.file_kinds import other_kind
from nqpf.sim.config.library import SCENARIO_DIR, list_scenarios, scenario_question
from nqpf.sim.config.params import (
    StrictModel,
    bounds_text,
    field_at,
    fields_beside,
    iter_documented_params,
    iter_params,
    param,
    param_extra,
)
from nqpf.sim.config.scenario import Scenario
from nqpf.sim.config.sections_policy import StrategyMode
from nqpf.sim.config.toml import flatten, key_lines, read_toml, resolve_extends

__all__ = [
    "SCENARIO_DIR",
    "ConfigError",
    "Locator",
    "MessageStyle",
    "Scenario",
    "ScenarioError",
    "StrategyMode",
    "StrictModel",
    "bounds_text",
    "explain",
    "field_at",
    "fields_beside",
    "flatten",
    "iter_documented_params",
    "iter_params",
    "key_lines",
    "list_scenarios",
    "param",
    "param_extra",
    "other_kind",
    "read_toml",
    "resolve_extends",
    "scenario_question",
    "where_from_origin",
    "where_in_file",
]

"""Shareable settings: the scenario, seed and levers of a run as a URL query and as a file.

A run is fully described by :class:`~nqpf.dashboards.simulation.Settings` (same scenario, seed
and levers = the same run on any machine). The page keeps its address in step with them, so a
copied link re-opens the same run::

    http://localhost:8765/?scenario=herding&seed=3&set=strategy.mode%3D%22mixed%22

(``set`` items are the ``nqpf run --set`` syntax, one per changed lever), and the same settings
can be downloaded as a small JSON file and opened again. Anything read from a link or a file is
checked like a typed value: an unknown scenario, a bad seed, a parameter that is not a lever or a
value the model refuses gives a message naming the field and what is allowed, and the rest of
the settings are used.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode

from nqpf.dashboards.ensemble import override_text
from nqpf.dashboards.i18n import Message
from nqpf.dashboards.levers import levers
from nqpf.dashboards.simulation import (
    MAX_SEED,
    Settings,
    load_scenario,
    parse_seed,
    scenario_choices,
)
from nqpf.sim.config import ConfigError, ScenarioError
from nqpf.sim.config.toml import parse_override

FORMAT = "nqpf-dashboard-settings/1"
"""The ``format`` field of a settings file."""


def settings_query(settings: Settings) -> str:
    """The URL query (without ``?``) of ``settings``."""
    items: list[tuple[str, Any]] = [("scenario", settings.scenario), ("seed", settings.seed)]
    items += [("set", override_text(path, value)) for path, value in settings.levers]
    return urlencode(items)


def settings_from_fields(
    scenario: str | None, seed: Any, items: list[str], default: Settings
) -> tuple[Settings, list[str]]:
    """Settings from a scenario key, a seed and ``--set`` items; problems as messages
    (:class:`~nqpf.dashboards.i18n.Message`: English text, the page shows them in its
    language with the technical detail, a field or the model's words, as it is)."""
    problems: list[str] = []
    choices = scenario_choices()
    key = default.scenario
    if scenario is not None:
        if not isinstance(scenario, str):
            problems.append(
                Message("problem_scenario_type", value=repr(scenario), allowed=", ".join(choices))
            )
        elif scenario in choices:
            key = scenario
        else:
            problems.append(
                Message(
                    "problem_scenario_unknown", value=repr(scenario), allowed=", ".join(choices)
                )
            )
    value = default.seed if key == default.scenario else 0
    if seed is not None:
        parsed = parse_seed(seed)
        if parsed is not None:
            value = parsed
        else:
            problems.append(Message("problem_seed", value=repr(seed), max=MAX_SEED))
    paths = {lv.path for lv in levers()}
    chosen: dict[str, Any] = {}
    for item in items:
        try:
            path, lever_value = parse_override(item)
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        if path not in paths:
            problems.append(
                Message("problem_not_lever", value=repr(path), allowed=", ".join(sorted(paths)))
            )
            continue
        try:  # the model's own validation, one lever at a time
            load_scenario(Settings(key, value, ((path, lever_value),)))
        except ScenarioError as exc:
            problems.append(
                Message("problem_set_refused", value=repr(item), detail=str(exc).splitlines()[0])
            )
            continue
        chosen[path] = lever_value
    return Settings(key, value, tuple(sorted(chosen.items()))), problems


def settings_from_query(search: str | None, default: Settings) -> tuple[Settings, list[str]]:
    """Settings from a URL query (``scenario``, ``seed``, repeated ``set``); ``default`` for
    what it does not say."""
    fields = parse_qs(search or "", keep_blank_values=True)
    if not fields:
        return default, []
    scenario = fields.get("scenario", [None])[-1]
    seed = fields.get("seed", [None])[-1]
    return settings_from_fields(scenario, seed, fields.get("set", []), default)


def settings_file(settings: Settings) -> bytes:
    """The settings as a JSON file (UTF-8)."""
    data = {
        "format": FORMAT,
        "scenario": settings.scenario,
        "seed": settings.seed,
        "set": [override_text(path, value) for path, value in settings.levers],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def settings_from_file(
    data: bytes, default: Settings, name: str = "settings file"
) -> tuple[Settings, list[str]]:
    """Settings from a file written by :func:`settings_file`; problems as messages."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return default, [Message("problem_not_json", name=name, detail=str(exc))]
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return default, [Message("problem_format", name=name, value=repr(FORMAT))]
    items = doc.get("set", [])
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return default, [Message("problem_set_list", name=name)]
    settings, problems = settings_from_fields(doc.get("scenario"), doc.get("seed"), items, default)
    return settings, [Message("problem_in_file", name=name, problem=p) for p in problems]

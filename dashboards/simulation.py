"""One browser session's run: the scenario it was built from, the model, and what the views show.

A :class:`Simulation` is created per session (the app keeps it in Solara per-session state, never
in a module global), so two users never see each other's runs. Resetting builds a new model from
the scenario, as Mesa's SolaraViz does; stepping advances the model one year under a lock (the
play loop runs in a thread while the page reads the model) and returns an immutable
:class:`Snapshot` of the result tables for the views.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.dashboards.view_tables import with_derived
from nqpf.sim.config import SCENARIO_DIR, Scenario, ScenarioError, list_scenarios
from nqpf.sim.model import RegionalEconomy

MAX_SEED = 2**32 - 1
DEFAULT_SCENARIO = "baseline"


_SEED_TEXT = re.compile(r"[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)+")
"""Digits, with thousands grouped by commas ("1,000") or underscores as in Python ("1_000")."""


def parse_seed(text: object) -> int | None:
    """A seed (typed in the box, or from a link or a settings file) as an int in 0..MAX_SEED, or
    None when it is not one: "abc", "-1", "1.5", "", "²", "1,0" and ",5" are refused."""
    text = str("" if text is None else text).strip()
    if not _SEED_TEXT.fullmatch(text):
        return None
    value = int(text.replace(",", ""))
    return value if value <= MAX_SEED else None


@dataclass(frozen=True)
class Settings:
    """What a run is built from: a scenario file, a seed and lever overrides (hashable)."""

    scenario: str
    """Scenario path relative to ``scenarios/`` without ``.toml`` (``textbook/solow``)."""
    seed: int = 0
    levers: tuple[tuple[str, Any], ...] = ()
    """Lever overrides as sorted ``(dotted.path, value)`` pairs."""

    def with_lever(self, path: str, value: Any) -> Settings:
        items = dict(self.levers)
        items[path] = value
        return Settings(self.scenario, self.seed, tuple(sorted(items.items())))


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The tables of a run at one year; a new object after every step (views compare identity)."""

    year: int
    tables: dict[str, pd.DataFrame]
    finished: bool
    step_ms: float = 0.0
    """Wall time of the last model step [ms] (0 right after a reset)."""
    serial: int = 0
    """Counts steps and resets of the session, so a view can tell two snapshots apart."""


def scenario_choices(root: Path = SCENARIO_DIR) -> dict[str, Path]:
    """Every scenario file the picker offers, keyed by its path under ``scenarios/``."""
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in list_scenarios(root)}


def scenario_path(key: str, root: Path = SCENARIO_DIR) -> Path:
    """The file of a picker key; ScenarioError naming the allowed keys when unknown."""
    choices = scenario_choices(root)
    if key not in choices:
        raise ScenarioError(f"unknown scenario {key!r}; allowed: {', '.join(choices)}")
    return choices[key]


def load_scenario(settings: Settings, root: Path = SCENARIO_DIR) -> Scenario:
    """The scenario of ``settings`` with its lever overrides applied (validated)."""
    scenario = Scenario.load(scenario_path(settings.scenario, root))
    if settings.levers:
        scenario = scenario.with_overrides(dict(settings.levers))
    return scenario


def check_seed(seed: Any) -> int:
    """A seed from the page as an int in 0..2**32-1; ValueError with the allowed range."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    return seed


@dataclass
class Simulation:
    """A model built from ``settings`` and the session's lock around it."""

    settings: Settings
    scenario: Scenario
    model: RegionalEconomy
    lock: threading.RLock = field(default_factory=threading.RLock)
    serial: int = 0

    @classmethod
    def build(cls, settings: Settings, root: Path = SCENARIO_DIR) -> Simulation:
        """Construct the model (the start year is simulated by the constructor)."""
        scenario = load_scenario(settings, root)
        model = RegionalEconomy(scenario, seed=check_seed(settings.seed))
        return cls(settings=settings, scenario=scenario, model=model)

    def snapshot(self, step_ms: float = 0.0) -> Snapshot:
        """The result tables now, with the regional TFP growth the map offers."""
        with self.lock:
            tables = dict(self.model.results())
            year = int(self.model.year)
            finished = bool(self.model.finished)
        if "regions" in tables:
            tables["regions"] = with_derived(tables["regions"])
        return Snapshot(
            year=year, tables=tables, finished=finished, step_ms=step_ms, serial=self.serial
        )

    def step(self) -> Snapshot:
        """Simulate one more year (nothing happens after the scenario's end year)."""
        t0 = time.perf_counter()
        with self.lock:
            if not self.model.finished:
                self.model.step()
            self.serial += 1
        return self.snapshot(step_ms=(time.perf_counter() - t0) * 1000.0)

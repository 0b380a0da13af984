"""Small scenarios and worlds shared by the tests.

``small_world`` builds a ``RegionalEconomy`` on a synthetic map and returns its world after the
start year (and ``years`` more), so that a single phase can be called on a world whose every
field is filled::

    w, sc, rng = small_world(government={"local_protection": 0.0})
    government.bail_out(w, sc, rng, settlement)

Overrides are given per scenario section as dicts (``technology={"misfit_penalty": 2.0}``) and
merged into the small scenario's own settings.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nqpf.sim import RegionalEconomy, Scenario

START_YEAR = 2023

# A scenario file in textbook mode (no agent economy) on four synthetic regions: a run takes milliseconds.
SOLOW_BASE = """name = "tiny_solow"
[world]
geography = "synthetic:4"
start_year = 2023
end_year = 2030
[economy]
enabled = false
"""

SMALL_FIRMS = 300
"""Firms of a small world at the start (the baseline has 6000)."""


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def small_scenario(
    n_regions: int = 5, *, end_year: int = START_YEAR + 7, **overrides: Any
) -> Scenario:
    """A validated scenario on ``synthetic:n_regions`` with a short horizon and few firms.

    ``overrides`` are scenario sections (``firms={"demand_shock_sd": 0.0}``) or top-level fields.
    """
    data: dict[str, Any] = {
        "name": "small",
        "world": {
            "geography": f"synthetic:{n_regions}",
            "start_year": START_YEAR,
            "end_year": end_year,
        },
        "economy": {"initial_firms": SMALL_FIRMS},
    }
    return Scenario.from_dict(_merge(data, overrides))


def small_model(
    n_regions: int = 5, seed: int = 0, years: int = 0, **overrides: Any
) -> RegionalEconomy:
    """A model of ``small_scenario`` after its start year and ``years`` more."""
    model = RegionalEconomy(small_scenario(n_regions, **overrides), seed=seed)
    for _ in range(years):
        model.step()
    return model


def small_world(
    n_regions: int = 5, seed: int = 0, years: int = 0, **overrides: Any
) -> tuple[Any, Scenario, np.random.Generator]:
    """``(world, scenario, rng)`` of a small model after its start year and ``years`` more."""
    model = small_model(n_regions, seed, years, **overrides)
    return model.world, model.scenario, model.rng


def textbook_world(
    n_regions: int = 5, seed: int = 0, years: int = 0, **overrides: Any
) -> tuple[Any, Scenario, np.random.Generator]:
    """Like ``small_world`` with ``economy.enabled = false`` (the Solow core only)."""
    return small_world(n_regions, seed, years, **_merge({"economy": {"enabled": False}}, overrides))


def ordered(overrides: dict) -> dict:
    """The schema's rules between two fields kept, as a user's file would (drawn independently,
    half of the draws would be refused for each rule alone): banks start above the capital
    requirement (Finance), and the smallest province's plan is not longer than the largest's."""
    low, high = "finance.capital_requirement", "finance.initial_capital_ratio"
    if low in overrides and high in overrides and overrides[low] >= overrides[high]:
        overrides[low], overrides[high] = overrides[high], overrides[low]
        if overrides[low] >= overrides[high]:  # equal draws (often both at a bound)
            overrides[low] = 0.5 * overrides[high]
    small, large = "strategy.priorities_smallest", "strategy.priorities_largest"
    if small in overrides and large in overrides and overrides[small] > overrides[large]:
        overrides[small], overrides[large] = overrides[large], overrides[small]
    return overrides

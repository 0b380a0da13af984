"""The whole schema, at random and at its bounds (slow): no scenario that ``validate`` accepts is
refused by ``run``, no number is NaN or infinite where the output columns do not say it may be,
and no growth or price leaves the guards' bands without a named warning.

"Validate accepts" is what ``nqpf validate`` checks: the schema and the start year's build
(:func:`nqpf.sim.experiments.runner.build_model`). Every scalar field of every section is drawn
in its declared range (numbers uniformly, integers, booleans, choices), with the world fixed to
``synthetic:6`` regions and 10 years (2023-2033) so that 500 runs take minutes; ``economy.
check_accounts`` is left to the draw, so the identities are checked in about half the runs.
A quarter as many scenarios again put each numeric field at one of its bounds with probability
0.2 or 0.5 (several extremes at once found defects the uniform draws missed).
``NQPF_SCHEMA_EXAMPLES`` lowers the number of random scenarios for a quick look.
"""

from __future__ import annotations

import math
import os
import typing

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nqpf.sim import guards
from nqpf.sim.config import Scenario, ScenarioError
from nqpf.sim.config.params import iter_params
from nqpf.sim.experiments.runner import build_model
from nqpf.sim.outputs.registry import columns_of, get
from tests.builders import ordered

pytestmark = [
    pytest.mark.slow,
    # an overflow or invalid operation anywhere in a drawn run is a finding, not noise
    pytest.mark.filterwarnings("error::RuntimeWarning"),
]

EXAMPLES = int(os.environ.get("NQPF_SCHEMA_EXAMPLES", "500"))
WORLD = {"world.geography": "synthetic:6", "world.start_year": 2023, "world.end_year": 2033}


def _bounds(info) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in info.metadata:
        for attr in ("ge", "gt"):
            if getattr(meta, attr, None) is not None:
                lo = getattr(meta, attr)
        for attr in ("le", "lt"):
            if getattr(meta, attr, None) is not None:
                hi = getattr(meta, attr)
    return lo, hi


def _fields() -> dict[str, tuple[str, tuple]]:
    """Every scalar field outside [world]: path -> (kind, bounds or choices)."""
    out = {}
    for path, info in iter_params(Scenario):
        if path.startswith("world.") or path in ("name", "description"):
            continue
        ann = info.annotation
        if typing.get_origin(ann) is typing.Literal:
            out[path] = ("choice", typing.get_args(ann))
        elif ann is bool:
            out[path] = ("bool", ())
        elif ann in (int, float):
            lo, hi = _bounds(info)
            if lo is not None and hi is not None:
                out[path] = (ann.__name__, (lo, hi))
    return out


FIELDS = _fields()
INCLUSIVE_SIDES = {
    path: [
        side
        for side, attr in (("low", "gt"), ("high", "lt"))
        if not any(getattr(meta, attr, None) is not None for meta in info.metadata)
    ]
    for path, info in iter_params(Scenario)
}
"""The bounds a field may take (``ge``/``le``; not ``gt``/``lt``), for the bound draws."""
BOUND_CASES = [
    (path, side)
    for path, (kind, _) in FIELDS.items()
    if kind in ("int", "float")
    for side in ("low", "high")
]


SOLOW_CORE = {
    "national": {
        "gdp",
        "gdp_growth",
        "capital",
        "labor",
        "population",
        "investment",
        "investment_rate",
        "tfp",
        "tfp_growth",
        "tfp_utilization_adjusted",
        "technology_index",
        "gdp_nominal",
        "gdp_deflator",
        "saving_rate",
        "gdp_per_capita",
        "theil_index",
        "cv_gdp_per_capita",
        "rd_intensity",
    },
    "regions": {
        "population",
        "labor",
        "gdp",
        "gdp_growth",
        "gdp_volume",
        "gdp_volume_growth",
        "gdp_per_capita",
        "capital",
        "investment",
        "tfp",
        "technology_index",
        "absorptive_capacity",
        "rd_intensity",
    },
}
"""Columns filled in textbook mode too (docs/outputs.md: the others are empty there)."""


def _nan_allowed(table: str, economy: bool) -> set[str]:
    """Columns documented as possibly empty (NaN): by their meaning, or in textbook mode."""
    documented = {c for c in columns_of(table) if "NaN" in get(table, c).meaning}
    return documented if economy else documented | (set(columns_of(table)) - SOLOW_CORE[table])


def _draw(data: st.DataObject, tenths_at_bound: int = 0) -> dict:
    """Every field in its range; each numeric one, with ``tenths_at_bound`` / 10 probability, at
    one of its bounds (where defects hide: several fields at their extremes at once)."""
    overrides = dict(WORLD)
    for path, (kind, spec) in FIELDS.items():
        sides = INCLUSIVE_SIDES.get(path) if kind in ("int", "float") else None
        if tenths_at_bound and sides and data.draw(st.integers(0, 9)) < tenths_at_bound:
            side = data.draw(st.sampled_from(sides), label=f"{path} bound")
            overrides[path] = _at_bound(path, side)[path]
            continue
        if kind == "choice":
            value = data.draw(st.sampled_from(spec), label=path)
        elif path == "economy.enabled":  # the full economy three times in four
            value = data.draw(st.sampled_from([True, True, True, False]), label=path)
        elif kind == "bool":
            value = data.draw(st.booleans(), label=path)
        elif kind == "int":
            lo, hi = spec
            value = data.draw(st.integers(math.ceil(lo), int(min(hi, lo + 10_000))), label=path)
        else:
            lo, hi = spec
            value = data.draw(
                st.floats(lo, hi, allow_nan=False, allow_infinity=False, exclude_min=False),
                label=path,
            )
        overrides[path] = value
    return ordered(overrides)


def _at_bound(path: str, side: str) -> dict:
    kind, (lo, hi) = FIELDS[path]
    value = lo if side == "low" else hi
    if kind == "int":
        value = math.ceil(value) if side == "low" else int(min(hi, lo + 10_000))
    return {**WORLD, path: value}


def check_scenario(overrides: dict, seed: int = 0) -> str:
    """Validate as ``nqpf validate`` does, then run: 'refused' or 'ran'; AssertionError on a
    breach of the guarantees."""
    try:
        scenario = Scenario().with_overrides(overrides)
        model = build_model(scenario, seed)
    except ScenarioError:
        return "refused"  # validate and run refuse alike (the run builds the same way)
    try:
        tables = model.run()
    except Exception as exc:  # noqa: BLE001 - the finding itself
        raise AssertionError(
            f"validate accepted, run refused: {type(exc).__name__}: {exc}"
        ) from exc
    for name in ("national", "regions"):
        df = tables[name]
        first = df["year"] == df["year"].min()
        for col in df.columns:
            if df[col].dtype.kind != "f":
                continue
            values = df[col].to_numpy()
            assert not np.isinf(values).any(), f"{name}.{col} infinite"
            nan = np.isnan(values) & ~first.to_numpy()  # growth has no value in the first year
            assert not nan.any() or col in _nan_allowed(name, scenario.economy.enabled), (
                f"{name}.{col} NaN"
            )
    warned = "\n".join(model.recorder.warnings) + (
        " dropped" if model.recorder.warnings_dropped else ""
    )
    nat, reg, ind = tables["national"], tables["regions"], tables["industries"]
    if (nat["gdp_growth"].abs() > guards.GDP_GROWTH_BAND).any():
        assert "national: gdp_growth" in warned or "dropped" in warned
    if (reg["gdp_growth"].abs() > guards.REGION_GROWTH_BAND).any():
        assert "gdp_growth" in warned or "dropped" in warned
    if len(ind) and (~ind["price"].between(guards.PRICE_LOW, guards.PRICE_HIGH)).any():
        assert "price" in warned or "dropped" in warned
    if (reg["investment"] < 0).any():
        assert "investment" in warned or "dropped" in warned
    return "ran"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), seed=st.integers(0, 2**31 - 1))
def test_random_in_range_scenarios(data, seed):
    check_scenario(_draw(data), seed)


@settings(
    max_examples=max(1, EXAMPLES // 4),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), tenths=st.sampled_from([2, 5]), seed=st.integers(0, 2**31 - 1))
def test_scenarios_with_many_fields_at_their_bounds(data, tenths, seed):
    check_scenario(_draw(data, tenths), seed)


@pytest.mark.parametrize(("path", "side"), BOUND_CASES)
def test_every_field_at_each_bound(path, side):
    check_scenario(_at_bound(path, side))

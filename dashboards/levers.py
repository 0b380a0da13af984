"""The dashboard's policy levers, generated from the scenario schema (the one source of truth).

A lever is a scenario field declared with ``param(..., lever=True)`` in :mod:`nqpf.sim.config`.
This module turns each into a control specification: a slider for numbers, a switch for booleans,
a menu for a ``Literal`` of choices. Label, unit, tooltip and bounds all come from the field's
metadata, so a lever added to the schema appears in the dashboard without touching this code.

Slider range. The schema's bounds are what the model accepts; some are far wider than the values
that make sense to explore (``technology.catch_up_rate``: default 0.001, allowed up to 1), where a
slider across the whole range could not reach the default. A slider therefore spans from the lower
bound to ``min(upper bound, max(10 x default, 2 x current value))``, and to the upper bound when the
default is 0 or there is no finite bound nearby; the step is about 1/100 of the span.
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from nqpf.sim.config import Scenario, bounds_text, iter_params

LeverKind = Literal["float", "int", "bool", "choice"]


@dataclass(frozen=True)
class Lever:
    """One policy lever: what the dashboard needs to draw its control."""

    path: str
    """Dotted scenario path, e.g. ``strategy.herding_propensity``."""
    kind: LeverKind
    """``float`` / ``int`` (a slider), ``bool`` (a switch) or ``choice`` (a menu)."""
    default: Any
    """The schema's default value."""
    unit: str
    """Unit declared in the schema (``"-"`` when dimensionless)."""
    description: str
    """The schema's one-line meaning (English)."""
    source: str
    """Where the default comes from."""
    bounds: str
    """Allowed range as text, e.g. ``>= 0 and <= 1`` (empty when unbounded)."""
    lower: float | None = None
    """Inclusive lower limit the model accepts (None when unbounded)."""
    upper: float | None = None
    """Inclusive upper limit the model accepts (None when unbounded)."""
    choices: tuple[Any, ...] = ()
    """Allowed values of a ``choice`` lever."""

    @property
    def section(self) -> str:
        """The scenario section the lever belongs to (``strategy``, ``finance``, ...)."""
        return self.path.split(".", 1)[0] if "." in self.path else ""

    def slider_range(self, current: float | None = None) -> tuple[float, float, float]:
        """``(min, max, step)`` of the slider for a numeric lever (see the module docstring)."""
        lo = 0.0 if self.lower is None else float(self.lower)
        default = float(self.default or 0.0)
        value = default if current is None else float(current)
        if default == 0.0 or max(10.0 * abs(default), 2.0 * abs(value)) <= lo:
            hi = lo + max(1.0, 2.0 * abs(value))
            if self.upper is not None:
                hi = float(self.upper)
        else:
            hi = max(10.0 * abs(default), 2.0 * abs(value))
            if self.upper is not None:
                hi = min(float(self.upper), hi)
        hi = max(hi, value, lo + 1e-9)
        step = _nice_step((hi - lo) / 100.0)
        # a finer step when the default or the current value would fall between two steps
        while step > (hi - lo) / 10_000 and not all(
            _on_grid(x, lo, step) for x in (default, value)
        ):
            step = _nice_step(step * 0.99)
        if self.kind == "int":
            lo, hi, step = math.floor(lo), math.ceil(hi), max(1, round(step))
        return lo, hi, step


def slider_value(raw: Any, lo: float, hi: float, step: float) -> float:
    """A slider's ``change`` value on the slider's own grid: within ``[lo, hi]``, a whole number
    of steps from ``lo`` (to the step's decimals).

    Vuetify 2's slider emits ``change`` with the value before it clamps it: End then ArrowRight
    gives one step past the end (``finance.policy_rate`` 0.301 where the bound is 0.3), Home
    then ArrowLeft one step below, while the thumb and the drag events stop at the end.
    """
    value = min(max(float(raw), lo), hi)
    n = round((value - lo) / step)
    decimals = max(0, -math.floor(math.log10(step))) + 1 if step < 1 else 0
    return min(max(round(lo + n * step, decimals), lo), hi)


def _nice_step(raw: float) -> float:
    """Round a step down to 1, 2 or 5 times a power of ten (0.0123 -> 0.01)."""
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (5.0, 2.0, 1.0):
        if m * power <= raw:
            return m * power
    return power


def _on_grid(x: float, origin: float, step: float) -> bool:
    """Whether ``x`` is (to rounding) a whole number of steps from ``origin``."""
    n = (x - origin) / step
    return abs(n - round(n)) < 1e-6


def _limits(info: Any) -> tuple[float | None, float | None]:
    lower = upper = None
    for meta in info.metadata:
        for attr in ("ge", "gt"):
            val = getattr(meta, attr, None)
            if val is not None:
                lower = float(val)
        for attr in ("le", "lt"):
            val = getattr(meta, attr, None)
            if val is not None:
                upper = float(val)
    return lower, upper


def _kind(annotation: Any) -> tuple[LeverKind | None, tuple[Any, ...]]:
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "float", ()
    if typing.get_origin(annotation) is Literal:
        return "choice", typing.get_args(annotation)
    return None, ()


def levers(schema: type[BaseModel] = Scenario) -> list[Lever]:
    """Every field marked ``lever=True`` in the schema, in schema order.

    Fields of a type the dashboard cannot draw (lists, tables) are skipped.
    """
    out = []
    for path, info in iter_params(schema):
        extra = info.json_schema_extra or {}
        if not extra.get("lever"):
            continue
        kind, choices = _kind(info.annotation)
        if kind is None:
            continue
        lower, upper = _limits(info)
        out.append(
            Lever(
                path=path,
                kind=kind,
                default=info.default,
                unit=str(extra.get("unit", "-")),
                description=info.description or "",
                source=str(extra.get("source", "")),
                bounds=bounds_text(info),
                lower=lower,
                upper=upper,
                choices=choices,
            )
        )
    return out


def get_path(scenario: Scenario, path: str) -> Any:
    """The value at a dotted path of a scenario (``finance.policy_rate``)."""
    node: Any = scenario
    for part in path.split("."):
        node = getattr(node, part)
    return node


def lever_values(scenario: Scenario, items: list[Lever] | None = None) -> dict[str, Any]:
    """The scenario's current value of every lever, by dotted path."""
    return {lv.path: get_path(scenario, lv.path) for lv in (items or levers())}


def changed_levers(scenario: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``values`` that differs from the scenario (the overrides to apply)."""
    return {k: v for k, v in values.items() if get_path(scenario, k) != v}


def coerce(lever: Lever, value: Any) -> Any:
    """A control's raw value as the field's type (sliders return floats for int fields)."""
    if lever.kind == "int":
        return int(round(float(value)))
    if lever.kind == "float":
        return float(value)
    if lever.kind == "bool":
        return bool(value)
    return value


FIRST_SECTIONS: tuple[str, ...] = ("strategy",)
"""Sections whose levers come first in the panel: the local strategy is the lesson's switch."""


def panel_order(items: list[Lever]) -> list[Lever]:
    """The levers in the panel's order: ``FIRST_SECTIONS`` first, then schema order."""
    rank = {s: i for i, s in enumerate(FIRST_SECTIONS)}
    return sorted(items, key=lambda lv: rank.get(lv.section, len(rank)))  # sort is stable


def strategies_in_use(scenario: Scenario) -> set[str]:
    """Every strategy some region follows: the mode and the per-region and per-macro-region ones."""
    st = scenario.strategy
    return {st.mode, *st.by_macro_region.values(), *st.by_region.values()}


TEXTBOOK_LEVERS: frozenset[str] = frozenset({"solow.saving_rate", "technology.catch_up_rate"})
"""The levers textbook mode reads (``economy.enabled = false``, ``agents/region_textbook.py``:
the Solow core's saving rate and the Nelson-Phelps catch-up); it has no firms, governments,
banks, migration or spatial spillovers for the others to act on."""


def inactive_reason(path: str, scenario: Scenario) -> str | None:
    """The interface label key saying why lever ``path`` does nothing in ``scenario`` (with the
    panel's overrides applied), or None when it acts.

    - in textbook mode only ``TEXTBOOK_LEVERS`` act;
    - ``solow.saving_rate`` is textbook mode's saving rate: the agent economy's saving starts
      at ``macro.saving_rate_start`` and falls with income and ageing
      (``agents.region.set_saving_rate``);
    - ``strategy.herding_propensity`` sets the propensity of mixed and tournament governments
      only (tailored governments have 0, herding ones 1: ``sim.economics.strategies.PSI``);
    - ``government.local_protection`` is void under a unified national market, which forbids
      local protection (``agents.government.bail_out``).
    """
    if not scenario.economy.enabled:
        return None if path in TEXTBOOK_LEVERS else "inactive_textbook"
    if path == "solow.saving_rate":
        return "inactive_saving"
    if path == "strategy.herding_propensity" and not strategies_in_use(scenario) & {
        "mixed",
        "tournament",
    }:
        return "inactive_propensity"
    if path == "government.local_protection" and scenario.central.unified_market:
        return "inactive_protection"
    return None

"""The sidebar's policy levers: one control a lever, grouped by scenario section, each with its
value, unit and explanation.

Levers are generated from the scenario schema (:mod:`dashboards.levers`): label, unit, range,
tooltip and default come from the field's declaration in the schema (``sim/config/sections_*.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import section_label, t, value_label
from nqpf.dashboards.inputs import lever_message, lever_range, lever_value_text
from nqpf.dashboards.levers import (
    Lever,
    coerce,
    get_path,
    inactive_reason,
    levers,
    panel_order,
    slider_value,
)
from nqpf.dashboards.param_text import lever_description, lever_label, param_unit
from nqpf.sim.config import Scenario, ScenarioError


def _number(value: float) -> str:
    """A lever value for its label: up to four significant digits, no trailing zeros."""
    return f"{value:.4g}"


def lever_tooltip(lever: Lever, lang: str) -> str:
    """A lever's explanation: what it does, the allowed range, the default as the control shows
    it (on/off, a menu choice's label) and where the default comes from.

    The source is written in the schema in English only: on the Chinese page it is marked as
    English text (``来源（英文）：``), not passed off as the interface's Chinese."""
    sep = "：" if lang == "zh" else ": "
    parts = [lever_description(lever.path, lever.description, lang)]
    if lever.bounds:
        parts.append(f"{t('range', lang)}{sep}{lever_range(lever, lang)}")
    parts.append(f"{t('default', lang)}{sep}{lever_value_text(lever, lever.default, lang, True)}")
    if lever.source and lever.source != "assumption":
        key = "source_english" if lang == "zh" else "source"
        parts.append(f"{t(key, lang)}{sep}{lever.source}")
    parts.append(lever.path)
    return " · ".join(parts)


@solara.component
def LeverControl(
    lever: Lever,
    value: Any,
    scenario_value: Any,
    lang: str,
    on_change: Callable[[str, Any], bool],
    inactive: str | None = None,
):
    """One lever: a label with its value, unit and explanation, and its control.

    ``on_change(path, value)`` applies a value and says whether it was accepted. ``inactive``
    is the label key of the reason the lever does nothing under the current settings: the
    control is then disabled and the reason shown under it.
    """
    changed = value != scenario_value
    unit = param_unit(lever.unit, lang)
    css = "nqpf-lever nqpf-lever-" + lever.path.replace(".", "-")
    if inactive:
        css += " nqpf-lever-inactive"
    with solara.Div(classes=[css], style={"margin-bottom": "4px"}):
        if lever.kind in ("float", "int"):
            NumberLever(
                lever, value, scenario_value, lang, changed, unit, on_change, bool(inactive)
            )
        else:
            LeverLabel(lever, "", lang, changed)
        if lever.kind == "bool":
            solara.Switch(
                label=t("on" if value else "off", lang),
                value=bool(value),
                on_value=lambda v: on_change(lever.path, bool(v)),
                disabled=bool(inactive),
            )
        elif lever.kind == "choice":
            solara.v.Select(
                items=[{"text": value_label(str(c), lang), "value": c} for c in lever.choices],
                v_model=value,
                dense=True,
                hide_details=True,
                disabled=bool(inactive),
                class_="nqpf-choice",
                on_v_model=lambda v: on_change(lever.path, v),
            )
        if inactive:
            solara.Text(
                t(inactive, lang),
                classes=["nqpf-lever-reason"],
                style={"font-size": "11px", "color": "#8a6d00", "display": "block"},
            )


@solara.component
def LeverLabel(lever: Lever, shown: str, lang: str, changed: bool):
    """The lever's name (bold red when it differs from the scenario), value and tooltip."""
    with solara.Row(gap="4px", style={"align-items": "center"}):
        solara.Text(
            lever_label(lever.path, lang),
            style={
                "font-size": "13px",
                "font-weight": "700" if changed else "400",
                "color": "#c62828" if changed else "inherit",
            },
        )
        if shown:
            solara.Text(shown, style={"font-size": "12px", "color": "#555"})
        solara.Tooltip(
            lever_tooltip(lever, lang),
            children=[solara.v.Icon(children=["mdi-information-outline"], small=True)],
        )


@solara.component
def NumberLever(
    lever: Lever,
    value: Any,
    scenario_value: Any,
    lang: str,
    changed: bool,
    unit: str,
    on_change: Callable[[str, Any], bool],
    disabled: bool = False,
):
    """A slider that applies its value when released (dragging does not rebuild the model).

    The value applied is the slider's own, within its ends (:func:`slider_value`: a key press
    past an end stops at it); a value the model refuses puts the slider back where it was.
    """
    local, set_local = solara.use_state(value)
    solara.use_effect(lambda: set_local(value), [value])
    LeverLabel(lever, f"{_number(local)} {unit}".strip(), lang, changed)
    lo, hi, step = lever.slider_range(scenario_value)

    def release(*args: Any) -> None:
        chosen = coerce(lever, slider_value(args[-1], lo, hi, step))
        set_local(chosen)
        if not on_change(lever.path, chosen):
            set_local(value)

    slider = solara.v.Slider(
        v_model=local,
        on_v_model=set_local,
        min=lo,
        max=hi,
        step=step,
        dense=True,
        hide_details=True,
        thumb_label=False,
        disabled=disabled,
    )
    solara.v.use_event(slider, "change", release)


@solara.component
def LeverPanel(state: AppState, scenario: Scenario | None):
    """Every lever of the schema, grouped by scenario section, with the scenario's values."""
    lang = state.lang.value
    items = solara.use_memo(lambda: panel_order(levers()), [])
    if scenario is None or not items:
        return
    overrides = dict(state.settings.value.levers)
    try:
        current = scenario.with_overrides(overrides) if overrides else scenario
    except ScenarioError:
        current = scenario

    def change(path: str, value: Any) -> bool:
        return state.set_lever(path, value)

    solara.Text(t("levers_help", lang), style={"font-size": "12px", "color": "#555"})
    refusal = state.lever_refusal.value
    if refusal is not None and refusal[0] == state.settings.value:
        solara.Error(
            lever_message(refusal[1], refusal[2], refusal[3], refusal[0], lang),
            dense=True,
            classes=["nqpf-lever-error"],
        )
    if overrides:
        solara.Button(
            t("restore_levers", lang),
            icon_name="mdi-undo",
            small=True,
            text=True,
            classes=["nqpf-restore-levers"],
            on_click=lambda: state.set_settings(levers=()),
        )
    section = None
    for lever in items:
        if lever.section != section:
            section = lever.section
            solara.Text(
                section_label(section, lang),
                style={
                    "font-weight": "600",
                    "font-size": "13px",
                    "margin-top": "6px",
                    "color": "#1565c0",
                },
            )
        try:
            base = get_path(scenario, lever.path)
        except AttributeError:
            continue
        LeverControl(
            lever,
            overrides.get(lever.path, base),
            base,
            lang,
            change,
            inactive_reason(lever.path, current),
        )

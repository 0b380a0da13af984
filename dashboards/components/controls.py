"""The sidebar: scenario picker with its question, seed, run controls and policy levers.

Levers are generated from the scenario schema (:mod:`dashboards.levers`): label, unit, range,
tooltip and default come from the field's declaration in the schema (``sim/config/sections_*.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import solara

from nqpf.dashboards.components.local_conditions import FitLesson
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import (
    lever_description,
    lever_label,
    param_unit,
    section_label,
    t,
    value_label,
)
from nqpf.dashboards.inputs import lever_message, lever_range, lever_value_text, seed_problem
from nqpf.dashboards.levers import (
    Lever,
    coerce,
    get_path,
    inactive_reason,
    levers,
    panel_order,
    slider_value,
)
from nqpf.dashboards.scenario_text import (
    LESSON_PAIRS,
    plain_comment,
    scenario_name,
    scenario_texts,
)
from nqpf.dashboards.simulation import Settings, parse_seed, scenario_choices
from nqpf.sim.config import Scenario, ScenarioError, scenario_question

_HEADING = re.compile(r"^[A-Z][A-Za-z' ]{0,40}:")


def reflow_question(text: str) -> list[str]:
    """A scenario's comment as paragraphs: a line starting ``Question:``, ``Source:``... opens
    one, other lines continue the previous paragraph."""
    paragraphs: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if paragraphs and not _HEADING.match(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def scenario_title(key: str, lang: str) -> str:
    """A scenario's name in ``lang`` with its file key (``一哄而上 (herding)``)."""
    name = scenario_name(key, lang)
    return name if name == key else f"{name} ({key})"


def _number(value: float) -> str:
    """A lever value for its label: up to four significant digits, no trailing zeros."""
    return f"{value:.4g}"


@solara.component
def ScenarioPicker(state: AppState):
    """Choose any file in ``scenarios/``; its leading comment (the question) is shown below."""
    lang = state.lang.value
    choices = solara.use_memo(scenario_choices, [])
    current = state.settings.value.scenario

    def choose(key: str | None) -> None:
        if key and key != current:
            state.selected.set(None)
            state.settings.set(Settings(key, state.settings.value.seed))

    solara.v.Select(
        label=t("scenario", lang),
        items=[{"text": scenario_title(k, lang), "value": k} for k in choices],
        v_model=current,
        on_v_model=choose,
        dense=True,
        hide_details=True,
        class_="nqpf-scenario",
        menu_props={"maxHeight": 480},
    )
    question = solara.use_memo(
        lambda: scenario_question(choices[current]) if current in choices else "", [current]
    )
    plain = scenario_texts(current, lang)
    if plain is not None:
        paragraphs = [
            f"{t('question_label', lang)}{plain[0]}",
            f"{t('watch_label', lang)}{plain[1]}",
        ]
    else:
        paragraphs = plain_comment(reflow_question(question))
    if paragraphs:
        solara.Text(t("question", lang), style={"font-size": "12px", "color": "#555"})
        solara.HTML(
            tag="div",
            classes=["nqpf-question"],
            unsafe_innerHTML="".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
        )
    pair = LESSON_PAIRS.get(current)
    if pair is not None:
        solara.Button(
            t("run_lesson", lang).format(
                a=scenario_name(pair[0], lang),
                b=scenario_name(pair[1], lang),
                n=state.compare.value.n_seeds,
            ),
            icon_name="mdi-school-outline",
            small=True,
            outlined=True,
            color="primary",
            classes=["nqpf-run-lesson"],
            style={"text-transform": "none", "white-space": "normal", "height": "auto"},
            on_click=lambda: state.run_lesson(*pair),
        )
    sim = state.sim if state.snap.value is not None else None  # redrawn with each new run
    if sim is not None and sim.scenario.strategy.mode == "tailored":
        FitLesson(state)  # what a tailored government's fit reads, with a province's numbers


@solara.component
def SeedInput(state: AppState):
    """The seed of the model's random generator; an invalid seed (an empty box included) is
    refused visibly: the box turns red, a message names the refused text and the seed the run
    keeps."""
    lang = state.lang.value
    seed = state.settings.value.seed
    text, set_text = solara.use_state(str(seed))
    solara.use_effect(lambda: set_text(str(seed)), [seed])
    problem = seed_problem(text, seed, lang)

    def change(value: str | None) -> None:
        set_text(value or "")
        parsed = parse_seed(value)
        if parsed is not None and parsed != state.settings.value.seed:
            state.set_settings(seed=parsed)

    solara.InputText(
        t("seed", lang),
        value=text,
        on_value=change,
        continuous_update=False,
        error=bool(problem),
        dense=True,
        classes=["nqpf-seed"],
    )
    if problem:
        solara.Error(problem, dense=True, classes=["nqpf-seed-error"])


@solara.component
def RunControls(state: AppState):
    """Reset, Step, Play/Pause and speed; the current year and the last step's time."""
    lang = state.lang.value
    snap = state.snap.value
    finished = snap is not None and snap.finished
    playing = state.playing.value
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        solara.Button(
            t("reset", lang),
            icon_name="mdi-restore",
            on_click=lambda: state.rebuild(),
            classes=["nqpf-reset"],
            outlined=True,
            small=True,
        )
        solara.Button(
            t("step", lang),
            icon_name="mdi-skip-next",
            on_click=state.step,
            disabled=playing or finished or snap is None,
            classes=["nqpf-step"],
            color="primary",
            small=True,
        )
        solara.Button(
            t("pause" if playing else "play", lang),
            icon_name="mdi-pause" if playing else "mdi-play",
            on_click=lambda: state.playing.set(not playing),
            disabled=(finished or snap is None) and not playing,
            classes=["nqpf-play"],
            color="primary",
            small=True,
        )
    with solara.Div(classes=["nqpf-speed"]):
        solara.SliderFloat(
            f"{t('speed', lang)}: {state.speed.value:g} {t('years_per_second', lang)}",
            value=state.speed,
            min=0.5,
            max=10.0,
            step=0.5,
        )
    if snap is not None:
        text = f"{t('year', lang)} {snap.year}"
        if snap.step_ms:
            text += f" · {t('step_time', lang)} {snap.step_ms:.0f} {t('ms', lang)}"
        if finished:
            text += f" · {t('finished', lang)}"
        solara.Text(text, classes=["nqpf-run-status"], style={"font-size": "12px"})


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


def base_scenario(key: str) -> tuple[Scenario | None, str]:
    """The scenario file as shipped (without lever overrides), or the error loading it."""
    choices = scenario_choices()
    if key not in choices:
        return None, f"unknown scenario {key!r}"
    try:
        return Scenario.load(choices[key]), ""
    except ScenarioError as exc:
        return None, str(exc)

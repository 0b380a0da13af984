"""The sidebar: scenario picker with its question, seed and run controls.

The policy levers below them are :mod:`dashboards.components.lever_panel`.
"""

from __future__ import annotations

import html
import re

import solara

from nqpf.dashboards.components.local_conditions import FitLesson
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import t
from nqpf.dashboards.inputs import seed_problem
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


def base_scenario(key: str) -> tuple[Scenario | None, str]:
    """The scenario file as shipped (without lever overrides), or the error loading it."""
    choices = scenario_choices()
    if key not in choices:
        return None, f"unknown scenario {key!r}"
    try:
        return Scenario.load(choices[key]), ""
    except ScenarioError as exc:
        return None, str(exc)

"""The guided first run for a newcomer: seven steps from choosing a scenario to Compare.

The steps and their words are in :mod:`nqpf.dashboards.guide_text`; the browser side
(``guide.vue``) highlights each step's control and remembers that the guide was closed.
This component feeds it the texts of the page's language, keeps its open/step state in the
session and switches to the tab a step talks about (the map, a national chart).
"""

from __future__ import annotations

import solara

from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.components.widgets import GuideWidget
from nqpf.dashboards.guide_text import GUIDE_STEPS
from nqpf.dashboards.i18n import Lang, t


def guide_steps(lang: Lang) -> list[dict[str, str]]:
    """Each step's title, text and the CSS selector of its control, in ``lang``."""
    return [
        {
            "key": s.key,
            "title": t(f"guide_{s.key}_title", lang),
            "body": t(f"guide_{s.key}_body", lang),
            "target": s.target,
        }
        for s in GUIDE_STEPS
    ]


def guide_labels(lang: Lang) -> dict[str, str]:
    """The guide's buttons and counter in ``lang``."""
    keys = ("next", "back", "done", "close", "counter", "reopen")
    return {k: t(f"guide_{k}", lang) for k in keys}


@solara.component
def Guide(state: AppState):
    """The guide's card and highlight (drawn above the page while open)."""
    lang = state.lang.value
    steps = solara.use_memo(lambda: guide_steps(lang), [lang])
    labels = solara.use_memo(lambda: guide_labels(lang), [lang])
    is_open, step = state.guide_open.value, state.guide_step.value

    def show_tab() -> None:
        if is_open and 0 <= step < len(GUIDE_STEPS):
            tab = GUIDE_STEPS[step].tab
            if tab is not None and state.tab.value != tab:
                state.tab.set(tab)

    solara.use_effect(show_tab, [is_open, step])
    return GuideWidget.element(
        show=is_open,
        on_show=state.guide_open.set,
        step=step,
        on_step=state.guide_step.set,
        steps=steps,
        labels=labels,
    )


def reopen_guide(state: AppState) -> None:
    """The top bar's Guide button: the guide from its first step."""
    state.guide_step.set(0)
    state.guide_open.set(True)

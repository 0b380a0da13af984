"""The sidebar's Share card: the address holds the settings; a settings file to save and open."""

from __future__ import annotations

import solara

from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import t
from nqpf.dashboards.share import settings_file, settings_from_file, settings_query


@solara.component
def SharePanel(state: AppState):
    """Link text, a download of the settings file and a drop zone to open one."""
    lang = state.lang.value
    settings = state.settings.value

    def open_file(info) -> None:
        loaded, problems = settings_from_file(
            info["data"], state.settings.value, info.get("name", "settings file")
        )
        state.notice.set(tuple(problems))
        if loaded != state.settings.value:
            state.selected.set(None)
            state.settings.set(loaded)

    solara.Text(t("share_help", lang), style={"font-size": "12px", "color": "#555"})
    solara.Text(
        "?" + settings_query(settings),
        classes=["nqpf-share-query"],
        style={"font-size": "11px", "font-family": "monospace", "word-break": "break-all"},
    )
    with solara.Div(classes=["nqpf-export", "nqpf-settings-download"]):
        solara.FileDownload(
            lambda: settings_file(state.settings.value),
            filename=f"nqpf_{settings.scenario.replace('/', '_')}_seed{settings.seed}.json",
            label=t("save_settings", lang),
            mime_type="application/json",
        )
    with solara.Div(classes=["nqpf-settings-open"]):
        solara.FileDrop(label=t("open_settings", lang), on_file=open_file, lazy=False)

"""The dashboard's page: the top bar, the sidebar (scenario, seed, run, levers) and the tabs.

Imported by :mod:`nqpf.dashboards.app` in a background thread while the server starts (it pulls
in the engine, Mesa, pandas), so the first page does not wait for it any longer than needed.
"""

import solara
import solara.lab

from nqpf.dashboards.components.compare import CompareTab
from nqpf.dashboards.components.controls import (
    RunControls,
    ScenarioPicker,
    SeedInput,
    base_scenario,
)
from nqpf.dashboards.components.guide import Guide, reopen_guide
from nqpf.dashboards.components.lever_panel import LeverPanel
from nqpf.dashboards.components.policy import PolicyTab
from nqpf.dashboards.components.share import SharePanel
from nqpf.dashboards.components.state import use_app_state
from nqpf.dashboards.components.views import IndustriesTab, MapTab, NationalTab
from nqpf.dashboards.components.widgets import SidebarClose
from nqpf.dashboards.i18n import message_text, messages_text, t
from nqpf.dashboards.share import settings_query

CSS = """
.nqpf-question { font-size: 12px; line-height: 1.35; color: #333; background: #f6f8fa;
  border-radius: 4px; padding: 6px 8px; max-height: 190px; overflow-y: auto; margin-bottom: 12px; }
.nqpf-question p { margin-bottom: 4px; }
.nqpf-table-scroll { overflow-x: auto; max-width: 100%; }
.nqpf-table { border-collapse: collapse; font-size: 12.5px; width: 100%; margin-bottom: 6px; }
.nqpf-table th { text-align: left; font-weight: 500; color: #444; padding: 2px 8px 2px 0;
  vertical-align: top; }
.nqpf-table td { padding: 2px 6px; text-align: right; }
.nqpf-grid-table thead th { border-bottom: 1px solid #ccc; text-align: right; }
.nqpf-grid-table thead th:first-child, .nqpf-grid-table td:first-child { text-align: left; }
.nqpf-grid-table tbody tr:nth-child(odd) { background: #fafafa; }
.nqpf-section { display: block; font-weight: 600; font-size: 14px; margin-top: 10px; color: #1565c0; }
.nqpf-year-badge { font-size: 18px; font-weight: 600; margin-right: 16px; }
.nqpf-export .v-btn { text-transform: none; }
.v-btn.nqpf-run-lesson { height: auto !important; min-height: 28px; padding: 4px 8px !important;
  margin-bottom: 12px; max-width: 100%; }
.nqpf-fit-lesson { font-size: 12px; line-height: 1.35; }
.nqpf-fit-lesson ul { padding-left: 16px; margin-bottom: 14px; }
.nqpf-fit-lesson p { margin-bottom: 4px; }
.nqpf-fit-table { font-size: 11.5px; }
.nqpf-fit-numbers td, .nqpf-local td { text-align: left; }
.nqpf-fit-region { margin-top: 10px !important; margin-bottom: 6px !important; }
.nqpf-fit-table thead th { font-size: 11px; vertical-align: bottom; }
.nqpf-run-lesson .v-btn__content { white-space: normal; flex: 1 1 auto; text-align: left;
  line-height: 1.3; }
/* The sidebar keeps one width: Solara sizes it to its content ("min-content", 400 to 600 px),
   but the page beside it is moved over only when the sidebar opens, so content that widened it
   later (a long scenario name) covered the page. Long names are cut with an ellipsis, a wide
   table scrolls in its box. Over the page (windows under 960 px) it leaves a strip to tap. */
.v-navigation-drawer.solara-content-main { width: 400px !important; min-width: 0 !important;
  max-width: 100vw !important; }
.v-navigation-drawer--is-mobile.solara-content-main { max-width: calc(100vw - 56px) !important; }
.v-navigation-drawer .v-select__selections { flex-wrap: nowrap; min-width: 0; }
.v-navigation-drawer .v-select__selection--comma { min-width: 0; }
/* Menus of long choices (dense_select(wrap=True): a policy search's objectives): the chosen
   text and the list's texts wrap onto more lines instead of being cut with an ellipsis; the
   list is never wider than the window (a phone). */
.nqpf-wrap-select .v-select__selections { flex-wrap: wrap; }
.nqpf-wrap-select .v-select__selection--comma { white-space: normal; overflow: visible;
  text-overflow: clip; max-width: calc(100% - 4px); line-height: 1.3; margin: 4px 4px 4px 0; }
.nqpf-wrap-select .v-select__selections input { flex: 0 0 0; width: 0; min-width: 0; padding: 0; }
.nqpf-wrap-menu { max-width: calc(100vw - 24px) !important; }
.nqpf-wrap-menu .v-list-item__title { white-space: normal; line-height: 1.3; }
/* The map and the region inspector: 3 : 2 side by side when the page is at least 700 px wide
   (the inspector's tables need 280 px), else the inspector below the map. */
.nqpf-map-columns > .col:first-child { flex: 3 1 420px !important; }
.nqpf-map-columns > .col:last-child { flex: 2 1 280px !important; }
"""


@solara.component
def MainPage():
    state = use_app_state()
    lang = state.lang.value
    settings = state.settings.value
    # a new model whenever scenario, seed or levers change (and at the first render); not when
    # the settings went back to those of the running model after a failed build
    solara.use_effect(
        lambda: state.rebuild(settings) if state.needs_build(settings) else None, [settings]
    )
    # the address bar follows the settings, so that a copied link re-opens this run
    router = solara.use_router()

    def follow() -> None:
        query = settings_query(settings) + ("&lang=zh" if lang == "zh" else "")
        if (router.search or "") != query:
            router.push(f"?{query}")

    solara.use_effect(follow, [settings, lang])
    # the play loop: steps in a thread while Play is on
    solara.use_thread(state.play_loop, dependencies=[state.playing.value], intrusive_cancel=False)
    base, base_error = solara.use_memo(
        lambda: base_scenario(settings.scenario), [settings.scenario]
    )
    snap = state.snap.value

    solara.Title(t("app_title", lang))
    solara.Style(CSS)
    Guide(state)
    with solara.AppBar():
        solara.AppBarTitle(t("app_title", lang))
        if snap is not None:
            solara.Text(f"{t('year', lang)} {snap.year}", classes=["nqpf-year-badge", "nqpf-year"])
        solara.Button(
            t("help_guide", lang),
            icon_name="mdi-help-circle-outline",
            text=True,
            classes=["nqpf-guide-open"],
            on_click=lambda: reopen_guide(state),
        )
        solara.ToggleButtonsSingle(
            value=lang,
            on_value=state.lang.set,
            classes=["nqpf-lang"],
            children=[
                solara.Button("EN", value="en", classes=["nqpf-lang-en"]),
                solara.Button("中文", value="zh", classes=["nqpf-lang-zh"]),
            ],
        )
    with solara.Sidebar():
        SidebarClose.element(label=t("close_sidebar", lang))
        with solara.Card(t("scenario", lang), margin=0, classes=["nqpf-card-scenario"]):
            ScenarioPicker(state)
            SeedInput(state)
        with solara.Card(t("controls", lang), margin=0, classes=["nqpf-card-run"]):
            RunControls(state)
        with solara.Card(t("levers", lang), margin=0, classes=["nqpf-card-levers"]):
            LeverPanel(state, base)
        with solara.Card(t("share", lang), margin=0, classes=["nqpf-card-share"]):
            SharePanel(state)
    sep = "：" if lang == "zh" else ": "
    if state.notice.value:
        solara.Warning(
            f"{t('settings_problem', lang)}{sep}{messages_text(state.notice.value, lang)}",
            classes=["nqpf-notice"],
        )
    if base_error:
        solara.Error(base_error)
    if state.error.value:
        solara.Error(
            f"{t('model_error', lang)}{sep}{message_text(state.error.value, lang)}",
            classes=["nqpf-error"],
        )
    if snap is None:
        solara.ProgressLinear(True)
        solara.Text(t("building", lang))
        return
    # keyed by language: the tab bar measures its labels again when they change
    with solara.lab.Tabs(value=state.tab.value, on_value=state.tab.set, lazy=True).key(lang):
        with solara.lab.Tab(t("tab_map", lang), classes=["nqpf-tab-map"]):
            MapTab(state)
        with solara.lab.Tab(t("tab_national", lang), classes=["nqpf-tab-national"]):
            NationalTab(state)
        with solara.lab.Tab(t("tab_industries", lang), classes=["nqpf-tab-industries"]):
            IndustriesTab(state)
        with solara.lab.Tab(t("tab_compare", lang), classes=["nqpf-tab-compare"]):
            CompareTab(state)
        with solara.lab.Tab(t("tab_policy", lang), classes=["nqpf-tab-policy"]):
            PolicyTab(state)

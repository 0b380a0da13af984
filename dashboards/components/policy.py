"""The policy-search page: a search folder's Pareto front, its robustness and where policies fail.

The folder is read by :func:`nqpf.sim.experiments.policy_folder.load_policy_folder` (the files
``nqpf optimise`` wrote; the search report reads them the same way). A front point opens as a
scenario: its scenario file's base scenario with its levers goes to the sidebar
(:func:`nqpf.dashboards.policy.point_settings`), and the Map tab shows the new run.
"""

from __future__ import annotations

from dataclasses import replace

import solara

from nqpf.dashboards.components.building_blocks import dense_select, grid_table
from nqpf.dashboards.components.state import MAP_TAB, AppState, PolicyView
from nqpf.dashboards.components.widgets import Scatter
from nqpf.dashboards.i18n import Lang, t
from nqpf.dashboards.inputs import lever_value_text
from nqpf.dashboards.levers import levers
from nqpf.dashboards.param_text import lever_label
from nqpf.dashboards.policy import (
    box_text,
    find_searches,
    objective_label,
    objective_text,
    point_settings,
    policy_name,
    scatter_points,
)
from nqpf.sim.experiments.policy_folder import (
    PolicyFolder,
    PolicyFolderError,
    beating_base,
    discovery_boxes,
    load_policy_folder,
)

WRAPPED_ROW = {"align-items": "center", "flex-wrap": "wrap", "row-gap": "18px"}
"""A row of menus that wraps on a narrow window (a phone), a menu's label clear of the one
above (``solara.Row``'s gap is a column gap only)."""


def _num(value: object) -> str:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return "–" if number != number else f"{number:.4g}"


def lever_cell(path: str, value: object, lang: Lang) -> str:
    """A lever value of a search's table as the sidebar's control shows it (on/off, a menu
    choice's label, a number to four significant digits)."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    lever = next((lv for lv in levers() if lv.path == path), None)
    if lever is None:
        return _num(value)
    if lever.kind == "bool" and isinstance(value, str):  # read back from a CSV
        value = value.strip().lower() == "true"
    return lever_value_text(lever, value, lang)


@solara.component
def PolicyTab(state: AppState):
    """Pick a folder; the front as a scatter, a point's levers and robustness; PRIM boxes."""
    lang = state.lang.value
    view = state.policy.value
    found = solara.use_memo(find_searches, [])
    text, set_text = solara.use_state(view.folder)

    def load() -> tuple[PolicyFolder | None, str]:
        if not view.folder:
            return None, ""
        try:
            return load_policy_folder(view.folder), ""
        except PolicyFolderError as exc:
            return None, str(exc)

    folder, problem = solara.use_memo(load, [view.folder])

    def choose(path: str | None) -> None:
        path = (path or "").strip()
        set_text(path)
        if path != view.folder:
            state.policy.set(PolicyView(folder=path))

    solara.Text(t("policy_intro", lang), style={"font-size": "13px", "color": "#444"})
    with solara.Row(gap="16px", style=WRAPPED_ROW):
        if found:
            dense_select(
                t("policy_found", lang), view.folder, found, choose, "nqpf-policy-found", 360
            )
        solara.InputText(
            t("policy_folder", lang),
            value=text,
            on_value=choose,
            continuous_update=False,
            dense=True,
            classes=["nqpf-policy-folder"],
            style={"min-width": "min(420px, 100%)"},
        )
    if not found and folder is None:  # the hint to run a search, until one is shown
        solara.Text(
            t("policy_none_found", lang),
            classes=["nqpf-policy-none"],
            style={"font-size": "12px", "color": "#555"},
        )
    if problem:
        solara.Error(f"{t('policy_folder_error', lang)}: {problem}", classes=["nqpf-policy-error"])
    if folder is not None:
        FrontView(state, folder)


@solara.component
def FrontView(state: AppState, folder: PolicyFolder):
    """The scatter of two objectives, the chosen point and the discovery boxes."""
    lang = state.lang.value
    view = state.policy.value
    names = list(folder.objectives)
    x = view.x if view.x in names else names[0]
    y = view.y if view.y in names else names[1 % len(names)]
    stat = folder.score
    labels = {n: objective_label(folder, n, lang) for n in names}
    data = solara.use_memo(
        lambda: scatter_points(folder, x, y, stat, labels, lang), [folder, x, y, lang]
    )
    points = [int(p) for p in folder.front["point"]]
    point = view.point if view.point in points else (points[0] if points else None)

    def set_view(**changes) -> None:
        state.policy.set(replace(state.policy.value, **changes))

    solara.Text(
        t("policy_summary", lang).format(
            name=folder.name, n=len(folder.front), m=len(folder.candidates), stat=t(stat, lang)
        ),
        classes=["nqpf-policy-summary"],
        style={"font-size": "14px", "font-weight": "600"},
    )
    report = folder.path / "report.html"
    if report.exists():
        with solara.Div(classes=["nqpf-export", "nqpf-policy-report"]):
            solara.FileDownload(
                lambda: report.read_bytes(),
                filename=f"{folder.name}_report.html",
                label=t("policy_report", lang),
                mime_type="text/html",
            )
    better = beating_base(folder)
    if folder.base is not None:
        solara.Text(
            t("policy_beats_base", lang).format(points=", ".join(map(str, better)))
            if better
            else t("policy_none_beats_base", lang),
            classes=["nqpf-policy-base"],
            style={"font-size": "13px", "display": "block"},
        )
    items = [{"text": labels[n], "value": n} for n in names]
    with solara.Row(gap="16px", style=WRAPPED_ROW):
        # an objective's name is long (column, years, unit, direction): it wraps, never cut
        dense_select(
            t("policy_x", lang), x, items, lambda v: set_view(x=v), "nqpf-policy-x", 360, wrap=True
        )
        dense_select(
            t("policy_y", lang), y, items, lambda v: set_view(y=v), "nqpf-policy-y", 360, wrap=True
        )
        dense_select(
            t("policy_point", lang),
            point,
            [{"text": f"{t('policy_point', lang)} {p}", "value": p} for p in points],
            lambda v: set_view(point=v),
            "nqpf-policy-point",
            200,
        )
    with solara.Row(gap="24px", style={"align-items": "flex-start", "flex-wrap": "wrap"}):
        with solara.Div(classes=["nqpf-policy-scatter"], style={"flex": "1 1 560px"}):
            Scatter(
                data,
                {
                    "x": labels[x],
                    "y": labels[y],
                    "point": t("policy_point", lang),
                    "front": t("policy_front", lang),
                    "others": t("policy_others", lang),
                    "base": t("policy_base", lang),
                },
                point,
                lambda v: set_view(point=v),
            )
        with solara.Div(style={"flex": "1 1 420px"}):
            if point is not None:
                PointDetails(state, folder, point)
    DiscoveryView(folder, lang)


@solara.component
def PointDetails(state: AppState, folder: PolicyFolder, point: int):
    """A front point's levers and robustness (with the base policy's), and the open button."""
    lang = state.lang.value
    row = folder.front[folder.front["point"] == point].iloc[0]
    base = folder.base

    def open_point() -> None:
        try:
            settings, problems = point_settings(folder, point, state.settings.value)
        except PolicyFolderError as exc:
            state.notice.set(exc.args[:1])  # a Message: shown in the page's language
            return
        state.notice.set(tuple(problems))
        state.selected.set(None)
        state.settings.set(settings)
        state.tab.set(MAP_TAB)

    solara.Button(
        t("policy_open_point", lang).format(n=point),
        icon_name="mdi-play-circle-outline",
        color="primary",
        classes=["nqpf-policy-open"],
        style={"text-transform": "none"},
        on_click=open_point,
    )
    solara.Text(t("policy_levers", lang), classes=["nqpf-section"])
    lever_rows = [
        [
            f"{lever_label(p, lang)} ({p})",
            lever_cell(p, row.get(p), lang),
            lever_cell(p, base.get(p), lang) if base is not None else "",
        ]
        for p in folder.levers
    ]
    grid_table(
        ["", f"{t('policy_point', lang)} {point}", t("policy_base", lang)],
        lever_rows,
        "nqpf-policy-levers",
    )
    solara.Text(t("policy_robust", lang), classes=["nqpf-section"])
    stats = ("expected", "worst_decile", "max_regret", "mean_regret")
    rows = []
    for name in folder.objectives:
        cells = [objective_label(folder, name, lang)]
        cells += [objective_text(folder, name, row[f"{name}_{s}"], lang) for s in stats]
        if base is not None:
            cells += [
                objective_text(folder, name, base[f"{name}_{s}"], lang)
                for s in ("expected", "worst_decile")
            ]
        rows.append(cells)
    header = [t("policy_objective", lang)] + [t(s, lang) for s in stats]
    if base is not None:
        header += [t("base_expected", lang), t("base_worst", lang)]
    grid_table(header, rows, "nqpf-policy-robust")


@solara.component
def DiscoveryView(folder: PolicyFolder, lang: Lang):
    """``discovery.csv``: per analysed policy its failures and PRIM's box."""
    solara.Text(t("policy_discovery", lang), classes=["nqpf-section"])
    boxes = discovery_boxes(folder)
    if boxes.empty:
        solara.Text(t("policy_no_discovery", lang), style={"font-size": "12px", "color": "#555"})
        return
    rows = []
    for _, r in boxes.iterrows():
        box = box_text(folder, r, lang) or (
            t("never_fails", lang) if int(r["failures"]) == 0 else ""
        )
        rows.append(
            [
                policy_name(folder, str(r["policy"]), lang),
                f"{int(r['failures'])} / {int(r['states'])}",
                box,
                _num(r["coverage"]),
                _num(r["density"]),
                _num(r["mass"]),
                _num(r["quasi_p"]),
            ]
        )
    grid_table(
        [
            t("policy_policy", lang),
            t("policy_failures", lang),
            t("policy_box", lang),
            t("coverage", lang),
            t("density", lang),
            t("mass", lang),
            t("quasi_p", lang),
        ],
        rows,
        "nqpf-policy-discovery",
    )

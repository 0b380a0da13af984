"""A province's local conditions in the inspector, and the tailored scenario's lesson on fit.

:func:`LocalConditions` is the inspector's section: the province's endowments with their units,
its three strongest comparative advantages (location quotients of capacity) and the unit cost its
location gives those industries. :func:`FitLesson` stands in the sidebar's lesson panel when the
local governments are tailored: what each term of fit reads and from which data, with the
numbers of the selected province (the map's selection; Inner Mongolia before any click).
The numbers come from :mod:`nqpf.dashboards.local_conditions`.
"""

from __future__ import annotations

import html

import pandas as pd
import solara

from nqpf.dashboards import region_info
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import Lang, t
from nqpf.dashboards.local_conditions import (
    FIT_GROUPS,
    cost_factors,
    describe_advantages,
    describe_endowments,
    endowments,
    fit_breakdown,
    location_quotients,
    top_advantages,
)
from nqpf.dashboards.units import format_number

DEFAULT_FIT_REGION = "Inner Mongolia"
"""The province the fit lesson shows before one is selected (rich in wind, coal-era base)."""


def _rows_html(rows: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)


def _current_lq(snap, region: str) -> pd.DataFrame:
    """Location quotients of the snapshot's year (the year's rows of region_industries)."""
    table = snap.tables.get("region_industries", pd.DataFrame())
    if table.empty:
        return location_quotients(table)
    return location_quotients(table[table["year"] == snap.year])


@solara.component
def LocalConditions(state: AppState, region: str):
    """The inspector's *Local conditions*: endowments, top comparative advantages, unit cost."""
    lang: Lang = state.lang.value
    snap, sim = state.snap.value, state.sim
    lq = solara.use_memo(lambda: _current_lq(snap, region), [snap, region])
    if snap is None or sim is None:
        return
    table = endowments([region])
    top = top_advantages(lq, snap.year, region)
    if table is None and not top:
        return
    names = region_info.industry_names(sim.model, lang)
    index = region_info.region_index(sim.model, region)
    with sim.lock:
        costs = cost_factors(sim.model, index) if index is not None else {}
    solara.Text(t("local_conditions", lang), classes=["nqpf-section"])
    rows = []
    if table is not None:
        rows.append((t("endowments", lang), describe_endowments(table.loc[region], lang)))
    if top:
        rows.append((t("top_advantages", lang), describe_advantages(top, names, lang)))
        if costs:
            sep = "、" if lang == "zh" else ", "
            rows.append(
                (
                    t("cost_factor", lang),
                    sep.join(f"{names.get(k, k)} {costs[k]:.3f}" for k, _ in top if k in costs),
                )
            )
    solara.HTML(
        tag="table", unsafe_innerHTML=_rows_html(rows), classes=["nqpf-table", "nqpf-local"]
    )
    solara.Text(t("lq_note", lang), style={"font-size": "11px", "color": "#666"})


@solara.component
def FitLesson(state: AppState):
    """What a tailored government's fit reads, with one province's numbers (sidebar)."""
    lang: Lang = state.lang.value
    snap, sim = state.snap.value, state.sim
    if snap is None or sim is None:
        return
    keys = list(region_info.region_names(sim.model, lang))
    region = state.selected.value
    if region not in keys:
        region = DEFAULT_FIT_REGION if DEFAULT_FIT_REGION in keys else (keys[0] if keys else None)
    with solara.Div(style={"margin-bottom": "16px"}):
        with solara.Details(t("fit_title", lang), expand=True):
            with solara.Div(classes=["nqpf-fit-lesson"]):
                _fit_body(state, region, lang)


def _fit_body(state: AppState, region: str | None, lang: Lang) -> None:
    snap, sim = state.snap.value, state.sim
    model = sim.model
    solara.HTML(tag="p", unsafe_innerHTML=html.escape(t("fit_intro", lang)))
    terms = [(t(f"fit_term_{g}", lang), t(f"fit_term_{g}_source", lang)) for g in FIT_GROUPS]
    colon = "：" if lang == "zh" else ": "
    solara.HTML(
        tag="ul",
        unsafe_innerHTML="".join(
            f"<li><b>{html.escape(k)}</b>{colon}{html.escape(v)}</li>" for k, v in terms
        ),
        classes=["nqpf-fit-terms"],
    )
    table = endowments([region]) if region else None
    index = region_info.region_index(model, region) if region else None
    if table is None or index is None:
        solara.Text(t("fit_no_data", lang), classes=["nqpf-fit-no-data"])
        return
    region_names = region_info.region_names(model, lang)
    solara.v.Select(
        label=t("fit_province", lang),
        items=[{"text": region_names.get(k, k), "value": k} for k in region_names],
        v_model=region,
        on_v_model=state.selected.set,
        dense=True,
        hide_details=True,
        class_="nqpf-fit-region",
    )
    names = region_info.industry_names(model, lang)
    with sim.lock:
        lq = _current_lq(snap, region)
        best = fit_breakdown(model, sim.scenario, index)
        costs = cost_factors(model, index)
    top = top_advantages(lq, snap.year, region)
    shown = region_names.get(region, region)
    heading = t("fit_numbers", lang).format(region=shown, year=snap.year)
    lines = [
        (t("endowments", lang), describe_endowments(table.loc[region], lang)),
        (t("top_advantages", lang), describe_advantages(top, names, lang)),
    ]
    if costs and top:
        k = top[0][0]
        lines.append((t("cost_factor", lang), f"{names.get(k, k)} {costs[k]:.3f}"))
    solara.Text(heading, classes=["nqpf-fit-heading"], style={"font-weight": "600"})
    solara.HTML(
        tag="table", unsafe_innerHTML=_rows_html(lines), classes=["nqpf-table", "nqpf-fit-numbers"]
    )
    if best is not None and len(best):
        solara.Text(t("fit_best", lang), style={"font-size": "12px", "color": "#555"})
        head = "<th></th>" + "".join(f"<th>{html.escape(names.get(k, k))}</th>" for k in best.index)
        body = ""
        for group in (*FIT_GROUPS, "fit"):
            label = t("fit_total", lang) if group == "fit" else t(f"fit_term_{group}", lang)
            cells = "".join(f"<td>{format_number(float(v))}</td>" for v in best[group])
            body += f"<tr><th>{html.escape(label)}</th>{cells}</tr>"
        with solara.Div(classes=["nqpf-table-scroll"]):  # a narrow sidebar scrolls it
            solara.HTML(
                tag="table",
                unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
                classes=["nqpf-table", "nqpf-grid-table", "nqpf-fit-table"],
            )
    solara.Text(t("fit_note", lang), style={"font-size": "11px", "color": "#666"})

"""The main views: the map with the region inspector, national series and the industry panel.

Each view reads the session's latest :class:`~dashboards.simulation.Snapshot` (the result
tables) and, for the inspector, the model's arrays through :mod:`dashboards.region_info`.
Every view offers a CSV of what it shows.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import solara

from nqpf.dashboards import region_info
from nqpf.dashboards.caveats import caveat_for
from nqpf.dashboards.chart_specs import (
    fit_spec,
    industry_history_spec,
    industry_spec,
    national_spec,
    region_history_spec,
)
from nqpf.dashboards.components.local_conditions import LocalConditions
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.components.widgets import Charts, MapView
from nqpf.dashboards.i18n import (
    Lang,
    display_unit,
    format_number,
    format_value,
    region_label,
    t,
    value_label,
)
from nqpf.dashboards.local_conditions import (
    ADVANTAGE,
    LOCAL_INDICATORS,
    local_hover_texts,
    location_quotients,
    with_local_conditions,
)
from nqpf.dashboards.map_geometry import layout_for
from nqpf.dashboards.simulation import Simulation, Snapshot
from nqpf.dashboards.view_tables import (
    MapColors,
    indicator_labels,
    indicators,
    industry_frame,
    map_colors,
    map_export,
    priority_counts,
    split_priorities,
    to_csv_bytes,
    year_rows,
)
from nqpf.sim.outputs import column_label


# ------------------------------------------------------------------------------ small helpers
def kv_table(rows: list[tuple[str, str]], css: str = "") -> None:
    """A two-column table of labels and formatted values."""
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    solara.HTML(
        tag="table", unsafe_innerHTML=body, classes=["nqpf-table", css] if css else ["nqpf-table"]
    )


def grid_table(header: list[str], rows: list[list[str]], css: str = "") -> None:
    """A table with a header row (scrolled sideways in a box narrower than it: a phone)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    with solara.Div(classes=["nqpf-table-scroll"]):
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
            classes=["nqpf-table", "nqpf-grid-table"] + ([css] if css else []),
        )


def dense_select(
    label: str,
    value: Any,
    items: list[dict[str, Any]] | list[Any],
    on_value: Any,
    css: str,
    width: int = 340,
    wrap: bool = False,
) -> None:
    """A compact drop-down menu (``items``: ``{"text", "value"}`` pairs or plain values).

    With ``wrap`` (choices longer than the menu is wide: a policy search's objectives), the
    chosen text and the list's texts wrap onto more lines instead of being cut with an
    ellipsis, and the open list is never wider than the window (CSS ``nqpf-wrap-*`` in
    :mod:`nqpf.dashboards.page`)."""
    extra: dict[str, Any] = {}
    if wrap:
        css += " nqpf-wrap-select"
        extra["menu_props"] = {"contentClass": "nqpf-wrap-menu"}
    solara.v.Select(
        label=label,
        v_model=value,
        items=items,
        on_v_model=on_value,
        dense=True,
        hide_details=True,
        class_=css,
        style_=f"max-width: {width}px",
        **extra,
    )


def indicator_select(
    options: list[str], value: str, on_value: Any, lang: Lang, css: str = "nqpf-indicator"
) -> None:
    """The menu of regional indicators that colour a map."""
    labels = indicator_labels(options, lang)
    items = [{"text": text, "value": c} for c, text in zip(options, labels, strict=True)]
    dense_select(t("indicator", lang), value, items, on_value, css)


@solara.component
def ExportButton(data: Any, filename: str, lang: Lang, css: str):
    """A CSV download of ``data`` (a callable returning bytes, evaluated on click)."""
    with solara.Div(classes=["nqpf-export", css]):
        solara.FileDownload(
            data, filename=filename, label=t("export_csv", lang), mime_type="text/csv"
        )


def _value(row: pd.Series | None, column: str, lang: Lang) -> str | None:
    if row is None or column not in row:
        return None
    return format_value(row[column], column, lang, "regions")


# ------------------------------------------------------------------------------ map tab
@solara.component
def MapTab(state: AppState):
    """The provinces coloured by a chosen indicator, and the inspector of a clicked one."""
    if state.snap.value is not None and state.sim is not None:
        MapTabBody(state, state.snap.value, state.sim)


@solara.component
def MapTabBody(state: AppState, snap: Snapshot, sim: Simulation):
    lang = state.lang.value
    geo = sim.model.world.geography
    names_key = tuple(geo.name)
    layout = solara.use_memo(lambda: layout_for(list(geo.name), geo.lon, geo.lat), [names_key])
    shapes = solara.use_memo(lambda: [s.as_dict() for s in layout.shapes], [layout])
    industry_names = region_info.industry_names(sim.model, lang)
    counts = priority_counts(year_rows(snap.tables.get("regions", pd.DataFrame()), snap.year))
    industry = state.priority_industry.value
    if industry not in industry_names:
        industry = counts.index[0] if len(counts) else next(iter(industry_names), None)
    # the regions table plus endowments and the location quotient of the chosen industry
    lq = solara.use_memo(
        lambda: location_quotients(snap.tables.get("region_industries", pd.DataFrame())), [snap]
    )
    regions = solara.use_memo(
        lambda: with_local_conditions(snap.tables.get("regions", pd.DataFrame()), lq, industry),
        [snap, industry],
    )
    options = indicators(regions)
    indicator = (
        state.indicator.value
        if state.indicator.value in options
        else (options[0] if options else "")
    )
    names = region_info.region_names(sim.model, lang)

    def colour() -> MapColors | None:
        if not indicator:
            return None
        shown = industry_names.get(industry, industry)
        hover = t("advantage_hover", lang).format(industry=shown)
        label = hover if indicator == ADVANTAGE else None
        colors = map_colors(
            regions, snap.year, indicator, lang, industry, industry_names, names, label=label
        )
        if indicator not in LOCAL_INDICATORS:
            return colors
        legend = dict(colors.legend)
        if indicator == ADVANTAGE:  # the legend names the industry
            legend["title"] = t("advantage_in", lang).format(industry=shown)
        rows = year_rows(regions, snap.year)
        extra = local_hover_texts(rows, lq, snap.year, industry_names, lang)
        texts = {r: "\n".join(x for x in (v, extra.get(r)) if x) for r, v in colors.texts.items()}
        return MapColors(colors.fills, texts, legend)

    colors = solara.use_memo(colour, [snap, indicator, lang, industry])
    note = t("map_note" if layout.outlines else "map_note_schematic", lang)
    scenario = state.settings.value.scenario.replace("/", "_")
    caveat = caveat_for(indicator, lang) if layout.outlines else None
    if caveat:
        solara.Warning(caveat, dense=True, classes=["nqpf-caveat"])
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        indicator_select(options, indicator, state.indicator.set, lang)
        if indicator in ("priority_industries", ADVANTAGE) and industry_names:
            dense_select(
                t("industry_for_priority", lang),
                industry,
                [{"text": n, "value": k} for k, n in industry_names.items()],
                state.priority_industry.set,
                "nqpf-priority-industry",
                300,
            )
        ExportButton(
            lambda: to_csv_bytes(
                map_export(regions, snap.year, indicator, dict(zip(geo.name, geo.name_zh)))
            ),
            f"{scenario}_regions_{snap.year}.csv",
            lang,
            "nqpf-export-map",
        )
    # side by side (3 : 2) where both fit, else the inspector below the map (page.py's CSS)
    with solara.Columns([3, 2], gutters_dense=True, classes=["nqpf-map-columns"]):
        with solara.Div(classes=["nqpf-map-panel"]):
            if colors is not None:
                MapView(
                    shapes=shapes,
                    view_box=layout.view_box,
                    fills=colors.fills,
                    texts=colors.texts,
                    names=names,
                    legend=colors.legend,
                    note=note,
                    selected=state.selected.value,
                    on_selected=state.selected.set,
                )
            solara.Text(t("click_hint", lang), style={"font-size": "12px", "color": "#666"})
        Inspector(state)


# ------------------------------------------------------------------------------ inspector
_OVERVIEW = (
    "gdp",
    "gdp_per_capita",
    "gdp_growth",
    "tfp",
    "tfp_growth",
    "capacity_utilization",
    "npl_ratio",
    "gov_debt_to_gdp",
    "rd_intensity",
    "n_firms",
    "population",
)


@solara.component
def Inspector(state: AppState):
    """One region: this year's numbers, government, firms, university, finances, talent."""
    lang = state.lang.value
    snap = state.snap.value
    sim = state.sim
    region = state.selected.value
    with solara.Card(
        t("inspector", lang), classes=["nqpf-inspector"], margin=0, style={"min-height": "200px"}
    ):
        if snap is None or sim is None or region is None:
            solara.Info(t("inspector_empty", lang), dense=True)
            return
        model = sim.model
        index = region_info.region_index(model, region)
        if index is None:
            solara.Info(t("inspector_empty", lang), dense=True)
            return
        regions = snap.tables.get("regions", pd.DataFrame())
        rows = year_rows(regions, snap.year)
        row = rows.loc[region] if region in rows.index else None
        with sim.lock:  # the play loop may be stepping this model
            gov = region_info.government(model, index)
            firms = region_info.firms_by_industry(model, index)
            uni = region_info.university(model, index)
            bank = region_info.bank(model, index)
        ind_names = region_info.industry_names(model, lang)
        geo = model.world.geography
        title = f"{geo.name_zh[index]} {region}" if geo.name_zh[index] != region else region
        with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
            solara.Text(
                title,
                classes=["nqpf-inspector-title"],
                style={"font-size": "20px", "font-weight": "600"},
            )
            solara.Button(
                t("close", lang),
                icon_name="mdi-close",
                text=True,
                small=True,
                classes=["nqpf-inspector-close"],
                on_click=lambda: state.selected.set(None),
            )
        solara.Text(
            f"{t('macro_and_class', lang)}: {value_label(geo.macro_region[index], lang)}"
            f" · {geo.sci_tech_class[index]} · {t('year', lang)} {snap.year}",
            style={"font-size": "12px", "color": "#555"},
        )
        overview = [
            (region_label(c, lang), _value(row, c, lang))
            for c in _OVERVIEW
            if row is not None and c in row
        ]
        solara.Text(t("overview", lang), classes=["nqpf-section"])
        kv_table([(k, v) for k, v in overview if v is not None], "nqpf-overview")
        LocalConditions(state, region)
        _government(gov, row, ind_names, lang)
        _firms(firms, ind_names, lang)
        _university(uni, ind_names, lang)
        _finances(bank, gov, row, lang)
        _talent(row, gov, lang)
        history = regions[regions["region"] == region] if "region" in regions else regions
        panels = region_history_spec(history, lang)
        if panels:
            solara.Text(t("history", lang), classes=["nqpf-section"])
            Charts(panels, columns=2, test_id="nqpf-region-history")
        ExportButton(
            lambda: to_csv_bytes(history), f"region_{region}.csv", lang, "nqpf-export-region"
        )


def _government(
    gov: dict | None, row: pd.Series | None, ind_names: dict[str, str], lang: Lang
) -> None:
    solara.Text(t("government", lang), classes=["nqpf-section"])
    if gov is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    priorities = gov.get("priorities")
    if priorities is None and row is not None and "priority_industries" in row:
        priorities = split_priorities(row["priority_industries"])
    items = []
    if "strategy" in gov:
        items.append(
            (column_label("strategy", lang, "regions"), value_label(gov["strategy"], lang))
        )
    if "herding_propensity" in gov:
        items.append(
            (
                column_label("herding_propensity", lang, "regions"),
                format_value(gov["herding_propensity"], "herding_propensity", lang, "regions"),
            )
        )
    if priorities is not None:
        items.append(
            (
                t("priorities", lang),
                "、".join(ind_names.get(k, k) for k in priorities)
                if lang == "zh"
                else ", ".join(ind_names.get(k, k) for k in priorities),
            )
        )
    for key, column in (
        ("subsidies", "subsidies"),
        ("revenue", "subsidies"),
        ("spending", "subsidies"),
        ("debt", "gov_debt"),
    ):
        if key in gov:
            label = (
                column_label(column, lang, "regions")
                if key in ("subsidies",)
                else (column_label("gov_debt", lang, "regions") if key == "debt" else t(key, lang))
            )
            items.append((label, format_value(gov[key], column, lang, "regions")))
    kv_table(items, "nqpf-government")
    fit = gov.get("fit")
    if fit is not None and len(fit):
        Charts([fit_spec(fit, priorities or [], ind_names, lang)], columns=1, test_id="nqpf-fit")


def _firms(firms: pd.DataFrame | None, ind_names: dict[str, str], lang: Lang) -> None:
    solara.Text(t("firms_by_industry", lang), classes=["nqpf-section"])
    if firms is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    cols = [c for c in ("n_firms", "capacity", "output", "utilization", "zombies") if c in firms]
    header = [t("industry", lang)]
    for c in cols:
        if c == "utilization":
            header.append(f"{column_label('capacity_utilization', lang, 'industries')} (%)")
        elif c == "zombies":
            header.append(t("zombies", lang))
        elif c == "n_firms":
            header.append(column_label("n_firms", lang, "industries"))
        else:
            header.append(
                f"{column_label(c, lang, 'industries')} ({display_unit(c, lang, 'industries')})"
            )
    rows = []
    for _, r in firms.iterrows():
        cells = [ind_names.get(r["industry"], r["industry"])]
        for c in cols:
            value = r[c]
            if c in ("n_firms", "zombies"):
                cells.append(f"{int(value):,}")  # counts of firms
            elif c == "utilization":
                cells.append(format_number(float(value) * 100.0))
            else:
                cells.append(format_number(float(value)))
        rows.append(cells)
    grid_table(header, rows, "nqpf-firms")


def _university(uni: dict | None, ind_names: dict[str, str], lang: Lang) -> None:
    solara.Text(t("university", lang), classes=["nqpf-section"])
    if uni is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    items = []
    if "funding" in uni:
        items.append(
            (
                column_label("university_funding", lang, "regions"),
                format_value(uni["funding"], "university_funding", lang, "regions"),
            )
        )
    if "graduates" in uni:
        items.append(
            (
                column_label("graduates", lang, "regions"),
                format_value(uni["graduates"], "graduates", lang, "regions"),
            )
        )
    if "knowledge" in uni:
        items.append(
            (t("knowledge", lang), format_value(uni["knowledge"], "gov_debt", lang, "regions"))
        )
    if "strongest" in uni:
        fields = ", ".join(f"{ind_names.get(k, k)} ({v:.2f})" for k, v in uni["strongest"])
        items.append(
            (f"{t('strongest_fields', lang)} ({t('strongest_fields_note', lang)})", fields)
        )
    kv_table(items, "nqpf-university")


def _finances(bank: dict | None, gov: dict | None, row: pd.Series | None, lang: Lang) -> None:
    solara.Text(t("finances", lang), classes=["nqpf-section"])
    items = []
    if bank:
        for key, column in (
            ("loans", "gov_debt"),
            ("npl_ratio", "npl_ratio"),
            ("capital_ratio", "bank_capital_ratio"),
            ("losses", "subsidies"),
        ):
            if key in bank:
                label = (
                    column_label(column, lang, "regions")
                    if key in ("npl_ratio", "capital_ratio")
                    else t(key, lang)
                )
                items.append((label, format_value(bank[key], column, lang, "regions")))
    for column in ("gov_debt_to_gdp", "capital_inflow"):
        value = _value(row, column, lang)
        if value is not None:
            items.append((column_label(column, lang, "regions"), value))
    if not items:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    kv_table(items, "nqpf-finances")


def _talent(row: pd.Series | None, gov: dict | None, lang: Lang) -> None:
    solara.Text(t("talent_flows", lang), classes=["nqpf-section"])
    items = []
    for column in ("talent", "talent_share", "net_migration", "graduates", "wage"):
        value = _value(row, column, lang)
        if value is not None:
            items.append((column_label(column, lang, "regions"), value))
    if gov and "talent_subsidy" in gov:
        items.append(
            (
                t("talent_subsidy", lang),
                f"{format_number(gov['talent_subsidy'])} {t('talent_subsidy_unit', lang)}",
            )
        )
    if not items:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    kv_table(items, "nqpf-talent")


# ------------------------------------------------------------------------------ national tab
@solara.component
def NationalTab(state: AppState):
    """National time series: GDP, growth, TFP, utilisation by tier, prices, NPLs, debt..."""
    if state.snap.value is not None:
        NationalTabBody(state, state.snap.value)


@solara.component
def NationalTabBody(state: AppState, snap: Snapshot):
    lang = state.lang.value
    national = snap.tables.get("national", pd.DataFrame())
    panels = solara.use_memo(lambda: national_spec(national, lang), [snap, lang])
    scenario = state.settings.value.scenario.replace("/", "_")
    with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
        solara.Text(
            f"{t('national_title', lang)} · {state.settings.value.scenario} · "
            f"{t('year', lang)} {snap.year}",
            style={"font-size": "16px", "font-weight": "600"},
        )
        ExportButton(
            lambda: to_csv_bytes(national), f"{scenario}_national.csv", lang, "nqpf-export-national"
        )
    Charts(panels, columns=3, test_id="nqpf-national")


# ------------------------------------------------------------------------------ industries tab
@solara.component
def IndustriesTab(state: AppState):
    """Capacity against demand, utilisation, price and regions prioritising, per industry."""
    snap, sim = state.snap.value, state.sim
    if snap is None or sim is None:
        return
    if industry_frame(snap.tables.get("industries", pd.DataFrame()), snap.year).empty:
        solara.Info(t("no_industries", state.lang.value), classes=["nqpf-no-industries"])
        return
    IndustriesTabBody(state, snap, sim)


@solara.component
def IndustriesTabBody(state: AppState, snap: Snapshot, sim: Simulation):
    lang = state.lang.value
    industries = snap.tables["industries"]
    names = region_info.industry_names(sim.model, lang)
    panels = solara.use_memo(
        lambda: industry_spec(industry_frame(industries, snap.year), lang, names), [snap, lang]
    )
    history = solara.use_memo(
        lambda: [
            spec
            for spec in (
                industry_history_spec(industries, lang, names, column)
                for column in ("price", "n_regions_prioritizing")
            )
            if spec is not None
        ],
        [snap, lang],
    )
    scenario = state.settings.value.scenario.replace("/", "_")
    with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
        solara.Text(
            f"{t('industries_title', lang)} · {t('year', lang)} {snap.year}",
            style={"font-size": "16px", "font-weight": "600"},
        )
        ExportButton(
            lambda: to_csv_bytes(industries),
            f"{scenario}_industries.csv",
            lang,
            "nqpf-export-industries",
        )
    Charts(panels, columns=2, test_id="nqpf-industries")
    if history:  # over the years: prices, and how many regions chase each industry
        Charts(history, columns=2, test_id="nqpf-industry-prices")

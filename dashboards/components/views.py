"""The main views: the map with the region inspector, national series and the industry panel.

Each view reads the session's latest :class:`~dashboards.simulation.Snapshot` (the result
tables); the inspector beside the map is :mod:`dashboards.components.inspector`. Every view
offers a CSV of what it shows.
"""

from __future__ import annotations

import pandas as pd
import solara

from nqpf.dashboards import region_info
from nqpf.dashboards.caveats import caveat_for
from nqpf.dashboards.chart_specs import industry_history_spec, industry_spec, national_spec
from nqpf.dashboards.components.building_blocks import ExportButton, dense_select, indicator_select
from nqpf.dashboards.components.inspector import Inspector
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.components.widgets import Charts, MapView
from nqpf.dashboards.i18n import t
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
    indicators,
    industry_frame,
    map_colors,
    map_export,
    priority_counts,
    to_csv_bytes,
    year_rows,
)


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

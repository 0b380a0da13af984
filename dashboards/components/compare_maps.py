"""The Compare tab's maps: A and B side by side on one colour scale, or the difference B - A.

Drawn with the single map's component (:func:`~nqpf.dashboards.components.widgets.MapView`)
and colours (:func:`~nqpf.dashboards.view_tables.map_colors`, through
:mod:`nqpf.dashboards.compare_maps`): the same indicators, units, robust clipping and outlier
marking, caveats and province names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import solara

from nqpf.dashboards.caveats import caveat_for
from nqpf.dashboards.compare_maps import compare_indicators, compare_map_colors
from nqpf.dashboards.components.building_blocks import dense_select, indicator_select
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.components.widgets import MapView
from nqpf.dashboards.i18n import Lang, t
from nqpf.dashboards.map_geometry import layout_for
from nqpf.dashboards.region_info import industry_names
from nqpf.sim.outputs import scenario_colors

SIDES, DIFFERENCE = "sides", "difference"


def _region_names(regions: list[str], lang: Lang) -> dict[str, str]:
    """Province names in ``lang`` (the key in English, or where no Chinese name is known)."""
    if lang != "zh":
        return {r: r for r in regions}
    from nqpf.sim.data import load_provinces

    zh = dict(zip(*(load_provinces()[c] for c in ("region", "name_zh"))))
    return {r: zh.get(r, r) for r in regions}


@solara.component
def CompareMapsView(state: AppState, comp, mean_a: pd.DataFrame, mean_b: pd.DataFrame):
    """Indicator, year and mode pickers, then the two maps or the difference map."""
    if mean_a.empty or mean_b.empty or not compare_indicators(mean_a, mean_b):
        return  # the runs returned no regional tables (nothing to draw)
    CompareMapsBody(state, comp, mean_a, mean_b)


@solara.component
def CompareMapsBody(state: AppState, comp, mean_a: pd.DataFrame, mean_b: pd.DataFrame):
    lang = state.lang.value
    options = compare_indicators(mean_a, mean_b)
    wanted, wanted_year, mode = state.compare_map.value
    indicator = wanted if wanted in options else options[0]
    years = sorted(set(mean_a["year"]) & set(mean_b["year"]))
    year = wanted_year if wanted_year in years else years[-1]
    regions = sorted(set(mean_a["region"]))
    names = solara.use_memo(lambda: _region_names(regions, lang), [tuple(regions), lang])
    layout = solara.use_memo(
        lambda: layout_for(regions, np.zeros(len(regions)), np.zeros(len(regions))),
        [tuple(regions)],
    )
    shapes = solara.use_memo(lambda: [s.as_dict() for s in layout.shapes], [layout])
    industries = industry_names(state.sim.model, lang) if state.sim is not None else {}
    maps = solara.use_memo(
        lambda: compare_map_colors(mean_a, mean_b, year, indicator, lang, industries, names),
        [mean_a, mean_b, year, indicator, lang],
    )

    def choose(**changes) -> None:
        values = dict(zip(("indicator", "year", "mode"), state.compare_map.value))
        state.compare_map.set(tuple({**values, **changes}.values()))

    solara.Text(t("compare_maps", lang), classes=["nqpf-section", "nqpf-compare-maps-title"])
    solara.Text(
        t("compare_maps_note", lang).format(n=len(comp.seeds)),
        style={"font-size": "12px", "color": "#555"},
    )
    caveat = caveat_for(indicator, lang) if layout.outlines else None
    if caveat:
        solara.Warning(caveat, dense=True, classes=["nqpf-caveat"])
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        indicator_select(
            options, indicator, lambda v: choose(indicator=v), lang, "nqpf-compare-map-indicator"
        )
        dense_select(
            t("map_year", lang),
            int(year),
            [int(y) for y in years],
            lambda v: choose(year=int(v)),
            "nqpf-compare-map-year",
            140,
        )
        solara.ToggleButtonsSingle(
            value=mode,
            on_value=lambda v: choose(mode=v),
            classes=["nqpf-compare-map-mode"],
            children=[
                solara.Button(
                    t("maps_side_by_side", lang), value=SIDES, classes=["nqpf-maps-sides"]
                ),
                solara.Button(
                    t("maps_difference", lang), value=DIFFERENCE, classes=["nqpf-maps-difference"]
                ),
            ],
        )
    note = t("map_note" if layout.outlines else "map_note_schematic", lang)
    common = dict(
        shapes=shapes,
        view_box=layout.view_box,
        names=names,
        note=note,
        selected=state.selected.value,
        on_selected=state.selected.set,
    )
    if mode == DIFFERENCE:
        if maps.difference is None:
            solara.Info(t("no_difference_categorical", lang), dense=True)
            return
        with solara.Columns([1, 1], gutters_dense=True):
            with solara.Div(classes=["nqpf-compare-map", "nqpf-compare-map-diff"]):
                _heading(
                    f"{t('b_minus_a', lang)}: {comp.names[1]} - {comp.names[0]} · {year}", "#555"
                )
                MapView(
                    fills=maps.difference.fills,
                    texts=maps.difference.texts,
                    legend=maps.difference.legend,
                    **common,
                )
            solara.Text(
                t("difference_reading", lang).format(a=comp.names[0], b=comp.names[1]),
                classes=["nqpf-compare-map-reading"],
                style={"font-size": "13px", "color": "#444", "margin-top": "40px"},
            )
        return
    color_a, color_b = scenario_colors(2)
    with solara.Columns([1, 1], gutters_dense=True):
        sides = (("a", comp.names[0], maps.a, color_a), ("b", comp.names[1], maps.b, color_b))
        for side, name, colored, color in sides:
            with solara.Div(classes=["nqpf-compare-map", f"nqpf-compare-map-{side}"]):
                _heading(f"{side.upper()}: {name} · {year}", color)
                MapView(fills=colored.fills, texts=colored.texts, legend=colored.legend, **common)


def _heading(text: str, color: str) -> None:
    solara.Text(
        text,
        classes=["nqpf-compare-map-title"],
        style={"font-weight": "600", "font-size": "14px", "color": color, "display": "block"},
    )

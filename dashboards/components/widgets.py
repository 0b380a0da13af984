"""Browser-side widgets drawn with Vue templates: charts, the map, the guide, the sidebar.

They ship with the package (the ``.vue`` files beside this one) and need nothing from the internet:
the page's Vue runtime (from ``solara-assets``) draws them. Python sends small JSON
specifications (:mod:`dashboards.chart_specs`, :mod:`dashboards.view_tables`); the map's
outlines are sent once per session and only colours and hover texts change with each step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipyvuetify as v
import solara
import traitlets


class ChartGrid(v.VuetifyTemplate):
    """A grid of line and horizontal-bar panels (see ``dashboards/chart_specs.py``)."""

    template_file = (__file__, "charts.vue")
    panels = traitlets.List(default_value=[]).tag(sync=True)
    columns = traitlets.Int(default_value=3).tag(sync=True)
    test_id = traitlets.Unicode(default_value="").tag(sync=True)


class ChinaMap(v.VuetifyTemplate):
    """Regions as SVG shapes coloured by an indicator; a click sets ``selected``."""

    template_file = (__file__, "map.vue")
    shapes = traitlets.List(default_value=[]).tag(sync=True)
    view_box = traitlets.Unicode(default_value="0 0 800 600").tag(sync=True)
    fills = traitlets.Dict(default_value={}).tag(sync=True)
    texts = traitlets.Dict(default_value={}).tag(sync=True)
    names = traitlets.Dict(default_value={}).tag(sync=True)
    legend = traitlets.Dict(default_value={}).tag(sync=True)
    note = traitlets.Unicode(default_value="").tag(sync=True)
    selected = traitlets.Unicode(default_value=None, allow_none=True).tag(sync=True)


@solara.component
def Charts(panels: list[dict[str, Any]], columns: int = 3, test_id: str = ""):
    """Draw chart panels in a grid of ``columns``."""
    return ChartGrid.element(panels=panels, columns=columns, test_id=test_id)


@solara.component
def MapView(
    shapes: list[dict[str, Any]],
    view_box: str,
    fills: dict[str, str],
    texts: dict[str, str],
    names: dict[str, str],
    legend: dict[str, Any],
    note: str,
    selected: str | None,
    on_selected: Callable[[str | None], None],
):
    """The map of regions; ``on_selected`` receives the key of a clicked region."""
    return ChinaMap.element(
        shapes=shapes,
        view_box=view_box,
        fills=fills,
        texts=texts,
        names=names,
        legend=legend,
        note=note,
        selected=selected,
        on_selected=on_selected,
    )


class GuideWidget(v.VuetifyTemplate):
    """The guided first run (``guide.vue``): a card per step beside the highlighted control.

    The browser opens it on a first visit (``localStorage``); ``show`` and ``step`` are shared
    with Python, which reopens it and shows the tab a step talks about.
    """

    template_file = (__file__, "guide.vue")
    show = traitlets.Bool(default_value=False).tag(sync=True)
    step = traitlets.Int(default_value=0).tag(sync=True)
    steps = traitlets.List(default_value=[]).tag(sync=True)
    labels = traitlets.Dict(default_value={}).tag(sync=True)


class ScatterWidget(v.VuetifyTemplate):
    """The policy page's scatter (``scatter.vue``): front points, other candidates, the base
    policy as a star; a click on a front point sets ``selected`` (its number)."""

    template_file = (__file__, "scatter.vue")
    plot = traitlets.Dict(default_value={}).tag(sync=True)
    labels = traitlets.Dict(default_value={}).tag(sync=True)
    selected = traitlets.Int(default_value=None, allow_none=True).tag(sync=True)


@solara.component
def Scatter(
    data: dict[str, Any],
    labels: dict[str, str],
    selected: int | None,
    on_selected: Callable[[int | None], None],
):
    """The front of two objectives; ``on_selected`` receives a clicked point's number."""
    return ScatterWidget.element(
        plot=data, labels=labels, selected=selected, on_selected=on_selected
    )


class SidebarClose(v.VuetifyTemplate):
    """The sidebar's close button and Escape key (``sidebar.vue``), for narrow windows, where
    the sidebar lies over the page and covers the top bar's menu button."""

    template_file = (__file__, "sidebar.vue")
    label = traitlets.Unicode(default_value="").tag(sync=True)

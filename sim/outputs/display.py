"""How output columns are shown: labels in English or Chinese, units, percent scaling.

Names, units and labels are declared once (:mod:`nqpf.sim.outputs.column` and the table modules);
this module says how a column is called in a report, a plot or a dashboard, in English (``en``)
or Chinese (``zh``), and how its unit is shown. Shares and rates (``share``, ``share of GDP``,
``1/year``) are shown in percent, ``shown = 100 x stored``, and differences between them in
percentage points, because that is how policy texts and statistical yearbooks quote them
(capacity utilisation 75.1 %, NPL ratio 1.6 %).
"""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Lang
from nqpf.sim.outputs.registry import TABLES, find, unit_of

__all__ = [
    "DIMENSIONLESS_UNITS",
    "PERCENT_UNITS",
    "UNIT_ZH",
    "axis_label",
    "column_label",
    "difference_unit",
    "display_scale",
    "display_unit",
    "is_percent",
    "label",
    "scenario_colors",
    "unit_scale",
    "unit_text",
]

PERCENT_UNITS: Final[frozenset[str]] = frozenset({"share", "share of GDP", "1/year"})
"""Units shown in percent (x 100); their differences are percentage points."""
DIMENSIONLESS_UNITS: Final[frozenset[str]] = frozenset(
    {"-", "0-1", "index", "ratio", "reference = 1"}
)
"""Units of indices and ratios: a difference between two of them is a pure number."""

UNIT_ZH: Final[dict[str, str]] = {
    "bn yuan/year": "亿元/年",
    "bn yuan": "亿元",
    "million workers": "万人",
    "million persons": "万人",
    "thousand yuan/person": "万元/人",
    "index": "指数",
    "reference = 1": "基期=1",
    "% of GDP": "占GDP比重 %",
    "share of GDP": "占GDP比重 %",
    "0-1": "0-1",
    "ratio": "比值",
    "firms": "家",
    "firms/year": "家/年",
    "year": "年",
    "-": "",
    "thousand yuan/worker/year": "万元/人/年",
    "million persons/year": "万人/年",
    "regions": "个地区",
    "TWh/year": "亿千瓦时/年",
}
"""Declared units as Chinese readers write them (亿元, 万人, 万元; a unit missing here is shown
as declared). The value is converted with :data:`ZH_SCALE`."""

ZH_SCALE: Final[dict[str, float]] = {
    "bn yuan/year": 10.0,  # 1 bn yuan = 10 亿元
    "bn yuan": 10.0,
    "million workers": 100.0,  # 1 million = 100 万
    "million persons": 100.0,
    "million persons/year": 100.0,
    "thousand yuan/person": 0.1,  # 1 thousand yuan = 0.1 万元
    "thousand yuan/worker/year": 0.1,
    "TWh/year": 10.0,  # 1 TWh = 10 亿千瓦时
}
"""Factor from a declared unit to its Chinese unit in :data:`UNIT_ZH` (1 when absent)."""

ZH_LARGE: Final[dict[tuple[str, str], tuple[str, float]]] = {
    ("national", "gdp"): ("万亿元/年", 1e-3),  # 1 bn yuan = 0.001 万亿元
    ("national", "investment"): ("万亿元/年", 1e-3),
    ("national", "firm_investment"): ("万亿元/年", 1e-3),
    ("national", "capital"): ("万亿元", 1e-3),
    ("national", "population"): ("亿人", 1e-2),  # 1 million = 0.01 亿
    ("national", "labor"): ("亿人", 1e-2),
}
"""National totals written in 万亿元 and 亿人, as Chinese statistics quote them."""

ENGLISH_UNIT: Final[dict[str, str]] = {"share of GDP": "% of GDP"}
"""Percent units whose English display names what the share is of."""


def label(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The declared label of ``table.name`` in ``lang`` (the name itself when undeclared)."""
    column = find(table, name)
    return name if column is None else column.label(lang)


def column_label(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The label of a column, also for a column derived from the tables under a declared name.

    Looks in ``table`` first, then in the other tables (the ``regions`` and ``industries``
    tables before ``national`` when ``table`` is one of them); a name declared nowhere is shown
    with spaces for underscores.
    """
    if table == "national":
        order = TABLES
    else:
        order = (table, *[t for t in TABLES if t not in (table, "national")], "national")
    for where in order:
        column = find(where, name)
        if column is not None:
            return column.label(lang)
    return name.replace("_", " ")


def unit_text(unit: str, lang: Lang = "en") -> str:
    """A declared unit as shown: ``%`` for shares and rates (``% of GDP``, 占GDP比重 %), Chinese
    units in ``zh`` (亿元, 万人), none for ``-``."""
    if lang == "zh" and unit in ("share of GDP", "% of GDP"):
        return UNIT_ZH[unit]
    if unit in PERCENT_UNITS:
        return ENGLISH_UNIT.get(unit, "%")
    if lang == "zh":
        return UNIT_ZH.get(unit, unit)
    return "" if unit == "-" else unit


def unit_scale(unit: str, lang: Lang = "en") -> float:
    """Factor from a value in ``unit`` to the value shown: 100 for shares and rates, the
    Chinese unit's factor in ``zh`` (bn yuan -> 亿元: 10)."""
    if unit in PERCENT_UNITS:
        return 100.0
    return ZH_SCALE.get(unit, 1.0) if lang == "zh" else 1.0


def is_percent(name: str, table: str = "national") -> bool:
    """Whether a column is shown in percent (its unit is a share or a rate per year)."""
    return unit_of(table, name) in PERCENT_UNITS


def display_scale(name: str, table: str = "national", lang: Lang = "en") -> float:
    """Factor from the stored value to the displayed value (100 for shares and rates; in
    Chinese, 10 from bn yuan to 亿元, 0.001 to 万亿元, 100 from million to 万人)."""
    if lang == "zh" and (table, name) in ZH_LARGE:
        return ZH_LARGE[(table, name)][1]
    return unit_scale(unit_of(table, name), lang)


def display_unit(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The unit shown next to a value: ``%`` for shares and rates, else the declared unit."""
    if lang == "zh" and (table, name) in ZH_LARGE:
        return ZH_LARGE[(table, name)][0]
    return unit_text(unit_of(table, name), lang)


def difference_unit(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The unit of a difference: percentage points for shares and rates, none for indices."""
    if is_percent(name, table):
        return "个百分点" if lang == "zh" else "percentage points"
    if unit_of(table, name) in DIMENSIONLESS_UNITS:
        return ""
    return display_unit(name, lang, table)


def axis_label(name: str, lang: Lang = "en", table: str = "national") -> str:
    """``Label (unit)`` for a plot axis or a table header (Chinese: ``标签（单位）``)."""
    unit = display_unit(name, lang, table)
    text = label(name, lang, table)
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


REFERENCE_COLOR: Final[str] = "#333333"
"""Colour of the reference scenario (the first of a comparison) in every figure: dark grey."""
OTHER_COLORS: Final[tuple[str, ...]] = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
)
"""Colours of the other scenarios, in order (matplotlib's tab10 without its grey)."""


def scenario_colors(n: int) -> list[str]:
    """Colours of ``n`` compared scenarios, the reference first: the same in the report's
    figures and the dashboard's Compare tab."""
    return [REFERENCE_COLOR] + [OTHER_COLORS[i % len(OTHER_COLORS)] for i in range(n - 1)]

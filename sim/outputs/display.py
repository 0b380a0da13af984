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
    "unit_text",
]

PERCENT_UNITS: Final[frozenset[str]] = frozenset({"share", "share of GDP", "1/year"})
"""Units shown in percent (x 100); their differences are percentage points."""
DIMENSIONLESS_UNITS: Final[frozenset[str]] = frozenset(
    {"-", "0-1", "index", "ratio", "reference = 1"}
)
"""Units of indices and ratios: a difference between two of them is a pure number."""

UNIT_ZH: Final[dict[str, str]] = {
    "bn yuan/year": "十亿元/年",
    "bn yuan": "十亿元",
    "million workers": "百万人",
    "million persons": "百万人",
    "thousand yuan/person": "千元/人",
    "index": "指数",
    "reference = 1": "基期=1",
    "% of GDP": "占GDP的%",
    "0-1": "0-1",
    "ratio": "比值",
    "firms": "家",
    "firms/year": "家/年",
    "year": "年",
    "-": "",
    "thousand yuan/worker/year": "千元/人/年",
    "million persons/year": "百万人/年",
    "regions": "个地区",
}
"""Declared units in Chinese (a unit missing here is shown as declared)."""


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
    """A declared unit as shown: ``%`` for shares and rates, Chinese in ``zh``, none for ``-``."""
    if unit in PERCENT_UNITS:
        return "%"
    if lang == "zh":
        return UNIT_ZH.get(unit, unit)
    return "" if unit == "-" else unit


def is_percent(name: str, table: str = "national") -> bool:
    """Whether a column is shown in percent (its unit is a share or a rate per year)."""
    return unit_of(table, name) in PERCENT_UNITS


def display_scale(name: str, table: str = "national") -> float:
    """Factor from the stored value to the displayed value (100 for shares and rates)."""
    return 100.0 if is_percent(name, table) else 1.0


def display_unit(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The unit shown next to a value: ``%`` for shares and rates, else the declared unit."""
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

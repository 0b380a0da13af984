"""How the dashboard shows values with units: a column's unit and scale, and numbers rounded.

Output columns' units are declared once in :mod:`nqpf.sim.outputs` (shares and rates are shown
in percent); this module adds the units of the few columns the dashboard derives itself, and
formats a stored value as shown: scaled, rounded, with its unit in the page's language.
"""

from __future__ import annotations

import math

from nqpf.dashboards.i18n import region_label, t
from nqpf.dashboards.local_text import LOCAL_COLUMN_UNITS
from nqpf.sim.outputs import (
    DIMENSIONLESS_UNITS,
    PERCENT_UNITS,
    Lang,
    column_label,
    display_scale,
    unit_of,
    unit_scale,
    unit_text,
)
from nqpf.sim.outputs import display_unit as outputs_display_unit

# Units of columns the dashboard derives itself (not declared in nqpf.sim.outputs); their labels
# are those of the declared column of the same name (regional TFP growth: "TFP growth").
DERIVED_UNITS: dict[tuple[str, str], str] = {("regions", "tfp_growth"): "1/year"}
DERIVED_UNITS.update({("regions", k): u for k, u in LOCAL_COLUMN_UNITS.items()})


def column_unit(name: str, table: str) -> str:
    """The declared unit of a column (of a derived column, the dashboard's own)."""
    if (table, name) in DERIVED_UNITS:
        return DERIVED_UNITS[(table, name)]
    try:
        return unit_of(table, name)
    except KeyError:
        return "-"


COUNT_UNITS: frozenset[str] = frozenset({"firms", "regions"})
"""Units of counts: a whole number is shown without decimals (``5``, not ``5.00``)."""
COUNT_COLUMNS: frozenset[tuple[str, str]] = frozenset({("regions", "universities")})
"""Counts whose declared unit is ``-`` (a number of universities)."""


def is_count(name: str, table: str) -> bool:
    """Whether the column counts things (firms, regions, universities)."""
    return (table, name) in COUNT_COLUMNS or column_unit(name, table) in COUNT_UNITS


def is_percent(name: str, table: str) -> bool:
    """Whether the column is shown in percent (shares and rates)."""
    return column_unit(name, table) in PERCENT_UNITS


def display_unit(name: str, lang: Lang, table: str) -> str:
    """The unit shown next to a value of a column (``%`` for shares and rates; 亿元, 万人 in
    Chinese): :func:`nqpf.sim.outputs.display_unit` for declared columns."""
    if (table, name) in DERIVED_UNITS:
        return unit_text(DERIVED_UNITS[(table, name)], lang)
    try:
        return outputs_display_unit(name, lang, table)
    except KeyError:
        return unit_text(column_unit(name, table), lang)


def difference_unit(name: str, lang: Lang, table: str = "regions") -> str:
    """The unit of a difference of a column: percentage points for shares and rates, none for
    indices, else the column's unit."""
    if is_percent(name, table):
        return t("percentage_points", lang)
    if column_unit(name, table) in DIMENSIONLESS_UNITS:
        return ""
    return display_unit(name, lang, table)


def axis_label(name: str, lang: Lang, table: str = "national") -> str:
    """``Label (unit)`` for an axis, a legend or a table header."""
    unit = display_unit(name, lang, table)
    text = region_label(name, lang) if table == "regions" else column_label(name, lang, table)
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def scale(name: str, table: str, lang: Lang = "en") -> float:
    """Factor from a stored value to the shown value (100 for shares and rates; 10 from bn yuan
    to 亿元 in Chinese): :func:`nqpf.sim.outputs.display_scale` for declared columns."""
    if (table, name) in DERIVED_UNITS:
        return unit_scale(DERIVED_UNITS[(table, name)], lang)
    try:
        return display_scale(name, table, lang)
    except KeyError:
        return unit_scale(column_unit(name, table), lang)


def format_number(value: float) -> str:
    """A number with sensible precision: 3 significant digits, thousands separated."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    mag = abs(value)
    if mag >= 1000:
        return f"{value:,.0f}"
    if mag >= 100:
        return f"{value:.0f}"
    if mag >= 10:
        return f"{value:.1f}"
    if mag >= 1:
        return f"{value:.2f}"
    if mag == 0:
        return "0"
    # three significant digits written out (0.0000769, never 7.69e-05)
    text = f"{value:.{2 - math.floor(math.log10(mag))}f}"
    return text.rstrip("0").rstrip(".")


def format_value(value: float, name: str, lang: Lang, table: str) -> str:
    """A stored value as shown: scaled (percent), formatted, with its unit."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return t("no_value", lang)
    number = float(value) * scale(name, table, lang)
    if is_count(name, table) and number.is_integer():
        shown = f"{int(number):,}"  # a count of one run: 7, not 7.00 (a mean keeps decimals)
    else:
        shown = format_number(number)
    unit = display_unit(name, lang, table)
    if not unit or column_unit(name, table) in DIMENSIONLESS_UNITS:
        return shown
    return f"{shown} {unit}" if unit != "%" else f"{shown} %"

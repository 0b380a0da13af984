"""Output tables declared once: every column's table, name, unit, meaning and labels.

Each column of the ``national``, ``regions``, ``industries`` and ``region_industries`` tables is
declared once, with its unit, its meaning and its English and Chinese labels (:mod:`.national`,
:mod:`.regions`, :mod:`.industries`, :mod:`.region_industries`, type :class:`Column`). Everything else reads these declarations:

* :mod:`.recorder` fills exactly these columns during a run;
* :mod:`.docgen` generates ``docs/outputs.md`` from them (``nqpf docs``; a test checks it is
  current);
* :mod:`.display` says how a column is shown (label, unit, percent scaling) in reports, plots
  and the dashboard;
* sweeps, reports and the calibration look columns and units up with :func:`columns_of` and
  :func:`unit_of`.
"""

from __future__ import annotations

from nqpf.sim.outputs.column import LANGS, Column, Lang
from nqpf.sim.outputs.display import (
    DIMENSIONLESS_UNITS,
    PERCENT_UNITS,
    UNIT_ZH,
    axis_label,
    column_label,
    difference_unit,
    display_scale,
    display_unit,
    is_percent,
    label,
    scenario_colors,
    unit_scale,
    unit_text,
)
from nqpf.sim.outputs.industries import INDUSTRIES
from nqpf.sim.outputs.national import NATIONAL
from nqpf.sim.outputs.region_industries import REGION_INDUSTRIES
from nqpf.sim.outputs.regions import REGIONS
from nqpf.sim.outputs.registry import COLUMNS, TABLES, columns_of, find, get, unit_of

__all__ = [
    "COLUMNS",
    "DIMENSIONLESS_UNITS",
    "INDUSTRIES",
    "LANGS",
    "NATIONAL",
    "PERCENT_UNITS",
    "REGIONS",
    "REGION_INDUSTRIES",
    "TABLES",
    "UNIT_ZH",
    "Column",
    "Lang",
    "axis_label",
    "column_label",
    "columns_of",
    "difference_unit",
    "display_scale",
    "scenario_colors",
    "unit_scale",
    "display_unit",
    "find",
    "get",
    "is_percent",
    "label",
    "unit_of",
    "unit_text",
]

"""Output tables declared once: every column's table, name, unit and meaning.

``docs/outputs.md`` is generated from :data:`COLUMNS` (``nqpf docs``), the recorder fills exactly
these columns, and a test checks that the two agree. Reports, dashboards, sweeps and calibration
read the same names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Column:
    table: str
    name: str
    unit: str
    meaning: str


def _cols(table: str, rows: list[tuple[str, str, str]]) -> list[Column]:
    return [Column(table, name, unit, meaning) for name, unit, meaning in rows]


NATIONAL = _cols("national", [
    ("year", "year", "calendar year of the row"),
    ("gdp", "bn yuan/year", "real GDP at start-year prices: sum of regional value added"),
    ("gdp_growth", "1/year", "GDP_t / GDP_{t-1} - 1 (empty in the first year)"),
    ("capital", "bn yuan", "capital stock at the start of the year, all regions and firms"),
    ("labor", "million workers", "employed labour, all regions"),
    ("population", "million persons", "resident population, all regions"),
    ("investment", "bn yuan/year", "gross fixed investment of the year (installed next year)"),
    ("investment_rate", "share of GDP", "investment / gdp"),
    ("tfp", "index", "structural TFP: output-weighted mean of regional A_r"),
    ("tfp_growth", "1/year", "growth of the measured Solow residual (empty in the first year)"),
    ("solow_residual", "index", "measured TFP: gdp / (capital^alpha labor^(1-alpha)) from national aggregates"),
    ("gdp_per_capita", "thousand yuan/person", "gdp / population"),
    ("theil_index", "-", "Theil T index of GDP per capita across regions, population-weighted"),
    ("cv_gdp_per_capita", "-", "coefficient of variation of regional GDP per capita (unweighted)"),
])

REGIONS = _cols("regions", [
    ("year", "year", "calendar year of the row"),
    ("region", "-", "region key (English name for china31)"),
    ("macro_region", "-", "east | central | west | northeast"),
    ("sci_tech_class", "-", "I | II | III | IV (seed 001, section 2(2))"),
    ("population", "million persons", "resident population"),
    ("labor", "million workers", "employed labour"),
    ("gdp", "bn yuan/year", "real value added at start-year prices"),
    ("gdp_growth", "1/year", "regional GDP growth (empty in the first year)"),
    ("gdp_per_capita", "thousand yuan/person", "gdp / population"),
    ("capital", "bn yuan", "capital stock at the start of the year"),
    ("investment", "bn yuan/year", "gross fixed investment of the year"),
    ("tfp", "index", "structural TFP A_r"),
    ("absorptive_capacity", "0-1", "h_r = 1 - exp(-rd_intensity / technology.absorptive_scale)"),
    ("rd_intensity", "% of GDP", "R&D spending / GDP"),
])

INDUSTRIES = _cols("industries", [
    ("year", "year", "calendar year of the row"),
    ("industry", "-", "industry key (sim/data/industries.toml)"),
    ("tier", "-", "traditional | emerging | future"),
])

COLUMNS: list[Column] = NATIONAL + REGIONS + INDUSTRIES
TABLES = ("national", "regions", "industries")


def columns_of(table: str) -> list[str]:
    """Column names of a table, in output order."""
    return [c.name for c in COLUMNS if c.table == table]


def unit_of(table: str, name: str) -> str:
    """Unit of a column, for plot labels."""
    for c in COLUMNS:
        if c.table == table and c.name == name:
            return c.unit
    raise KeyError(f"no column {name!r} in table {table!r}")


def outputs_markdown() -> str:
    """The body of docs/outputs.md: one table per output table."""
    parts = [
        "# Output tables\n",
        "Generated from `sim/outputs.py` by `nqpf docs`; a test checks it is current.",
        "Money is in billions of yuan at constant start-year prices unless said otherwise.\n",
    ]
    for table in TABLES:
        parts.append(f"## `{table}`\n")
        parts.append("| column | unit | meaning |")
        parts.append("|---|---|---|")
        for c in COLUMNS:
            if c.table == table:
                parts.append(f"| `{c.name}` | {c.unit} | {c.meaning} |")
        parts.append("")
    return "\n".join(parts)

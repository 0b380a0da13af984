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
    ("capital", "bn yuan", "capital stock in the Solow residual: the aggregate sector's stock at the "
     "start of the year plus firms' installed capital and capital under construction, after this "
     "year's orders and exits"),
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
    ("rd_intensity", "% of GDP", "national R&D spending / GDP (GDP-weighted mean of regions)"),
    ("capacity_utilization", "share", "output / capacity over all modelled industries"),
    ("capacity_utilization_traditional", "share", "output / capacity, traditional industries"),
    ("capacity_utilization_emerging", "share", "output / capacity, strategic emerging industries"),
    ("capacity_utilization_future", "share", "output / capacity, future industries"),
    ("price_index_traditional", "reference = 1", "output-weighted mean price of traditional industries (start year = 1)"),
    ("price_index_emerging", "reference = 1", "output-weighted mean price of strategic emerging industries"),
    ("price_index_future", "reference = 1", "output-weighted mean price of future industries"),
    ("npl_ratio", "share", "non-performing loans / loans: loans of firms that are insolvent, zombies or cannot pay interest from cash flow"),
    ("local_debt_to_gdp", "share", "local government debt (incl. financing vehicles) / GDP"),
    ("similarity_index", "0-1", "industrial-structure similarity across regions: mean pairwise cosine similarity of regions' location-quotient vectors over industries"),
    ("priority_overlap", "0-1", "share of a government's priority industries that another government also prioritises (mean over pairs)"),
    ("written_off_capital", "bn yuan/year", "capital of exiting firms that is scrapped (not resold) this year"),
    ("firm_entries", "firms/year", "new firms this year"),
    ("firm_exits", "firms/year", "firms that exited this year (insolvency or capacity retirement)"),
    ("n_firms", "firms", "firms alive at the end of the year"),
    ("zombie_share", "share", "share of firms that are insolvent but kept alive by their local government"),
    ("bubble_index", "ratio", "fund stakes at market valuation (extrapolating industry revenue growth) / at fundamental value (return over hurdle)"),
    ("subsidies", "bn yuan/year", "subsidies paid by local governments to firms (investment, R&D, zombie support)"),
    ("firm_investment", "bn yuan/year", "capacity ordered by firms (incumbents and entrants)"),
    ("emerging_investment", "bn yuan/year", "capacity ordered in strategic emerging industries"),
    ("talent", "million persons", "skilled (college-educated) workers"),
    ("talent_share_east", "share", "share of skilled workers living in eastern regions"),
    ("bank_capital_ratio", "share", "banks' capital / loans"),
    ("herding_propensity", "0-1", "mean herding propensity of local governments"),
    ("industry_value_added_share", "share of GDP", "value added of the modelled industries / GDP, both at current prices (the aggregate sector's price is the reference 1)"),
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
    ("capital", "bn yuan", "capital stock in the region's accounts: aggregate sector at the start "
     "of the year plus its firms' installed and ordered capital after this year's exits"),
    ("investment", "bn yuan/year", "gross fixed investment of the year"),
    ("tfp", "index", "structural TFP A_r"),
    ("absorptive_capacity", "0-1", "h_r = 1 - exp(-rd_intensity / technology.absorptive_scale)"),
    ("rd_intensity", "% of GDP", "R&D spending / GDP"),
    ("strategy", "-", "local government's strategy: tailored | herding | mixed | tournament"),
    ("herding_propensity", "0-1", "weight the government puts on copying leaders and hot industries"),
    ("priority_industries", "-", "the government's priority industries, separated by ';'"),
    ("subsidies", "bn yuan/year", "subsidies the government paid to firms"),
    ("gov_debt", "bn yuan", "local government debt including financing vehicles"),
    ("gov_debt_to_gdp", "share", "gov_debt / gdp"),
    ("talent", "million persons", "skilled (college-educated) workers"),
    ("talent_share", "share", "talent / labor"),
    ("wage", "thousand yuan/worker/year", "wage in the aggregate sector, (1 - alpha) Y / L"),
    ("net_migration", "million persons/year", "people arriving less people leaving"),
    ("npl_ratio", "share", "the regional bank's non-performing loans / loans"),
    ("capacity_utilization", "share", "output / capacity of the region's firms"),
    ("firm_capital", "bn yuan", "firms' installed capital and capital under construction"),
    ("firm_value_added", "bn yuan/year", "value added of the region's firms"),
    ("n_firms", "firms", "firms alive in the region"),
    ("capital_inflow", "bn yuan/year", "investment in the region less the region's own saving"),
    ("bank_capital_ratio", "share", "regional bank's capital / loans"),
    ("university_funding", "bn yuan/year", "funding of the region's universities"),
    ("graduates", "million persons/year", "graduates of the region's universities"),
])

INDUSTRIES = _cols("industries", [
    ("year", "year", "calendar year of the row"),
    ("industry", "-", "industry key (sim/data/industries.toml)"),
    ("tier", "-", "traditional | emerging | future"),
    ("capacity", "bn yuan/year", "output capacity installed (at reference prices)"),
    ("output", "bn yuan/year", "output at reference prices"),
    ("demand", "bn yuan/year", "quantity demanded at the clearing price (exceeds output only when rationed at the price cap)"),
    ("price", "reference = 1", "clearing price (start year = 1)"),
    ("capacity_utilization", "share", "output / capacity"),
    ("investment", "bn yuan/year", "capacity ordered this year"),
    ("n_firms", "firms", "firms alive"),
    ("n_regions_prioritizing", "regions", "local governments that prioritise the industry"),
    ("profit_rate", "1/year", "firms' profits / assets"),
    ("unit_cost", "reference = 1", "base unit cost after learning by doing"),
    ("exits", "firms/year", "firms that exited"),
    ("zombie_share", "share", "share of the industry's firms that are zombies"),
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

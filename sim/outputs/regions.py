"""Columns of the ``regions`` table: one row per region and year.

Each row declares ``(name, unit, meaning, English label, Chinese label)``; the order is the
table's column order. Money is in billions of yuan at constant start-year prices unless the unit
says otherwise.
"""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Column, declare

REGIONS: Final[tuple[Column, ...]] = declare(
    "regions",
    [
        ("year", "year", "calendar year of the row", "Year", "年份"),
        ("region", "-", "region key (English name for china31)", "Region", "地区"),
        ("macro_region", "-", "east | central | west | northeast", "Macro-region", "四大区域"),
        (
            "sci_tech_class",
            "-",
            "I | II | III | IV (seed 001, section 2(2))",
            "Science-and-technology class",
            "科技创新类别",
        ),
        ("population", "million persons", "resident population", "Population", "人口"),
        ("labor", "million workers", "employed labour", "Employment", "就业人数"),
        (
            "gdp",
            "bn yuan/year",
            "real GDP: the region's GDP at current prices over the national deflator, so the "
            "regions sum to the national (chain-linked) gdp; not at start-year prices",
            "GDP",
            "国内生产总值（GDP）",
        ),
        (
            "gdp_growth",
            "1/year",
            "regional GDP growth (empty in the first year)",
            "GDP growth",
            "GDP增长率",
        ),
        (
            "gdp_volume",
            "bn yuan/year",
            "real GDP as the volume of the region's production: its GDP chain-linked, its own "
            "output and inputs valued at last year's (national) prices (the method of provincial "
            "comparable-price growth; start year = gdp), so a move of its industries' prices "
            "against the nation's is not counted as growth, as it is in gdp; the regions do not "
            "sum to the national gdp",
            "GDP volume (chain-linked)",
            "地区生产总值（可比价）",
        ),
        (
            "gdp_volume_growth",
            "1/year",
            "growth of gdp_volume: this year's output and inputs at last year's prices over last "
            "year's GDP at current prices, less 1 (empty in the first year)",
            "GDP volume growth",
            "地区生产总值增长率（可比价）",
        ),
        ("gdp_per_capita", "thousand yuan/person", "gdp / population", "GDP per capita", "人均GDP"),
        (
            "capital",
            "bn yuan",
            "capital stock in the region's accounts: aggregate sector at the start of the year plus its "
            "firms' installed and ordered capital after this year's exits",
            "Capital stock",
            "资本存量",
        ),
        (
            "investment",
            "bn yuan/year",
            "gross fixed investment of the year",
            "Investment",
            "固定资产投资",
        ),
        (
            "tfp",
            "index",
            "TFP measured as the region's Solow residual gdp / (capital^alpha labor^(1-alpha))",
            "TFP",
            "全要素生产率",
        ),
        (
            "technology_index",
            "index",
            "structural technology index A_r of the region's aggregate sector (the model's "
            "productivity parameter, not a measured TFP)",
            "Technology index (structural)",
            "技术水平指数（结构）",
        ),
        (
            "absorptive_capacity",
            "0-1",
            "h_r = 1 - exp(-rd_intensity / technology.absorptive_scale)",
            "Absorptive capacity",
            "吸收能力",
        ),
        ("rd_intensity", "% of GDP", "R&D spending / GDP", "R&D intensity", "研发投入强度"),
        (
            "strategy",
            "-",
            "local government's strategy: tailored | herding | mixed | tournament",
            "Strategy of the local government",
            "地方政府产业策略",
        ),
        (
            "herding_propensity",
            "0-1",
            "weight the government puts on copying leaders and hot industries",
            "Herding propensity",
            "一哄而上倾向",
        ),
        (
            "priority_industries",
            "-",
            "the government's priority industries, separated by ';', the plan's highest choice score first",
            "Priority industries",
            "重点产业",
        ),
        (
            "subsidies",
            "bn yuan/year",
            "subsidies the government paid to firms",
            "Subsidies",
            "地方政府补贴",
        ),
        (
            "gov_debt",
            "bn yuan",
            "local government debt including financing vehicles (a nominal stock, current yuan)",
            "Local government debt",
            "地方政府债务",
        ),
        (
            "gov_debt_to_gdp",
            "share of GDP",
            "gov_debt / the region's GDP at current prices (gdp x the national GDP deflator)",
            "Local government debt",
            "地方政府债务",
        ),
        (
            "talent",
            "million persons",
            "skilled (college-educated) workers",
            "Skilled workers",
            "人才（高校毕业劳动力）",
        ),
        ("talent_share", "share", "talent / labor", "Share of skilled workers", "人才占就业比重"),
        (
            "wage",
            "thousand yuan/worker/year",
            "wage in the aggregate sector, (1 - alpha) Y / L",
            "Wage",
            "工资",
        ),
        (
            "net_migration",
            "million persons/year",
            "people arriving less people leaving",
            "Net migration",
            "人口净迁入",
        ),
        (
            "npl_ratio",
            "share",
            "the regional bank's non-performing loans / loans (to firms and to its financing vehicles)",
            "NPL ratio",
            "不良贷款率",
        ),
        (
            "capacity_utilization",
            "share",
            "output / capacity of the region's firms, the capacity of traditional plants its "
            "government closed after they produced this year included (so at most 1); empty "
            "(NaN) for a region without firms (no capacity to use)",
            "Capacity utilisation",
            "产能利用率",
        ),
        (
            "firm_capital",
            "bn yuan",
            "firms' installed capital and capital under construction",
            "Firms' capital",
            "企业资本",
        ),
        (
            "firm_value_added",
            "bn yuan/year",
            "value added of the region's firms at current prices over the national GDP "
            "deflator (the region's share of real GDP; the industries table's value_added is "
            "at start-year prices instead, so the two differ where goods' prices fell)",
            "Firms' value added",
            "企业增加值",
        ),
        ("n_firms", "firms", "firms alive in the region", "Firms", "企业数"),
        (
            "capital_inflow",
            "bn yuan/year",
            "investment in the region (firms' orders and the aggregate sector's private "
            "investment) plus its government's deficit (which pays for its infrastructure), less "
            "the region's own saving",
            "Net capital inflow",
            "资本净流入",
        ),
        (
            "bank_capital_ratio",
            "share",
            "regional bank's capital / loans",
            "Bank capital ratio",
            "银行资本充足率",
        ),
        (
            "university_funding",
            "bn yuan/year",
            "funding of the region's universities",
            "University funding",
            "高校经费",
        ),
        (
            "graduates",
            "million persons/year",
            "graduates of the region's universities",
            "Graduates",
            "高校毕业生",
        ),
    ],
)
"""The ``regions`` table's columns, in output order."""

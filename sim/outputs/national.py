"""Columns of the ``national`` table: one row per year for the whole economy.

Each row declares ``(name, unit, meaning, English label, Chinese label)``; the order is the
table's column order. Money is in billions of yuan at constant start-year prices unless the unit
says otherwise.
"""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Column, declare

NATIONAL: Final[tuple[Column, ...]] = declare(
    "national",
    [
        ("year", "year", "calendar year of the row", "Year", "年份"),
        (
            "gdp",
            "bn yuan/year",
            "real GDP, chain-linked at previous-year prices with start-year prices as the reference "
            "(the NBS comparable-price method): each year's growth values this year's output of "
            "the aggregate (services) sector and the industries' value added (double deflation) at "
            "last year's prices; the sum of regional real GDP",
            "GDP",
            "国内生产总值（GDP）",
        ),
        (
            "gdp_growth",
            "1/year",
            "GDP_t / GDP_{t-1} - 1 (empty in the first year)",
            "GDP growth",
            "GDP增长率",
        ),
        (
            "gdp_nominal",
            "bn yuan/year",
            "GDP at current prices: the aggregate (services and rest-of-economy) sector's output, "
            "whose price is the numeraire 1, plus the industries' value added at current prices "
            "(output x price - intermediate inputs)",
            "GDP at current prices",
            "现价GDP",
        ),
        (
            "gdp_deflator",
            "reference = 1",
            "gdp_nominal / gdp: the implicit GDP deflator relative to the aggregate sector's price "
            "(start year = 1)",
            "GDP deflator",
            "GDP平减指数",
        ),
        (
            "gdp_start_prices",
            "bn yuan/year",
            "real GDP at start-year prices (fixed base): the aggregate sector's output plus the "
            "industries' value added with output and inputs at start-year prices; a check on the "
            "chain-linked gdp, which drifts from it when prices swing hard (docs/model.md 9.5)",
            "GDP at start-year prices",
            "基期不变价GDP",
        ),
        (
            "capital",
            "bn yuan",
            "capital stock in the Solow residual: the aggregate sector's stock at the start of the year "
            "plus firms' installed capital and capital under construction, after this year's orders and "
            "exits",
            "Capital stock",
            "资本存量",
        ),
        ("labor", "million workers", "employed labour, all regions", "Employment", "就业人数"),
        ("population", "million persons", "resident population, all regions", "Population", "人口"),
        (
            "working_age_population",
            "million persons",
            "residents aged 15-64: population x the UN WPP 2024 15-64 share of the year "
            "(NaN with solow.demography = constant)",
            "Working-age population",
            "劳动年龄人口",
        ),
        (
            "investment",
            "bn yuan/year",
            "gross fixed investment of the year (installed next year)",
            "Investment",
            "固定资产投资",
        ),
        (
            "investment_rate",
            "share of GDP",
            "investment / gdp_nominal (investment goods are priced in the numeraire)",
            "Investment rate",
            "投资率",
        ),
        (
            "saving_rate",
            "share of GDP",
            "the year's saving rate: with the agent economy the path "
            "s_0 + b_y ln(y / y_0) + b_a (old-age dependency - start value) of [macro]; in textbook "
            "mode solow.saving_rate. Not always investment_rate: with macro.saving_closure = "
            "'private' (the default) local and central deficits are paid from this saving before "
            "it is invested (docs/model.md 7.27, 9.5)",
            "Saving rate",
            "储蓄率",
        ),
        (
            "tfp",
            "index",
            "TFP, measured as economists do: the Solow residual gdp / (capital^alpha labor^(1-alpha)) "
            "from national aggregates",
            "TFP",
            "全要素生产率",
        ),
        (
            "tfp_growth",
            "1/year",
            "growth of tfp, the measured Solow residual (empty in the first year)",
            "TFP growth",
            "全要素生产率增长率",
        ),
        (
            "tfp_utilization_adjusted",
            "index",
            "utilisation-adjusted TFP: gdp / (capital services^alpha labor^(1-alpha)), capital "
            "services = the aggregate sector's capital + firms' installed capital x their "
            "utilisation (capital under construction gives no services); equals tfp's formula "
            "with idle capacity taken out",
            "TFP (utilisation-adjusted)",
            "全要素生产率（产能利用率调整）",
        ),
        (
            "technology_index",
            "index",
            "structural technology index of the aggregate sector: GDP-weighted mean of regional A_r "
            "(the model's productivity parameter, not a measured TFP)",
            "Technology index (structural)",
            "技术水平指数（结构）",
        ),
        ("gdp_per_capita", "thousand yuan/person", "gdp / population", "GDP per capita", "人均GDP"),
        (
            "theil_index",
            "-",
            "Theil T index of GDP per capita across regions, population-weighted",
            "Regional inequality (Theil index)",
            "地区差距（泰尔指数）",
        ),
        (
            "cv_gdp_per_capita",
            "-",
            "coefficient of variation of regional GDP per capita (unweighted)",
            "Dispersion of GDP per capita (CV)",
            "人均GDP变异系数",
        ),
        (
            "rd_intensity",
            "% of GDP",
            "national R&D spending / GDP (GDP-weighted mean of regions)",
            "R&D intensity",
            "研发投入强度",
        ),
        (
            "capacity_utilization",
            "share",
            "output / capacity over all modelled industries; empty (NaN) in a year without capacity "
            "(no firms)",
            "Capacity utilisation",
            "产能利用率",
        ),
        (
            "capacity_utilization_traditional",
            "share",
            "output / capacity, traditional industries; empty (NaN) without capacity in them",
            "Capacity utilisation, traditional industries",
            "传统产业产能利用率",
        ),
        (
            "capacity_utilization_emerging",
            "share",
            "output / capacity, strategic emerging industries; empty (NaN) without capacity in them",
            "Capacity utilisation, strategic emerging industries",
            "战略性新兴产业产能利用率",
        ),
        (
            "capacity_utilization_future",
            "share",
            "output / capacity, future industries; empty (NaN) without capacity in them",
            "Capacity utilisation, future industries",
            "未来产业产能利用率",
        ),
        (
            "price_index_traditional",
            "reference = 1",
            "output-weighted mean price of traditional industries (start year = 1)",
            "Price index, traditional industries",
            "传统产业价格指数",
        ),
        (
            "price_index_emerging",
            "reference = 1",
            "output-weighted mean price of strategic emerging industries",
            "Price index, strategic emerging industries",
            "战略性新兴产业价格指数",
        ),
        (
            "price_index_future",
            "reference = 1",
            "output-weighted mean price of future industries",
            "Price index, future industries",
            "未来产业价格指数",
        ),
        (
            "npl_ratio",
            "share",
            "non-performing loans / loans: loans of firms that are insolvent, zombies or cannot pay "
            "interest from cash flow, and LGFV loans of governments in debt stress not yet "
            "written off",
            "NPL ratio",
            "不良贷款率",
        ),
        (
            "local_debt_to_gdp",
            "share of GDP",
            "local government debt (incl. financing vehicles) / gdp_nominal, both at current "
            "prices",
            "Local government debt",
            "地方政府债务",
        ),
        (
            "similarity_index",
            "0-1",
            "industrial-structure similarity across regions: mean pairwise cosine similarity of regions' "
            "location-quotient vectors over industries; empty (NaN) with fewer than two regions "
            "with firms, where there is no pair to compare",
            "Industrial similarity index",
            "产业结构相似度",
        ),
        (
            "interregional_trade_share",
            "share",
            "share of the industries' output sold to buyers in other regions (sum of the "
            "region_industries table's exports over the industries' output)",
            "Inter-regional trade share",
            "跨地区贸易占比",
        ),
        (
            "priority_overlap",
            "0-1",
            "share of a government's priority industries that another government also prioritises (mean "
            "over pairs)",
            "Overlap of priority industries",
            "重点产业重合度",
        ),
        (
            "written_off_capital",
            "bn yuan/year",
            "capital of exiting firms that is scrapped (not resold) this year",
            "Written-off capital",
            "报废核销资本",
        ),
        ("firm_entries", "firms/year", "new firms this year", "Firm entries", "企业进入数"),
        (
            "firm_exits",
            "firms/year",
            "firms that exited this year (insolvency or capacity retirement)",
            "Firm exits",
            "企业退出数",
        ),
        ("n_firms", "firms", "firms alive at the end of the year", "Firms", "企业数"),
        (
            "zombie_share",
            "share",
            "share of firms that are insolvent but kept alive by their local government",
            "Share of zombie firms",
            "僵尸企业占比",
        ),
        (
            "bubble_index",
            "ratio",
            "fund stakes at the funds' market valuation (extrapolating growth news and valuation "
            "momentum) / at fundamental value (today's return scaled by the utilisation expected "
            "once the capacity under construction has arrived; docs/model.md 7.24)",
            "Bubble index",
            "泡沫指数",
        ),
        (
            "subsidies",
            "bn yuan/year",
            "subsidies paid by local governments to firms (investment, R&D, zombie support)",
            "Subsidies",
            "地方政府补贴",
        ),
        (
            "firm_investment",
            "bn yuan/year",
            "capacity ordered by firms (incumbents and entrants)",
            "Firm investment",
            "企业投资",
        ),
        (
            "forced_saving",
            "bn yuan/year",
            "saving above the year's planned saving (the macro saving path s_t x nominal GDP) "
            "that pays for firms' capacity orders and government borrowing, both placed before "
            "the year's income was known, when they exceed it (households consume less; 0 in "
            "most years)",
            "Forced saving",
            "强制储蓄",
        ),
        (
            "emerging_investment",
            "bn yuan/year",
            "capacity ordered in strategic emerging industries",
            "Investment in strategic emerging industries",
            "战略性新兴产业投资",
        ),
        (
            "talent",
            "million persons",
            "skilled (college-educated) workers",
            "Skilled workers",
            "人才（高校毕业劳动力）",
        ),
        (
            "talent_share_east",
            "share",
            "share of skilled workers living in eastern regions",
            "Share of talent in the east",
            "东部地区人才占比",
        ),
        (
            "bank_capital_ratio",
            "share",
            "banks' capital / loans (to firms and to local financing vehicles); empty (NaN) in a "
            "year without loans",
            "Bank capital ratio",
            "银行资本充足率",
        ),
        (
            "lending_factor",
            "0.1-1",
            "share of desired new lending banks grant this year (capital adequacy), mean over "
            "banks weighted by their loans; empty (NaN) without loans",
            "Bank lending factor",
            "银行放贷系数",
        ),
        (
            "bank_dividends",
            "bn yuan/year",
            "dividends banks pay to households",
            "Bank dividends",
            "银行分红",
        ),
        (
            "bank_recapitalisation",
            "bn yuan/year",
            "capital the central government injects into banks below the requirement",
            "Bank recapitalisation",
            "银行注资",
        ),
        (
            "central_debt_to_gdp",
            "share of GDP",
            "central government bonds issued for bank recapitalisation, compensation of retired "
            "capacity and their interest / GDP",
            "Central government debt (bank support)",
            "中央政府债务（银行救助）",
        ),
        (
            "herding_propensity",
            "0-1",
            "mean herding propensity of local governments",
            "Herding propensity",
            "一哄而上倾向",
        ),
        (
            "industry_value_added_share",
            "share of GDP",
            "value added of the modelled industries / GDP, both at current prices (the aggregate "
            "sector's price is the reference 1)",
            "Modelled industries' share of GDP",
            "模型产业增加值占GDP比重",
        ),
        (
            "services_share",
            "share of GDP",
            "the aggregate (services and rest-of-economy) sector's output / GDP, at current prices "
            "(1 - industry_value_added_share)",
            "Services and rest of economy, share of GDP",
            "服务业及其他部门占GDP比重",
        ),
    ],
)
"""The ``national`` table's columns, in output order."""

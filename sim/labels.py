"""Bilingual (English / Chinese) labels of the output columns, and how their units are displayed.

Names and units are declared once in :mod:`sim.outputs`; this module only says how a column is
called in a report, a plot or a dashboard, in English (``en``) or Chinese (``zh``), and how its
unit is shown. Shares and rates (``share``, ``share of GDP``, ``1/year``) are shown in percent,
and differences between them in percentage points, because that is how policy texts and
statistical yearbooks quote them (capacity utilisation 75.1 %, NPL ratio 1.6 %).
"""

from __future__ import annotations

from typing import Literal

from nqpf.sim.outputs import unit_of

Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")

# National columns: (English, Chinese). Columns without an entry are shown by their name.
NATIONAL_LABELS: dict[str, tuple[str, str]] = {
    "year": ("Year", "年份"),
    "gdp": ("GDP", "国内生产总值（GDP）"),
    "gdp_growth": ("GDP growth", "GDP增长率"),
    "capital": ("Capital stock", "资本存量"),
    "labor": ("Employment", "就业人数"),
    "population": ("Population", "人口"),
    "investment": ("Investment", "固定资产投资"),
    "investment_rate": ("Investment rate", "投资率"),
    "tfp": ("TFP (structural)", "全要素生产率（结构）"),
    "tfp_growth": ("TFP growth", "全要素生产率增长率"),
    "solow_residual": ("Solow residual", "索洛余值"),
    "gdp_per_capita": ("GDP per capita", "人均GDP"),
    "theil_index": ("Regional inequality (Theil index)", "地区差距（泰尔指数）"),
    "cv_gdp_per_capita": ("Dispersion of GDP per capita (CV)", "人均GDP变异系数"),
    "rd_intensity": ("R&D intensity", "研发投入强度"),
    "capacity_utilization": ("Capacity utilisation", "产能利用率"),
    "capacity_utilization_traditional": (
        "Capacity utilisation, traditional industries", "传统产业产能利用率"),
    "capacity_utilization_emerging": (
        "Capacity utilisation, strategic emerging industries", "战略性新兴产业产能利用率"),
    "capacity_utilization_future": ("Capacity utilisation, future industries", "未来产业产能利用率"),
    "price_index_traditional": ("Price index, traditional industries", "传统产业价格指数"),
    "price_index_emerging": ("Price index, strategic emerging industries", "战略性新兴产业价格指数"),
    "price_index_future": ("Price index, future industries", "未来产业价格指数"),
    "npl_ratio": ("NPL ratio", "不良贷款率"),
    "local_debt_to_gdp": ("Local government debt", "地方政府债务率"),
    "similarity_index": ("Industrial similarity index", "产业结构相似度"),
    "priority_overlap": ("Overlap of priority industries", "重点产业重合度"),
    "written_off_capital": ("Written-off capital", "报废核销资本"),
    "firm_entries": ("Firm entries", "企业进入数"),
    "firm_exits": ("Firm exits", "企业退出数"),
    "n_firms": ("Firms", "企业数"),
    "zombie_share": ("Share of zombie firms", "僵尸企业占比"),
    "bubble_index": ("Bubble index", "泡沫指数"),
    "subsidies": ("Subsidies", "地方政府补贴"),
    "firm_investment": ("Firm investment", "企业投资"),
    "emerging_investment": ("Investment in strategic emerging industries", "战略性新兴产业投资"),
    "talent": ("Skilled workers", "人才（高校毕业劳动力）"),
    "talent_share_east": ("Share of talent in the east", "东部地区人才占比"),
    "bank_capital_ratio": ("Bank capital ratio", "银行资本充足率"),
    "herding_propensity": ("Herding propensity", "一哄而上倾向"),
    "industry_value_added_share": ("Modelled industries' share of GDP", "模型产业增加值占GDP比重"),
}

# Units of sim.outputs shown in percent (x 100); their differences are percentage points.
PERCENT_UNITS = frozenset({"share", "share of GDP", "1/year"})
# Units of indices and ratios: a difference between two of them is a pure number.
DIMENSIONLESS_UNITS = frozenset({"-", "0-1", "index", "ratio", "reference = 1"})

_UNIT_ZH: dict[str, str] = {
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
}


def label(name: str, lang: Lang = "en") -> str:
    """The label of a national column in ``lang`` (its name when none is declared)."""
    pair = NATIONAL_LABELS.get(name)
    if pair is None:
        return name
    return pair[LANGS.index(lang)]


def is_percent(name: str, table: str = "national") -> bool:
    """Whether a column is shown in percent (its unit is a share or a rate per year)."""
    return unit_of(table, name) in PERCENT_UNITS


def display_scale(name: str, table: str = "national") -> float:
    """Factor from the stored value to the displayed value (100 for shares and rates)."""
    return 100.0 if is_percent(name, table) else 1.0


def display_unit(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The unit shown next to a value: ``%`` for shares and rates, else the declared unit."""
    unit = unit_of(table, name)
    if unit in PERCENT_UNITS:
        return "%"
    return _UNIT_ZH.get(unit, unit) if lang == "zh" else ("" if unit == "-" else unit)


def difference_unit(name: str, lang: Lang = "en", table: str = "national") -> str:
    """The unit of a difference: percentage points for shares and rates, none for indices."""
    if is_percent(name, table):
        return "个百分点" if lang == "zh" else "percentage points"
    if unit_of(table, name) in DIMENSIONLESS_UNITS:
        return ""
    return display_unit(name, lang, table)


def axis_label(name: str, lang: Lang = "en", table: str = "national") -> str:
    """``Label (unit)`` for a plot axis or a table header."""
    unit = display_unit(name, lang, table)
    text = label(name, lang)
    if not unit:
        return text
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"

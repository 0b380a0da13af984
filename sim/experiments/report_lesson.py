"""The lesson of a comparison report: the headline finding, the mechanism and the definitions.

Generated from the measured summary of a :class:`~nqpf.sim.experiments.compare.Comparison`
(nothing typed by hand about results): the headline is the paired difference of GDP when the
seeds distinguish it, else the largest distinguishable relative difference; the mechanism walks
the model's chain from how alike the regions' industries are to growth (design: similarity ->
utilisation -> prices -> bad loans and write-offs -> local debt -> TFP -> GDP), saying at each
link what these seeds measure. The definitions say what each indicator is, in both languages.
"""

from __future__ import annotations

import math

import pandas as pd

from nqpf.sim.experiments.compare_stats import Comparison
from nqpf.sim.outputs import Lang, label

MECHANISM: tuple[str, ...] = (
    "similarity_index",
    "capacity_utilization_emerging",
    "price_index_emerging",
    "npl_ratio",
    "written_off_capital",
    "local_debt_to_gdp",
    "tfp_growth",
    "gdp",
)
"""The model's chain from duplicated priorities to growth, in causal order."""

DEFINITIONS: dict[str, tuple[str, str]] = {
    "gdp": (
        "real GDP, chain-linked at previous-year prices (the NBS comparable-price method): the "
        "sum of the provinces' real GDP",
        "实际 GDP（按上年价格链式计算，即可比价格法）：各省实际 GDP 之和",
    ),
    "tfp_growth": (
        "growth of measured total factor productivity (the Solow residual: GDP growth not "
        "explained by capital and labour)",
        "测算的全要素生产率增长率（索洛余值：资本和劳动无法解释的 GDP 增长）",
    ),
    "capacity_utilization": (
        "output divided by production capacity, all modelled industries",
        "产出除以产能，全部模拟产业",
    ),
    "capacity_utilization_traditional": (
        "output divided by capacity in traditional industries",
        "传统产业的产出除以产能",
    ),
    "capacity_utilization_emerging": (
        "output divided by capacity in strategic emerging industries; below about 75 % is "
        "usually called overcapacity",
        "战略性新兴产业的产出除以产能；低于约 75% 通常被视为产能过剩",
    ),
    "capacity_utilization_future": (
        "output divided by capacity in future industries",
        "未来产业的产出除以产能",
    ),
    "price_index_emerging": (
        "output-weighted price of strategic emerging industries, start year = 1; falling "
        "prices with idle capacity are a price war",
        "战略性新兴产业按产出加权的价格，起始年 = 1；产能闲置时价格下跌即价格战",
    ),
    "npl_ratio": (
        "non-performing loans as a share of loans: loans of insolvent or zombie firms and of "
        "firms that cannot pay interest from their cash flow",
        "不良贷款占贷款的比重：资不抵债企业、僵尸企业以及经营现金流无法付息企业的贷款",
    ),
    "local_debt_to_gdp": (
        "debt of local governments, financing vehicles included, as a share of GDP",
        "地方政府债务（含融资平台）占 GDP 的比重",
    ),
    "similarity_index": (
        "how alike the provinces' industrial structures are, from 0 (no overlap) to 1 "
        "(identical): the mean cosine similarity of their location quotients",
        "各省产业结构的相似程度，0（毫无重叠）到 1（完全相同）：区位商向量两两余弦相似度的均值",
    ),
    "theil_index": (
        "inequality of GDP per capita across provinces (Theil index, population-weighted; "
        "0 = equal)",
        "各省人均 GDP 的差距（泰尔指数，按人口加权；0 表示完全均等）",
    ),
    "written_off_capital": (
        "capital of firms that exit and is scrapped, not resold, in the year: wasted investment",
        "当年退出企业报废（未转售）的资本：被浪费的投资",
    ),
    "talent_share_east": (
        "share of skilled workers who live in the eastern provinces",
        "居住在东部省份的高技能人才占比",
    ),
}
"""What each headline indicator measures, in plain words (English, Chinese)."""


def _row(comp: Comparison, name: str, indicator: str) -> pd.Series | None:
    rows = comp.summary[
        (comp.summary["scenario"] == name) & (comp.summary["indicator"] == indicator)
    ]
    return None if rows.empty else rows.iloc[0]


def headline(comp: Comparison, lang: Lang = "en") -> list[str]:
    """One headline sentence per scenario compared with the reference."""
    from nqpf.sim.experiments.report_text import _sentence

    out = []
    for name in comp.names[1:]:
        rows = comp.summary[comp.summary["scenario"] == name]
        found = rows[rows["distinguishable"]]
        n_found = len(found)
        if n_found == 0:
            out.append(
                f"{name} 与 {comp.reference} 在这些种子下没有可区分的差异。"
                if lang == "zh"
                else f"No indicator of {name} is distinguishable from {comp.reference} with "
                "these seeds."
            )
            continue
        gdp = found[found["indicator"] == "gdp"]
        if len(gdp):
            row = gdp.iloc[0]
        else:
            rel = found["relative_diff"].abs().where(found["relative_diff"].map(math.isfinite))
            row = found.loc[rel.fillna(-1).idxmax()]
        sentence = _sentence(row, name, comp.reference, lang)
        count = (
            f"{len(rows)} 个指标中有 {n_found} 个差异可区分。"
            if lang == "zh"
            else f" {n_found} of {len(rows)} indicators differ distinguishably."
        )
        out.append(sentence + count)
    return out


def mechanism(comp: Comparison, lang: Lang = "en") -> list[str]:
    """The chain of :data:`MECHANISM`, link by link, with the sign these seeds measure."""
    out = []
    for name in comp.names[1:]:
        links = []
        for ind in MECHANISM:
            row = _row(comp, name, ind)
            if row is None:
                continue
            if not row["distinguishable"]:
                word = "（无法区分）" if lang == "zh" else " (not distinguishable)"
            elif row["mean_diff"] > 0:
                word = " ↑"
            else:
                word = " ↓"
            links.append(label(ind, lang) + word)
        if not links:
            continue
        intro = (
            f"模型中从重点产业趋同到增长的传导链条，{name} 相对于 {comp.reference}"
            "（↑ 更高，↓ 更低，按这些种子的测算）："
            if lang == "zh"
            else f"The model's chain from duplicated priorities to growth, {name} against "
            f"{comp.reference} (↑ higher, ↓ lower, as these seeds measure it): "
        )
        out.append(intro + " → ".join(links))
    return out


def definitions(comp: Comparison, lang: Lang = "en") -> list[tuple[str, str]]:
    """(label, definition) of every indicator in the report."""
    i = 0 if lang == "en" else 1
    return [
        (label(ind, lang), DEFINITIONS[ind][i]) for ind in comp.indicators if ind in DEFINITIONS
    ]

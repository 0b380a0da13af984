"""Words of the local-conditions views in English and Chinese: the map's endowment and
comparative-advantage indicators, the inspector's *Local conditions* section and the tailored
scenario's lesson on what fit reads.

Joined to the interface's label table by :mod:`nqpf.dashboards.ui_labels` (so ``t(key, lang)``
finds them and the test of both languages covers them). The terms of fit follow
``sim/economics/strategies.py`` and docs/model.md 7.18; their data sources docs/model.md 7.11
and ``sim/data/README.md``.
"""

from __future__ import annotations

from typing import Final

LOCAL_COLUMN_LABELS: Final[dict[str, tuple[str, str]]] = {
    "solar_pv_capacity_factor": ("Solar PV capacity factor", "光伏年均利用率"),
    "wind_potential_twh_per_year": ("Onshore wind potential", "陆上风能潜力"),
    "universities": ("Universities", "普通高校数量"),
    "coast": ("Sea coast", "沿海与否"),
    "comparative_advantage": ("Comparative advantage (location quotient)", "比较优势（区位商）"),
}
"""Labels of the map's local-conditions columns (endowments and the location quotient)."""

LOCAL_COLUMN_UNITS: Final[dict[str, str]] = {
    "solar_pv_capacity_factor": "share",
    "wind_potential_twh_per_year": "TWh/year",
    "universities": "-",
    "coast": "-",
    "comparative_advantage": "-",
}
"""Units of the map's local-conditions columns (``sim/data/endowments.py``; a location quotient
is a ratio of shares, a count and a category need no unit)."""

LOCAL_VALUE_LABELS: Final[dict[str, tuple[str, str]]] = {
    "coastal": ("coastal", "沿海"),
    "inland": ("inland", "内陆"),
}

LOCAL_LABELS: Final[dict[str, tuple[str, str]]] = {
    "advantage_in": (
        "Comparative advantage in {industry} (location quotient)",
        "{industry}的比较优势（区位商）",
    ),
    "advantage_hover": ("Location quotient in {industry}", "{industry}区位商"),
    "top_advantages": (
        "Top comparative advantages (location quotient)",
        "比较优势前三（区位商）",
    ),
    "local_conditions": ("Local conditions", "本地条件"),
    "endowments": ("Endowments", "资源禀赋"),
    "lq_note": (
        "location quotient = the province's share of its capacity in the industry over the "
        "nation's; above 1: more specialised than China as a whole",
        "区位商 = 该省此产业产能占本省产能的比重 ÷ 全国此产业产能占全国产能的比重；大于 1 即比全国更专业化",
    ),
    "cost_factor": (
        "Unit cost from location (median province = 1)",
        "区位成本系数（中位省份 = 1）",
    ),
    "fit_title": ("What fit reads (因地制宜)", "适配度看什么（因地制宜）"),
    "fit_intro": (
        "A tailored government scores every industry's fit to its province and prioritises the "
        "best ones. Fit adds up five terms, from these data:",
        "因地制宜的地方政府给每个产业打“适配度”分，并把得分最高的列为重点产业。适配度由五项相加，数据来源如下：",
    ),
    "fit_term_base": ("Industrial base", "产业基础"),
    "fit_term_base_source": (
        "location quotient of the province's capacity (start year: the 2007 provincial "
        "input-output tables, and for the new industries high-tech revenue and R&D by "
        "province 2011-2023; later: the model's firms); a traditional base counts extra "
        "(upgrading)",
        "本省产能的区位商（起始年取自 2007 年省级投入产出表，新兴产业取 2011-2023 年各省高技术产业"
        "收入与研发数据；此后取模型中的企业）；传统产业基础另有加分（改造升级）",
    ),
    "fit_term_endowments": ("Endowments", "资源禀赋"),
    "fit_term_endowments_source": (
        "unit cost from location: wind and solar resource (GCAM-China), universities per "
        "resident (Ministry of Education list 2023), sea coast; no coal or mineral data",
        "区位成本：风能与太阳能资源（GCAM 中国模型）、高校数与人口之比（教育部 2023 年名单）、是否沿海；"
        "煤炭和矿产储量无数据",
    ),
    "fit_term_capability": ("Capability", "技术能力"),
    "fit_term_capability_source": (
        "the province's absorptive capacity (from its R&D intensity, ranked among the "
        "provinces) against the industry's technology intensity: too far below it is a misfit",
        "本省吸收能力（由研发投入强度决定，按各省排名）与产业技术密集度相比：能力差距过大即不适配",
    ),
    "fit_term_research": ("Research base", "科研基础"),
    "fit_term_research_source": (
        "the strength of the province's universities in the industry's field",
        "本省高校在该产业相关学科的实力",
    ),
    "fit_term_market": ("Market", "市场前景"),
    "fit_term_market_source": (
        "national demand growth of the industry (the same for every province)",
        "该产业全国需求增速（各省相同）",
    ),
    "fit_province": ("Province", "省份"),
    "fit_numbers": ("{region} in {year}", "{region}，{year} 年"),
    "fit_best": ("Fit of its three best industries, by term", "适配度最高的三个产业及各项得分"),
    "fit_total": ("Fit (sum)", "适配度（合计）"),
    "fit_note": (
        "Fit as the terms read now; governments score it again in each plan year. Weights: "
        "docs/model.md 7.18.",
        "按当前状态计算的适配度；地方政府在每个规划年重新打分。权重见模型文档第 7.18 节。",
    ),
    "fit_no_data": (
        "This scenario's regions have no endowment data.",
        "本情景的地区没有资源禀赋数据。",
    ),
    "wind_short": ("wind", "风能"),
    "solar_short": ("solar capacity factor", "光伏利用率"),
    "universities_short": ("universities", "高校"),
    "lq_short": ("location quotient in", "区位商："),
    "cost_short": ("unit cost from location", "区位成本系数"),
}
"""The interface labels of the local-conditions views."""

"""The shipped scenarios in plain words, in English and Chinese: name, question, what to watch.

The scenario files' leading comments are written for modellers (they cite the design notes and
use output column names); the page shows these plain texts instead, in the reader's language.
A scenario not listed here (a user's own file) is shown by its file key and its comment, with
source lines and internal references left out (:func:`plain_comment`).
"""

from __future__ import annotations

import re

from nqpf.sim.outputs import Lang

# key: (English name, Chinese name, English question, Chinese question, English what to watch,
# Chinese what to watch)
SCENARIOS: dict[str, tuple[str, str, str, str, str, str]] = {
    "baseline": (
        "Baseline",
        "基准情景",
        "Where does China's regional economy go from 2023 to 2050 if local governments mix "
        "strategies tailored to local conditions with copying the leaders, as today?",
        "如果地方政府像今天这样，把因地制宜与模仿领先地区结合起来，2023-2050 年中国区域经济将走向何方？",
        "GDP growth, TFP growth, capacity utilisation and bad loans; every other scenario "
        "changes one thing in this one.",
        "GDP 增长率、全要素生产率增长、产能利用率和不良贷款率；其他情景都只在本情景基础上改变一项。",
    ),
    "tailored": (
        "Tailored to local conditions",
        "因地制宜",
        "What happens when every province chooses its priority industries by local fit: "
        "comparative advantage, capability, university strengths and its traditional base?",
        "如果每个省份都按本地条件（比较优势、技术能力、高校优势和传统产业基础）选择重点产业，会怎样？",
        "Compare with herding: how alike the regions' industries are, utilisation and prices of "
        "strategic emerging industries, bad loans, written-off capital and local debt.",
        "与“一哄而上”比较：地区产业的相似程度、战略性新兴产业的产能利用率和价格、不良贷款、"
        "核销资本和地方债务。",
    ),
    "herding": (
        "Herding",
        "一哄而上",
        "What happens when every province copies the leading regions and the hot industries "
        "instead of choosing by its own strengths?",
        "如果每个省份都模仿领先地区、追逐热门产业，而不是按自身优势选择，会怎样？",
        "Compare with tailored: regions become more alike, emerging prices fall a little, more "
        "firms exit and more capital is written off, and GDP and TFP end lower. Idle capacity "
        "and bad loans grow much more where promoted investors build whatever use they expect "
        "(soft budget constraints).",
        "与“因地制宜”比较：地区产业更趋同，新兴产业价格略降，退出企业和核销资本更多，"
        "GDP 与全要素生产率最终更低。若招商引资来的投资者不顾预期使用率照样建厂"
        "（软预算约束），闲置产能和不良贷款会明显增加。",
    ),
    "tournament": (
        "Promotion tournament",
        "晋升锦标赛",
        "If local officials are promoted for GDP growth and copy the strategies of the "
        "fastest-growing regions, where does the herding propensity go?",
        "如果地方官员按 GDP 增长晋升、并模仿增长最快地区的策略，一哄而上的倾向会走向何方？",
        "The spread of the herding propensity across provinces collapses; where it settles "
        "depends on the seed (path dependence).",
        "各省一哄而上倾向的差异迅速缩小；最终停在哪里取决于随机种子（路径依赖）。",
    ),
    "central_coordination": (
        "Central coordination",
        "中央统筹",
        "Can the centre check herding with capacity controls when an industry's utilisation "
        "falls too low, and by coordinating the regional division of labour?",
        "中央能否通过产能调控（产业利用率过低时）和统筹区域分工来抑制一哄而上？",
        "Compare with herding: less overlap of priorities, higher utilisation of emerging and "
        "future industries, fewer bad loans, slightly more local debt, and slightly higher output.",
        "与“一哄而上”比较：重点产业重叠减少，新兴和未来产业利用率提高，不良贷款下降，"
        "地方债务略增，产出略有提高。",
    ),
    "future_industry_race": (
        "Race into future industries",
        "竞相发展未来产业",
        "What happens when regions rush into future industries (AI, quantum, life sciences, "
        "humanoid robots) regardless of capability, against paced entry?",
        "如果各地不顾自身能力竞相进入未来产业（人工智能、量子、生命科学、人形机器人），"
        "与按能力有序进入相比会怎样？",
        "Compare with tailored: lower utilisation of future industries, more written-off "
        "capital, and lower TFP and GDP by 2040.",
        "与“因地制宜”比较：未来产业利用率更低，核销资本更多，2040 年全要素生产率和 GDP 更低。",
    ),
    "herding_credit_boom": (
        "Herding with a credit boom",
        "一哄而上叠加信贷扩张",
        "Does a credit boom make herding worse: banks that lend after recent growth, implicit "
        "local-government guarantees and a loose policy rate?",
        "信贷扩张会让一哄而上更严重吗？银行按行业近期增长放贷、地方政府隐性担保、宽松的政策利率。",
        "Compare with herding: cheap guaranteed credit keeps weak firms alive, so fewer loans "
        "turn bad and less capital is written off within the horizon.",
        "与“一哄而上”比较：廉价且有担保的信贷让弱势企业存活，因此模拟期内坏账反而更少、"
        "核销资本更少。",
    ),
    "tailored_cooperation": (
        "Tailored, with cooperation and a unified market",
        "因地制宜加区域合作与统一大市场",
        "What do regional cooperation agreements and a unified national market add to a "
        "tailored strategy?",
        "区域合作协议和全国统一大市场能为因地制宜带来什么？",
        "Compare with tailored: no zombie firms, fewer bad loans, higher utilisation, higher "
        "TFP and GDP by 2040.",
        "与“因地制宜”比较：没有僵尸企业，不良贷款更少，产能利用率更高，2040 年全要素生产率和 GDP 更高。",
    ),
    "talent_war": (
        "Talent war",
        "人才争夺战",
        "What does a talent war achieve when every province raises its talent subsidies?",
        "如果每个省份都提高人才补贴，人才争夺战能带来什么？",
        "Compare with baseline: local debt rises and GDP falls; the East's share of skilled "
        "workers falls, unlike what the papers expect (it rises only if every province "
        "invests the same share of its income).",
        "与基准情景比较：地方债务上升，GDP 下降；东部人才占比下降，与文献预期不同"
        "（只有各省投资占收入的比例相同时才会上升）。",
    ),
    "traditional_abandon": (
        "Abandon traditional industry",
        "放弃传统产业",
        "What happens when regions scrap traditional industries to make room for new ones "
        "(hollowing out) instead of building the new before breaking the old?",
        "如果各地为新产业腾出空间而淘汰传统产业（产业空心化），而不是先立后破，会怎样？",
        "Compare with upgrading: a dip in GDP and industrial value added, far more written-off "
        "capital and lower TFP by 2040.",
        "与“传统产业升级”比较：GDP 和工业增加值下滑，核销资本多得多，2040 年全要素生产率更低。",
    ),
    "traditional_upgrade": (
        "Upgrade traditional industry",
        "传统产业升级",
        "What does upgrading traditional industries (digital, intelligent and green retrofits "
        "of an existing base) add?",
        "传统产业升级（对既有产业基础进行数字化、智能化、绿色化改造，老树发新芽）能带来什么？",
        "Compare with abandoning: no hollowing-out dip, higher GDP and TFP, far less "
        "written-off capital.",
        "与“放弃传统产业”比较：没有空心化下滑，GDP 和全要素生产率更高，核销资本少得多。",
    ),
    "calibrated": (
        "Calibrated",
        "校准情景",
        "Which saving slope and exogenous TFP growth make the model reproduce China's growth and "
        "Solow residual of 2018-2023 (the pandemic years left out) and its investment of "
        "2018-2022?",
        "哪些储蓄斜率和外生全要素生产率增长取值能让模型再现 2018-2023 年（不计疫情年份）"
        "全国的增长和索洛余值，以及 2018-2022 年的投资？",
        "The baseline carries these estimates, so this scenario runs as the baseline does; "
        "what they change against the literature values, the fit and its out-of-sample record "
        "are in the calibration documentation.",
        "基准情景已采用这些估计值，因此本情景与基准情景的运行结果相同；它们相对文献取值带来的变化、"
        "拟合效果和样本外检验见校准文档。",
    ),
    "textbook/solow": (
        "Textbook: Solow",
        "教科书：索洛模型",
        "Does the engine reproduce the Solow model's closed-form steady state?",
        "模型引擎能否再现索洛模型的解析稳态？",
        "Each region's path toward its steady state; there are no firms, governments or banks.",
        "各地区向稳态收敛的路径；本情景没有企业、政府和银行。",
    ),
    "textbook/diffusion": (
        "Textbook: technology diffusion",
        "教科书：技术扩散",
        "Does a follower region close its technology gap to the leader at the closed-form rate?",
        "追赶地区能否按解析解给出的速度缩小与领先地区的技术差距？",
        "TFP of the follower against the leader over the years.",
        "追赶地区与领先地区全要素生产率的逐年变化。",
    ),
}

LESSON_PAIRS: dict[str, tuple[str, str]] = {
    "baseline": ("tailored", "herding"),
    "tailored": ("tailored", "herding"),
    "herding": ("tailored", "herding"),
    "tournament": ("baseline", "tournament"),
    "central_coordination": ("herding", "central_coordination"),
    "future_industry_race": ("tailored", "future_industry_race"),
    "herding_credit_boom": ("herding", "herding_credit_boom"),
    "tailored_cooperation": ("tailored", "tailored_cooperation"),
    "talent_war": ("baseline", "talent_war"),
    "traditional_abandon": ("traditional_upgrade", "traditional_abandon"),
    "traditional_upgrade": ("traditional_abandon", "traditional_upgrade"),
}
"""The comparison (reference, scenario) that answers each shipped scenario's question. The
calibrated scenario has none: the baseline carries its estimates, so no comparison of shipped
scenarios answers its question (the fit does, in docs/calibration.md)."""

_INTERNAL = re.compile(r"\b(seed|design|DESIGN\.md|seed-notes|seed notes)\b", re.IGNORECASE)


def scenario_name(key: str, lang: Lang) -> str:
    """A scenario's name in ``lang`` (its file key when it is not a shipped scenario)."""
    entry = SCENARIOS.get(key)
    return key if entry is None else entry[0 if lang == "en" else 1]


def scenario_texts(key: str, lang: Lang) -> tuple[str, str] | None:
    """``(question, what to watch)`` of a shipped scenario in ``lang``, None for other files."""
    entry = SCENARIOS.get(key)
    if entry is None:
        return None
    return (entry[2], entry[4]) if lang == "en" else (entry[3], entry[5])


def plain_comment(paragraphs: list[str]) -> list[str]:
    """A file's comment paragraphs without the ``Source:`` line and internal references."""
    return [p for p in paragraphs if not p.startswith("Source:") and not _INTERNAL.search(p)]

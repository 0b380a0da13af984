"""The guided first run: its steps, the control each one points at, and its words in both
languages.

The words are interface labels like any other (:data:`GUIDE_LABELS` joins
``nqpf.dashboards.ui_labels.LABELS`` and is read with ``t()``), so the language switch, the test
that every label has both languages and the scan of the Chinese page cover them. Each step
names the control it talks about by a CSS selector of the page (the guide highlights that
element and points at it) and, when the control lives on one tab, that tab's index.
"""

from __future__ import annotations

from dataclasses import dataclass

MAP_TAB, NATIONAL_TAB = 0, 1
"""Indices of the Map and National tabs (the order of the page's tabs)."""


@dataclass(frozen=True)
class GuideStep:
    """One step: its label keys (``guide_<key>_title``, ``guide_<key>_body``), the CSS selector
    of the control it points at, and the tab that control is on (None: the sidebar or the
    tab bar, visible on every tab)."""

    key: str
    target: str
    tab: int | None = None


GUIDE_STEPS: tuple[GuideStep, ...] = (
    GuideStep("scenario", ".nqpf-scenario"),
    GuideStep("lesson", ".nqpf-question"),
    GuideStep("play", ".nqpf-play"),
    GuideStep("map", ".nqpf-map-panel", MAP_TAB),
    GuideStep("chart", ".nqpf-national [data-panel='gdp']", NATIONAL_TAB),
    GuideStep("strategy", ".nqpf-lever-strategy-mode"),
    GuideStep("compare", ".nqpf-tab-compare"),
)

GUIDE_LABELS: dict[str, tuple[str, str]] = {
    "guide_next": ("Next", "下一步"),
    "guide_back": ("Back", "上一步"),
    "guide_done": ("Done", "完成"),
    "guide_close": ("Close the guide", "关闭导览"),
    "guide_counter": ("Step {i} of {n}", "第 {i} 步，共 {n} 步"),
    "guide_reopen": (
        "The Guide button in the top bar opens this guide again.",
        "顶栏的“新手导览”按钮可随时重新打开本导览。",
    ),
    "guide_scenario_title": ("Choose a scenario", "选择情景"),
    "guide_scenario_body": (
        "The Scenario menu sets the rules of the economy you watch: which strategy local "
        "governments follow and what the central government does. Try Herding first: every "
        "local government copies the leading regions' industries.",
        "“情景”菜单设定你要观察的经济规则：地方政府采用什么产业策略、中央政府做什么。"
        "建议先试“一哄而上”：每个地方政府都照搬领先地区的产业。",
    ),
    "guide_lesson_title": ("Read the lesson panel", "阅读问题说明"),
    "guide_lesson_body": (
        "This panel says, in plain words, the question the scenario answers and what to watch. "
        "The button under it, \u201cWhat does the model find?\u201d, runs the comparison that "
        "answers the question and shows the finding measured on several seeds.",
        "这里用平实的语言说明本情景回答的问题和应当关注什么。下方的“模型发现了什么？”按钮"
        "会运行回答该问题的情景比较，并给出多个随机种子下测得的结论。",
    ),
    "guide_play_title": ("Press Play", "点击“播放”"),
    "guide_play_body": (
        "Play simulates one year after another until the scenario's last year; Pause stops, "
        "Step moves a single year and Reset starts again. The year is in the top bar.",
        "“播放”逐年模拟，直到情景的最后一年；“暂停”停止，“单步”只前进一年，“重置”从头开始。"
        "当前年份显示在顶栏。",
    ),
    "guide_map_title": ("Read the map", "看懂地图"),
    "guide_map_body": (
        "Each province is coloured by the indicator chosen above the map (GDP per capita at "
        "first); the legend gives the scale and names any province beyond it. Hover over a "
        "province for its value, click it to see why its government chose its industries. "
        "Try the main priority industry: one colour everywhere means every province chases the "
        "same industry.",
        "各省按地图上方所选指标着色（初始为人均GDP）；图例给出色标，并列出超出色标的省份。"
        "鼠标悬停可看数值，点击省份可查看其政府为何选择这些产业。可试试“首要重点产业”："
        "全国一种颜色，意味着各省都在追逐同一产业。",
    ),
    "guide_chart_title": ("Read one chart", "看懂一张图"),
    "guide_chart_body": (
        "The National tab draws the country's indicators year by year; this one is GDP, its "
        "unit in the title. Hover over the chart to read a year's value. Under herding, watch "
        "capacity utilisation, prices and bad loans in the charts next to it.",
        "“全国”页逐年绘制全国指标；这张是GDP，单位写在标题中。鼠标悬停可读出某一年的数值。"
        "在一哄而上情景下，请留意旁边的产能利用率、价格和不良贷款。",
    ),
    "guide_strategy_title": ("Switch the strategy", "切换地方产业策略"),
    "guide_strategy_body": (
        "Local strategy, the first lever, is the lesson's switch: tailored to local "
        "conditions, herding, mixed or tournament. Changing it restarts the run from the start "
        "year; play it again and compare the map and the charts with the first run.",
        "第一个杠杆“地方产业策略”是本课的开关：因地制宜、一哄而上、混合或锦标赛。"
        "调整后模拟从起始年份重新开始；再次播放，把地图和图表与第一次模拟对照。",
    ),
    "guide_compare_title": ("Open Compare scenarios", "打开“情景比较”"),
    "guide_compare_body": (
        "One run is one draw of chance. This tab runs two scenarios on the same seeds with your "
        "levers and shows what the model finds: mean paths with bands, paired differences with "
        "95 % intervals, and the two scenarios' maps side by side or their difference.",
        "一次模拟只是一次随机抽样。本页在相同的随机种子下、以你的杠杆设置运行两个情景，"
        "给出模型发现：带区间的均值路径、带 95% 置信区间的配对差值，以及两个情景并排的地图或其差值。",
    ),
}
"""The guide's words, (English, Chinese) by label key."""

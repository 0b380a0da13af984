"""The words of the comparison report: fixed phrases, numbers, the reading and the tables.

Nothing in the reading is written by hand: each sentence is generated from the summary table of
a :class:`~nqpf.sim.experiments.compare.Comparison` (direction, size and 95 % interval of the
paired difference), so it changes with the numbers. Every phrase exists in English and Chinese
(``lang``). Numbers are shown to one significant digit of the interval's half-width
(:func:`row_decimals`), in display units (percent for shares and rates, percentage points for
their differences; :mod:`nqpf.sim.outputs`).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from nqpf.sim.experiments.compare_stats import Comparison
from nqpf.sim.outputs import Lang, difference_unit, display_scale, display_unit, is_percent, label

# Fixed phrases of the report: key -> (English, Chinese).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Scenario comparison", "情景比较"),
    "reading": ("Reading", "解读"),
    "headline": ("Headline finding", "主要发现"),
    "mechanism": ("Mechanism", "传导机制"),
    "definitions": ("Definitions", "指标定义"),
    "setup": ("Set-up", "设置"),
    "summary": ("Paired differences", "配对差异"),
    "plots": ("Paths", "路径"),
    "how": ("How to read this report", "如何阅读本报告"),
    "scenario": ("Scenario", "情景"),
    "file": ("File", "文件"),
    "description": ("Description", "说明"),
    "indicator": ("Indicator", "指标"),
    "unit": ("Unit", "单位"),
    "difference": ("Difference", "差异"),
    "ci": ("95 % CI", "95%置信区间"),
    "relative": ("Relative", "相对差异"),
    "distinguishable": ("CI excludes 0", "区间不含0"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "year": ("Year", "年份"),
    "vs": ("vs", "对比"),
    "seeds": ("Seeds", "随机种子"),
    "years": ("Years simulated", "模拟年份"),
    "window": ("Summary window", "汇总区间"),
    "version": ("nqpf version", "nqpf 版本"),
    "command": ("Command", "命令"),
    "missing": ("Not produced by every scenario", "并非每个情景都产生的指标"),
    "band_note": (
        "mean and 90 % band (5th-95th percentile) across {n} seeds",
        "{n}个种子的均值与90%区间（第5至第95百分位）",
    ),
    "diff_title": ("{label}: difference from {ref}", "{label}：与{ref}的差异"),
    "diff_note": (
        "mean paired difference and 95 % CI, {n} seeds; shaded: summary window",
        "平均配对差异及95%置信区间，{n}个种子；阴影：汇总区间",
    ),
    "diff_axis": ("Difference ({unit})", "差异（{unit}）"),
    "font_fallback": (
        "no CJK font found (install fonts-noto-cjk); plot labels are in English",
        "未找到中文字体（请安装 fonts-noto-cjk）；图中标签使用英文",
    ),
    "font_missing_names": (
        "no CJK font found (install fonts-noto-cjk): the Chinese scenario names in the plots' "
        "legends show as boxes",
        "未找到中文字体（请安装 fonts-noto-cjk）：图例中的中文情景名称显示为方框",
    ),
}

HOW_TO_READ: tuple[str, str] = (
    "Every scenario ran on the same seeds (common random numbers), so seed i of one scenario is "
    "paired with seed i of the reference. Path plots show the mean across seeds and a band from "
    "the 5th to the 95th percentile: where single runs fall, not the uncertainty of the mean. "
    "Difference plots and tables show the mean of the paired differences with a 95 % "
    "t-interval: the range that would contain the average difference over many seeds in 95 % of "
    "ensembles. The summary statistic of an indicator is the mean of its yearly values over the "
    "summary window. An interval that excludes zero means the scenarios are distinguishable with "
    "these seeds; one that includes zero means that more seeds may or may not separate them. "
    "Shares and rates are shown in percent and their differences in percentage points. With many "
    "indicators, about one in twenty intervals excludes zero by chance alone.",
    "所有情景使用相同的随机种子（共同随机数），一个情景的第i个种子与参照情景的第i个种子配对。"
    "路径图给出各种子的均值及第5至第95百分位区间：它表示单次运行的分布范围，而不是均值的不确定性。"
    "差异图和表给出配对差异的均值及95% t置信区间。指标的汇总统计量是其在汇总区间内各年数值的均值。"
    "区间不含零表示在这些种子下两个情景可以区分；区间含零表示增加种子数后也未必能区分。"
    "比例和增长率以百分数表示，其差异以百分点表示。指标较多时，约二十分之一的区间会因偶然而不含零。",
)


def phrase(key: str, lang: Lang, **kw: Any) -> str:
    """The fixed phrase ``key`` in ``lang``, with ``{placeholders}`` filled from ``kw``."""
    text = TEXT[key][0 if lang == "en" else 1]
    return text.format(**kw) if kw else text


# ------------------------------------------------------------------------------ numbers
def _first_digit(value: float) -> int:
    """Decimals needed to show the first significant digit of ``value`` (0 for |value| >= 1)."""
    if not math.isfinite(value) or value == 0:
        return 0
    return max(0, -math.floor(math.log10(abs(value))))


def format_number(value: float, decimals: int) -> str:
    """``value`` with thousands separators and ``decimals`` decimals; '–' when not finite."""
    if value is None or not math.isfinite(value):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0  # no "-0.00"
    return f"{value:,.{decimals}f}"


def format_bound(value: float, decimals: int) -> str:
    """An interval bound: like :func:`format_number`, but a bound that rounds to zero keeps its
    sign (``-0.0``), so that an interval printed beside "CI excludes 0: no" visibly contains 0."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:,.{decimals}f}"


def row_decimals(row: pd.Series, scale: float) -> int:
    """Decimals for a summary row.

    One significant digit of the interval's half-width (more would be noise), but no more than
    four significant figures of the level; when the interval excludes zero, enough digits that
    the difference and the bound nearest zero show as non-zero.
    """
    half = (row["ci_high"] - row["ci_low"]) / 2 * scale
    level = max(abs(row["reference_mean"]), abs(row["scenario_mean"])) * scale
    by_level = _first_digit(level) + 3 if level < 1 else max(0, 3 - math.floor(math.log10(level)))
    by_half = _first_digit(half) if math.isfinite(half) and half > 0 else by_level
    decimals = min(by_half, by_level)
    if row["distinguishable"]:
        nearest = min(abs(row["ci_low"]), abs(row["ci_high"])) * scale
        decimals = max(decimals, _first_digit(row["mean_diff"] * scale), _first_digit(nearest))
    return min(decimals, 8)


# ------------------------------------------------------------------------------ reading
def reading(comp: Comparison, lang: Lang = "en") -> list[str]:
    """One paragraph per scenario compared with the reference, generated from the summary."""
    paragraphs = []
    ref = comp.reference
    w0, w1 = comp.window
    for name in comp.names[1:]:
        rows = comp.summary[comp.summary["scenario"] == name]
        n = int(rows["n_seeds"].min()) if len(rows) else len(comp.seeds)
        if lang == "zh":
            parts = [f"{w0}–{w1}年各年数值的均值（{n}个配对种子），{name}情景与{ref}情景相比："]
        else:
            parts = [
                f"Over {w0}-{w1} (mean of the yearly values, {n} paired seeds), "
                f"{name} compared with {ref}:"
            ]
        same = []
        for _, row in rows.iterrows():
            if not row["distinguishable"]:
                same.append(label(row["indicator"], lang))
                continue
            parts.append(_sentence(row, name, ref, lang))
        if same:
            joined = "、".join(same) if lang == "zh" else "; ".join(same)
            if n < 2:
                parts.append(
                    f"单个种子无法计算置信区间：{joined}。"
                    if lang == "zh"
                    else f"One seed gives no confidence interval: {joined}."
                )
            else:
                parts.append(
                    f"在这些种子下差异与零无法区分的指标：{joined}。"
                    if lang == "zh"
                    else f"Not distinguishable from zero with these seeds: {joined}."
                )
        paragraphs.append(("" if lang == "zh" else " ").join(parts))
    return paragraphs


def _sentence(row: pd.Series, name: str, ref: str, lang: Lang) -> str:
    """'Capacity utilisation is 4.1 percentage points lower under B than under A (95 % CI ...).'"""
    ind = row["indicator"]
    scale = display_scale(ind, "national", lang)
    d = row_decimals(row, scale)
    diff, lo, hi = row["mean_diff"] * scale, row["ci_low"] * scale, row["ci_high"] * scale
    higher = diff > 0
    size, a, b = (diff, lo, hi) if higher else (-diff, -hi, -lo)
    unit = difference_unit(ind, lang)
    rel = (
        ""
        if is_percent(ind) or not math.isfinite(row["relative_diff"])
        else (
            f"{abs(row['relative_diff']):.1%}".replace("%", " %")
            if lang == "en"
            else f"{abs(row['relative_diff']):.1%}"
        )
    )
    if lang == "zh":
        word = "高" if higher else "低"
        extra = f"{rel}；" if rel else ""
        return (
            f"{name}情景下{label(ind, lang)}比{ref}情景{word}{format_number(size, d)}{unit}"
            f"（{extra}95%置信区间：{format_number(a, d)}至{format_number(b, d)}）。"
        )
    word = "higher" if higher else "lower"
    extra = f" ({rel})" if rel else ""
    if format_number(size, d) == "1" and unit.endswith("points"):
        unit = unit[:-1]
    unit_text = f" {unit}" if unit else ""
    return (
        f"{label(ind, lang)} is {format_number(size, d)}{unit_text}{extra} {word} under "
        f"{name} than under {ref} (95 % CI {format_number(a, d)} to {format_number(b, d)})."
    )


# ------------------------------------------------------------------------------ tables
def summary_table(comp: Comparison, name: str, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary table of one scenario against the reference."""
    header = [
        phrase("indicator", lang),
        phrase("unit", lang),
        comp.reference,
        name,
        phrase("difference", lang),
        phrase("ci", lang),
        phrase("relative", lang),
        phrase("distinguishable", lang),
    ]
    rows = []
    for _, row in comp.summary[comp.summary["scenario"] == name].iterrows():
        ind = row["indicator"]
        scale = display_scale(ind, "national", lang)
        d = row_decimals(row, scale)
        rel = row["relative_diff"]
        rows.append(
            [
                label(ind, lang),
                display_unit(ind, lang),
                format_number(row["reference_mean"] * scale, d),
                format_number(row["scenario_mean"] * scale, d),
                format_number(row["mean_diff"] * scale, d),
                f"{format_bound(row['ci_low'] * scale, d)} – "
                f"{format_bound(row['ci_high'] * scale, d)}",
                f"{rel:+.1%}".replace("%", " %")
                if math.isfinite(rel) and not is_percent(ind)
                else "–",
                phrase("yes" if row["distinguishable"] else "no", lang),
            ]
        )
    return header, rows


def setup_rows(comp: Comparison, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the set-up table: each scenario's name, file and description."""
    header = [phrase("scenario", lang), phrase("file", lang), phrase("description", lang)]
    return header, [[n, f, d] for n, f, d in zip(comp.names, comp.files, comp.descriptions)]


def run_facts(comp: Comparison, lang: Lang, command: str, version: str) -> list[tuple[str, str]]:
    """(label, value) pairs of how the ensemble was run: seeds, years, window, version, command."""
    seeds = f"{len(comp.seeds)} (--seed-base {comp.seed_base})"
    facts = [
        (phrase("seeds", lang), seeds),
        (phrase("years", lang), f"{comp.years[0]}-{comp.years[-1]}"),
        (phrase("window", lang), f"{comp.window[0]}-{comp.window[1]}"),
        (phrase("version", lang), version),
    ]
    if command:
        facts.append((phrase("command", lang), command))
    if comp.missing:
        facts.append((phrase("missing", lang), ", ".join(label(c, lang) for c in comp.missing)))
    return facts

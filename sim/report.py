"""The comparison report: plots, tables, a reading generated from the numbers, HTML and Markdown.

:func:`write_report` turns a :class:`sim.compare.Comparison` into a folder::

    DIR/report.html      self-contained (plots embedded as base64 PNG, no external resources)
    DIR/report.md        the same tables and plots (files in DIR/plots/)
    DIR/plots/*.png      one mean-path plot and one paired-difference plot per indicator
    DIR/data/*.csv|.parquet  the numbers behind every plot and table, in the units of sim.outputs
    DIR/manifest.json    seeds, scenarios as resolved, window, version

Nothing in the reading is written by hand: each sentence is generated from the summary table
(direction, size and 95 % interval of the paired difference), so it changes with the numbers.
Labels are English or Chinese (``lang``); Chinese plot text needs a CJK font, found with
:mod:`matplotlib.font_manager`; without one the plots fall back to English with a warning.
"""

from __future__ import annotations

import base64
import html
import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.compare import BAND, LEVEL, Comparison
from nqpf.sim.outputs import (Lang, axis_label, difference_unit, display_scale, display_unit,
                              is_percent, label)
from nqpf.sim.outputs import unit_of

# Fixed phrases of the report: key -> (English, Chinese).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("Scenario comparison", "情景比较"),
    "reading": ("Reading", "解读"),
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
    "missing": ("Not produced by these runs", "本次运行未产生的指标"),
    "band_note": ("mean and 90 % band (5th-95th percentile) across {n} seeds",
                  "{n}个种子的均值与90%区间（第5至第95百分位）"),
    "diff_title": ("{label}: difference from {ref}", "{label}：与{ref}的差异"),
    "diff_note": ("mean paired difference and 95 % CI, {n} seeds; shaded: summary window",
                  "平均配对差异及95%置信区间，{n}个种子；阴影：汇总区间"),
    "diff_axis": ("Difference ({unit})", "差异（{unit}）"),
    "font_fallback": (
        "no CJK font found (install fonts-noto-cjk); plot labels are in English",
        "未找到中文字体（请安装 fonts-noto-cjk）；图中标签使用英文"),
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


def _t(key: str, lang: Lang, **kw: Any) -> str:
    text = TEXT[key][0 if lang == "en" else 1]
    return text.format(**kw) if kw else text


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and warnings to show the user."""

    html: Path
    markdown: Path
    plots: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    warnings: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ fonts
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Serif CJK SC",
    "Noto Serif CJK JP", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)
_CJK_FILE_HINTS = ("cjk", "wqy", "sourcehan", "simhei", "msyh", "pingfang", "stheiti", "uming")


def find_cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs known to matplotlib, or None.

    Fonts installed after matplotlib built its font cache are not in ``fontManager``; files that
    look like CJK fonts (``fc-list`` or the system font folders) are then added to it.
    """
    from matplotlib import font_manager as fm

    def known() -> str | None:
        names = {f.name for f in fm.fontManager.ttflist}
        return next((n for n in _CJK_FAMILIES if n in names), None)

    found = known()
    if found:
        return found
    for path in sorted(fm.findSystemFonts()):
        if any(h in Path(path).name.lower() for h in _CJK_FILE_HINTS):
            try:
                fm.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                continue
    return known()


# ------------------------------------------------------------------------------ numbers
def _first_digit(value: float) -> int:
    """Decimals needed to show the first significant digit of ``value`` (0 for |value| >= 1)."""
    if not math.isfinite(value) or value == 0:
        return 0
    return max(0, -math.floor(math.log10(abs(value))))


def _num(value: float, decimals: int) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0  # no "-0.00"
    return f"{value:,.{decimals}f}"


def _row_decimals(row: pd.Series, scale: float) -> int:
    """Decimals for a summary row.

    One significant digit of the interval's half-width (more would be noise), but no more than
    four significant figures of the level; when the interval excludes zero, enough digits that
    the difference and the bound nearest zero show as non-zero.
    """
    half = (row["ci_high"] - row["ci_low"]) / 2 * scale
    level = max(abs(row["reference_mean"]), abs(row["scenario_mean"])) * scale
    by_level = (_first_digit(level) + 3 if level < 1 else
                max(0, 3 - math.floor(math.log10(level))))
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
            parts = [f"Over {w0}-{w1} (mean of the yearly values, {n} paired seeds), "
                     f"{name} compared with {ref}:"]
        same = []
        for _, row in rows.iterrows():
            if not row["distinguishable"]:
                same.append(label(row["indicator"], lang))
                continue
            parts.append(_sentence(row, name, ref, lang))
        if same:
            joined = "、".join(same) if lang == "zh" else "; ".join(same)
            if n < 2:
                parts.append(f"单个种子无法计算置信区间：{joined}。" if lang == "zh" else
                             f"One seed gives no confidence interval: {joined}.")
            else:
                parts.append(f"在这些种子下差异与零无法区分的指标：{joined}。" if lang == "zh" else
                             f"Not distinguishable from zero with these seeds: {joined}.")
        paragraphs.append(("" if lang == "zh" else " ").join(parts))
    return paragraphs


def _sentence(row: pd.Series, name: str, ref: str, lang: Lang) -> str:
    """'Capacity utilisation is 4.1 percentage points lower under B than under A (95 % CI ...).'"""
    ind = row["indicator"]
    scale = display_scale(ind)
    d = _row_decimals(row, scale)
    diff, lo, hi = row["mean_diff"] * scale, row["ci_low"] * scale, row["ci_high"] * scale
    higher = diff > 0
    size, a, b = (diff, lo, hi) if higher else (-diff, -hi, -lo)
    unit = difference_unit(ind, lang)
    rel = "" if is_percent(ind) or not math.isfinite(row["relative_diff"]) else (
        f"{abs(row['relative_diff']):.1%}".replace("%", " %") if lang == "en"
        else f"{abs(row['relative_diff']):.1%}")
    if lang == "zh":
        word = "高" if higher else "低"
        extra = f"{rel}；" if rel else ""
        return (f"{name}情景下{label(ind, lang)}比{ref}情景{word}{_num(size, d)}{unit}"
                f"（{extra}95%置信区间：{_num(a, d)}至{_num(b, d)}）。")
    word = "higher" if higher else "lower"
    extra = f" ({rel})" if rel else ""
    if _num(size, d) == "1" and unit.endswith("points"):
        unit = unit[:-1]
    unit_text = f" {unit}" if unit else ""
    return (f"{label(ind, lang)} is {_num(size, d)}{unit_text}{extra} {word} under {name} than "
            f"under {ref} (95 % CI {_num(a, d)} to {_num(b, d)}).")


# ------------------------------------------------------------------------------ tables
def summary_table(comp: Comparison, name: str, lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary table of one scenario against the reference."""
    header = [_t("indicator", lang), _t("unit", lang), comp.reference, name,
              _t("difference", lang), _t("ci", lang), _t("relative", lang),
              _t("distinguishable", lang)]
    rows = []
    for _, row in comp.summary[comp.summary["scenario"] == name].iterrows():
        ind = row["indicator"]
        scale = display_scale(ind)
        d = _row_decimals(row, scale)
        rel = row["relative_diff"]
        rows.append([
            label(ind, lang), display_unit(ind, lang),
            _num(row["reference_mean"] * scale, d), _num(row["scenario_mean"] * scale, d),
            _num(row["mean_diff"] * scale, d),
            f"{_num(row['ci_low'] * scale, d)} – {_num(row['ci_high'] * scale, d)}",
            f"{rel:+.1%}".replace("%", " %") if math.isfinite(rel) and not is_percent(ind)
            else "–",
            _t("yes" if row["distinguishable"] else "no", lang),
        ])
    return header, rows


def _setup_rows(comp: Comparison, lang: Lang) -> tuple[list[str], list[list[str]]]:
    header = [_t("scenario", lang), _t("file", lang), _t("description", lang)]
    return header, [[n, f, d] for n, f, d in zip(comp.names, comp.files, comp.descriptions)]


def _facts(comp: Comparison, lang: Lang, command: str, version: str) -> list[tuple[str, str]]:
    seeds = (f"{len(comp.seeds)} (--seed-base {comp.seed_base})")
    facts = [(_t("seeds", lang), seeds),
             (_t("years", lang), f"{comp.years[0]}-{comp.years[-1]}"),
             (_t("window", lang), f"{comp.window[0]}-{comp.window[1]}"),
             (_t("version", lang), version)]
    if command:
        facts.append((_t("command", lang), command))
    if comp.missing:
        facts.append((_t("missing", lang), ", ".join(label(c, lang) for c in comp.missing)))
    return facts


# ------------------------------------------------------------------------------ plots
def _colors(n: int) -> list[str]:
    """The reference in dark grey, the others from matplotlib's tab10 cycle."""
    tab = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22"]
    return ["#333333"] + [tab[i % len(tab)] for i in range(n - 1)]


def plot_paths(comp: Comparison, indicator: str, lang: Lang) -> Any:
    """Figure: mean path and 90 % band of every scenario (labels in ``lang``)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = comp.paths[indicator]
    scale = display_scale(indicator)
    fig, ax = plt.subplots(figsize=(7.0, 4.0), dpi=100)
    for name, color in zip(comp.names, _colors(len(comp.names))):
        sub = data[data["scenario"] == name]
        ax.fill_between(sub["year"], sub["p05"] * scale, sub["p95"] * scale, color=color,
                        alpha=0.18, linewidth=0)
        ax.plot(sub["year"], sub["mean"] * scale, color=color, linewidth=1.8, label=name)
    ax.set_title(f"{label(indicator, lang)}\n{_t('band_note', lang, n=len(comp.seeds))}",
                 fontsize=10)
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(axis_label(indicator, lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_differences(comp: Comparison, indicator: str, lang: Lang) -> Any:
    """Figure: mean paired difference against the reference per year, with its 95 % CI."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = comp.differences[indicator]
    scale = display_scale(indicator)
    fig, ax = plt.subplots(figsize=(7.0, 4.0), dpi=100)
    ax.axvspan(max(comp.window[0] - 0.5, comp.years[0]), min(comp.window[1] + 0.5, comp.years[-1]),
               color="#dddddd", alpha=0.5, linewidth=0)
    ax.axhline(0.0, color="#333333", linewidth=1.0)
    for name, color in zip(comp.names[1:], _colors(len(comp.names))[1:]):
        sub = data[data["scenario"] == name]
        ax.fill_between(sub["year"], sub["ci_low"] * scale, sub["ci_high"] * scale, color=color,
                        alpha=0.22, linewidth=0)
        ax.plot(sub["year"], sub["mean_diff"] * scale, color=color, linewidth=1.8,
                label=f"{name} − {comp.reference}")
    title = _t("diff_title", lang, label=label(indicator, lang), ref=comp.reference)
    ax.set_title(f"{title}\n{_t('diff_note', lang, n=len(comp.seeds))}", fontsize=10)
    ax.set_xlabel(_t("year", lang))
    unit = difference_unit(indicator, lang)
    ax.set_ylabel(_t("diff_axis", lang, unit=unit) if unit else _t("difference", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _save(fig: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)


# ------------------------------------------------------------------------------ data
def _write_frame(df: pd.DataFrame, stem: Path) -> list[Path]:
    """Write a frame as CSV and Parquet; floats in CSV with full precision (repr)."""
    csv, pq = stem.with_suffix(".csv"), stem.with_suffix(".parquet")
    df.to_csv(csv, index=False, float_format="%.17g")
    df.to_parquet(pq, index=False)
    return [csv, pq]


def write_data(comp: Comparison, data_dir: Path) -> list[Path]:
    """The numbers behind every plot and table (units of sim.outputs, shares not x 100)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    written = _write_frame(comp.runs, data_dir / "runs_national")
    written += _write_frame(comp.summary.assign(
        unit=[unit_of("national", c) for c in comp.summary.get("indicator", [])]),
        data_dir / "summary")
    for ind in comp.indicators:
        unit = unit_of("national", ind)
        written += _write_frame(comp.paths[ind].assign(indicator=ind, unit=unit),
                                data_dir / f"{ind}_paths")
        written += _write_frame(comp.differences[ind].assign(indicator=ind, unit=unit),
                                data_dir / f"{ind}_diff")
    return written


# ------------------------------------------------------------------------------ documents
def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return str(s).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;
max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.3em 0.6em;text-align:right}
th:first-child,td:first-child{text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:1em}.plots img{max-width:560px;width:100%}
.reading{background:#f6f6f0;padding:0.8em 1em;border-left:4px solid #888}
dl{display:grid;grid-template-columns:max-content auto;gap:0.2em 1em}dt{font-weight:bold}
"""


def write_report(
    comp: Comparison,
    out_dir: Path,
    lang: Lang = "en",
    *,
    command: str = "",
    version: str = "",
    scenarios: list[dict[str, Any]] | None = None,
) -> ReportFiles:
    """Write plots, data, report.html, report.md and manifest.json to ``out_dir``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(out_dir)
    plot_dir = out_dir / "plots"
    plot_dir.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(html=out_dir / "report.html", markdown=out_dir / "report.md")
    files.data = write_data(comp, out_dir / "data")

    plot_lang: Lang = lang
    rc: dict[str, Any] = {}
    if lang == "zh":
        font = find_cjk_font()
        if font is None:
            plot_lang = "en"
            files.warnings.append(_t("font_fallback", "en"))
        else:
            rc = {"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"],
                  "axes.unicode_minus": False}
    sections: list[tuple[str, list[tuple[Path, str]]]] = []
    with plt.rc_context(rc):
        for ind in comp.indicators:
            pair = []
            for kind, make in (("paths", plot_paths), ("diff", plot_differences)):
                path = plot_dir / f"{ind}_{kind}.png"
                _save(make(comp, ind, plot_lang), path)
                files.plots.append(path)
                pair.append((path, label(ind, lang)))
            sections.append((ind, pair))

    paragraphs = reading(comp, lang)
    setup = _setup_rows(comp, lang)
    facts = _facts(comp, lang, command, version)
    tables = [(f"{name} {_t('vs', lang)} {comp.reference}", summary_table(comp, name, lang))
              for name in comp.names[1:]]
    title = _t("title", lang) + ("：" if lang == "zh" else ": ") + ", ".join(comp.names)
    notes = [_t("font_fallback", lang)] if plot_lang != lang else []
    how = HOW_TO_READ[0 if lang == "en" else 1]

    # Markdown
    md = [f"# {title}", "", f"## {_t('reading', lang)}", ""]
    md += [p + "\n" for p in paragraphs]
    md += [f"## {_t('setup', lang)}", "", _md_table(*setup), ""]
    md += [f"- **{k}**: {v}" for k, v in facts] + [""]
    md += [f"## {_t('summary', lang)}", ""]
    for caption, (header, rows) in tables:
        md += [f"### {caption}", "", _md_table(header, rows), ""]
    md += [f"## {_t('plots', lang)}", ""] + [f"> {n}\n" for n in notes]
    for ind, pair in sections:
        md += [f"### {axis_label(ind, lang)}", ""]
        md += [f"![{alt}](plots/{path.name})" for path, alt in pair] + [""]
    md += [f"## {_t('how', lang)}", "", how, ""]
    files.markdown.write_text("\n".join(md), encoding="utf-8")

    # HTML: the same content, plots embedded
    esc = html.escape
    h = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
         f'<meta charset="utf-8"><title>{esc(title)}</title><style>{_CSS}</style></head><body>',
         f"<h1>{esc(title)}</h1>", f"<h2>{esc(_t('reading', lang))}</h2>"]
    h += [f'<p class="reading">{esc(p)}</p>' for p in paragraphs]
    h += [f"<h2>{esc(_t('setup', lang))}</h2>", _html_table(*setup), "<dl>"]
    h += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts] + ["</dl>"]
    h += [f"<h2>{esc(_t('summary', lang))}</h2>"]
    for caption, (header, rows) in tables:
        h += [f"<h3>{esc(caption)}</h3>", _html_table(header, rows)]
    h += [f"<h2>{esc(_t('plots', lang))}</h2>"] + [f"<p><em>{esc(n)}</em></p>" for n in notes]
    for ind, pair in sections:
        h += [f"<h3>{esc(axis_label(ind, lang))}</h3>", '<div class="plots">']
        for path, alt in pair:
            b64 = base64.b64encode(path.read_bytes()).decode("ascii")
            h.append(f'<img alt="{esc(alt)}" src="data:image/png;base64,{b64}">')
        h.append("</div>")
    h += [f"<h2>{esc(_t('how', lang))}</h2>", f"<p>{esc(how)}</p>", "</body></html>"]
    files.html.write_text("\n".join(h), encoding="utf-8")

    files.manifest = write_manifest(comp, out_dir, command=command, version=version,
                                    scenarios=scenarios, lang=lang)
    return files


def write_manifest(comp: Comparison, out_dir: Path, *, command: str, version: str,
                   scenarios: list[dict[str, Any]] | None, lang: Lang) -> Path:
    """``manifest.json``: how the report was made (seeds, resolved scenarios, window, version)."""
    manifest = {
        "package": "nqpf", "version": version, "command": command, "lang": lang,
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "reference": comp.reference, "scenarios": comp.names, "files": comp.files,
        "seed_base": comp.seed_base, "seeds": comp.seeds, "years": [comp.years[0], comp.years[-1]],
        "window": list(comp.window), "band_percentiles": list(BAND), "ci_level": LEVEL,
        "indicators": comp.indicators, "missing_indicators": comp.missing,
        "resolved_scenarios": scenarios or [],
    }
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default),
                    encoding="utf-8")
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")

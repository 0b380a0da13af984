"""The comparison report: plots, tables, a reading generated from the numbers, HTML and Markdown.

:func:`write_report` turns a :class:`~nqpf.sim.experiments.compare.Comparison` into a
folder::

    DIR/report.html      self-contained (plots embedded as base64 PNG, no external resources)
    DIR/report.md        the same tables and plots (files in DIR/plots/)
    DIR/plots/*.png      one mean-path plot and one paired-difference plot per indicator
    DIR/data/*.csv|.parquet  the numbers behind every plot and table, in the units of sim.outputs
    DIR/manifest.json    seeds, scenarios as resolved, window, version

The report opens with how to read it, the headline finding and the mechanism
(:mod:`~nqpf.sim.experiments.report_lesson`), then the table, the detailed reading, the
definitions of the indicators, the set-up and the plots. The words (phrases, numbers, the
generated reading, the tables) come from :mod:`~nqpf.sim.experiments.report_text`, the plots from
:mod:`~nqpf.sim.experiments.report_figures`; this module writes the data files and assembles the
Markdown and HTML documents and the manifest. Labels are English or Chinese (``lang``).
"""

from __future__ import annotations

import base64
import html
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.experiments.compare_stats import BAND, LEVEL, Comparison
from nqpf.sim.experiments.outdir import atomic_folder, seal
from nqpf.sim.experiments.report_figures import (
    find_cjk_font,
    plot_differences,
    plot_paths,
    save_figure,
)
from nqpf.sim.experiments.report_lesson import definitions, headline, mechanism
from nqpf.sim.experiments.report_text import (
    HOW_TO_READ,
    phrase,
    reading,
    run_facts,
    setup_rows,
    summary_table,
)
from nqpf.sim.outputs import Lang, axis_label, label, unit_of

KIND = "nqpf-compare"
"""The ``kind`` field of a comparison report's ``manifest.json``."""

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Chinese, Japanese and Korean characters (and full-width forms): text that needs a CJK font."""


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and warnings to show the user."""

    html: Path
    markdown: Path
    plots: list[Path] = field(default_factory=list)
    data: list[Path] = field(default_factory=list)
    manifest: Path | None = None
    warnings: list[str] = field(default_factory=list)


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
    written += _write_frame(
        comp.summary.assign(
            unit=[unit_of("national", c) for c in comp.summary.get("indicator", [])]
        ),
        data_dir / "summary",
    )
    for ind in comp.indicators:
        unit = unit_of("national", ind)
        written += _write_frame(
            comp.paths[ind].assign(indicator=ind, unit=unit), data_dir / f"{ind}_paths"
        )
        written += _write_frame(
            comp.differences[ind].assign(indicator=ind, unit=unit), data_dir / f"{ind}_diff"
        )
    return written


# ------------------------------------------------------------------------------ documents
def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub Markdown table of text cells ('|' escaped, line breaks flattened)."""

    def cell(s: str) -> str:
        return str(s).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table of text cells (escaped)."""
    esc = html.escape
    head = "".join(f"<th>{esc(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;
max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.3em 0.6em;text-align:right}
th:first-child,td:first-child{text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:1em}.plots img{max-width:900px;width:100%}
.headline{font-size:1.1em}.mechanism{background:#f0f4fa;padding:0.8em 1em;border-left:4px solid #1f77b4}
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
    """Write plots, data, report.html, report.md and manifest.json to ``out_dir``.

    The folder is written whole or not at all (:func:`nqpf.sim.experiments.outdir.atomic_folder`):
    everything goes to a temporary sibling, the manifest with each file's SHA-256 last, then the
    folder is renamed into place. The returned paths are those in ``out_dir``."""
    out_dir = Path(out_dir)
    with atomic_folder(out_dir, KIND) as tmp:
        files = _write_report_into(
            comp, tmp, lang, command=command, version=version, scenarios=scenarios
        )

    def moved(path: Path) -> Path:
        return out_dir / path.relative_to(tmp)

    files.html, files.markdown = moved(files.html), moved(files.markdown)
    files.plots = [moved(p) for p in files.plots]
    files.data = [moved(p) for p in files.data]
    files.manifest = moved(files.manifest) if files.manifest else None
    return files


def _write_report_into(
    comp: Comparison,
    out_dir: Path,
    lang: Lang,
    *,
    command: str,
    version: str,
    scenarios: list[dict[str, Any]] | None,
) -> ReportFiles:
    """:func:`write_report`'s content, written into ``out_dir`` (the temporary folder)."""
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
    chinese_names = any(CJK.search(name) for name in comp.names)  # legends show the names
    font = find_cjk_font() if lang == "zh" or chinese_names else None
    if lang == "zh" and font is None:
        plot_lang = "en"
        files.warnings.append(phrase("font_fallback", "en"))
    elif chinese_names and font is None:
        files.warnings.append(phrase("font_missing_names", "en"))
    elif font is not None:  # matplotlib falls back glyph by glyph along font.family's list
        first = [font, "DejaVu Sans"] if lang == "zh" else ["DejaVu Sans", font]
        rc = {"font.family": first, "axes.unicode_minus": False}
    sections: list[tuple[str, list[tuple[Path, str]]]] = []
    with plt.rc_context(rc), warnings.catch_warnings():
        if font is None and chinese_names:  # said once above, not once per glyph and plot
            warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        for ind in comp.indicators:
            pair = []
            for kind, make in (("paths", plot_paths), ("diff", plot_differences)):
                path = plot_dir / f"{ind}_{kind}.png"
                save_figure(make(comp, ind, plot_lang), path)
                files.plots.append(path)
                pair.append((path, label(ind, lang)))
            sections.append((ind, pair))

    paragraphs = reading(comp, lang)
    setup = setup_rows(comp, lang)
    facts = run_facts(comp, lang, command, version)
    tables = [
        (f"{name} {phrase('vs', lang)} {comp.reference}", summary_table(comp, name, lang))
        for name in comp.names[1:]
    ]
    title = phrase("title", lang) + ("：" if lang == "zh" else ": ") + ", ".join(comp.names)
    notes = [phrase("font_fallback", lang)] if plot_lang != lang else []
    how = HOW_TO_READ[0 if lang == "en" else 1]

    heads, chain, defs = headline(comp, lang), mechanism(comp, lang), definitions(comp, lang)

    # Markdown: how to read, the finding, its mechanism, the numbers, then the details
    md = [f"# {title}", "", f"## {phrase('how', lang)}", "", how, ""]
    md += [f"## {phrase('headline', lang)}", ""] + [f"**{p}**\n" for p in heads]
    md += [f"## {phrase('mechanism', lang)}", ""] + [p + "\n" for p in chain]
    md += [f"## {phrase('summary', lang)}", ""]
    for caption, (header, rows) in tables:
        md += [f"### {caption}", "", markdown_table(header, rows), ""]
    md += [f"## {phrase('reading', lang)}", ""]
    md += [p + "\n" for p in paragraphs]
    md += [f"## {phrase('definitions', lang)}", ""] + [f"- **{k}**: {v}" for k, v in defs] + [""]
    md += [f"## {phrase('setup', lang)}", "", markdown_table(*setup), ""]
    md += [f"- **{k}**: {v}" for k, v in facts] + [""]
    md += [f"## {phrase('plots', lang)}", ""] + [f"> {n}\n" for n in notes]
    for ind, pair in sections:
        md += [f"### {axis_label(ind, lang)}", ""]
        md += [f"![{alt}](plots/{path.name})" for path, alt in pair] + [""]
    files.markdown.write_text("\n".join(md), encoding="utf-8")

    # HTML: the same content, plots embedded
    esc = html.escape
    h = [
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><title>{esc(title)}</title><style>{_CSS}</style></head><body>',
        f"<h1>{esc(title)}</h1>",
        f"<h2>{esc(phrase('how', lang))}</h2>",
        f"<p>{esc(how)}</p>",
        f"<h2>{esc(phrase('headline', lang))}</h2>",
    ]
    h += [f'<p class="headline"><strong>{esc(p)}</strong></p>' for p in heads]
    h += [f"<h2>{esc(phrase('mechanism', lang))}</h2>"]
    h += [f'<p class="mechanism">{esc(p)}</p>' for p in chain]
    h += [f"<h2>{esc(phrase('summary', lang))}</h2>"]
    for caption, (header, rows) in tables:
        h += [f"<h3>{esc(caption)}</h3>", html_table(header, rows)]
    h += [f"<h2>{esc(phrase('reading', lang))}</h2>"]
    h += [f'<p class="reading">{esc(p)}</p>' for p in paragraphs]
    h += [f"<h2>{esc(phrase('definitions', lang))}</h2>", "<dl>"]
    h += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in defs] + ["</dl>"]
    h += [f"<h2>{esc(phrase('setup', lang))}</h2>", html_table(*setup), "<dl>"]
    h += [f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts] + ["</dl>"]
    h += [f"<h2>{esc(phrase('plots', lang))}</h2>"] + [f"<p><em>{esc(n)}</em></p>" for n in notes]
    for ind, pair in sections:
        h += [f"<h3>{esc(axis_label(ind, lang))}</h3>", '<div class="plots">']
        for path, alt in pair:
            b64 = base64.b64encode(path.read_bytes()).decode("ascii")
            h.append(f'<img alt="{esc(alt)}" src="data:image/png;base64,{b64}">')
        h.append("</div>")
    h += ["</body></html>"]
    files.html.write_text("\n".join(h), encoding="utf-8")

    files.manifest = write_manifest(
        comp, out_dir, command=command, version=version, scenarios=scenarios, lang=lang
    )
    return files


def write_manifest(
    comp: Comparison,
    out_dir: Path,
    *,
    command: str,
    version: str,
    scenarios: list[dict[str, Any]] | None,
    lang: Lang,
) -> Path:
    """``manifest.json``: how the report was made (seeds, resolved scenarios, window, version),
    written last with the SHA-256 of every other file of the folder."""
    manifest = {
        "package": "nqpf",
        "kind": KIND,
        "version": version,
        "command": command,
        "lang": lang,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "reference": comp.reference,
        "scenarios": comp.names,
        "files": comp.files,
        "seed_base": comp.seed_base,
        "seeds": comp.seeds,
        "years": [comp.years[0], comp.years[-1]],
        "window": list(comp.window),
        "band_percentiles": list(BAND),
        "ci_level": LEVEL,
        "indicators": comp.indicators,
        "missing_indicators": comp.missing,
        "resolved_scenarios": scenarios or [],
    }
    return seal(out_dir, manifest, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")

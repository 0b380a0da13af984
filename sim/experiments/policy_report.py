"""The policy-search report: ``report.md`` and ``report.html`` in the search folder.

Written at the end of every ``nqpf optimise`` (after the discovery), from the folder's files
alone (:func:`~nqpf.sim.experiments.policy_folder.load_policy_folder`), in the style of
``nqpf compare``'s report (:mod:`nqpf.sim.experiments.report`, whose table helpers it uses): how
to read it, a reading generated from the numbers, the front plot, the front and robustness
tables and the discovery boxes. The HTML is self-contained (the plot embedded as base64 PNG).

The reading states, from the tables: whether one policy is best on every objective or which
objectives trade against each other along the front (rank correlations, see
:mod:`~nqpf.sim.experiments.policy_folder`), whether the base policy is on the front and which
front points beat it on every objective (in the optimised score and in the other of expected
value and worst decile), and where each analysed policy fails (PRIM's box, coverage, density).
Numbers are shown with four significant digits, as in the CSV files.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from nqpf.sim.experiments.atomic import replace_text
from nqpf.sim.experiments.policy_folder import (
    STATS,
    PolicyFolder,
    beating_base,
    best_points,
    discovery_boxes,
    load_policy_folder,
    trade_offs,
)
from nqpf.sim.experiments.report import _CSS, html_table, markdown_table

WEAK = 0.3
"""Rank correlations along the front closer to zero than this are called barely related."""
MAX_ROWS = 25
"""Fronts up to this size are listed whole; larger ones by their notable points."""
STAT_NAMES = {
    "expected": "expected value",
    "worst_decile": "worst decile",
    "max_regret": "max regret",
    "mean_regret": "mean regret",
}
HOW_TO_READ = (
    "Every candidate policy (a set of lever values) ran in the same states of the world (draws "
    "of the uncertain parameters) with the same seeds. For each objective a candidate has an "
    "expected value (mean over the states), a worst decile (mean of its worst tenth of states) "
    "and a regret (in each state, the distance to the best candidate there; its maximum and "
    "mean). The Pareto front holds the candidates that no other candidate beats on every "
    "objective at once, on the score the search optimised. The base policy is the base "
    "scenario's own lever values, evaluated on the same ensemble as the reference. Scenario "
    "discovery (PRIM) finds the box of uncertain parameters in which a policy fails: coverage is "
    "the share of all failures inside the box, density the share of the box's states that fail, "
    "mass the share of all states in the box. Rank correlations along the front describe the "
    "candidates the search found, not a sensitivity analysis."
)


def num(value: object) -> str:
    """A number as in the tables: four significant digits."""
    if isinstance(value, bool) or str(value) in ("True", "False"):
        return str(value).lower()
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return "–" if number != number else f"{number:.4g}"


def _points(points: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, points[:limit]))
    return shown + (f" and {len(points) - limit} more" if len(points) > limit else "")


def reading(folder: PolicyFolder) -> list[str]:
    """The generated paragraphs (English)."""
    stat = folder.score
    front, names = folder.front, list(folder.objectives)
    out = [
        f"{len(folder.candidates)} distinct candidates were evaluated; {len(front)} are on the "
        f"Pareto front of the {STAT_NAMES[stat]} over the ensemble."
    ]
    best = best_points(folder)
    if len(front) == 1:
        out.append(
            "One front point: no other candidate is better on any objective without being worse "
            "on another, so the search found one policy that is best here on every objective."
        )
    elif len(set(best.values())) == 1:
        out.append(
            f"Point {next(iter(best.values()))} is best on every objective; the other front "
            "points tie with it on some objective."
        )
    elif len(names) > 1:
        bests = "; ".join(f"{n} at point {p}" for n, p in best.items())
        moves = trade_offs(folder)
        trades = [m for m in moves if m.rho <= -WEAK]
        weak = [m for m in moves if -WEAK < m.rho < WEAK]
        together = [m for m in moves if m.rho >= WEAK]
        text = f"No policy dominates: the best front point differs by objective ({bests})."
        if trades:
            text += " Along the front, " + "; ".join(
                f"{m.a} and {m.b} trade against each other (rank correlation {m.rho:+.2f})"
                for m in trades
            )
            text += "."
        if weak:
            text += " " + "; ".join(
                f"{m.a} and {m.b} are barely related (rank correlation {m.rho:+.2f})" for m in weak
            )
            text += "."
        if together:
            text += " " + "; ".join(
                f"{m.a} and {m.b} improve together (rank correlation {m.rho:+.2f})"
                for m in together
            )
            text += "."
        out.append(text)
    out.append(_base_sentence(folder))
    out += discovery_sentences(folder)
    return out


def _count(n: int) -> str:
    return f"{n} front point" + ("" if n == 1 else "s")


def _base_sentence(folder: PolicyFolder) -> str:
    base = folder.base
    if base is None:
        return "The search has no base policy to compare with (no base_policy row)."
    stat = folder.score
    other = "worst_decile" if stat == "expected" else "expected"
    on = bool(base.get("on_front", False))
    text = f"The base policy is {'on' if on else 'not on'} the front. "
    better = beating_base(folder, stat)
    if better:
        text += (
            f"{_count(len(better))} beat{'s' if len(better) == 1 else ''} it on every objective in {STAT_NAMES[stat]} "
            f"(point{'s' if len(better) > 1 else ''} {_points(better)})"
        )
    else:
        text += (
            f"No front point beats it on every objective in {STAT_NAMES[stat]}: each one that "
            "improves on the base in one objective is worse in another"
        )
    also = beating_base(folder, other)
    return text + f"; in {STAT_NAMES[other]}: {_count(len(also))}."


def discovery_sentences(folder: PolicyFolder) -> list[str]:
    """Where each analysed policy fails, from ``discovery.csv``."""
    boxes = discovery_boxes(folder)
    if boxes.empty:
        return []
    failure = (folder.manifest.get("config") or {}).get("discovery") or {}
    rule = failure.get("failure") or {}
    out = []
    if rule:
        out.append(
            f"Scenario discovery: a state is a failure when {rule.get('objective')} is worse "
            f"than {num(rule.get('worse_than'))}."
        )
    for policy, rows in boxes.groupby("policy", sort=False):
        r = rows.iloc[0]
        states, fails = int(r["states"]), int(r["failures"])
        text = f"{policy} fails in {fails} of {states} states ({100.0 * fails / states:.0f} %)"
        cuts = [c for c in rows["restriction"] if c and not c.endswith("(whole range)")]
        if fails == 0 or fails == states or not cuts:
            out.append(text + ".")
            continue
        note = r.get("note")
        weak = f" ({note}: the densest box is shown)" if isinstance(note, str) and note else ""
        out.append(
            text + f"; PRIM's box: {' and '.join(cuts)}, coverage {num(r['coverage'])}, "
            f"density {num(r['density'])}, mass {num(r['mass'])}{weak}."
        )
    return out


def shown_points(folder: PolicyFolder) -> list[int]:
    """Every front point of a small front; else the best on each objective and those that beat
    the base policy (in front order)."""
    points = [int(p) for p in folder.front["point"]]
    if len(points) <= MAX_ROWS:
        return points
    keep = set(best_points(folder).values()) | set(beating_base(folder)[:MAX_ROWS])
    return [p for p in points if p in keep]


def front_rows(folder: PolicyFolder, points: list[int]) -> tuple[list[str], list[list[str]]]:
    """Front points (and the base policy): levers and each objective's score."""
    stat, names = folder.score, list(folder.objectives)
    header = ["point"] + folder.levers + [f"{n} ({folder.direction(n)[:3]})" for n in names]
    rows = []
    table = folder.front.set_index("point")
    for p in points:
        r = table.loc[p]
        rows.append([str(p)] + [num(r.get(v)) for v in folder.levers])
        rows[-1] += [num(r[f"{n}_{stat}"]) for n in names]
    base = folder.base
    if base is not None:
        rows.append(["base"] + [num(base.get(v)) for v in folder.levers])
        rows[-1] += [num(base[f"{n}_{stat}"]) for n in names]
    return header, rows


def robustness_rows(folder: PolicyFolder, points: list[int]) -> tuple[list[str], list[list[str]]]:
    """``robustness.csv`` for the shown points (and the base policy from candidates.csv)."""
    header = ["point", "objective"] + [STAT_NAMES[s] for s in STATS]
    rob = folder.robustness
    rows = [
        [str(int(r["point"])), str(r["objective"])] + [num(r[s]) for s in STATS]
        for _, r in rob[rob["point"].isin(points)].iterrows()
    ]
    base = folder.base
    if base is not None:
        rows += [["base", n] + [num(base[f"{n}_{s}"]) for s in STATS] for n in folder.objectives]
    return header, rows


def discovery_rows(folder: PolicyFolder) -> tuple[list[str], list[list[str]]]:
    header = ["policy", "failures", "box", "coverage", "density", "mass", "quasi-p"]
    boxes = discovery_boxes(folder)
    rows = [
        [
            str(r["policy"]),
            f"{int(r['failures'])} / {int(r['states'])}",
            r["restriction"] or str(r.get("note") if pd.notna(r.get("note")) else ""),
            num(r.get("coverage")),
            num(r.get("density")),
            num(r.get("mass")),
            num(r.get("quasi_p")),
        ]
        for _, r in boxes.iterrows()
    ]
    return header, rows


def write_policy_report(folder_path: str | Path) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into the search folder; return their paths."""
    folder = load_policy_folder(folder_path)
    points = shown_points(folder)
    paragraphs = reading(folder)
    objectives = [
        [
            n,
            folder.direction(n),
            str(spec.get("reduce", "")),
            str(spec.get("column", "")),
            str(spec.get("years") or spec.get("year") or ""),
        ]
        for n, spec in folder.objectives.items()
    ]
    sections = [
        ("Objectives", (["objective", "direction", "reduce", "column", "years"], objectives)),
        (f"Front ({STAT_NAMES[folder.score]})", front_rows(folder, points)),
        ("Robustness", robustness_rows(folder, points)),
    ]
    if folder.discovery is not None:
        sections.append(("Where policies fail (PRIM)", discovery_rows(folder)))
    note = (
        ""
        if len(points) == len(folder.front)
        else f"{len(points)} of {len(folder.front)} front points are listed (the best on each "
        "objective and those that beat the base policy); front.csv and robustness.csv hold all."
    )
    title = f"Policy search: {folder.name}"
    plot = folder.path / "front.png"
    md = [f"# {title}", "", "## How to read this report", "", HOW_TO_READ, "", "## Reading", ""]
    md += [p + "\n" for p in paragraphs]
    if plot.exists():
        md += ["## Front", "", "![Pareto front](front.png)", ""]
    for caption, (header, rows) in sections:
        md += [f"## {caption}", "", markdown_table(header, rows), ""]
    md += [note, ""] if note else []
    esc = html.escape
    h = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}'
        f"</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        "<h2>How to read this report</h2>",
        f"<p>{esc(HOW_TO_READ)}</p>",
        "<h2>Reading</h2>",
    ]
    h += [f'<p class="reading">{esc(p)}</p>' for p in paragraphs]
    if plot.exists():
        b64 = base64.b64encode(plot.read_bytes()).decode("ascii")
        h += ["<h2>Front</h2>", f'<img alt="Pareto front" src="data:image/png;base64,{b64}">']
    for caption, (header, rows) in sections:
        h += [f"<h2>{esc(caption)}</h2>", html_table(header, rows)]
    h += [f"<p><em>{esc(note)}</em></p>"] if note else []
    h += ["</body></html>"]
    md_path, html_path = folder.path / "report.md", folder.path / "report.html"
    replace_text(md_path, "\n".join(md))
    replace_text(html_path, "\n".join(h))
    return md_path, html_path

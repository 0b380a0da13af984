"""What a policy search writes: the Pareto front (CSV and Parquet), the robustness table, a plot,
and every front point as a scenario file that ``nqpf run`` opens.

Files in the search folder:

- ``candidates.csv``: every distinct candidate, its lever values and, per objective, expected
  value, worst decile, maximum and mean regret (against all candidates, per state of the world);
  ``on_front`` marks the Pareto-optimal ones (on the scores the sampler optimised);
- ``front.csv`` and ``front.parquet``: the front points, ``point`` numbered from 1;
- ``robustness.csv``: the front points' robustness, one row per point and objective;
- ``states.csv``: the ensemble (one row per state of the world);
- ``front.png``: each pair of objectives, all candidates in grey, the front in colour and the
  base scenario's own policy (``base_policy``, the reference) as a black star;
- ``scenarios/front_NN.toml``: ``extends`` the base scenario, with the config's ``[set]`` and the
  point's lever values (the uncertain parameters keep the base scenario's values).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.experiments.policy_robust import pareto_mask
from nqpf.sim.experiments.policy_search import SearchResult
from nqpf.sim.experiments.policy_spec import PolicySearch


def front_table(search: PolicySearch, result: SearchResult) -> pd.DataFrame:
    """Candidates with ``on_front``; the front sorted by its first objective's score, best first."""
    names = list(search.spec.objectives)
    directions = [search.spec.objectives[n].direction for n in names]
    kind = search.spec.search.score
    table = result.scores.copy()
    scores = table[[f"{n}_{kind}" for n in names]].to_numpy(dtype=float)
    table["on_front"] = pareto_mask(scores, directions)
    return table


def objectives_without_values(search: PolicySearch, result: SearchResult) -> list[str]:
    """A message for each objective that has no value for any candidate, empty when every
    objective has values: the runs that failed (their first error), or else the metric that is
    empty or not a number in every run (a growth column asked for in the start year only, a
    derived objective that divides by zero)."""
    score = search.spec.search.score
    empty = [
        name
        for name in search.spec.objectives
        if result.scores.get(f"{name}_{score}", pd.Series(dtype=float)).isna().all()
    ]
    if not empty:
        return []
    runs = result.runs
    failed = runs[runs["status"] != "ok"]
    if len(failed):
        first = str(failed["error"].iloc[0]).splitlines()[0]
        return [
            f"no candidate has a score for {', '.join(repr(n) for n in empty)}: {len(failed)} "
            f"of {len(runs)} runs failed (a score needs every run of the candidate); the first: "
            f"{first}"
        ]
    return [
        f"objective {name!r} has no value in any run: the "
        f"{search.spec.objectives[name].describe()} is empty or not a number in every run "
        "(growth columns are empty in the start year)"
        for name in empty
    ]


def write_results(
    search: PolicySearch, result: SearchResult, out_dir: str | Path
) -> dict[str, Path]:
    """Write the tables, the plot and the front's scenario files; return their paths."""
    out = Path(out_dir)
    names = list(search.spec.objectives)
    table = front_table(search, result)
    first = f"{names[0]}_{search.spec.search.score}"
    ascending = search.spec.objectives[names[0]].direction == "minimize"
    front = table[table["on_front"]].sort_values([first, "key"], ascending=[ascending, True])
    front = front.drop(columns="on_front").reset_index(drop=True)
    front.insert(0, "point", np.arange(1, len(front) + 1))
    paths = {
        "candidates": out / "candidates.csv",
        "front_csv": out / "front.csv",
        "front_parquet": out / "front.parquet",
        "robustness": out / "robustness.csv",
        "states": out / "states.csv",
        "plot": out / "front.png",
    }
    table.to_csv(paths["candidates"], index=False)
    front.to_csv(paths["front_csv"], index=False)
    front.to_parquet(paths["front_parquet"], index=False)
    robustness_long(front, names).to_csv(paths["robustness"], index=False)
    search.states.to_csv(paths["states"])
    plot_front(search, table, paths["plot"])
    folder = out / "scenarios"
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("front_*.toml"):
        stale.unlink()
    for _, row in front.iterrows():
        values = {p.path: p.cast(row[p.path]) for p in search.levers if pd.notna(row[p.path])}
        number = int(row["point"])
        path = folder / f"front_{number:02d}.toml"
        write_scenario(search, values, path, f"{search.spec.name}_front_{number:02d}")
    paths["scenarios"] = folder
    return paths


def robustness_long(front: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """One row per front point and objective: expected, worst decile, max and mean regret."""
    stats = ("expected", "worst_decile", "max_regret", "mean_regret")
    rows = [
        {"point": int(r["point"]), "key": r["key"], "objective": n}
        | {s: float(r[f"{n}_{s}"]) for s in stats}
        for _, r in front.iterrows()
        for n in names
    ]
    return pd.DataFrame(rows)


def write_scenario(search: PolicySearch, levers: dict[str, Any], path: Path, name: str) -> None:
    """A scenario file that extends the base scenario with ``[set]`` and the lever values."""
    base = (search.path.parent / search.spec.base).resolve()
    settings = {**search.fixed, **{k: v for k, v in levers.items() if v is not None}}
    tables: dict[str, dict[str, Any]] = {}
    for dotted, value in settings.items():
        table, _, key = dotted.rpartition(".")
        tables.setdefault(table, {})[key] = value
    lines = [
        f"# A point of the Pareto front of the policy search {search.spec.name!r}",
        f"# ({search.path}); written by nqpf optimise.",
        f"extends = {_toml(os.path.relpath(base, path.parent))}",
        f"name = {_toml(name)}",
        f"description = {_toml('Front point of policy search ' + search.spec.name)}",
    ]
    for table, entries in tables.items():
        lines += ["", f"[{table}]"] + [f"{k} = {_toml(v)}" for k, v in entries.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml(value: Any) -> str:
    """A scalar as TOML: booleans, integers, floats (repr keeps every digit), strings."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as a TOML scalar")


def plot_front(search: PolicySearch, table: pd.DataFrame, path: Path) -> None:
    """Pairs of objectives' scores: every candidate grey, the front points in colour."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(search.spec.objectives)
    kind = search.spec.search.score
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]] or [(names[0], names[0])]
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.6 * rows), squeeze=False)
    front = table[table["on_front"]]
    base = table[table["base_policy"]]
    for ax, (a, b) in zip(axes.flat, pairs):
        ax.scatter(
            table[f"{a}_{kind}"], table[f"{b}_{kind}"], s=10, color="0.75", label="candidates"
        )
        ax.scatter(front[f"{a}_{kind}"], front[f"{b}_{kind}"], s=22, color="C3", label="front")
        ax.scatter(
            base[f"{a}_{kind}"], base[f"{b}_{kind}"], s=90, marker="*", color="k", label="base"
        )
        ax.set_xlabel(f"{a} ({search.spec.objectives[a].direction[:3]})")
        ax.set_ylabel(f"{b} ({search.spec.objectives[b].direction[:3]})")
    for ax in list(axes.flat)[len(pairs) :]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"{search.spec.name}: {kind.replace('_', ' ')} over the ensemble")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

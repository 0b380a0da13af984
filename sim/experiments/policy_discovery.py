"""Scenario discovery: in which region of the uncertain parameters does a policy fail? (PRIM)

For each analysed policy — the scenario files named in ``[discovery] scenarios`` (run as they are,
with the config's ``[set]``), the ``front_points`` front points best on the failure objective and
up to ``beating_base`` front points that beat the base policy on every objective (strictly, in
expected value or in the worst decile; in the front's order) —
every state of a separate discovery ensemble (``[discovery] states``, drawn with the config's
sampler from its own seed) is run with the search's run seeds, through the same worker and store
as the search (so a rerun reads them back). A state is a **failure** when the policy's objective,
averaged over the seeds, is worse than the stated threshold (below it when maximising, above it
when minimising).

PRIM (Friedman and Fisher 1999) peels the parameter box towards the failures. The library is
``PRIM`` (Project Platypus, the scenario-discovery PRIM of the EMA Workbench as a small package:
it adds only ``mplcursors``; ``ema_workbench`` itself would add scikit-learn, statsmodels,
seaborn, platypus-opt and formulaic). On the peeling trajectory the box reported is the one with
the largest coverage (share of all failures inside the box) among those with density (share of
the box's states that fail) at least ``min_density`` (the densest of equally wide ones); when
none reaches it, the densest box.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import map_runs, plural
from nqpf.sim.experiments.policy_output import front_table
from nqpf.sim.experiments.policy_robust import state_values
from nqpf.sim.experiments.policy_search import SearchResult, run_id_of
from nqpf.sim.experiments.policy_spec import PolicySearch, draw_states
from nqpf.sim.experiments.policy_worker import PolicyTask, run_policy_task
from nqpf.sim.experiments.sweep_store import read_runs
from nqpf.sim.experiments.sweep_worker import write_part


def discovery_states(search: PolicySearch, n: int | None = None) -> pd.DataFrame:
    """The discovery ensemble: its own seed stream, the config's sampler and ranges."""
    d = search.spec.discovery
    q = search.spec.quick.discovery_states if search.quick else None
    seed = int(np.random.SeedSequence([search.spec.master_seed, 3]).generate_state(1)[0])
    count = n or q or d.states
    return draw_states(search.uncertain, count, search.spec.uncertainty.method, seed)


def policies(search: PolicySearch, result: SearchResult) -> list[dict[str, Any]]:
    """The analysed policies: scenario files, then the front points best on the failure
    objective, then those that beat the base policy (each front point once)."""
    d = search.spec.discovery
    out = []
    for file in d.scenarios:
        path = (search.path.parent / file).resolve()
        scenario = Scenario.load(path).with_overrides(search.fixed)
        out.append({"policy": path.stem, "scenario": scenario.to_dict(), "levers": {}})
    table = front_table(search, result)
    front = table[table["on_front"]]
    chosen: list[str] = []
    if d.front_points:
        name = d.failure.objective
        objective = search.spec.objectives[name]
        best = front.sort_values(
            [f"{name}_{search.spec.search.score}", "key"],
            ascending=[objective.direction == "minimize", True],
        )
        chosen += list(best["key"].head(d.front_points))
    if d.beating_base:
        beating = [k for k in beating_base_keys(search, table) if k not in chosen]
        chosen += beating[: d.beating_base]
    rows = front.set_index("key").astype(object)  # Python scalars in the key's JSON, not NumPy's
    for key in chosen:
        levers = {p.path: p.cast(rows.loc[key, p.path]) for p in search.levers}
        out.append(
            {"policy": f"front:{key}", "scenario": search.scenario.to_dict(), "levers": levers}
        )
    return out


def beating_base_keys(search: PolicySearch, table: pd.DataFrame) -> list[str]:
    """Keys of the front points strictly better than the base policy on every objective, in
    expected value or in the worst decile, in the front's order (by the first objective's
    score, best first); none without a base policy."""
    base = table[table["base_policy"]]
    if base.empty:
        return []
    names = list(search.spec.objectives)
    front = table[table["on_front"] & ~table["base_policy"]]
    better = np.zeros(len(front), dtype=bool)
    for stat in ("expected", "worst_decile"):
        every = np.ones(len(front), dtype=bool)
        for name in names:
            sign = 1.0 if search.spec.objectives[name].direction == "maximize" else -1.0
            column = f"{name}_{stat}"
            every &= sign * front[column].to_numpy(float) > sign * float(base[column].iloc[0])
        better |= every
    first = f"{names[0]}_{search.spec.search.score}"
    ascending = search.spec.objectives[names[0]].direction == "minimize"
    ordered = front[better].sort_values([first, "key"], ascending=[ascending, True])
    return list(ordered["key"])


def run_discovery(
    search: PolicySearch,
    result: SearchResult,
    out_dir: str | Path,
    executor: cf.Executor,
    *,
    progress: bool = True,
    announce: Callable[[str], None] | None = None,
) -> Path:
    """Run every analysed policy on the discovery ensemble, find its failure box, write
    ``discovery.csv`` (one row per policy and restricted parameter: its bounds in the box and PRIM's
    quasi-p value: a one-sided binomial test of the box's density against the box without that
    restriction; small values mean the restriction matters) and
    return its path."""
    out = Path(out_dir)
    d = search.spec.discovery
    states = discovery_states(search)
    stored = {r["run_id"]: r for r in read_runs(out).to_dict(orient="records")}
    analysed = policies(search, result)
    common = {
        "objectives": {k: v.model_dump(mode="json") for k, v in search.spec.objectives.items()},
        "derived": dict(search.spec.derived),
        "out_dir": str(out.resolve()),
    }
    tasks, ids = [], {}
    for pol in analysed:
        key = (
            "disc"
            + hashlib.sha256(
                json.dumps(
                    [pol["scenario"], pol["levers"], len(states)], sort_keys=True, default=str
                ).encode()
            ).hexdigest()[:10]
        )
        ids[pol["policy"]] = key
        for state, uncertain in enumerate(states.to_dict(orient="records")):
            for rep, seed in enumerate(search.run_seeds):
                run_id = run_id_of(key, state, rep)
                if run_id not in stored:
                    overrides = {**pol["levers"], **uncertain}
                    tasks.append(
                        PolicyTask(
                            run_id, key, state, rep, seed, overrides, pol["scenario"], **common
                        )
                    )
    if announce is not None:
        announce(
            f"scenario discovery: {len(analysed)} {'policy' if len(analysed) == 1 else 'policies'}"
            f" x {plural(len(states), 'state')} x {plural(len(search.run_seeds), 'seed')}; "
            f"{plural(len(tasks), 'run')} to compute"
        )
    for row in map_runs(
        tasks, executor, fn=run_policy_task, progress="discovery" if progress and tasks else None
    ):
        stored[row["run_id"]] = row
        if not (out / "runs" / f"part-{row['run_id']}.parquet").exists():
            write_part(row, out)
    rows = []
    for pol in analysed:
        key = ids[pol["policy"]]
        runs = pd.DataFrame([r for r in stored.values() if r["key"] == key])
        values = state_values(runs, [d.failure.objective])[d.failure.objective].droplevel("key")
        fails = failures(values.sort_index().to_numpy(dtype=float), search)
        rows += [
            {"policy": pol["policy"], "key": key, **r}
            for r in find_box(states, fails, d.min_density)
        ]
    table = pd.DataFrame(rows)
    path = out / "discovery.csv"
    table.to_csv(path, index=False)
    return path


def failures(values: np.ndarray, search: PolicySearch) -> np.ndarray:
    """Whether each state fails: the objective worse than the threshold (a failed run fails)."""
    rule = search.spec.discovery.failure
    direction = search.spec.objectives[rule.objective].direction
    worse = values < rule.worse_than if direction == "maximize" else values > rule.worse_than
    return worse | ~np.isfinite(values)


def find_box(states: pd.DataFrame, fails: np.ndarray, min_density: float) -> list[dict[str, Any]]:
    """PRIM's failure box: one row per restricted parameter (or one row when none is)."""
    n, k = len(fails), int(fails.sum())
    head = {"states": n, "failures": k, "failure_share": k / n if n else float("nan")}
    if k == 0 or k == n or states.shape[1] == 0:
        note = "never fails" if k == 0 else "fails everywhere" if k == n else "no parameters"
        return [head | {"coverage": float("nan"), "density": float("nan"), "note": note}]
    import matplotlib

    matplotlib.use("Agg")
    import prim

    x = states.reset_index(drop=True).astype(float)
    box = prim.Prim(x, fails.astype(int), threshold=0.5, threshold_type=">").find_box()
    traj = box.peeling_trajectory.reset_index(drop=True)
    dense = traj[traj["density"] >= min_density]
    if len(dense):  # the widest box dense enough; among equally wide, the densest
        pick = int(dense.sort_values(["coverage", "density"], ascending=False).index[0])
    else:
        pick = int(traj["density"].idxmax())
    box.select(pick)
    stats = traj.iloc[pick]
    info = head | {
        "coverage": float(stats["coverage"]),
        "density": float(stats["density"]),
        "mass": float(stats["mass"]),
        "note": "" if len(dense) else f"no box reaches density {min_density}",
    }
    limits = box.limits
    if limits.empty:
        return [info | {"parameter": "", "low": float("nan"), "high": float("nan")}]
    return [
        info
        | {
            "parameter": name,
            "low": float(lim["min"]),
            "high": float(lim["max"]),
            "quasi_p": float(lim["qp values"]),
        }
        for name, lim in limits.iterrows()
    ]

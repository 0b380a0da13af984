"""Many-objective policy search: optuna asks candidates in fixed batches, the sweep executors run
them on the common ensemble, the sweep store keeps every finished run.

The loop (:func:`run_search`): the sampler (optuna NSGA-II, TPE or random, seeded) is asked for
``batch`` candidates at a time; each candidate runs in every state of the world with every run
seed (:mod:`~nqpf.sim.experiments.policy_worker` on any executor of
:func:`~nqpf.sim.experiments.batch.make_executor`, progress as sweeps show it); when the whole
batch has finished, each candidate's score per objective (expected value or worst decile over the
states, :mod:`~nqpf.sim.experiments.policy_robust`) is told to the sampler in trial order. The
sequence of candidates therefore depends on the seed and the results only, not on the executor,
the number of workers or which run finished first.

Resuming: every finished run is a part file ``runs/part-<key>-s<state>-r<replicate>.parquet`` of
the sweep store, named by the candidate's content key. Optuna's samplers do not keep their random
state in a storage, so a resumed search rebuilds the study from the seed and replays the same
ask/tell sequence, reading stored runs instead of running them: the candidates, and the front,
are those of an uninterrupted search, and no finished run is computed twice. The study is also
written to ``study.journal`` (optuna's JournalStorage with a file backend, rewritten by each
session) for optuna's own tools. ``manifest.json`` holds the fingerprint of what runs depend on
(base scenario, levers, ensemble, seeds, objectives): a folder of another search is refused.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.sim.experiments.batch import map_runs, plural
from nqpf.sim.experiments.policy_robust import robustness, state_values, worst_mean
from nqpf.sim.experiments.policy_spec import PolicySearch
from nqpf.sim.experiments.policy_worker import PolicyTask, run_policy_task
from nqpf.sim.experiments.sweep_store import (
    SweepStoreError,
    now_utc,
    read_manifest,
    read_runs,
    write_manifest,
)
from nqpf.sim.experiments.sweep_worker import write_part


@dataclass
class SearchResult:
    """What a search found: every trial, every run, and the scores per candidate."""

    trials: pd.DataFrame
    """One row per trial: number, key, lever values, the scores the sampler was told, state."""
    runs: pd.DataFrame
    """Every run of the search's candidates (one row per key, state, replicate)."""
    scores: pd.DataFrame
    """Per candidate key: ``base_policy`` (the base scenario's own lever values, evaluated as a
    reference after the search), lever values and robustness of each objective."""
    computed: int = 0
    """Runs computed by this session (the rest were read from the store)."""
    reused: int = 0
    wall_time_s: float = 0.0
    lost: list[str] = field(default_factory=list)


def candidate_key(values: dict[str, Any]) -> str:
    """A candidate's content key: 12 hex digits of the SHA-256 of its lever values."""
    text = json.dumps({k: values[k] for k in sorted(values)}, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fingerprint(search: PolicySearch) -> str:
    """What stored runs depend on: base scenario, levers, states, seeds, objectives."""
    fixed = {
        "scenario": search.scenario.to_dict(),
        "levers": sorted(p.path for p in search.levers),
        "states": search.states.to_dict(orient="list"),
        "run_seeds": list(search.run_seeds),
        "objectives": {k: v.model_dump(mode="json") for k, v in search.spec.objectives.items()},
        "derived": search.spec.derived,
    }
    return hashlib.sha256(json.dumps(fixed, sort_keys=True, default=str).encode()).hexdigest()


def make_sampler(search: PolicySearch) -> Any:
    """The optuna sampler of the config, seeded (NSGA-II's population is the batch size)."""
    import optuna

    seed, kind = search.sampler_seed(), search.spec.search.sampler
    if kind == "nsga2":
        return optuna.samplers.NSGAIISampler(population_size=search.batch, seed=seed)
    if kind == "tpe":
        return optuna.samplers.TPESampler(
            seed=seed, multivariate=True, n_startup_trials=search.batch
        )
    return optuna.samplers.RandomSampler(seed=seed)


def distributions(search: PolicySearch) -> dict[str, Any]:
    """Optuna distributions of the levers: float or int ranges, categorical lists."""
    from optuna.distributions import (
        CategoricalDistribution,
        FloatDistribution,
        IntDistribution,
    )

    out: dict[str, Any] = {}
    for p in search.levers:
        if p.values is not None:
            out[p.path] = CategoricalDistribution(list(p.values))
        elif p.kind == "int":
            out[p.path] = IntDistribution(int(p.low), int(p.high))
        else:
            out[p.path] = FloatDistribution(float(p.low), float(p.high))
    return out


def open_store(search: PolicySearch, out: Path, executor_label: str) -> dict[str, Any]:
    """Create or reopen the search folder; refuse a folder of another search."""
    manifest = {
        "kind": "nqpf-policy-search",
        "name": search.spec.name,
        "config_file": str(search.path),
        "config": search.spec.model_dump(mode="json"),
        "quick": search.quick,
        "fingerprint": fingerprint(search),
    }
    if (out / "manifest.json").is_file():
        old = read_manifest(out, kind="nqpf-policy-search")
        if old.get("fingerprint") != manifest["fingerprint"]:
            raise SweepStoreError(
                f"{out} holds runs of a different policy search ({old.get('config_file')}: its "
                "base scenario, levers, ensemble, seeds or objectives differ). Use another "
                "--out, or delete the folder to start again."
            )
        manifest["sessions"] = old.get("sessions", [])
        manifest["created_utc"] = old.get("created_utc", now_utc())
    else:
        manifest["sessions"], manifest["created_utc"] = [], now_utc()
    (out / "runs").mkdir(parents=True, exist_ok=True)
    for stale in (out / "runs").glob(".part-*.tmp"):
        stale.unlink(missing_ok=True)
    manifest["sessions"].append({"started_utc": now_utc(), "executor": executor_label})
    write_manifest(out, manifest)
    return manifest


def run_search(
    search: PolicySearch,
    out_dir: str | Path,
    executor: cf.Executor,
    *,
    executor_label: str = "local",
    progress: bool = True,
    announce: Callable[[str], None] | None = None,
) -> SearchResult:
    """Run (or resume) the search into ``out_dir``; return its trials, runs and scores."""
    import optuna
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend
    from optuna.trial import TrialState

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest = open_store(search, out, executor_label)
    rows = {r["run_id"]: r for r in read_runs(out).to_dict(orient="records")}
    journal = out / "study.journal"
    journal.unlink(missing_ok=True)  # rebuilt by the replay below
    names = list(search.spec.objectives)
    directions = [search.spec.objectives[n].direction for n in names]
    study = optuna.create_study(
        study_name=search.spec.name,
        directions=directions,
        sampler=make_sampler(search),
        storage=JournalStorage(JournalFileBackend(str(journal))),
    )
    dists = distributions(search)
    n_states, n_seeds = len(search.states), len(search.run_seeds)
    if announce is not None:
        announce(
            f"{search.spec.name}: {plural(search.trials, 'candidate')} in batches of "
            f"{search.batch}, each on {plural(n_states, 'state')} x {plural(n_seeds, 'seed')} "
            f"({plural(search.trials * n_states * n_seeds, 'run')} at most); "
            f"{plural(len(rows), 'run')} stored in {out}/"
        )
    common = {
        "scenario": search.scenario.to_dict(),
        "objectives": {k: v.model_dump(mode="json") for k, v in search.spec.objectives.items()},
        "derived": dict(search.spec.derived),
        "out_dir": str(out.resolve()),
    }
    result = SearchResult(pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    t0 = time.perf_counter()
    trial_rows = []
    try:
        for start in range(0, search.trials, search.batch):
            size = min(search.batch, search.trials - start)
            asked = [study.ask(dists) for _ in range(size)]
            candidates = [{p.path: p.cast(t.params[p.path]) for p in search.levers} for t in asked]
            keys = [candidate_key(c) for c in candidates]
            tasks = _tasks(search, dict(zip(keys, candidates)), rows, common)
            result.reused += sum(n_states * n_seeds for _ in set(keys)) - len(tasks)
            batch_no = start // search.batch + 1
            label = f"batch {batch_no}/{-(-search.trials // search.batch)}"
            for row in map_runs(
                tasks,
                executor,
                fn=run_policy_task,
                on_error=lambda task, exc: result.lost.append(f"{task.run_id}: {exc}"),
                progress=label if progress and tasks else None,
            ):
                rows[row["run_id"]] = row
                result.computed += 1
                if not (out / "runs" / f"part-{row['run_id']}.parquet").exists():
                    write_part(row, out)
            if result.lost:
                raise RuntimeError(
                    f"{len(result.lost)} run(s) were lost (first: {result.lost[0]}); run the "
                    "same command again to resume."
                )
            for trial, key, cand in zip(asked, keys, candidates):
                scores = _scores(search, _rows_of(rows, key, search), names)
                if any(v != v for v in scores):  # NaN: a failed run
                    study.tell(trial, state=TrialState.FAIL)
                else:
                    study.tell(trial, scores)
                trial_rows.append(
                    {"trial": trial.number, "key": key, **cand, **dict(zip(names, scores))}
                )
        base = base_policy(search)  # the base scenario's own lever values: the reference
        base_key = candidate_key(base)
        tasks = _tasks(search, {base_key: base}, rows, common)
        for row in map_runs(
            tasks,
            executor,
            fn=run_policy_task,
            progress="base policy" if progress and tasks else None,
        ):
            rows[row["run_id"]] = row
            result.computed += 1
            if not (out / "runs" / f"part-{row['run_id']}.parquet").exists():
                write_part(row, out)
    finally:
        result.wall_time_s = time.perf_counter() - t0
        session = manifest["sessions"][-1]
        session.update(
            finished_utc=now_utc(),
            wall_time_s=round(result.wall_time_s, 3),
            computed=result.computed,
            reused=result.reused,
            trials_told=len(trial_rows),
        )
        manifest["status"] = "complete" if len(trial_rows) == search.trials else "interrupted"
        write_manifest(out, manifest)
    result.trials = pd.DataFrame(trial_rows)
    keys = list(dict.fromkeys(result.trials["key"]))
    keys += [] if base_key in keys else [base_key]
    result.runs = pd.concat([_rows_of(rows, k, search) for k in keys], ignore_index=True)
    per_state = state_values(result.runs, names)
    rob = robustness(per_state, dict(zip(names, directions)))
    paths = [p.path for p in search.levers]
    levers = result.trials.drop_duplicates("key").set_index("key")[paths]
    if base_key not in levers.index:
        levers.loc[base_key] = [base[p] for p in paths]
    scores = levers.join(rob).loc[keys]
    scores.insert(0, "base_policy", scores.index == base_key)
    result.scores = scores.reset_index()
    return result


def base_policy(search: PolicySearch) -> dict[str, Any]:
    """The lever values of the base scenario (after ``[set]``): the policy as it is."""
    values = search.scenario.to_dict()
    out = {}
    for p in search.levers:
        node: Any = values
        for part in p.path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        out[p.path] = p.cast(node) if node is not None else None
    return out


def _tasks(
    search: PolicySearch,
    candidates: dict[str, dict[str, Any]],
    rows: dict[str, Any],
    common: dict[str, Any],
) -> list[PolicyTask]:
    """The runs of a batch's distinct candidates that the store does not hold yet."""
    tasks = []
    for key, cand in candidates.items():
        for state, uncertain in enumerate(search.states.to_dict(orient="records")):
            for rep, seed in enumerate(search.run_seeds):
                run_id = run_id_of(key, state, rep)
                if run_id in rows:
                    continue
                levers = {k: v for k, v in cand.items() if v is not None}  # None: as in base
                overrides = {**levers, **uncertain}
                tasks.append(PolicyTask(run_id, key, state, rep, seed, overrides, **common))
    return tasks


def run_id_of(key: str, state: int, replicate: int) -> str:
    """Run id of candidate ``key`` in ``state`` with ``replicate``."""
    return f"{key}-s{state:05d}-r{replicate:03d}"


def _rows_of(rows: dict[str, Any], key: str, search: PolicySearch) -> pd.DataFrame:
    """The stored runs of one candidate, in state and replicate order."""
    ids = [
        run_id_of(key, s, r)
        for s in range(len(search.states))
        for r in range(len(search.run_seeds))
    ]
    return pd.DataFrame([rows[i] for i in ids])


def _scores(search: PolicySearch, runs: pd.DataFrame, names: list[str]) -> list[float]:
    """A candidate's score per objective over the states (mean over seeds first)."""
    per_state = state_values(runs, names)
    out = []
    for name in names:
        values = per_state[name].to_numpy(dtype=float)
        if search.spec.search.score == "expected":
            out.append(float(values.mean()))
        else:
            out.append(worst_mean(values, search.spec.objectives[name].direction))
    return out

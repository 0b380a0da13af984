"""Robustness scores and scenario discovery: worst decile, regret, the front, PRIM's box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.policy_discovery import find_box, run_discovery
from nqpf.sim.experiments.policy_robust import pareto_mask, robustness, worst_mean
from nqpf.sim.experiments.policy_search import run_search
from nqpf.sim.experiments.policy_spec import load_policy_search


def test_worst_decile_is_the_mean_of_the_worst_tenth():
    values = np.arange(1.0, 26.0)  # 25 states: the worst ceil(2.5) = 3
    assert worst_mean(values, "maximize") == 2.0
    assert worst_mean(values, "minimize") == 24.0
    assert np.isnan(worst_mean(np.array([1.0, np.nan]), "maximize"))


def test_regret_against_the_best_candidate_per_state():
    per_state = pd.DataFrame(
        {"key": ["a", "a", "b", "b"], "state": [0, 1, 0, 1], "y": [1.0, 5.0, 3.0, 2.0]}
    ).set_index(["key", "state"])
    table = robustness(per_state, {"y": "maximize"})
    assert table.loc["a", "y_max_regret"] == 2.0 and table.loc["a", "y_mean_regret"] == 1.0
    assert table.loc["b", "y_max_regret"] == 3.0 and table.loc["b", "y_mean_regret"] == 1.5
    assert table.loc["a", "y_expected"] == 3.0 and table.loc["b", "y_worst_decile"] == 2.0


def test_pareto_mask_keeps_only_undominated_rows():
    scores = np.array([[2.0, 1.0], [1.0, 0.5], [1.5, 1.5], [0.5, 0.8], [2.0, np.nan]])
    # maximise the first column, minimise the second
    assert pareto_mask(scores, ["maximize", "minimize"]).tolist() == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_prim_finds_a_planted_failure_region():
    rng = np.random.default_rng(5)
    states = pd.DataFrame(rng.uniform(size=(400, 3)), columns=["a", "b", "c"])
    fails = ((states["a"] > 0.6) & (states["b"] < 0.5)).to_numpy()
    rows = find_box(states, fails, min_density=0.8)
    box = {r["parameter"]: (r["low"], r["high"]) for r in rows}
    assert set(box) == {"a", "b"}
    assert box["a"][0] == pytest.approx(0.6, abs=0.05) and box["b"][1] == pytest.approx(
        0.5, abs=0.05
    )
    assert rows[0]["density"] >= 0.8 and rows[0]["coverage"] >= 0.8


def test_no_box_when_a_policy_never_fails():
    states = pd.DataFrame({"a": np.linspace(0, 1, 10)})
    (row,) = find_box(states, np.zeros(10, dtype=bool), 0.8)
    assert row["failures"] == 0 and row["note"] == "never fails"


def test_discovery_runs_the_named_scenario_and_front_points(tmp_path, policy_config):
    config = policy_config(
        '[discovery]\nscenarios = ["base.toml"]\nfront_points = 1\nstates = 8\n'
        'failure = { objective = "gdp_growth", worse_than = 0.05 }\n'
    )
    search = load_policy_search(config)
    out = tmp_path / "out"
    result = run_search(search, out, SerialExecutor(), progress=False)
    table = pd.read_csv(run_discovery(search, result, out, SerialExecutor(), progress=False))
    assert table["policy"].iloc[0] == "base"
    assert table["policy"].nunique() == 2 and (table["states"] == 8).all()
    assert (table["failure_share"] == table["failures"] / 8).all()
    parts = len(list((out / "runs").glob("part-disc*.parquet")))
    assert parts == 2 * 8 * 2  # policies x states x seeds, stored like the search's runs

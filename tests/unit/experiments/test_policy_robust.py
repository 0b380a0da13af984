"""Robustness scores and scenario discovery: worst decile, regret, the front, PRIM's box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.policy_discovery import (
    beating_base_keys,
    find_box,
    policies,
    run_discovery,
)
from nqpf.sim.experiments.policy_output import front_table
from nqpf.sim.experiments.policy_robust import pareto_mask, robustness, worst_mean
from nqpf.sim.experiments.policy_search import SearchResult, run_search
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


def _planted_result() -> SearchResult:
    """Four candidates and the base on two objectives (growth up, write-offs down): A beats the
    base in expected value, B only in the worst decile, C in neither, D beats it but is not on
    the front (A dominates it)."""
    rows = {  # key: growth and write-offs, expected then worst decile
        "A": (0.045, 90.0, 0.036, 118.0),
        "B": (0.050, 150.0, 0.048, 110.0),
        "C": (0.030, 50.0, 0.020, 60.0),
        "D": (0.041, 95.0, 0.036, 119.0),
        "base": (0.040, 100.0, 0.035, 120.0),
    }
    scores = pd.DataFrame(
        [
            {
                "key": key,
                "base_policy": key == "base",
                "central.capacity_controls": key in ("A", "C"),
                "government.subsidy_rate": 0.1 * i,
                "gdp_growth_expected": g,
                "written_off_expected": w,
                "gdp_growth_worst_decile": gw,
                "written_off_worst_decile": ww,
            }
            for i, (key, (g, w, gw, ww)) in enumerate(rows.items())
        ]
    )
    return SearchResult(trials=pd.DataFrame(), runs=pd.DataFrame(), scores=scores)


def test_discovery_analyses_the_front_points_that_beat_the_base_once_each(policy_config):
    failure = 'failure = { objective = "gdp_growth", worse_than = 0.05 }\n'
    result = _planted_result()
    search = load_policy_search(
        policy_config("[discovery]\nfront_points = 1\nbeating_base = 5\n" + failure)
    )
    assert beating_base_keys(search, front_table(search, result)) == ["B", "A"]
    analysed = policies(search, result)  # B is best on growth and beats the base: once
    assert [p["policy"] for p in analysed] == ["front:B", "front:A"]
    search = load_policy_search(
        policy_config("[discovery]\nfront_points = 0\nbeating_base = 1\n" + failure)
    )
    (only,) = policies(search, result)
    assert only["policy"] == "front:B"
    assert only["levers"] == {"central.capacity_controls": False, "government.subsidy_rate": 0.1}
    # Python scalars, so that the policy's discovery key (a hash of the levers' JSON) is stable
    assert type(only["levers"]["central.capacity_controls"]) is bool
    search = load_policy_search(policy_config("[discovery]\nfront_points = 1\n" + failure))
    assert [p["policy"] for p in policies(search, result)] == ["front:B"]  # beating_base = 0

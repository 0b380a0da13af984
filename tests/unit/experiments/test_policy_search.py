"""nqpf optimise's search: it finds a best policy known in closed form, gives the same front on
every executor and after an interruption, and reuses stored runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import SerialExecutor, make_executor
from nqpf.sim.experiments.policy_output import write_results
from nqpf.sim.experiments.policy_search import run_search
from nqpf.sim.experiments.policy_spec import load_policy_search
from nqpf.sim.experiments.policy_worker import PolicyTask, run_policy_task

ROOT = Path(__file__).resolve().parents[3]
GOLDEN_RULE = ROOT / "scenarios" / "policy" / "golden_rule.toml"


def front_of(search, out: Path, executor) -> pd.DataFrame:
    """Run the search into ``out`` and read back the front it writes."""
    result = run_search(search, out, executor, progress=False)
    write_results(search, result, out)
    return pd.read_csv(out / "front.csv")


def test_search_finds_the_golden_rule_saving_rate(tmp_path):
    """Known best policy: steady-state consumption is highest at s = alpha in every state of the
    ensemble (delta and n vary). An exhaustive grid on the same ensemble confirms it; the search
    (TPE, 40 candidates) finds s within 0.03 of alpha and consumption within 0.3 % of the grid's
    best."""
    search = load_policy_search(GOLDEN_RULE)
    alpha = search.scenario.solow.alpha
    common = {
        "scenario": search.scenario.to_dict(),
        "objectives": {k: v.model_dump() for k, v in search.spec.objectives.items()},
        "derived": search.spec.derived,
    }
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
    expected = [
        np.mean(
            [
                run_policy_task(
                    PolicyTask(
                        f"g{s}-{i}", "grid", i, 0, 0, {"solow.saving_rate": s, **state}, **common
                    )
                )["consumption"]
                for i, state in enumerate(search.states.to_dict(orient="records"))
            ]
        )
        for s in grid
    ]
    assert grid[int(np.argmax(expected))] == pytest.approx(alpha)

    result = run_search(search, tmp_path / "out", SerialExecutor(), progress=False)
    best = result.scores.sort_values("consumption_expected").iloc[-1]
    assert abs(best["solow.saving_rate"] - alpha) < 0.03
    assert best["consumption_expected"] > (1 - 0.003) * max(expected)


def test_same_front_with_one_and_two_processes(tmp_path, policy_config):
    search = load_policy_search(policy_config())
    serial = front_of(search, tmp_path / "serial", SerialExecutor())
    pool = make_executor("local", 2)
    try:
        parallel = front_of(search, tmp_path / "pool", pool)
    finally:
        pool.shutdown()
    assert len(serial) >= 1
    pd.testing.assert_frame_equal(serial, parallel)


def test_same_front_on_dask(tmp_path, policy_config):
    pytest.importorskip("distributed")
    search = load_policy_search(policy_config())
    serial = front_of(search, tmp_path / "serial", SerialExecutor())
    dask = make_executor("dask", 2)
    try:
        on_dask = front_of(search, tmp_path / "dask", dask)
    finally:
        dask.shutdown()
    pd.testing.assert_frame_equal(serial, on_dask)


class InterruptedExecutor(SerialExecutor):
    """Runs ``limit`` tasks, then raises KeyboardInterrupt (a search stopped by Ctrl-C)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def submit(self, fn, /, *args, **kwargs):
        if self.limit == 0:
            raise KeyboardInterrupt
        self.limit -= 1
        return super().submit(fn, *args, **kwargs)


def test_interrupted_search_resumes_to_the_same_front_without_rerunning(tmp_path, policy_config):
    search = load_policy_search(policy_config())
    reference = run_search(search, tmp_path / "ref", SerialExecutor(), progress=False)
    total = reference.computed
    out = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        run_search(search, out, InterruptedExecutor(limit=13), progress=False)
    stored = len(list((out / "runs").glob("part-*.parquet")))
    assert stored == 13
    resumed = run_search(search, out, SerialExecutor(), progress=False)
    assert resumed.computed == total - stored  # no finished run computed twice
    pd.testing.assert_frame_equal(resumed.scores, reference.scores)
    pd.testing.assert_frame_equal(resumed.trials, reference.trials)


def test_another_search_in_the_same_folder_is_refused(tmp_path, policy_config):
    from nqpf.sim.experiments.sweep_store import SweepStoreError

    out = tmp_path / "out"
    run_search(load_policy_search(policy_config()), out, SerialExecutor(), progress=False)
    other = load_policy_search(policy_config(replace={"master_seed = 11": "master_seed = 12"}))
    with pytest.raises(SweepStoreError, match="different policy search"):
        run_search(other, out, SerialExecutor(), progress=False)


def test_robustness_and_front_files(tmp_path, policy_config):
    """Regret is zero for the best candidate of each state; front points are not dominated;
    each front point is a scenario that loads with its lever values."""
    from nqpf.sim.config import Scenario

    search = load_policy_search(policy_config())
    out = tmp_path / "out"
    result = run_search(search, out, SerialExecutor(), progress=False)
    paths = write_results(search, result, out)
    scores = result.scores
    (base,) = scores.index[scores["base_policy"]]
    assert scores.loc[base, "government.subsidy_rate"] == search.scenario.government.subsidy_rate
    for name in ("gdp_growth", "written_off"):
        assert (scores[f"{name}_max_regret"] >= 0).all()
        assert (scores[f"{name}_mean_regret"] <= scores[f"{name}_max_regret"] + 1e-15).all()
    assert (scores["gdp_growth_worst_decile"] <= scores["gdp_growth_expected"] + 1e-15).all()
    assert (scores["written_off_worst_decile"] >= scores["written_off_expected"] - 1e-9).all()
    front = pd.read_csv(paths["front_csv"])
    for _, point in front.iterrows():
        scenario = Scenario.load(out / "scenarios" / f"front_{point['point']:02d}.toml")
        assert scenario.central.capacity_controls == bool(point["central.capacity_controls"])
        assert scenario.government.subsidy_rate == point["government.subsidy_rate"]
    robustness = pd.read_csv(paths["robustness"])
    assert len(robustness) == 2 * len(front)


def test_an_objective_without_values_stops_with_its_name_before_the_report(tmp_path, policy_config):
    """GDP growth in the start year is empty in every run: the config is refused when it loads;
    through a derived column the loader cannot see it, so no candidate gets a score and the
    command names the objective and keeps the runs, writing no report."""
    from nqpf.sim.experiments.policy_output import objectives_without_values
    from nqpf.sim.experiments.policy_spec import PolicySpecError
    from tests.conftest import run_cli

    objective = 'gdp_growth = { reduce = "growth", column = "gdp", years = [2024, 2027], '
    direct = policy_config(
        replace={objective: 'gdp_growth = { reduce = "value", column = "gdp_growth", year = 2023, '}
    )
    with pytest.raises(PolicySpecError, match="column 'gdp_growth' is empty in the start year"):
        load_policy_search(direct)
    config = policy_config(
        replace={objective: 'gdp_growth = { reduce = "value", column = "growth", year = 2023, '},
        extra='[derived]\ngrowth = "gdp_growth * 1"\n',
    )
    search = load_policy_search(config)
    result = run_search(search, tmp_path / "direct", SerialExecutor(), progress=False)
    assert objectives_without_values(search, result) == [
        "objective 'gdp_growth' has no value in any run: the value of national.growth in 2023 "
        "is empty or not a number in every run (growth columns are empty in the start year)"
    ]
    out = tmp_path / "cli"
    done = run_cli("optimise", str(config), "--jobs", "1", "--out", str(out))
    assert done.returncode == 2, done.stdout + done.stderr
    message = " ".join(done.stderr.split())
    assert "objective 'gdp_growth' has no value in any run" in message
    assert f"The runs are kept in {out}/runs/" in message and "another --out" in message
    assert not (out / "report.md").exists() and any((out / "runs").iterdir())

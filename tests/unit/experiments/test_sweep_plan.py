"""sweep_plan: design points crossed with replicates, seeds spawned from the master seed."""

from __future__ import annotations

from nqpf.sim.experiments.batch import spawn_seeds
from nqpf.sim.experiments.sweep_plan import plan
from nqpf.sim.experiments.sweep_spec import load_sweep


def test_plan_crosses_points_and_replicates_with_seeds_from_the_master_seed(ishigami_spec):
    the_plan = plan(load_sweep(ishigami_spec()))
    runs = the_plan.runs
    assert len(the_plan.points) == 8 and len(runs) == 16
    assert list(runs["run_id"][:3]) == ["p0000-r00", "p0000-r01", "p0001-r00"]
    # common random numbers: replicate r has the same seed at every point
    assert runs.groupby("replicate")["seed"].nunique().tolist() == [1, 1]
    assert sorted(runs["seed"].unique()) == sorted(spawn_seeds(3, 2))


def test_without_common_random_numbers_every_run_has_its_own_seed(ishigami_spec):
    runs = plan(load_sweep(ishigami_spec(crn=False))).runs
    assert runs["seed"].nunique() == len(runs)


def test_plan_values_are_the_overrides_of_a_point(ishigami_spec):
    sweep = load_sweep(ishigami_spec())
    the_plan = plan(sweep)
    assert the_plan.values(sweep, 0) == {"x1": 0.0, "x2": 0.0, "x3": 0.5}
    assert the_plan.values(sweep, 7) == {"x1": 1.0, "x2": 1.0, "x3": 1.5}
    assert the_plan.values(sweep, 1) == {"x1": 0.0, "x2": 0.0, "x3": 1.5}

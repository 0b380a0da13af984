"""Policy-search configs: a valid config loads with its ensemble; bad ones are refused with a
message naming the file, the line, the field and what is allowed."""

from __future__ import annotations

import pytest

from nqpf.sim.experiments.policy_spec import PolicySpecError, load_policy_search


def test_valid_config_loads_with_seeded_ensemble(policy_config):
    search = load_policy_search(policy_config())
    assert [p.path for p in search.levers] == [
        "central.capacity_controls",
        "government.subsidy_rate",
    ]
    assert search.states.shape == (2, 1) and len(search.run_seeds) == 2
    low, high = 0.0, 0.08
    assert search.states["government.upgrade_return"].between(low, high).all()
    again = load_policy_search(policy_config())
    assert search.states.equals(again.states) and search.run_seeds == again.run_seeds
    other = load_policy_search(policy_config(replace={"master_seed = 11": "master_seed = 12"}))
    assert not search.states.equals(other.states)


def test_quick_budget_replaces_the_full_one(policy_config):
    path = policy_config("[quick]\ntrials = 4\nstates = 1\nseeds = 1\n")
    full, quick = load_policy_search(path), load_policy_search(path, quick=True)
    assert (full.trials, len(full.states), len(full.run_seeds)) == (8, 2, 2)
    assert (quick.trials, len(quick.states), len(quick.run_seeds)) == (4, 1, 1)


@pytest.mark.parametrize(
    ("replace", "extra", "words"),
    [
        (
            {'"central.capacity_controls"': '"central.capacity_control"'},
            "",
            ["search.toml, line 6", "'central.capacity_control'", "capacity_controls"],
        ),
        (
            {"[0.0, 0.35]": "[0.0, 1.5]"},
            "",
            ["search.toml, line 7", "government.subsidy_rate", "upper end 1.5", "0.9"],
        ),
        (
            {'column = "written_off_capital"': 'column = "written_off"'},
            "",
            ["line 10", "objective 'written_off'", "not in the national table"],
        ),
        (
            {'direction = "minimize" }': 'direction = "smallest" }'},
            "",
            ["objectives.written_off.direction", "maximize", "minimize"],
        ),
        (
            {},
            '[discovery]\nfailure = { objective = "npl", worse_than = 0.03 }\n',
            ["discovery.failure", "'npl'", "gdp_growth, written_off"],
        ),
        (
            {},
            '[set]\n"government.subsidy_rate" = 0.1\n',
            ["government.subsidy_rate", "also fixed in [set]"],
        ),
        (
            {'"government.upgrade_return" = { range': '"government.subsidy_rate" = { range'},
            "",
            ["both a lever and uncertain"],
        ),
        (
            {
                '"government.upgrade_return" = { range = [0.0, 0.08] }': (
                    '"central.unified_market" = { values = [false, true] }'
                )
            },
            "",
            ["line 14", "'central.unified_market'", "needs range"],
        ),
        ({'base = "base.toml"': 'base = "nowhere.toml"'}, "", ["'base'", "does not exist"]),
        ({"batch = 4": "batch = 1"}, "", ["search.batch", ">= 2"]),
        (
            {},
            '[derived]\nbad = "gdp * nonsense"\n',
            ["line 19", "derived column 'bad'", "cannot be evaluated"],
        ),
    ],
)
def test_bad_config_is_refused_with_file_line_and_field(policy_config, replace, extra, words):
    with pytest.raises(PolicySpecError) as info:
        load_policy_search(policy_config(extra, replace))
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in: {message}"


def test_shipped_configs_load_and_are_not_listed_as_scenarios():
    from pathlib import Path

    from nqpf.sim.config import list_scenarios

    folder = Path(__file__).resolve().parents[3] / "scenarios" / "policy"
    configs = sorted(folder.glob("*.toml"))
    assert configs
    for path in configs:
        for quick in (False, True):
            search = load_policy_search(path, quick=quick)
            assert len(search.states) >= 1 and search.trials >= search.batch
    assert not set(configs) & set(list_scenarios())

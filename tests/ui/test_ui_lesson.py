"""The lesson's controls without a browser: the strategy lever, levers that do nothing, the
seed box, Chinese scenario texts and caveats, and the Compare tab against ``nqpf compare``."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from nqpf.dashboards.caveats import caveat_for
from nqpf.dashboards.ensemble import (
    dashboard_command,
    lever_overrides,
    plan_dashboard_comparison,
    run_dashboard_comparison,
)
from nqpf.dashboards.levers import get_path, inactive_reason, levers, panel_order
from nqpf.dashboards.scenario_text import SCENARIOS, scenario_texts
from nqpf.dashboards.simulation import parse_seed, scenario_choices
from nqpf.sim import RegionalEconomy
from nqpf.sim.cli.app import app
from nqpf.sim.config import Scenario


def test_strategy_is_the_first_lever_with_the_four_choices():
    first = panel_order(levers())[0]
    assert first.path == "strategy.mode" and first.kind == "choice"
    assert set(first.choices) == {"tailored", "herding", "mixed", "tournament"}


@pytest.mark.parametrize(
    ("mode", "active"),
    [("tailored", False), ("herding", False), ("mixed", True), ("tournament", True)],
)
def test_herding_propensity_is_disabled_where_it_does_nothing(mode, active):
    sc = Scenario.load(scenario_choices()["baseline"]).with_overrides({"strategy.mode": mode})
    reason = inactive_reason("strategy.herding_propensity", sc)
    assert (reason is None) == active
    unified = sc.with_overrides({"central.unified_market": True})
    assert inactive_reason("government.local_protection", unified) == "inactive_protection"
    assert inactive_reason("government.local_protection", sc) is None


def _another_value(lever, current):
    """A value of ``lever`` other than ``current``, inside the range the model accepts."""
    if lever.kind == "bool":
        return not current
    if lever.kind == "choice":
        return next(c for c in lever.choices if c != current)
    if lever.upper is not None and current < lever.upper:
        new = (current + lever.upper) / 2
    elif lever.lower is not None:
        new = (current + lever.lower) / 2
    else:
        new = current * 1.5 if current else 0.1
    return round(new) if lever.kind == "int" else new


@pytest.mark.parametrize(
    ("key", "years"), [("baseline", 8), ("textbook/solow", 30), ("textbook/diffusion", 30)]
)
def test_a_lever_is_disabled_exactly_when_moving_it_changes_nothing(key, years):
    """Every lever of the panel, moved on its own: the run's tables change if and only if the
    panel leaves the lever enabled (the agent economy ignores the textbook saving rate; textbook
    mode reads only its saving rate and the catch-up rate)."""
    base = Scenario.load(scenario_choices()[key])
    before = RegionalEconomy(base, seed=0).run(steps=years)
    for lever in panel_order(levers()):
        moved = base.with_overrides({lever.path: _another_value(lever, get_path(base, lever.path))})
        after = RegionalEconomy(moved, seed=0).run(steps=years)
        changed = any(not before[name].equals(after[name]) for name in before)
        assert changed == (inactive_reason(lever.path, moved) is None), (key, lever.path)


def test_the_seed_box_refuses_text_and_out_of_range_numbers():
    assert parse_seed("7") == 7 and parse_seed(" 4294967295 ") == 4294967295
    assert parse_seed("1,000") == parse_seed("1_000") == 1000  # the box and links alike
    for bad in ("abc", "-1", "1.5", "", "4294967296", None, "²", "٣", "1,0", ",5", "1__0", "1_"):
        assert parse_seed(bad) is None


def test_every_shipped_scenario_has_plain_texts_in_both_languages():
    for key in scenario_choices():
        assert key in SCENARIOS, key
        for lang in ("en", "zh"):
            question, watch = scenario_texts(key, lang)
            assert question and watch
            assert "seed 0" not in question and "design" not in question.lower()
            assert "_" not in question + watch  # no raw column names


def test_the_migration_caveat_comes_with_population_maps():
    assert "migration" in caveat_for("population", "en").lower()
    assert "迁移" in caveat_for("net_migration", "zh")
    assert caveat_for("npl_ratio", "en") is None


def test_dashboard_and_nqpf_compare_give_the_same_numbers(tmp_path):
    """The Compare tab's statistics equal the report's summary for the same scenarios, levers,
    seeds and window."""
    levers_ = (("finance.bank_extrapolation", 0.5),)
    plan = plan_dashboard_comparison("tailored", "herding", levers_, 3, 2, 2027)
    ticks = []
    comp = run_dashboard_comparison(plan, lambda done, total: ticks.append((done, total)))
    assert ticks[-1] == (4, 4)
    command = dashboard_command(plan, lever_overrides(levers_, 2027))
    args = command.split()[1:]
    args = [a.strip("'") for a in args]
    out = tmp_path / "cmp"
    result = CliRunner().invoke(app, [*args, "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    report = pd.read_csv(out / "data" / "summary.csv")
    mine = comp.summary.set_index(["indicator", "scenario"])
    theirs = report.set_index(["indicator", "scenario"])
    assert set(mine.index) == set(theirs.index)
    cols = ["reference_mean", "scenario_mean", "mean_diff", "ci_low", "ci_high"]
    pd.testing.assert_frame_equal(
        mine.loc[theirs.index, cols], theirs[cols], check_exact=False, rtol=1e-9
    )
    assert (theirs["window_first"] == comp.window[0]).all()


def test_settings_round_trip_through_a_link_and_a_file():
    from nqpf.dashboards.share import (
        settings_file,
        settings_from_file,
        settings_from_query,
        settings_query,
    )
    from nqpf.dashboards.simulation import Settings

    default = Settings("baseline")
    run = Settings("herding", 3, (("central.unified_market", True), ("strategy.mode", "mixed")))
    assert settings_from_query(settings_query(run), default) == (run, [])
    assert settings_from_file(settings_file(run), default) == (run, [])


def test_bad_links_and_files_say_what_is_wrong_and_keep_the_rest():
    from nqpf.dashboards.share import settings_from_file, settings_from_query
    from nqpf.dashboards.simulation import Settings

    default = Settings("baseline")
    query = "scenario=herding&seed=abc&set=solow.alpha%3D0.4&set=finance.policy_rate%3D5"
    settings, problems = settings_from_query(query, default)
    assert settings == Settings("herding", 0)
    assert len(problems) == 3
    assert "seed 'abc'" in problems[0] and "0 to 4294967295" in problems[0]
    assert "'solow.alpha' is not a lever" in problems[1]
    assert "finance.policy_rate" in problems[2] and "<= 0.3" in problems[2]
    settings, problems = settings_from_file(b"not json", default, "x.json")
    assert settings == default and problems[0].startswith("x.json: not a JSON settings file")
    settings, problems = settings_from_query("seed=%C2%B2", default)  # '²' is a digit to Python
    assert settings == default and problems == [
        "seed '²' must be a whole number from 0 to 4294967295"
    ]
    doc = b'{"format": "nqpf-dashboard-settings/1", "scenario": ["x"], "seed": 3}'
    settings, problems = settings_from_file(doc, default, "x.json")
    assert settings == Settings("baseline", 3)
    assert problems[0].startswith("x.json: scenario ['x'] must be a name; allowed: ")


def test_a_far_outlier_does_not_flatten_the_map_colours():
    from nqpf.dashboards.view_tables import map_colors

    regions = pd.DataFrame(
        {
            "year": 2030,
            "region": [f"R{i}" for i in range(31)],
            "capacity_utilization": [0.70 + 0.004 * i for i in range(30)] + [0.21],
        }
    )
    colors = map_colors(regions, 2030, "capacity_utilization", "en")
    assert colors.legend["ticks"][0].startswith("≤") and not colors.legend["ticks"][-1].startswith(
        "≥"
    )
    assert "R30 21.0" in colors.legend["note"] and "beyond the colour scale" in colors.texts["R30"]
    # the thirty others span the whole scale: first and last get the end colours
    assert colors.fills["R0"] == colors.fills["R30"] and colors.fills["R0"] != colors.fills["R29"]


def test_main_priority_map_shows_how_alike_the_plans_are():
    from nqpf.dashboards import region_info
    from nqpf.dashboards.simulation import Settings, Simulation
    from nqpf.dashboards.view_tables import map_colors

    kinds = {}
    for key in ("herding", "tailored"):
        sim = Simulation.build(Settings(key))
        snap = sim.step()
        names = region_info.industry_names(sim.model, "en")
        colors = map_colors(
            snap.tables["regions"], snap.year, "main_priority", "en", industry_names=names
        )
        kinds[key] = len(colors.legend["items"])
        assert f"{kinds[key]} different among 31 regions" in colors.legend["title"]
        assert len(set(colors.fills.values())) == kinds[key]
    assert kinds["herding"] < kinds["tailored"]  # herders chase the same industries

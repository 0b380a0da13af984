"""The dashboard's plain-Python parts, without a browser: levers, sessions, labels, map, serving.

The browser tests (``test_ui_browser.py``) check what a user sees; these check the pieces the
views are built from, quickly.
"""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest

from nqpf.dashboards import serve
from nqpf.dashboards.i18n import LABELS, format_value, lever_description, lever_label
from nqpf.dashboards.levers import coerce, get_path, levers
from nqpf.dashboards.map_geometry import circle_layout, layout_for, province_layout
from nqpf.dashboards.simulation import (
    MAX_SEED,
    Settings,
    Simulation,
    check_seed,
    scenario_choices,
    scenario_path,
)
from nqpf.dashboards.view_tables import indicators, map_colors, to_csv_bytes
from nqpf.sim.config import Scenario, ScenarioError, iter_params, param_extra
from nqpf.sim.outputs import COLUMNS, column_label

TEXTBOOK = "textbook/solow"


# ------------------------------------------------------------------------------ levers
def test_the_issue_levers_are_all_offered():
    paths = {lv.path for lv in levers()}
    for path in (
        "strategy.herding_propensity",
        "government.subsidy_rate",
        "finance.bank_extrapolation",
        "finance.implicit_guarantee",
        "technology.catch_up_rate",
        "technology.spillover_rate",
        "talent.mobility",
        "technology.cooperation",
        "central.capacity_controls",
    ):
        assert path in paths


@pytest.mark.parametrize("lever", levers(), ids=lambda lv: lv.path)
def test_lever_has_unit_label_tooltip_and_a_slider_reaching_its_values(lever):
    info = dict(iter_params(Scenario))[lever.path]
    assert {"label", "label_zh", "meaning_zh"} <= set(param_extra(info)), "labels in the schema"
    assert lever.description and lever_label(lever.path, "en") == param_extra(info)["label"]
    assert lever_label(lever.path, "zh") != lever_label(lever.path, "en")
    assert lever_description(lever.path, lever.description, "zh") != lever.description
    if lever.kind in ("float", "int"):
        assert lever.unit
        baseline = get_path(Scenario.load(scenario_path("baseline")), lever.path)
        lo, hi, step = lever.slider_range(baseline)
        assert lo <= lever.default <= hi and lo <= baseline <= hi and step > 0
        if lever.upper is not None:
            assert hi <= lever.upper
        assert isinstance(coerce(lever, hi), float if lever.kind == "float" else int)


def test_every_shipped_scenario_is_offered_and_loads():
    choices = scenario_choices()
    assert {"baseline", "tailored", "herding", TEXTBOOK} <= set(choices)
    for key in choices:
        assert Scenario.load(scenario_path(key)) is not None


def test_unknown_scenario_and_bad_seed_give_clear_messages():
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'; allowed: .*baseline"):
        scenario_path("nope")
    for bad in (-1, MAX_SEED + 1, 1.5, "3", True):
        with pytest.raises(ValueError, match="seed must be a whole number from 0 to"):
            check_seed(bad)
    assert check_seed(MAX_SEED) == MAX_SEED


def test_a_lever_outside_its_range_is_refused():
    with pytest.raises(ScenarioError, match="herding_propensity"):
        Simulation.build(Settings("baseline", 0, (("strategy.herding_propensity", 1.5),)))


# ------------------------------------------------------------------------------ sessions
def test_sessions_are_independent_and_reproducible():
    a = Simulation.build(Settings(TEXTBOOK, 3))
    b = Simulation.build(Settings(TEXTBOOK, 3))
    first = a.snapshot()
    a.step()
    snap = a.step()
    assert snap.year == first.year + 2 and snap.serial == 2 and snap.step_ms > 0
    assert b.snapshot().year == first.year  # stepping one session leaves the other alone
    b.step()
    b.step()
    pd.testing.assert_frame_equal(a.snapshot().tables["national"], b.snapshot().tables["national"])


def test_lever_override_reaches_the_model():
    sim = Simulation.build(Settings(TEXTBOOK, 0, (("solow.saving_rate", 0.3),)))
    assert sim.scenario.solow.saving_rate == 0.3


def test_comparison_runs_both_scenarios_on_common_seeds():
    from nqpf.dashboards.ensemble import plan_dashboard_comparison, run_dashboard_comparison

    plan = plan_dashboard_comparison(TEXTBOOK, TEXTBOOK, (), 1, 2, 2005)
    comp = run_dashboard_comparison(plan)
    assert comp.years == list(range(2000, 2006)) and len(comp.seeds) == 2
    assert (comp.summary["mean_diff"] == 0).all()  # a scenario against itself: no difference
    with pytest.raises(ScenarioError, match="end_year"):
        plan_dashboard_comparison(TEXTBOOK, TEXTBOOK, (), 1, 2, 1990)


# ------------------------------------------------------------------------------ labels, map
def test_every_label_has_english_and_chinese():
    for key, pair in LABELS.items():
        assert len(pair) == 2 and all(pair), key
    for column in COLUMNS:
        assert column.en and column.zh, (column.table, column.name)
    assert column_label("gdp_per_capita", "zh", "regions") == "人均GDP"
    assert format_value(0.0123, "npl_ratio", "en", "regions").endswith("%")


def test_map_has_the_31_provinces_and_circles_for_other_geographies():
    provinces = province_layout()
    assert len(provinces.shapes) == 31 and all(s.d for s in provinces.shapes)
    names = [s.region for s in provinces.shapes]
    assert layout_for(names, np.zeros(31), np.zeros(31)).outlines
    circles = layout_for(["North", "South"], np.array([110.0, 112.0]), np.array([40.0, 25.0]))
    assert not circles.outlines and all(s.r > 0 for s in circles.shapes)
    height = float(circles.view_box.split()[3])
    assert all(s.cy + s.r < height for s in circles.shapes)  # room for the names below
    assert len(circle_layout(["A", "B", "C"], np.zeros(3), np.zeros(3)).shapes) == 3


def test_map_colours_every_region_with_a_hover_text():
    snap = Simulation.build(Settings("baseline", 0)).snapshot()
    regions = snap.tables["regions"]
    for indicator in ("gdp_per_capita", "tfp_growth", "npl_ratio", "strategy"):
        assert indicator in indicators(regions)
        colors = map_colors(regions, snap.year, indicator, "en")
        assert len(colors.fills) == 31 and all(c.startswith("#") for c in colors.fills.values())
        assert colors.legend["title"] and len(colors.texts) == 31
    lines = to_csv_bytes(regions).decode("utf-8-sig").splitlines()
    assert {"region", "gdp_per_capita"} <= set(lines[0].split(",")) and len(lines) == 32


# ------------------------------------------------------------------------------ serving
def test_front_end_is_installed_locally_and_telemetry_is_off():
    assert serve.missing_front_end_files() == [], (
        "the dashboard's front-end files are missing; reinstall nqpf (pip install -e .)"
    )
    env: dict[str, str] = {"SOLARA_ASSETS_PROXY": "False"}
    serve.apply_offline_env(env)
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_PROXY"] == "False"  # a user's own setting is kept
    command = serve.solara_command(8765)
    assert "nqpf.dashboards.app" in command and "--production" in command


def test_a_taken_port_is_reported():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        with pytest.raises(serve.ServeError, match=f"port {port} .* already in use"):
            serve.check_ready("127.0.0.1", port)


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("no.such.host.invalid", "the name cannot be resolved"),
        ("192.0.2.1", "not an address of this machine"),  # TEST-NET-1, never a local address
    ],
)
def test_a_host_that_cannot_be_served_on_is_named_as_such(host, message):
    with pytest.raises(serve.ServeError, match=f"--host {host}: {message}"):
        serve.check_ready(host, 8765)


def test_chinese_units_are_translated():
    import re

    from nqpf.dashboards.i18n import display_unit

    snap = Simulation.build(Settings("baseline", 0)).snapshot()
    for table, frame in snap.tables.items():
        for column in frame.columns:
            unit = display_unit(column, "zh", table)
            assert not re.search(r"[A-Za-z]", unit.replace("GDP", "")), (table, column, unit)


def test_every_lever_unit_has_a_chinese_form():
    """The Chinese page shows each lever's unit through PARAM_UNITS_ZH: a unit missing there, or
    with Latin words in it, is an untranslated word on the page."""
    import re

    from nqpf.dashboards.i18n import PARAM_UNITS_ZH

    units = {param_extra(i)["unit"] for _, i in iter_params(Scenario) if param_extra(i)["lever"]}
    missing = sorted(u for u in units if u not in PARAM_UNITS_ZH)
    assert missing == []
    latin = [u for u in units if re.search(r"[A-Za-z]", PARAM_UNITS_ZH[u].replace("GDP", ""))]
    assert latin == []

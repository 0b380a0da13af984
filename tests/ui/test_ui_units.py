"""The dashboard's plain-Python parts, without a browser: levers, sessions, labels, map, serving.

The browser tests (``test_ui_browser.py``) check what a user sees; these check the pieces the
views are built from, quickly.
"""

from __future__ import annotations

import re
import socket

import numpy as np
import pandas as pd
import pytest

from nqpf.dashboards import serve
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.i18n import region_label, t
from nqpf.dashboards.inputs import (
    check_lever,
    end_year_range,
    lever_message,
    parse_end_year,
    parse_n_seeds,
    seed_problem,
)
from nqpf.dashboards.levers import coerce, get_path, levers, slider_value
from nqpf.dashboards.map_geometry import circle_layout, layout_for, province_layout
from nqpf.dashboards.param_text import lever_description, lever_label
from nqpf.dashboards.simulation import (
    MAX_SEED,
    Settings,
    Simulation,
    check_seed,
    scenario_choices,
    scenario_path,
)
from nqpf.dashboards.ui_labels import LABELS
from nqpf.dashboards.units import format_value
from nqpf.dashboards.view_tables import indicator_labels, indicators, map_colors, to_csv_bytes
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


@pytest.mark.parametrize(
    ("path", "raw", "expected"),
    [
        ("finance.policy_rate", 0.301, 0.3),  # End then ArrowRight
        ("finance.policy_rate", -0.001, 0.0),  # Home then ArrowLeft
        ("strategy.herding_propensity", 1.01, 1.0),
        ("strategy.herding_propensity", -0.01, 0.0),
        ("strategy.herding_propensity", 0.35 + 0.01, 0.36),  # on the grid, no 0.36000000000000004
    ],
)
def test_a_key_press_past_the_slider_end_stops_at_it(path, raw, expected):
    """Vuetify's slider emits ``change`` one step past its end: the value applied stops there."""
    lever = next(lv for lv in levers() if lv.path == path)
    lo, hi, step = lever.slider_range(lever.default)
    value = slider_value(raw, lo, hi, step)
    assert value == expected and lever.lower <= value <= lever.upper


def test_a_refused_lever_value_never_reaches_the_settings():
    base = Settings("baseline", 0)
    for path, bad in (("finance.policy_rate", 0.301), ("strategy.herding_propensity", -0.01)):
        settings, reason = check_lever(base, path, bad)
        assert settings == base and reason == ""
    message = lever_message("finance.policy_rate", 0.301, "", base, "en")
    assert message == (
        "Policy interest rate = 0.301 is not used: allowed >= 0 and <= 0.3 [1/year]. "
        "The run keeps 0.035."
    )
    zh = lever_message("finance.policy_rate", 0.301, "", base, "zh")
    assert "政策利率" in zh and ">= 0 且 <= 0.3" in zh
    settings, reason = check_lever(base, "finance.policy_rate", 0.3)
    assert reason is None and settings.levers == (("finance.policy_rate", 0.3),)


def _state(settings: Settings) -> AppState:
    """A session's state outside a page (reactive values, no browser)."""
    import threading
    from types import SimpleNamespace

    import solara

    fields = {name: solara.reactive(None) for name in AppState.__dataclass_fields__}
    fields.update(
        lang=solara.reactive("en"),
        settings=solara.reactive(settings),
        playing=solara.reactive(False),
        sim_ref=SimpleNamespace(current=None),
        compare_done=SimpleNamespace(current=None),
        lock=threading.Lock(),
    )
    return AppState(**fields)


def test_a_settings_change_that_fails_to_build_does_not_stay_behind():
    """The root of the stuck levers: settings left holding a refused value made every later
    change fail with it, while the old model kept running. A failed build puts the settings
    back to the running model's, so the next valid change builds."""
    good = Settings(TEXTBOOK, 0)
    state = _state(good)
    state.rebuild()
    assert state.sim.settings == good and state.error.value is None
    bad = good.with_lever("solow.saving_rate", 1.5)  # past the bound: not buildable
    state.settings.set(bad)
    state.rebuild(bad)
    assert "saving_rate" in state.error.value
    assert "keeps its previous settings" in state.error.value
    assert state.settings.value == good and not state.needs_build(good)
    assert state.set_lever("solow.saving_rate", 0.3)  # a valid change after it is applied
    state.rebuild(state.settings.value)
    assert state.error.value is None and state.sim.scenario.solow.saving_rate == 0.3
    assert not state.set_lever("solow.saving_rate", 1.5)  # refused, settings untouched
    assert state.settings.value.levers == (("solow.saving_rate", 0.3),)
    assert state.lever_refusal.value[1:] == ("solow.saving_rate", 1.5, "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_bad_seed_gives_a_message_the_empty_box_too(lang):
    assert seed_problem("7", 0, lang) == ""
    messages = {bad: seed_problem(bad, 0, lang) for bad in ("", "  ", "abc", "-5", "1.5")}
    assert all(m.startswith(t("seed_error", lang)) for m in messages.values()), messages
    empty = {
        "en": "The box is empty; the run keeps seed 0.",
        "zh": "输入框为空，模拟仍使用种子 0。",
    }
    assert messages[""].endswith(empty[lang]) and messages["  "] == messages[""]


@pytest.mark.parametrize(("text", "expected"), [("2", 2), (" 50 ", 50), ("1", 1), ("8", 8)])
def test_compare_seeds_are_used_as_typed(text, expected):
    assert parse_n_seeds(text, "en") == (expected, "")


@pytest.mark.parametrize("text", ["abc", "-5", "0", "51", "99999999999", "1.5", ""])
def test_bad_compare_seeds_are_named_not_clamped(text):
    value, message = parse_n_seeds(text, "en")
    assert value is None and message.startswith("Seeds must be a whole number from 1 to 50; ")
    assert (f"'{text}' is not used" if text else "the box is empty") in message
    value, zh = parse_n_seeds(text, "zh")
    assert value is None and zh.startswith("种子数必须是 1 到 50 之间的整数")


def test_the_last_year_is_checked_against_both_scenarios():
    years = end_year_range("tailored", "herding")
    assert years == (2023, 2024, 2083)  # after the start year, within 60 years
    assert parse_end_year("", years, "en") == (None, "")  # the scenarios' own end year
    assert parse_end_year("2024", years, "en") == (2024, "")
    assert parse_end_year("2083", years, "en") == (2083, "")
    for bad in ("20x6", "-5", "1999", "2100", "2023", "2084"):
        value, message = parse_end_year(bad, years, "en")
        assert value is None, bad
        assert message.startswith("Last year must be a year from 2024 to 2083"), message
        assert f"'{bad}' is not used" in message and "--set" not in message
        value, zh = parse_end_year(bad, years, "zh")
        assert zh.startswith("结束年份必须是 2024 到 2083 之间的年份"), zh
    assert end_year_range(TEXTBOOK, TEXTBOOK)[1:] == (2001, 2500)  # textbook: 500 years


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
        # Chinese text takes the full-width colon, as the compare tab's failure notice now does
        assert not re.search(r"[\u4e00-\u9fff]:", pair[1]), (key, pair[1])
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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_menu_names_every_indicator_differently(lang):
    regions = Simulation.build(Settings("baseline", 0)).snapshot().tables["regions"]
    options = indicators(regions)
    labels = dict(zip(options, indicator_labels(options, lang), strict=True))
    assert len(set(labels.values())) == len(options), labels
    expected = {
        "en": ("Local government debt (bn yuan)", "Local government debt (% of GDP)"),
        "zh": ("地方政府债务（亿元）", "地方政府债务（占GDP比重 %）"),
    }
    assert (labels["gov_debt"], labels["gov_debt_to_gdp"]) == expected[lang]
    assert labels["gdp_per_capita"] == region_label("gdp_per_capita", lang)  # unique: no unit


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

    from nqpf.dashboards.units import display_unit

    snap = Simulation.build(Settings("baseline", 0)).snapshot()
    for table, frame in snap.tables.items():
        for column in frame.columns:
            unit = display_unit(column, "zh", table)
            assert not re.search(r"[A-Za-z]", unit.replace("GDP", "")), (table, column, unit)


def test_every_lever_unit_has_a_chinese_form():
    """The Chinese page shows each lever's unit through PARAM_UNITS_ZH: a unit missing there, or
    with Latin words in it, is an untranslated word on the page."""
    import re

    from nqpf.dashboards.param_text import PARAM_UNITS_ZH

    units = {param_extra(i)["unit"] for _, i in iter_params(Scenario) if param_extra(i)["lever"]}
    missing = sorted(u for u in units if u not in PARAM_UNITS_ZH)
    assert missing == []
    latin = [u for u in units if re.search(r"[A-Za-z]", PARAM_UNITS_ZH[u].replace("GDP", ""))]
    assert latin == []


# ------------------------------------------------------------------------------ presentation
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lever_tooltips_show_defaults_as_the_controls_do(lang):
    """No Python literal (``False``, ``mixed``) in a tooltip: a switch's default reads on/off
    (开/关), a menu's by its label; on the Chinese page the schema's English source is marked
    as English, not shown as if it were the interface's Chinese."""
    from nqpf.dashboards.components.lever_panel import lever_tooltip

    by_path = {lv.path: lv for lv in levers()}
    for lever in by_path.values():
        tip = lever_tooltip(lever, lang)
        default = tip.split(t("default", lang), 1)[1].split(" · ")[0]
        assert not re.search(r"True|False|'", default), tip  # no Python literal
        if lang == "zh":
            assert not re.search(r"[a-z]{2,}", default), tip  # not 'mixed' (GDP in units)
    sep = "：" if lang == "zh" else ": "
    cooperation = lever_tooltip(by_path["technology.cooperation"], lang)
    assert f"{t('default', lang)}{sep}{t('off', lang)} ·" in cooperation
    mode = lever_tooltip(by_path["strategy.mode"], lang)
    assert f"{t('default', lang)}{sep}{'混合' if lang == 'zh' else 'mixed'} ·" in mode
    rate = lever_tooltip(by_path["finance.policy_rate"], lang)
    assert f"{t('default', lang)}{sep}0.035 {'1/年' if lang == 'zh' else '1/year'}" in rate
    if lang == "zh":
        assert "来源（英文）：PBoC" in rate and "来源：" not in rate
    else:
        assert "source: PBoC" in rate


def test_settings_problems_are_framed_in_the_page_language():
    """A link's problems: the dashboard's own words in the page's language, the technical
    detail (the refused item, the field, the model's message) as it is."""
    from nqpf.dashboards.i18n import messages_text
    from nqpf.dashboards.share import settings_from_file, settings_from_query

    default = Settings("herding")
    _, problems = settings_from_query("seed=-1&set=finance.policy_rate%3D9", default)
    en = messages_text(problems, "en")
    assert en.startswith("seed '-1' must be a whole number from 0 to 4294967295; set ")
    zh = messages_text(problems, "zh")
    assert zh.startswith(
        "随机种子 '-1' 必须是 0 到 4294967295 之间的整数；设置 'finance.policy_rate=9' 未被采用："
    )
    assert "finance.policy_rate" in zh.split("未被采用：", 1)[1]  # the model's detail, as is
    assert "must be" not in zh and "seed" not in zh
    _, problems = settings_from_file(b"not json", default, "x.json")
    assert messages_text(problems, "zh").startswith("x.json：不是 JSON 设置文件（")
    doc = b'{"format": "nqpf-dashboard-settings/1", "scenario": "nope"}'
    _, problems = settings_from_file(doc, default, "x.json")
    assert messages_text(problems, "zh").startswith("x.json：情景 'nope' 不存在；可选：")


def test_a_failed_build_is_framed_in_the_page_language():
    from nqpf.dashboards.i18n import message_text

    good = Settings(TEXTBOOK, 0)
    state = _state(good)
    state.rebuild()
    state.rebuild(good.with_lever("solow.saving_rate", 1.5))
    assert "keeps its previous settings" in state.error.value
    zh = message_text(state.error.value, "zh")
    assert "solow.saving_rate" in zh and zh.endswith("（模拟保持之前的设置。）")
    # the stored notice is written in the page's language when shown: back to English too
    en = message_text(state.error.value, "en")
    assert en.endswith("The run keeps its previous settings.") and "模拟" not in en


def test_policy_objectives_are_labelled_with_units_and_plain_numbers(tmp_path):
    from nqpf.dashboards.policy import objective_label, objective_text
    from nqpf.sim.experiments.policy_folder import PolicyFolder

    objectives = {
        "gdp_growth": {"reduce": "growth", "column": "gdp", "years": [2024, 2035]},
        "written_off": {"reduce": "sum", "column": "written_off_capital", "years": [2024, 2035]},
        "peak_npl": {"reduce": "max", "column": "npl_ratio", "years": [2024, 2035]},
        "theil": {"reduce": "value", "column": "theil_index", "year": 2035},
        "consumption": {"reduce": "value", "column": "consumption", "year": 2150},
    }
    for name, config in objectives.items():
        config["direction"] = "maximize" if name in ("gdp_growth", "consumption") else "minimize"
    empty = pd.DataFrame()
    folder = PolicyFolder(tmp_path, "s", "expected", objectives, [], {}, empty, empty, empty)
    label = {n: objective_label(folder, n, "en") for n in objectives}
    assert label["gdp_growth"] == "GDP, yearly growth 2024-2035 (%) · higher is better"
    assert (
        label["written_off"] == "Written-off capital, total 2024-2035 (bn yuan) · lower is better"
    )
    assert label["peak_npl"] == "NPL ratio, peak 2024-2035 (%) · lower is better"
    assert label["theil"] == "Regional inequality (Theil index), 2035 · lower is better"
    assert label["consumption"] == "consumption, 2150 · higher is better"  # a derived column
    zh = objective_label(folder, "written_off", "zh")
    assert zh == "报废核销资本，2024-2035年累计（亿元） · 越低越好"
    assert objective_text(folder, "written_off", 13051.795457002288, "en") == "13,052"
    assert objective_text(folder, "written_off", 13051.795457002288, "zh") == "130,518"
    assert objective_text(folder, "gdp_growth", 0.04679080582636569, "en") == "4.68"
    assert objective_text(folder, "peak_npl", float("nan"), "en") == "–"


def test_policy_lever_cells_read_like_the_controls():
    from nqpf.dashboards.components.policy import lever_cell

    assert lever_cell("central.unified_market", np.True_, "en") == "on"
    assert lever_cell("central.capacity_controls", "False", "zh") == "关"
    assert lever_cell("strategy.mode", "mixed", "zh") == "混合"
    assert lever_cell("central.coordination", 0.20215646090849793, "en") == "0.2022"


def test_a_map_of_one_value_keeps_the_scale_within_the_unit():
    regions = pd.DataFrame(
        {"year": 2030, "region": [f"R{i}" for i in range(5)], "herding_propensity": 0.35}
    )
    colors = map_colors(regions, 2030, "herding_propensity", "en")
    assert colors.legend["ticks"] == ["0", "0.5", "1.00"]
    counts = pd.DataFrame({"year": 2030, "region": ["R0", "R1"], "universities": 7.0})
    ticks = map_colors(counts, 2030, "universities", "en").legend["ticks"]
    assert not ticks[0].startswith("-")
    counts["universities"] = [7.0, 168.0]
    assert map_colors(counts, 2030, "universities", "en").legend["ticks"] == ["7", "87.5", "168"]


def test_counts_are_whole_numbers():
    from nqpf.dashboards.chart_specs import industry_spec

    assert format_value(7.0, "universities", "en", "regions") == "7"
    assert format_value(5.0, "n_regions_prioritizing", "en", "industries") == "5 regions"
    assert format_value(2.5, "n_firms", "en", "regions") == "2.50 firms"  # a mean over seeds
    rows = pd.DataFrame(
        {"industry": ["a"], "tier": ["future"], "price": [1.2], "n_regions_prioritizing": [5]}
    )
    panels = {p["id"]: p for p in industry_spec(rows, "en", {})}
    assert panels["n_regions_prioritizing"]["integer"] and not panels["price"]["integer"]

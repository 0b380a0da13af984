"""The policy page's plain-Python side without a browser: finding searches under out/, a front
point whose base scenario the dashboard cannot open, and PRIM's boxes in words."""

from __future__ import annotations

import pytest

from nqpf.dashboards.policy import find_searches, point_settings, scatter_points
from nqpf.dashboards.simulation import Settings
from nqpf.sim.experiments.policy_folder import PolicyFolderError, load_policy_folder
from tests.conftest import SCENARIOS
from tests.unit.experiments.test_policy_report import plant


def test_searches_under_out_are_found_and_other_folders_are_not(tmp_path):
    plant(tmp_path / "policy" / "a")
    plant(tmp_path / "policy" / "b")
    (tmp_path / "policy" / "b" / "manifest.json").write_text('{"kind": "sweep"}')
    (tmp_path / "runs").mkdir()
    assert find_searches(tmp_path) == [(tmp_path / "policy" / "a").as_posix()]
    assert find_searches(tmp_path / "missing") == []


def test_a_point_opens_as_its_base_scenario_with_its_levers(tmp_path):
    folder = load_policy_folder(plant(tmp_path / "s"))
    solow = (SCENARIOS / "textbook" / "solow.toml").resolve()
    (tmp_path / "s" / "scenarios" / "front_02.toml").write_text(
        f'extends = "{solow.as_posix()}"\nname = "p"\n[world]\nend_year = 2150\n'
        "[solow]\nsaving_rate = 0.4123\n"
    )
    settings, problems = point_settings(folder, 2, Settings("baseline", 7))
    assert settings == Settings("textbook/solow", 7, (("solow.saving_rate", 0.4123),))
    assert problems == ["front_02.toml: not dashboard levers, not applied: world.end_year = 2150"]


def test_a_point_whose_base_is_not_a_shipped_scenario_is_named(tmp_path):
    folder = load_policy_folder(plant(tmp_path / "s"))
    (tmp_path / "base.toml").write_text('name = "tiny"\n')
    (tmp_path / "s" / "scenarios" / "front_01.toml").write_text('extends = "../../base.toml"\n')
    with pytest.raises(PolicyFolderError, match="is not under .*nqpf run .*front_01.toml"):
        point_settings(folder, 1, Settings("baseline"))
    with pytest.raises(PolicyFolderError, match="front point 3 has no scenario file"):
        point_settings(folder, 3, Settings("baseline"))


def test_scatter_data(tmp_path):
    folder = load_policy_folder(plant(tmp_path / "s"))
    data = scatter_points(folder, "a", "b", "expected", {"a": "A", "b": "B", "c": "C"})
    assert [p["point"] for p in data["front"]] == [1, 2, 3]
    assert [(p["x"], p["y"]) for p in data["front"]] == [(3.0, 3.0), (2.0, 2.0), (1.0, 1.0)]
    assert data["front"][0]["text"] == "A: 3.00\nB: 3.00\nC: 1.00"  # plain, never 3e+00
    assert (data["base"]["x"], data["base"]["y"]) == (1.5, 2.5)
    assert data["others"] == [{"x": 0.5, "y": 4.0}]


def test_scatter_values_are_in_the_objectives_units(tmp_path):
    """A share's score (the NPL ratio) is drawn and read in percent, like the National tab."""
    folder = load_policy_folder(plant(tmp_path / "s"))
    folder.objectives["a"]["column"] = "npl_ratio"
    data = scatter_points(folder, "a", "b", "expected", {"a": "A", "b": "B", "c": "C"}, "en")
    assert [p["x"] for p in data["front"]] == [300.0, 200.0, 100.0]
    assert data["front"][0]["text"].startswith("A: 300\nB: 3.00")


def test_a_point_opens_with_its_levers_exact(tmp_path):
    """The search's floats (0.20215646090849793) reach the sidebar and the address with every
    digit, so the run opened is exactly the search's run of the point."""
    from nqpf.dashboards.share import settings_query

    folder = load_policy_folder(plant(tmp_path / "s"))
    solow = (SCENARIOS / "textbook" / "solow.toml").resolve()
    (tmp_path / "s" / "scenarios" / "front_02.toml").write_text(
        f'extends = "{solow.as_posix()}"\n[solow]\nsaving_rate = 0.20215646090849793\n'
    )
    settings, problems = point_settings(folder, 2, Settings("baseline", 7))
    assert settings.levers == (("solow.saving_rate", 0.20215646090849793),) and problems == []
    assert "solow.saving_rate%3D0.20215646090849793&" in settings_query(settings) + "&"


def test_prim_boxes_read_as_labels_and_rounded_values_with_units(tmp_path):
    """A box names the parameter by its label and rounds its bounds, with the unit the levers
    show, in both languages; the ends it cuts are the report's (``restriction``)."""
    import re

    import pandas as pd

    from nqpf.dashboards.policy import box_text
    from nqpf.sim.experiments.policy_folder import restriction

    folder = load_policy_folder(plant(tmp_path / "s"))
    folder.uncertain.update(
        {
            "solow.population_growth": (0.0, 0.02),
            "solow.delta": (0.05, 0.12),
            "government.upgrade_return": (0.0, 0.08),
            "government.subsidy_rate": (0.0, 0.35),
            "government.project_attraction": (0.0, 0.001),
        }
    )
    rows = [  # parameter, low, high, states; English; Chinese
        (
            ("solow.population_growth", 7.68744945526123e-05, 0.012481052977964282, 16),
            "Population growth ≤ 0.0125 1/year",
            "人口增长率 ≤ 0.0125 1/年",
        ),
        (
            ("solow.delta", 0.055142714474350214, 0.1169055799394846, 16),
            "Depreciation rate: whole range",
            "折旧率：整个取值范围",
        ),
        (
            ("government.upgrade_return", 0.0234211, 0.0634211, 128),
            "Return to upgrading from 0.0234 1/year to 0.0634 1/year",
            "技术改造回报率介于 0.0234 1/年 与 0.0634 1/年 之间",
        ),
        (  # a lever: the schema's label and unit
            ("government.subsidy_rate", 0.0734211, 0.35, 128),
            "Subsidy intensity ≥ 0.0734 share of investment",
            "补贴力度 ≥ 0.0734 占投资比重",
        ),
        (  # a small bound is written out, never 7.69e-05
            ("government.project_attraction", 0.0000768744945, 0.001, 128),
            "Entrants from investment promotion ≥ 0.0000769 firms/year",
            "招商引资新进企业 ≥ 0.0000769 家企业/年",
        ),
    ]
    for (parameter, low, high, states), en, zh in rows:
        row = pd.Series({"parameter": parameter, "low": low, "high": high, "states": states})
        assert box_text(folder, row, "en") == en
        assert box_text(folder, row, "zh") == zh
        raw = restriction(parameter, low, high, folder.uncertain, states)  # the report's text
        assert (raw.count("<=") == 2) == bool(re.search(r" from [0-9]", en)), raw
        assert (">=" in raw) == ("≥" in en), raw
        assert (raw.count("<=") == 1) == ("≤" in en), raw
        assert raw.endswith("(whole range)") == en.endswith("whole range"), raw
    # the planted table: a cut end of an unlabelled parameter, and a policy that never fails
    boxes = [box_text(folder, r, "en") for _, r in folder.discovery.iterrows()]
    assert boxes == ["P ≥ 0.6", ""]


def test_analysed_front_points_are_named_by_their_number_in_the_front(tmp_path):
    """``discovery.csv`` names a front point by its key (``front:k2``); the tab names it as the
    point menu does, by its number in ``front.csv``; scenario files keep their names."""
    from nqpf.dashboards.policy import policy_name

    folder = load_policy_folder(plant(tmp_path / "s"))
    point = int(folder.front.loc[folder.front["key"] == "k2", "point"].iloc[0])
    assert policy_name(folder, "front:k2", "en") == f"Front point {point}"
    assert policy_name(folder, "front:k2", "zh") == f"前沿点 {point}"
    assert policy_name(folder, "herding", "en") == "herding"
    assert policy_name(folder, "front:gone", "en") == "front:gone"  # a key not on the front
    named = [policy_name(folder, p, "en") for p in folder.discovery["policy"].unique()]
    assert not any(n.startswith("front:") for n in named), named


def test_every_uncertain_parameter_of_the_shipped_searches_has_both_labels():
    """PRIM's boxes name the shipped searches' uncertain parameters in both languages (the
    schema's labels)."""
    import re
    import tomllib

    from nqpf.dashboards.param_text import PARAM_UNITS_ZH, lever_label
    from nqpf.sim.config import Scenario, iter_params, param_extra

    params = {path: param_extra(info) for path, info in iter_params(Scenario)}
    uncertain = set()
    for config in (SCENARIOS / "policy").glob("*.toml"):
        doc = tomllib.loads(config.read_text(encoding="utf-8"))
        uncertain |= set(doc.get("uncertainty", {}).get("parameters", {}))
    assert uncertain
    for path in sorted(uncertain):
        assert path in params, path
        assert params[path].get("label") and params[path].get("label_zh"), path
        assert re.search(r"[\u4e00-\u9fff]", lever_label(path, "zh")), path
        assert params[path].get("unit", "-") in PARAM_UNITS_ZH, path

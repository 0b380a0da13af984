"""The policy page's plain-Python side without a browser: finding searches under out/, and a
front point whose base scenario the dashboard cannot open."""

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

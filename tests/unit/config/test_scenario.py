"""Scenario files: schema errors, extends, --set overrides, and the CLI's handling of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqpf.sim.config import Scenario, ScenarioError
from tests.conftest import SCENARIOS

SOLOW = SCENARIOS / "textbook" / "solow.toml"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_FILES = {
    # name: (content, fragments the message must contain)
    "wrong_type": (
        f'extends = "{SOLOW}"\n[solow]\nalpha = "high"\n',
        ["wrong_type.toml", "line 3", "solow.alpha", "'high'", "float", "< 1"],
    ),
    "unknown_field": (
        f'extends = "{SOLOW}"\n[solow]\nalpah = 0.3\n',
        ["unknown_field.toml", "line 3", "solow.alpah", "Allowed fields", "alpha"],
    ),
    "out_of_range": (
        f'extends = "{SOLOW}"\n\n[solow]\ndelta = 1.5\n',
        ["out_of_range.toml", "line 4", "solow.delta", "1.5", "<= 0.5", "1/year"],
    ),
    "missing_extends": (
        'extends = "nothere.toml"\n',
        ["missing_extends.toml", "line 1", "extends", "nothere.toml", "does not exist"],
    ),
    "broken_toml": ("[solow\nalpha = 0.3\n", ["broken_toml.toml", "not valid TOML", "line 1"]),
    "bad_years": (
        f'extends = "{SOLOW}"\n[world]\nstart_year = 2030\nend_year = 2020\n',
        [
            "bad_years.toml, line 4: world.end_year (2020) is before world.start_year (2030). "
            "Allowed: an end year >= 2030."
        ],
    ),
    # a region name is checked against the geography when the file is read, before any run
    "bad_region": (
        '[strategy]\nby_region = { Bejing = "tailored" }\n',
        ["bad_region.toml", "strategy.by_region", "'Bejing'", "known regions: Beijing"],
    ),
    "bad_synthetic_region": (
        '[world]\ngeography = "synthetic:3"\n[strategy]\nby_region = { R04 = "herding" }\n',
        ["bad_synthetic_region.toml", "'R04'", "known regions: R01, R02, R03"],
    ),
    "extends_folder": (
        'extends = "."\n',
        ["extends_folder.toml", "line 1", "is a folder", "not a file"],
    ),
    "bad_geography": (
        '[world]\ngeography = "mars"\n',
        ["bad_geography.toml", "line 2", "world.geography", "'mars'", "synthetic:N"],
    ),
    "china31_year": (
        "[world]\nstart_year = 2005\n",
        ["china31_year.toml, line 2: world.start_year (2005) has no shipped data", "2011-2023"],
    ),
    # a start ratio at or below the requirement would make banks pay out each year what the
    # state puts back the same year (close_banks' dividend band and recapitalisation)
    "capital_band": (
        "[finance]\ncapital_requirement = 0.2\n",
        ["capital_band.toml", "line 2", "finance.initial_capital_ratio (0.14)", "(0.2)", "Allowed"],
    ),
    "negative_region": (
        f'extends = "{SOLOW}"\n[[world.regions]]\nname = "X"\npopulation = -3.0\n',
        ["negative_region.toml", "world.regions.0.population", "-3.0", "> 0"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_message_names_file_field_and_allowed(tmp_path, name):
    text, fragments = BAD_FILES[name]
    path = write(tmp_path, f"{name}.toml", text)
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from: {message}"


@pytest.mark.parametrize(
    "name", ["wrong_type", "unknown_field", "out_of_range", "missing_extends", "broken_toml"]
)
def test_cli_bad_file_exit_2_without_traceback(tmp_path, cli, name):
    text, fragments = BAD_FILES[name]
    path = write(tmp_path, f"{name}.toml", text)
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert fragments[0] in proc.stderr
    proc = cli("run", str(path), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists(), "a bad scenario must not leave outputs behind"
    debug = cli("--debug", "validate", str(path))
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_extends_deep_merges_and_child_wins(tmp_path):
    write(
        tmp_path,
        "parent.toml",
        "[solow]\nalpha = 0.3\ndelta = 0.05\n[technology]\ncatch_up_rate = 0.2\n",
    )
    child = write(
        tmp_path, "child.toml", 'extends = "parent.toml"\nname = "kid"\n[solow]\ndelta = 0.07\n'
    )
    sc = Scenario.load(child)
    assert sc.name == "kid"
    assert sc.solow.alpha == 0.3  # inherited
    assert sc.solow.delta == 0.07  # overridden
    assert sc.technology.catch_up_rate == 0.2
    assert sc.solow.saving_rate == Scenario().solow.saving_rate  # default


def test_extends_chain_and_cycle(tmp_path):
    write(tmp_path, "a.toml", 'extends = "b.toml"\n')
    write(tmp_path, "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="cycle"):
        Scenario.load(tmp_path / "a.toml")
    write(tmp_path, "g.toml", "[solow]\nalpha = 0.35\n")
    write(tmp_path, "p.toml", 'extends = "g.toml"\n[solow]\ndelta = 0.08\n')
    write(tmp_path, "c.toml", 'extends = "p.toml"\n')
    sc = Scenario.load(tmp_path / "c.toml")
    assert (sc.solow.alpha, sc.solow.delta, sc.name) == (0.35, 0.08, "c")


def test_set_overrides(tmp_path):
    sc = Scenario.load(SOLOW, overrides=["solow.alpha=0.45", "world.end_year=2010", "name=x"])
    assert sc.solow.alpha == 0.45 and sc.world.end_year == 2010 and sc.name == "x"
    with pytest.raises(ScenarioError, match="--set.*solow.alpha.*< 1"):
        Scenario.load(SOLOW, overrides=["solow.alpha=2"])
    with pytest.raises(ScenarioError, match="path.to.field=value"):
        Scenario.load(SOLOW, overrides=["solow.alpha"])
    with pytest.raises(ScenarioError, match="unknown field 'solow.beta'"):
        Scenario.load(SOLOW, overrides=["solow.beta=1"])


def test_every_shipped_scenario_validates():
    from nqpf.sim.config import list_scenarios, scenario_question

    paths = list_scenarios()
    assert any(p.name == "baseline.toml" for p in paths)
    for path in paths:
        Scenario.load(path)
        assert scenario_question(path), f"{path} lacks its leading question comment"


def test_generated_docs_are_current():
    from nqpf.sim.outputs.docgen import generated_docs

    docs = SCENARIOS.parent / "docs"
    for name, text in generated_docs().items():
        assert (docs / name).read_text(encoding="utf-8") == text, (
            f"docs/{name} is stale: run 'nqpf docs'"
        )


def test_validate_reports_every_file_and_fails_if_any_does(tmp_path, cli):
    bad = write(tmp_path, "bad.toml", '[strategy]\nmode = "nope"\n')
    typo = write(tmp_path, "typo.toml", "[solow]\nalpah = 0.3\n")
    proc = cli("validate", str(bad), str(SOLOW), str(typo))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "bad.toml" in proc.stderr and "typo.toml" in proc.stderr  # both, not the first only
    assert "ok" in proc.stdout and "solow.toml" in proc.stdout
    assert "2 of 3 files failed" in proc.stderr
    folder = cli("validate", str(tmp_path))
    assert folder.returncode == 2 and "is a folder, not a scenario file" in folder.stderr

"""The wording of bad-input messages: command-line options named, Literal values in plain words,
the lines of misspelt headers and keys, and TOML that is not one field per line."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from nqpf.sim.config import Scenario, ScenarioError, key_lines
from nqpf.sim.config.errors import type_text, where_from_origin
from nqpf.sim.config.params import StrictModel
from nqpf.sim.config.toml import resolve_extends
from tests.conftest import SCENARIOS

BASELINE = SCENARIOS / "baseline.toml"


def refused(path: Path = BASELINE, **how) -> str:
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path, **how)
    return str(info.value)


# ----------------------------------------------------- command-line options name themselves


YEAR_OPTIONS = [
    (
        {"--end-year": ("world.end_year", 1900)},
        "--end-year: world.end_year (1900) is before world.start_year (2023). "
        "Allowed: an end year >= 2023.",
    ),
    (
        {"--end-year": ("world.end_year", 2200)},
        "--end-year: world.end_year - world.start_year = 177 years; at most 60 with the full "
        "economy (world.end_year <= 2083).",
    ),
    (
        {"--start-year": ("world.start_year", 3000)},
        "--start-year: field 'world.start_year' = 3000 is invalid: Input should be less than or "
        "equal to 2200. Allowed: int >= 1900 and <= 2200 [year]",
    ),
    (
        {"--start-year": ("world.start_year", 2000)},
        "--start-year: world.start_year (2000) has no shipped data for world.geography "
        "'china31'. Allowed: a start year 2011-2023 (the years of the provincial panel).",
    ),
    (
        {"--start-year": ("world.start_year", 2049), "--end-year": ("world.end_year", 2030)},
        "--start-year and --end-year: world.end_year (2030)",
    ),
]
"""Year options and the start of the message each gets (the whole message where it ends with
a full stop)."""


@pytest.mark.parametrize("options,message", YEAR_OPTIONS)
def test_a_year_option_is_named_with_its_value_and_what_is_allowed(options, message):
    got = refused(options=options)
    assert got == message if message.endswith(".") else got.startswith(message), got


def test_options_set_the_field_once_and_apply_after_the_file():
    sc = Scenario.load(BASELINE, options={"--end-year": ("world.end_year", 2030)})
    assert (sc.name, sc.world.start_year, sc.world.end_year) == ("baseline", 2023, 2030)
    assert refused(
        overrides=["world.end_year=2040"], options={"--end-year": ("world.end_year", 2030)}
    ) == (
        "--end-year 2030: sets 'world.end_year', which --set 'world.end_year=2040' sets too; "
        "give the value once."
    )


def test_a_rule_broken_by_set_is_placed_at_set_not_at_the_file():
    assert refused(overrides=["world.end_year=1900"]) == (
        "--set: world.end_year (1900) is before world.start_year (2023). "
        "Allowed: an end year >= 2023."
    )
    assert refused(overrides=["finance.capital_requirement=0.2"]).startswith(
        "--set: finance.initial_capital_ratio (0.14) must be above "
        "finance.capital_requirement (0.2)"
    )


def test_a_rule_broken_in_the_file_and_by_set_names_both(tmp_path):
    path = tmp_path / "years.toml"
    path.write_text(f'extends = "{BASELINE}"\n[world]\nend_year = 2020\n', "utf-8")
    assert refused(path, overrides=["world.start_year=2021"]) == (
        f"{path}, line 3 (and --set): world.end_year (2020) is before world.start_year (2021). "
        "Allowed: an end year >= 2021."
    )


def test_origin_locator_names_each_option_and_can_put_them_first():
    origin = {
        "w": ("c.toml", 2),
        "w.start": ("c.toml", 3),
        "w.end": ("--end-year", None),
        "s.x": ("--set", None),
    }
    where = where_from_origin(origin, "c.toml")
    assert where("w") == "c.toml, line 2"  # the table itself: its header
    assert where("w", between=True) == "c.toml, line 3 (and --end-year)"
    assert where("", between=True) == "c.toml, line 3 (and --end-year and --set)"
    assert where("w.end") == "--end-year"
    first = where_from_origin(origin, "c.toml", command_line_first=True)
    assert first("w", between=True) == "--end-year"
    assert first("", between=True) == "--end-year and --set"
    assert first("w.start") == "c.toml, line 3"


def test_a_rule_blames_only_the_options_whose_fields_it_names():
    """A rule over the whole scenario names the options that set the fields it reads, not every
    option given (all of them only when it names none)."""
    msg = refused(overrides=["solow.alpha=0.3"], options={"--end-year": ("world.end_year", 2300)})
    assert msg.startswith("--end-year: world.end_year - world.start_year = 277 years")
    both = {"--start-year": ("world.start_year", 2005), "--end-year": ("world.end_year", 2010)}
    assert refused(options=both).startswith("--start-year: world.start_year (2005) has no")
    origin = {"w.end": ("--end-year", None), "s.x": ("--set", None)}
    where = where_from_origin(origin, "c.toml")
    assert where("", between=True, message="w.end is too late") == "--end-year"
    assert where("", between=True, message="something else") == "--end-year and --set"


# ---------------------------------------------------------- Literal values in plain words


class Choice(StrictModel):
    mode: Literal["uniform", "data"] = "uniform"


def test_type_text_words_types_as_a_toml_file_writes_them():
    assert type_text(Literal["uniform", "data"]) == "'uniform' or 'data'"
    assert type_text(Literal["a", "b", "c"]) == "'a', 'b' or 'c'"
    assert type_text(Literal["only"]) == "'only'"
    assert type_text(float | None) == "float"
    assert type_text(bool) == "true or false"
    assert type_text(dict[str, Literal["on", "off"]]) == "table of name = 'on' or 'off'"
    assert type_text(list[float]) == "list of float"
    assert type_text(Choice) == "a table"


def test_a_bad_literal_value_lists_the_allowed_values_once():
    msg = refused(overrides=["macro.regional_investment=foo"])
    assert msg.startswith(
        "--set: field 'macro.regional_investment' = 'foo' is invalid: not one of the allowed "
        "values. Allowed: 'auto', 'uniform' or 'data' (where the saving placed at home goes"
    )
    assert "Literal" not in msg
    msg = refused(overrides=["strategy.mode=herd"])
    assert "Allowed: 'tailored', 'herding', 'mixed' or 'tournament' (" in msg
    assert "Literal" not in msg and "Input should be" not in msg


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (
            "world.geography=mars",
            "--set: field 'world.geography' = 'mars' is invalid: unknown geography 'mars'; "
            "allowed: 'china31', 'custom', or 'synthetic:N' with 1 <= N <= 500.",
        ),
        (  # a switch given as text is told once what it takes
            "economy.check_accounts=yes",
            "--set: field 'economy.check_accounts' = 'yes' is invalid: 'yes' is not a switch; "
            "give true or false (no quotes).",
        ),
    ],
)
def test_a_message_that_says_what_is_allowed_gets_no_second_allowed(override, expected):
    assert refused(overrides=[override]) == expected


# ------------------------------------------------------------- lines of headers and keys


def test_misspelt_header_and_key_in_a_child_of_baseline_have_their_exact_lines(tmp_path):
    path = tmp_path / "child.toml"
    lines = [
        "# a child of the baseline",  # 1
        f'extends = "{BASELINE}"',  # 2
        'name = "child"',  # 3
        "",  # 4
        "[firmz]",  # 5: a misspelt section header
        "entry_rate = 0.1",  # 6
        "",  # 7
        "[solow]",  # 8
        "alpah = 0.3",  # 9: a misspelt key
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = refused(path).splitlines()
    assert f"{path}, line 5: unknown field 'firmz'. Allowed fields here: central," in "\n".join(
        problems
    )
    assert any(p.startswith(f"{path}, line 9: unknown field 'solow.alpah'.") for p in problems)
    assert len(problems) == 2


def test_a_value_that_replaces_a_parents_table_is_placed_in_the_child(tmp_path):
    """``solow = 3`` in a child of the baseline: the child's line, not the parent's [solow]."""
    path = tmp_path / "child.toml"
    path.write_text(f'extends = "{BASELINE}"\nname = "child"\nsolow = 3\n', encoding="utf-8")
    assert refused(path).startswith(f"{path}, line 3: field 'solow' = 3 is invalid")


@pytest.mark.parametrize(
    "text, line",
    [
        ("[firmz.entry]\nrate = 1\n", 1),  # a sub-table only: the header of the sub-table
        ("\n\n[firmz]\n", 3),  # an empty table
        ("firmz.rate = 1\n", 1),  # a table opened by a dotted key
        ("firmz = { rate = 1 }\n", 1),  # an inline table
    ],
)
def test_an_unknown_table_is_placed_at_the_line_that_opens_it(tmp_path, text, line):
    path = tmp_path / "t.toml"
    path.write_text(f'extends = "{BASELINE}"\n' + text, encoding="utf-8")
    assert refused(path).startswith(f"{path}, line {line + 1}: unknown field 'firmz'.")


def test_resolve_extends_records_the_lines_of_tables(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[solow]\nalpha = 0.3\n[set]\n"a.b" = { c = 1 }\n', encoding="utf-8")
    _, origin = resolve_extends(path)
    assert origin["solow"] == (str(path), 1) and origin["solow.alpha"] == (str(path), 2)
    assert origin["set.a.b"] == (str(path), 4) and origin["set.a.b.c"] == (str(path), 4)


def test_key_lines_skips_multiline_strings_and_arrays(tmp_path):
    path = tmp_path / "m.toml"
    lines = [
        'description = """',  # 1
        "[not a header]",  # 2
        'x = "not a key"',  # 3
        '"""',  # 4
        "name = 'n'  # [a comment]",  # 5
        "[strategy]",  # 6
        "values = [",  # 7
        "  [1, 2]",  # 8
        "]",  # 9
        'mode = "herding"',  # 10
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert key_lines(path) == {
        "description": 1,
        "name": 5,
        "strategy": 6,
        "strategy.values": 7,
        "strategy.mode": 10,
    }


# ------------------------------------------------------------------ kinds of config file


@pytest.mark.parametrize(
    "text, kind",
    [
        ('extends = "baseline.toml"\n[solow]\nalpha = 0.3\n', "scenario file"),
        ("[firmz]\nx = 1\n[parameters]\ny = 1\n", "scenario file"),  # misspelt: a scenario
        ('base = "b.toml"\n[parameters]\n[design]\nmethod = "grid"\n', "sweep spec"),
        ('base = "b.toml"\n[levers]\n[objectives]\n[uncertainty]\n', "policy-search config"),
        ("[model]\n[fit]\n[parameters]\n[moments]\n", "calibration config"),
        ("[solow\n", None),  # not TOML: the loader reports it
    ],
)
def test_file_kind_tells_configuration_files_apart(tmp_path, text, kind):
    from nqpf.sim.cli.common import file_kind

    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    assert file_kind(path) == kind


def test_a_region_without_capital_is_refused_before_it_divides_by_zero(tmp_path):
    """Output is A K^alpha L^(1-alpha): a region that starts with no capital produces nothing and
    its shares divide by zero, so the schema asks for capital > 0."""
    path = tmp_path / "custom.toml"
    path.write_text(
        '[world]\ngeography = "custom"\nstart_year = 2020\nend_year = 2030\n'
        '[[world.regions]]\nname = "A"\ncapital = 0\n',
        encoding="utf-8",
    )
    message = refused(path)
    assert "field 'world.regions.0.capital' = 0 is invalid" in message
    assert "Allowed: float > 0 [bn yuan]" in message


@pytest.mark.parametrize("name", ["", "  "])
def test_a_region_without_a_name_is_refused(tmp_path, name):
    path = tmp_path / "custom.toml"
    path.write_text(
        f'[world]\ngeography = "custom"\n[[world.regions]]\nname = "{name}"\n', encoding="utf-8"
    )
    assert "a region's name must have text other than blanks" in refused(path)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_toml_nan_and_inf_are_not_parameter_values(tmp_path, value):
    path = tmp_path / "s.toml"
    path.write_text(f'extends = "{BASELINE}"\n[solow]\nsaving_rate = {value}\n', encoding="utf-8")
    message = refused(path)
    assert "line 3: field 'solow.saving_rate'" in message
    assert "Input should be a finite number" in message


# ------------------------------------------- arrays of tables, sections, other kinds, names

REGIONS = """name = "regions"
[world]
geography = "custom"
[[world.regions]]
name = "A"
population = 10
[[world.regions]]
name = "B"
population = -5
[[world.regions]]
name = "C"
populaton = 1
"""


def test_an_entry_of_an_array_of_tables_is_placed_at_its_own_line(tmp_path, monkeypatch):
    """Each [[world.regions]] entry's problem names the absolute file and the entry's line (the
    relative path given on the command line, without a line, before)."""
    (tmp_path / "regions.toml").write_text(REGIONS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = refused(Path("regions.toml")).splitlines()
    path = tmp_path / "regions.toml"
    assert lines[0].startswith(f"{path}, line 9: field 'world.regions.1.population' = -5")
    assert lines[1].startswith(f"{path}, line 12: unknown field 'world.regions.2.populaton'")


def test_an_entry_replaced_on_the_command_line_is_placed_there(tmp_path):
    path = tmp_path / "regions.toml"
    path.write_text(REGIONS.replace("populaton", "population"), encoding="utf-8")
    message = refused(path, overrides=['world.regions=[{name = "Z", population = -1}]'])
    assert message.startswith("--set: field 'world.regions.0.population' = -1 is invalid")


def test_a_child_of_an_array_of_tables_keeps_the_parents_lines(tmp_path):
    (tmp_path / "regions.toml").write_text(REGIONS, encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text('name = "c"\nextends = "regions.toml"\n', encoding="utf-8")
    assert refused(child).startswith(f"{tmp_path / 'regions.toml'}, line 9: ")


def test_extending_a_sweep_spec_says_it_is_not_a_scenario(tmp_path):
    spec = SCENARIOS / "sweeps" / "herding_intensity.toml"
    child = tmp_path / "child.toml"
    child.write_text(f'name = "c"\nextends = "{spec}"\n', encoding="utf-8")
    message = refused(child)
    assert message.startswith(
        f"{child}, line 2: {child} extends {spec}, which is a sweep specification, not a scenario."
    )
    assert "unknown field" not in message


def test_the_other_kinds_markers_are_their_schemas_fields_that_a_scenario_lacks():
    from nqpf.calibration.config_schema import CalibrationConfig
    from nqpf.sim.config.file_kinds import OTHER_KINDS
    from nqpf.sim.experiments.policy_spec import PolicySearchSpec
    from nqpf.sim.experiments.sweep_spec import SweepSpec

    scenario = set(Scenario.model_fields) | {"extends"}
    schemas = {
        "a sweep specification": SweepSpec,
        "a policy-search configuration": PolicySearchSpec,
        "a calibration configuration": CalibrationConfig,
    }
    for kind, schema in schemas.items():
        assert OTHER_KINDS[kind] == set(schema.model_fields) - scenario


@pytest.mark.parametrize(
    "text, override",
    [("[[solow]]\nalpha = 0.3\n", None), ("", "solow=3")],
)
def test_a_section_given_a_value_is_explained_as_a_section(tmp_path, text, override):
    path = tmp_path / "s.toml"
    path.write_text(f'name = "s"\n{text}', encoding="utf-8")
    message = refused(path, overrides=[override] if override else None)
    assert "valid dictionary or instance" not in message
    assert "'solow' is a section (a table of fields such as solow.alpha), not a value" in message
    assert "--set solow.alpha=" in message and "[solow] header" in message


@pytest.mark.parametrize("name", ['""', '"   "'])
def test_an_empty_scenario_name_is_refused_at_its_line(tmp_path, name):
    path = tmp_path / "s.toml"
    path.write_text(f"# a scenario\nname = {name}\n", encoding="utf-8")
    message = refused(path)
    assert message.startswith(f"{path}, line 2: field 'name' = ")
    assert "a scenario's name cannot be empty" in message

"""The one explainer: one message per kind of pydantic error, in each file kind's style."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import Field, ValidationError, model_validator

from nqpf.sim.config import Scenario, ScenarioError
from nqpf.sim.config.errors import MessageStyle, explain, where_from_origin, where_in_file
from nqpf.sim.config.params import StrictModel, param


class Item(StrictModel):
    """A list entry."""

    size: float = param(1.0, unit="m", meaning="edge length", gt=0)


class Part(StrictModel):
    """A table with a cross-field rule."""

    low: int = param(0, unit="-", meaning="lower end", ge=0, le=10)
    high: int = param(5, unit="-", meaning="upper end", ge=0, le=10)
    mode: Literal["a", "b"] = param("a", unit="-", meaning="how")
    rate: float = param(0.1, unit="1/year", meaning="yearly rate", ge=0, lt=1)

    @model_validator(mode="after")
    def _ordered(self) -> Part:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self


class Doc(StrictModel):
    """A small document schema."""

    name: str = param("x", unit="-", meaning="short name")
    part: Part = Part()
    items: list[Item] = param([], unit="-", meaning="the items")
    tags: dict[str, Literal["on", "off"]] = param({}, unit="-", meaning="switches by name")
    parts: dict[str, Part] = Field({}, description="named parts")
    needed: int = Field(3, description="a count", ge=1)


class Needs(StrictModel):
    """A schema with a required field."""

    must: int = Field(description="a required count", ge=1)


def problems(
    data: dict, schema=Doc, style: MessageStyle | None = None, lines: dict | None = None
) -> list[str]:
    with pytest.raises(ValidationError) as info:
        schema.model_validate(data)
    where = where_in_file("f.toml", lines or {})
    return explain(info.value, schema, where, style or MessageStyle()).splitlines()


LINES = {"part": 2, "part.rate": 3, "items": 5, "parts.p": 8}


def test_invalid_value_names_type_range_unit_and_meaning():
    assert problems({"part": {"rate": 1.5}}, lines=LINES) == [
        "f.toml, line 3: field 'part.rate' = 1.5 is invalid: Input should be less than 1. "
        "Allowed: float >= 0 and < 1 [1/year] (yearly rate)."
    ]
    # a Literal's values in plain words, once (not "Literal" and pydantic's list again)
    assert problems({"part": {"mode": "c"}}, lines=LINES) == [
        "f.toml, line 2: field 'part.mode' = 'c' is invalid: not one of the allowed values. "
        "Allowed: 'a' or 'b' (how)."
    ]


def test_unknown_field_lists_the_fields_allowed_beside_it():
    assert problems({"part": {"rat": 1}, "nam": "y"}, lines=LINES) == [
        "f.toml, line 2: unknown field 'part.rat'. Allowed fields here: high, low, mode, rate.",
        "f.toml: unknown field 'nam'. Allowed fields here: items, name, needed, part, parts, tags.",
    ]


def test_list_and_table_entries_of_schema_classes():
    assert problems({"items": [{"size": 1}, {"size": -1}]}, lines=LINES) == [
        "f.toml, line 5: field 'items.1.size' = -1 is invalid: Input should be greater than 0. "
        "Allowed: float > 0 [m] (edge length)."
    ]
    assert problems({"items": [{"sise": 1}]}, lines=LINES) == [
        "f.toml, line 5: unknown field 'items.0.sise'. Allowed fields here: size."
    ]
    assert problems({"parts": {"p": {"low": 11}}}, lines=LINES) == [
        "f.toml, line 8: field 'parts.p.low' = 11 is invalid: Input should be less than or "
        "equal to 10. Allowed: int >= 0 and <= 10 (lower end)."
    ]


def test_entries_of_plain_tables_have_no_allowed_tail():
    assert problems({"tags": {"x": "maybe"}}) == [
        "f.toml: field 'tags.x' = 'maybe' is invalid: Input should be 'on' or 'off'."
    ]


def test_a_rule_between_fields_is_placed_at_its_table():
    assert problems({"part": {"low": 4, "high": 2}}, lines=LINES) == [
        "f.toml, line 2: field 'part' is invalid: high (2) is below low (4)."
    ]


def test_meaning_style_and_missing_fields():
    style = MessageStyle(allowed="meaning")
    assert problems({"needed": 0}, style=style) == [
        "f.toml: field 'needed' = 0 is invalid: Input should be greater than or equal to 1. "
        "Allowed: a count (>= 1)."
    ]
    assert problems({}, schema=Needs, style=style) == [
        "f.toml: field 'must' is invalid: Field required. Allowed: a required count (>= 1)."
    ]


def test_required_style_without_indexes_or_allowed_tail():
    style = MessageStyle(allowed=None, indexes=False, root="", missing="required")
    assert problems({}, schema=Needs, style=style) == ["f.toml: field 'must' is required."]
    assert problems({"items": [{"size": -1}]}, style=style, lines=LINES) == [
        "f.toml, line 5: field 'items.size' = -1 is invalid: Input should be greater than 0."
    ]


def test_locators():
    lines = {"a": 1, "a.b": 2}
    nearest, exact = where_in_file("f.toml", lines), where_in_file("f.toml", lines, enclosing=False)
    assert nearest("a.b.c") == "f.toml, line 2" and exact("a.b.c") == "f.toml"
    assert nearest("") == exact("") == "f.toml" and exact("a.b") == "f.toml, line 2"
    origin = {"w.start": ("p.toml", 3), "w.end": ("c.toml", 4), "s.x": ("--set", None)}
    where = where_from_origin(origin, "c.toml")
    assert where("w.end") == "c.toml, line 4"
    assert where("w") == "c.toml, line 4"  # a table: the latest key set below it
    assert where("s.x") == "--set" and where("q") == "c.toml"
    # a table whose keys came from a file and from --set names both (either may be the cause)
    assert where("") == "c.toml, line 4 (and --set)" and where("s") == "--set"
    mixed = where_from_origin({"w.start": ("p.toml", 3), "w.end": ("--set", None)}, "c.toml")
    assert mixed("w") == "p.toml, line 3 (and --set)"


def test_scenario_messages_through_load(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[world]\ngeography = "synthetic:3"\n[solow]\nalpah = 0.3\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path)
    assert str(info.value) == (
        f"{path}, line 4: unknown field 'solow.alpah'. Allowed fields here: alpha, delta, "
        "demography, employment_per_working_age, labor_force_share, population_growth, "
        "saving_rate, tfp_growth."
    )
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path.with_name("none.toml"))
    assert str(info.value) == f"{tmp_path / 'none.toml'}: scenario file not found."
    path.write_text('[world]\ngeography = "synthetic:3"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path, overrides=["solow.delta=2"])
    assert str(info.value) == (
        "--set: field 'solow.delta' = 2 is invalid: Input should be less than or equal to 0.5. "
        "Allowed: float >= 0 and <= 0.5 [1/year] (depreciation rate of capital)."
    )
    with pytest.raises(ScenarioError, match="^<overrides of s>: unknown field 'solow.beta'"):
        Scenario.load(path).with_overrides({"solow.beta": 1})

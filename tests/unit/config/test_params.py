"""Parameter declarations: param() metadata, the strict base, and the schema walkers."""

from __future__ import annotations

import pytest
from pydantic import Field, ValidationError

from nqpf.sim.config import Scenario, StrictModel, param
from nqpf.sim.config.params import (
    bounds_text,
    field_at,
    fields_beside,
    iter_documented_params,
    iter_params,
    param_extra,
)


class Inner(StrictModel):
    """A section."""

    rate: float = param(
        0.5,
        unit="1/year",
        meaning="a rate",
        ge=0,
        lt=1,
        source="a paper",
        lever=True,
        label="Rate",
        label_zh="比率",
        meaning_zh="一个比率",
    )
    count: int = param(2, unit="-", meaning="a count", gt=0)


class Outer(StrictModel):
    """A document."""

    inner: Inner = Inner()
    entries: list[Inner] = param([], unit="-", meaning="entries")
    named: dict[str, Inner] = Field({})
    plain: dict[str, str] = param({}, unit="-", meaning="plain table")
    pair: tuple[float, float] | None = None


def test_param_records_unit_range_source_lever_and_labels():
    info = Inner.model_fields["rate"]
    assert info.default == 0.5 and info.description == "a rate"
    assert param_extra(info) == {
        "unit": "1/year",
        "source": "a paper",
        "lever": True,
        "label": "Rate",
        "label_zh": "比率",
        "meaning_zh": "一个比率",
    }
    assert bounds_text(info) == ">= 0 and < 1"
    count = Inner.model_fields["count"]
    assert param_extra(count) == {"unit": "-", "source": "assumption", "lever": False}
    assert bounds_text(count) == "> 0"
    assert param_extra(Outer.model_fields["named"]) == {}


def test_strict_model_refuses_unknown_fields_and_revalidates_assignments():
    with pytest.raises(ValidationError, match="extra_forbidden|Extra inputs"):
        Inner(rat=1)
    inner = Inner()
    with pytest.raises(ValidationError):
        inner.rate = 2.0
    assert inner.rate == 0.5


def test_iter_params_lists_leaves_depth_first():
    assert [path for path, _ in iter_params(Outer)] == [
        "inner.rate",
        "inner.count",
        "entries",
        "named",
        "plain",
        "pair",
    ]


def test_documented_params_add_the_fields_of_an_entry_after_a_list_or_table_of_sections():
    assert [path for path, _ in iter_documented_params(Outer)] == [
        "inner.rate",
        "inner.count",
        "entries",
        "entries[].rate",
        "entries[].count",
        "named",
        "named[].rate",
        "named[].count",
        "plain",
        "pair",
    ]


def _bare(source: str) -> bool:
    """A source that names nothing: empty, or "assumption" with no reason after it."""
    return source.strip().strip(".;:").strip().lower() in ("", "assumption", "setting")


def test_every_scenario_parameter_has_a_unit_and_a_source_with_its_reason():
    """The project's rule: every parameter has a unit, a range and a source; an assumption or a
    setting says why (the custom regions' fields included)."""
    missing = [
        path
        for path, info in iter_documented_params(Scenario)
        if not param_extra(info).get("unit") or _bare(param_extra(info).get("source", ""))
    ]
    assert missing == []
    assert _bare("assumption") and _bare(" Assumption. ") and not _bare("assumption: why")


def test_every_numeric_scenario_parameter_has_an_allowed_range():
    unbounded = [
        path
        for path, info in iter_documented_params(Scenario)
        if info.annotation in (int, float, int | None, float | None) and not bounds_text(info)
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "loc, field",
    [
        (("inner", "rate"), ("Inner", "rate")),
        (("entries",), ("Outer", "entries")),
        (("entries", 3), ("Outer", "entries")),  # a list position of schema classes
        (("entries", 0, "count"), ("Inner", "count")),
        (("named", "x"), ("Outer", "named")),  # a table key of schema classes
        (("named", "x", "rate"), ("Inner", "rate")),
        (("plain", "x"), None),  # inside a table of plain values
        (("pair", 1), None),
        (("inner", "nothing"), None),
    ],
)
def test_field_at_follows_error_locations(loc, field):
    info = field_at(Outer, loc)
    if field is None:
        assert info is None
    else:
        schema = {"Inner": Inner, "Outer": Outer}[field[0]]
        assert info is schema.model_fields[field[1]]


def test_fields_beside_names_the_neighbours_of_an_unknown_field():
    assert fields_beside(Outer, ("x",)) == ["entries", "inner", "named", "pair", "plain"]
    assert fields_beside(Outer, ("inner", "x")) == ["count", "rate"]
    assert fields_beside(Outer, ("entries", 2, "x")) == ["count", "rate"]
    assert fields_beside(Outer, ("named", "k", "x")) == ["count", "rate"]
    assert fields_beside(Outer, ("nothing", "x")) == []


def test_every_scenario_lever_has_both_labels_and_a_chinese_meaning():
    levers = [
        (path, param_extra(info))
        for path, info in iter_params(Scenario)
        if param_extra(info).get("lever")
    ]
    assert levers
    for path, extra in levers:
        assert extra.get("label") and extra.get("label_zh") and extra.get("meaning_zh"), path
    # other parameters carry a label where the dashboard shows them by name (PRIM's boxes of the
    # shipped policy searches' uncertain parameters); a label is always in both languages
    half = [
        path
        for path, info in iter_params(Scenario)
        if bool(param_extra(info).get("label")) != bool(param_extra(info).get("label_zh"))
    ]
    assert not half

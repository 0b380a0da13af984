"""Output columns are declared once, each with a unit, a meaning and both labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.outputs import COLUMNS, TABLES, Column, columns_of, find, get, unit_of
from nqpf.sim.outputs.column import declare
from nqpf.sim.outputs.docgen import outputs_markdown
from nqpf.sim.outputs.recorder import Recorder

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


@pytest.fixture(scope="module")
def recorded() -> dict:
    """Tables of a short baseline run (every table has rows) and of the Solow textbook run."""
    baseline = Scenario.load(SCENARIOS / "baseline.toml").with_overrides({"world.end_year": 2025})
    solow = Scenario.load(SCENARIOS / "textbook" / "solow.toml")
    return {
        "baseline": RegionalEconomy(baseline, seed=0).run(),
        "solow": RegionalEconomy(solow, seed=0).run(),
    }


def test_every_recorded_column_is_declared_with_unit_meaning_and_both_labels(recorded):
    for run, tables in recorded.items():
        assert set(tables) == set(TABLES)
        for table, frame in tables.items():
            assert list(frame.columns) == columns_of(table), (run, table)
            for name in frame.columns:
                column = find(table, name)
                assert column is not None, (run, table, name)
                assert column.unit and column.meaning and column.en and column.zh
    assert len(recorded["baseline"]["industries"]) > 0


def test_each_column_is_declared_once_per_table():
    keys = [(c.table, c.name) for c in COLUMNS]
    assert len(keys) == len(set(keys))
    assert {c.table for c in COLUMNS} == set(TABLES)
    assert all(columns_of(t)[0] == "year" for t in TABLES)


def test_declare_rejects_a_second_declaration_and_a_missing_label():
    row = ("x", "-", "meaning", "X", "叉")
    assert declare("t", [row]) == (Column("t", "x", "-", "meaning", "X", "叉"),)
    with pytest.raises(ValueError, match="t.x declared twice"):
        declare("t", [row, row])
    with pytest.raises(ValueError, match="t.y lacks a label"):
        declare("t", [("y", "-", "meaning", "Y", "")])


def test_lookups():
    assert unit_of("national", "gdp") == "bn yuan/year"
    assert get("regions", "wage").unit == "thousand yuan/worker/year"
    assert find("national", "wage") is None and columns_of("nowhere") == []
    with pytest.raises(KeyError, match="no column 'wage' in table 'national'"):
        unit_of("national", "wage")
    assert get("national", "gdp").label("zh") == "国内生产总值（GDP）"
    with pytest.raises(ValueError):
        get("national", "gdp").label("fr")


def test_docs_table_lists_every_column_with_unit_and_meaning():
    text = outputs_markdown()
    for column in COLUMNS:
        assert f"| `{column.name}` | {column.unit} | {column.meaning} |" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        f"## `{t}`" for t in TABLES
    ]


def test_recorder_broadcasts_scalars_and_keeps_declared_columns():
    rec = Recorder()
    national = {c: float(i) for i, c in enumerate(columns_of("national"))}
    regions = {c: 1.0 for c in columns_of("regions")}
    regions["region"] = ["A", "B"]
    rec.add(national, regions, None)
    frames = rec.frames()
    assert rec.n_years == 1 and rec.last_national() is national
    assert list(frames["national"].columns) == columns_of("national")
    assert list(frames["regions"]["region"]) == ["A", "B"]
    np.testing.assert_array_equal(frames["regions"]["gdp"], [1.0, 1.0])
    assert frames["industries"].empty
    assert list(frames["industries"].columns) == columns_of("industries")

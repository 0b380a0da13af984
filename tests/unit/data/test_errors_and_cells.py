"""DataFileError messages and the cell-by-cell CSV checks of nqpf.sim.data.csv_cells."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import pandas as pd
import pytest

from nqpf.sim.data.csv_cells import (
    csv_line,
    int_or_none,
    numeric_column,
    parse_number,
    read_text_csv,
    require_columns,
)
from nqpf.sim.data.errors import DataFileError


def test_message_names_file_place_problem_and_allowed():
    err = DataFileError(
        "panel.csv",
        "'abc' is not a number",
        column="gdp",
        line=14,
        region="Beijing",
        year=2011,
        allowed="a number >= 0",
    )
    assert str(err) == (
        "panel.csv: line 14, column 'gdp' (region 'Beijing', year 2011): "
        "'abc' is not a number; allowed: a number >= 0"
    )
    assert isinstance(err, ValueError)


def test_message_without_a_place():
    assert str(DataFileError("x.csv", "no rows")) == "x.csv: no rows"
    assert (
        str(DataFileError("x.csv", "no row", region="Tibet", year=2020))
        == "x.csv: region 'Tibet', year 2020: no row"
    )


def test_error_keeps_its_fields_through_pickling():
    err = DataFileError(
        Path("p.csv"), "bad", column="c", line=3, region="r", year=2000, allowed="ok"
    )
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.column, back.line, back.region, back.year, back.allowed) == (
        Path("p.csv"),
        "c",
        3,
        "r",
        2000,
        "ok",
    )
    assert str(back) == str(err)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_text_csv_keeps_cells_as_text(tmp_path):
    df = read_text_csv(_csv(tmp_path, "a,b\n01,\n2.50,x\n"))
    assert list(df["a"]) == ["01", "2.50"] and list(df["b"]) == ["", "x"]


def test_read_text_csv_missing_and_empty_files(tmp_path):
    with pytest.raises(DataFileError, match="file not found; allowed: an existing CSV file"):
        read_text_csv(tmp_path / "absent.csv")
    with pytest.raises(DataFileError, match="is a folder, not a file; allowed: an existing CSV"):
        read_text_csv(tmp_path)
    with pytest.raises(DataFileError, match="not a readable CSV"):
        read_text_csv(_csv(tmp_path, ""))


def test_require_columns_names_the_missing_and_the_duplicate(tmp_path):
    path = tmp_path / "t.csv"
    with pytest.raises(DataFileError, match=r"column 'c': missing column\(s\) \['c'\]") as info:
        require_columns(pd.DataFrame({"a": [], "b": []}), path, ("a", "c"))
    assert info.value.column == "c"
    twice = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(DataFileError, match="column appears more than once"):
        require_columns(twice, path, ("a",))


def test_parse_number_and_int_or_none():
    assert parse_number(" 2.5 ") == 2.5
    assert math.isnan(parse_number("")) and math.isnan(parse_number("NA"))
    with pytest.raises(ValueError):
        parse_number("inf")
    with pytest.raises(ValueError):
        parse_number("abc")
    assert int_or_none("2023") == 2023 and int_or_none("2023.0") == 2023
    assert int_or_none("2023.5") is None and int_or_none("x") is None
    assert csv_line(0) == 2


def test_numeric_column_reports_the_first_bad_cell_with_line_region_year(tmp_path):
    df = pd.DataFrame(
        {"region": ["A", "B", "C"], "year": ["2000", "2001", "2002"], "v": ["1", "", "-3"]}
    )
    path = tmp_path / "t.csv"
    values = numeric_column(df.iloc[:2], path, "v", allowed="a number")
    assert values.iloc[0] == 1.0 and math.isnan(values.iloc[1])
    with pytest.raises(DataFileError) as info:
        numeric_column(df, path, "v", allowed=">= 0", regions=df["region"], years=df["year"])
    assert (info.value.line, info.value.region, info.value.year) == (4, "C", 2002)
    assert "negative value -3" in str(info.value)
    with pytest.raises(DataFileError, match="line 3, column 'v' .*empty cell"):
        numeric_column(df, path, "v", allowed="a number", regions=df["region"], required=True)
    assert numeric_column(
        df.iloc[[0, 2]], path, "v", allowed="any", non_negative=False
    ).tolist() == [1.0, -3.0]
    bad = pd.DataFrame({"v": ["1", "abc"]})
    with pytest.raises(DataFileError, match="line 3, column 'v': 'abc' is not a number"):
        numeric_column(bad, path, "v", allowed="a number")

"""The shipped recent-growth file and its loader's checks."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.industries import load_industries
from nqpf.sim.data.industry_growth import GROWTH_PATH, recent_growth

HEADER = "industry,recent_growth,measure,source\n"


def test_shipped_file_covers_every_industry_with_a_source():
    table = load_industries()
    growth = recent_growth(table.keys, np.full(table.n, np.nan))
    assert np.isfinite(growth).all()
    # the herding waves of 2018-2023: PV modules and NEVs grew far faster than anything else
    pv, nev = table.index("new_energy_pv"), table.index("nev_batteries")
    others = np.delete(growth, [pv, nev])
    assert growth[pv] == pytest.approx(0.42) and growth[nev] == pytest.approx(0.50)
    assert min(growth[pv], growth[nev]) > others.max()
    text = GROWTH_PATH.read_text(encoding="utf-8")
    assert text.count("\n") == table.n + 1


def test_missing_industry_falls_back_to_the_trend(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text(HEADER + "a,0.3,output,somewhere\n", encoding="utf-8")
    np.testing.assert_allclose(
        recent_growth(("a", "b"), np.array([0.05, 0.07]), path=path), [0.3, 0.07]
    )


@pytest.mark.parametrize(
    ("rows", "needle"),
    [
        ("a,x,output,somewhere\n", "'x' is not a number"),
        ("a,3.5,output,somewhere\n", "out of range"),
        ("a,0.1,output,s\na,0.2,output,s\n", "appears twice"),
    ],
)
def test_bad_rows_name_file_line_and_what_is_allowed(tmp_path, rows, needle):
    path = tmp_path / "g.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        recent_growth(("a",), np.zeros(1), path=path)
    message = str(err.value)
    assert needle in message and "g.csv" in message and "allowed" in message


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("industry,growth\na,0.1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="recent_growth"):
        recent_growth(("a",), np.zeros(1), path=path)

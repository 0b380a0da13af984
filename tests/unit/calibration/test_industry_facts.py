"""Industry facts (calibration/industry_facts.py, industry_facts_data.py): the shipped data
files, their validation, the concordance, and the model-beside-data table on a tiny run."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration import industry_facts as facts
from nqpf.calibration import industry_facts_data as facts_data
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.industries import load_industries

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


def _edit(path: Path, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on 1-based ``line`` of the file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


# --- the shipped files -----------------------------------------------------------------------


def test_shipped_files_load_with_the_documented_coverage() -> None:
    annual = facts_data.load_capacity_utilisation_annual()
    total = annual[annual["sector"] == "industry_total"].set_index("year")["value_pct"]
    assert list(total.index) == list(range(2016, 2025))
    assert total.loc[2016] == 73.3 and total.loc[2023] == 75.1  # ../shared/data/README.md
    npl = facts_data.load_npl_ratio().set_index("year")["value_pct"]
    assert 2019 not in npl.index and npl.index.min() == 2009 and npl.index.max() == 2024
    assert facts_data.load_sei_share().set_index("year")["value_pct"].loc[2014] == 7.6


def test_quarter_means_fill_only_sector_years_without_an_annual_value() -> None:
    annual = facts_data.load_capacity_utilisation_annual()
    merged = facts_data.load_capacity_utilisation()
    filled = merged[merged["basis"] == "mean_of_quarters"]
    assert len(filled) > 0
    keys = set(zip(annual["year"], annual["sector"], strict=True))
    assert not any((y, s) in keys for y, s in zip(filled["year"], filled["sector"], strict=True))
    q = facts_data.load_capacity_utilisation_quarterly()
    row = filled.iloc[0]
    quarters = q[(q["year"] == row["year"]) & (q["sector"] == row["sector"])]["value_pct"]
    assert len(quarters) == 4 and row["value_pct"] == pytest.approx(quarters.mean())


def test_concordance_covers_every_model_industry_exactly_once() -> None:
    table = load_industries()
    conc = facts_data.load_concordance()
    assert sorted(conc["industry"]) == sorted(table.keys)
    assert conc["industry"].is_unique
    for sectors, match in zip(conc["sectors"], conc["match"], strict=True):
        assert (len(sectors) == 0) == (match == "none")
    # every future industry says "none": NBS measures no utilisation for them
    assert (conc.loc[conc["tier"] == "future", "match"] == "none").all()


# --- malformed files give a message naming file, line, column and what is allowed ------------


BAD_CELLS = [
    # (file, line, old text, new text, loader, expected message)
    (facts_data.CU_ANNUAL, 3, ",62.9,", ",sixty,", facts_data.load_capacity_utilisation_annual,
     r"capacity_utilisation_nbs_annual\.csv: line 3, column 'capacity_utilisation_pct'.*"
     r"from 0 to 100"),
    (facts_data.CU_ANNUAL, 2, "industry_total", "industry_sum", facts_data.load_capacity_utilisation_annual,
     r"line 2.*'sector'.*industry_sum.*mining"),
    (facts_data.CU_QUARTERLY, 2, "2017Q4", "2017Q5", facts_data.load_capacity_utilisation_quarterly,
     r"line 2.*'quarter'.*YYYYQn"),
    (facts_data.NPL_RATIO, 2, "http://", "ftp://", facts_data.load_npl_ratio,
     r"line 2.*'source_url'.*http"),
    (facts_data.NPL_RATIO, 4, "2011,0.96", "2011,-1", facts_data.load_npl_ratio,
     r"line 4.*'npl_ratio_pct'.*-1"),
    (facts_data.SEI_SHARE, 3, "2022,13.0,approximate", "2014,13.0,approximate", facts_data.load_sei_share,
     r"line 3.*appears twice"),
    (facts_data.CONCORDANCE, 2, "mining;utilities", "mining;steel", facts_data.load_concordance,
     r"line 2.*'nbs_sectors'.*steel"),
    (facts_data.CONCORDANCE, 10, "new_materials,emerging,none,none",
     "new_materials,emerging,none,partial", facts_data.load_concordance,
     r"line 10.*does not agree with match"),
    (facts_data.CONCORDANCE, 4, "heavy_manufacturing,traditional", "heavy_manufacturing,emerging",
     facts_data.load_concordance, r"line 4.*'tier'.*traditional"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line", "old", "new", "loader", "message"), BAD_CELLS)
def test_a_bad_cell_is_named_by_file_line_column_and_what_is_allowed(
    tmp_path: Path, source: Path, line: int, old: str, new: str, loader, message: str
) -> None:
    path = _copy(tmp_path, source)
    _edit(path, line, old, new)
    with pytest.raises(DataFileError, match=message) as err:
        loader(path)
    assert "allowed:" in str(err.value)


def test_a_missing_column_and_missing_or_repeated_industries_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "npl.csv"
    bad.write_text("year,npl_ratio_pct\n2020,1.84\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"npl\.csv.*missing column.*basis"):
        facts_data.load_npl_ratio(bad)
    text = facts_data.CONCORDANCE.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "short.csv").write_text("".join(text[:-1]), encoding="utf-8")
    with pytest.raises(DataFileError, match="humanoid_low_altitude.*no row"):
        facts_data.load_concordance(tmp_path / "short.csv")
    (tmp_path / "twice.csv").write_text("".join([*text, text[1]]), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"line {len(text) + 1}.*appears twice"):
        facts_data.load_concordance(tmp_path / "twice.csv")


# --- data series built from the files --------------------------------------------------------


def test_industry_series_is_the_unweighted_mean_of_its_sectors() -> None:
    data = facts_data.data_facts().set_index(["fact", "year"])["data"]
    annual = facts_data.load_capacity_utilisation_annual().set_index(["sector", "year"])[
        "value_pct"
    ]
    expected = (annual.loc[("mining", 2017)] + annual.loc[("utilities", 2017)]) / 2
    assert data.loc[(facts_data.CU_PREFIX + "energy_materials", 2017)] == pytest.approx(expected)
    assert (
        data.loc[(facts_data.CU_PREFIX + "biomedicine", 2021)]
        == annual.loc[("pharmaceuticals", 2021)]
    )
    # an industry mapped to "none" has no data series
    assert (facts_data.CU_PREFIX + "quantum") not in data.index.get_level_values(0)


# --- the model beside the data on a tiny run -------------------------------------------------


def _run_tiny(folder: Path) -> pd.DataFrame:
    """The baseline from the 2018 data start to 2021 with 600 firms, seeds 0 and 1."""
    scenario = folder / "tiny.toml"
    scenario.write_text(
        f'name = "tiny"\nextends = "{BASELINE.as_posix()}"\n[economy]\ninitial_firms = 600\n',
        encoding="utf-8",
    )
    return facts.simulate(scenario, seeds=2, starts=(2018,), end_year=2021)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    return _run_tiny(tmp_path_factory.mktemp("industry_facts"))


def test_tiny_run_table_has_every_fact_and_finite_values(tiny_run: pd.DataFrame) -> None:
    conc = facts_data.load_concordance()
    mapped = {facts_data.CU_PREFIX + k for k, s in zip(conc["industry"], conc["sectors"]) if s}
    assert set(tiny_run["fact"]) == {facts_data.TOTAL, facts_data.NPL, facts_data.SEI} | mapped
    assert set(tiny_run["year"]) == {2018, 2019, 2020, 2021}
    assert set(tiny_run["seed"]) == {0, 1}
    assert np.isfinite(tiny_run["model"]).all()
    comparison = facts.compare(tiny_run, facts_data.data_facts(conc))
    summary = facts.summarise(comparison)
    assert list(summary.columns) == [
        "start_year", "fact", "years", "n_years", "data_mean", "model_mean", "bias", "rmse"
    ]  # fmt: skip
    # scored years are after the start year and only where data exist (NPL has no 2019)
    npl = summary.set_index("fact").loc[facts_data.NPL]
    assert npl["years"] == "2020-2021" and npl["n_years"] == 2
    assert np.isfinite(summary[["bias", "rmse"]].to_numpy()).all()
    assert (summary["rmse"] >= summary["bias"].abs() - 1e-12).all()
    start_rows = comparison[comparison["year"] == 2018]
    assert not start_rows["scored"].any()
    assert "| 2018 | npl_ratio | 2020-2021 | 2 |" in facts.markdown_table(summary)


def test_model_facts_are_the_documented_transformations() -> None:
    """Utilisation and NPL are the output columns x 100; the SEI share is emerging plus future
    nominal value added over nominal GDP; industries mapped to "none" get no utilisation fact."""
    national = pd.DataFrame(
        {
            "year": [2020],
            "capacity_utilization": [0.75],
            "npl_ratio": [0.02],
            "gdp_nominal": [1000.0],
        }
    )
    industries = pd.DataFrame(
        {
            "year": [2020] * 4,
            "industry": ["energy_materials", "biomedicine", "quantum", "new_materials"],
            "tier": ["traditional", "emerging", "future", "emerging"],
            "capacity_utilization": [0.8, 0.7, 0.5, 0.6],
            "value_added_nominal": [300.0, 60.0, 10.0, 30.0],
        }
    )
    out = facts.model_facts(national, industries, facts_data.load_concordance())
    got = out.set_index("fact")["model"]
    assert got[facts_data.TOTAL] == pytest.approx(75.0) and got[facts_data.NPL] == pytest.approx(
        2.0
    )
    assert got[facts_data.SEI] == pytest.approx(100.0 * (60 + 10 + 30) / 1000)
    assert got[facts_data.CU_PREFIX + "energy_materials"] == pytest.approx(80.0)
    assert got[facts_data.CU_PREFIX + "biomedicine"] == pytest.approx(70.0)
    assert facts_data.CU_PREFIX + "quantum" not in got.index
    assert facts_data.CU_PREFIX + "new_materials" not in got.index


def test_start_year_utilisation_is_the_parameter(tiny_run: pd.DataFrame) -> None:
    """Why the start year is not scored: every industry starts at firms.initial_utilization."""
    start = tiny_run[tiny_run["year"] == 2018]
    cu = start[start["fact"].str.startswith(facts_data.CU_PREFIX)]["model"]
    assert np.allclose(cu, 76.0)
    later = tiny_run[
        (tiny_run["year"] == 2021) & tiny_run["fact"].str.startswith(facts_data.CU_PREFIX)
    ]
    assert not np.allclose(later["model"], 76.0)


def test_tiny_run_is_deterministic(tiny_run: pd.DataFrame, tmp_path: Path) -> None:
    again = _run_tiny(tmp_path)
    pd.testing.assert_frame_equal(again, tiny_run)
    seed0 = tiny_run[tiny_run["seed"] == 0].reset_index(drop=True)
    seed1 = tiny_run[tiny_run["seed"] == 1].reset_index(drop=True)
    assert not np.allclose(seed0["model"], seed1["model"])  # seeds differ, so the band has width


# --- the tool docs/tools/industry_facts.py --------------------------------------------------


@pytest.mark.parametrize("below_file", [False, True])
def test_tool_refuses_an_output_folder_that_is_a_file_before_running(
    tmp_path: Path, below_file: bool
) -> None:
    """A bad ``--out`` (a file, or a folder under a file) stops the tool with exit status 2 and
    a message naming the path, before any run and without touching the file."""
    import subprocess
    import sys

    a_file = tmp_path / "not_a_folder"
    a_file.write_text("keep", encoding="utf-8")
    out = a_file / "sub" if below_file else a_file
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "tools" / "industry_facts.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"--out {out}" in done.stderr
    assert ("this is a file" in done.stderr) != below_file
    assert ("cannot create the folder" in done.stderr) == below_file
    assert done.stdout == ""  # no progress bar, no table: nothing ran
    assert a_file.read_text(encoding="utf-8") == "keep"

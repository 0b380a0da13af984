"""Industry facts (calibration/industry_facts.py): the shipped data files, their validation,
the concordance, and the model-beside-data table on a tiny run."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration import industry_facts as facts
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
    annual = facts.load_capacity_utilisation_annual()
    total = annual[annual["sector"] == "industry_total"].set_index("year")["value_pct"]
    assert list(total.index) == list(range(2016, 2025))
    assert total.loc[2016] == 73.3 and total.loc[2023] == 75.1  # ../shared/data/README.md
    npl = facts.load_npl_ratio().set_index("year")["value_pct"]
    assert 2019 not in npl.index and npl.index.min() == 2009 and npl.index.max() == 2024
    assert facts.load_sei_share().set_index("year")["value_pct"].loc[2014] == 7.6


def test_quarter_means_fill_only_sector_years_without_an_annual_value() -> None:
    annual = facts.load_capacity_utilisation_annual()
    merged = facts.load_capacity_utilisation()
    filled = merged[merged["basis"] == "mean_of_quarters"]
    assert len(filled) > 0
    keys = set(zip(annual["year"], annual["sector"], strict=True))
    assert not any((y, s) in keys for y, s in zip(filled["year"], filled["sector"], strict=True))
    q = facts.load_capacity_utilisation_quarterly()
    row = filled.iloc[0]
    quarters = q[(q["year"] == row["year"]) & (q["sector"] == row["sector"])]["value_pct"]
    assert len(quarters) == 4 and row["value_pct"] == pytest.approx(quarters.mean())


def test_concordance_covers_every_model_industry_exactly_once() -> None:
    table = load_industries()
    conc = facts.load_concordance()
    assert sorted(conc["industry"]) == sorted(table.keys)
    assert conc["industry"].is_unique
    for sectors, match in zip(conc["sectors"], conc["match"], strict=True):
        assert (len(sectors) == 0) == (match == "none")
    # every future industry says "none": NBS measures no utilisation for them
    assert (conc.loc[conc["tier"] == "future", "match"] == "none").all()


# --- malformed files give a message naming file, line, column and what is allowed ------------


def test_a_non_numeric_utilisation_names_file_line_column_and_range(tmp_path: Path) -> None:
    path = _copy(tmp_path, facts.CU_ANNUAL)
    _edit(path, 3, ",62.9,", ",sixty,")
    with pytest.raises(DataFileError) as err:
        facts.load_capacity_utilisation_annual(path)
    text = str(err.value)
    assert path.name in text and "line 3" in text and "capacity_utilisation_pct" in text
    assert "from 0 to 100" in text


def test_an_unknown_sector_is_refused_with_the_allowed_keys(tmp_path: Path) -> None:
    path = _copy(tmp_path, facts.CU_ANNUAL)
    _edit(path, 2, "industry_total", "industry_sum")
    with pytest.raises(DataFileError, match=r"line 2.*'sector'.*industry_sum.*mining"):
        facts.load_capacity_utilisation_annual(path)


def test_a_missing_column_and_a_bad_quarter_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "npl.csv"
    bad.write_text("year,npl_ratio_pct\n2020,1.84\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"npl\.csv.*missing column.*basis"):
        facts.load_npl_ratio(bad)
    path = _copy(tmp_path, facts.CU_QUARTERLY)
    _edit(path, 2, "2017Q4", "2017Q5")
    with pytest.raises(DataFileError, match=r"line 2.*'quarter'.*YYYYQn"):
        facts.load_capacity_utilisation_quarterly(path)


def test_a_row_without_a_url_and_a_duplicate_year_are_refused(tmp_path: Path) -> None:
    path = _copy(tmp_path, facts.NPL_RATIO)
    _edit(path, 2, "http://", "ftp://")
    with pytest.raises(DataFileError, match=r"line 2.*'source_url'.*http"):
        facts.load_npl_ratio(path)
    dup = tmp_path / "sei.csv"
    dup.write_text(
        "year,sei_share_pct,basis,source\n2014,7.6,stated,x\n2014,7.7,stated,y\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"line 3.*appears twice"):
        facts.load_sei_share(dup)


def test_concordance_errors_name_the_row(tmp_path: Path) -> None:
    path = _copy(tmp_path, facts.CONCORDANCE)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "short.csv").write_text("".join(text[:-1]), encoding="utf-8")
    with pytest.raises(DataFileError, match="humanoid_low_altitude.*no row"):
        facts.load_concordance(tmp_path / "short.csv")
    (tmp_path / "twice.csv").write_text("".join([*text, text[1]]), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 16.*appears twice"):
        facts.load_concordance(tmp_path / "twice.csv")
    _edit(path, 2, "mining;utilities", "mining;steel")
    with pytest.raises(DataFileError, match=r"line 2.*'nbs_sectors'.*steel"):
        facts.load_concordance(path)
    path = _copy(tmp_path, facts.CONCORDANCE)
    _edit(path, 9, "new_materials,emerging,none,none", "new_materials,emerging,none,partial")
    with pytest.raises(DataFileError, match=r"line 9.*does not agree with match"):
        facts.load_concordance(path)


# --- data series built from the files --------------------------------------------------------


def test_industry_series_is_the_unweighted_mean_of_its_sectors() -> None:
    data = facts.data_facts().set_index(["fact", "year"])["data"]
    annual = facts.load_capacity_utilisation_annual().set_index(["sector", "year"])["value_pct"]
    expected = (annual.loc[("mining", 2017)] + annual.loc[("utilities", 2017)]) / 2
    assert data.loc[(facts.CU_PREFIX + "energy_materials", 2017)] == pytest.approx(expected)
    assert (
        data.loc[(facts.CU_PREFIX + "biomedicine", 2021)] == annual.loc[("pharmaceuticals", 2021)]
    )
    # an industry mapped to "none" has no data series
    assert (facts.CU_PREFIX + "quantum") not in data.index.get_level_values(0)


# --- the model beside the data on a tiny run -------------------------------------------------


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("industry_facts")
    scenario = folder / "tiny.toml"
    scenario.write_text(
        f'name = "tiny"\nextends = "{BASELINE.as_posix()}"\n[economy]\ninitial_firms = 600\n',
        encoding="utf-8",
    )
    return facts.simulate(scenario, seeds=2, starts=(2018,), end_year=2021)


def test_tiny_run_table_has_every_fact_and_finite_values(tiny_run: pd.DataFrame) -> None:
    conc = facts.load_concordance()
    mapped = {facts.CU_PREFIX + k for k, s in zip(conc["industry"], conc["sectors"]) if s}
    assert set(tiny_run["fact"]) == {facts.TOTAL, facts.NPL, facts.SEI} | mapped
    assert set(tiny_run["year"]) == {2018, 2019, 2020, 2021}
    assert set(tiny_run["seed"]) == {0, 1}
    assert np.isfinite(tiny_run["model"]).all()
    comparison = facts.compare(tiny_run, facts.data_facts(conc))
    summary = facts.summarise(comparison)
    assert list(summary.columns) == [
        "start_year", "fact", "years", "n_years", "data_mean", "model_mean", "bias", "rmse"
    ]  # fmt: skip
    # scored years are after the start year and only where data exist (NPL has no 2019)
    npl = summary.set_index("fact").loc[facts.NPL]
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
    out = facts.model_facts(national, industries, facts.load_concordance())
    got = out.set_index("fact")["model"]
    assert got[facts.TOTAL] == pytest.approx(75.0) and got[facts.NPL] == pytest.approx(2.0)
    assert got[facts.SEI] == pytest.approx(100.0 * (60 + 10 + 30) / 1000)
    assert got[facts.CU_PREFIX + "energy_materials"] == pytest.approx(80.0)
    assert got[facts.CU_PREFIX + "biomedicine"] == pytest.approx(70.0)
    assert facts.CU_PREFIX + "quantum" not in got.index
    assert facts.CU_PREFIX + "new_materials" not in got.index


def test_start_year_utilisation_is_the_parameter(tiny_run: pd.DataFrame) -> None:
    """Why the start year is not scored: every industry starts at firms.initial_utilization."""
    start = tiny_run[tiny_run["year"] == 2018]
    cu = start[start["fact"].str.startswith(facts.CU_PREFIX)]["model"]
    assert np.allclose(cu, 76.0)
    later = tiny_run[(tiny_run["year"] == 2021) & tiny_run["fact"].str.startswith(facts.CU_PREFIX)]
    assert not np.allclose(later["model"], 76.0)


def test_tiny_run_is_deterministic(tiny_run: pd.DataFrame, tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.toml"
    scenario.write_text(
        f'name = "tiny"\nextends = "{BASELINE.as_posix()}"\n[economy]\ninitial_firms = 600\n',
        encoding="utf-8",
    )
    again = facts.simulate(scenario, seeds=2, starts=(2018,), end_year=2021)
    pd.testing.assert_frame_equal(again, tiny_run)
    seed0 = tiny_run[tiny_run["seed"] == 0].reset_index(drop=True)
    seed1 = tiny_run[tiny_run["seed"] == 1].reset_index(drop=True)
    assert not np.allclose(seed0["model"], seed1["model"])  # seeds differ, so the band has width

"""Statistics and reading of `nqpf compare`, on hand-made ensembles whose answers are known."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.config import Scenario
from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.compare import load_scenarios, parse_window
from nqpf.sim.experiments.compare_stats import (
    HEADLINE,
    CompareError,
    effective_window,
    mean_paths,
    summarize,
    t_interval,
)
from nqpf.sim.experiments.report import write_report
from nqpf.sim.experiments.report_figures import find_cjk_font, plot_paths
from nqpf.sim.experiments.report_text import reading
from nqpf.sim.outputs import axis_label, difference_unit, display_unit, label, unit_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compare"
YEARS = list(range(2023, 2030))


def make_runs(n_seeds: int = 8) -> pd.DataFrame:
    """Two scenarios on common seeds with known paired differences.

    Each seed has its own large level (shared by both scenarios, as common random numbers
    give); B's GDP is A's + 100 * (year - 2023) + noise of mean exactly zero, B's capacity
    utilisation is A's - 0.04 after the first year, NPL ratios differ by noise of mean zero.
    """
    rng = np.random.default_rng(12345)
    rows = []
    for i in range(n_seeds):
        level = rng.normal(20_000, 3_000)
        noise = np.linspace(-1.0, 1.0, n_seeds)[i]  # mean exactly 0 across seeds
        for year in YEARS:
            k = year - 2023
            gdp = level * 1.05**k
            cu = 0.76 + 0.01 * rng.normal()
            npl = 0.02 + 0.005 * rng.normal()
            rows.append(
                {
                    "scenario": "A",
                    "seed_index": i,
                    "seed": 100 + i,
                    "year": year,
                    "gdp": gdp,
                    "capacity_utilization": cu,
                    "npl_ratio": npl,
                }
            )
            rows.append(
                {
                    "scenario": "B",
                    "seed_index": i,
                    "seed": 100 + i,
                    "year": year,
                    "gdp": gdp + 100 * k + 10 * noise,
                    "capacity_utilization": cu - (0.04 if k else 0.0) + 0.002 * noise,
                    "npl_ratio": npl + 0.001 * noise,
                }
            )
    return pd.DataFrame(rows)


def make_comparison(n_seeds: int = 8):
    runs = make_runs(n_seeds)
    scenarios = [
        Scenario.from_dict({"name": "A", "description": "reference"}),
        Scenario.from_dict({"name": "B", "description": "alternative"}),
    ]
    return summarize(
        runs,
        scenarios,
        ["a.toml", "b.toml"],
        list(range(100, 100 + n_seeds)),
        seed_base=0,
        window=None,
    )


def test_t_interval_matches_the_t_table():
    # x = 1..5: mean 3, s = sqrt(2.5); t_{0.975, 4} = 2.776445 (Student's t table)
    mean, lo, hi = t_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    half = 2.776445 * np.sqrt(2.5) / np.sqrt(5)
    assert mean == pytest.approx(3.0)
    assert (lo, hi) == pytest.approx((3.0 - half, 3.0 + half), abs=1e-5)
    assert t_interval(np.array([0.7, 0.7, 0.7])) == pytest.approx((0.7, 0.7, 0.7))
    m1, lo1, hi1 = t_interval(np.array([4.0, np.nan]))
    assert m1 == 4.0 and np.isnan(lo1) and np.isnan(hi1)


def test_band_is_the_5th_to_95th_percentile_across_seeds():
    runs = pd.DataFrame(
        {
            "scenario": "A",
            "seed_index": range(21),
            "seed": range(21),
            "year": 2030,
            "gdp": np.arange(21.0)[::-1],
        }
    )
    row = mean_paths(runs, ["A"], "gdp").iloc[0]
    assert (row["mean"], row["p05"], row["p95"], row["n_seeds"]) == (10.0, 1.0, 19.0, 21)


def test_paired_differences_remove_the_noise_common_to_both_scenarios():
    comp = make_comparison()
    gdp = comp.summary.set_index("indicator").loc["gdp"]
    # window 2024-2029: mean of 100 k for k = 1..6 = 350; seed levels vary by thousands
    assert gdp["mean_diff"] == pytest.approx(350.0)
    assert 0 < gdp["ci_high"] - gdp["ci_low"] < 20
    assert gdp["distinguishable"]
    band = comp.paths["gdp"].query("scenario == 'A' and year == 2029")
    assert float(band["p95"].iloc[0] - band["p05"].iloc[0]) > 1000  # unpaired spread is large
    diff = comp.differences["gdp"].set_index("year")
    assert diff.loc[2023, "mean_diff"] == pytest.approx(0.0)
    assert diff.loc[2029, "mean_diff"] == pytest.approx(600.0)
    npl = comp.summary.set_index("indicator").loc["npl_ratio"]
    assert npl["ci_low"] < 0 < npl["ci_high"] and not npl["distinguishable"]


def test_reading_states_direction_size_and_interval():
    comp = make_comparison()
    text = reading(comp, "en")[0]
    assert text.startswith(
        "Over 2024-2029 (mean of the yearly values, 8 paired seeds), B compared with A:"
    )
    m = re.search(
        r"GDP is ([\d,.]+) bn yuan/year \(([\d.]+) %\) higher under B than under A "
        r"\(95 % CI ([\d,.]+) to ([\d,.]+)\)",
        text,
    )
    assert m, text
    size, lo, hi = (float(m.group(k).replace(",", "")) for k in (1, 3, 4))
    assert lo < size < hi and size == pytest.approx(350, abs=1)
    m = re.search(
        r"Capacity utilisation is ([\d.]+) percentage points lower under B than under A "
        r"\(95 % CI ([\d.]+) to ([\d.]+)\)",
        text,
    )
    assert m, text
    size, lo, hi = (float(m.group(k)) for k in (1, 2, 3))
    assert size == pytest.approx(4.0, abs=0.05) and 0 < lo < size < hi
    assert text.endswith("Not distinguishable from zero with these seeds: NPL ratio.")
    zh = reading(comp, "zh")[0]
    assert "B情景下产能利用率比A情景低" in zh and "个百分点" in zh and "95%置信区间" in zh
    assert "不良贷款率" in zh.split("无法区分的指标：")[1]


def test_one_seed_has_no_interval_and_says_so():
    comp = make_comparison(n_seeds=1)
    assert comp.summary["ci_low"].isna().all()
    assert "One seed gives no confidence interval" in reading(comp, "en")[0]


def test_windows():
    assert parse_window("2024:2040") == (2024, 2040)
    assert effective_window(None, YEARS) == (2024, 2029)  # default window, clipped
    assert effective_window(None, range(2011, 2021)) == (2011, 2020)  # whole horizon if before
    assert effective_window((2020, 2025), YEARS) == (2023, 2025)
    with pytest.raises(CompareError, match="none of the simulated years 2023-2029"):
        effective_window((2040, 2050), YEARS)
    for bad in ("2024-2040", "24:40", "2040:2024", ""):
        with pytest.raises(CompareError, match="--window"):
            parse_window(bad)


def test_scenarios_are_paired_by_name_and_years():
    low = FIXTURES / "low_saving.toml"
    names = [sc.name for sc in load_scenarios([low, low])]
    assert names == ["low_saving", "low_saving (2)"]
    with pytest.raises(CompareError, match="at least two"):
        load_scenarios([low])
    other = load_scenarios([low, FIXTURES / "high_saving.toml"], ["world.end_year=2026"])
    assert {sc.world.end_year for sc in other} == {2026}


def test_a_scenario_against_itself_differs_by_exactly_zero():
    from nqpf.sim.experiments.batch import make_executor
    from nqpf.sim.experiments.compare import plan_comparison, run_comparison

    low = FIXTURES / "low_saving.toml"
    plan = plan_comparison([low, low], n_seeds=2, seed_base=3)
    comp = run_comparison(plan, make_executor("local", jobs=1))
    assert comp.names == ["low_saving", "low_saving (2)"] and len(comp.seeds) == 2
    assert (comp.summary["mean_diff"] == 0).all() and not comp.summary["distinguishable"].any()
    assert all((d["mean_diff"] == 0).all() for d in comp.differences.values())


def test_failed_runs_are_named_and_the_others_kept():
    from nqpf.sim.experiments.batch import RunRecord, SerialExecutor
    from nqpf.sim.experiments.compare import RunsFailed, plan_comparison, run_comparison

    class FailSecondSeed(SerialExecutor):
        def submit(self, fn, /, *args, **kwargs):
            spec = args[0]
            if spec.run_id.endswith(":1"):
                fn = lambda s: RunRecord(s.run_id, s.seed, "error", error="ValueError: boom")  # noqa: E731
            return super().submit(fn, *args, **kwargs)

    plan = plan_comparison([FIXTURES / "low_saving.toml", FIXTURES / "high_saving.toml"], n_seeds=2)
    with pytest.raises(
        RunsFailed,
        match=r"2 of 4 runs failed; first: scenario 'low_saving', "
        rf"seed {plan.seeds[1]}: ValueError: boom",
    ) as info:
        run_comparison(plan, FailSecondSeed())
    kept = info.value.runs
    assert sorted(set(zip(kept["scenario"], kept["seed_index"]))) == [
        ("high_saving", 0),
        ("low_saving", 0),
    ]


class InterruptThirdRun(SerialExecutor):
    """A serial executor on which Ctrl-C arrives during the third run."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn, /, *args, **kwargs):
        self.submitted += 1
        if self.submitted == 3:

            def fn(_spec):
                raise KeyboardInterrupt

        return super().submit(fn, *args, **kwargs)


def test_interrupted_comparison_keeps_the_finished_runs():
    from nqpf.sim.experiments.compare import RunsInterrupted, plan_comparison, run_comparison

    plan = plan_comparison([FIXTURES / "low_saving.toml", FIXTURES / "high_saving.toml"], n_seeds=2)
    with pytest.raises(RunsInterrupted, match=r"interrupted after 2 of 4 runs") as info:
        run_comparison(plan, InterruptThirdRun())
    assert isinstance(info.value, KeyboardInterrupt)  # callers that only know Ctrl-C still stop
    kept = info.value.runs
    assert sorted(set(zip(kept["scenario"], kept["seed_index"]))) == [
        ("low_saving", 0),
        ("low_saving", 1),
    ]


def test_ctrl_c_in_nqpf_compare_writes_the_finished_runs_beside_the_report(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import nqpf.sim.cli.compare as cli_compare
    from nqpf.sim.cli.app import app

    monkeypatch.setattr(cli_compare, "open_executor", lambda *a, **k: InterruptThirdRun())
    out = tmp_path / "report"
    args = ["compare", str(FIXTURES / "low_saving.toml"), str(FIXTURES / "high_saving.toml")]
    result = CliRunner().invoke(app, [*args, "--seeds", "2", "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()  # the report folder is complete or absent
    partial = tmp_path / "report.runs_national_partial.parquet"
    assert "the 2 runs that succeeded are kept in" in result.output
    kept = pd.read_parquet(partial)
    assert sorted(set(zip(kept["scenario"], kept["seed_index"]))) == [
        ("low_saving", 0),
        ("low_saving", 1),
    ]


def test_a_report_that_cannot_be_written_keeps_every_run_beside_it(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import nqpf.sim.experiments.report as report
    from nqpf.sim.cli.app import app

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report, "write_report", fail)
    out = tmp_path / "report"
    args = ["compare", str(FIXTURES / "low_saving.toml"), str(FIXTURES / "high_saving.toml")]
    result = CliRunner().invoke(app, [*args, "--seeds", "2", "--jobs", "1", "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()
    assert "the report could not be written; all the runs are kept in" in result.output
    kept = pd.read_parquet(tmp_path / "report.runs_national.parquet")
    assert len(set(zip(kept["scenario"], kept["seed_index"]))) == 4


def test_every_headline_indicator_has_units_and_both_languages():
    for name in HEADLINE:
        unit_of("national", name)  # declared in sim.outputs
        en, zh = label(name, "en"), label(name, "zh")
        assert en and en != name and zh != en
        assert re.search(r"[\u4e00-\u9fff]", zh), zh
        assert display_unit(name, "zh") != "" or unit_of("national", name) == "-"
    assert difference_unit("capacity_utilization", "en") == "percentage points"
    assert axis_label("gdp", "zh") == "国内生产总值（GDP）（万亿元/年）"


@pytest.mark.filterwarnings("ignore:Glyph")  # label text is tested here, fonts below
def test_plots_are_labelled_in_the_chosen_language():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    comp = make_comparison()
    for lang, year, lab in (
        ("en", "Year", "GDP (bn yuan/year)"),
        ("zh", "年份", "国内生产总值（GDP）（万亿元/年）"),
    ):
        fig = plot_paths(comp, "gdp", lang)
        ax = fig.axes[0]
        assert (ax.get_xlabel(), ax.get_ylabel()) == (year, lab)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
        plt.close(fig)


def test_chinese_report_without_a_cjk_font_falls_back_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr("nqpf.sim.experiments.report.find_cjk_font", lambda: None)
    files = write_report(make_comparison(), tmp_path, "zh")
    assert len(files.warnings) == 1 and "fonts-noto-cjk" in files.warnings[0]
    md = files.markdown.read_text(encoding="utf-8")
    assert "## 解读" in md and "未找到中文字体" in md  # tables stay Chinese, the note says why
    assert len(files.plots) == 2 * 3 and all(p.stat().st_size > 1000 for p in files.plots)


def test_a_found_cjk_font_has_chinese_glyphs():
    from matplotlib import font_manager as fm
    from matplotlib.ft2font import FT2Font

    font = find_cjk_font()
    if font is None:  # the machine has none: the fallback above is what users get
        assert not any("CJK" in f.name for f in fm.fontManager.ttflist)
        return
    path = fm.findfont(fm.FontProperties(family=font), fallback_to_default=False)
    assert FT2Font(path).get_char_index(ord("国")) != 0

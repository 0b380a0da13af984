"""`nqpf compare` end to end: report files, self-contained HTML, reading, languages, determinism.

Fixtures (tests/fixtures/compare): five synthetic regions, 2023-2029, saving rate 30 % against
45 % of GDP, so GDP is known in advance to be higher with the higher saving rate.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "compare"
LOW, HIGH = str(FIXTURES / "low_saving.toml"), str(FIXTURES / "high_saving.toml")
ARGS = [LOW, HIGH, "--seeds", "4", "--seed-base", "7"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Three runs of the comparison: twice the same command (serial), once on 2 processes in zh."""
    root = tmp_path_factory.mktemp("compare")
    done = {}
    for key, extra in (
        ("serial", ["--jobs", "1"]),
        ("again", ["--jobs", "1"]),
        ("parallel_zh", ["--jobs", "2", "--lang", "zh"]),
    ):
        res = run_cli("compare", *ARGS, *extra, "--out", str(root / key))
        assert res.returncode == 0, res.stderr + res.stdout
        done[key] = (root / key, res.stdout)
    return done


def test_report_files_exist(reports):
    out, _ = reports["serial"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    indicators = manifest["indicators"]
    assert {"gdp", "capacity_utilization", "npl_ratio"} <= set(indicators)
    assert manifest["scenarios"] == ["low_saving", "high_saving"] and len(manifest["seeds"]) == 4
    assert manifest["window"] == [2024, 2029]
    for name in indicators:
        for kind in ("paths", "diff"):
            assert (out / "plots" / f"{name}_{kind}.png").stat().st_size > 1000
            for ext in ("csv", "parquet"):
                assert (out / "data" / f"{name}_{kind}.{ext}").is_file()
    assert len(list((out / "plots").glob("*.png"))) == 2 * len(indicators)
    runs = pd.read_parquet(out / "data" / "runs_national.parquet")
    assert len(runs) == 2 * 4 * 7  # scenarios x seeds x years


def test_html_is_self_contained_and_embeds_every_plot(reports):
    out, _ = reports["serial"]
    page = (out / "report.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]*\bsrc="([^"]*)"', page)
    assert len(sources) == len(list((out / "plots").glob("*.png")))
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    for ref in ("http:", "https:", "<script", "<link", "@import", "url(", "href="):
        assert ref not in text.lower(), ref
    md = (out / "report.md").read_text(encoding="utf-8")
    for png in (out / "plots").glob("*.png"):
        assert f"](plots/{png.name})" in md
    for row in re.findall(r"^\| (GDP|NPL ratio|Capacity utilisation) \|.*$", md, flags=re.M):
        assert row in page  # the same tables in both documents


def test_reading_states_the_known_direction_with_its_interval(reports):
    out, stdout = reports["serial"]
    md = (out / "report.md").read_text(encoding="utf-8")
    m = re.search(
        r"GDP is ([\d,]+) bn yuan/year \([\d.]+ %\) higher under high_saving than "
        r"under low_saving \(95 % CI ([\d,]+) to ([\d,]+)\)\.",
        md,
    )
    assert m, md[:2000]
    size, lo, hi = (float(m.group(k).replace(",", "")) for k in (1, 2, 3))
    assert 0 < lo <= size <= hi
    summary = pd.read_csv(out / "data" / "summary.csv").set_index("indicator")
    assert summary.loc["gdp", "mean_diff"] == pytest.approx(size, abs=0.5)
    # every seed agrees: more saving, more GDP over the window
    runs = pd.read_parquet(out / "data" / "runs_national.parquet").query("year >= 2024")
    by = runs.pivot_table(index="seed", columns="scenario", values="gdp", aggfunc="mean")
    assert (by["high_saving"] > by["low_saving"]).all()
    same = summary.index[~summary["distinguishable"]]
    assert ("Not distinguishable from zero with these seeds:" in md) == bool(len(same))
    paragraph = md.split("## Reading\n\n")[1].split("\n")[0]
    assert paragraph in stdout


def test_chinese_report(reports):
    out, stdout = reports["parallel_zh"]
    md = (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert md.startswith("# 情景比较：low_saving, high_saving")
    assert "## 解读" in md and "<h2>解读</h2>" in page
    for text in ("国内生产总值（GDP）", "产能利用率", "95%置信区间", "如何阅读本报告"):
        assert text in md and text in page
    assert '<html lang="zh-CN">' in page
    assert "high_saving情景下国内生产总值（GDP）比low_saving情景高" in stdout


def test_same_command_twice_gives_identical_data(reports):
    a, b = reports["serial"][0] / "data", reports["again"][0] / "data"
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_one_or_two_processes_give_identical_numbers(reports):
    a, b = reports["serial"][0] / "data", reports["parallel_zh"][0] / "data"
    for path in sorted(a.glob("*.csv")):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name
    for path in sorted(a.glob("*.parquet")):
        pd.testing.assert_frame_equal(
            pd.read_parquet(path), pd.read_parquet(b / path.name), check_exact=True
        )


@pytest.mark.parametrize(
    "args, message",
    [
        ([LOW, str(FIXTURES / "missing.toml")], "missing.toml: scenario file not found"),
        ([LOW, HIGH, "--seeds", "0"], "--seeds must be at least 1 (got 0)"),
        ([LOW, HIGH, "--window", "2040-2024"], "expected FIRST:LAST"),
        ([LOW, HIGH, "--window", "2040:2030"], "the first year 2040 is after the last 2030"),
        ([LOW, HIGH, "--window", "2040:2050"], "none of the simulated years 2023-2029"),
        ([LOW], "at least two scenario files"),
        ([LOW, HIGH, "--lang", "fr"], "'fr' is not one of 'en', 'zh'"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, args, message):
    res = run_cli("compare", *args, "--out", str(tmp_path / "r"))
    assert res.returncode == 2, res.stdout + res.stderr
    assert message in " ".join(res.stderr.split())
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "r").exists()  # nothing ran, nothing half-written


def test_an_indicator_one_scenario_does_not_produce_is_listed_not_compared(tmp_path):
    """A textbook-mode scenario (no firms: no capacity utilisation, NPL ratio, ...) against an
    agent-economy one: the report is written, those indicators are listed as not produced, and
    what both produce (GDP) is compared. It once failed after every run, drawing the empty
    differences, and lost the runs."""
    textbook = tmp_path / "textbook.toml"
    textbook.write_text(
        f'extends = "{(FIXTURES / "base.toml").as_posix()}"\nname = "textbook"\n'
        "[economy]\nenabled = false\n",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    res = run_cli("compare", LOW, str(textbook), "--seeds", "2", "--jobs", "1", "--out", str(out))
    assert res.returncode == 0, res.stderr + res.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "capacity_utilization" in manifest["missing_indicators"]
    assert "gdp" in manifest["indicators"]
    assert "capacity_utilization" not in manifest["indicators"]


def test_a_chinese_scenario_name_in_an_english_report_draws_without_glyph_warnings(tmp_path):
    """The legends show the scenarios' names: a Chinese name in an English report takes its
    glyphs from the CJK font (CI installs fonts-noto-cjk) instead of warning for each of them."""
    named = tmp_path / "named.toml"
    named.write_text(
        f'extends = "{(FIXTURES / "high_saving.toml").as_posix()}"\nname = "高储蓄"\n',
        encoding="utf-8",
    )
    out = tmp_path / "report"
    res = run_cli("compare", LOW, str(named), "--seeds", "2", "--jobs", "1", "--out", str(out))
    assert res.returncode == 0, res.stderr + res.stdout
    assert "Glyph" not in res.stderr and "missing from" not in res.stderr
    assert "高储蓄" in (out / "report.md").read_text(encoding="utf-8")

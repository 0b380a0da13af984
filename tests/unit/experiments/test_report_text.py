"""report_text: the report's words without the engine: numbers, phrases, the reading, tables."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.compare_stats import summarize
from nqpf.sim.experiments.report_text import (
    format_number,
    phrase,
    reading,
    row_decimals,
    setup_rows,
    summary_table,
)


def synthetic_comparison(gdp_gap: float = 50.0, seeds: int = 6):
    """Two 'scenarios' A and B on paired seeds, 2024-2027; B's GDP is ``gdp_gap`` higher."""
    rng = np.random.default_rng(0)
    rows = []
    for name, shift in (("A", 0.0), ("B", gdp_gap)):
        for i in range(seeds):
            noise = rng.normal(0, 1.0)
            for year in range(2024, 2028):
                rows.append(
                    {
                        "scenario": name,
                        "seed_index": i,
                        "seed": 100 + i,
                        "year": year,
                        "gdp": 1000.0 + 10 * (year - 2024) + shift + noise,
                        "npl_ratio": 0.02,
                    }
                )
    runs = pd.DataFrame(rows)
    scenarios = [
        SimpleNamespace(name="A", description="reference"),
        SimpleNamespace(name="B", description="more saving"),
    ]
    return summarize(runs, scenarios, ["a.toml", "b.toml"], list(range(100, 100 + seeds)), 0, None)


def test_numbers_show_no_negative_zero_and_a_dash_when_undefined():
    assert format_number(-0.0004, 2) == "0.00"
    assert format_number(12345.678, 1) == "12,345.7"
    assert format_number(math.nan, 2) == "–" and format_number(math.inf, 0) == "–"


def test_decimals_follow_the_interval_half_width():
    row = pd.Series(
        {
            "ci_low": 0.9,
            "ci_high": 1.1,
            "reference_mean": 10.0,
            "scenario_mean": 11.0,
            "mean_diff": 1.0,
            "distinguishable": True,
        }
    )
    assert row_decimals(row, 1.0) == 1  # half-width 0.1: one decimal
    narrow = row.copy()
    narrow[["ci_low", "ci_high"]] = [0.999, 1.001]
    assert row_decimals(narrow, 1.0) == 2  # capped at four significant figures of 10-11


def test_phrases_exist_in_both_languages_with_placeholders():
    assert phrase("band_note", "en", n=4) == (
        "mean and 90 % band (5th-95th percentile) across 4 seeds"
    )
    assert phrase("band_note", "zh", n=4).startswith("4个种子")
    with pytest.raises(KeyError):
        phrase("no such phrase", "en")


def test_reading_says_which_scenario_is_higher_and_what_is_indistinguishable():
    comp = synthetic_comparison()
    (paragraph,) = reading(comp, "en")
    assert paragraph.startswith(
        "Over 2024-2027 (mean of the yearly values, 6 paired seeds), B compared with A:"
    )
    assert "higher under B than under A (95 % CI" in paragraph
    assert "Not distinguishable from zero with these seeds:" in paragraph
    (zh,) = reading(comp, "zh")
    assert "B情景" in zh and "高" in zh


def test_summary_and_setup_tables_have_one_row_per_indicator_and_scenario():
    comp = synthetic_comparison()
    header, rows = summary_table(comp, "B", "en")
    assert header[:4] == ["Indicator", "Unit", "A", "B"] and len(rows) == len(comp.indicators)
    gdp = rows[comp.indicators.index("gdp")]
    assert gdp[-1] == "yes" and gdp[4].startswith("50")
    header, rows = setup_rows(comp, "en")
    assert rows == [["A", "a.toml", "reference"], ["B", "b.toml", "more saving"]]

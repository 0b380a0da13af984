"""The Compare tab's maps and the guided first run, without a browser.

The maps: an ensemble's regional tables averaged over seeds, two maps on one colour scale, the
difference B - A on a scale centred on zero. The guide: every step has both languages and a
control to point at.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from nqpf.dashboards.compare_maps import (
    RegionalEnsemble,
    compare_indicators,
    compare_map_colors,
    difference_table,
)
from nqpf.dashboards.guide_text import GUIDE_STEPS
from nqpf.dashboards.i18n import t

REGIONS = [f"R{i}" for i in range(12)]


def _table(seed_shift: float, priorities: list[str]) -> pd.DataFrame:
    """A regional table of two years: utilisation rising across regions, one main priority."""
    rows = []
    for year in (2023, 2024):
        for i, region in enumerate(REGIONS):
            rows.append(
                {
                    "year": year,
                    "region": region,
                    "capacity_utilization": 0.70 + 0.01 * i + seed_shift + 0.02 * (year - 2023),
                    "priority_industries": f"{priorities[i % len(priorities)]};steel",
                    "strategy": "herding",
                }
            )
    return pd.DataFrame(rows)


def _record(run_id: str, table: pd.DataFrame, status: str = "ok") -> SimpleNamespace:
    return SimpleNamespace(run_id=run_id, status=status, tables={"regions": table})


def _ensemble() -> RegionalEnsemble:
    ensemble = RegionalEnsemble()
    ensemble.collect(_record("0:0", _table(0.00, ["ai", "coal", "cars"])))
    ensemble.collect(_record("0:1", _table(0.02, ["ai", "coal", "coal"])))
    ensemble.collect(_record("1:0", _table(-0.05, ["ai"])))
    ensemble.collect(_record("1:1", _table(-0.07, ["ai"])))
    ensemble.collect(_record("1:2", pd.DataFrame(), status="error"))  # a failed run: no table
    return ensemble


def test_regional_tables_are_averaged_over_seeds_and_categories_take_their_mode():
    ensemble = _ensemble()
    a, b = ensemble.means(0), ensemble.means(1)
    assert len(a) == len(b) == 2 * len(REGIONS)
    row = a[(a["year"] == 2024) & (a["region"] == "R3")].iloc[0]
    assert row["capacity_utilization"] == pytest.approx(0.70 + 0.03 + 0.01 + 0.02)
    # R2: seed 0 "cars", seed 1 "coal": a tie, the alphabetically first is shown
    modes = a[a["year"] == 2023].set_index("region")["main_priority"]
    assert modes["R0"] == "ai" and modes["R1"] == "coal" and modes["R2"] == "cars"
    assert set(b["main_priority"]) == {"ai"}
    assert "priority_industries" not in compare_indicators(a, b)  # a set, not one value


def test_both_maps_share_one_colour_scale_and_the_difference_is_centred_on_zero():
    ensemble = _ensemble()
    a, b = ensemble.means(0), ensemble.means(1)
    maps = compare_map_colors(a, b, 2024, "capacity_utilization", "en")
    # one scale for both: same gradient and the same ticks, spanning both scenarios' values
    assert maps.a.legend["gradient"] == maps.b.legend["gradient"]
    strip = [re.sub("[≤≥ ]", "", x) for x in maps.a.legend["ticks"]]
    assert strip == [re.sub("[≤≥ ]", "", x) for x in maps.b.legend["ticks"]]
    low = 100 * float(pd.concat([a, b])["capacity_utilization"].min())
    high = 100 * float(pd.concat([a, b])["capacity_utilization"].max())
    assert float(strip[0]) == pytest.approx(low, rel=0.01)
    assert float(strip[-1]) == pytest.approx(high, rel=0.01)
    # B's values are lower than A's, so its colours differ on the common scale
    assert maps.a.fills["R0"] != maps.b.fills["R0"]
    # difference: B - A = -0.06 - 0.01 = -0.07 everywhere, on a diverging scale centred on zero
    diff = difference_table(a, b, "capacity_utilization")
    np.testing.assert_allclose(diff["capacity_utilization"], -0.07, atol=1e-12)
    legend = maps.difference.legend
    assert "B - A" in legend["title"] and "percentage points" in legend["title"]
    lo, mid, hi = (float(x) for x in legend["ticks"])
    assert mid == 0 and lo == -hi
    assert "B - A: -7.00 percentage points" in maps.difference.texts["R5"]


def test_a_far_outlier_is_marked_on_the_shared_scale():
    ensemble = _ensemble()
    a, b = ensemble.means(0), ensemble.means(1)
    b.loc[(b["region"] == "R11") & (b["year"] == 2024), "capacity_utilization"] = 0.05
    maps = compare_map_colors(a, b, 2024, "capacity_utilization", "en", region_names={})
    assert maps.b.legend["ticks"][0].startswith("≤")
    assert "R11 5.00" in maps.b.legend["note"]
    assert maps.a.legend["note"] == ""  # A has no outlier that year
    assert maps.a.legend["gradient"] == maps.b.legend["gradient"]


def test_categorical_maps_share_their_colours_and_have_no_difference():
    ensemble = _ensemble()
    maps = compare_map_colors(ensemble.means(0), ensemble.means(1), 2024, "main_priority", "en")
    assert maps.difference is None
    assert maps.a.fills["R0"] == maps.b.fills["R0"]  # "ai" has one colour on both maps
    assert "3 different among 12" in maps.a.legend["title"]
    assert "1 different among 12" in maps.b.legend["title"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_guide_step_has_its_words_and_a_control(lang):
    keys = [s.key for s in GUIDE_STEPS]
    assert keys == ["scenario", "lesson", "play", "map", "chart", "strategy", "compare"]
    for step in GUIDE_STEPS:
        for part in ("title", "body"):
            text = t(f"guide_{step.key}_{part}", lang)
            assert text != f"guide_{step.key}_{part}" and len(text) > 3
            if lang == "zh":  # Chinese words, apart from the abbreviation GDP
                assert set(re.findall(r"[A-Za-z]{2,}", text)) <= {"GDP"}, text
        assert step.target.startswith(".nqpf-")

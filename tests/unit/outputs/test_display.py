"""How declared columns are shown: labels, percent scaling and units in English and Chinese."""

from __future__ import annotations

import pytest

from nqpf.sim.outputs import (
    axis_label,
    column_label,
    difference_unit,
    display_scale,
    display_unit,
    is_percent,
    label,
    unit_text,
)


def test_shares_and_rates_are_shown_in_percent_and_differ_in_points():
    assert is_percent("npl_ratio") and display_scale("npl_ratio") == 100.0
    assert display_unit("gdp_growth") == "%" and display_unit("gdp_growth", "zh") == "%"
    assert difference_unit("npl_ratio") == "percentage points"
    assert difference_unit("npl_ratio", "zh") == "个百分点"
    assert not is_percent("gdp") and display_scale("gdp") == 1.0


def test_units_in_english_and_chinese():
    assert display_unit("gdp") == "bn yuan/year" and display_unit("gdp", "zh") == "十亿元/年"
    assert display_unit("wage", "zh", "regions") == "千元/人/年"
    assert display_unit("theil_index") == "" and difference_unit("theil_index") == ""
    assert difference_unit("gdp", "zh") == "十亿元/年"
    assert unit_text("share") == "%" and unit_text("-") == "" and unit_text("-", "zh") == ""
    assert unit_text("an unknown unit", "zh") == "an unknown unit"


def test_axis_labels():
    assert axis_label("gdp") == "GDP (bn yuan/year)"
    assert axis_label("gdp", "zh") == "国内生产总值（GDP）（十亿元/年）"
    assert axis_label("theil_index") == "Regional inequality (Theil index)"
    assert axis_label("capacity_utilization") == "Capacity utilisation (%)"


def test_labels_depend_on_the_table_and_fall_back_sensibly():
    assert label("tfp") == "TFP (structural)" and label("tfp", "en", "regions") == "TFP"
    assert label("not_a_column") == "not_a_column"
    assert column_label("gdp_per_capita", "zh", "regions") == "人均GDP"
    # a column the dashboard derives under a declared name, and names declared nowhere
    assert column_label("tfp_growth", "en", "regions") == "TFP growth"
    assert column_label("industry", "zh") == "产业"
    assert column_label("not_a_column", "en", "regions") == "not a column"


@pytest.mark.parametrize("fn", [is_percent, display_scale])
def test_undeclared_columns_raise_key_error(fn):
    with pytest.raises(KeyError):
        fn("not_a_column")

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
    # Chinese units as Chinese statistics write them: national totals in 万亿元 and 亿人,
    # regional and industry values in 亿元 and 万人, per-person values in 万元
    assert display_unit("gdp") == "bn yuan/year" and display_unit("gdp", "zh") == "万亿元/年"
    assert display_scale("gdp", "national", "zh") == 1e-3
    assert display_unit("gdp", "zh", "regions") == "亿元/年"
    assert display_scale("gdp", "regions", "zh") == 10.0
    assert (
        display_unit("population", "zh") == "亿人"
        and display_scale("population", "national", "zh") == 0.01
    )
    assert display_unit("population", "zh", "regions") == "万人"
    assert display_scale("population", "regions", "zh") == 100.0
    assert display_unit("wage", "zh", "regions") == "万元/人/年"
    assert display_unit("theil_index") == "" and difference_unit("theil_index") == ""
    assert difference_unit("gdp", "zh") == "万亿元/年"
    assert display_unit("local_debt_to_gdp") == "% of GDP"
    assert display_unit("local_debt_to_gdp", "zh") == "占GDP比重 %"
    assert display_scale("local_debt_to_gdp", "national", "zh") == 100.0
    assert unit_text("share") == "%" and unit_text("-") == "" and unit_text("-", "zh") == ""
    assert unit_text("an unknown unit", "zh") == "an unknown unit"


def test_axis_labels():
    assert axis_label("gdp") == "GDP (bn yuan/year)"
    assert axis_label("gdp", "zh") == "国内生产总值（GDP）（万亿元/年）"
    assert axis_label("theil_index") == "Regional inequality (Theil index)"
    assert axis_label("capacity_utilization") == "Capacity utilisation (%)"


def test_labels_depend_on_the_table_and_fall_back_sensibly():
    assert label("tfp") == "TFP" and label("technology_index") == "Technology index (structural)"
    assert label("solow_residual") == "solow_residual"  # one TFP: no separate residual column
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

"""The five benchmark forecasts on synthetic panels with known answers, and their information set."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration.benchmarks import (
    BENCHMARKS,
    benchmark_forecasts,
    changes,
    history,
    national_series,
    panel_ar1,
)

YEARS = range(2004, 2024)


def panel(series: dict[str, np.ndarray], rd: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """A long table: gdp (and rd_intensity) by region for :data:`YEARS`."""
    rows = []
    for region, values in series.items():
        for k, year in enumerate(YEARS):
            row = {"year": year, "region": region, "gdp": values[k]}
            if rd is not None:
                row["rd_intensity"] = rd[region][k]
            rows.append(row)
    return pd.DataFrame(rows)


def compound(level: float, rate: float) -> np.ndarray:
    return level * (1.0 + rate) ** np.arange(len(YEARS))


def test_a_province_on_an_exact_trend_is_forecast_exactly_by_its_own_trends():
    observed = panel({"A": compound(100.0, 0.05), "B": compound(50.0, 0.10)})
    fc = benchmark_forecasts(observed, "gdp", 2015, 2020)
    truth = observed.merge(fc, on=["region", "year"])
    for name in ("own_trend_7", "own_trend_3"):
        np.testing.assert_allclose(truth[name], truth["gdp"], rtol=1e-12)
    assert list(fc["year"].unique()) == list(range(2016, 2021))


def test_national_benchmarks_apply_the_sum_growth_to_every_province():
    observed = panel({"A": compound(100.0, 0.05), "B": compound(100.0, 0.05)})
    observed.loc[observed["region"] == "B", "gdp"] *= 3.0  # same growth, bigger
    fc = benchmark_forecasts(observed, "gdp", 2015, 2018)
    base = observed[observed["year"] == 2015].set_index("region")["gdp"]
    for name in ("national_7", "national_3"):
        ratio = fc.set_index(["region", "year"])[name] / fc["region"].map(base).to_numpy()
        np.testing.assert_allclose(ratio.xs(2018, level="year"), 1.05**3, rtol=1e-12)


def test_national_growth_is_the_growth_of_the_sum_not_the_mean_growth():
    # A grows 10 %, B (9 times bigger) grows 0 %: the nation grows about 1 % a year.
    observed = panel({"A": compound(10.0, 0.10), "B": compound(90.0, 0.0)})
    nation = national_series(observed, "gdp", 2015)
    fc = benchmark_forecasts(observed, "gdp", 2015, 2016).set_index("region")
    expected = (nation.loc[2015] / nation.loc[2012]) ** (1 / 3) - 1.0
    a_2015 = observed.query("region == 'A' and year == 2015")["gdp"].iloc[0]
    assert fc.loc["A", "national_3"] == pytest.approx(a_2015 * (1.0 + expected), rel=1e-12)
    assert 0.005 < expected < 0.03


def test_rd_intensity_trends_in_points_and_the_nation_is_gdp_weighted():
    gdp = {"A": np.full(len(YEARS), 100.0), "B": np.full(len(YEARS), 300.0)}
    years = np.arange(len(YEARS))
    rd = {"A": 1.0 + 0.1 * years, "B": 2.0 - 0.05 * years}  # +0.1 and -0.05 points a year
    observed = panel(gdp, rd)
    fc = benchmark_forecasts(observed, "rd_intensity", 2015, 2019).set_index(["region", "year"])
    data = observed.set_index(["region", "year"])["rd_intensity"]
    for name in ("own_trend_7", "own_trend_3"):
        np.testing.assert_allclose(fc[name], data.reindex(fc.index), atol=1e-12)
    # national change: (100 x 0.1 + 300 x -0.05) / 400 = -0.0125 points a year
    expected = data.loc[("A", 2015)] - 0.0125 * 4
    assert fc.loc[("A", 2019), "national_7"] == pytest.approx(expected, abs=1e-12)


def test_the_panel_ar1_recovers_rho_on_simulated_data():
    rng = np.random.default_rng(7)
    a, rho, regions, years = 0.02, 0.6, 31, 40
    growth = np.empty((years, regions))
    growth[0] = a / (1 - rho) + rng.normal(0, 0.02, regions)
    for t in range(1, years):
        growth[t] = a + rho * growth[t - 1] + rng.normal(0, 0.01, regions)
    a_hat, rho_hat, n = panel_ar1(pd.DataFrame(growth))
    # OLS standard error of rho here is about 0.01 / (0.0125 sqrt(1209)) = 0.023
    assert rho_hat == pytest.approx(rho, abs=0.07)
    assert a_hat == pytest.approx(a, abs=0.005)
    assert n == (years - 1) * regions


def test_the_ar1_forecast_is_iterated_from_the_last_growth():
    # Every province grows 0.02 + 0.5 g_{t-1} exactly; from g = 0.08 the path is known.
    levels = {}
    for region, g0 in (("A", 0.08), ("B", 0.01)):
        g, x, values = g0, 100.0, []
        for _ in YEARS:
            values.append(x)
            g = 0.02 + 0.5 * g
            x *= 1.0 + g
        levels[region] = np.array(values)
    observed = panel(levels)
    growth = changes(history(observed, "gdp", 2012), ratio=False)
    a, rho, _ = panel_ar1(growth)
    assert (a, rho) == pytest.approx((0.02, 0.5), abs=1e-9)
    fc = benchmark_forecasts(observed, "gdp", 2012, 2020)
    merged = observed.merge(fc, on=["region", "year"])
    np.testing.assert_allclose(merged["panel_ar1"], merged["gdp"], rtol=1e-9)


def test_changing_any_data_after_the_jump_off_leaves_every_benchmark_unchanged():
    rng = np.random.default_rng(3)
    series = {r: compound(100.0, 0.07) * np.exp(rng.normal(0, 0.03, len(YEARS))) for r in "ABCD"}
    rd = {r: 1.0 + rng.random(len(YEARS)) for r in "ABCD"}
    observed = panel(series, rd)
    later = observed.copy()
    after = later["year"] > 2016
    later.loc[after, "gdp"] *= rng.uniform(0.2, 5.0, after.sum())
    later.loc[after, "rd_intensity"] += rng.normal(0, 2.0, after.sum())
    for var in ("gdp", "rd_intensity"):
        pd.testing.assert_frame_equal(
            benchmark_forecasts(observed, var, 2016, 2023),
            benchmark_forecasts(later, var, 2016, 2023),
        )
    # and changing data before it does move them (the test can fail)
    earlier = observed.copy()
    earlier.loc[earlier["year"] == 2013, "gdp"] *= 1.5
    moved = benchmark_forecasts(earlier, "gdp", 2016, 2023)
    assert not np.allclose(
        moved["own_trend_3"], benchmark_forecasts(observed, "gdp", 2016, 2023)["own_trend_3"]
    )


def test_a_window_before_the_first_data_gives_nan_not_a_guess():
    rd = {"A": np.r_[np.full(7, np.nan), np.linspace(1.0, 2.0, len(YEARS) - 7)]}
    observed = panel({"A": compound(100.0, 0.05)}, rd)
    fc = benchmark_forecasts(observed, "rd_intensity", 2011, 2014)
    assert fc[list(BENCHMARKS)].isna().all().all()


def test_bad_arguments_are_named():
    observed = panel({"A": compound(100.0, 0.05)})
    with pytest.raises(ValueError, match="no benchmark for variable 'wages'"):
        benchmark_forecasts(observed, "wages", 2015, 2018)
    with pytest.raises(ValueError, match="must be after the jump-off year 2015"):
        benchmark_forecasts(observed, "gdp", 2015, 2015)
    with pytest.raises(ValueError, match="no observed gdp in the jump-off year 2030"):
        benchmark_forecasts(observed, "gdp", 2030, 2031)

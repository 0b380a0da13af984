"""Moments: closed-form values on hand-built panels, and one code path for data and model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nqpf.calibration.config import CalibrationError
from nqpf.calibration.moment_definitions import MOMENTS, ols_slope, sigma_years
from nqpf.calibration.moments import bootstrap, compute_moments, moment_names
from nqpf.calibration.msm import weighting_matrix


def make_panel(
    growth: list[float],
    *,
    years=range(2011, 2016),
    gdp0=None,
    pop=None,
    rd=None,
    macro=None,
    invest_share=0.4,
    ky=3.0,
) -> pd.DataFrame:
    """A panel where region i grows at ``growth[i]`` a year from ``gdp0[i]``."""
    n = len(growth)
    gdp0 = gdp0 or [100.0] * n
    pop = pop or [10.0] * n
    rd = rd or [1.0] * n
    macro = macro or ["east"] * n
    rows = []
    for i in range(n):
        for t in years:
            gdp = gdp0[i] * (1 + growth[i]) ** (t - years.start)
            rows.append(
                {
                    "year": t,
                    "region": f"R{i}",
                    "macro_region": macro[i],
                    "population": pop[i],
                    "gdp": gdp,
                    "capital": ky * gdp,
                    "investment": invest_share * gdp,
                    "rd_intensity": rd[i] + 0.1 * (t - years.start),
                    "patents": 10.0 * 2 ** (t - years.start),
                }
            )
    return pd.DataFrame(rows)


def test_growth_moments_match_closed_forms():
    growth = [0.02, 0.05, 0.08, 0.11]
    m = compute_moments(
        make_panel(growth),
        ["gdp_growth_mean", "gdp_growth_sd", "capital_growth_mean", "patent_growth_mean"],
        2011,
        2015,
    )
    assert m["gdp_growth_mean"] == pytest.approx(np.mean(growth))
    assert m["gdp_growth_sd"] == pytest.approx(np.std(growth, ddof=1))
    assert m["capital_growth_mean"] == pytest.approx(np.mean(growth))  # K/Y constant
    assert m["patent_growth_mean"] == pytest.approx(1.0)  # doubling every year


def test_beta_and_rd_slopes_recover_an_exact_linear_relation():
    gdp0 = [50.0, 100.0, 200.0, 400.0, 800.0]
    # growth falls by 0.01 per unit of initial log GDP per head: beta = -0.01
    growth = [0.10 - 0.01 * np.log(g / 10.0) for g in gdp0]
    rd = [0.5, 1.0, 1.5, 2.0, 2.5]
    panel = make_panel(growth, gdp0=gdp0, rd=rd)
    m = compute_moments(panel, ["beta_convergence", "rd_growth_slope"], 2011, 2015)
    assert m["beta_convergence"] == pytest.approx(-0.01, rel=1e-9)
    # growth is linear in log(gdp0), not in rd: slope = cov(rd, g) / var(rd)
    assert m["rd_growth_slope"] == pytest.approx(np.polyfit(rd, growth, 1)[0], rel=1e-9)
    assert np.isnan(ols_slope(np.array([1.0, 1.0, 1.0]), np.array([1.0, 2.0, 3.0])))


def test_sigma_path_years_and_values():
    assert sigma_years(2011, 2018, 3) == [2013, 2016, 2018]
    assert sigma_years(2018, 2023, 3) == [2020, 2021, 2023]
    assert sigma_years(2011, 2013, 5) == [2012, 2013]
    growth = [0.0, 0.1]
    m = compute_moments(make_panel(growth), ["sd_log_gdp_pc"], 2011, 2015, points=2)
    assert list(m.index) == ["sd_log_gdp_pc_2013", "sd_log_gdp_pc_2015"]
    # two regions with equal start: log gap = t ln(1.1), sd (ddof 1) = gap / sqrt(2)
    assert m["sd_log_gdp_pc_2015"] == pytest.approx(4 * np.log(1.1) / np.sqrt(2))
    assert list(m.index) == moment_names(["sd_log_gdp_pc"], 2011, 2015, 2)


def test_investment_capital_and_rd_level_moments():
    panel = make_panel([0.03, 0.06], rd=[1.0, 3.0], invest_share=0.45, ky=2.5)
    panel.loc[panel["year"] == 2015, "investment"] = np.nan  # like GFCF 2023: skipped
    m = compute_moments(
        panel,
        [
            "investment_share_mean",
            "investment_share_sd",
            "capital_output_mean",
            "capital_output_sd",
            "rd_intensity_mean",
            "rd_intensity_sd",
            "rd_intensity_change",
        ],
        2011,
        2015,
    )
    assert m["investment_share_mean"] == pytest.approx(0.45)
    assert m["investment_share_sd"] == pytest.approx(0.0, abs=1e-12)
    assert m["capital_output_mean"] == pytest.approx(2.5)
    assert m["rd_intensity_mean"] == pytest.approx(2.0 + 0.4)
    assert m["rd_intensity_sd"] == pytest.approx(np.std([1.0, 3.0], ddof=1))
    assert m["rd_intensity_change"] == pytest.approx(0.4)


def test_rd_shares_by_macro_region_sum_to_one():
    panel = make_panel(
        [0.05] * 4,
        gdp0=[100, 100, 200, 50],
        rd=[2.0, 1.0, 1.0, 2.0],
        macro=["east", "central", "west", "northeast"],
    )
    keys = [f"rd_share_{m}" for m in ("east", "central", "west", "northeast")]
    m = compute_moments(panel, keys, 2011, 2015)
    assert m.sum() == pytest.approx(1.0)
    # spending at T: 2.4*100g, 1.4*100g, 1.4*200g, 2.4*50g  (g common growth factor)
    total = 2.4 * 100 + 1.4 * 100 + 1.4 * 200 + 2.4 * 50
    assert m["rd_share_west"] == pytest.approx(1.4 * 200 / total)


def test_missing_column_or_year_is_reported():
    panel = make_panel([0.01, 0.02, 0.03])
    with pytest.raises(ValueError, match="lacks column"):
        compute_moments(panel.drop(columns=["capital"]), ["capital_growth_mean"], 2011, 2015)
    with pytest.raises(ValueError, match="no rows for some years"):
        compute_moments(panel[panel["year"] != 2013], ["gdp_growth_mean"], 2011, 2015)


def test_bootstrap_is_seeded_and_spreads_with_heterogeneity():
    panel = make_panel([0.01, 0.03, 0.05, 0.07, 0.09, 0.11])
    keys = ["gdp_growth_mean", "gdp_growth_sd"]
    a = bootstrap(panel, keys, 2011, 2015, 3, draws=200, rng=np.random.default_rng(5))
    b = bootstrap(panel, keys, 2011, 2015, 3, draws=200, rng=np.random.default_rng(5))
    pd.testing.assert_frame_equal(a, b)
    # se of a mean of 6 draws from the six growth rates: sd(pop) / sqrt(6), within 15 %
    expected = np.std([0.01, 0.03, 0.05, 0.07, 0.09, 0.11]) / np.sqrt(6)
    assert a["gdp_growth_mean"].std() == pytest.approx(expected, rel=0.15)
    flat = make_panel([0.05] * 6)
    c = bootstrap(flat, ["gdp_growth_mean"], 2011, 2015, 3, draws=50, rng=np.random.default_rng(1))
    with pytest.raises(CalibrationError, match="no variance across bootstrap"):
        weighting_matrix(
            np.atleast_2d(np.cov(c.to_numpy(), rowvar=False)), "diagonal", ["gdp_growth_mean"]
        )


def test_same_function_reads_the_model_regions_table():
    from nqpf.sim.config import SCENARIO_DIR, Scenario
    from nqpf.sim.model import RegionalEconomy

    sc = Scenario.load(
        SCENARIO_DIR / "baseline.toml",
        ["world.start_year=2011", "world.end_year=2014", "economy.enabled=false"],
    )
    regions = RegionalEconomy(sc, seed=1).run()["regions"]
    keys = [k for k in MOMENTS if k != "patent_growth_mean"]
    m = compute_moments(regions, keys, 2011, 2014)
    assert list(m.index) == moment_names(keys, 2011, 2014, 3)
    assert np.isfinite(m.to_numpy()).all()
    # the Solow core invests saving_rate x GDP in every region
    assert m["investment_share_mean"] == pytest.approx(sc.solow.saving_rate)
    assert m[
        [f"rd_share_{r}" for r in ("east", "central", "west", "northeast")]
    ].sum() == pytest.approx(1.0)


def test_population_moments_measure_migration_toward_rich_provinces():
    gdp0 = [50.0, 100.0, 200.0, 400.0]
    panel = make_panel([0.05] * 4, gdp0=gdp0)
    # population grows by 0.004 per unit of initial log GDP per head (pop0 = 10 everywhere)
    pop_growth = {f"R{i}": 0.004 * np.log(g / 10.0) - 0.01 for i, g in enumerate(gdp0)}
    panel["population"] = 10.0 * (1 + panel["region"].map(pop_growth)) ** (panel["year"] - 2011)
    m = compute_moments(panel, ["population_growth_sd", "population_growth_slope"], 2011, 2015)
    assert m["population_growth_sd"] == pytest.approx(np.std(list(pop_growth.values()), ddof=1))
    assert m["population_growth_slope"] == pytest.approx(0.004, rel=1e-9)


def test_aggregate_moments_weight_provinces_by_size():
    # a small province with a high investment share barely moves the total share
    panel = make_panel([0.03, 0.03], gdp0=[900.0, 100.0], ky=2.0)
    panel.loc[panel["region"] == "R1", "investment"] *= 2.0  # 0.8 of GDP instead of 0.4
    panel.loc[panel["region"] == "R1", "capital"] *= 1.5
    m = compute_moments(
        panel,
        [
            "investment_share_total",
            "investment_share_mean",
            "capital_output_total",
            "capital_output_mean",
            "capital_growth_total",
        ],
        2011,
        2015,
    )
    assert m["investment_share_total"] == pytest.approx((0.4 * 900 + 0.8 * 100) / 1000)
    assert m["investment_share_mean"] == pytest.approx((0.4 + 0.8) / 2)
    assert m["capital_output_total"] == pytest.approx((2.0 * 900 + 3.0 * 100) / 1000)
    assert m["capital_output_mean"] == pytest.approx(2.5)
    assert m["capital_growth_total"] == pytest.approx(0.03)  # K/Y constant in both


def test_national_growth_residual_and_share_change_closed_forms():
    """National moments of a two-province panel: GDP-weighted growth, growth accounting with
    a = 0.5, and the change of the summed investment share."""
    panel = make_panel([0.02, 0.10], gdp0=[300.0, 100.0], ky=3.0)
    panel["labor"] = np.where(panel["region"] == "R0", 50.0, 10.0) * 1.01 ** (panel["year"] - 2011)
    # the big province's investment share falls from 0.5 to 0.3 over the window
    big = panel["region"] == "R0"
    panel.loc[big, "investment"] = panel.loc[big, "gdp"] * (
        0.5 - 0.05 * (panel.loc[big, "year"] - 2011)
    )
    keys = ["gdp_growth_total", "solow_residual_growth", "investment_share_change"]
    m = compute_moments(panel, keys, 2011, 2015)
    y0, y1 = 300.0 + 100.0, 300.0 * 1.02**4 + 100.0 * 1.10**4
    g = (y1 / y0) ** 0.25 - 1.0
    assert m["gdp_growth_total"] == pytest.approx(g)
    # capital = 3 x GDP in both provinces, so capital grows like GDP; labour grows 1 % a year
    assert m["solow_residual_growth"] == pytest.approx((1 + g) / ((1 + g) ** 0.5 * 1.01**0.5) - 1)
    share0 = (0.5 * 300.0 + 0.4 * 100.0) / y0
    share1 = (0.3 * 300.0 * 1.02**4 + 0.4 * 100.0 * 1.10**4) / y1
    assert m["investment_share_change"] == pytest.approx(share1 - share0)


def test_national_moments_are_nan_when_an_end_value_is_missing():
    panel = make_panel([0.03, 0.03])
    panel["labor"] = 10.0
    panel.loc[(panel["region"] == "R1") & (panel["year"] == 2015), "gdp"] = np.nan
    panel.loc[panel["year"] == 2011, "investment"] = np.nan  # no investment in the first year
    m = compute_moments(
        panel, ["gdp_growth_total", "solow_residual_growth", "investment_share_change"], 2011, 2015
    )
    assert np.isnan(m["gdp_growth_total"]) and np.isnan(m["solow_residual_growth"])
    assert np.isnan(m["investment_share_change"])


def test_skipped_years_leave_their_growth_out_of_growth_moments_only():
    """With 2013-2014 skipped, growth moments are the geometric mean of 2012's and 2015's growth
    (a shock in the skipped years, even one that moves the level for good, does not count);
    levels and investment shares read the same years as without."""
    panel = make_panel([0.04, 0.04], gdp0=[300.0, 100.0], ky=3.0)
    panel["labor"] = 10.0
    shock = {2013: 0.90, 2014: 0.95, 2015: 0.95}  # a fall of 10 %, half regained
    for year, level in shock.items():
        rows = panel["year"] == year
        panel.loc[rows, ["gdp", "capital", "investment"]] *= level
    keys = [
        "gdp_growth_total",
        "gdp_growth_mean",
        "capital_growth_total",
        "solow_residual_growth",
        "capital_output_total",
        "investment_share_total",
    ]
    kept = compute_moments(panel, keys, 2011, 2015, skip=[2013, 2014])
    every = compute_moments(panel, keys, 2011, 2015)
    growth_2015 = 1.04 * 0.95 / 0.95 - 1.0  # from 2014, both years at the shocked level
    expected = np.sqrt(1.04 * (1 + growth_2015)) - 1.0
    assert kept["gdp_growth_total"] == pytest.approx(expected)
    assert kept["gdp_growth_mean"] == pytest.approx(expected)
    assert kept["capital_growth_total"] == pytest.approx(expected)  # K/Y constant
    assert kept["solow_residual_growth"] == pytest.approx((1 + expected) ** 0.5 - 1.0)
    assert every["gdp_growth_total"] == pytest.approx((1.04**4 * 0.95) ** 0.25 - 1.0)
    for level in ("capital_output_total", "investment_share_total"):
        assert kept[level] == every[level]
    # skipped years outside the window are ignored; skipping every year is refused
    same = compute_moments(panel, keys, 2011, 2015, skip=[2011, 2016, 2030])
    pd.testing.assert_series_equal(same, every)
    with pytest.raises(ValueError, match="every year of 2012..2015 is skipped"):
        compute_moments(panel, keys, 2011, 2015, skip=[2012, 2013, 2014, 2015])
    # a bootstrap draw of the same provinces gives the skipped-years value
    draws = bootstrap(
        panel,
        ["gdp_growth_total"],
        2011,
        2015,
        3,
        draws=5,
        rng=np.random.default_rng(0),
        skip=[2013, 2014],
    )
    assert draws["gdp_growth_total"].to_numpy() == pytest.approx(expected)


def test_model_investment_is_blanked_where_the_data_have_none():
    """The data lack investment in the window's last year (the shipped panel's 2023): the model's
    investment moments must then cover the same years, not one more."""
    from nqpf.calibration.moments import blank_investment, years_without_investment

    model = make_panel([0.03, 0.05])
    big = model["region"] == "R0"
    model.loc[big, "investment"] = model.loc[big, "gdp"] * (0.5 - 0.05 * (model["year"] - 2011))
    data = model.copy()
    data.loc[data["year"] == 2015, "investment"] = np.nan
    assert years_without_investment(data, 2011, 2015) == (2015,)
    assert years_without_investment(model, 2011, 2015) == ()
    keys = ["investment_share_change", "investment_share_total", "investment_share_mean"]
    on_data = compute_moments(data, keys, 2011, 2015)
    blanked = blank_investment(model, (2015,))
    assert model["investment"].notna().all()  # a copy: the model's own table is untouched
    pd.testing.assert_series_equal(compute_moments(blanked, keys, 2011, 2015), on_data)
    # without the blanking the model's change runs one year further
    assert compute_moments(model, keys, 2011, 2015)["investment_share_change"] != pytest.approx(
        on_data["investment_share_change"]
    )


def test_simulated_moments_blank_the_years_the_data_lack(monkeypatch):
    """A worker's moments and the regions table it returns leave out the model's investment in
    the years named by ``no_investment``, and only there."""
    from nqpf.calibration import simulate
    from nqpf.sim.experiments.batch import RunRecord, RunSpec

    model = make_panel([0.03, 0.05])
    big = model["region"] == "R0"
    model.loc[big, "investment"] = model.loc[big, "gdp"] * (0.5 - 0.05 * (model["year"] - 2011))
    monkeypatch.setattr(
        simulate, "run_one", lambda spec: RunRecord(spec.run_id, 1, "ok", tables={"regions": model})
    )
    keys = ("investment_share_change", "gdp_growth_total")
    spec = RunSpec("r", {}, 1, {})
    task = simulate.MomentTask(spec, keys, ((2011, 2015),), 3, True, (), (2015,))
    record = simulate.simulate_moments(task)
    expected = compute_moments(model[model["year"] < 2015], keys, 2011, 2014)
    data_like = model.copy()
    data_like.loc[data_like["year"] == 2015, "investment"] = np.nan
    on_data = compute_moments(data_like, keys, 2011, 2015)
    assert record.moments[0]["investment_share_change"] == on_data["investment_share_change"]
    assert record.moments[0]["investment_share_change"] == expected["investment_share_change"]
    assert record.moments[0]["gdp_growth_total"] == on_data["gdp_growth_total"]
    assert record.regions.loc[record.regions["year"] == 2015, "investment"].isna().all()
    assert record.regions.loc[record.regions["year"] < 2015, "investment"].notna().all()


def test_capital_growth_total_sums_each_year_alone():
    """Without skipped years the national capital growth is the old formula bit for bit: each end
    year's column summed on its own (NumPy's pairwise sum), then the compound rate."""
    rng = np.random.default_rng(7)
    panel = make_panel(list(rng.uniform(0.0, 0.1, 31)), gdp0=list(rng.uniform(50, 5000, 31)))
    panel["capital"] *= rng.uniform(0.5, 2.0, len(panel))
    got = compute_moments(panel, ["capital_growth_total"], 2011, 2015)["capital_growth_total"]
    wide = panel.pivot(index="region", columns="year", values="capital")
    first, last = np.nansum(wide[2011].to_numpy()), np.nansum(wide[2015].to_numpy())
    assert got == (last / first) ** (1.0 / 4) - 1.0

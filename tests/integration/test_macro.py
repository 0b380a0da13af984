"""The national path (docs/model.md 7.28): chain-linked accounts add up across the three tables,
growth slows by decade, goods lose share, the saving rate starts at the data and falls.

Measured on seeds 0-11 (``docs/tools/macro_path.py --seeds 12``, 2026-12-04, the economy of
docs/model.md 7.28 with the baseline's estimated saving slope and TFP trend, the review fixes and
the keyed draws): growth 2024 5.60 % (seeds 5.44-5.73), 2024-30 5.07 % (5.01-5.11), 2031-40
3.17 % (3.12-3.24), 2041-50 2.20 % (2.14-2.27); goods' share of nominal GDP at most 37.0 % on any seed, 31.1 % in
2050; investment share 46.7 % in 2023 and 34.5 % in 2050 (on the literature values, 2026-12-03:
5.50, 4.97, 2.99, 2.00 %, 32.3 %). The issue's growth targets (4.3-5.7 %, 3.8-5.5 %, 2.8-4.5 %,
1.8-3.8 %) hold on the mean of the seeds, which the test asserts with the slowing by decade; in
2024 the highest seed is 0.03 points above the band, in the 2040s the lowest 0.34 above it.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from nqpf.sim import RegionalEconomy, Scenario
from tests.conftest import SCENARIOS

SEEDS = range(4)


@cache
def baseline(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    sc = Scenario.load(SCENARIOS / "baseline.toml", overrides=["economy.firm_agents=false"])
    tables = RegionalEconomy(sc, seed=seed).run(tables=("national", "industries"))
    return tables["national"].set_index("year"), tables["industries"]


def test_real_gdp_is_chain_linked_across_the_tables():
    """nominal = real x deflator; real growth = this year's aggregate output plus industries'
    value added at last year's prices, over last year's nominal GDP."""
    nat, ind = baseline(0)
    np.testing.assert_allclose(nat.gdp_nominal, nat.gdp * nat.gdp_deflator, rtol=1e-12)
    assert nat.gdp_deflator.iloc[0] == pytest.approx(1.0)
    va_nominal = ind.pivot(index="year", columns="industry", values="value_added_nominal")
    va_previous = ind.pivot(index="year", columns="industry", values="value_added_previous_prices")
    np.testing.assert_allclose(
        va_nominal.sum(axis=1), nat.industry_value_added_share * nat.gdp_nominal, rtol=1e-9
    )
    services = nat.services_share * nat.gdp_nominal
    at_previous_prices = va_previous.sum(axis=1)
    volume = (services + at_previous_prices) / nat.gdp_nominal.shift(1)
    np.testing.assert_allclose(
        nat.gdp_growth.iloc[1:], volume.iloc[1:].to_numpy() - 1.0, rtol=1e-9, atol=1e-12
    )


def test_regions_volume_growth_adds_up_to_national_growth():
    """Each region's own chain link (``gdp_volume``) starts at its GDP, and its growth rates,
    weighted by last year's regional GDP at current prices, average to national real growth
    exactly (both are this year's quantities at last year's prices over last year's GDP), while
    the regions' ``gdp`` (over the national deflator) counts their prices against the nation's:
    the two growth rates differ by 0.63 points a year on average over 2024-2050 (baseline, seed
    0; 4.4 points at most), and the volumes' sum drifts from national GDP (2.4 % by 2050)."""
    sc = Scenario.load(SCENARIOS / "baseline.toml", overrides=["economy.firm_agents=false"])
    tables = RegionalEconomy(sc, seed=0).run(tables=("national", "regions"))
    nat, reg = tables["national"].set_index("year"), tables["regions"]
    first = reg[reg.year == nat.index[0]]
    np.testing.assert_array_equal(first.gdp_volume, first.gdp)
    assert first.gdp_volume_growth.isna().all()
    nominal = (reg.gdp * reg.year.map(nat.gdp_deflator)).groupby(reg.region).shift(1)
    later = reg.assign(weight=nominal).dropna(subset=["weight"])
    weighted = (later.weight * (1.0 + later.gdp_volume_growth)).groupby(later.year).sum()
    mean_growth = weighted / later.weight.groupby(later.year).sum() - 1.0
    np.testing.assert_allclose(mean_growth, nat.gdp_growth.iloc[1:], rtol=0.0, atol=1e-12)
    level = reg.pivot(index="year", columns="region", values="gdp_volume")
    growth = reg.pivot(index="year", columns="region", values="gdp_volume_growth")
    np.testing.assert_allclose(level.pct_change().iloc[1:], growth.iloc[1:], atol=1e-12)
    gap = (growth - reg.pivot(index="year", columns="region", values="gdp_growth")).iloc[1:]
    assert 0.002 < gap.abs().to_numpy().mean() < 0.02, gap.abs().to_numpy().mean()


def test_growth_slows_by_decade():
    growth = pd.concat([baseline(s)[0].gdp_growth for s in SEEDS], axis=1).mean(axis=1)
    first = growth.loc[2024]
    decades = [
        growth.loc[2024:2030].mean(),
        growth.loc[2031:2040].mean(),
        growth.loc[2041:2050].mean(),
    ]
    # measured on seeds 0-11 (docs/tools/macro_path.py --seeds 12, the firm_plans start and its
    # refit, 2026-12-06): 5.23 % (seeds 5.18-5.31), 4.82 %, 3.18 %, 2.27 % (seed range of the last
    # decade 2.24-2.33 %); the targets of
    # docs/model.md 7.28: 4.3-5.7, 3.8-5.5, 2.8-4.5, 1.8-3.8 %
    assert 0.043 <= first <= 0.057, first  # NBS 2024: 5.0 %
    assert 0.038 <= decades[0] <= 0.055, decades
    assert 0.028 <= decades[1] <= 0.045, decades
    assert 0.018 <= decades[2] <= 0.038, decades
    assert decades[0] > decades[1] > decades[2], decades


def test_goods_lose_share_and_the_saving_rate_falls():
    sc = Scenario.load(SCENARIOS / "baseline.toml")
    for seed in SEEDS:
        nat, _ = baseline(seed)
        assert (nat.industry_value_added_share < 0.45).all()
        # +4.8 to +5.6 points measured (seeds 0-2)
        assert nat.services_share[2050] > nat.services_share[2023] + 0.005
        np.testing.assert_allclose(nat.industry_value_added_share + nat.services_share, 1.0)
        # investment = saving less government borrowing that is not infrastructure (local
        # subsidies, interest): 46.7 % against the saving path's 47 % in the start year
        assert nat.saving_rate[2023] == pytest.approx(sc.macro.saving_rate_start, abs=1e-3)
        gap = nat.saving_rate - nat.investment_rate
        assert (gap > 0).all() and (gap < 0.06).all(), gap.describe()
        # 46.7 % to 39.4-39.5 % by 2050 (seeds 0-11), 7.3 points, at the refit on the firm_plans
        # start (b_y +0.046); 10.0 points at the estimate before it (b_y +0.018). Seed 0 at b_y 0
        # (ageing alone): 11.7 points; at b_y's upper bound +0.05: 6.9. Asserted: at least 5
        assert nat.investment_rate[2050] < nat.investment_rate[2023] - 0.05
        # ageing lowers the saving rate every year; income raises it at b_y +0.046, and in 2025
        # the two nearly cancel (+0.0002 on seed 0; every year lower at b_y +0.018)
        assert (nat.saving_rate.diff().iloc[1:] < 1e-3).all()
        assert (nat.saving_rate.diff().loc[2026:] < 0).all()


def test_textbook_mode_keeps_the_constant_saving_rate():
    sc = Scenario.load(SCENARIOS / "textbook" / "solow.toml")
    nat = RegionalEconomy(sc, seed=0).run()["national"]
    np.testing.assert_allclose(nat.saving_rate, sc.solow.saving_rate)
    np.testing.assert_allclose(nat.investment_rate, sc.solow.saving_rate, rtol=1e-12)


def test_investment_shares_from_the_data_follow_the_provinces_and_keep_the_totals():
    """``macro.regional_investment = "data"``: the provinces' investment shares (aggregate sector
    and firms' orders) line up with the data's (correlation of logs 0.998 on seeds 0-2 in 2018
    and the two years on, s.d. across provinces 0.19 against the data's 0.24: the home part tops
    each province up to its share, the mobile part goes by returns; with "uniform" -0.22 to
    +0.18, s.d. 0.03); the national saving and the aggregate sector's total investment of the
    start year are those of "uniform" (the home part only moves between regions), and the
    accounts close every year."""
    from nqpf.sim.data.panel import investment_shares

    data = investment_shares(2018)[1]
    base = ["world.start_year=2018", "world.end_year=2020", "economy.firm_agents=false"]
    for seed in range(3):
        runs = {}
        for mode in ("uniform", "data"):
            sc = Scenario.load(
                SCENARIOS / "baseline.toml",
                overrides=[
                    *base,
                    "macro.saving_rate_start=0.505",
                    f"macro.regional_investment={mode}",
                ],
            )
            model = RegionalEconomy(sc, seed=seed, check_accounts=True)
            r, fl = model.world.regions, model.world.flows
            shares = [(r.investment + fl.firm_orders_by_region) / r.gdp_nominal]
            start = (float(r.investment.sum()), fl.saving)
            while not model.finished:
                model.step()
                shares.append((r.investment + fl.firm_orders_by_region) / r.gdp_nominal)
            d = np.log(data.reindex(model.world.geography.name).to_numpy())
            corr = [np.corrcoef(np.log(s), d)[0, 1] for s in shares]
            runs[mode] = (corr, start, float(np.std(shares[0])))
        assert min(runs["data"][0]) > 0.99, runs["data"][0]
        assert max(abs(c) for c in runs["uniform"][0]) < 0.4, runs["uniform"][0]
        assert runs["data"][2] > 4.5 * runs["uniform"][2]  # 0.191 against 0.032-0.037
        np.testing.assert_allclose(runs["data"][1], runs["uniform"][1], rtol=1e-12)


def test_the_baseline_places_home_saving_by_the_provinces_shares():
    """The default ``macro.regional_investment = "auto"`` on the china31 map is "data": the
    baseline's regions table equals the one with "data" named, and differs from "uniform"."""
    base = ["world.end_year=2025", "economy.firm_agents=false"]

    def regions(*extra: str):
        sc = Scenario.load(SCENARIOS / "baseline.toml", overrides=[*base, *extra])
        return RegionalEconomy(sc, seed=1).run()["regions"]

    default = regions()
    pd.testing.assert_frame_equal(default, regions("macro.regional_investment=data"))
    uniform = regions("macro.regional_investment=uniform")
    assert not np.allclose(default.investment, uniform.investment, rtol=1e-3)


def test_rd_intensity_rises_with_income_at_the_estimated_elasticity():
    """``technology.rd_income_elasticity``: from the 2018 data, the national R&D intensity (R&D
    over GDP at current prices, GDP weighted) stays near the start with the start year's R&D
    shares (2.18 % to 2.21 % in 2023, seed 0) and rises with the 2011-2018 estimate 0.46 (to
    2.48 %; data 2.67 %); the accounts close every year."""
    base = [
        "world.start_year=2018",
        "world.end_year=2023",
        "economy.firm_agents=false",
        "macro.saving_rate_start=0.505",
    ]
    rd = {}
    for e in (0.0, 0.46):
        sc = Scenario.load(
            SCENARIOS / "baseline.toml", overrides=[*base, f"technology.rd_income_elasticity={e}"]
        )
        nat = RegionalEconomy(sc, seed=0, check_accounts=True).run(tables=("national",))
        rd[e] = nat["national"].set_index("year").rd_intensity
    assert rd[0.0][2018] == pytest.approx(rd[0.46][2018], rel=1e-12)  # the same start
    assert abs(rd[0.0][2023] - rd[0.0][2018]) < 0.1  # 2.21 against 2.18
    assert rd[0.46][2018] + 0.2 < rd[0.46][2023] < 2.67  # 2.48: rises, short of the data


@pytest.mark.parametrize(
    "overrides",
    [
        (),
        (  # heavy retirement: PV's price swings, and its value added once swung with it
            "central.capacity_controls=true",
            "central.retirement_rate=0.5",
            "central.capacity_threshold=0.9",
        ),
    ],
)
def test_industries_real_value_added_stays_below_their_output(overrides):
    """Industries' real value added is at start-year prices (docs/model.md 7.12): positive and
    below the industry's output in every year to 2050 (central coordination, as shipped and
    with heavy retirement). The chain link it replaced ran PV's to 2.3 times its output in the
    baseline by 2050 and from +199,000 to -225,000 bn yuan in two years with heavy
    retirement."""
    sc = Scenario.load(
        SCENARIOS / "central_coordination.toml",
        overrides=["world.end_year=2050", "economy.firm_agents=false", *overrides],
    )
    ind = RegionalEconomy(sc, seed=0).run(tables=("industries",))["industries"]
    active = ind.output > 0
    assert (ind.value_added[active] > 0).all()
    assert (ind.value_added <= ind.output).all()

"""The map's endowments and comparative advantages, and the terms of fit the tailored lesson
shows: read from the engine's data and arrays, never recomputed differently."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nqpf.agents import government
from nqpf.dashboards import local_conditions as lc
from nqpf.dashboards.i18n import region_label, t
from nqpf.dashboards.simulation import Settings, Simulation
from nqpf.dashboards.ui_labels import LABELS
from nqpf.dashboards.view_tables import indicators, map_colors, year_rows
from nqpf.sim.data.endowments import load_endowments
from nqpf.sim.economics import strategies


@pytest.fixture(scope="module")
def sim() -> Simulation:
    sim = Simulation.build(Settings("baseline", 0))
    sim.step()
    return sim


@pytest.fixture(scope="module")
def lq(sim) -> pd.DataFrame:
    return lc.location_quotients(sim.model.results()["region_industries"])


def test_location_quotients_are_the_engines_of_each_years_capacity(sim, lq):
    table = sim.model.results()["region_industries"]
    assert sorted(lq["year"].unique()) == [2023, 2024]
    for year in (2023, 2024):
        cap = table[table["year"] == year].pivot(
            index="region", columns="industry", values="capacity"
        )
        want = strategies.location_quotient(cap.to_numpy(float))
        got = lq[lq["year"] == year].pivot(index="region", columns="industry", values="lq")
        np.testing.assert_allclose(got.loc[cap.index, cap.columns].to_numpy(), want, rtol=1e-12)
        # capacity-weighted, the location quotients of an industry average to 1
        share = cap.sum(axis=1) / cap.to_numpy().sum()
        np.testing.assert_allclose((got.loc[cap.index].mul(share, axis=0)).sum(), 1.0, rtol=1e-9)


def test_the_data_base_shows_where_industries_are(lq):
    start = lq[lq["year"] == 2023].set_index(["region", "industry"])["lq"]
    for region in ("Shanxi", "Inner Mongolia", "Shaanxi"):  # coal, power and ores
        assert start[(region, "energy_materials")] > 1.5
        # polysilicon's start-year map follows coal and power too (its documented proxy), so it
        # can rank beside energy and raw materials
        top = [key for key, _ in lc.top_advantages(lq, 2023, region)]
        assert top[0] in ("energy_materials", "pv_polysilicon"), (region, top)
        assert "energy_materials" in top[:2], (region, top)
    assert start[("Guangdong", "next_gen_it")] > 1.5  # electronics
    assert start[("Beijing", "energy_materials")] < 1.0


def test_map_table_carries_the_endowment_data_and_the_chosen_industrys_quotient(sim, lq):
    regions = sim.snapshot().tables["regions"]
    table = lc.with_local_conditions(regions, lq, "energy_materials")
    assert len(table) == len(regions)
    data = load_endowments()
    for year in (2023, 2024):
        rows = year_rows(table, year)
        np.testing.assert_array_equal(
            rows["wind_potential_twh_per_year"], data.loc[rows.index, "wind_potential_twh_per_year"]
        )
        coastal = data.loc[rows.index, "coastal"] > 0
        assert set(rows.loc[coastal, "coast"]) == {"coastal"}
        assert set(rows.loc[~coastal, "coast"]) == {"inland"}
        energy = lq[(lq["year"] == year) & (lq["industry"] == "energy_materials")]
        np.testing.assert_array_equal(
            rows.loc[energy["region"], lc.ADVANTAGE], energy["lq"].to_numpy()
        )
    offered = indicators(table)
    assert set(lc.LOCAL_INDICATORS) <= set(offered)
    # textbook and custom maps have no endowment data: nothing is added
    other = regions.assign(region=[f"R{i}" for i in range(len(regions))])
    assert lc.endowments(list(other["region"])) is None
    assert "coast" not in lc.with_local_conditions(other, lq.iloc[0:0], None)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_endowment_map_shows_units_and_the_hover_names_endowments_and_advantages(sim, lq, lang):
    regions = lc.with_local_conditions(sim.snapshot().tables["regions"], lq, "next_gen_it")
    colors = map_colors(regions, 2024, "wind_potential_twh_per_year", lang)
    unit = "TWh/year" if lang == "en" else "亿千瓦时/年"
    assert unit in colors.legend["title"]
    assert colors.fills["Inner Mongolia"] != colors.fills["Beijing"]
    wind = load_endowments().loc["Inner Mongolia", "wind_potential_twh_per_year"]
    shown = wind if lang == "en" else 10 * wind  # 1 TWh = 10 亿千瓦时
    assert f"{shown:,.0f}" in colors.texts["Inner Mongolia"]
    extra = lc.local_hover_texts(year_rows(regions, 2024), lq, 2024, {}, lang)
    top = lc.top_advantages(lq, 2024, "Guangdong")
    assert t("endowments", lang) in extra["Guangdong"]
    assert all(k in extra["Guangdong"] for k, _ in top)
    coast = map_colors(regions, 2024, "coast", lang)
    assert coast.legend["kind"] == "categorical" and len(coast.legend["items"]) == 2
    if lang == "zh":
        for text in (colors.legend["title"], coast.legend["title"], region_label("coast", lang)):
            assert not re.search("[A-Za-z]{2,}", text.replace("GDP", "")), text


def test_fit_terms_now_are_what_a_plan_made_now_reads(sim):
    model = sim.model
    w = model.world
    groups = lc.fit_terms_now(model, sim.scenario)
    assert set(groups) == set(lc.FIT_GROUPS)
    total = sum(groups.values())
    w.plan_made = False  # force a plan on this state (the test's own model)
    government.plan_priorities(w, sim.scenario, np.random.default_rng(0))
    np.testing.assert_allclose(total, w.governments.fit, rtol=0, atol=1e-10)
    index = list(w.geography.name).index("Inner Mongolia")
    best = lc.fit_breakdown(model, sim.scenario, index)
    assert list(best.columns) == [*lc.FIT_GROUPS, "fit"] and len(best) == 3
    assert best["fit"].iloc[0] == pytest.approx(w.governments.fit[index].max(), abs=1e-10)
    # the endowment term of energy and raw materials is -10 ln e of the location's cost factor
    costs = lc.cost_factors(model, index)
    assert groups["endowments"][index, list(w.industries.keys).index("energy_materials")] == (
        pytest.approx(-strategies.ENDOWMENT_WEIGHT * np.log(costs["energy_materials"]))
    )
    assert costs["energy_materials"] < 1.0  # wind-rich Inner Mongolia: cheaper energy


def test_every_local_label_has_both_languages():
    from nqpf.dashboards.local_text import LOCAL_LABELS

    for key in LOCAL_LABELS:
        en, zh = LABELS[key]
        assert en and zh and en != zh, key


def test_a_table_out_of_the_recorders_order_is_refused(sim):
    table = sim.model.results()["region_industries"]
    shuffled = table.sample(frac=1.0, random_state=0).sort_values("year", kind="stable")
    with pytest.raises(ValueError, match="region_industries: the rows of year 2023"):
        lc.location_quotients(shuffled)

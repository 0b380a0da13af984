"""The region inspector reads the Mesa agents (views on the world's arrays), never its own copy."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents.financier import Bank
from nqpf.dashboards import region_info
from nqpf.sim import RegionalEconomy, Scenario
from tests.builders import small_model


@pytest.fixture(scope="module")
def model():
    return small_model(years=3, seed=2, firms={"state_owned_share": 0.5})


def test_government_shows_the_worlds_strategy_priorities_and_budget(model):
    w = model.world
    gov = region_info.government(model, 1)
    assert gov["strategy"] == str(w.governments.strategy[1])
    assert gov["debt"] == w.governments.debt[1] and gov["subsidies"] == w.governments.subsidies[1]
    chosen = {w.industries.keys[s] for s in np.flatnonzero(w.governments.priorities[1])}
    assert set(gov["priorities"]) == chosen and len(chosen) >= 1
    assert list(gov["fit"].values) == sorted(w.governments.fit[1], reverse=True)


def test_bank_ratios_are_the_bank_agents_own(model):
    w = model.world
    for i in range(w.n_regions):
        shown = region_info.bank(model, i)
        agent = next(a for a in model.agents_by_type[Bank] if a.index == i)
        assert shown["npl_ratio"] == agent.npl_ratio
        assert shown["loans"] == pytest.approx(w.firms.debt[w.firms.region == i].sum(), rel=1e-12)
        assert shown["capital_ratio"] == pytest.approx(
            w.banks.capital[i] / (w.banks.loans[i] + w.banks.gov_loans[i]), rel=1e-12
        )


def test_firms_by_industry_adds_up_to_the_regions_firms(model):
    w = model.world
    table = region_info.firms_by_industry(model, 0)
    mine = w.firms.region == 0
    assert table["n_firms"].sum() == mine.sum() and (table["n_firms"] > 0).all()
    assert table["capital"].sum() == pytest.approx(w.firms.capital[mine].sum(), rel=1e-12)
    assert table["zombies"].sum() == w.firms.zombie[mine].sum()
    used = table["output"] / table["capacity"]
    np.testing.assert_allclose(table["utilization"], used)


def test_university_reports_its_strongest_fields(model):
    uni = region_info.university(model, 3)
    strength = model.world.universities.strength[3]
    assert [v for _, v in uni["strongest"]] == sorted(strength, reverse=True)[:3]
    assert uni["graduates"] > 0 and uni["funding"] == model.world.universities.funding[3]


def test_textbook_model_has_no_government_firms_or_bank():
    sc = Scenario.load("scenarios/textbook/solow.toml")
    model = RegionalEconomy(sc, seed=0)
    assert region_info.government(model, 0) is None
    assert region_info.firms_by_industry(model, 0) is None
    assert region_info.bank(model, 0) is None and region_info.university(model, 0) is None
    assert region_info.region_index(model, model.world.geography.name[0]) == 0

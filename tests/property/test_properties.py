"""Property tests (hypothesis): over random small scenarios and parameters the accounting
identities hold every year, migration conserves people, and no capacity, price or population
goes negative."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nqpf.sim import RegionalEconomy, Scenario

MODES = ["tailored", "herding", "mixed", "tournament"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_regions=st.integers(3, 9),
    seed=st.integers(0, 2**31 - 1),
    mode=st.sampled_from(MODES),
    herding=st.floats(0.0, 1.0),
    subsidy=st.floats(0.0, 0.5),
    extrapolation=st.floats(0.0, 1.0),
    protection=st.floats(0.0, 1.0),
    mobility=st.floats(0.0, 0.3),
    expectations=st.sampled_from(["adaptive", "extrapolative"]),
    controls=st.booleans(),
    unified=st.booleans(),
    growth=st.floats(-0.01, 0.01),
)
def test_identities_people_and_signs(
    n_regions,
    seed,
    mode,
    herding,
    subsidy,
    extrapolation,
    protection,
    mobility,
    expectations,
    controls,
    unified,
    growth,
):
    sc = Scenario.from_dict(
        {
            "world": {"geography": f"synthetic:{n_regions}", "end_year": 2029},
            "economy": {"initial_firms": 400},
            "solow": {"demography": "constant", "population_growth": growth},
            "strategy": {"mode": mode, "herding_propensity": herding},
            "government": {"subsidy_rate": subsidy, "local_protection": protection},
            "finance": {"bank_extrapolation": extrapolation},
            "firms": {"expectations": expectations},
            "talent": {"mobility": mobility},
            "central": {"capacity_controls": controls, "unified_market": unified},
        }
    )
    model = RegionalEconomy(sc, seed=seed, check_accounts=True)  # raises on any broken identity
    pop0 = model.world.regions.population.sum()
    tables = model.run()
    reg, ind = tables["regions"], tables["industries"]
    years = reg["year"].unique()
    expected = pop0 * (1 + growth) ** (years - years[0])
    np.testing.assert_allclose(
        reg.groupby("year")["population"].sum().to_numpy(), expected, rtol=1e-10
    )
    assert (reg["population"] > 0).all()
    assert (ind["capacity"] >= 0).all() and (ind["price"] > 0).all()
    assert (ind["output"] <= ind["capacity"] * (1 + 1e-9)).all()
    f = model.world.firms
    assert (f.capital >= 0).all() and (f.pipeline >= 0).all() and (f.debt >= 0).all()

"""Where a chain's upstream stage sells (agents/firms/shipping.py)."""

from __future__ import annotations

import numpy as np

from nqpf.agents.firms import production, shipping
from nqpf.sim.economics import chain
from tests.builders import small_world


def test_the_upstreams_buyers_are_what_its_downstream_firms_bought():
    """The downstream firms' purchases by region add up to the upstream's derived demand of the
    clearing, and the buyer map puts them where those firms are; with idle downstream plants
    they fall below ``a_d`` times output (the table's rate), which the start-year map uses."""
    w, sc, _ = small_world()
    f, ind, m = w.firms, w.industries, w.markets
    d = int(np.flatnonzero(ind.upstream >= 0)[0])
    u = int(ind.upstream[d])
    f.capacity = np.where(f.industry == d, 2.0 * f.capacity, f.capacity)  # idle plants
    production.clear_markets(w, sc)
    bought = shipping.chain_purchases(w)
    np.testing.assert_allclose(bought.sum(axis=0), m.derived_demand, rtol=1e-12, atol=1e-12)
    assert bought[:, u].sum() > 0
    others = np.ones(w.n_industries, dtype=bool)
    others[u] = False
    assert (bought[:, others] == 0).all()
    output = np.bincount(f.region, weights=f.output * (f.industry == d), minlength=w.n_regions)
    assert ((bought[:, u] > 0) == (output > 0)).all()
    at_table_rate = chain.derived_by_region(
        np.where(np.arange(w.n_industries) == d, output[:, None], 0.0),
        ind.upstream,
        ind.upstream_input,
    )
    assert bought[:, u].sum() < 0.99 * at_table_rate[:, u].sum()
    final = m.demand_trend
    spending = shipping.buyers(w, np.zeros((w.n_regions, w.n_industries)), final, bought)
    share = spending[u]  # industries x regions: the upstream's row
    households = (w.trade.spending_weight[:, u] * w.regions.gdp) / (
        w.trade.spending_weight[:, u] * w.regions.gdp
    ).sum()
    np.testing.assert_allclose(share, final[u] * households + bought[:, u], rtol=1e-12)

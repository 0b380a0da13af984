"""Trade between regions (sim/economics/trade.py): gravity margins, zero net trade, the border
cost's direction, delivery factors, segmentation and the border calibration."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import compiled_path, trade, trade_sums
from nqpf.sim.setup.geography import great_circle_km


@pytest.fixture(params=["reference", "compiled"], autouse=True)
def fit_path(request, monkeypatch):
    """Every test here runs on both paths of the gravity fit: the NumPy reference and, where
    Numba is installed (the ``fast`` extra), the compiled one (``compiled_path.py``)."""
    if request.param == "compiled":
        pytest.importorskip("numba")
        monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    else:
        monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    return request.param


def _instance(seed: int = 0, n_regions: int = 12, n_industries: int = 3):
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(20, 45, n_regions), rng.uniform(90, 125, n_regions)
    distance = great_circle_km(lat, lon)
    demand = rng.lognormal(0.0, 1.0, (n_industries, n_regions))
    supply = demand * rng.lognormal(0.0, 0.4, demand.shape)  # supply near buyers, not at them
    supply[0, 0] = 0.0  # a region without the industry
    return supply, demand, distance


def test_flows_meet_output_and_spending_and_net_trade_is_zero():
    supply, demand, distance = _instance()
    iceberg = trade.iceberg_factors(distance, np.array([0.3, 0.8, 1.5]), 0.1)
    g = trade.gravity_flows(supply, demand, iceberg, 5.0)
    np.testing.assert_allclose(g.flows.sum(axis=2), supply, rtol=1e-12, atol=1e-12)
    spending = demand / demand.sum(axis=1, keepdims=True) * supply.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(g.flows.sum(axis=1), spending, rtol=1e-9, atol=1e-10 * supply.sum())
    assert (g.flows >= 0).all() and (g.exports > 0).any() and (g.imports > 0).any()
    net = g.exports.sum(axis=1) - g.imports.sum(axis=1)
    assert (np.abs(net) <= 1e-9 * g.exports.sum(axis=1)).all()
    assert (g.exports <= supply * (1 + 1e-12)).all() and g.exports[0, 0] == 0.0


def test_without_trade_costs_buyers_take_every_origin_in_proportion():
    """``T = 1``: flows are ``Y_o E_d / Y`` (independence), the textbook frictionless gravity."""
    supply, demand, distance = _instance(1)
    g = trade.gravity_flows(supply, demand, np.ones((3, 12, 12)), 5.0)
    total = supply.sum(axis=1)
    spending = demand / demand.sum(axis=1, keepdims=True) * total[:, None]
    expected = supply[:, :, None] * spending[:, None, :] / total[:, None, None]
    np.testing.assert_allclose(g.flows, expected, rtol=1e-9)
    free = trade.seller_delivery(g, supply, distance, np.zeros(3), kappa=0.0, paid=1.0)
    np.testing.assert_allclose(free, 1.0)


def test_a_higher_border_cost_keeps_more_sales_at_home():
    supply, demand, distance = _instance(2)
    shares = [
        trade.interregional_share(
            trade.gravity_flows(supply, demand, trade.iceberg_factors(distance, b, 0.1), 5.0)
        )
        for b in (np.zeros(3), np.full(3, 0.5), np.full(3, 1.5))
    ]
    assert (np.diff(np.array(shares), axis=0) < 0).all()


def test_sellers_pay_the_trade_cost_of_their_regions_net_shipments():
    supply, demand, distance = _instance(3)
    border = np.full(3, 0.6)
    g = trade.gravity_flows(supply, demand, trade.iceberg_factors(distance, border, 0.1), 5.0)
    delivery = trade.seller_delivery(g, supply, distance, border, kappa=0.1, paid=0.25)
    assert delivery.shape == (12, 3) and (delivery >= 1.0).all()
    bought = g.flows.sum(axis=1)
    net = np.where(supply > 0, 1.0 - bought / np.where(supply > 0, supply, 1.0), 0.0)
    importer = net <= 0
    assert importer.any() and (~importer).any()
    np.testing.assert_allclose(delivery.T[importer], 1.0)  # buyers at home take all its output
    assert delivery[0, 0] == 1.0  # no output: an entrant sells at home first
    s, o = np.argwhere(~importer)[0]
    away = g.flows[s, o].copy()
    away[o] = 0.0
    tau = 0.1 * distance[o] / 1000.0 + 0.25 * 0.6
    expected = 1.0 + net[s, o] * (away * tau).sum() / away.sum()
    assert delivery[o, s] == pytest.approx(expected, rel=1e-9)
    # a higher border cost makes every net exporter's deliveries dearer
    high = np.full(3, 1.2)
    g_high = trade.gravity_flows(supply, demand, trade.iceberg_factors(distance, high, 0.1), 5.0)
    dearer = trade.seller_delivery(g_high, supply, distance, high, kappa=0.1, paid=0.25)
    assert (dearer.T[~importer] > delivery.T[~importer]).all()


def test_segmentation_factor_moves_with_protection_and_the_unified_market():
    kw = dict(protection_weight=1.0, calibration_protection=0.3, unified_factor=0.5)
    assert trade.segmentation_factor(0.3, False, **kw) == pytest.approx(1.0)
    assert trade.segmentation_factor(0.8, False, **kw) == pytest.approx(1.8 / 1.3)
    assert trade.segmentation_factor(0.0, False, **kw) == pytest.approx(1.0 / 1.3)
    assert trade.segmentation_factor(0.8, True, **kw) == pytest.approx(0.5 / 1.3)


def test_calibrated_border_reproduces_the_target_share_or_stops_at_the_bound():
    supply, demand, distance = _instance(4)
    # reachable, more trade than b = 0 gives, less than supply away from buyers forces
    target = np.array([0.5, 0.99, 0.05])
    b = trade.calibrate_border(supply, demand, distance, target, kappa=0.1, elasticity=5.0)
    g = trade.gravity_flows(supply, demand, trade.iceberg_factors(distance, b, 0.1), 5.0)
    assert trade.interregional_share(g)[0] == pytest.approx(0.5, abs=1e-8)
    assert 0 < b[0] < 10 and b[1] == pytest.approx(0.0, abs=1e-8)
    assert b[2] == pytest.approx(10.0, abs=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_calibrated_border_meets_every_reachable_target_together(seed):
    supply, demand, distance = _instance(seed, n_regions=31, n_industries=4)
    target = np.array([0.3, 0.5, 0.6, 0.7])
    b = trade.calibrate_border(
        supply, demand, distance, target, kappa=0.1, elasticity=5.0, bounds=(0.0, 2.0)
    )
    assert ((b > 0.0) & (b < 2.0)).all()
    g = trade.gravity_flows(supply, demand, trade.iceberg_factors(distance, b, 0.1), 5.0)
    np.testing.assert_allclose(trade.interregional_share(g), target, atol=2e-9)


def _plain_alternation(supply, demand, iceberg, elasticity, tolerance=1e-10):
    """Furness's alternating fit without acceleration, the reference: (flows, passes)."""
    total = supply.sum(axis=1, keepdims=True)
    target = demand / demand.sum(axis=1, keepdims=True) * total
    kernel = iceberg ** (-elasticity)
    a, c = np.ones_like(supply), target.copy()
    for passes in range(100_000):
        reach = np.einsum("so,sod->sd", a, kernel)
        if np.all(np.abs(c * reach - target) <= tolerance * total):
            return a[:, :, None] * kernel * c[:, None, :], passes
        c = target / reach
        a = supply / np.einsum("sod,sd->so", kernel, c)
    raise AssertionError("the plain alternation did not converge")


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_accelerated_fit_gives_the_plain_alternations_flows_in_fewer_passes(seed):
    supply, demand, distance = _instance(seed, n_regions=31, n_industries=4)
    iceberg = trade.iceberg_factors(distance, np.array([0.2, 0.6, 1.2, 2.0]), 0.1)
    reference, plain_passes = _plain_alternation(supply, demand, iceberg, 5.0)
    g = trade.gravity_flows(supply, demand, iceberg, 5.0)
    scale = supply.sum(axis=1)[:, None, None]
    assert np.max(np.abs(g.flows - reference) / scale) < 1e-8
    assert g.passes <= plain_passes / 2, (g.passes, plain_passes)


def test_a_start_from_a_nearby_fit_gives_the_same_flows_in_fewer_passes():
    """Last year's balancing factors as the start: the flows are unique, so only the passes
    change."""
    supply, demand, distance = _instance(2, n_regions=31, n_industries=3)
    iceberg = trade.iceberg_factors(distance, np.array([0.3, 0.8, 1.5]), 0.1)
    last_year = trade.gravity_flows(supply, demand, iceberg, 5.0)
    grown = supply * np.random.default_rng(9).lognormal(0.03, 0.05, supply.shape)
    cold = trade.gravity_flows(grown, demand, iceberg, 5.0)
    warm = trade.gravity_flows(grown, demand, iceberg, 5.0, start=last_year.origin_balance)
    scale = grown.sum(axis=1)[:, None, None]
    assert np.max(np.abs(warm.flows - cold.flows) / scale) < 1e-8
    np.testing.assert_allclose(warm.flows.sum(axis=2), grown, rtol=1e-12)
    assert warm.passes < cold.passes, (warm.passes, cold.passes)


@pytest.mark.filterwarnings("error")
def test_a_start_at_any_scale_or_with_origins_gone_gives_the_same_flows_without_overflow():
    """The fit fixes the balancing factors only up to a factor per industry; a start far off in
    scale, or with a factor for an origin whose output has gone, changes nothing but passes."""
    supply, demand, distance = _instance(5, n_regions=31, n_industries=3)
    iceberg = trade.iceberg_factors(distance, np.array([0.3, 0.8, 1.5]), 0.1)
    cold = trade.gravity_flows(supply, demand, iceberg, 5.0)
    gone = supply.copy()
    gone[1, :5] = 0.0
    for start in (cold.origin_balance * 1e160, cold.origin_balance * 1e-160):
        warm = trade.gravity_flows(supply, demand, iceberg, 5.0, start=start)
        assert np.max(np.abs(warm.flows - cold.flows) / supply.sum(axis=1)[:, None, None]) < 1e-8
    reference = trade.gravity_flows(gone, demand, iceberg, 5.0)
    warm = trade.gravity_flows(gone, demand, iceberg, 5.0, start=cold.origin_balance)
    assert np.max(np.abs(warm.flows - reference.flows) / gone.sum(axis=1)[:, None, None]) < 1e-8
    assert (warm.flows[1, :5] == 0.0).all()


@pytest.mark.parametrize("n_regions", [5, 8, 12, 31, 40, 128, 129, 136, 300, 1031])
def test_the_flows_sums_are_numpys_bit_for_bit_on_both_paths(n_regions, fit_path):
    """``trade_sums``' compiled kernels add as NumPy does (pairwise within a row, over origins
    one by one): exports, imports and the delivery sums byte for byte, over values spread over
    sixteen orders of magnitude with zeros, signed zeros and a NaN."""
    rng = np.random.default_rng(n_regions)
    shape = (4, n_regions, n_regions)
    flows, shares, tau = (rng.random(shape) * 10.0 ** rng.integers(-8, 8, shape) for _ in "abc")
    flows[0, 0], shares[1, :, 0], flows[2, 1, 1], tau[3, 2, 2] = 0.0, -0.0, -0.0, np.nan
    shares[3, 4, :], flows[3, :, 4] = -0.0, -0.0  # sums of nothing but -0.0
    g = trade.Gravity(flows=flows, destination_shares=shares, origin_balance=flows[:, :, 0])
    away = shares * (1.0 - np.eye(n_regions))
    expected = (flows.sum(axis=1), away.sum(axis=2), (away * tau).sum(axis=2))
    for got, want in zip(trade_sums.delivery_sums(flows, shares, tau), expected, strict=True):
        assert got.tobytes() == want.tobytes()
    for got, want in zip(g.exports_imports(), (g.exports, g.imports), strict=True):
        assert got.tobytes() == want.tobytes()
    if fit_path == "compiled":  # the kernels ran, not the NumPy fallback
        assert trade_sums._compiled("trade_sums.gravity_margins", flows) is not None
        off = trade_sums.off_diagonal(n_regions)[0]
        assert trade_sums._compiled("trade_sums.delivery_sums", flows, shares, off, tau) is not None


def _laid_out(a: np.ndarray, layout: str) -> np.ndarray:
    """``a`` C- or Fortran-contiguous, or as a strided view of the one or the other ('c', 'f')."""
    if layout in "CF":
        return np.asarray(a, order=layout)
    wide = np.repeat(a, 2, axis=0)  # every other row of it is ``a``
    return np.asarray(wide, order=layout.upper())[::2]


@pytest.mark.parametrize("layouts", ["CC", "FF", "CF", "FC", "cf", "fc", "cc"])
def test_the_fits_targets_are_the_weights_formula_bit_for_bit(layouts):
    """``_targets`` without the ``np.where`` copy where it may skip it gives the formula's
    numbers byte for byte (spending everywhere, or an industry without spending), also on
    strided views laid out differently (lower case: every other row of a C or F array)."""
    supply, demand, _ = _instance(3, n_regions=31, n_industries=15)
    for spending in (demand, np.where(np.arange(15)[:, None] == 2, 0.0, demand)):
        su = _laid_out(supply, layouts[0])
        sp = _laid_out(spending * 1e3, layouts[1])
        total = su.sum(axis=1)
        weights = np.where(sp.sum(axis=1)[:, None] > 0, sp, su + (total[:, None] <= 0))
        want = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-300) * total[:, None]
        assert trade._targets(su, sp, total).tobytes() == want.tobytes()

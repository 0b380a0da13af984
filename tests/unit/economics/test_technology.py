"""Spillover weights, regional TFP and Wright's law (sim/economics/technology.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import technology


def test_agreement_matrix_links_members_only():
    names = ["Beijing", "Tianjin", "Shanghai", "Jiangsu", "Xinjiang", "Sichuan", "Chongqing"]
    a = technology.agreement_matrix(names)
    assert (a == a.T).all() and not a.diagonal().any()
    assert a[0, 1] and a[2, 3] and a[5, 6]
    assert not a[0, 2] and not a[4].any()


def test_spillover_weights_distance_decay_and_normalisation():
    d = np.array([[0.0, 800.0, 1600.0], [800.0, 0.0, 800.0], [1600.0, 800.0, 0.0]])
    w = technology.spillover_weights(
        d, np.zeros((3, 3)), None, decay_km=800.0, neighbor_weight=1.0, cooperation_weight=3.0
    )
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert (w.diagonal() == 0).all()
    # row 0: weights e^-1 and e^-2, normalised
    np.testing.assert_allclose(w[0, 1:], np.array([np.e**-1, np.e**-2]) / (np.e**-1 + np.e**-2))
    # a land neighbour counts (1 + neighbor_weight) times
    nb = np.zeros((3, 3))
    nb[0, 2] = nb[2, 0] = 1.0
    wn = technology.spillover_weights(
        d, nb, None, decay_km=800.0, neighbor_weight=1.0, cooperation_weight=0.0
    )
    assert wn[0, 2] / wn[0, 1] == pytest.approx(2 * np.e**-1)
    # cooperation multiplies members' normalised weight by (1 + cooperation_weight)
    coop = np.zeros((3, 3), dtype=bool)
    coop[0, 1] = coop[1, 0] = True
    wc = technology.spillover_weights(
        d, np.zeros((3, 3)), coop, decay_km=800.0, neighbor_weight=1.0, cooperation_weight=3.0
    )
    assert wc[0, 1] == pytest.approx(4 * w[0, 1]) and wc[0, 2] == pytest.approx(w[0, 2])


def test_regional_tfp_next_closed_form():
    tfp = np.array([1.0, 0.5])
    weights = np.array([[0.0, 1.0], [1.0, 0.0]])
    nxt = technology.regional_tfp_next(
        tfp, np.array([0.01, 0.0]), np.array([0.1, 0.2]), 0.05, weights
    )
    # frontier: own growth only (catch-up and spillover gaps are zero)
    assert nxt[0] == pytest.approx(1.01)
    # follower: 0.5 + 0.2 x 0.5 (catch-up) + 0.05 x 0.5 (spillover from the leader) = 0.625
    assert nxt[1] == pytest.approx(0.625)


def test_a_follower_learns_at_most_its_gap_to_the_frontier():
    """Catch-up and spillovers together close at most the whole gap in a year: cooperation
    weights (row sums above one) and a strong spillover rate once carried followers past the
    frontier, so the leaders leapfrogged each other and GDP grew without bound."""
    tfp = np.array([1.0, 0.5, 0.9])
    weights = np.array([[0.0, 0.5, 0.5], [25.0, 0.0, 25.0], [0.5, 0.5, 0.0]])  # row 1 sums to 50
    nxt = technology.regional_tfp_next(tfp, np.zeros(3), np.full(3, 0.5), 0.2, weights)
    assert nxt[1] == pytest.approx(1.0)  # capped: the whole gap, not 0.5 + 0.25 + 4.5
    assert nxt.max() <= 1.0
    assert nxt[2] == pytest.approx(0.9 + 0.5 * 0.1 + 0.2 * 0.5 * 0.1)  # below the cap: as before


def test_wright_exponent_halves_per_doubling():
    b = technology.wright_exponent(np.array([0.5, 0.2, 0.0]))
    np.testing.assert_allclose(b, [1.0, np.log2(1 / 0.8), 0.0])
    np.testing.assert_allclose(2.0 ** (-b), [0.5, 0.8, 1.0])

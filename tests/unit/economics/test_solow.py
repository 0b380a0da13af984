"""Solow core and Nelson-Phelps catch-up (sim/economics/solow.py) on closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import solow


def test_cobb_douglas_closed_form_and_constant_returns():
    # A K^a L^(1-a): 2 x 4^0.5 x 9^0.5 = 12; 1 x 8^(1/3) x 27^(2/3) = 18
    y = solow.cobb_douglas(np.array([2.0, 1.0]), np.array([4.0, 8.0]), np.array([9.0, 27.0]), 0.5)
    assert y[0] == pytest.approx(12.0)
    y3 = solow.cobb_douglas(np.array([1.0]), np.array([8.0]), np.array([27.0]), 1 / 3)
    assert y3[0] == pytest.approx(18.0)
    k, l_ = np.array([3.0, 5.0]), np.array([7.0, 2.0])
    a = np.array([1.5, 0.7])
    np.testing.assert_allclose(
        solow.cobb_douglas(a, 2 * k, 2 * l_, 0.4), 2 * solow.cobb_douglas(a, k, l_, 0.4)
    )
    # the capital elasticity of output is alpha
    dk = 1e-6
    elasticity = np.log(
        solow.cobb_douglas(a, k * (1 + dk), l_, 0.4) / solow.cobb_douglas(a, k, l_, 0.4)
    ) / np.log(1 + dk)
    np.testing.assert_allclose(elasticity, 0.4, rtol=1e-6)


def test_solow_residual_recovers_tfp():
    a, k, l_ = np.array([1.3, 0.8]), np.array([50.0, 20.0]), np.array([4.0, 9.0])
    y = 1.3 * 50.0**0.35 * 4.0**0.65
    assert solow.solow_residual(np.array([y]), k[:1], l_[:1], 0.35)[0] == pytest.approx(1.3)
    np.testing.assert_allclose(
        solow.solow_residual(solow.cobb_douglas(a, k, l_, 0.35), k, l_, 0.35), a
    )


def test_accumulate_capital_law_of_motion_and_steady_state():
    assert solow.accumulate_capital(np.array([100.0]), np.array([20.0]), 0.1)[0] == pytest.approx(
        110.0
    )
    # K* solves delta K = s A K^a L^(1-a): K* = L (s A / delta)^(1/(1-a))
    s, a, delta, tfp, labor = 0.3, 0.5, 0.1, 1.0, 1.0
    k = np.array([1.0])
    for _ in range(600):
        y = solow.cobb_douglas(np.array([tfp]), k, np.array([labor]), a)
        k = solow.accumulate_capital(k, s * y, delta)
    assert k[0] == pytest.approx(labor * (s * tfp / delta) ** (1 / (1 - a)), rel=1e-9)  # = 9


def test_absorptive_capacity_closed_form():
    h = solow.absorptive_capacity(np.array([0.0, 2.0 * np.log(2.0), 2.0 * np.log(4.0)]), 2.0)
    np.testing.assert_allclose(h, [0.0, 0.5, 0.75])


def test_nelson_phelps_step_and_steady_state_ratio():
    # one step: (1 + g) A + phi h (F - A) = 1.02 x 0.5 + 0.1 x 0.5 = 0.56
    assert solow.nelson_phelps(np.array([0.5]), 1.0, np.array([0.02]), np.array([0.1]))[
        0
    ] == pytest.approx(0.56)
    # follower without own growth behind a frontier growing at gF: A/F -> phi h / (gF + phi h)
    g_f, catch_up = 0.02, np.array([0.08])
    follower, frontier = np.array([0.2]), 1.0
    for _ in range(2000):
        follower = solow.nelson_phelps(follower, frontier, np.array([0.0]), catch_up)
        frontier *= 1 + g_f
    assert follower[0] / frontier == pytest.approx(0.08 / (g_f + 0.08), rel=1e-9)
    # no catch-up: the follower stays put
    same = solow.nelson_phelps(np.array([0.3]), 1.0, np.array([0.0]), np.array([0.0]))
    assert same[0] == pytest.approx(0.3)

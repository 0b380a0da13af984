"""Solow core and Nelson-Phelps diffusion: pure functions over arrays.

Symbols (units; timing)
-----------------------
Y_t   value added [bn yuan/year; year t]
K_t   capital stock at the start of year t [bn yuan]
L_t   employed labour in year t [million workers]
A_t   structural total factor productivity in year t [index]
I_t   gross investment in year t, installed at the start of t+1 [bn yuan/year]
alpha capital share [-]; delta depreciation rate [1/year]
"""

from __future__ import annotations

import numpy as np


def cobb_douglas(
    tfp: np.ndarray, capital: np.ndarray, labor: np.ndarray, alpha: float
) -> np.ndarray:
    """Output ``Y = A K^alpha L^(1-alpha)`` (Solow 1956; design §5.1)."""
    return tfp * capital**alpha * labor ** (1.0 - alpha)


def solow_residual(
    output: np.ndarray, capital: np.ndarray, labor: np.ndarray, alpha: float
) -> np.ndarray:
    """Measured TFP level ``Y / (K^alpha L^(1-alpha))``, computed from aggregates as economists do."""
    return output / (capital**alpha * labor ** (1.0 - alpha))


def accumulate_capital(capital: np.ndarray, investment: np.ndarray, delta: float) -> np.ndarray:
    """Law of motion ``K_{t+1} = (1 - delta) K_t + I_t``."""
    return (1.0 - delta) * capital + investment


def absorptive_capacity(rd_intensity: np.ndarray, scale: float) -> np.ndarray:
    """Absorptive capacity ``h = 1 - exp(-rd / scale)`` in [0, 1) from R&D intensity [% of GDP].

    R&D intensity proxies the human capital and research base that Nelson and Phelps (1966) and
    seed 004 make the condition for adopting outside technology.
    """
    return 1.0 - np.exp(-np.asarray(rd_intensity, dtype=float) / scale)


def nelson_phelps(
    tfp: np.ndarray, frontier: float | np.ndarray, own_growth: np.ndarray, catch_up: np.ndarray
) -> np.ndarray:
    """Next year's TFP, ``A_{t+1} = (1 + g) A_t + phi h (F_t - A_t)``.

    ``g`` is own (exogenous or innovation) growth, ``phi h`` the catch-up speed (``catch_up``) and
    ``F_t`` the frontier. For a follower with ``g = 0`` the ratio ``x = A/F`` to a frontier growing
    at ``g_F`` obeys ``x_{t+1} = ((1 - phi h) x_t + phi h) / (1 + g_F)``, with steady state
    ``x* = phi h / (g_F + phi h)`` (Nelson and Phelps 1966, discrete time).
    """
    return (1.0 + own_growth) * tfp + catch_up * (frontier - tfp)

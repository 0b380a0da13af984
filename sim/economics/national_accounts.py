"""National accounts and the demand for goods against the rest of the economy: pure functions.

Real GDP is chain-linked at previous-year prices (the NBS comparable-price method; also the SNA
2008 recommendation): each year's growth is the growth of this year's quantities valued at last
year's prices, and the yearly links are multiplied. Industries whose prices fall do not gain
weight over time (their weight is last year's nominal share), and idle capacity adds nothing.
"""

from __future__ import annotations

import numpy as np


def real_rate(nominal: float, inflation: float) -> float:
    """Interest in model (numeraire) units on a nominal contract (Fisher):
    ``r = (1 + i) / (1 + pi) - 1`` [1/year]."""
    return (1.0 + nominal) / (1.0 + inflation) - 1.0


def chain_link(real_previous: float, nominal_previous: float, at_previous_prices: float) -> float:
    """This year's real (chain-linked) value:
    ``real_t = real_{t-1} x value_t(at t-1 prices) / nominal_{t-1}`` [bn yuan]."""
    if nominal_previous <= 0:
        raise ValueError(
            f"chain link: last year's value at current prices must be positive, got {nominal_previous}"
        )
    return real_previous * at_previous_prices / nominal_previous


def chain_link_regions(
    real_previous: np.ndarray, nominal_previous: np.ndarray, at_previous_prices: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each region's chain link (:func:`chain_link` region by region): this year's real value
    ``real_previous x at_previous_prices / nominal_previous`` [bn yuan] and its growth
    ``at_previous_prices / nominal_previous - 1`` [1/year]."""
    if not (np.asarray(nominal_previous) > 0).all():
        raise ValueError(
            "chain link: every region's last value at current prices must be positive, got "
            f"{np.asarray(nominal_previous).min()}"
        )
    return (
        real_previous * at_previous_prices / nominal_previous,
        at_previous_prices / nominal_previous - 1.0,
    )


def goods_spending(
    spending0: float,
    nominal_income_ratio: float,
    real_income_per_head_ratio: float,
    relative_goods_price: float,
    *,
    income_elasticity: float,
    substitution: float,
) -> float:
    """Households' spending on the modelled goods at current prices [bn yuan/year].

    Goods take a share of nominal income that moves with real income per head ``y`` (Engel:
    elasticity ``eta``, so the share moves as ``(y / y_0)^(eta - 1)``) and with the goods price
    relative to the GDP deflator ``P_g / P`` (CES between goods and the rest with elasticity
    ``sigma``: the share moves as ``(P_g / P)^(1 - sigma)``, the first-order term):
    ``E = E_0 (Y_nom / Y_nom,0) (y / y_0)^(eta - 1) (P_g / P)^(1 - sigma)``. With ``eta < 1`` and
    ``sigma < 1`` goods lose share as income grows and as they get relatively cheaper (Herrendorf,
    Rogerson and Valentinyi 2014; Ngai and Pissarides 2007). Ratios are to the start year [-].
    """
    if min(nominal_income_ratio, real_income_per_head_ratio, relative_goods_price) <= 0:
        raise ValueError(
            "goods spending needs positive income and price ratios, got "
            f"{nominal_income_ratio}, {real_income_per_head_ratio}, {relative_goods_price}"
        )
    return (
        spending0
        * nominal_income_ratio
        * real_income_per_head_ratio ** (income_elasticity - 1.0)
        * relative_goods_price ** (1.0 - substitution)
    )

"""Financing of local budgets: deficits by bonds and financing-vehicle loans, surpluses repaying
debt, and debt stress (design §5.5; docs/model.md, "Money and the transaction-flow matrix").

All functions work on arrays indexed by region [bn yuan]. Nothing is floored away: a surplus
repays debt pro rata across its holders, and a surplus beyond the debt is a financial asset
(a deposit of the government at its regional bank).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class LocalFinancing(NamedTuple):
    """Local governments' liabilities and assets after the year's financing [bn yuan]."""

    bonds: np.ndarray
    """Bonds held by households (non-bank savers)."""
    bank_held: np.ndarray
    """Financing-vehicle (LGFV) loans held by the regional bank."""
    assets: np.ndarray
    """Deposits of the government at its regional bank."""


def finance_deficit(
    deficit: np.ndarray,
    bonds: np.ndarray,
    bank_held: np.ndarray,
    assets: np.ndarray,
    bank_share: float,
) -> LocalFinancing:
    """Finance each region's deficit (spending - revenue; negative for a surplus).

    A deficit first draws on the government's deposits ``A``; the rest is borrowed, a share
    ``bank_share`` from the regional bank (LGFV loans ``G``) and the rest as bonds ``B``:
    ``G' = G + phi n``, ``B' = B + (1 - phi) n`` with ``n = max(0, d - A)``.
    A surplus ``u = -d`` repays debt pro rata, ``B' = B (1 - x / D)``, ``G' = G (1 - x / D)``
    with ``x = min(u, D)``, ``D = B + G``; what is left, ``u - x``, is deposited: ``A' = A + u - x``.
    In every case ``(B' + G' - A') - (B + G - A) = d``: net debt changes by the deficit.
    """
    short = np.maximum(deficit, 0.0)
    drawn = np.minimum(assets, short)
    borrowed = short - drawn
    surplus = np.maximum(-deficit, 0.0)
    debt = bonds + bank_held
    repaid = np.minimum(surplus, debt)
    owing = debt > 0
    kept = np.where(owing, 1.0 - repaid / np.where(owing, debt, 1.0), 1.0)
    return LocalFinancing(
        bonds=bonds * kept + (1.0 - bank_share) * borrowed,
        bank_held=bank_held * kept + bank_share * borrowed,
        assets=assets - drawn + (surplus - repaid),
    )


def consolidation(
    debt: np.ndarray, gdp_nominal: np.ndarray, warning_share: float, response: float
) -> np.ndarray:
    """Bohn-type fiscal rule: the primary balance improves by ``rho max(0, D - w Y)`` [bn yuan],
    where ``w Y`` is the debt-ratio warning line in GDP terms (warning ratio x comprehensive
    revenue share x nominal GDP). Below the line nothing is consolidated."""
    return response * np.maximum(0.0, debt - warning_share * gdp_nominal)


def apply_rule(planned: np.ndarray, cut: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Consolidation ``cut`` lowers planned infrastructure spending first, to zero at most; the
    rest is raised as revenue: returns ``(infrastructure, raised)`` with
    ``(planned - infrastructure) + raised = cut`` [bn yuan]."""
    infrastructure = np.maximum(0.0, planned - cut)
    return infrastructure, cut - (planned - infrastructure)


def stress_ratio(interest_due: np.ndarray, fiscal_revenue: np.ndarray) -> np.ndarray:
    """Debt stress: interest due / comprehensive fiscal revenue [share]."""
    return interest_due / np.maximum(fiscal_revenue, 1e-12)


def non_performing_share(stress: np.ndarray, threshold: float) -> np.ndarray:
    """Share of a government's LGFV loans that are non-performing [0-1].

    Zero up to the stress threshold, rising linearly to one at twice the threshold:
    ``clip((stress - theta) / theta, 0, 1)``."""
    return np.clip((stress - threshold) / max(threshold, 1e-12), 0.0, 1.0)

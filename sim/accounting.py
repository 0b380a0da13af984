"""Numerical health and stock-flow consistency checks, with errors that say where and how much.

``check_finite_nonnegative`` guards every recorded year (design §15: negative capital or NaN
prices are caught where they arise and reported with the year, the agent and the quantity).
The economy's identities (capital, credit, subsidies, fiscal balances, people) are checked by
``check_identity`` every step when a model runs with ``check_accounts=True``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nqpf.sim.world import World


class NumericalError(RuntimeError):
    """A stock or price became negative or not finite."""


class AccountingError(RuntimeError):
    """A stock-flow identity does not hold."""


def check_finite_nonnegative(
    year: int,
    group: str,
    values: Mapping[str, np.ndarray],
    labels: Sequence[str] | None = None,
    *,
    positive: bool = False,
) -> None:
    """Raise :class:`NumericalError` naming year, agent and quantity if a value is negative (or not
    positive, with ``positive=True``) or not finite."""
    for quantity, arr in values.items():
        arr = np.asarray(arr, dtype=float)
        bad = ~np.isfinite(arr) | ((arr <= 0) if positive else (arr < 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            who = labels[i] if labels is not None and i < len(labels) else f"#{i}"
            need = "positive" if positive else "non-negative"
            raise NumericalError(
                f"year {year}: {group} {who}: {quantity} = {float(arr.flat[i])!r} "
                f"({int(bad.sum())} {group} affected); must be finite and {need}."
            )


def check_identity(
    year: int,
    phase: str,
    identity: str,
    lhs: float,
    rhs: float,
    rtol: float = 1e-8,
    scale: float = 0.0,
) -> None:
    """Raise :class:`AccountingError` if ``lhs`` and ``rhs`` differ by more than ``rtol`` (relative).

    The gap is relative to ``max(|lhs|, |rhs|, scale, 1)``; ``scale`` gives the size of the
    flows behind a sum that should be zero (``sum |transfers|``), so that rounding in a sum of
    large terms is not an alarm."""
    scale = max(abs(lhs), abs(rhs), abs(scale), 1.0)
    gap = lhs - rhs
    if abs(gap) > rtol * scale:
        raise AccountingError(
            f"year {year}, {phase}: identity '{identity}' broken: {lhs:.10g} != {rhs:.10g} "
            f"(gap {gap:.6g})"
        )


def check_year_accounts(w: World, capital: Mapping[str, float]) -> None:
    """Stock-flow identities of the year (raise :class:`AccountingError` naming the identity and
    the gap). ``capital`` holds the terms of the capital identity from opening the year."""
    y, fl = w.year, w.flows
    f, b, g, reg = w.firms, w.banks, w.governments, w.regions
    check_identity(
        y,
        "allocate_saving",
        "firm investment + aggregate investment = saving",
        fl.firm_orders + reg.investment.sum(),
        fl.saving,
    )
    check_identity(
        y,
        "allocate_saving",
        "net capital inflows sum to zero",
        float(fl.capital_inflow.sum()),
        0.0,
        rtol=1e-9,
        scale=fl.saving,
    )
    check_finite_nonnegative(
        y, "region", {"aggregate investment": reg.investment}, w.geography.name
    )
    check_identity(y, "settle", "bank loans = firms' debt", b.loans.sum(), f.debt.sum())
    check_identity(
        y,
        "settle",
        "loans' = loans + new + capitalised - repaid - exits' debt",
        b.loans.sum(),
        fl.loans_before.sum()
        + fl.new_loans
        + fl.debt_capitalised
        - fl.debt_repaid
        - fl.debt_of_exits,
    )
    check_identity(
        y,
        "settle",
        "government debt' = debt + spending - revenue",
        g.debt.sum(),
        (fl.debt_before + g.spending - g.revenue).clip(min=0).sum(),
    )
    check_identity(
        y,
        "settle",
        "bank capital' = capital + interest - funding - losses - dividends + recapitalisation",
        b.capital.sum(),
        (
            fl.bank_capital_before
            + b.interest_income
            - fl.bank_funding_cost
            - b.losses
            - fl.bank_dividends
            + fl.bank_recapitalisation
        ).sum(),
    )
    check_identity(
        y,
        "plan_and_budget",
        "transfers sum to zero",
        fl.transfers.sum(),
        0.0,
        rtol=1e-9,
        scale=float(np.abs(fl.transfers).sum()),
    )
    check_identity(
        y, "migrate", "people conserved by migration", reg.population.sum(), fl.people_before
    )
    check_identity(
        y, "settle", "subsidies paid = subsidies received", g.subsidies.sum(), fl.subsidy_received
    )
    check_identity(
        y,
        "open_year",
        "capital' = capital + investment - depreciation - written off",
        capital["capital_after"],
        capital["capital_before"]
        + capital["investment"]
        - capital["depreciation"]
        - capital["written_off"],
    )
    check_finite_nonnegative(
        y,
        "firm",
        {
            "capital": f.capital,
            "pipeline": f.under_construction,
            "debt": f.debt,
            "output": f.output,
        },
    )
    check_finite_nonnegative(
        y, "industry", {"price": w.markets.price}, w.industries.keys, positive=True
    )
    check_finite_nonnegative(y, "bank", {"loans": b.loans}, w.geography.name)

"""Numerical health and stock-flow consistency checks, with errors that say where and how much.

``check_finite_nonnegative`` guards every recorded year (design §15: negative capital or NaN
prices are caught where they arise and reported with the year, the agent and the quantity).
When a model runs with ``check_accounts=True`` every year is checked: the transaction-flow matrix
(``sim/flow_matrix.py``: every flow has a payer and a receiver, rows and columns sum to zero
within 1e-9 of GDP), the balance sheets two sectors record (loans, deposits, bonds), saving and
investment, people and capital.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from nqpf.sim.flow_matrix import SECTORS, FlowMatrix, transaction_flow_matrix

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


MATRIX_RTOL = 1e-9
"""Tolerance of the transaction-flow matrix's sums, relative to GDP."""


def check_flow_matrix(m: FlowMatrix, rtol: float = MATRIX_RTOL) -> None:
    """Raise :class:`AccountingError` naming the first row (flow) or column (sector) of the
    transaction-flow matrix whose sum is further from zero than ``rtol`` x GDP."""
    tol = rtol * max(abs(m.gdp), 1.0)
    for name, total in zip(m.rows, m.row_sums(), strict=True):
        if abs(total) > tol:
            raise AccountingError(
                f"year {m.year}, transaction-flow matrix: row '{name}' sums to {total:.6g} "
                f"(payer and receiver disagree; tolerance {tol:.3g} bn yuan)"
            )
    for name, total in zip(SECTORS, m.column_sums(), strict=True):
        if abs(total) > tol:
            raise AccountingError(
                f"year {m.year}, transaction-flow matrix: column '{name}' sums to {total:.6g} "
                f"(the sector's flows and its stocks disagree; tolerance {tol:.3g} bn yuan)"
            )


def check_year_accounts(w: World, capital: Mapping[str, float]) -> None:
    """Stock-flow consistency of the year (raise :class:`AccountingError` naming the identity or
    the matrix row or column and the gap): the transaction-flow matrix, the balance sheets that
    two sectors record, saving and investment, people and capital. ``capital`` holds the terms of
    the capital identity from opening the year."""
    y, fl = w.year, w.flows
    f, b, g, reg, h = w.firms, w.banks, w.governments, w.regions, w.households
    check_flow_matrix(transaction_flow_matrix(w))
    scale = float(reg.gdp.sum())
    check_identity(
        y,
        "allocate_saving",
        "firm investment + private aggregate investment + government borrowing = saving",
        fl.firm_orders
        + reg.investment.sum()
        - fl.infrastructure.sum()
        + fl.local_deficit.sum()
        + fl.central_deficit,
        fl.saving,
        rtol=MATRIX_RTOL,
        scale=scale,
    )
    check_identity(
        y,
        "allocate_saving",
        "net capital inflows sum to minus the central government's borrowing",
        float(fl.capital_inflow.sum()),
        -fl.central_deficit,
        rtol=MATRIX_RTOL,
        scale=scale,
    )
    check_finite_nonnegative(
        y, "region", {"aggregate investment": reg.investment}, w.geography.name
    )
    check_identity(
        y, "settle", "bank loans = firms' debt", b.loans.sum(), f.debt.sum(), MATRIX_RTOL, scale
    )
    check_identity(
        y,
        "settle",
        "banks' LGFV loans = governments' bank-held debt",
        b.gov_loans.sum(),
        g.bank_held.sum(),
        MATRIX_RTOL,
        scale,
    )
    check_identity(
        y,
        "settle",
        "bank loans = deposits (households' and governments') + capital",
        b.total_loans().sum(),
        h.deposits + g.assets.sum() + b.capital.sum(),
        MATRIX_RTOL,
        scale,
    )
    check_identity(
        y,
        "settle",
        "local debt = households' bonds + bank-held debt",
        g.debt.sum(),
        h.local_bonds + g.bank_held.sum(),
        MATRIX_RTOL,
        scale,
    )
    check_identity(
        y,
        "settle",
        "central debt = households' central bonds",
        w.central.debt,
        h.central_bonds,
        MATRIX_RTOL,
        scale,
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
    check_trade(w)


def check_trade(w: World) -> None:
    """Trade between regions: for every industry, exports summed over regions equal imports
    summed over regions (both are the off-diagonal gravity flows), within 1e-9 of the industry's
    sales to other regions; no cell exports more than it produced."""
    tr, keys = w.trade, w.industries.keys
    check_finite_nonnegative(
        w.year, "region", {"exports": tr.exports, "imports": tr.imports}, w.geography.name
    )
    exports, imports = tr.exports.sum(axis=0), tr.imports.sum(axis=0)
    for s, key in enumerate(keys):
        check_identity(
            w.year,
            "ship_goods",
            f"{key}: sum of regions' exports = sum of regions' imports",
            float(exports[s]),
            float(imports[s]),
            rtol=1e-9,
        )
    output = w.markets.cell_output  # firms that exit at the year's end included
    over = tr.exports.ravel() > output * (1 + 1e-9) + 1e-12
    if over.any():
        raise AccountingError(
            f"year {w.year}, ship_goods: a region-industry cell exports more than it produced "
            f"({int(over.sum())} cells)"
        )

"""Numerical health and stock-flow consistency checks, with errors that say where and how much.

``check_finite_nonnegative`` guards every recorded year (design §15: negative capital or NaN
prices are caught where they arise and reported with the year, the agent and the quantity).
The economy's identities (capital, credit, subsidies, fiscal balances, people) are checked by
``check_identity`` every step when a model runs with ``check_accounts=True``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


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
    year: int, phase: str, identity: str, lhs: float, rhs: float, rtol: float = 1e-8
) -> None:
    """Raise :class:`AccountingError` if ``lhs`` and ``rhs`` differ by more than ``rtol`` (relative)."""
    scale = max(abs(lhs), abs(rhs), 1.0)
    gap = lhs - rhs
    if abs(gap) > rtol * scale:
        raise AccountingError(
            f"year {year}, {phase}: identity '{identity}' broken: {lhs:.10g} != {rhs:.10g} "
            f"(gap {gap:.6g})"
        )

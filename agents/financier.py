"""Financiers: regional banks (one per region) and the national venture/guidance fund sector.

Banks lend to the firms of their region at the policy rate plus a risk spread, book interest and
losses, and lend less when their capital falls toward the requirement. Funds take equity in young
firms of emerging and future industries; their valuations extrapolate industry growth, which is
the bubble indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from nqpf.agents.base import RegionRowAgent


@dataclass(slots=True)
class BankArrays:
    """Regional banks' state; index = region."""

    loans: np.ndarray
    """Loans to firms [bn yuan]."""
    capital: np.ndarray
    """Bank capital (equity) [bn yuan]."""
    npl: np.ndarray
    """Non-performing loans this year [bn yuan]."""
    losses: np.ndarray
    """Loans written off this year [bn yuan/year]."""
    interest_income: np.ndarray
    """Interest earned this year [bn yuan/year]."""

    def capital_ratio(self) -> np.ndarray:
        """Capital / loans (1 where there are no loans)."""
        return np.where(self.loans > 0, self.capital / np.maximum(self.loans, 1e-12), 1.0)

    def lending_factor(self, requirement: float, target: float) -> np.ndarray:
        """Share of desired new lending a bank grants: 1 at or above the target capital ratio,
        falling linearly to 0.1 at the requirement (the capital-adequacy constraint)."""
        span = max(target - requirement, 1e-6)
        return np.clip((self.capital_ratio() - requirement) / span, 0.1, 1.0)


class Bank(RegionRowAgent):
    """A regional bank: a view on row ``index`` of ``model.banks``."""

    @property
    def loans(self) -> float:
        return float(self.model.banks.loans[self.index])

    @property
    def capital_ratio(self) -> float:
        return float(self.model.banks.capital_ratio()[self.index])

    @property
    def npl_ratio(self) -> float:
        b = self.model.banks
        return float(b.npl[self.index] / b.loans[self.index]) if b.loans[self.index] > 0 else 0.0



class Fund(mesa.Agent):
    """The venture and guidance fund sector (national): equity stakes in young firms.

    ``valuation`` marks stakes at a multiple that extrapolates each industry's recent revenue
    growth (``finance.fund_momentum``); ``fundamental`` values them at the industry's expected
    return relative to the hurdle. Their ratio is the bubble indicator.
    """

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        self.invested = 0.0
        """Equity paid in this year [bn yuan]."""
        self.written_off = 0.0
        """Stakes lost in exits this year [bn yuan]."""
        self.valuation = 0.0
        """Market value of all stakes [bn yuan]."""
        self.fundamental = 0.0
        """Fundamental value of all stakes [bn yuan]."""

    @property
    def bubble_index(self) -> float:
        return self.valuation / self.fundamental if self.fundamental > 0 else 1.0

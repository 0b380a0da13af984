"""Households and the rest of the economy: the savers who hold the economy's financial claims.

One national record (no regional detail): deposits at banks, local government bonds and central
government bonds. Households also own firms (they pay in owners' funds and receive payouts), buy
the funds' shares and run the regions' aggregate sector (its production, consumption and
investment are within the sector, not money flows between sectors).

Phase (end of the settlement, 8): ``settle`` books the year's money flows with the other sectors;
the change in deposits is what is left of them after bonds, fund shares and owners' funds. The
banks' own record of their deposits (loans - capital) must agree: this is the hidden equation of
the transaction-flow matrix (``sim/flow_matrix.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nqpf.sim.economics import rates

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


@dataclass(slots=True)
class HouseholdAccounts:
    """Households' financial assets (national) [bn yuan]."""

    deposits: float
    """Deposits at the regional banks."""
    local_bonds: float
    """Local government bonds (the part of local debt not held by banks)."""
    central_bonds: float = 0.0
    """Central government bonds (issued to pay for recapitalisation and compensation)."""


def create(w: World) -> None:
    """Start year: households hold the banks' deposits (loans - capital - governments' deposits)
    and the local bonds."""
    b, g = w.banks, w.governments
    w.households = HouseholdAccounts(
        deposits=float((b.loans + b.gov_loans - b.capital).sum() - g.assets.sum()),
        local_bonds=float((g.debt - g.bank_held).sum()),
    )


def income_and_spending(w: World) -> float:
    """Households' net receipts from the other sectors this year [bn yuan]:

    ``+ local purchases + deposit interest + bond interest (local, central) + firm payouts
    + bank dividends + banks' operating costs + capital goods sold to firms
    - own revenue of governments - firms' operating surplus net of R&D - recovered capital
    bought - owners' funds - fund shares``."""
    fl = w.flows
    return (
        fl.gov_purchases
        + fl.household_deposit_interest
        + fl.household_bond_interest
        + fl.household_central_interest
        + fl.firm_payouts
        + float(fl.bank_dividends.sum())
        + fl.bank_operating_cost
        + fl.firm_orders
        - fl.own_revenue
        - fl.firm_surplus_net_of_rd
        - fl.recovered
        - fl.owner_equity
        - w.fund.invested
    )


def settle(w: World, sc: Scenario) -> None:
    """8i. Households earn the deposit rate on their opening deposits and the debt rate on their
    opening bonds, buy the bonds governments
    issued (or are repaid), and keep the rest of their net receipts as deposits:
    ``dD = receipts - dB_local - dB_central``."""
    h, g, fl = w.households, w.governments, w.flows
    fl.household_deposit_interest = rates.deposit(sc) * h.deposits
    bond_rate = rates.public_debt(sc)
    fl.household_bond_interest = bond_rate * h.local_bonds
    fl.household_central_interest = bond_rate * h.central_bonds
    fl.deposits_before = h.deposits
    fl.household_bonds_before = h.local_bonds
    fl.household_central_bonds_before = h.central_bonds
    local_bonds = float((g.debt - g.bank_held).sum())
    d_local = local_bonds - h.local_bonds
    d_central = w.central.debt - h.central_bonds
    h.deposits = h.deposits + income_and_spending(w) - d_local - d_central
    h.local_bonds = local_bonds
    h.central_bonds = float(w.central.debt)

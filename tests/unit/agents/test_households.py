"""Households' financial accounts (agents/households.py)."""

from __future__ import annotations

import pytest

from nqpf.agents import households
from nqpf.sim.economics import rates
from tests.builders import small_world


def test_start_year_balance_sheets():
    w, sc, _ = small_world()
    b, g, h = w.banks, w.governments, w.households
    # the start-year's own flows have been settled: deposits are the banks' loans less capital
    assert h.deposits == pytest.approx(float((b.total_loans() - b.capital).sum() - g.assets.sum()))
    assert h.local_bonds == pytest.approx(float((g.debt - g.bank_held).sum()))
    assert h.deposits > 0 and h.central_bonds == 0.0


def test_settle_keeps_net_receipts_as_deposits_after_bonds():
    w, sc, _ = small_world(years=1)
    h, fl = w.households, w.flows
    deposits, bonds = h.deposits, h.local_bonds
    w.governments.debt = w.governments.debt + 5.0  # governments issued 5 more bonds each
    w.central.debt = 3.0
    households.settle(w, sc)
    issued = 5.0 * w.n_regions + 3.0
    rate = rates.deposit(sc)
    assert fl.household_deposit_interest == pytest.approx(rate * deposits)
    assert fl.household_bond_interest == pytest.approx(rates.public_debt(sc) * bonds)
    assert h.deposits == pytest.approx(deposits + households.income_and_spending(w) - issued)
    assert h.local_bonds == pytest.approx(bonds + 5.0 * w.n_regions)
    assert h.central_bonds == pytest.approx(3.0)

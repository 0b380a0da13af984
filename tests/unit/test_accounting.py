"""Health checks and the year's stock-flow identities (sim/accounting.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from nqpf.sim.accounting import (
    MATRIX_RTOL,
    AccountingError,
    NumericalError,
    check_finite_nonnegative,
    check_flow_matrix,
    check_identity,
    check_year_accounts,
)
from nqpf.sim.flow_matrix import SECTORS, FlowMatrix, transaction_flow_matrix
from tests.builders import small_model


def test_check_identity_tolerance_and_message():
    check_identity(2030, "settle", "a = b", 1e6, 1e6 * (1 + 1e-9))
    with pytest.raises(AccountingError, match=r"year 2030, settle: identity 'a = b' broken.*gap 1"):
        check_identity(2030, "settle", "a = b", 101.0, 100.0)
    check_identity(2030, "x", "small", 0.5, 0.5 + 1e-9)  # absolute scale 1 for small numbers
    with pytest.raises(AccountingError):
        check_identity(2030, "x", "small", 0.5, 0.5 + 1e-6)


def test_check_finite_nonnegative_names_year_agent_and_quantity():
    check_finite_nonnegative(2024, "region", {"capital": np.array([0.0, 1.0])}, ["A", "B"])
    with pytest.raises(
        NumericalError, match=r"year 2024: region B: capital = -1.0 \(1 region affected\)"
    ):
        check_finite_nonnegative(2024, "region", {"capital": np.array([0.0, -1.0])}, ["A", "B"])
    with pytest.raises(NumericalError, match="must be finite and positive"):
        check_finite_nonnegative(
            2024, "region", {"gdp": np.array([0.0, 1.0])}, ["A", "B"], positive=True
        )
    with pytest.raises(NumericalError, match=r"firm #1: price = nan"):
        check_finite_nonnegative(2024, "firm", {"price": np.array([1.0, np.nan])})


def _capital_terms(model):
    """Terms of the capital identity that hold by construction (the year's other identities are
    what these tests break)."""
    k = model.world.flows.capital_at_open
    return {
        "capital_after": k,
        "capital_before": k,
        "investment": 0.0,
        "depreciation": 0.0,
        "written_off": 0.0,
    }


def test_year_accounts_hold_after_a_simulated_year():
    model = small_model(years=2)
    check_year_accounts(model.world, _capital_terms(model))
    # a model that checks its accounts runs without error
    checked = small_model(years=3, economy={"check_accounts": True})
    assert checked.world.year == 2026


@pytest.mark.parametrize(
    "field, identity",
    [
        ("bank_capital", "row 'change in deposits'"),
        ("loans", "row 'change in firm loans'"),
        ("transfers", "row 'transfers between regions'"),
        ("people", "people conserved by migration"),
        ("gov_debt", "row 'change in local bonds'"),
        ("deposits", "row 'change in deposits'"),
        ("payouts", "column 'households'"),
        ("capital", "capital' = capital + investment"),
    ],
)
def test_year_accounts_name_the_broken_identity(field, identity):
    model = small_model(years=1)
    w, terms = model.world, _capital_terms(model)
    if field == "bank_capital":
        w.banks.capital = w.banks.capital + 1.0
    elif field == "loans":
        w.firms.debt = w.firms.debt * 1.01
    elif field == "transfers":
        w.flows.transfers = w.flows.transfers + 0.1
    elif field == "people":
        w.regions.population = w.regions.population * 1.001
    elif field == "gov_debt":
        w.governments.debt = w.governments.debt + 1.0
    elif field == "deposits":
        w.households.deposits += 1.0
    elif field == "payouts":
        w.flows.firm_payouts += 1.0  # a payout that reached no one's stocks
    else:
        terms["capital_after"] += 1.0
    with pytest.raises(AccountingError, match=re.escape(identity)):
        check_year_accounts(w, terms)


def test_flow_matrix_rows_and_columns_sum_to_zero_and_print():
    model = small_model(years=2)
    m = transaction_flow_matrix(model.world)
    assert m.values.shape == (len(m.rows), len(SECTORS))
    tol = MATRIX_RTOL * m.gdp
    assert np.abs(m.row_sums()).max() <= tol and np.abs(m.column_sums()).max() <= tol
    # every row has a payer and a receiver (the transfers between regions net within one sector)
    for name, row in zip(m.rows, m.values, strict=True):
        if np.abs(row).max() > tol and name != "transfers between regions":
            assert (row > 0).any() and (row < 0).any(), name
    # the flows that were lost before are there: bank dividends reach households
    assert m.values[m.rows.index("bank dividends"), SECTORS.index("households")] > 0
    text = m.markdown()
    assert text.splitlines()[0].startswith("| flow | households | firms | banks")
    assert "| change in deposits |" in text and text.count("\n") == len(m.rows) + 2


def test_check_flow_matrix_names_row_and_column():
    model = small_model(years=1)
    m = transaction_flow_matrix(model.world)
    broken = m.values.copy()
    broken[m.rows.index("interest on firm loans"), SECTORS.index("banks")] += 1.0
    with pytest.raises(AccountingError, match="row 'interest on firm loans' sums to 1"):
        check_flow_matrix(FlowMatrix(m.year, m.rows, broken, m.gdp))
    # a flow booked by both sides but missing from the sector's stocks breaks its column
    broken = m.values.copy()
    i = m.rows.index("bank dividends")
    broken[i, SECTORS.index("banks")] -= 1.0
    broken[i, SECTORS.index("households")] += 1.0
    with pytest.raises(AccountingError, match="column 'households' sums to 1"):
        check_flow_matrix(FlowMatrix(m.year, m.rows, broken, m.gdp))
    # within 1e-9 of GDP is closed
    broken = m.values.copy()
    broken[0, 0] += 0.5e-9 * m.gdp
    check_flow_matrix(FlowMatrix(m.year, m.rows, broken, m.gdp))


def test_a_zero_sum_is_judged_against_the_size_of_its_terms():
    # transfers of 1e8 that net to a rounding residue of 1e-8 (relative 1e-16) are balanced
    check_identity(2030, "plan_and_budget", "transfers sum to zero", 1e-8, 0.0, 1e-9, scale=2e8)
    with pytest.raises(AccountingError, match="transfers sum to zero"):
        check_identity(2030, "plan_and_budget", "transfers sum to zero", 1.0, 0.0, 1e-9, scale=2e8)
    with pytest.raises(AccountingError):  # without a scale the absolute floor is 1
        check_identity(2030, "plan_and_budget", "transfers sum to zero", 1e-8, 0.0, 1e-9)

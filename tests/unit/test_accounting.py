"""Health checks and the year's stock-flow identities (sim/accounting.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.accounting import (
    AccountingError,
    NumericalError,
    check_finite_nonnegative,
    check_identity,
    check_year_accounts,
)
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
        ("bank_capital", "bank capital'"),
        ("loans", "bank loans = firms' debt"),
        ("transfers", "transfers sum to zero"),
        ("people", "people conserved by migration"),
        ("gov_debt", "government debt'"),
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
    else:
        terms["capital_after"] += 1.0
    with pytest.raises(AccountingError, match=identity.replace("'", "'").replace("+", r"\+")):
        check_year_accounts(w, terms)


def test_a_zero_sum_is_judged_against_the_size_of_its_terms():
    # transfers of 1e8 that net to a rounding residue of 1e-8 (relative 1e-16) are balanced
    check_identity(2030, "plan_and_budget", "transfers sum to zero", 1e-8, 0.0, 1e-9, scale=2e8)
    with pytest.raises(AccountingError, match="transfers sum to zero"):
        check_identity(2030, "plan_and_budget", "transfers sum to zero", 1.0, 0.0, 1e-9, scale=2e8)
    with pytest.raises(AccountingError):  # without a scale the absolute floor is 1
        check_identity(2030, "plan_and_budget", "transfers sum to zero", 1e-8, 0.0, 1e-9)

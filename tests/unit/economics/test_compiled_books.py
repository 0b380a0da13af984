"""The books' kernels (sim/economics/compiled_books.py: the governments' budgets and fiscal
close, the banks' close, the funds' marks) against their NumPy reference, bit for bit, in the
branches a few years of a run may not reach; their phases are also held to the reference every
year of a few runs by ``test_compiled_finance.py``."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.agents import financier, government
from nqpf.sim.economics import compiled_path
from tests.unit.economics.test_compiled_finance import model, twin_phases

pytest.importorskip("numba")


def test_the_kernels_are_there(monkeypatch):
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    for name in ("budget_rates", "budget_close", "bank_close", "fund_marks", "fund_extrapolation"):
        assert compiled_path.compiled(f"books.{name}") is not None
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    assert compiled_path.compiled("books.budget_close") is None


def test_fiscal_close_in_every_branch(monkeypatch):
    """Regions in surplus beyond their debt, in part-repaying surplus, without debt, drawing on
    deposits, above the consolidation line and the stress threshold (bad LGFV loans): the
    fiscal close and the next budgets (some restrained, some industries under capacity
    controls) give the same bytes on both paths."""
    m = model(
        "baseline.toml",
        7,
        600,
        "government.stress_threshold=0.05",
        "central.capacity_controls=true",
        "central.capacity_threshold=0.9",
    )
    m.step()
    w = m.world
    g, R = w.governments, w.n_regions
    rows = np.arange(R)
    g.debt = np.where(rows % 4 == 0, 0.0, g.debt * (1.0 + rows % 3))
    g.bank_held = np.where(rows % 5 == 1, g.debt, 0.4 * g.debt)
    g.assets = np.where(rows % 3 == 2, 0.5 * g.revenue, 0.0)
    g.revenue = g.revenue * np.where(rows % 6 == 3, 40.0, 1.0)  # windfalls: surpluses
    g.stress = np.linspace(0.0, 0.15, R)
    calls: dict[str, int] = {}
    twin_phases(monkeypatch, ((government, "close_budgets"),), calls)
    m.step()
    assert calls == {"close_budgets": 1}
    windfall_year = w.flows.local_deficit.copy()  # the close the windfalls went through
    twin_phases(monkeypatch, ((government, "set_budgets"),), calls)
    m.step()
    assert calls == {"close_budgets": 2, "set_budgets": 1}
    stressed = g.stress > m.scenario.government.stress_threshold
    assert stressed.any() and not stressed.all() and w.central.controlled.any()
    assert (g.upgrade_rate > 0).any() and (g.subsidy_rate > 0).any()
    fl = w.flows
    assert (windfall_year < 0).any() and (windfall_year > 0).any()
    assert (fl.lgfv_bad > 0).any() and (fl.consolidation > 0).any()
    assert (g.assets > 0).any()


def test_banks_close_in_every_branch(monkeypatch):
    """Banks above the capital ceiling (dividends of the excess), in the band (the payout
    share), below the target (retained) and below the requirement (recapitalised): the banks'
    close gives the same bytes on both paths."""
    m = model("herding_credit_boom.toml", 8, 600)
    m.step()
    b, fin = m.world.banks, m.scenario.finance
    ceiling = 2 * fin.initial_capital_ratio - fin.capital_requirement
    ratios = np.array([1.0, 0.5 * (fin.initial_capital_ratio + ceiling), 0.0, -0.5])
    b.capital = ratios[np.arange(m.world.n_regions) % 4] * b.total_loans()
    calls: dict[str, int] = {}
    twin_phases(monkeypatch, ((financier, "close_banks"),), calls)
    m.step()
    assert calls == {"close_banks": 1}
    fl = m.world.flows
    assert (fl.bank_dividends > 0).any() and (fl.bank_dividends == 0).any()
    assert (fl.bank_recapitalisation > 0).any()


def test_bad_lgfv_loans_repaid_out_of_a_surplus_are_cured(monkeypatch):
    """Bad LGFV loans are a share of the opening bank-held debt; a government in surplus repays
    part of that debt in the same close. The banks' NPLs then count at most the closing LGFV
    loans (before, a region's NPL ratio could exceed 1: 1.014 with depreciation 0.5 and a start
    saving rate of 0.05), the same bytes on both paths."""
    m = model(
        "baseline.toml",
        7,
        600,
        "government.stress_threshold=0.005",  # every LGFV loan non-performing
        "government.debt_response=1.0",  # consolidation: surpluses that repay debt
        "government.debt_warning_ratio=0.5",
        "central.transfer_rate=0.01",  # receivers of transfers run the surpluses
    )
    m.step()
    w, g = m.world, m.world.governments
    calls: dict[str, int] = {}
    twin_phases(monkeypatch, ((financier, "close_banks"),), calls)
    twin = financier.close_banks
    firms_npl: list[np.ndarray] = []

    def close_and_record(w, sc, s):  # noqa: ANN001, ANN202 - the firms' part of the NPLs
        twin(w, sc, s)
        bad = w.firms.debt * (s.non_performing & ~s.leaving)
        firms_npl.append(np.bincount(w.firms.region, weights=bad, minlength=w.n_regions))

    monkeypatch.setattr(financier, "close_banks", close_and_record)
    m.step()
    assert calls == {"close_banks": 1}
    fl, b = w.flows, w.banks
    lgfv = fl.lgfv_bad - fl.lgfv_written_off
    cured = lgfv > g.bank_held
    assert cured.any() and not cured.all()
    np.testing.assert_allclose(b.npl[cured], (firms_npl[0] + g.bank_held)[cured], rtol=1e-12)
    np.testing.assert_allclose(b.npl[~cured], (firms_npl[0] + lgfv)[~cured], rtol=1e-12)
    assert (b.npl <= b.total_loans() * (1 + 1e-12)).all()

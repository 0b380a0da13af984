"""Financing of local budgets (sim/economics/public_debt.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import public_debt


def test_deficits_draw_deposits_then_borrow_by_the_bank_share():
    deficit = np.array([10.0, 10.0, 0.0])
    out = public_debt.finance_deficit(
        deficit,
        bonds=np.array([40.0, 40.0, 40.0]),
        bank_held=np.array([60.0, 60.0, 60.0]),
        assets=np.array([0.0, 4.0, 5.0]),
        bank_share=0.7,
    )
    np.testing.assert_allclose(out.assets, [0.0, 0.0, 5.0])
    np.testing.assert_allclose(out.bank_held, [67.0, 64.2, 60.0])
    np.testing.assert_allclose(out.bonds, [43.0, 41.8, 40.0])


def test_surpluses_repay_pro_rata_and_the_rest_is_kept():
    out = public_debt.finance_deficit(
        np.array([-20.0, -150.0, -5.0]),
        bonds=np.array([40.0, 40.0, 0.0]),
        bank_held=np.array([60.0, 60.0, 0.0]),
        assets=np.array([1.0, 1.0, 1.0]),
        bank_share=0.5,
    )
    np.testing.assert_allclose(out.bonds, [32.0, 0.0, 0.0])
    np.testing.assert_allclose(out.bank_held, [48.0, 0.0, 0.0])
    np.testing.assert_allclose(out.assets, [1.0, 51.0, 6.0])
    assert (out.bonds >= 0).all() and (out.bank_held >= 0).all()


@pytest.mark.parametrize("seed", range(5))
def test_net_debt_changes_by_the_deficit(seed):
    rng = np.random.default_rng(seed)
    n = 50
    bonds, bank, assets = (rng.uniform(0, 100, n) * (rng.random(n) < 0.8) for _ in range(3))
    deficit = rng.normal(0, 80, n)
    out = public_debt.finance_deficit(deficit, bonds, bank, assets, rng.random())
    np.testing.assert_allclose(
        (out.bonds + out.bank_held - out.assets) - (bonds + bank - assets), deficit, atol=1e-9
    )
    assert (out.bonds >= 0).all() and (out.bank_held >= 0).all() and (out.assets >= 0).all()


def test_stress_and_the_share_of_bad_lgfv_loans():
    stress = public_debt.stress_ratio(np.array([1.0, 3.0, 5.0]), np.array([20.0, 20.0, 20.0]))
    np.testing.assert_allclose(stress, [0.05, 0.15, 0.25])
    np.testing.assert_allclose(public_debt.non_performing_share(stress, 0.1), [0.0, 0.5, 1.0])

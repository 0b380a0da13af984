"""Chain-linking and goods spending: identities and the direction of structural change."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import national_accounts as na

KW = {"income_elasticity": 0.8, "substitution": 0.6}


def test_chain_link_multiplies_volume_links():
    # year 1: nominal 100 = real 100; year 2: this year's quantities at last year's prices 105
    real2 = na.chain_link(100.0, 100.0, 105.0)
    assert real2 == pytest.approx(105.0)
    # year 3: nominal last year 110 (prices rose 4.76 %), quantities at its prices 115.5: +5 %
    assert na.chain_link(real2, 110.0, 115.5) == pytest.approx(105.0 * 1.05)
    with pytest.raises(ValueError, match="must be positive"):
        na.chain_link(100.0, 0.0, 1.0)


def test_chain_link_regions_is_the_chain_link_region_by_region():
    real, growth = na.chain_link_regions(
        np.array([100.0, 50.0]), np.array([110.0, 40.0]), np.array([115.5, 38.0])
    )
    np.testing.assert_allclose(real, [105.0, 47.5])
    np.testing.assert_allclose(growth, [0.05, -0.05])
    assert real[0] == na.chain_link(100.0, 110.0, 115.5)
    with pytest.raises(ValueError, match="every region's last value at current prices"):
        na.chain_link_regions(np.ones(2), np.array([1.0, 0.0]), np.ones(2))


def test_goods_spending_share_falls_with_income_and_relative_price():
    base = na.goods_spending(50.0, 1.0, 1.0, 1.0, **KW)
    assert base == pytest.approx(50.0)
    # income doubles in nominal and real terms: spending rises, but its share falls
    richer = na.goods_spending(50.0, 2.0, 2.0, 1.0, **KW)
    assert 50.0 < richer < 100.0
    assert richer == pytest.approx(100.0 * 2.0 ** (0.8 - 1.0))
    # goods 20 % cheaper relative to the deflator: sigma < 1, their share falls
    cheaper = na.goods_spending(50.0, 1.0, 1.0, 0.8, **KW)
    assert cheaper == pytest.approx(50.0 * 0.8**0.4)
    # unit elasticities: spending is a fixed share of nominal income
    unit = {"income_elasticity": 1.0, "substitution": 1.0}
    assert na.goods_spending(50.0, 2.0, 3.0, 0.5, **unit) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="positive"):
        na.goods_spending(50.0, 1.0, 0.0, 1.0, **KW)

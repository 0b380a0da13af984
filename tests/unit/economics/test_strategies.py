"""Fit, heat and the choice of priority industries (sim/economics/strategies.py)."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import strategies as st

FIT_KW = {"misfit_aversion": 3.0, "future_pace": 1.0, "traditional_support": 0.5}


def test_zscore_and_flat_input():
    np.testing.assert_allclose(
        st.zscore(np.array([1.0, 2.0, 3.0])), np.array([-1, 0, 1]) * np.sqrt(1.5)
    )
    np.testing.assert_allclose(st.zscore(np.array([4.0, 4.0])), [0.0, 0.0])
    rows = st.zscore(np.array([[1.0, 3.0], [5.0, 5.0]]), axis=1)
    np.testing.assert_allclose(rows, [[-1.0, 1.0], [0.0, 0.0]])


def test_capability_is_percentile_rank():
    np.testing.assert_allclose(
        st.capability(np.array([0.3, 0.1, 0.9, 0.5, 0.2])), [0.5, 0.0, 1.0, 0.75, 0.25]
    )
    np.testing.assert_allclose(st.capability(np.array([0.4])), [0.5])


def test_location_quotient_closed_form():
    cap = np.array([[30.0, 10.0], [10.0, 50.0]])
    # region 0: shares 0.75, 0.25; national shares 40/100, 60/100
    np.testing.assert_allclose(
        st.location_quotient(cap), [[0.75 / 0.4, 0.25 / 0.6], [(1 / 6) / 0.4, (5 / 6) / 0.6]]
    )
    assert st.location_quotient(np.array([[0.0, 0.0], [1.0, 1.0]]))[0].tolist() == [0.0, 0.0]


def _fit(cap_r, tech, cap_rs=None, traditional=None, strength=None, growth=None, **kw):
    R, S = len(cap_r), len(tech)
    return st.fit_scores(
        np.ones((R, S)) if cap_rs is None else cap_rs,
        np.asarray(cap_r),
        np.asarray(tech),
        np.zeros(S) if traditional is None else traditional,
        np.ones((R, S)) if strength is None else strength,
        np.zeros(S) if growth is None else growth,
        **{**FIT_KW, **kw},
    )


def test_fit_penalises_misfit_and_rewards_pace():
    # one region of capability 0.2, industries of tech 0.2 and 0.7 (gap 0.5), equal bases
    fit = _fit([0.2], [0.2, 0.7], misfit_aversion=3.0, future_pace=0.0)
    assert fit[0, 0] - fit[0, 1] == pytest.approx(3.0 * 0.5)
    # pace: capability x tech, 1.0 x (0.9 - 0.1) between the two industries for a capable region
    pace = _fit([1.0], [0.1, 0.9], misfit_aversion=0.0, future_pace=1.0)
    assert pace[0, 1] - pace[0, 0] == pytest.approx(0.8)
    # research base: 0.5 ln(strength)
    research = _fit([0.5], [0.3, 0.3], strength=np.array([[1.0, np.e**2]]))
    assert research[0, 1] - research[0, 0] == pytest.approx(1.0)


def test_hot_scores_follow_signals_not_tiers():
    # equal signals: a central designation alone adds its weight
    hot = st.hot_scores(
        None,
        np.ones(3),
        np.zeros(3),
        None,
        np.full(3, 0.1),
        np.full(3, 5.0),
        np.array([0.0, 1.0, 0.0]),
    )
    assert hot[1] - hot[0] == pytest.approx(st.DESIGNATION_HEAT_WEIGHT)
    assert hot[0] == pytest.approx(hot[2])
    # an undesignated (traditional) industry with the fastest growth and the biggest market is
    # the hottest: nothing is cold by construction
    hot = st.hot_scores(
        None,
        np.ones(3),
        np.zeros(3),
        None,
        np.array([0.20, 0.05, 0.05]),
        np.array([50.0, 5.0, 5.0]),
        np.array([0.0, 1.0, 1.0]),
    )
    assert hot[0] > hot[1]
    # leaders' previous priorities and recent profits make an industry hot
    prev = np.array([[False, False, True], [False, True, False]])
    leaders = np.array([3.0, 1.0])
    hot2 = st.hot_scores(
        prev, leaders, np.zeros(3), np.zeros(3), np.zeros(3), np.ones(3), np.zeros(3)
    )
    assert hot2[2] > hot2[1] > hot2[0]
    hot3 = st.hot_scores(
        np.zeros((2, 3), dtype=bool),
        leaders,
        np.zeros(3),
        np.array([0.0, 0.0, 0.2]),
        np.zeros(3),
        np.ones(3),
        np.zeros(3),
    )
    assert hot3[2] - hot3[0] == pytest.approx(
        st.PROFIT_HEAT_WEIGHT
        * (st.zscore(np.array([0.0, 0.0, 0.2]))[2] - st.zscore(np.array([0.0, 0.0, 0.2]))[0])
    )


def test_recent_growth_heats_an_industry_before_any_plan():
    # the first plan reads the growth of the years before the start year (solar PV, NEVs)
    flat = st.hot_scores(
        None, np.ones(3), np.zeros(3), None, *(np.full(3, 0.05), np.ones(3)), np.zeros(3)
    )
    boom = st.hot_scores(
        None,
        np.ones(3),
        np.array([0.42, 0.02, 0.02]),
        None,
        np.full(3, 0.05),
        np.ones(3),
        np.zeros(3),
    )
    assert flat[0] == pytest.approx(flat[1])
    assert boom[0] - boom[1] == pytest.approx(
        st.REVENUE_HEAT_WEIGHT
        * (st.zscore(np.array([0.42, 0.02, 0.02]))[0] - st.zscore(np.array([0.42, 0.02, 0.02]))[1])
    )


def test_choose_priorities_numbers_differ_by_region():
    rng = np.random.default_rng(0)
    fit = rng.normal(size=(3, 6))
    chosen = st.choose_priorities(
        fit,
        np.zeros(6),
        np.zeros(3),
        np.zeros(6),
        np.array([1, 3, 6]),
        info_noise=0.0,
        coordination=0.0,
        rng=rng,
    )
    assert chosen.sum(axis=1).tolist() == [1, 3, 6]
    assert chosen[0, np.argmax(fit[0])] and chosen[1, np.argsort(-fit[1])[:3]].all()


def test_choose_priorities_tailored_take_top_fit():
    rng = np.random.default_rng(0)
    fit = np.array([[3.0, 1.0, 2.0, 0.0], [0.0, 1.0, 2.0, 3.0]])
    chosen = st.choose_priorities(
        fit, np.zeros(4), np.zeros(2), np.zeros(4), 2, info_noise=0.0, coordination=0.0, rng=rng
    )
    assert chosen.tolist() == [[True, False, True, False], [False, False, True, True]]


def test_choose_priorities_herders_follow_heat():
    rng = np.random.default_rng(0)
    fit = rng.normal(size=(6, 5))
    hot = np.array([0.0, 5.0, 4.0, 1.0, 2.0])
    chosen = st.choose_priorities(
        fit, hot, np.ones(6), np.zeros(5), 2, info_noise=0.3, coordination=0.0, rng=rng
    )
    assert chosen.sum(axis=1).tolist() == [2] * 6
    assert chosen[:, [1, 2]].all() and not chosen[:, [0, 3, 4]].any()


@pytest.mark.parametrize("psi", [0.0, 1.0])
def test_the_same_noise_weighs_the_same_whatever_the_scores_spread(psi):
    # fit and heat are standardised before the noise is added: scaling either by any factor
    # leaves every choice as it was, for tailored (psi 0) and herding (psi 1) governments alike
    fit = np.random.default_rng(0).normal(size=(8, 6))
    hot = np.random.default_rng(1).normal(size=6)
    kw = {"info_noise": 0.5, "coordination": 0.0}
    base = st.choose_priorities(
        fit, hot, np.full(8, psi), np.zeros(6), 2, rng=np.random.default_rng(2), **kw
    )
    for scale in (0.2, 7.0):
        scaled = st.choose_priorities(
            scale * fit,
            scale * hot,
            np.full(8, psi),
            np.zeros(6),
            2,
            rng=np.random.default_rng(2),
            **kw,
        )
        assert (scaled == base).all(), scale


def test_coordination_spreads_herders():
    hot = np.array([0.0, 5.0, 4.0, 1.0, 2.0, 1.5])
    kw = {"info_noise": 0.0, "rng": np.random.default_rng(1)}
    alone = st.choose_priorities(
        np.zeros((6, 6)), hot, np.ones(6), np.zeros(6), 2, coordination=0.0, **kw
    )
    steered = st.choose_priorities(
        np.zeros((6, 6)), hot, np.ones(6), np.zeros(6), 2, coordination=1.0, **kw
    )
    assert steered.sum(axis=1).tolist() == [2] * 6
    assert steered.sum(axis=0).max() < alone.sum(axis=0).max()  # fewer regions crowd one industry


def test_tournament_update_moves_toward_fast_growers():
    rng = np.random.default_rng(3)
    n = 400
    psi = np.where(np.arange(n) < 100, 0.9, 0.1)  # the first quarter herds ...
    growth = np.where(np.arange(n) < 100, 0.08, 0.02)  # ... and grows fastest
    new = st.tournament_update(psi, growth, 1.0, rng)
    # imitation 1: everybody moves to the leaders' mean 0.9, plus noise of sd 0.05
    assert new[100:].mean() == pytest.approx(0.9, abs=3 * 0.05 / np.sqrt(300))
    half = st.tournament_update(psi, growth, 0.5, np.random.default_rng(3))
    assert half[100:].mean() == pytest.approx(0.5, abs=3 * 0.05 / np.sqrt(300))


def test_fit_terms_add_up_to_fit_and_each_reads_its_own_input():
    rng = np.random.default_rng(3)
    R, S = 4, 5
    args = (
        rng.uniform(0.0, 10.0, (R, S)),
        rng.uniform(0, 1, R),
        rng.uniform(0, 1, S),
        (rng.uniform(0, 1, S) > 0.5).astype(float),
        rng.uniform(0.5, 2.0, (R, S)),
        rng.normal(0.05, 0.02, S),
    )
    kw = {**FIT_KW, "endowment": rng.uniform(0.9, 1.1, (R, S))}
    terms = st.fit_terms(*args, **kw)
    assert set(terms) == {"endowments", *st.FIT_TERMS}
    total = terms["endowments"] + sum(np.broadcast_to(terms[k], (R, S)) for k in st.FIT_TERMS)
    np.testing.assert_allclose(total, st.fit_scores(*args, **kw), rtol=0, atol=1e-12)
    # the endowment term is -10 ln e and nothing else reads e
    np.testing.assert_allclose(terms["endowments"], -st.ENDOWMENT_WEIGHT * np.log(kw["endowment"]))
    no_endowment = st.fit_terms(*args, **FIT_KW)
    assert no_endowment["endowments"] == 0.0
    for k in st.FIT_TERMS:
        np.testing.assert_array_equal(no_endowment[k], terms[k])
    # the market term is the same in every region
    assert terms["market"].shape == (1, S)


def test_zscore_is_mean_and_std_bit_for_bit():
    """``zscore`` takes the mean and standard deviation step by step: the numbers of
    ``x.mean`` and ``x.std``, bit for bit, by row, by column and overall (with constant rows
    and columns, and a strided view)."""
    rng = np.random.default_rng(3)

    def reference(x, axis=None):  # noqa: ANN001, ANN202
        mean = x.mean(axis=axis, keepdims=axis is not None)
        sd = x.std(axis=axis, keepdims=axis is not None)
        return np.where(sd > 1e-12, (x - mean) / np.where(sd > 1e-12, sd, 1.0), 0.0)

    for k in range(300):
        shape = (int(rng.integers(1, 35)), int(rng.integers(1, 20)))
        x = rng.standard_normal(shape) * 10.0 ** rng.integers(-8, 8) + rng.integers(-3, 3)
        if k % 5 == 0:
            x[0], x[:, -1] = 2.5, -1.0
        for axis in (None, 0, 1):
            assert st.zscore(x, axis).tobytes() == reference(x, axis).tobytes()
        assert st.zscore(x[:, 0]).tobytes() == reference(x[:, 0]).tobytes()

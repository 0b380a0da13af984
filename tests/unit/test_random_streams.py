"""Common random numbers (sim.random_streams): keyed draws keep their numbers when other draws
change, and keep their distributions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.random_streams import (
    RandomStreams,
    entrant_draws,
    entrant_keys,
    poisson_by_inversion,
    rank_within_cell,
    standard_normal_by_key,
    uniform_by_key,
)
from tests.conftest import SCENARIOS


def test_a_years_stream_is_the_same_whenever_it_is_asked_for_and_differs_between_keys():
    streams = RandomStreams(12345)
    first = streams.generator(2030, "entry").random(5)
    streams.generator(2031, "entry").random(100)  # other streams drawn in between
    assert np.array_equal(streams.generator(2030, "entry").random(5), first)
    assert not np.array_equal(streams.generator(2030, "demand").random(5), first)
    assert not np.array_equal(streams.generator(2031, "entry").random(5), first)
    assert not np.array_equal(RandomStreams(12346).generator(2030, "entry").random(5), first)


def test_a_firms_draw_depends_on_its_key_not_on_which_other_firms_exist():
    keys = np.array([3, 7, 2**41 + 11])
    alone = standard_normal_by_key(np.random.default_rng(1), keys)
    crowd_keys = np.array([0, 3, 5, 7, 9, 2**41 + 11])
    crowd = standard_normal_by_key(np.random.default_rng(1), crowd_keys)
    assert np.array_equal(crowd[[1, 3, 5]], alone)
    assert not np.array_equal(standard_normal_by_key(np.random.default_rng(2), keys), alone)


def test_keyed_draws_have_their_distributions_and_no_pattern_along_the_keys():
    keys = np.arange(200_000)
    u = uniform_by_key(np.random.default_rng(3), keys)
    assert 0.0 < u.min() and u.max() < 1.0
    assert stats.kstest(u, "uniform").pvalue > 0.001
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01  # neighbouring keys are independent
    z = standard_normal_by_key(np.random.default_rng(3), keys)
    assert stats.kstest(z, "norm").pvalue > 0.001
    assert np.isfinite(z).all() and abs(z.mean()) < 0.01 and abs(z.std() - 1.0) < 0.01


class _Salt:
    """A stand-in generator whose first draw is a given salt."""

    def __init__(self, salt: int) -> None:
        self.salt = np.uint64(salt)

    def integers(self, *args, **kwargs) -> np.uint64:
        return self.salt


def test_a_keyed_uniform_stays_below_one_where_the_top_value_would_round_to_it():
    # key 5 with this salt hashes to the largest 53-bit value, which rounds to 1.0 in float64
    u = uniform_by_key(_Salt(0xB884A4107DF74157), np.array([5]))
    assert u[0] < 1.0
    assert np.isfinite(standard_normal_by_key(_Salt(0xB884A4107DF74157), np.array([5]))).all()


def test_entrant_keys_are_unique_above_start_ids_and_refuse_overflow():
    cells, rank = rank_within_cell(np.array([2, 0, 3]))
    keys = entrant_keys(2030, cells, rank)
    assert len(set(keys.tolist())) == 5 and keys.min() > 2**40
    assert not set(keys.tolist()) & set(entrant_keys(2031, cells, rank).tolist())
    with pytest.raises(ValueError, match="cells and ranks"):
        entrant_keys(2030, np.array([2**20]), np.array([0]))
    with pytest.raises(ValueError, match="cells and ranks"):
        entrant_keys(2030, np.array([0]), np.array([2**20]))


def test_an_entrants_draw_depends_on_its_cell_and_rank_not_on_other_cells_counts():
    few = np.array([2, 0, 1])
    many = np.array([2, 5, 1])  # cell 1 gets five entrants: the others' numbers stay
    cells_f, rank_f = rank_within_cell(few)
    cells_m, rank_m = rank_within_cell(many)
    assert cells_f.tolist() == [0, 0, 2] and rank_f.tolist() == [0, 1, 0]
    z_f = standard_normal_by_key(np.random.default_rng(2), entrant_keys(2025, cells_f, rank_f))
    z_m = standard_normal_by_key(np.random.default_rng(2), entrant_keys(2025, cells_m, rank_m))
    assert np.array_equal(z_m[cells_m != 1], z_f)


@pytest.mark.parametrize("rate", [0.0, 0.3, 4.0, 29.0, 31.0, 400.0])
def test_poisson_counts_by_inversion_have_the_poisson_distribution(rate):
    n = poisson_by_inversion(np.random.default_rng(3), np.full(20_000, rate))
    assert n.dtype == np.int64 and n.min() >= 0
    se = np.sqrt(max(rate, 1e-9) / n.size)
    assert abs(n.mean() - rate) < 5 * se
    if rate > 0:
        assert abs(n.var() / rate - 1.0) < 0.05
        # the same quantiles as scipy's Poisson on the same uniforms (below 30 the recurrence,
        # above it scipy's own inversion: there this checks only the rounding to counts)
        u = np.random.default_rng(3).random(20_000)
        assert np.array_equal(n, stats.poisson.ppf(u, rate).astype(np.int64))


@pytest.mark.parametrize("rate", [-1.0, np.nan, np.inf])
def test_a_bad_poisson_rate_is_refused(rate):
    with pytest.raises(ValueError, match="finite and >= 0"):
        poisson_by_inversion(np.random.default_rng(0), np.array([1.0, rate]))


def test_a_higher_rate_never_gives_fewer_entrants_on_the_same_uniforms():
    rates = np.random.default_rng(4).exponential(3.0, (31, 40))
    low = poisson_by_inversion(np.random.default_rng(5), rates)
    high = poisson_by_inversion(np.random.default_rng(5), rates * 1.3)
    assert low.shape == rates.shape and (high >= low).all() and (high > low).any()


def test_the_exogenous_shocks_are_common_to_scenarios_run_on_one_seed():
    """Herding and tailored governments on one seed build different economies, but the years'
    demand shocks are the same draws: the comparison carries what the choice changes, not a
    reshuffle of every later random number."""
    shocks = []
    for name in ("herding.toml", "tailored.toml"):
        sc = Scenario.load(SCENARIOS / name, overrides=["world.end_year=2030"])
        model = RegionalEconomy(sc, seed=7)
        model.run()
        shocks.append((model.world.markets.demand_shock.copy(), model.world.firms.n))
    (herding, n_herding), (tailored, n_tailored) = shocks
    assert n_herding != n_tailored  # different economies ...
    np.testing.assert_array_equal(herding, tailored)  # ... the same shocks


def test_more_entry_in_one_cell_leaves_the_other_cells_entrants_as_they_were():
    rate = np.full((3, 4), 2.0)
    before = entrant_draws(np.random.default_rng(6), rate, 2030)
    rate[1, 2] = 9.0  # one cell's entry rate rises
    after = entrant_draws(np.random.default_rng(6), rate, 2030)
    other_before, other_after = before.cells != 6, after.cells != 6
    assert np.array_equal(before.cells[other_before], after.cells[other_after])
    for field in ("keys", "size", "productivity", "ownership"):
        a, b = getattr(before, field), getattr(after, field)
        assert np.array_equal(a[other_before], b[other_after]), field
    assert (after.cells == 6).sum() >= (before.cells == 6).sum()


def test_the_compiled_keyed_uniforms_are_numpys_bit_for_bit(monkeypatch):
    """The compiled path's one-pass hash against NumPy's, start ids, entrant keys, the largest
    keys and the key whose hash rounds to one (capped below it on both paths)."""
    pytest.importorskip("numba")
    from nqpf.sim.economics import compiled_path

    keys = np.concatenate(
        [np.arange(5000), entrant_keys(2040, np.arange(300), np.arange(300)), [2**63 - 1]]
    )
    for salt in (_Salt(0xB884A4107DF74157), np.random.default_rng(8)):
        got = {}
        for switch in ("0", "1"):
            monkeypatch.setenv(compiled_path.ENV_SWITCH, switch)
            assert (compiled_path.compiled("keyed_uniforms") is None) == (switch == "0")
            state = getattr(salt, "bit_generator", None)
            snapshot = state.state if state is not None else None
            got[switch] = uniform_by_key(salt, keys)
            if state is not None and switch == "0":
                state.state = snapshot  # the same salt for the compiled draw
        assert got["0"].tobytes() == got["1"].tobytes()
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert uniform_by_key(_Salt(0xB884A4107DF74157), np.array([5]))[0] == np.nextafter(1.0, 0.0)

"""The compiled investment phase (sim/economics/compiled_investment.py) against the NumPy
reference: ``invest_and_enter`` on the state a running economy hands it, on both paths, gives
every firm, flow and entrant the same numbers bit for bit and leaves the generator in the same
state; also on degenerate firms (no capital, no capacity, zombies, orders rationed, lending
factors off one) and for the entrants' median plant."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from nqpf.agents.firms import investment, plans
from nqpf.agents.firms.costs import median_by_group, medians_of_runs
from nqpf.sim import Scenario
from nqpf.sim.economics import compiled_path
from nqpf.sim.model import RegionalEconomy
from tests.conftest import ROOT

pytest.importorskip("numba")

KERNELS = ("orders", "book", "scale_ratios", "grouped_values", "entry_table")


def _state_before_investment(name: str, seed: int, years: int, firms: int, **overrides):
    """A deep copy of the world and generator as ``invest_and_enter`` receives them in the
    last of ``years`` simulated years (the NumPy path), and the scenario."""
    scenario = Scenario.load(ROOT / "scenarios" / f"{name}.toml").with_overrides(
        {"economy.initial_firms": firms, "economy.firm_agents": False, **overrides}
    )
    with compiled_path.reference_only():
        model = RegionalEconomy(scenario, seed=seed)
        for _ in range(years - 1):
            model.step()
        real, seen = investment.invest_and_enter, {}

        def spy(w, sc, rng):
            seen["state"] = copy.deepcopy((w, rng))
            return real(w, sc, rng)

        investment.invest_and_enter = spy
        try:
            model.step()
        finally:
            investment.invest_and_enter = real
    return seen["state"], scenario


def _run(state, scenario, switch: str, monkeypatch):
    """``invest_and_enter`` on a copy of ``state`` with ``NQPF_JIT=switch``."""
    monkeypatch.setenv(compiled_path.ENV_SWITCH, switch)
    for kernel in KERNELS:
        got = compiled_path.compiled(f"investment.{kernel}")
        assert (got is None) == (switch == "0"), kernel
    w, rng = copy.deepcopy(state)
    entrants = investment.invest_and_enter(w, scenario, rng)
    return w, rng, entrants


def _assert_same(reference, compiled) -> None:
    """Every field of the firms (incumbents and entrants, their draw keys included), the flows,
    the funds' investment, the next firm id, the expectations and the generator: equal bit for
    bit."""
    (w0, rng0, e0), (w1, rng1, e1) = reference, compiled
    for name, a, b in (("firms", w0.firms, w1.firms), ("entrants", e0, e1)):
        for field in dataclasses.fields(a):
            if not field.name.startswith("_"):
                x, y = getattr(a, field.name), getattr(b, field.name)
                assert x.dtype == y.dtype, (name, field.name)
                np.testing.assert_array_equal(y, x, f"{name}.{field.name}")
    for field in dataclasses.fields(w0.flows):
        x, y = getattr(w0.flows, field.name), getattr(w1.flows, field.name)
        np.testing.assert_array_equal(np.asarray(y), np.asarray(x), f"flows.{field.name}")
    assert w1.fund.invested == w0.fund.invested
    assert w1.next_firm_id == w0.next_firm_id
    np.testing.assert_array_equal(w1.markets.expected_price, w0.markets.expected_price)
    # the entry stream is used only through the children it spawns: as many on both paths
    assert (
        rng1.bit_generator.seed_seq.n_children_spawned
        == rng0.bit_generator.seed_seq.n_children_spawned
    )
    assert rng1.bit_generator.state == rng0.bit_generator.state


@pytest.mark.parametrize(
    ("name", "seed", "years", "firms"),
    [("baseline", 0, 3, 3000), ("baseline", 1, 2, 8000), ("herding", 2, 4, 3000)],
)
def test_compiled_investment_gives_the_reference_numbers_bit_for_bit(
    name, seed, years, firms, monkeypatch
):
    """A running economy's investment phase, both paths: the same numbers, bit for bit."""
    state, scenario = _state_before_investment(name, seed, years, firms)
    w = state[0]
    assert (w.firms.age <= plans.FUND_AGE_LIMIT).any()  # young firms: fund equity
    reference = _run(state, scenario, "0", monkeypatch)
    compiled = _run(state, scenario, "1", monkeypatch)
    assert reference[2].n > 0 and reference[0].flows.firm_orders > 0
    _assert_same(reference, compiled)


def test_compiled_investment_matches_on_degenerate_firms_and_a_ration(monkeypatch):
    """Firms without capital or capacity, zombies, firms ordering beyond their pipeline,
    young and old firms in every region, lending factors off one, an industry left without
    firms (the entrants' default plant size) and firms' orders rationed to a small share of
    saving: both paths give the same numbers."""
    state, scenario = _state_before_investment(
        "baseline", 3, 2, 3000, **{"finance.max_firm_share_of_saving": 0.02}
    )
    w, _ = state
    f, rows = w.firms, np.random.default_rng(5).permutation(w.firms.n)
    f.capital[rows[:200]] = 0.0
    f.capacity[rows[100:300]] = 0.0
    f.pipeline[rows[300:400]] *= 50.0  # an overhang beyond the usual pipeline
    f.zombie[rows[400:500]] = True
    f.age[rows[::2]] = plans.FUND_AGE_LIMIT
    f.age[rows[1::2]] = plans.FUND_AGE_LIMIT + 1
    w.banks.lending_factor = np.linspace(0.4, 1.3, w.n_regions)
    keep = f.industry != 4
    keep[rows[:3]] = True  # three firms left in industry 4: its median is the middle one
    w.firms = f.select(keep & (f.industry != 7))  # no firm in industry 7
    saving = float((w.regions.saving_rate * w.regions.gdp_nominal).sum())
    reference = _run(state, scenario, "0", monkeypatch)
    compiled = _run(state, scenario, "1", monkeypatch)
    assert reference[0].flows.firm_orders == pytest.approx(0.02 * saving)  # the ration binds
    _assert_same(reference, compiled)
    assert (reference[0].firms.investment == 0).any()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_grouping_gives_the_reference_medians(seed):
    """The compiled gather of the values above a floor, then ``medians_of_runs``, against
    ``median_by_group`` of those values: odd and even counts, ties, zeros left out, empty
    groups and ids beyond the groups counted."""
    from nqpf.sim.economics import compiled_investment

    rng = np.random.default_rng(seed)
    for case in range(60):
        n, groups = int(rng.integers(0, 500)), int(rng.integers(1, 9))
        values = rng.lognormal(0.0, 1.0, n)
        if case % 3 == 0:
            values = np.round(values, 1)  # ties
        if case % 7 == 0:
            values[:] = 2.5
        values[rng.random(n) < 0.2] = 0.0  # plants not yet installed
        group = rng.integers(0, groups + 1, n)  # id ``groups`` is not counted
        default = rng.random(groups)
        grouped, starts = compiled_investment.grouped_values(values, group, groups, 0.0)
        kept = values > 0.0
        np.testing.assert_array_equal(
            medians_of_runs(grouped, starts, default),
            median_by_group(values[kept], group[kept], groups, default),
        )
        assert starts[-1] == (kept & (group < groups)).sum()


@pytest.mark.parametrize("soft_budget", [0.0, 0.3])
def test_compiled_entry_rates_give_the_reference_table_byte_for_byte(monkeypatch, soft_budget):
    """The entry table from the tables of the incumbents' orders (``entry_rates_compiled``)
    against :func:`investment.entry_rates`, byte for byte (signed zeros included), also with
    controlled industries, protected and indebted regions and cells without capacity, with and
    without soft budgets (promoted investors who build whatever use they expect)."""
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    state, scenario = _state_before_investment(
        "herding", 4, 3, 3000, **{"firms.soft_budget": soft_budget}
    )
    w = copy.deepcopy(state[0])
    rng = np.random.default_rng(6)
    for case in range(3):
        if case:
            w.central.controlled = rng.random(w.n_industries) < 0.3
            w.governments.protected = rng.random((w.n_regions, w.n_industries)) < 0.5
            w.governments.debt = w.governments.debt * rng.uniform(0.0, 5.0, w.n_regions)
            w.firms.capacity[w.firms.region == case] = 0.0
        investment.update_expectations(w, scenario)
        _, _, tables = investment.orders_compiled(w, scenario)
        want = investment.entry_rates(w, scenario)
        got = investment.entry_rates_compiled(w, scenario, tables)
        for x, y in zip(want, got, strict=True):
            assert x.shape == y.shape and x.dtype == y.dtype
            assert x.tobytes() == y.tobytes()
        assert (want[0] > 0).any()


@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_scale_ratios_give_the_reference_agglomeration(seed):
    """``scale_ratios`` to the agglomeration's power against :func:`costs.agglomeration` of
    :func:`costs.cell_capacity`, byte for byte: with and without a reference (one of another
    size), references with zeros, cells and whole industries without capacity."""
    from nqpf.agents.firms.costs import agglomeration, cell_capacity
    from nqpf.agents.firms.state import empty_firms
    from nqpf.sim.economics import compiled_investment

    rng = np.random.default_rng(seed)
    R, S, eta = 31, 15, 0.12
    for case in range(12):
        f = empty_firms(int(rng.integers(1, 3000)), 3)
        f.region, f.industry = rng.integers(0, R, f.n), rng.integers(0, S - 1, f.n)
        f.capacity = rng.lognormal(0.0, 2.0, f.n) * (rng.random(f.n) < 0.8)
        reference = [None, np.zeros(0), rng.lognormal(0, 3, S) * (rng.random(S) < 0.7)][case % 3]
        ratio = compiled_investment.scale_ratios(
            f.cells(S),
            f.capacity,
            R,
            S,
            np.zeros(0) if reference is None else reference,
            0.05,
            20.0,
        )
        want = agglomeration(cell_capacity(f, R, S), eta, reference)
        assert (ratio ** (-eta)).reshape(R, S).tobytes() == want.tobytes()

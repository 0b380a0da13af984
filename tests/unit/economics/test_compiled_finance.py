"""The finance kernels (sim/economics/compiled_finance.py, and the books' of
compiled_books.py) against their NumPy reference, bit for bit: each phase (banks' credit terms
and close, the funds' stakes, the bail-outs, the governments' budgets and fiscal close) runs
inside a model's year twice, on a deep copy of its inputs on the NumPy path and on the
originals on the compiled path, and everything it can write (the whole world, the settlement,
the random generator) must come out with the same bytes."""

from __future__ import annotations

import copy
import dataclasses

import mesa
import numpy as np
import pytest

from nqpf.agents import financier, government
from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim.economics import compiled_path
from tests.conftest import ROOT

pytest.importorskip("numba")

PHASES = (
    (financier, "set_credit_terms"),
    (financier, "close_banks"),
    (financier, "value_fund_stakes"),
    (government, "bail_out"),
    (government, "close_budgets"),
    (government, "set_budgets"),
)


def assert_same(a, b, where="", seen=None):  # noqa: ANN001, ANN201
    """``a`` and ``b`` hold the same values, arrays byte for byte (and of the same dtype),
    floats bit for bit, walking dataclasses (but their fields outside equality,
    ``compare=False``: caches and spare memory, not state), objects, dicts and sequences."""
    seen = set() if seen is None else seen
    if id(a) in seen or isinstance(a, mesa.Model | mesa.Agent):  # the views hold no numbers
        return
    seen.add(id(a))
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), where
        assert (a.dtype, a.shape) == (b.dtype, b.shape), where
        if a.dtype == object:
            assert a.tolist() == b.tolist(), where
        else:
            assert a.tobytes() == b.tobytes(), f"{where}: {np.flatnonzero(a.ravel() != b.ravel())}"
    elif isinstance(a, float | np.floating):
        assert np.float64(a).tobytes() == np.float64(b).tobytes(), f"{where}: {a!r} != {b!r}"
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            assert_same(a[k], b[k], f"{where}[{k!r}]", seen)
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{where}[{k}]", seen)
    elif isinstance(a, np.random.Generator):
        assert a.bit_generator.state == b.bit_generator.state, where
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for fld in (f for f in dataclasses.fields(a) if f.compare):
            assert_same(getattr(a, fld.name), getattr(b, fld.name), f"{where}.{fld.name}", seen)
    elif hasattr(a, "__dict__") and type(a).__module__.startswith("nqpf"):
        assert_same(vars(a), vars(b), where, seen)
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def twin(fn, calls):  # noqa: ANN001, ANN201
    """``fn`` run on a deep copy of its arguments on the NumPy path, then on the arguments
    themselves on the compiled path; both must leave the same state and return the same."""

    def run(*args):  # noqa: ANN002, ANN202
        reference_args = copy.deepcopy(args)
        with compiled_path.reference_only():
            expected = fn(*reference_args)
        got = fn(*args)
        assert_same(reference_args, args, fn.__name__)
        assert_same(expected, got, f"{fn.__name__} returned")
        calls[fn.__name__] = calls.get(fn.__name__, 0) + 1
        return got

    return run


def twin_phases(monkeypatch, phases, calls) -> None:  # noqa: ANN001
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    for module, name in phases:
        monkeypatch.setattr(module, name, twin(getattr(module, name), calls))


def model(scenario: str, seed: int, firms: int, *overrides: str) -> RegionalEconomy:
    sc = Scenario.load(
        ROOT / "scenarios" / scenario,
        overrides=[f"economy.initial_firms={firms}", "economy.firm_agents=false", *overrides],
    )
    return RegionalEconomy(sc, seed=seed)


def test_the_kernels_are_there(monkeypatch):
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    for name in (
        "credit_terms",
        "bank_sums",
        "fund_sums",
        "bail_out",
    ):
        assert compiled_path.compiled(f"finance.{name}") is not None
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    assert compiled_path.compiled("finance.credit_terms") is None


@pytest.mark.parametrize(
    ("scenario", "seed", "overrides"),
    [
        ("baseline.toml", 0, ()),
        ("baseline.toml", 1, ()),
        ("herding.toml", 2, ()),
        ("herding_credit_boom.toml", 3, ()),
        ("baseline.toml", 4, ("central.unified_market=true",)),
    ],
)
def test_finance_phases_compiled_and_reference_leave_the_same_world(
    scenario, seed, overrides, monkeypatch
):
    """Every phase, every year of a few years' run (funds' first valuation and later ones,
    zombies and exits), the same bytes on both paths."""
    calls: dict[str, int] = {}
    m = model(scenario, seed, 1500, *overrides)
    twin_phases(monkeypatch, PHASES, calls)
    for _ in range(4):
        m.step()
    assert calls == {name: 4 for _, name in PHASES}
    assert m.world.firms.zombie.any() or scenario != "herding.toml"


def test_degenerate_firms_give_the_same_numbers(monkeypatch):
    """Firms with no capacity, no assets, no debt, no revenue, large stakes, NaN-free
    extremes: both paths still agree bit for bit."""
    calls: dict[str, int] = {}
    m = model("herding.toml", 5, 800)
    m.step()
    m.step()
    f = m.world.firms
    rows = np.arange(f.n)
    f.capacity[rows % 5 == 0] = 0.0
    f.output[rows % 5 == 0] = 0.0
    f.revenue[rows % 5 == 0] = 0.0
    f.capital[rows % 7 == 0] = 0.0
    f.pipeline[rows % 7 == 0] = 0.0
    f.debt[rows % 11 == 0] = 0.0
    f.fund_equity[rows % 3 == 0] = 10.0 * f.capital[rows % 3 == 0] + 1.0
    f.state_owned[rows % 13 == 0] = True
    f.zombie[rows % 4 == 0] = True
    twin_phases(monkeypatch, PHASES, calls)
    m.step()
    assert calls == {name: 1 for _, name in PHASES}


def test_credit_terms_before_the_first_valuation_and_a_comparison_that_fails(monkeypatch):
    """Before the funds' first valuation collateral is book assets (the kernel's other
    branch); and the comparison sees a change of one bit in one firm's rate."""
    m = model("baseline.toml", 6, 600)
    m.step()
    w, sc = m.world, m.scenario
    w.fund.multiple = np.zeros(0)
    calls: dict[str, int] = {}
    twin_phases(monkeypatch, ((financier, "set_credit_terms"),), calls)
    financier.set_credit_terms(w, sc)
    assert calls == {"set_credit_terms": 1}
    other = copy.deepcopy(w)
    other.firms.interest_rate[0] = np.nextafter(other.firms.interest_rate[0], 1.0)
    with pytest.raises(AssertionError, match="interest_rate"):
        assert_same(w, other)


@pytest.mark.parametrize("order", ["sorted", "shuffled", "alternating"])
def test_sums_by_runs_are_bincounts_in_any_order(order):
    """The kernels keep a run of one region's (industry's) sums in registers: the same bytes
    as ``np.bincount`` whether the firms come sorted, shuffled or alternating."""
    rng = np.random.default_rng(11)
    n, R, S = 3000, 31, 15
    region, industry = np.sort(rng.integers(0, R, n)), rng.integers(0, S, n)
    if order == "shuffled":
        region = rng.permutation(region)
    elif order == "alternating":
        region = np.arange(n) % 2
    industry = np.sort(industry) if order == "sorted" else industry
    x, debt = rng.standard_normal(n) * 1e3, rng.random(n) * 50
    npl, leaving = rng.random(n) < 0.2, rng.random(n) < 0.1
    pipeline = rng.random((n, 3))
    kernels = compiled_path._kernels("compiled_finance")
    got = kernels.bank_sums(region, x, 2 * x, -x, debt, npl, leaving, R)
    expected = (
        np.bincount(region, weights=x, minlength=R),
        np.bincount(region, weights=2 * x, minlength=R),
        np.bincount(region, weights=-x, minlength=R),
        np.bincount(region, weights=debt * (npl & ~leaving), minlength=R),
        np.bincount(region[~leaving], weights=debt[~leaving], minlength=R),
    )
    for a, b in zip(got, expected, strict=True):
        assert a.tobytes() == b.tobytes()
    got = kernels.fund_sums(industry, x, leaving, debt, pipeline, S)
    expected = (
        np.bincount(industry, weights=x * ~leaving, minlength=S),
        np.bincount(industry, weights=debt, minlength=S),
        np.bincount(
            industry, weights=pipeline[:, 0] + pipeline[:, 1] + pipeline[:, 2], minlength=S
        ),
    )
    for a, b in zip(got, expected, strict=True):
        assert a.tobytes() == b.tobytes()
    sums, cells = compiled_path._kernels("compiled_settlement").industry_sums(
        industry, region, debt, pipeline, x, 2 * x, -x, leaving, debt, S, R
    )
    assert sums[5].tobytes() == np.bincount(industry, weights=debt, minlength=S).tobytes()
    assert sums[4].tobytes() == np.bincount(industry, weights=leaving * 1.0, minlength=S).tobytes()
    by_cell = np.bincount(region * S + industry, weights=debt, minlength=R * S)
    assert cells.tobytes() == by_cell.tobytes()

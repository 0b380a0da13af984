"""The compiled production phases (sim/economics/compiled_production.py) against the NumPy
reference (agents/firms/production.py): each phase run on deep copies of the same world on
both paths writes the same numbers, bit for bit where the kernel claims it and within a
relative 1e-14 where it takes libm's exp (improve_productivity) and, where NumPy's power is
not libm's, within CLEARING_RTOL for the compiled clearing; on baseline and herding
worlds a few years in, on one whose chain is cut (one clearing stage, intermediates without a
chain input) and on one with degenerate firms (no capacity, no revenue, no output)."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from nqpf.agents.firms import production
from nqpf.agents.firms.state import FirmArrays
from nqpf.sim import Scenario
from nqpf.sim.economics import compiled_path
from nqpf.sim.model import RegionalEconomy
from tests.conftest import ROOT

pytest.importorskip("numba")

PRODUCTIVITY_RTOL = 1e-14
"""improve_productivity's exp is libm's in the kernel, NumPy's (possibly vectorised) in the
reference: equal within this relative tolerance."""

CLEARING_RTOL = 1e-9
"""Where NumPy's power is not libm's (x86 with AVX-512): the compiled clearing's demand curve
may differ in the last bit, and its prices within the clearing's tolerance (1e-12 of demand)."""

WORLDS = {
    "baseline-0": ("baseline", 0, None),
    "baseline-1": ("baseline", 1, None),
    "herding-2": ("herding", 2, None),
    "no-chain-3": ("baseline", 3, "no_chain"),
    "degenerate-4": ("herding", 4, "degenerate"),
}


@pytest.fixture(scope="module")
def worlds():
    """The model of each of WORLDS two years after the start (3,000 start firms), built on
    the NumPy path once for the module."""
    built = {}
    with compiled_path.reference_only():
        for key, (name, seed, twist) in WORLDS.items():
            scenario = Scenario.load(ROOT / "scenarios" / f"{name}.toml").with_overrides(
                {"economy.initial_firms": 3000, "economy.firm_agents": False}
            )
            model = RegionalEconomy(scenario, seed=seed)
            for _ in range(2):
                model.step()
            w, f = model.world, model.world.firms
            if twist == "no_chain":
                ind = w.industries
                w.industries = dataclasses.replace(ind, upstream=np.full_like(ind.upstream, -1))
            elif twist == "degenerate":
                rng = np.random.default_rng(seed)
                pick = rng.choice(f.n, size=(4, 60), replace=False)
                f.capacity[pick[0]] = 0.0
                f.pipeline[pick[0]] = 0.0
                f.revenue[pick[1]] = 0.0
                f.output[pick[1]] = 0.0
                f.output[pick[2]] = 0.0
                f.upgrading[pick[3]] = 0.0
                f.rd[pick[1]] = 0.0
            built[key] = model
    return built


def _fields(model) -> dict[str, np.ndarray]:
    """Every array (and number) of the firms, markets, value added and learning, by name."""
    w = model.world
    out = {
        f"firms.{k.name}": getattr(w.firms, k.name)
        for k in dataclasses.fields(FirmArrays)
        if not k.name.startswith("_")  # the cache of cells
    }
    for part in ("markets", "value_added", "learning"):
        obj = getattr(w, part)
        for k in dataclasses.fields(obj):
            value = getattr(obj, k.name)
            if isinstance(value, np.ndarray | float | int):
                out[f"{part}.{k.name}"] = np.asarray(value)
    clearing = w.markets.clearing
    for k in dataclasses.fields(clearing):
        out[f"clearing.{k.name}"] = np.asarray(getattr(clearing, k.name))
    out["rng"] = np.asarray(model.rng.bit_generator.state["state"]["state"], dtype=object)
    return out


def _run_both(model, phase, monkeypatch):
    """The fields after ``phase(model)`` on deep copies of ``model``, NumPy then compiled."""
    results = []
    for switch in ("0", "1"):
        monkeypatch.setenv(compiled_path.ENV_SWITCH, switch)
        twin = copy.deepcopy(model)
        phase(twin)
        results.append(_fields(twin))
    return results


def _assert_same(reference, compiled, rtol=0.0):
    assert reference.keys() == compiled.keys()
    for name, ref in reference.items():
        got = compiled[name]
        if rtol and ref.dtype.kind == "f":
            np.testing.assert_allclose(got, ref, rtol=rtol, atol=0.0, err_msg=name)
        else:
            np.testing.assert_array_equal(got, ref, err_msg=name)


KERNELS = {
    "install_capital": ("install_capital",),
    "clear_markets": ("clearing_inputs", "clear", "stage_rows", "derived_demand", "sell_and_hire"),
    "measure_value_added": ("value_added",),
    "improve_productivity": ("improve_productivity",),
}
"""The kernels each phase takes on the compiled path."""

PHASES = {
    "install_capital": lambda m: production.install_capital(m.world, m.scenario.solow.delta),
    "clear_markets": lambda m: production.clear_markets(m.world, m.scenario),
    "measure_value_added": lambda m: production.measure_value_added(m.world),
    "improve_productivity": lambda m: production.improve_productivity(m.world, m.scenario, m.rng),
}


@pytest.mark.parametrize("world", list(WORLDS))
@pytest.mark.parametrize("phase", list(PHASES))
def test_compiled_phase_writes_the_reference_numbers(world, phase, worlds, monkeypatch):
    """Every field the phase writes (and every other) equal on both paths: bit for bit, but
    productivity within PRODUCTIVITY_RTOL; the same random draws consumed."""
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    for kernel in KERNELS[phase]:
        assert compiled_path.compiled(f"production.{kernel}") is not None
    model = worlds[world]
    before = _fields(model)
    reference, compiled = _run_both(model, PHASES[phase], monkeypatch)
    changed = [k for k in before if not np.array_equal(before[k], reference[k])]
    assert changed, "the phase changed nothing: the comparison would prove nothing"
    rtol = PRODUCTIVITY_RTOL if phase == "improve_productivity" else 0.0
    if phase == "clear_markets" and not _numpy_power_is_libms():
        rtol = CLEARING_RTOL
    _assert_same(reference, compiled, rtol)


@pytest.mark.parametrize("world", ["baseline-0", "herding-2", "degenerate-4"])
def test_a_year_of_production_phases_on_both_paths(world, worlds, monkeypatch):
    """The production phases in the model's order (investment left out), twice over, so each
    phase reads what the other path's phases wrote: the same numbers within
    PRODUCTIVITY_RTOL (bit for bit but productivity and what follows from it)."""

    def year(m):
        for _ in range(2):
            for phase in PHASES.values():
                phase(m)
            production.learn_by_doing(m.world, m.scenario)

    reference, compiled = _run_both(worlds[world], year, monkeypatch)
    _assert_same(reference, compiled, PRODUCTIVITY_RTOL if _numpy_power_is_libms() else 1e-6)


def test_the_degenerate_world_has_degenerate_firms(worlds):
    """The twist took: firms without capacity, without revenue and without output."""
    f = worlds["degenerate-4"].world.firms
    assert (f.capacity == 0).sum() >= 60 and (f.revenue == 0).sum() >= 60
    assert (f.output == 0).sum() >= 120 and (f.upgrading == 0).any() and (f.upgrading > 0).any()


def test_the_kernels_mirror_numpys_power_fast_paths():
    """``u ** b`` as NumPy computes it for an array: sqrt for 0.5, a square for 2, a
    reciprocal for -1 (bit for bit), pow otherwise."""
    from nqpf.sim.economics import compiled_production as cp

    u = np.random.default_rng(5).lognormal(-4.0, 2.0, 10_000)
    for b in (0.5, 2.0, 1.0, -1.0):
        got = np.array([cp.scalar_power(x, b) for x in u[:2000]])
        np.testing.assert_array_equal(got, u[:2000] ** b, err_msg=str(b))
    got = np.array([cp.scalar_power(x, 0.3) for x in u[:2000]])
    np.testing.assert_allclose(got, u[:2000] ** 0.3, rtol=1e-15, atol=0.0)


def _numpy_power_is_libms() -> bool:
    """Whether NumPy's ``power`` gives libm's numbers here (x86 without AVX-512: then the
    compiled clearing is bit for bit)."""
    from nqpf.sim.economics import compiled_production as cp

    rng = np.random.default_rng(9)
    p, e = rng.uniform(1e-6, 3.0, 5000), -rng.uniform(0.1, 2.0, 5000)
    return all(cp.scalar_power(a, b) == c for a, b, c in zip(p, e, p**e, strict=True))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_whole_clearing_compiled_gives_the_reference_numbers(seed, monkeypatch):
    """``compiled_production.clear`` against ``markets.clear_markets`` (as production calls
    them): 20,000 firms in 15 industries, a chain's fixed demand, prices on some firms' lowest
    plant cost, an industry without firms, one rationed at the price cap, firms without a
    spread of plant costs (NaN where NumPy has NaN) and without capacity. Bit for bit where
    NumPy's power is libm's, else within the clearing's tolerance."""
    rng = np.random.default_rng(seed)
    n, n_ind = 20_000, 15
    industry = np.sort(rng.integers(0, n_ind - 1, n))  # the last industry has no firm
    capacity = rng.lognormal(0.0, 1.0, n)
    capacity[rng.choice(n, 50, replace=False)] = 0.0
    cost = rng.uniform(0.6, 1.2, n)
    spread = rng.uniform(0.05, 0.3, n)
    if seed == 2:
        spread[rng.choice(n, 5, replace=False)] = 0.0
    level = np.bincount(industry, weights=capacity, minlength=n_ind) * rng.uniform(0.5, 0.9)
    level[3] = 1e9  # more than all capacity at the price cap
    first = np.array([np.flatnonzero(industry == s)[0] for s in range(n_ind - 1)] + [0])
    start = cost[first] * (1.0 - spread[first])  # the first pass: x = 0 exactly for these firms
    args = (industry, capacity, cost, spread, level, rng.uniform(0.2, 1.5, n_ind), start)
    results, chain_demand = {}, rng.uniform(0.0, 5.0, n_ind)
    for switch in ("0", "1"):
        monkeypatch.setenv(compiled_path.ENV_SWITCH, switch)
        for fixed in (None, chain_demand):
            with np.errstate(all="ignore"):
                results[switch, fixed is None] = production._clear(*args, fixed)
    exact = _numpy_power_is_libms()
    for plain in (True, False):
        reference, fast = results["0", plain], results["1", plain]
        assert reference.rationed[3] and fast.rationed[3] and fast.capacity[-1] == 0.0
        for field in ("price", "output", "demand", "capacity", "rationed", "supplied"):
            ref, got = getattr(reference, field), getattr(fast, field)
            if exact or ref.dtype == bool:
                np.testing.assert_array_equal(got, ref, field)
            else:
                np.testing.assert_allclose(got, ref, rtol=CLEARING_RTOL, atol=0.0, err_msg=field)

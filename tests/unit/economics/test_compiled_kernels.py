"""The compiled kernels (sim/economics/compiled_path.py) against the NumPy reference: the
switch; the gravity fit's flows within its tolerance on a china31-sized problem; the market
clearing bit for bit; whole runs that agree to within a small fraction of each column's
scale."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim import Scenario
from nqpf.sim.economics import compiled_path, markets, trade
from nqpf.sim.model import RegionalEconomy
from nqpf.sim.setup.geography import great_circle_km
from tests.conftest import ROOT

pytest.importorskip("numba")


def _china_sized(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """15 industries x 31 regions, some industries absent from some regions, the trade
    elasticity and border costs of the default scenario's range."""
    rng = np.random.default_rng(seed)
    lat, lon = rng.uniform(20, 45, 31), rng.uniform(90, 125, 31)
    demand = rng.lognormal(0.0, 1.0, (15, 31))
    supply = demand * rng.lognormal(0.0, 0.8, demand.shape)
    supply[rng.random(supply.shape) < 0.25] = 0.0
    border = rng.uniform(0.0, 2.0, 15)
    return supply, demand, trade.iceberg_factors(great_circle_km(lat, lon), border, 0.1)


def _largest_gaps(reference, other):
    """Each numeric column's largest difference over its largest value, smallest first."""
    x, y = reference.select_dtypes("number"), other.select_dtypes("number")
    return ((x - y).abs().max() / (x.abs().max() + 1e-300)).fillna(0.0).sort_values()


def test_the_switch_chooses_the_path(monkeypatch):
    """Unset: compiled inside a batch run only; 1: compiled; 0: NumPy; reference_only: NumPy
    whatever the variable says; anything else: an error naming the variable."""
    monkeypatch.delenv(compiled_path.ENV_SWITCH, raising=False)
    assert compiled_path.compiled("gravity_fit") is None  # a single run
    with compiled_path.batch_run():  # what run_one does
        assert compiled_path.compiled("gravity_fit") is not None
        with compiled_path.reference_only():
            assert compiled_path.compiled("gravity_fit") is None
        assert compiled_path.compiled("gravity_fit") is not None
    assert compiled_path.compiled("gravity_fit") is None  # the batch run is over
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    with compiled_path.batch_run():
        assert compiled_path.compiled("market_pass") is None
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert compiled_path.compiled("market_pass") is not None
    with compiled_path.reference_only():
        assert compiled_path.compiled("market_pass") is None
    assert compiled_path.describe()["batch_runs"] == "compiled"
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "off")
    with pytest.raises(ValueError, match="NQPF_JIT='off': allowed 1 .*, 0 .* or unset"):
        compiled_path.compiled("market_pass")


def test_kernel_modules_are_found_by_name_and_loaded_together(monkeypatch):
    """A plain name is a kernel of compiled_kernels.py, a dotted one ``group.kernel`` the
    kernel of compiled_<group>.py; load_all imports every such module in the package (and no
    other); a group that does not exist is an error, not a silent NumPy path."""
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    loaded = compiled_path.load_all()
    on_disk = sorted(
        f"nqpf.sim.economics.{p.stem}"
        for p in (ROOT / "sim" / "economics").glob("compiled_*.py")
        if p.stem != "compiled_path"
    )
    assert loaded == on_disk
    assert "nqpf.sim.economics.compiled_kernels" in loaded
    assert compiled_path.compiled("market_pass") is compiled_path.compiled("kernels.market_pass")
    with pytest.raises(ModuleNotFoundError, match="compiled_nowhere"):
        compiled_path.compiled("nowhere.market_pass")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_and_reference_fits_give_the_same_flows(seed, monkeypatch):
    """Cold and warm starts: rows exact on both paths, flows equal within 1e-9 of the
    industry's output (the fit's tolerance is 1e-10 of it on each margin)."""
    supply, demand, iceberg = _china_sized(seed)
    grown = supply * np.random.default_rng(seed + 10).lognormal(0.02, 0.05, supply.shape)
    fits = {}
    for path in ("reference", "compiled"):
        if path == "reference":
            monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
        else:
            monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
            assert compiled_path.compiled("gravity_fit") is not None
        cold = trade.gravity_flows(supply, demand, iceberg, 5.0)
        warm = trade.gravity_flows(grown, demand, iceberg, 5.0, start=cold.origin_balance)
        fits[path] = (cold, warm)
        np.testing.assert_allclose(cold.flows.sum(axis=2), supply, rtol=1e-12, atol=0)
        np.testing.assert_allclose(warm.flows.sum(axis=2), grown, rtol=1e-12, atol=0)
    for k, out in enumerate((supply, grown)):
        ref, jit = fits["reference"][k], fits["compiled"][k]
        scale = out.sum(axis=1)[:, None, None]
        assert np.max(np.abs(jit.flows - ref.flows) / scale) < 1e-9
        assert np.max(np.abs(jit.destination_shares - ref.destination_shares)) < 1e-8
        assert jit.passes <= ref.passes  # each industry stops when it has converged
    assert (fits["compiled"][0].flows[supply == 0.0] == 0.0).all()  # absent origins send nothing


def test_whole_runs_agree_on_both_paths_and_each_repeats_bit_for_bit(monkeypatch):
    """The herding scenario to 2032: every national column within 1e-6 of its largest value
    (measured: within 3e-8 to 2040 on baseline, herding and tailored_cooperation, seeds 0-1),
    and the compiled path gives the same numbers twice."""
    scenario = Scenario.load(ROOT / "scenarios" / "herding.toml").with_overrides(
        {"world.end_year": 2032, "economy.firm_agents": False}
    )
    with compiled_path.reference_only():
        reference = RegionalEconomy(scenario, seed=3).run(tables=("national",))["national"]
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    compiled = RegionalEconomy(scenario, seed=3).run(tables=("national",))["national"]
    again = RegionalEconomy(scenario, seed=3).run(tables=("national",))["national"]
    assert compiled.equals(again)
    gap = _largest_gaps(reference, compiled)
    assert gap.max() < 1e-6, gap.tail(3)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_compiled_market_clearing_gives_the_reference_numbers_bit_for_bit(seed, monkeypatch):
    """The compiled pass and Newton step: 20,000 firms in 15 industries, a chain's fixed demand,
    prices that sit exactly on some firms' lowest plant cost, an industry without firms and one
    rationed at the price cap."""
    rng = np.random.default_rng(seed)
    n, n_ind = 20_000, 15
    industry = rng.integers(0, n_ind - 1, n)  # the last industry has no firm
    capacity = rng.lognormal(0.0, 1.0, n)
    cost = rng.uniform(0.6, 1.2, n)
    spread = rng.uniform(0.05, 0.3, n)
    demand = np.bincount(industry, weights=capacity, minlength=n_ind) * rng.uniform(0.5, 0.9)
    demand[3] = 1e9  # more than all capacity at the price cap
    first = np.array([np.flatnonzero(industry == s)[0] for s in range(n_ind - 1)] + [0])
    start = cost[first] * (1.0 - spread[first])  # the first pass: x = 0 exactly for these firms
    args = (industry, capacity, cost, spread, demand, rng.uniform(0.2, 1.5, n_ind))
    kwargs = {"start": start, "fixed_demand": rng.uniform(0.0, 5.0, n_ind)}
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    reference = markets.clear_markets(*args, **kwargs)
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert compiled_path.compiled("market_pass") is not None
    assert compiled_path.compiled("newton_step") is not None
    fast = markets.clear_markets(*args, **kwargs)
    assert reference.rationed[3] and fast.rationed[3]
    for field in ("price", "output", "demand", "capacity", "rationed", "supplied"):
        np.testing.assert_array_equal(getattr(fast, field), getattr(reference, field), field)


@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_base_cost_bisection_gives_the_reference_costs_bit_for_bit(seed, monkeypatch):
    """The start year's base-cost calibration of a china31 economy, on both paths."""
    from nqpf.sim.setup import firms as start_firms

    scenario = Scenario.load(ROOT / "scenarios" / "baseline.toml")
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert compiled_path.compiled("base_cost_bisection") is not None
    world = RegionalEconomy(scenario, seed=seed, tables=("national",)).world
    demand = world.industries.demand_2023 * np.random.default_rng(seed).uniform(0.8, 1.2)
    fast = start_firms.calibrate_base_costs(world, demand, 0.05)
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    reference = start_firms.calibrate_base_costs(world, demand, 0.05)
    np.testing.assert_array_equal(fast, reference)
    low, high = start_firms.COST_SEARCH_BOUNDS
    assert ((fast > low) & (fast < high)).all()  # a root in every industry, no bound hit


def test_a_batch_run_takes_the_compiled_kernels_and_leaves_its_process_as_it_was(monkeypatch):
    """``run_one`` (sweeps, comparisons, calibration, policy search) with ``NQPF_JIT`` unset
    runs compiled; a single run made in the same process after it stays on NumPy (the
    dashboard makes both); the numbers agree within the fit's tolerance."""
    from nqpf.sim.experiments.batch import RunSpec, SerialExecutor, map_runs

    scenario = Scenario.load(ROOT / "scenarios" / "baseline.toml").with_overrides(
        {"world.end_year": 2027}
    )
    monkeypatch.delenv(compiled_path.ENV_SWITCH, raising=False)
    single = RegionalEconomy(scenario, seed=2).run(tables=("national",))["national"]
    used = []
    real = compiled_path.compiled

    def spy(name: str):
        kernel = real(name)
        used.append(kernel is not None)
        return kernel

    monkeypatch.setattr(compiled_path, "compiled", spy)
    (record,) = list(map_runs([RunSpec("r", scenario.to_dict(), 2)], SerialExecutor()))
    assert record.status == "ok", record.error
    assert used and all(used)  # every kernel asked for in the batch run was compiled
    used.clear()
    again = RegionalEconomy(scenario, seed=2).run(tables=("national",))["national"]
    assert used and not any(used)  # the next single run: NumPy
    assert again.equals(single)
    batch = record.tables["national"]
    gap = _largest_gaps(single, batch)
    assert gap.max() < 1e-6, gap.tail(3)


def test_compiled_operating_surplus_gives_the_reference_numbers_bit_for_bit(monkeypatch):
    """Prices below, inside and above each firm's plant-cost range, and on both its edges."""
    rng = np.random.default_rng(7)
    cost = rng.uniform(0.5, 1.5, 30_000)
    spread = rng.uniform(0.01, 0.4, cost.size)
    price = rng.uniform(0.3, 2.2, cost.size)
    price[:100] = cost[:100] * (1.0 - spread[:100])  # the lowest plant's cost
    price[100:200] = cost[100:200] * (1.0 - spread[100:200]) + 2.0 * spread[100:200] * cost[100:200]
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "0")
    reference = markets.operating_surplus(price, cost, spread)
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert compiled_path.compiled("operating_surplus") is not None
    fast = markets.operating_surplus(price, cost, spread)
    np.testing.assert_array_equal(fast, reference)
    assert (reference == 0).any() and (reference == price - cost).any()  # all three branches
    two_d = markets.operating_surplus(price[None, :3], cost[:, None][:3], spread[:3, None])
    assert two_d.shape == (3, 3)  # broadcasting shapes take the NumPy path


def test_compiled_clearing_matches_the_reference_on_degenerate_firms(monkeypatch):
    """Firms without a spread of plant costs (an infinite supply slope, 0 x inf = NaN where
    the price sits on their cost): both paths give the same numbers, NaN where NumPy has NaN."""
    rng = np.random.default_rng(11)
    n, n_ind = 2_000, 4
    industry = rng.integers(0, n_ind, n)
    capacity = rng.lognormal(0.0, 1.0, n)
    cost = rng.uniform(0.6, 1.2, n)
    spread = rng.uniform(0.05, 0.3, n)
    spread[:5] = 0.0
    start = cost[[int(np.flatnonzero(industry == s)[0]) for s in range(n_ind)]]
    args = (industry, capacity, cost, spread, np.full(n_ind, 300.0), np.full(n_ind, 0.5))
    results = {}
    for switch in ("0", "1"):
        monkeypatch.setenv(compiled_path.ENV_SWITCH, switch)
        with np.errstate(all="ignore"):
            results[switch] = markets.clear_markets(*args, start=start.copy())
    for field in ("price", "output", "demand", "supplied"):
        np.testing.assert_array_equal(
            getattr(results["1"], field), getattr(results["0"], field), field
        )


def test_the_kernels_max_min_and_clip_pick_the_operand_numpy_picks():
    """The kernels' one-number ``maximum``, ``minimum`` and ``clip`` give NumPy's result bit for
    bit on NaN, infinities and signed zeros: on a tie NumPy's maximum and minimum return the
    second operand and its clip returns ``x`` itself (``np.clip(-0.0, 0, 1)`` is -0.0)."""
    from nqpf.sim.economics import compiled_kernels

    def bits(x: float) -> tuple[bool, bool, float]:
        return (bool(np.isnan(x)), bool(np.signbit(x)), 0.0 if np.isnan(x) else float(x))

    values = [0.0, -0.0, 1.0, -1.0, np.nan, 2.0, np.inf, -np.inf, 1e-300]
    one = lambda x: np.array([x])  # noqa: E731 - NumPy's array loops, as the reference runs them
    maxima = (compiled_kernels.np_max,)
    minima = (compiled_kernels.np_min,)
    clips = (compiled_kernels.np_clip,)
    for a in values:
        assert bits(compiled_kernels.clip01(a)) == bits(np.clip(one(a), 0.0, 1.0)[0]), a
        for b in values:
            for fn in maxima:
                assert bits(fn(a, b)) == bits(np.maximum(one(a), one(b))[0]), (fn, a, b)
            for fn in minima:
                assert bits(fn(a, b)) == bits(np.minimum(one(a), one(b))[0]), (fn, a, b)
            for high in (1.0, 2.0):
                if np.isnan(b) or b > high:
                    continue
                for fn in clips:
                    assert bits(fn(a, b, high)) == bits(np.clip(one(a), b, high)[0]), (fn, a, b)

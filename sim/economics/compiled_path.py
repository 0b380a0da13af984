"""Which path the engine's innermost loops take: NumPy (the reference) or the same loops
compiled with Numba (``compiled_kernels.py``).

The loops (``compiled_kernels.py``, and one ``compiled_<group>.py`` per group of firm phases):

- the gravity fit of :func:`nqpf.sim.economics.trade.gravity_flows` (Furness's alternating fit
  with SQUAREM steps) and the flows it implies (``gravity_fit``, ``gravity_outputs``). In NumPy
  each pass is a handful of operations on small arrays (15 industries x 31 regions), so its cost
  is the overhead of calling them, not the arithmetic. Compiled, each industry stops as soon as
  it meets the tolerance (the NumPy loop runs all industries until the last one does) and the
  sums run in another order, so the two paths give the same flows within the fit's tolerance,
  not bit for bit;
- the sums over the flows (exports, imports and the sellers' delivery sums:
  ``trade_sums.gravity_margins``, ``trade_sums.delivery_sums`` of ``compiled_trade_sums.py``,
  called by :mod:`nqpf.sim.economics.trade_sums`), in NumPy's order of addition, so bit for bit;
- a pass and a Newton step of the market clearing of
  :func:`nqpf.sim.economics.markets.clear_markets` (``market_pass``, ``newton_step``), the
  operating surplus of :func:`nqpf.sim.economics.markets.operating_surplus`
  (``operating_surplus``) and the start year's base-cost bisection of
  :func:`nqpf.sim.setup.firms.calibrate_base_costs` (``base_cost_bisection``): the same
  operations in the same order, so the same numbers bit for bit;
- the firm phases, each fused into one or two passes over the firms (per-firm arithmetic and
  its sums by region, industry and cell in the same loop): ``compiled_investment.py``
  (incumbents' orders and their booking in ``agents/firms/investment.py``, the cells' scale, the
  entry table and the industries' median plant),
  ``compiled_production.py`` (capital coming on line, the clearing whole with its firms' side,
  value added, productivity), ``compiled_settlement.py`` (results, distress, exits, industry
  sums), ``compiled_finance.py`` (credit terms, banks' close, fund stakes, bail-outs),
  ``compiled_records.py`` (the records' sums over firms) and, one pass over the regions or
  industries instead of many NumPy calls on their small tables, ``compiled_books.py`` (the
  governments' budgets and fiscal close, the banks' close, the funds' marks). The same operations in the same
  order, sums in firm order as ``np.bincount`` adds them and the pairwise ``.sum()`` totals left
  to NumPy: bit for bit, except where a kernel calls ``exp`` or ``pow`` (productivity, the
  clearing's demand curve), which equal NumPy's where NumPy uses libm (x86 without AVX-512,
  as here) and are held within 1e-14 (productivity) and the clearing's tolerance elsewhere.
  The random draws stay NumPy's, in the same order; the keyed uniforms' hash
  (:func:`nqpf.sim.random_streams.uniform_by_key`) runs in one compiled pass
  (``keyed_uniforms``), the same numbers bit for bit.

Compiled once per machine (``cache=True``: the machine code is kept in ``__pycache__`` and a
later process loads it, offline). Loading costs about 0.3 s (Numba's import), which pays off
over the many runs of a worker process and not in a single run. Which path runs:

- inside :func:`batch_run` (every :func:`nqpf.sim.experiments.batch.run_one`: sweeps,
  comparisons, calibration, policy search), the compiled one where Numba can be imported (the
  ``fast`` extra; ``make test`` installs it, ``make demo`` does not);
- anywhere else (``nqpf run``, the dashboard's single runs, a model built in Python), NumPy;
- the environment variable ``NQPF_JIT`` overrides both: ``1`` compiled wherever Numba is
  installed, ``0`` NumPy everywhere; inside :func:`reference_only`, NumPy whatever the variable
  says (``tools/golden.py``: the golden hashes are the NumPy path's).

The switch is per thread of control (a ``ContextVar``): a batch run made in the dashboard's or
the caller's process leaves the next single run there on NumPy. A batch run's numbers agree
with the same seed's single run within the gravity fit's tolerance (measured: within 6e-8 of
every national and regional column's scale to 2040), and bit for bit with ``NQPF_JIT=0``;
:func:`describe` says which path a process takes, for the records of a sweep.

``tests/unit/economics/test_compiled_kernels.py`` and one ``test_compiled_<group>.py`` per
group hold the two paths to each other.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import metadata
from typing import Any

ENV_SWITCH = "NQPF_JIT"
"""Environment variable: ``1`` compiled wherever Numba is installed, ``0`` NumPy everywhere;
unset (or empty), compiled in batch runs only."""

_mode: ContextVar[str | None] = ContextVar("nqpf_compiled_mode", default=None)
"""``"batch"`` inside :func:`batch_run`, ``"reference"`` inside :func:`reference_only`."""


def _switch() -> str:
    value = os.environ.get(ENV_SWITCH, "").strip()
    if value not in ("", "0", "1"):
        raise ValueError(
            f"environment variable {ENV_SWITCH}={value!r}: allowed 1 (compiled kernels wherever "
            f"Numba is installed), 0 (NumPy everywhere) or unset (compiled in batch runs)"
        )
    return value


_where: dict[str, tuple[Any, str]] = {}
"""Each name :func:`compiled` was asked for: its kernel module (None without Numba; a module
is loaded once per process, :func:`_kernels`) and the kernel's name in it."""


def compiled(name: str) -> Callable[..., Any] | None:
    """The compiled kernel ``name``, or None where the NumPy path runs (module doc).

    A plain name (``gravity_fit``, ``gravity_outputs``, ``market_pass``, ``newton_step``,
    ``operating_surplus``, ``base_cost_bisection``, ``keyed_uniforms``) is a kernel of
    ``compiled_kernels.py``; a dotted one, ``"group.kernel"``, the kernel of
    ``compiled_<group>.py`` (the firm phases' kernels, one module per phase group, e.g.
    ``"investment.orders"``; the flows' sums, ``"trade_sums.delivery_sums"``). Numba is imported at
    the first call that wants it, not with this module (so ``nqpf --help`` never pays for it)."""
    mode, switch = _mode.get(), _switch()
    if mode == "reference" or switch == "0" or (switch != "1" and mode != "batch"):
        return None
    where = _where.get(name)
    if where is None:
        group, _, kernel = name.rpartition(".")
        where = _where[name] = (
            _kernels(f"compiled_{group}" if group else "compiled_kernels"),
            kernel,
        )
    kernels, kernel = where
    return None if kernels is None else getattr(kernels, kernel)


@contextmanager
def batch_run() -> Iterator[None]:
    """The compiled kernels inside the block (where Numba is installed and ``NQPF_JIT`` is not
    ``0``): :func:`nqpf.sim.experiments.batch.run_one` runs each model inside it, so a worker
    that runs many models loads Numba once, and a process that makes one batch run among single
    runs keeps its single runs on NumPy."""
    token = _mode.set("batch")
    try:
        yield
    finally:
        _mode.reset(token)


@contextmanager
def reference_only() -> Iterator[None]:
    """The NumPy path inside the block, whatever ``NQPF_JIT`` says or is installed."""
    token = _mode.set("reference")
    try:
        yield
    finally:
        _mode.reset(token)


def describe() -> dict[str, str | None]:
    """Which path a batch run in this process takes and with what: ``{"batch_runs": "compiled"
    or "numpy", "numba": version or None}`` (recorded in a sweep's manifest: a compiled gravity
    fit's last bits depend on the Numba build and the CPU's vector width). Reads the installed
    packages; imports nothing."""
    try:
        version: str | None = metadata.version("numba")
    except metadata.PackageNotFoundError:
        version = None
    on = version is not None and _switch() != "0"
    return {"batch_runs": "compiled" if on else "numpy", "numba": version}


def load_all() -> list[str]:
    """Import every kernel module (``compiled_kernels.py`` and each ``compiled_<group>.py``) now,
    where Numba is installed, and return their names (empty without Numba): Numba's import and
    the modules'. Not all a worker's first compiled run pays for: each kernel's machine code is
    read from its cache at the kernel's first call (about 0.6 s for a first sweep run after
    this, measured 2026-12-04), so ``benchmarks/bench_sweep.py`` also runs a short model before
    it starts the clock."""
    if importlib.util.find_spec("numba") is None:
        return []
    from nqpf.sim import economics

    names = sorted(
        m.name
        for m in pkgutil.iter_modules(economics.__path__)
        if m.name.startswith("compiled_") and m.name != "compiled_path"
    )
    return [_kernels(name).__name__ for name in names]


@cache
def _kernels(module: str) -> Any:
    if importlib.util.find_spec("numba") is None:
        return None  # no Numba: the NumPy path
    return importlib.import_module(f"nqpf.sim.economics.{module}")

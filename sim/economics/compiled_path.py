"""Which path the engine's two innermost loops take: NumPy (the reference) or the same loops
compiled with Numba (``compiled_kernels.py``).

The loops:

- the gravity fit of :func:`nqpf.sim.economics.trade.gravity_flows` (Furness's alternating fit
  with SQUAREM steps). In NumPy each pass is a handful of operations on small arrays (15
  industries x 31 regions), so its cost is the overhead of calling them, not the arithmetic.
  Compiled, each industry stops as soon as it meets the tolerance (the NumPy loop runs all
  industries until the last one does) and the sums run in another order, so the two paths give
  the same flows within the fit's tolerance, not bit for bit.
- one pass of the market clearing of :func:`nqpf.sim.economics.markets.clear_markets` (every
  firm's dispatched output, and the industries' supply and its slope). Compiled, it is one loop
  over firms instead of ten array operations, with the same operations in the same order: the
  same numbers bit for bit.

Compiled once per machine (``cache=True``: the machine code is kept in ``__pycache__`` and a
later process loads it, offline). Loading costs about 0.3 s (Numba's import), which pays off
over the many runs of a worker process and not in a single run. Which path runs:

- in batch runs (:func:`nqpf.sim.experiments.batch.run_one`: sweeps, comparisons, calibration,
  policy search), the compiled one where Numba can be imported (the ``fast`` extra; ``make
  test`` installs it, ``make demo`` does not);
- in a single run (``nqpf run``, the dashboard, a model built in Python), NumPy;
- the environment variable ``NQPF_JIT`` overrides both: ``1`` compiled wherever Numba is
  installed, ``0`` NumPy everywhere (``tools/golden.py`` runs inside :func:`reference_only`, so
  the golden hashes are the reference path's).

A batch run's numbers therefore agree with the same seed's single run within the gravity fit's
tolerance (measured: within 6e-8 of every national and regional column's scale to 2040), and
bit for bit with ``NQPF_JIT=0``.

``tests/unit/economics/test_compiled_kernels.py`` holds the two paths to each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

ENV_SWITCH = "NQPF_JIT"
"""Environment variable: ``1`` compiled wherever Numba is installed, ``0`` NumPy everywhere;
unset, compiled in batch runs only."""

_batch_process = False


def prefer_compiled() -> None:
    """Use the compiled kernels in this process from now on (where Numba is installed and
    ``NQPF_JIT`` is not ``0``): :func:`nqpf.sim.experiments.batch.run_one` calls it, so a
    worker that runs many models loads Numba once."""
    global _batch_process
    _batch_process = True


def compiled(name: str) -> Callable[..., Any] | None:
    """The compiled kernel ``name`` of ``compiled_kernels.py`` (``gravity_fit``,
    ``gravity_outputs``, ``market_pass``, ``base_cost_bisection``), or None where the NumPy
    path runs (module doc). Numba is imported at the first call that wants it, not with this
    module (so ``nqpf --help`` never pays for it)."""
    switch = os.environ.get(ENV_SWITCH, "").strip()
    if switch == "0" or (switch != "1" and not _batch_process):
        return None
    kernels = _kernels()
    return None if kernels is None else getattr(kernels, name)


@contextmanager
def reference_only() -> Iterator[None]:
    """Run the NumPy reference inside the block (``NQPF_JIT=0``), whatever is installed; the
    variable is restored afterwards."""
    before = os.environ.get(ENV_SWITCH)
    os.environ[ENV_SWITCH] = "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_SWITCH, None)
        else:
            os.environ[ENV_SWITCH] = before


@cache
def _kernels() -> Any:
    try:
        from nqpf.sim.economics import compiled_kernels
    except ImportError:  # no Numba
        return None
    return compiled_kernels

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
later process loads it in about 0.3 s with Numba's import, offline). Which path runs:

- the compiled one when Numba can be imported (the ``fast`` extra; ``make test`` installs it)
  and the environment variable ``NQPF_JIT`` is not ``0``;
- NumPy otherwise (``make demo`` installs no Numba; ``tools/golden.py`` runs inside
  :func:`reference_only`, so the golden hashes are the reference path's).

``tests/unit/economics/test_compiled_kernels.py`` holds the two paths to each other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

ENV_SWITCH = "NQPF_JIT"
"""Environment variable: ``0`` runs the NumPy reference even where Numba is installed."""


def compiled(name: str) -> Callable[..., Any] | None:
    """The compiled kernel ``name`` of ``compiled_kernels.py`` (``gravity_fit``,
    ``market_pass``), or None where the compiled path is switched off or Numba is not installed.
    Numba is imported at the first call, not with this module (so ``nqpf --help`` never pays for
    it)."""
    if os.environ.get(ENV_SWITCH, "1").strip() == "0":
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

"""Before a run: an estimate of its peak memory, checked against the memory available.

A run's memory is mostly its firms (arrays, Mesa views and the yearly records), and the number of
firms grows with entry, which grows with the number of regions and the horizon. Measured on this
version (Linux, CPython 3.13, peak resident set size of ``nqpf run``):

==========================================  ============  ==========
scenario                                    peak firms    peak RSS
==========================================  ============  ==========
china31, 6,000 firms, 2023-2033             6,074         198 MB
china31, 60,000 firms, 2023-2033            59,883        240 MB
china31, 6,000 firms, 2023-2083             20,487        215 MB
synthetic:500, 6,000 firms, 2023-2083       294,914       478 MB
==========================================  ============  ==========

hence :func:`estimate_memory_mb`: :data:`BASE_MB` plus :data:`MB_PER_FIRM` per firm at the
peak, the peak being the initial firms times ``1 + ENTRY_GROWTH x regions x years`` (3.4 and
49 times the initial firms in the last two rows; the formula gives 3.8 and 46). A scenario whose
estimate exceeds the memory the machine has available is refused before it starts (a
:class:`~nqpf.sim.config.ScenarioError`, exit code 2) instead of failing with MemoryError
after minutes.
"""

from __future__ import annotations

from nqpf.sim.config import Scenario, ScenarioError

BASE_MB = 200.0
"""Peak memory of a run with few firms: the interpreter, NumPy, pandas, Mesa and the data [MB]."""
MB_PER_FIRM = 0.001
"""Memory per firm at the peak (arrays, the Mesa view, the records) [MB/firm]."""
ENTRY_GROWTH = 0.0015
"""Growth of the firm count by entry per region and simulated year [1/(region x year)]."""


def estimate_memory_mb(scenario: Scenario) -> float:
    """Estimated peak memory of one run of ``scenario`` [MB]."""
    if not scenario.economy.enabled:
        return BASE_MB
    world = scenario.world
    if world.geography == "china31":
        regions = 31
    elif world.geography == "custom":
        regions = len(world.regions)
    else:
        regions = int(world.geography.split(":")[1])
    years = world.end_year - world.start_year
    peak_firms = scenario.economy.initial_firms * (1.0 + ENTRY_GROWTH * regions * years)
    return BASE_MB + MB_PER_FIRM * peak_firms


def available_memory_mb() -> float | None:
    """Memory available to a new process now [MB] (Linux ``MemAvailable``), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        return None
    return None


def check_memory(scenario: Scenario, available: float | None = None) -> float:
    """The estimate; :class:`ScenarioError` when it exceeds the available memory."""
    need = estimate_memory_mb(scenario)
    have = available_memory_mb() if available is None else available
    if have is not None and need > have:
        raise ScenarioError(
            f"scenario '{scenario.name}' needs about {need / 1024:.1f} GB of memory "
            f"(economy.initial_firms = {scenario.economy.initial_firms}, "
            f"{scenario.world.geography}, {scenario.world.start_year}-{scenario.world.end_year}); "
            f"this machine has {have / 1024:.1f} GB available. Lower economy.initial_firms, the "
            "number of regions or world.end_year."
        )
    return need


__all__ = ["available_memory_mb", "check_memory", "estimate_memory_mb"]

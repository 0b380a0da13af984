"""The sums over firms that the yearly records read (:mod:`nqpf.sim.outputs.metrics`), each made
at most once a year: by region, by industry, by region-industry cell.

The NumPy reference is the properties below (each computed when first read, so a record that
leaves out a table does not pay for its sums). Where the compiled kernels run
(``compiled_path.py``), ``records.firm_totals`` makes all of them in one pass over the firms,
the same numbers bit for bit (``sim/economics/compiled_records.py``).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.region import aggregate_wage
from nqpf.sim.economics import compiled_path

if TYPE_CHECKING:
    from nqpf.sim.world import World

COMPILED = (
    "assets_by_region",
    "capacity_by_region",
    "output_by_region",
    "labor_by_region",
    "firms_by_region",
    "used_capital",
    "capacity_by_cell",
    "firms_by_cell",
    "firms_by_industry",
    "zombies_by_industry",
)
"""The kernel's results in its order (then the number of zombies)."""


class FirmTotals:
    """The firms' sums of one year's records (the world's firms as they are now)."""

    def __init__(self, w: World) -> None:
        self._w = w
        f = w.firms
        kernel = compiled_path.compiled("records.firm_totals")
        if kernel is not None and f.n:  # all sums in one pass, set before any property runs
            *sums, zombies = kernel(
                f.region,
                f.industry,
                f.capital,
                f.pipeline,
                f.capacity,
                f.output,
                f.labor,
                f.zombie,
                w.n_regions,
                w.n_industries,
            )
            vars(self).update(zip(COMPILED, sums, strict=True))
            self.zombie_share = zombies / f.n  # what zombie.mean() gives (an exact float sum)
            self._compiled = True
        else:
            self._compiled = False

    def _by_region(self, weights: np.ndarray | None) -> np.ndarray:
        f = self._w.firms
        return np.bincount(f.region, weights=weights, minlength=self._w.n_regions)

    def _by_cell(self, weights: np.ndarray | None) -> np.ndarray:
        w = self._w
        cells = w.firms.cells(w.n_industries)
        return np.bincount(cells, weights=weights, minlength=w.n_regions * w.n_industries)

    @cached_property
    def assets_by_region(self) -> np.ndarray:
        """Firms' assets (installed and under construction) by region [bn yuan]."""
        return self._by_region(self._w.firms.assets)

    @cached_property
    def capacity_by_region(self) -> np.ndarray:
        return self._by_region(self._w.firms.capacity)

    @cached_property
    def output_by_region(self) -> np.ndarray:
        return self._by_region(self._w.firms.output)

    @cached_property
    def labor_by_region(self) -> np.ndarray:
        return self._by_region(self._w.firms.labor)

    @cached_property
    def firms_by_region(self) -> np.ndarray:
        return self._by_region(None)

    @cached_property
    def used_capital(self) -> np.ndarray:
        """Each firm's installed capital x its output / capacity (at most 1; 0 without
        capacity) [bn yuan]: its capital services."""
        f = self._w.firms
        used = np.divide(f.output, f.capacity, out=np.zeros(f.n), where=f.capacity > 0)
        return f.capital * np.minimum(used, 1.0)

    @cached_property
    def capacity_by_cell(self) -> np.ndarray:
        """Capacity by region-industry cell, region-major (``costs.cell_capacity`` flat)."""
        return self._by_cell(self._w.firms.capacity)

    @cached_property
    def firms_by_cell(self) -> np.ndarray:
        return self._by_cell(None)

    @cached_property
    def firms_by_industry(self) -> np.ndarray:
        w = self._w
        return np.bincount(w.firms.industry, minlength=w.n_industries)

    @cached_property
    def zombies_by_industry(self) -> np.ndarray:
        f = self._w.firms
        weights = f.zombie.astype(float)
        return np.bincount(f.industry, weights=weights, minlength=self._w.n_industries)

    @cached_property
    def zombie_share(self) -> float:
        f = self._w.firms
        return float(f.zombie.mean()) if f.n else 0.0

    def wage(self, alpha: float) -> np.ndarray:
        """The aggregate sector's wage by region (:func:`nqpf.agents.region.aggregate_wage`);
        on the compiled path its arithmetic on the firms' labour summed here."""
        w = self._w
        if not self._compiled:
            return aggregate_wage(w, alpha)
        reg = w.regions
        l_agg = np.maximum(reg.labor - self.labor_by_region, 1e-9)
        y = np.where(reg.aggregate_output > 0, reg.aggregate_output, reg.gdp)
        return (1 - alpha) * y / l_agg

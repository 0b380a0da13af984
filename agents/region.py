"""Regions: one per province (or drawn region). State as arrays; ``Region`` is a view on one row."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nqpf.agents.base import RegionRowAgent


@dataclass(slots=True)
class RegionGeography:
    """What does not change during a run: names, groupings and the spatial structure."""

    name: list[str]
    """Region keys (English names for china31)."""
    name_zh: list[str]
    """Chinese names (the English key where none is known)."""
    macro_region: list[str]
    """east | central | west | northeast (NBS grouping)."""
    sci_tech_class: list[str]
    """I | II | III | IV, the science-and-technology classes of seed 001, section 2(2)."""
    lat: np.ndarray
    """Latitude of the capital city [degrees]."""
    lon: np.ndarray
    """Longitude of the capital city [degrees]."""
    neighbors: np.ndarray
    """Land-border adjacency, boolean R x R, symmetric, false on the diagonal."""
    distance_km: np.ndarray
    """Great-circle distance between capital cities, R x R [km]."""

    @property
    def n(self) -> int:
        return len(self.name)

    def index(self, name: str) -> int:
        """Row index of a region by key; ValueError naming the allowed keys otherwise."""
        try:
            return self.name.index(name)
        except ValueError:
            raise ValueError(f"unknown region {name!r}; known regions: {', '.join(self.name)}") from None


@dataclass(slots=True)
class RegionState:
    """Dynamic regional stocks and flows, one entry per region (index = region id).

    Monetary quantities are in billions of yuan at constant start-year prices.
    """

    population: np.ndarray
    """Resident population [million persons]."""
    labor: np.ndarray
    """Employed labour L_r [million workers]."""
    capital: np.ndarray
    """Capital stock K_r of the regional aggregate sector [bn yuan]."""
    tfp: np.ndarray
    """Structural total factor productivity A_r [index, start-year data-implied level]."""
    tfp_next: np.ndarray
    """A_r for next year, set by the technology phase [index]."""
    own_tfp_growth: np.ndarray
    """Exogenous TFP growth g_r [1/year]."""
    absorptive_capacity: np.ndarray
    """Absorptive capacity h_r in [0, 1] (scales Nelson-Phelps catch-up) [-]."""
    rd_intensity: np.ndarray
    """R&D spending / GDP [% of GDP]."""
    gdp: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Value added Y_r in the current year [bn yuan/year]."""
    investment: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Gross fixed investment I_r in the current year, installed next year [bn yuan/year].
    With the agent economy: the aggregate sector's investment (firms' is in the firm arrays)."""
    aggregate_output: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Value added of the aggregate (non-firm) sector [bn yuan/year]."""
    talent: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Skilled workers (college-educated), part of labour [million]."""
    rd_share_aggregate: np.ndarray = field(default=None)  # type: ignore[assignment]
    """R&D spending of the aggregate sector per unit of its output [share]."""
    recovered_capital: np.ndarray = field(default=None)  # type: ignore[assignment]
    """Capital of exiting firms resold to the aggregate sector this year, installed next year [bn yuan]."""

    def __post_init__(self) -> None:
        n = len(self.population)
        for name in ("gdp", "investment", "aggregate_output", "talent", "rd_share_aggregate",
                     "recovered_capital"):
            if getattr(self, name) is None:
                setattr(self, name, np.zeros(n))


class Region(RegionRowAgent):
    """A province: a view on row ``index`` of the model's region arrays (no state of its own)."""

    @property
    def name(self) -> str:
        return self.model.geography.name[self.index]

    @property
    def macro_region(self) -> str:
        return self.model.geography.macro_region[self.index]

    @property
    def sci_tech_class(self) -> str:
        return self.model.geography.sci_tech_class[self.index]

    @property
    def population(self) -> float:
        """Resident population [million persons]."""
        return float(self.model.regions.population[self.index])

    @property
    def gdp(self) -> float:
        """Value added this year [bn yuan]."""
        return float(self.model.regions.gdp[self.index])

    @property
    def capital(self) -> float:
        """Capital stock [bn yuan]."""
        return float(self.model.regions.capital[self.index])

    @property
    def tfp(self) -> float:
        """Structural TFP A_r [index]."""
        return float(self.model.regions.tfp[self.index])

    def __repr__(self) -> str:
        return f"Region({self.name!r}, gdp={self.gdp:.1f} bn yuan)"

"""Local governments (one per region) and the central government.

Local state is held in ``GovernmentArrays`` (index = region); ``LocalGovernment`` agents are views.
Their decisions (priorities by strategy, budgets, subsidies, bailouts) are made in
``sim/strategies.py`` and the fiscal phase of ``sim/economy.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from nqpf.agents.base import RegionRowAgent


@dataclass(slots=True)
class GovernmentArrays:
    """Local governments' state; index = region."""

    strategy: np.ndarray
    """Strategy mode of each government (str array: tailored|herding|mixed|tournament)."""
    herding_propensity: np.ndarray
    """Weight psi_r on copying leaders and hot industries [0-1]."""
    priorities: np.ndarray
    """Priority industries, boolean (regions x industries)."""
    fit: np.ndarray
    """Last fit scores of every industry, (regions x industries) [z-score]."""
    debt: np.ndarray
    """Local government debt, including financing vehicles [bn yuan]."""
    revenue: np.ndarray
    """Policy budget this year (own revenue plus net transfers) [bn yuan/year]."""
    spending: np.ndarray
    """Policy spending this year (subsidies, talent, universities, bailouts, interest) [bn yuan/year]."""
    subsidies: np.ndarray
    """Subsidies paid to firms this year (investment, R&D, zombie support) [bn yuan/year]."""
    talent_subsidy: np.ndarray
    """Talent subsidy per skilled worker [thousand yuan/person/year]."""
    gdp_at_plan: np.ndarray
    """GDP in the last plan year (for the tournament's growth ranking) [bn yuan]."""


class LocalGovernment(RegionRowAgent):
    """A provincial government: a view on row ``index`` of ``model.governments``."""

    @property
    def strategy(self) -> str:
        return str(self.model.governments.strategy[self.index])

    @property
    def priorities(self) -> list[str]:
        keys = self.model.industries.keys
        return [keys[s] for s in np.flatnonzero(self.model.governments.priorities[self.index])]

    @property
    def debt(self) -> float:
        """Local government debt [bn yuan]."""
        return float(self.model.governments.debt[self.index])

    def fit_scores(self) -> dict[str, float]:
        """Fit of every industry to the region, as last scored in a plan year [z-score]."""
        keys = self.model.industries.keys
        return {k: float(v) for k, v in zip(keys, self.model.governments.fit[self.index])}

    def __repr__(self) -> str:
        return f"LocalGovernment({self.region!r}, {self.strategy})"


class CentralGovernment(mesa.Agent):
    """The central government: applies the national rules of ``scenario.central`` each year."""

    def __init__(self, model: mesa.Model, n_industries: int) -> None:
        super().__init__(model)
        self.controlled = np.zeros(n_industries, dtype=bool)
        """Industries under capacity controls this year."""
        self.spending = 0.0
        """Central spending this year on capacity-retirement compensation [bn yuan]."""

    def update_rules(self, utilization: np.ndarray) -> None:
        """Phase 1: switch capacity controls on for industries whose utilisation fell too low."""
        rules = self.model.scenario.central
        self.controlled = (utilization < rules.capacity_threshold) if rules.capacity_controls \
            else np.zeros_like(self.controlled)

"""Universities (one per region): funding, research, graduates and technology transfer.

Funding comes from the local government's university budget and a base from the region's
education spending; research output accumulates into a knowledge stock that raises regional
innovation; graduates join the region's talent pool; field strengths (regions x industries)
raise the productivity growth of firms in matching industries (产学研 cooperation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.base import RegionRowAgent

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

BASE_FUNDING_SHARE = 0.004
"""Universities' base funding from regional education spending, about 0.4 % of GDP
(higher-education spending) [share of GDP] (assumption, not checked against the education
statistics; the whole public education budget is held at no less than 4 % of GDP, of which
higher education is a part)."""
KNOWLEDGE_DEPRECIATION = 0.1
"""Share of the knowledge stock that becomes obsolete each year [1/year] (assumption: below the
15 % a year usual for business R&D capital, since basic knowledge ages more slowly)."""
KNOWLEDGE_RETENTION = 0.9
"""1 - ``KNOWLEDGE_DEPRECIATION``: share of the knowledge stock kept each year [-]."""
MAX_TALENT_SHARE = 0.8
"""Most of a region's workers that can be skilled [share] (assumption: a ceiling that keeps the
share a share; far above any province's share of graduates)."""


@dataclass(slots=True)
class UniversityArrays:
    """Universities' state; index = region."""

    funding: np.ndarray
    """Funding this year [bn yuan/year]."""
    knowledge: np.ndarray
    """Knowledge stock from accumulated research [bn yuan of research, depreciating 10 %/year]."""
    strength: np.ndarray
    """Field strength by industry (regions x industries), mean 1 [index]."""
    graduates: np.ndarray
    """Graduates this year [million persons/year]."""


class University(RegionRowAgent):
    """A region's university system: a view on row ``index`` of ``model.universities``."""

    @property
    def funding(self) -> float:
        return float(self.model.world.universities.funding[self.index])

    @property
    def graduates(self) -> float:
        """Graduates this year [million]."""
        return float(self.model.world.universities.graduates[self.index])

    @property
    def knowledge(self) -> float:
        """Knowledge stock [bn yuan of research]."""
        return float(self.model.world.universities.knowledge[self.index])

    def strongest_fields(self, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` fields (industries) where the region's universities are strongest, with their
        strength [index, mean 1]."""
        keys = self.model.world.industries.keys
        row = self.model.world.universities.strength[self.index]
        return [(keys[s], float(row[s])) for s in np.argsort(-row)[:n]]

    def summary(self) -> dict[str, object]:
        """Funding [bn yuan/year], graduates [million/year], knowledge and strongest fields."""
        return {
            "funding": self.funding,
            "graduates": self.graduates,
            "knowledge": self.knowledge,
            "strongest": self.strongest_fields(),
        }


def produce_research_and_graduates(w: World, sc: Scenario) -> None:
    """3. Universities are funded, add research to knowledge and train graduates.

    ``funding_r = 0.004 Y_r + university budget_r``; ``knowledge' = 0.9 knowledge + funding``;
    graduates = ``talent.graduate_rate x L_r x`` relative funding intensity; skilled workers
    ``T' = min(T + graduates - attrition T, 0.8 L)``.
    """
    u, reg, tal = w.universities, w.regions, sc.talent
    u.funding = BASE_FUNDING_SHARE * reg.gdp_nominal + w.flows.university_budget
    u.knowledge = KNOWLEDGE_RETENTION * u.knowledge + u.funding
    intensity = (u.funding / reg.gdp_nominal) / (u.funding.sum() / reg.gdp_nominal.sum())
    u.graduates = tal.graduate_rate * reg.labor * intensity
    skilled = reg.talent + u.graduates - tal.attrition * reg.talent
    reg.talent = np.minimum(skilled, MAX_TALENT_SHARE * reg.labor)

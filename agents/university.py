"""Universities (one per region): funding, research, graduates and technology transfer.

Funding comes from the local government's university budget and a base from the region's
education spending; research output accumulates into a knowledge stock that raises regional
innovation; graduates join the region's talent pool; field strengths (regions x industries)
raise the productivity growth of firms in matching industries (产学研 cooperation).
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from nqpf.agents.base import RegionRowAgent


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
        return float(self.model.universities.funding[self.index])

    @property
    def graduates(self) -> float:
        """Graduates this year [million]."""
        return float(self.model.universities.graduates[self.index])

    def strongest_fields(self, n: int = 3) -> list[str]:
        keys = self.model.industries.keys
        order = np.argsort(-self.model.universities.strength[self.index])[:n]
        return [keys[s] for s in order]


"""Shared base of the agents that are views on one region's row of an array table."""

from __future__ import annotations

import mesa


class RegionRowAgent(mesa.Agent):
    """An agent that owns no state: it reads row ``index`` (its region) of arrays held by the model.

    Regions, local governments, regional banks and universities are all such views, so that the
    numbers live once, in arrays the phases update in one vectorised pass.
    """

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def region(self) -> str:
        """Key of the region this agent belongs to."""
        return self.model.world.geography.name[self.index]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.region!r})"

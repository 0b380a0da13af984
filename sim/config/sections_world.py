"""Scenario sections for where and when: the geography, the years and explicit regions.

``[world]`` chooses the geography (the 31 provinces from shipped data, N synthetic regions, or
regions listed one by one under ``[[world.regions]]``) and the simulated years.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator, model_validator

from nqpf.sim.config.params import StrictModel, param

SETTING = "setting: the user's region; the default is a placeholder, not an estimate"
"""The source of every field of a custom region."""


class RegionSpec(StrictModel):
    """One region given explicitly (``geography = "custom"``): used by textbook scenarios.

    Every field is the user's setting; the defaults are placeholders of the size of a small
    province (10 million people), not estimates.
    """

    name: str = param(
        "Region", unit="-", meaning="region name, unique within the scenario", source=SETTING
    )

    @field_validator("name")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("a region's name must have text other than blanks")
        return name

    population: float = param(
        10.0, unit="million persons", meaning="initial resident population", gt=0, source=SETTING
    )
    capital: float = param(
        30.0, unit="bn yuan", meaning="initial capital stock", gt=0, source=SETTING
    )
    tfp: float = param(
        1.0, unit="index", meaning="initial structural TFP A_r", gt=0, source=SETTING
    )
    tfp_growth: float | None = param(
        None,
        unit="1/year",
        meaning="own exogenous TFP growth (default: solow.tfp_growth)",
        ge=-0.05,
        le=0.1,
        source=SETTING,
    )
    absorptive_capacity: float | None = param(
        None,
        unit="index (0-1)",
        meaning="absorptive capacity h_r (default: from rd_intensity)",
        ge=0,
        le=1,
        source=SETTING,
    )
    rd_intensity: float = param(
        2.0, unit="% of GDP", meaning="R&D spending / GDP", ge=0, le=20, source=SETTING
    )
    macro_region: Literal["east", "central", "west", "northeast"] = param(
        "east", unit="-", meaning="macro-region", source=SETTING
    )
    sci_tech_class: Literal["I", "II", "III", "IV"] = param(
        "II",
        unit="-",
        meaning="science-and-technology class (seed 001, section 2(2))",
        source=SETTING,
    )
    lat: float = param(
        30.0,
        unit="degrees",
        meaning="latitude of the capital city",
        ge=-90,
        le=90,
        source=SETTING,
    )
    lon: float = param(
        110.0,
        unit="degrees",
        meaning="longitude of the capital city",
        ge=-180,
        le=180,
        source=SETTING,
    )


MAX_REGIONS = 500
"""Most regions a scenario may have (``synthetic:N`` and ``custom``): memory and time grow with
regions x industries x firms; 500 regions run in about the memory of a laptop."""


def synthetic_region_names(n: int) -> list[str]:
    """Names of the regions of ``geography = "synthetic:N"``: R01, R02, ..."""
    return [f"R{i + 1:02d}" for i in range(n)]


class World(StrictModel):
    """Where and when: geography, start and end year."""

    geography: str = param(
        "china31",
        unit="-",
        meaning="'china31' (31 provinces from shipped data), 'synthetic:N' (N drawn regions) "
        "or 'custom' (the regions listed under [[world.regions]])",
        source="setting: the shipped data of the 31 provinces (china31) by default; "
        "synthetic:N and custom geographies serve teaching and the scaling benchmarks",
    )
    start_year: int = param(
        2023,
        unit="year",
        meaning="first simulated year (china31: a data year 2011-2023)",
        ge=1900,
        le=2200,
        source="setting: 2023, the latest year of the shipped provincial panel, so the start "
        "state is data",
    )
    end_year: int = param(
        2050,
        unit="year",
        meaning="last simulated year",
        ge=1900,
        le=3000,
        source="setting: 2050, the mid-century horizon of national planning; figures past the "
        "2030s are scenarios, not forecasts",
    )
    regions: list[RegionSpec] = param(
        [],
        unit="-",
        meaning="explicit regions for geography = 'custom'",
        source="setting: read only with geography = 'custom' (the textbook scenarios); every "
        "field below is the user's",
    )

    @field_validator("geography")
    @classmethod
    def _geography_known(cls, value: str) -> str:
        if value in ("china31", "custom"):
            return value
        m = re.fullmatch(r"synthetic:(\d+)", value)
        if m and 1 <= int(m.group(1)) <= MAX_REGIONS:
            return value
        raise ValueError(
            f"unknown geography {value!r}; allowed: 'china31', 'custom', or 'synthetic:N' "
            f"with 1 <= N <= {MAX_REGIONS}"
        )

    @model_validator(mode="after")
    def _years_and_regions(self) -> World:
        if self.end_year < self.start_year:
            raise ValueError(
                f"world.end_year ({self.end_year}) is before world.start_year "
                f"({self.start_year}). Allowed: an end year >= {self.start_year}"
            )
        if self.geography == "china31" and not 2011 <= self.start_year <= 2023:
            raise ValueError(
                f"world.start_year ({self.start_year}) has no shipped data for world.geography "
                "'china31'. Allowed: a start year 2011-2023 (the years of the provincial panel)"
            )
        if self.geography == "custom":
            if not self.regions:
                raise ValueError("geography = 'custom' needs at least one [[world.regions]] entry")
            if len(self.regions) > MAX_REGIONS:
                raise ValueError(
                    f"geography = 'custom' lists {len(self.regions)} regions; at most "
                    f"{MAX_REGIONS} are allowed"
                )
            names = [r.name for r in self.regions]
            if len(set(names)) != len(names):
                raise ValueError(f"region names must be unique, got {names}")
        elif self.regions:
            raise ValueError(
                f"[[world.regions]] is only read with geography = 'custom' (got {self.geography!r})"
            )
        return self

    def region_names(self) -> list[str]:
        """The regions' names in model order: the shipped provinces (china31), the listed
        regions (custom) or R01.. (synthetic:N)."""
        if self.geography == "china31":
            from nqpf.sim.data.provinces import region_keys

            return list(region_keys())
        if self.geography == "custom":
            return [r.name for r in self.regions]
        return synthetic_region_names(int(self.geography.split(":")[1]))

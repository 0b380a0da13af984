"""A model's start state from the shipped data: one row per region for the start year.

The engine's china31 geography reads :func:`start_state` (population, GDP, capital stock, R&D,
budget spending, capital coordinates and land neighbours of the 31 regions), in the yearbooks'
units; converting them to model units is the set-up's job.
"""

from __future__ import annotations

import numbers
from typing import Final

import pandas as pd

from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.panel import PANEL_FILE, check_complete, complete_years, load_panel
from nqpf.sim.data.provinces import load_provinces

__all__ = ["START_STATE_COLUMNS", "start_state"]

START_STATE_COLUMNS: Final[tuple[str, ...]] = (
    "region",
    "name_zh",
    "macro_region",
    "sci_tech_class",
    "lat",
    "lon",
    "neighbors",
    "population_10k",
    "gdp_nominal_100m_yuan",
    "capital_current_100m_yuan",
    "rd_spending_100m_yuan",
    "rd_intensity_pct",
    "patents_granted",
    "budget_education_100m_yuan",
    "budget_sci_tech_100m_yuan",
)
"""Columns of :func:`start_state`, in order."""


def start_state(year: int) -> pd.DataFrame:
    """Initial regional state for a model starting in ``year``, from the shipped files.

    Parameters
    ----------
    year : int
        A year in :func:`panel_years` (2011..2023 for the shipped panel).

    Returns
    -------
    pandas.DataFrame
        One row per region (provinces-file order, i.e. admin code), columns
        :data:`START_STATE_COLUMNS`:

        ==============================  ==============================================  ==========
        column                          meaning                                         unit
        ==============================  ==============================================  ==========
        region, name_zh                 English key, Chinese name                       --
        macro_region, sci_tech_class    NBS macro-region; seed-001 S&T class            --
        lat, lon                        capital city                                    degrees
        neighbors                       land neighbours (tuple of region keys)          --
        population_10k                  year-end resident population                    10k persons
        gdp_nominal_100m_yuan           GRP, current prices                             100m yuan
        capital_current_100m_yuan       PIM capital stock revalued to ``year`` prices   100m yuan
        rd_spending_100m_yuan           R&D expenditure                                 100m yuan
        rd_intensity_pct                R&D expenditure / GRP (yearbook)                percent
        patents_granted                 patents granted, all types                      count
        budget_education_100m_yuan      general public budget: education                100m yuan
        budget_sci_tech_100m_yuan       general public budget: science & technology     100m yuan
        ==============================  ==============================================  ==========

        All values are for the end of (stocks) or during (flows) ``year``.

    Raises
    ------
    DataFileError
        If ``year`` is not an integer in :func:`panel_years` (the message gives the allowed
        range), or if a shipped file is invalid.
    """
    # the panel is read and validated once; the checks are those of panel_years() and of
    # load_panel(required_years=...), in the same order
    panel = load_panel()
    allowed = complete_years(panel, PANEL_FILE)
    allowed_text = f"{allowed.start}..{allowed.stop - 1}"
    if isinstance(year, bool) or not isinstance(year, numbers.Integral) or year not in allowed:
        raise DataFileError(
            PANEL_FILE,
            f"start year {year!r} has no complete data",
            column="year",
            allowed=f"an integer year in {allowed_text}",
        )
    provinces = load_provinces()
    year = int(year)
    check_complete(panel, PANEL_FILE, range(year, year + 1), tuple(provinces["region"]))
    rows = panel[panel["year"] == year].drop(columns=["year"])
    merged = provinces.merge(rows, on="region", how="left", validate="one_to_one")
    return merged[list(START_STATE_COLUMNS)].reset_index(drop=True)

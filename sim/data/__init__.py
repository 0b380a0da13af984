"""Data shipped with the engine, and the loaders that validate it.

Files in this folder (sources, licences and transformations in ``README.md`` here):

==========================  ==================================================================
``provinces.csv``           the 31 mainland provincial-level regions: keys, names, admin codes,
                            macro-regions, S&T classes, capital coordinates, land neighbours
``panel.csv``               one row per (region, year), 2000..2023: population, GDP, capital,
                            R&D, patents, budget spending, in the yearbooks' units
``china_provinces.geojson`` province outlines (drawn by the dashboard)
``industries.toml``         the 14 modelled industries and their parameters
``wpp2024_*.csv``           UN WPP 2024 for China: population and the 15-64 share
``licenses/``               the upstream licence texts
==========================  ==================================================================

Modules: :mod:`.provinces` (``provinces.csv``, the outlines' path), :mod:`.panel` (``panel.csv``,
complete years), :mod:`.initial_state` (a start year's state for the model), :mod:`.industries`
(the industry table), :mod:`.demography` (the national population path), :mod:`.errors` (:class:`DataFileError`: file, line, column, region, year and
what is allowed) and :mod:`.csv_cells` (cell-by-cell CSV checks shared with the calibration).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.initial_state import START_STATE_COLUMNS, start_state
from nqpf.sim.data.panel import CORE_COLUMNS, PANEL_COLUMNS, PANEL_FILE, load_panel, panel_years
from nqpf.sim.data.provinces import GEOJSON_FILE, PROVINCES_FILE, load_provinces

__all__ = [
    "CORE_COLUMNS",
    "DATA_DIR",
    "GEOJSON_FILE",
    "PANEL_COLUMNS",
    "PANEL_FILE",
    "PROVINCES_FILE",
    "START_STATE_COLUMNS",
    "DataFileError",
    "load_panel",
    "load_provinces",
    "panel_years",
    "start_state",
]

DATA_DIR: Final[Path] = Path(__file__).resolve().parent
"""Folder of the shipped data files."""

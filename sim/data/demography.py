"""China's national population path: the shipped data before the projection, UN WPP 2024 after.

Files (sources, licence CC BY 3.0 IGO and transformations in ``README.md`` here):
``wpp2024_china_population_annual.csv`` (medium variant, population on 1 January, 2025..2101,
thousand persons) and ``wpp2024_china_working_age_5yearly.csv`` (estimates 1950..2020 and the
median projection 2025..2100, about 1 July, with the 15-64 share).

Timing. The model's population of year Y is the year-end figure (as in the panel), which is the
UN's 1 January of Y + 1. The 5-yearly rows are mid-year (time ``year + 0.5``). Totals between
points are interpolated log-linearly, the 15-64 share linearly, both at time ``Y + 1``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import numpy as np

from nqpf.sim.data.csv_cells import numeric_column, read_text_csv, require_columns, year_column
from nqpf.sim.data.errors import DataFileError

__all__ = [
    "WPP_AGE_FILE",
    "WPP_TOTAL_FILE",
    "national_population",
    "projection_years",
    "wpp_working_age",
    "wpp_working_age_share",
    "wpp_year_end_population",
]

_HERE = Path(__file__).resolve().parent
WPP_TOTAL_FILE: Final[Path] = _HERE / "wpp2024_china_population_annual.csv"
WPP_AGE_FILE: Final[Path] = _HERE / "wpp2024_china_working_age_5yearly.csv"


@lru_cache(maxsize=4)
def _points(total_path: Path = WPP_TOTAL_FILE, age_path: Path = WPP_AGE_FILE) -> dict:
    """Validated time points: total population [thousand] and 15-64 share [-] by fractional year."""
    total = read_text_csv(total_path)
    require_columns(total, total_path, ["year", "pop_1jan_thousands"])
    t_years = np.array(year_column(total, total_path), dtype=float)
    t_pop = numeric_column(
        total, total_path, "pop_1jan_thousands", allowed="a positive number", required=True
    ).to_numpy()
    age = read_text_csv(age_path)
    require_columns(age, age_path, ["year", "series", "pop_total_thousands", "share_15_64"])
    a_years = np.array(year_column(age, age_path), dtype=float) + 0.5
    a_pop = numeric_column(
        age, age_path, "pop_total_thousands", allowed="a positive number", required=True
    ).to_numpy()
    share = numeric_column(
        age, age_path, "share_15_64", allowed="a share between 0 and 1", required=True
    ).to_numpy()
    if (share <= 0).any() or (share >= 1).any():
        raise DataFileError(
            age_path,
            "15-64 share outside (0, 1)",
            column="share_15_64",
            allowed="a share between 0 and 1",
        )
    if (t_pop <= 0).any() or (a_pop <= 0).any():
        raise DataFileError(total_path, "population not positive", allowed="a positive number")
    # totals: the 5-yearly estimates before the annual projection, then the annual 1 January values
    before = a_years < t_years.min()
    time = np.concatenate([a_years[before], t_years])
    pop = np.concatenate([a_pop[before], t_pop])
    return {"time": time, "pop": pop, "share_time": a_years, "share": share}


def projection_years() -> range:
    """Year-end years the shipped files cover (interpolation only, no extrapolation)."""
    p = _points()
    first = int(np.ceil(max(p["time"].min(), p["share_time"].min()) - 1.0))
    last = int(np.floor(min(p["time"].max(), p["share_time"].max()) - 1.0))
    return range(first, last + 1)


def _check(years: np.ndarray) -> None:
    span = projection_years()
    bad = [int(y) for y in years if int(y) not in span]
    if bad:
        raise ValueError(
            f"year {bad[0]} is outside the shipped population projection (year-end {span.start}.."
            f"{span.stop - 1}, files {WPP_TOTAL_FILE.name}, {WPP_AGE_FILE.name})"
        )


def wpp_year_end_population(years) -> np.ndarray:
    """WPP 2024 population at the end of each year (1 January of the next) [million persons]."""
    y = np.asarray(years, dtype=float)
    _check(y)
    p = _points()
    return np.exp(np.interp(y + 1.0, p["time"], np.log(p["pop"]))) / 1000.0


def wpp_working_age_share(years) -> np.ndarray:
    """Share of 15-64 year-olds in the population at the end of each year [-]."""
    y = np.asarray(years, dtype=float)
    _check(y)
    p = _points()
    return np.interp(y + 1.0, p["share_time"], p["share"])


def wpp_working_age(years) -> np.ndarray:
    """WPP 2024 population aged 15-64 at the end of each year [million persons]."""
    return wpp_year_end_population(years) * wpp_working_age_share(years)


def national_population(years, panel_total: dict[int, float]) -> np.ndarray:
    """The model's national population path [million persons].

    ``panel_total`` maps the data's years to the 31 regions' sum [million]; those years use it.
    A later year continues the last data year by the projection's growth,
    ``P_Y = P_last x WPP_Y / WPP_last``; an earlier year goes back from the first data year by
    WPP's estimates the same way. Without data, the WPP level itself.
    """
    years = [int(y) for y in years]
    if not panel_total:
        return wpp_year_end_population(years)
    first, last = min(panel_total), max(panel_total)
    out = []
    for y in years:
        if y in panel_total:
            out.append(panel_total[y])
            continue
        anchor = last if y > last else first if y < first else None
        if anchor is None:
            raise ValueError(f"the population data have no year {y} between {first} and {last}")
        ratio = wpp_year_end_population([y, anchor])
        out.append(panel_total[anchor] * ratio[0] / ratio[1])
    return np.array(out)

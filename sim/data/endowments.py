"""Provincial endowments: renewable resources, universities and sea coast (``endowments.csv``).

One row per region in ``provinces.csv`` order (sources, licences and transformations in
``README.md``, section "Endowments"; built by ``tools/build_industrial_base.py``):

==============================  ======================================================  ========
column                          meaning                                                 unit
==============================  ======================================================  ========
solar_pv_capacity_factor        utility PV annual mean capacity factor (GCAM-China)     share
wind_potential_twh_per_year     onshore wind supply-curve maximum (GCAM-China)          TWh/yr
universities                    regular higher-education institutions, 15 June 2023     count
coastal                         1 if the province has a sea coast, else 0               0/1
==============================  ======================================================  ========
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.sim.data.csv_cells import numeric_column, read_text_csv, require_columns
from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.provinces import load_provinces

__all__ = ["ENDOWMENT_COLUMNS", "ENDOWMENTS_FILE", "load_endowments"]

ENDOWMENTS_FILE: Final[Path] = Path(__file__).resolve().parent / "endowments.csv"
ENDOWMENT_COLUMNS: Final[dict[str, str]] = {
    "solar_pv_capacity_factor": "a capacity factor in [0, 1]",
    "wind_potential_twh_per_year": "a number >= 0 [TWh/yr]",
    "universities": "a count >= 0",
    "coastal": "0 or 1",
}
"""Column -> what is allowed in it."""


@lru_cache(maxsize=2)
def load_endowments(path: Path = ENDOWMENTS_FILE) -> pd.DataFrame:
    """The endowments, index = region key, columns :data:`ENDOWMENT_COLUMNS`.

    Raises
    ------
    DataFileError
        Naming the file, line, column and region of a bad cell, or a region that is missing,
        unknown or repeated.
    """
    df = read_text_csv(path)
    require_columns(df, path, ("region", *ENDOWMENT_COLUMNS))
    known = list(load_provinces()["region"])
    if sorted(df["region"]) != sorted(known):
        missing = sorted(set(known) - set(df["region"]))
        extra = sorted(set(df["region"]) - set(known))
        raise DataFileError(
            path,
            f"regions differ from provinces.csv (missing {missing}, unknown or repeated {extra})",
            column="region",
            allowed="each region key of provinces.csv once",
        )
    out = pd.DataFrame(
        {
            c: numeric_column(df, path, c, allowed=allowed, regions=df["region"], required=True)
            for c, allowed in ENDOWMENT_COLUMNS.items()
        }
    )
    out.index = pd.Index(df["region"], name="region")
    for column, upper in (("solar_pv_capacity_factor", 1.0), ("coastal", 1.0)):
        bad = out[(out[column] > upper) | ((column == "coastal") & (out[column] % 1 != 0))]
        if len(bad):
            raise DataFileError(
                path,
                f"value {bad[column].iloc[0]} out of range",
                column=column,
                region=str(bad.index[0]),
                allowed=ENDOWMENT_COLUMNS[column],
            )
    return out

"""The 31 mainland provincial-level regions: ``provinces.csv`` and the map outlines.

``provinces.csv`` has one row per region (31): ``region`` key, ``name_zh``, ``admin_code``
(GB/T 2260), ``macro_region`` (NBS: east / central / west / northeast), ``sci_tech_class``
(seed 001 §2(2): I / II / III / IV), ``capital_city``, ``lat`` / ``lon`` (capital, decimal
degrees), ``neighbors`` (``;``-separated keys of land neighbours). ``china_provinces.geojson``
holds the outlines the dashboard draws (``properties.region`` is the key). Sources, licences and
transformations: ``sim/data/README.md``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

import pandas as pd

from nqpf.sim.data.csv_cells import (
    csv_line,
    file_version,
    numeric_column,
    read_text_csv,
    require_columns,
)
from nqpf.sim.data.errors import DataFileError

__all__ = [
    "GEOJSON_FILE",
    "LAT_RANGE",
    "LON_RANGE",
    "MACRO_REGIONS",
    "N_REGIONS",
    "PROVINCE_COLUMNS",
    "PROVINCES_FILE",
    "SCI_TECH_CLASSES",
    "load_provinces",
    "region_keys",
]

_HERE: Final[Path] = Path(__file__).resolve().parent
PROVINCES_FILE: Final[Path] = _HERE / "provinces.csv"
"""The shipped provinces table."""
GEOJSON_FILE: Final[Path] = _HERE / "china_provinces.geojson"
"""The shipped province outlines (GeoJSON, WGS84 lon/lat, 31 features)."""

N_REGIONS: Final[int] = 31
MACRO_REGIONS: Final[tuple[str, ...]] = ("east", "central", "west", "northeast")
SCI_TECH_CLASSES: Final[tuple[str, ...]] = ("I", "II", "III", "IV")
# Bounding box of mainland China (with Hainan), decimal degrees; capitals must fall inside.
LAT_RANGE: Final[tuple[float, float]] = (18.0, 54.0)
LON_RANGE: Final[tuple[float, float]] = (73.0, 136.0)

PROVINCE_COLUMNS: Final[tuple[str, ...]] = (
    "region",
    "name_zh",
    "admin_code",
    "macro_region",
    "sci_tech_class",
    "capital_city",
    "lat",
    "lon",
    "neighbors",
)
"""Columns a provinces file must have (extra columns are kept)."""


def _split_neighbors(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(";") if n.strip())


def load_provinces(path: Path | None = None) -> pd.DataFrame:
    """Load and validate the provinces table.

    Parameters
    ----------
    path : Path, optional
        A provinces CSV; default the shipped :data:`PROVINCES_FILE`.

    Returns
    -------
    pandas.DataFrame
        One row per region in file order, columns :data:`PROVINCE_COLUMNS` (extra columns are
        kept). Types: ``admin_code`` int, ``lat`` / ``lon`` float (decimal degrees, capital
        city), ``neighbors`` a tuple of region keys (land borders; empty for Hainan).

    Raises
    ------
    DataFileError
        Missing columns; not exactly 31 distinct non-empty regions; ``admin_code`` not a
        6-digit integer; ``macro_region`` not in :data:`MACRO_REGIONS`; ``sci_tech_class`` not
        in :data:`SCI_TECH_CLASSES`; ``lat`` / ``lon`` not numbers inside :data:`LAT_RANGE` /
        :data:`LON_RANGE`; a neighbour that is not a region, is the region itself, or does not
        list the region back (the relation must be symmetric).
    """
    path = Path(path) if path is not None else PROVINCES_FILE
    return _load_provinces_version(*file_version(path)).copy()  # the cached table never changes


@lru_cache(maxsize=4)
def _load_provinces_version(name: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """:func:`load_provinces` of one version of a file, read and validated once per process (a
    model's start year and a sweep's many models read the same table)."""
    path = Path(name)
    df = read_text_csv(path)
    require_columns(df, path, PROVINCE_COLUMNS)
    df = df.copy()
    df["region"] = df["region"].str.strip()

    for pos, region in enumerate(df["region"]):
        if not region:
            raise DataFileError(
                path,
                "empty region key",
                column="region",
                line=csv_line(pos),
                allowed="a non-empty English key such as 'Beijing'",
            )
    dup = df["region"].duplicated()
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        raise DataFileError(
            path,
            "region listed twice",
            column="region",
            line=csv_line(pos),
            region=df["region"].iloc[pos],
            allowed="each region once",
        )
    if len(df) != N_REGIONS:
        raise DataFileError(
            path,
            f"{len(df)} regions",
            column="region",
            allowed=f"exactly {N_REGIONS} (the mainland provincial-level units)",
        )

    codes = []
    for pos, text in enumerate(df["admin_code"]):
        t = text.strip()
        if not (len(t) == 6 and t.isdigit()):
            raise DataFileError(
                path,
                f"admin_code {text!r}",
                column="admin_code",
                line=csv_line(pos),
                region=df["region"].iloc[pos],
                allowed="a 6-digit GB/T 2260 code such as 110000",
            )
        codes.append(int(t))
    df["admin_code"] = codes

    for column, allowed in (("macro_region", MACRO_REGIONS), ("sci_tech_class", SCI_TECH_CLASSES)):
        df[column] = df[column].str.strip()
        for pos, value in enumerate(df[column]):
            if value not in allowed:
                raise DataFileError(
                    path,
                    f"value {value!r}",
                    column=column,
                    line=csv_line(pos),
                    region=df["region"].iloc[pos],
                    allowed=" | ".join(allowed),
                )

    for column, (lo, hi) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        allowed = f"decimal degrees in [{lo}, {hi}]"
        values = numeric_column(
            df,
            path,
            column,
            allowed=allowed,
            regions=df["region"],
            required=True,
            non_negative=False,
        )
        bad = (values < lo) | (values > hi)
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            raise DataFileError(
                path,
                f"{values.iloc[pos]} out of range",
                column=column,
                line=csv_line(pos),
                region=df["region"].iloc[pos],
                allowed=allowed,
            )
        df[column] = values

    keys = set(df["region"])
    neighbors = [_split_neighbors(t) for t in df["neighbors"]]
    lookup = dict(zip(df["region"], neighbors))
    for pos, (region, ns) in enumerate(zip(df["region"], neighbors)):
        for n in ns:
            if n not in keys:
                raise DataFileError(
                    path,
                    f"unknown neighbour {n!r}",
                    column="neighbors",
                    line=csv_line(pos),
                    region=region,
                    allowed="';'-separated region keys of this file",
                )
            if n == region:
                raise DataFileError(
                    path,
                    "region lists itself as a neighbour",
                    column="neighbors",
                    line=csv_line(pos),
                    region=region,
                    allowed="other regions only",
                )
            if region not in lookup[n]:
                raise DataFileError(
                    path,
                    f"neighbour {n!r} does not list {region!r} back",
                    column="neighbors",
                    line=csv_line(pos),
                    region=region,
                    allowed="a symmetric relation (A lists B iff B lists A)",
                )
    df["neighbors"] = neighbors
    return df


def region_keys() -> tuple[str, ...]:
    """Keys of the 31 regions of the shipped :data:`PROVINCES_FILE`, in file (admin-code) order."""
    return tuple(_load_provinces_version(*provinces_version())["region"])


def provinces_version() -> tuple[str, int, int]:
    """:func:`~nqpf.sim.data.csv_cells.file_version` of the shipped :data:`PROVINCES_FILE`
    (tables checked against its region keys are cached with it)."""
    return file_version(PROVINCES_FILE)

"""The data side of the industry facts: the shipped official series, loaded and validated.

Capacity utilisation (annual and quarterly NBS releases), the commercial-bank NPL ratio, the SEI
share of GDP and the concordance of model industries to NBS sectors
(``calibration/data/README.md`` gives their sources, one URL per row); a malformed file gives a
:class:`DataFileError` naming the file, line, column and what is allowed. :func:`data_facts`
turns them into the data points of every fact of :mod:`calibration.industry_facts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from nqpf.sim.data.csv_cells import csv_line, read_text_csv, require_columns
from nqpf.sim.data.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"
CU_ANNUAL = DATA_DIR / "capacity_utilisation_nbs_annual.csv"
CU_QUARTERLY = DATA_DIR / "capacity_utilisation_nbs_quarterly.csv"
NPL_RATIO = DATA_DIR / "commercial_bank_npl_ratio.csv"
SEI_SHARE = DATA_DIR / "sei_share_of_gdp.csv"
CONCORDANCE = DATA_DIR / "industry_concordance.csv"

NBS_SECTORS: tuple[str, ...] = (
    "industry_total",
    "mining",
    "manufacturing",
    "utilities",
    "coal_mining",
    "oil_gas_extraction",
    "food_manufacturing",
    "textiles",
    "chemical_materials",
    "pharmaceuticals",
    "chemical_fibres",
    "non_metallic_minerals",
    "ferrous_metals",
    "non_ferrous_metals",
    "general_equipment",
    "special_equipment",
    "automobiles",
    "electrical_machinery",
    "computers_electronics",
)
"""The sector keys of the NBS capacity-utilisation releases as transcribed."""
MATCHES = ("close", "partial", "none")
TIERS = ("traditional", "emerging", "future")
YEAR_RANGE = (2000, 2100)
TOTAL, NPL, SEI = "capacity_utilisation_total", "npl_ratio", "sei_share"
CU_PREFIX = "capacity_utilisation_"


def _numbers(
    df: pd.DataFrame, path: Path, column: str, lo: float, hi: float, *, integer: bool = False
) -> np.ndarray:
    """The column as numbers, each in ``[lo, hi]``; DataFileError naming the first bad cell."""
    kind = "a whole number" if integer else "a number"
    out = np.empty(len(df))
    for pos, text in enumerate(df[column]):
        try:
            value = float(str(text).strip())
        except ValueError:
            value = np.nan
        if not (np.isfinite(value) and lo <= value <= hi) or (integer and value != int(value)):
            raise DataFileError(
                path,
                f"{text!r} is not {kind} in [{lo:g}, {hi:g}]",
                column=column,
                line=csv_line(pos),
                allowed=f"{kind} from {lo:g} to {hi:g}",
            )
        out[pos] = value
    return out


def _choices(df: pd.DataFrame, path: Path, column: str, allowed: Iterable[str]) -> None:
    """DataFileError at the first cell of ``column`` that is not one of ``allowed``."""
    allowed = tuple(allowed)
    for pos, text in enumerate(df[column]):
        if text not in allowed:
            raise DataFileError(
                path,
                f"{text!r} is not a known value",
                column=column,
                line=csv_line(pos),
                allowed=", ".join(allowed),
            )


def _urls(df: pd.DataFrame, path: Path, column: str = "source_url") -> None:
    """Every row names the page it was transcribed from."""
    for pos, text in enumerate(df[column]):
        if not str(text).startswith(("http://", "https://")):
            raise DataFileError(
                path,
                f"{text!r} is not a web address",
                column=column,
                line=csv_line(pos),
                allowed="a URL starting with http:// or https://",
            )


def _no_duplicates(df: pd.DataFrame, path: Path, keys: list[str]) -> None:
    dup = df.duplicated(subset=keys, keep="first").to_numpy()
    if dup.any():
        pos = int(np.flatnonzero(dup)[0])
        raise DataFileError(
            path,
            f"{dict(df.iloc[pos][keys])} appears twice",
            column=keys[0],
            line=csv_line(pos),
            allowed=f"one row per {' and '.join(keys)}",
        )


def load_capacity_utilisation_annual(path: Path = CU_ANNUAL) -> pd.DataFrame:
    """NBS annual utilisation: columns ``year, sector, value_pct, basis`` (% of capacity)."""
    raw = read_text_csv(path)
    require_columns(
        raw, path, ["year", "sector", "capacity_utilisation_pct", "basis", "source_url"]
    )
    years = _numbers(raw, path, "year", *YEAR_RANGE, integer=True).astype(int)
    _choices(raw, path, "sector", NBS_SECTORS)
    values = _numbers(raw, path, "capacity_utilisation_pct", 0.0, 100.0)
    _choices(raw, path, "basis", ("stated", "derived"))
    _urls(raw, path)
    out = pd.DataFrame(
        {"year": years, "sector": raw["sector"], "value_pct": values, "basis": raw["basis"]}
    )
    _no_duplicates(out, path, ["year", "sector"])
    return out


def load_capacity_utilisation_quarterly(path: Path = CU_QUARTERLY) -> pd.DataFrame:
    """NBS quarterly utilisation: columns ``year, quarter, sector, value_pct``."""
    raw = read_text_csv(path)
    require_columns(raw, path, ["quarter", "sector", "capacity_utilisation_pct", "source_url"])
    years, quarters = [], []
    for pos, text in enumerate(raw["quarter"]):
        label = str(text).strip()
        ok = len(label) == 6 and label[:4].isdigit() and label[4] == "Q" and label[5] in "1234"
        if not ok or not YEAR_RANGE[0] <= int(label[:4]) <= YEAR_RANGE[1]:
            raise DataFileError(
                path,
                f"{text!r} is not a quarter",
                column="quarter",
                line=csv_line(pos),
                allowed="YYYYQn with n in 1-4, e.g. 2023Q4",
            )
        years.append(int(label[:4]))
        quarters.append(int(label[5]))
    _choices(raw, path, "sector", NBS_SECTORS)
    values = _numbers(raw, path, "capacity_utilisation_pct", 0.0, 100.0)
    _urls(raw, path)
    out = pd.DataFrame(
        {"year": years, "quarter": quarters, "sector": raw["sector"], "value_pct": values}
    )
    _no_duplicates(out, path, ["year", "quarter", "sector"])
    return out


def load_capacity_utilisation(
    annual: Path = CU_ANNUAL, quarterly: Path = CU_QUARTERLY
) -> pd.DataFrame:
    """Annual utilisation by sector, % : the annual releases, and where a sector-year has no
    annual value but all four quarters, their mean (``basis = mean_of_quarters``; NBS's annual
    figure is not exactly the quarter mean, docs/validation_industry.md measures the difference)."""
    yearly = load_capacity_utilisation_annual(annual)
    q = load_capacity_utilisation_quarterly(quarterly)
    grouped = q.groupby(["year", "sector"])["value_pct"]
    means = grouped.mean()[grouped.count() == 4].reset_index()
    have = set(zip(yearly["year"], yearly["sector"], strict=True))
    extra = means[[(y, s) not in have for y, s in zip(means["year"], means["sector"], strict=True)]]
    extra = extra.assign(basis="mean_of_quarters")
    out = pd.concat([yearly, extra], ignore_index=True)
    return out.sort_values(["sector", "year"], ignore_index=True)


def load_npl_ratio(path: Path = NPL_RATIO) -> pd.DataFrame:
    """Commercial-bank NPL ratio at year-end, %: columns ``year, value_pct, basis``."""
    raw = read_text_csv(path)
    require_columns(raw, path, ["year", "npl_ratio_pct", "basis", "source_url"])
    years = _numbers(raw, path, "year", *YEAR_RANGE, integer=True).astype(int)
    values = _numbers(raw, path, "npl_ratio_pct", 0.0, 100.0)
    _choices(raw, path, "basis", ("stated", "derived"))
    _urls(raw, path)
    out = pd.DataFrame({"year": years, "value_pct": values, "basis": raw["basis"]})
    _no_duplicates(out, path, ["year"])
    return out


def load_sei_share(path: Path = SEI_SHARE) -> pd.DataFrame:
    """Strategic emerging industries' value added / GDP, %: columns ``year, value_pct, basis``."""
    raw = read_text_csv(path)
    require_columns(raw, path, ["year", "sei_share_pct", "basis", "source"])
    years = _numbers(raw, path, "year", *YEAR_RANGE, integer=True).astype(int)
    values = _numbers(raw, path, "sei_share_pct", 0.0, 100.0)
    _choices(raw, path, "basis", ("stated", "approximate", "lower_bound"))
    out = pd.DataFrame({"year": years, "value_pct": values, "basis": raw["basis"]})
    _no_duplicates(out, path, ["year"])
    return out


def load_concordance(
    path: Path = CONCORDANCE, industries: dict[str, str] | None = None
) -> pd.DataFrame:
    """Model industry -> NBS sectors: columns ``industry, tier, sectors`` (a tuple, empty for
    "none"), ``match``, ``reason``.

    ``industries`` (key -> tier, default the shipped table) must each appear exactly once, with
    their tier; ``nbs_sectors`` is ``none`` exactly when ``match`` is ``none``.
    """
    if industries is None:
        from nqpf.sim.data.industries import load_industries

        table = load_industries()
        industries = dict(zip(table.keys, table.tier, strict=True))
    raw = read_text_csv(path)
    require_columns(raw, path, ["industry", "tier", "nbs_sectors", "match", "reason"])
    _choices(raw, path, "industry", industries)
    _no_duplicates(raw, path, ["industry"])
    missing = [k for k in industries if k not in set(raw["industry"])]
    if missing:
        raise DataFileError(
            path,
            f"model industries {missing} have no row",
            column="industry",
            allowed="one row for every model industry (nbs_sectors 'none' where NBS has no series)",
        )
    _choices(raw, path, "match", MATCHES)
    sectors: list[tuple[str, ...]] = []
    for pos, row in raw.iterrows():
        line = csv_line(int(pos))
        if row["tier"] != industries[row["industry"]]:
            raise DataFileError(
                path,
                f"tier {row['tier']!r} differs from the industry table's "
                f"{industries[row['industry']]!r}",
                column="tier",
                line=line,
                allowed=industries[row["industry"]],
            )
        parts = tuple(p.strip() for p in str(row["nbs_sectors"]).split(";"))
        is_none = parts == ("none",)
        bad = [p for p in parts if p not in NBS_SECTORS] if not is_none else []
        if bad or is_none != (row["match"] == "none") or not str(row["reason"]).strip():
            problem = (
                f"unknown NBS sector(s) {bad}"
                if bad
                else "an empty reason"
                if not str(row["reason"]).strip()
                else f"nbs_sectors {row['nbs_sectors']!r} does not agree with match "
                f"{row['match']!r}"
            )
            raise DataFileError(
                path,
                problem,
                column="reason" if problem == "an empty reason" else "nbs_sectors",
                line=line,
                allowed="'none' with match 'none', else sectors from "
                + ", ".join(NBS_SECTORS)
                + " joined by ';', and a reason",
            )
        sectors.append(() if is_none else parts)
    out = raw[["industry", "tier", "match", "reason"]].copy()
    out.insert(2, "sectors", sectors)
    return out


def data_facts(concordance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every data point as ``fact, year, data, basis`` (%, see the module docstring)."""
    concordance = load_concordance() if concordance is None else concordance
    cu = load_capacity_utilisation()
    frames = [
        cu[cu["sector"] == "industry_total"].assign(fact=TOTAL),
        load_npl_ratio().assign(fact=NPL),
        load_sei_share().assign(fact=SEI),
    ]
    wide = cu.pivot(index="year", columns="sector", values="value_pct")
    basis = cu.pivot(index="year", columns="sector", values="basis")
    for industry, sectors in zip(concordance["industry"], concordance["sectors"], strict=True):
        if not sectors:
            continue
        cols = [s for s in sectors if s in wide.columns]
        complete = wide.reindex(columns=list(sectors)).notna().all(axis=1)
        years = wide.index[complete]
        if len(cols) < len(sectors) or len(years) == 0:
            continue
        rows = pd.DataFrame(
            {
                "year": years,
                "value_pct": wide.loc[years, cols].mean(axis=1).to_numpy(),
                "basis": [
                    "+".join(sorted(set(basis.loc[y, cols]))) for y in years
                ],  # stated, derived or mean_of_quarters
            }
        )
        frames.append(rows.assign(fact=CU_PREFIX + industry))
    out = pd.concat(frames, ignore_index=True)
    out = out.rename(columns={"value_pct": "data"})
    return out[["fact", "year", "data", "basis"]].reset_index(drop=True)

"""Industry facts beside the model: capacity utilisation, the NPL ratio and the SEI share of GDP.

Three official series are validation targets that the calibration never fits
(``calibration/data/README.md`` gives their sources, one URL per row):

``capacity_utilisation_total``
    NBS industrial capacity utilisation, % (actual output / capacity, both by value), beside the
    model's ``capacity_utilization`` over all modelled industries x 100.
``capacity_utilisation_<industry>``
    For each model industry the concordance (``industry_concordance.csv``) maps to NBS sectors:
    the unweighted mean of those sectors' utilisation, % (only in years where every mapped sector
    has a value), beside the industry's ``capacity_utilization`` x 100.
``npl_ratio``
    The regulator's commercial-bank NPL ratio, % of all commercial-bank loans, beside the model's
    ``npl_ratio`` x 100: non-performing loans of the modelled industries' firms and of LGFVs /
    the banks' loans to those firms and LGFVs. The model has no household or services loans.
``sei_share``
    Value added of strategic emerging industries / GDP, % (seed papers F3:27, F4:375), beside the
    model's ``100 x sum(value_added_nominal of emerging and future industries) / gdp_nominal``
    (both bn yuan at current prices).

Gaps. For each start year ``S`` and fact, over the data years ``t`` with ``S < t <= end``
(the start year is left out: its utilisation is the parameter ``firms.initial_utilization`` and
its other values describe the initial state, not a model result):
``gap_t = mean_seeds(model_t) - data_t``, ``RMSE = sqrt(mean_t gap_t^2)``, ``bias = mean_t gap_t``,
all in percentage points.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.start_values import start_year_overrides
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
DEFAULT_STARTS = (2011, 2018)
DEFAULT_END = 2024
TOTAL, NPL, SEI = "capacity_utilisation_total", "npl_ratio", "sei_share"
CU_PREFIX = "capacity_utilisation_"


# ---------------------------------------------------------------------------------------------
# Loading and validating the data files
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# The model's side
# ---------------------------------------------------------------------------------------------


def model_facts(
    national: pd.DataFrame, industries: pd.DataFrame, concordance: pd.DataFrame
) -> pd.DataFrame:
    """One run's facts as ``fact, year, model`` (%), from its national and industries tables."""
    nat = national.set_index("year")
    frames = [
        pd.DataFrame({"fact": TOTAL, "model": 100.0 * nat["capacity_utilization"]}),
        pd.DataFrame({"fact": NPL, "model": 100.0 * nat["npl_ratio"]}),
    ]
    new = industries[industries["tier"].isin(["emerging", "future"])]
    sei_va = new.groupby("year")["value_added_nominal"].sum().reindex(nat.index)
    frames.append(pd.DataFrame({"fact": SEI, "model": 100.0 * sei_va / nat["gdp_nominal"]}))
    mapped = concordance.loc[[bool(s) for s in concordance["sectors"]], "industry"]
    by_industry = industries[industries["industry"].isin(list(mapped))]
    for industry, rows in by_industry.groupby("industry"):
        series = 100.0 * rows.set_index("year")["capacity_utilization"]
        frames.append(pd.DataFrame({"fact": CU_PREFIX + str(industry), "model": series}))
    out = pd.concat([f.rename_axis("year").reset_index() for f in frames], ignore_index=True)
    return out[["fact", "year", "model"]]


def run_specs(
    scenario: Path,
    seeds: int,
    starts: Sequence[int] = DEFAULT_STARTS,
    end_year: int = DEFAULT_END,
) -> list[Any]:
    """One run per start year and seed, from ``world.start_year = start`` to ``end_year``."""
    from nqpf.sim.config import Scenario
    from nqpf.sim.experiments.batch import RunSpec

    base = Scenario.load(scenario).to_dict()
    return [
        RunSpec(
            f"{start}-{seed}",
            base,
            seed,
            {
                **start_year_overrides(int(start)),
                "world.start_year": int(start),
                "world.end_year": int(end_year),
            },
            tables=("national", "industries"),
        )
        for start in starts
        for seed in range(seeds)
    ]


def simulate(
    scenario: Path,
    seeds: int = 3,
    starts: Sequence[int] = DEFAULT_STARTS,
    end_year: int = DEFAULT_END,
    jobs: int = 1,
    concordance: pd.DataFrame | None = None,
    progress: str | None = None,
) -> pd.DataFrame:
    """The model's facts for every start year and seed: ``start_year, seed, fact, year, model``."""
    from nqpf.sim.experiments.batch import make_executor, map_runs

    concordance = load_concordance() if concordance is None else concordance
    specs = run_specs(scenario, seeds, starts, end_year)
    executor = make_executor("local", jobs)
    frames = []
    try:
        for record in map_runs(specs, executor, progress=progress):
            if record.status != "ok":
                raise RuntimeError(f"run {record.run_id} failed: {record.error}")
            facts = model_facts(record.tables["national"], record.tables["industries"], concordance)
            start = int(record.run_id.split("-")[0])
            frames.append(facts.assign(start_year=start, seed=record.seed))
    finally:
        executor.shutdown()
    out = pd.concat(frames, ignore_index=True)
    cols = ["start_year", "seed", "fact", "year", "model"]
    return out[cols].sort_values(cols[:4], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Model beside data
# ---------------------------------------------------------------------------------------------


def compare(model: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """Data beside the model band for every start year, fact and data year within the run:
    ``start_year, fact, year, data, basis, model_mean, model_min, model_max, gap, scored``
    (``gap = model_mean - data``; ``scored`` is false in the start year)."""
    band = (
        model.groupby(["start_year", "fact", "year"])["model"]
        .agg(model_mean="mean", model_min="min", model_max="max")
        .reset_index()
    )
    out = band.merge(data, on=["fact", "year"], how="inner")
    out["gap"] = out["model_mean"] - out["data"]
    out["scored"] = out["year"] > out["start_year"]
    cols = ["start_year", "fact", "year", "data", "basis", "model_mean", "model_min", "model_max"]
    return out[[*cols, "gap", "scored"]].sort_values(cols[:3], ignore_index=True)


def summarise(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per start year and fact over the scored years: ``years`` (first-last), ``n_years``,
    ``data_mean``, ``model_mean``, ``bias`` (mean gap), ``rmse`` (root mean squared gap), in
    percentage points."""
    rows = []
    scored = comparison[comparison["scored"]]
    for (start, fact), g in scored.groupby(["start_year", "fact"], sort=True):
        rows.append(
            {
                "start_year": int(start),
                "fact": fact,
                "years": f"{int(g['year'].min())}-{int(g['year'].max())}",
                "n_years": len(g),
                "data_mean": float(g["data"].mean()),
                "model_mean": float(g["model_mean"].mean()),
                "bias": float(g["gap"].mean()),
                "rmse": float(np.sqrt((g["gap"] ** 2).mean())),
            }
        )
    return pd.DataFrame(rows)


def markdown_table(summary: pd.DataFrame) -> str:
    """The summary as a GitHub markdown table (values rounded to 0.01 point)."""
    head = "| start | fact | years | n | data mean % | model mean % | bias pp | RMSE pp |"
    lines = [head, "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in summary.itertuples(index=False):
        lines.append(
            f"| {r.start_year} | {r.fact} | {r.years} | {r.n_years} | {r.data_mean:.2f} | "
            f"{r.model_mean:.2f} | {r.bias:+.2f} | {r.rmse:.2f} |"
        )
    return "\n".join(lines) + "\n"

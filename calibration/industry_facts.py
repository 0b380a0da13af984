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

The data files are loaded and validated by :mod:`calibration.industry_facts_data`; this module
runs the model and sets it beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.industry_facts_data import (
    CU_PREFIX,
    NPL,
    SEI,
    TOTAL,
    load_concordance,
)
from nqpf.calibration.start_values import start_year_overrides

DEFAULT_STARTS = (2011, 2018)
DEFAULT_END = 2024


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

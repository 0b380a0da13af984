"""Start-year values: the macro parameters that describe the data of the year a run starts in.

A scenario's start state (GDP, population, capital, R&D of every province) comes from the shipped
panel for any start year 2011-2023, but two macro parameters are numbers *of the start year* that
the scenario files carry for 2023 only:

``macro.saving_rate_start``
    ``s_0 = sum_r GFCF_r,t / sum_r GDP_r,t`` in the start year t (nominal, shipped panel); where
    the panel has no GFCF for t (2023), the latest earlier year with it. This is the investment the
    panel's capital stock is built with (docs/model.md 7.27).
``macro.start_income_growth``
    real growth of the provinces' summed GDP in t over t - 1:
    ``(sum_r GDP_r,t / sum_r GDP_r,t-1) x D_t-1 / D_t - 1`` with ``D`` the national GDP deflator
    (calibration/data/national_deflator.csv).

A run from another start year (the calibration's fit from 2011, its jump-off from 2018, the
backtests) sets these from the data with :func:`start_year_overrides`, so that saving and
spending continue the data's path in the first simulated year. Values fixed in a calibration
config's ``[model].set`` or estimated take precedence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from nqpf.calibration.deflator import load_deflator
from nqpf.sim.data.panel import load_panel

START_FIELDS: tuple[str, ...] = ("macro.saving_rate_start", "macro.start_income_growth")
"""Scenario fields that :func:`start_year_overrides` sets."""


@lru_cache(maxsize=4)
def _national(panel_path: str | None, deflator_path: str | None) -> pd.DataFrame:
    """Sums over the 31 provinces by year: nominal GDP and GFCF [100 m yuan], deflator [index]."""
    panel = load_panel(Path(panel_path) if panel_path else None)
    sums = panel.groupby("year")[["gdp_nominal_100m_yuan", "gfcf_nominal_100m_yuan"]].sum(
        min_count=31
    )
    deflator = load_deflator(Path(deflator_path) if deflator_path else None)
    sums["deflator"] = deflator.reindex(sums.index)
    return sums


def start_year_overrides(
    year: int, panel_path: Path | None = None, deflator_path: Path | None = None
) -> dict[str, float]:
    """The start-year values of :data:`START_FIELDS` for a run starting in ``year``.

    Raises
    ------
    ValueError
        ``year`` is not in the panel, or the panel has no GFCF in or before it, or the deflator
        lacks ``year`` or ``year - 1``.
    """
    nat = _national(
        str(panel_path) if panel_path else None, str(deflator_path) if deflator_path else None
    )
    if year not in nat.index or year - 1 not in nat.index:
        raise ValueError(
            f"start year {year}: the panel needs years {year - 1} and {year} "
            f"(it has {int(nat.index.min())}..{int(nat.index.max())})"
        )
    share = (nat["gfcf_nominal_100m_yuan"] / nat["gdp_nominal_100m_yuan"]).loc[:year].dropna()
    if share.empty:
        raise ValueError(f"start year {year}: the panel has no GFCF in or before {year}")
    d_now, d_before = nat.loc[year, "deflator"], nat.loc[year - 1, "deflator"]
    if pd.isna(d_now) or pd.isna(d_before):
        raise ValueError(f"start year {year}: the deflator lacks {year - 1} or {year}")
    gdp = nat["gdp_nominal_100m_yuan"]
    growth = gdp.loc[year] / gdp.loc[year - 1] * d_before / d_now - 1.0
    return {
        "macro.saving_rate_start": round(float(share.iloc[-1]), 4),
        "macro.start_income_growth": round(float(growth), 4),
    }

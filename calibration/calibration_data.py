"""The data a calibration config points to, as observed ``regions`` tables.

:func:`load_observed` loads and validates the config's panel and deflator into the observed
table of the fit and held-out years (:mod:`calibration.observed`); :func:`benchmark_history` is
the longer history the benchmark forecasts of the held-out validation start from.
"""

from __future__ import annotations

import pandas as pd

from nqpf.calibration.backtest import observed_for
from nqpf.calibration.config import LoadedConfig
from nqpf.calibration.deflator import load_deflator
from nqpf.calibration.observed import observed_regions
from nqpf.calibration.panel import load_calibration_panel
from nqpf.sim.data import load_provinces, start_state


def load_observed(loaded: LoadedConfig) -> tuple[pd.DataFrame, list[str]]:
    """The observed regions table for the fit and held-out years, and notes on approximations.

    Raises
    ------
    DataFileError
        A malformed or missing panel or deflator file, or data lacking in a needed year.
    """
    cfg = loaded.config
    last = cfg.validation.end_year or cfg.fit.end_year
    years = range(cfg.fit.start_year, last + 1)
    fit_years = range(cfg.fit.start_year, cfg.fit.end_year + 1)
    panel = load_calibration_panel(loaded.panel_path, years=years, fit_years=fit_years)
    deflator = load_deflator(loaded.deflator_path)
    observed, notes = observed_regions(
        panel,
        load_provinces(),
        deflator,
        base_year=cfg.fit.start_year,
        years=years,
        labor_force_share=loaded.scenario.solow.labor_force_share,
        employment_per_working_age=(
            loaded.scenario.solow.employment_per_working_age
            if loaded.scenario.solow.demography == "projection"
            else None
        ),
        panel_path=str(loaded.panel_path or "panel.csv"),
        deflator_path=str(loaded.deflator_path or "national_deflator.csv"),
    )
    if loaded.panel_path is not None:
        notes += _start_state_differences(panel, cfg.fit.start_year)
    return observed, notes


def benchmark_history(loaded: LoadedConfig, hold_end: int) -> pd.DataFrame | None:
    """The observed table from the deflator's first year to ``hold_end`` at the fit's base-year
    prices, for the benchmark forecasts (the history ``nqpf backtest`` uses,
    :func:`calibration.backtest.observed_for`). Only for the shipped panel; with a user panel
    the benchmarks use the calibration years (None)."""
    if loaded.panel_path is not None or loaded.deflator_path is not None:
        return None
    return observed_for(loaded.scenario, loaded.config.fit.start_year, hold_end)


def _start_state_differences(panel: pd.DataFrame, year: int) -> list[str]:
    """Warn when a user panel's start year differs from the shipped data the model starts from."""
    shipped = start_state(year).set_index("region")
    own = panel[panel["year"] == year].set_index("region").reindex(shipped.index)
    notes = []
    for column in (
        "gdp_nominal_100m_yuan",
        "population_10k",
        "capital_current_100m_yuan",
        "rd_intensity_pct",
    ):
        rel = (own[column] / shipped[column] - 1.0).abs()
        if (rel > 1e-6).any():
            notes.append(
                f"WARNING: the panel's {column} in {year} differs from the shipped "
                f"panel (largest relative gap {rel.max():.2%}, "
                f"{rel.idxmax()}); the model starts from the shipped data, so its "
                "first year will not reproduce this panel exactly"
            )
    return notes

"""What a calibration produced: :class:`CalibrationResult`, the estimates and all behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nqpf.calibration.config import LoadedConfig
from nqpf.calibration.config_schema import Budget
from nqpf.calibration.msm import Inference
from nqpf.calibration.msm_search import SearchResult
from nqpf.calibration.validation import ValidationResult


@dataclass
class CalibrationResult:
    """Everything a calibration produced (written out by :mod:`calibration.report`)."""

    loaded: LoadedConfig
    budget: Budget
    quick: bool
    seeds: list[int]
    names: list[str]
    lower: np.ndarray
    upper: np.ndarray
    start: np.ndarray
    theta: np.ndarray
    inference: Inference
    search: SearchResult
    moments: pd.DataFrame
    """One row per moment (targeted first, then reported): targeted, data, data_se, model_fit,
    model_start, t_fit, weight."""
    data_cov: pd.DataFrame
    weights: np.ndarray
    observed: pd.DataFrame
    fitted_runs: list[pd.DataFrame]
    validation: ValidationResult | None
    notes: list[str]
    timings: dict[str, float]
    runs: int
    evaluations: int
    jobs: int
    errors: list[str] = field(default_factory=list)

    def estimates(self) -> pd.DataFrame:
        """The estimates table: value, standard error, 95 % interval, bounds, start value."""
        se = self.inference.se
        return pd.DataFrame(
            {
                "parameter": self.names,
                "estimate": self.theta,
                "se": se,
                "ci95_low": self.theta - 1.96 * se,
                "ci95_high": self.theta + 1.96 * se,
                "lower_bound": self.lower,
                "upper_bound": self.upper,
                "start_value": self.start,
            }
        )

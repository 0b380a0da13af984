"""The schema of a calibration config (``calibration/*.toml``): its sections and their fields.

A config names the scenario to calibrate, the data, the fit and held-out windows, the parameters
with their bounds (one line each), the target moments, the estimator's settings and the
computing budget. Loading it, resolving its paths and wording its errors is
:mod:`calibration.config`.

Example (``calibration/china31.toml`` is the full one)::

    [model]
    scenario = "../scenarios/baseline.toml"

    [parameters]                      # dotted scenario field = [lower, upper]
    "solow.tfp_growth" = [-0.02, 0.08]
    "solow.saving_rate" = [0.2, 0.8]

    [moments]
    use = ["gdp_growth_mean", "investment_share_mean", "sd_log_gdp_pc"]
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from nqpf.calibration.moment_definitions import MOMENTS
from nqpf.sim.config import StrictModel


class ModelSection(StrictModel):
    """Which scenario is calibrated, and parameters held fixed at other values than its own. The
    scenario's own values of the fitted parameters are not used: the search starts from their
    declared defaults (``calibration/pipeline.py``)."""

    scenario: str = Field(
        "../scenarios/baseline.toml", description="scenario file, relative to the config file"
    )
    set: dict[str, Any] = Field({}, description="fixed overrides, dotted path = value")


class DataSection(StrictModel):
    """Data files; empty means the shipped ones."""

    panel: str | None = Field(None, description="provincial panel CSV in the shipped format")
    deflator: str | None = Field(None, description="national GDP deflator CSV")


class FitSection(StrictModel):
    """Years whose moments are fitted; the model starts in ``start_year`` from the data."""

    start_year: int = Field(2011, ge=2011, le=2023, description="first year (data year)")
    end_year: int = Field(2018, ge=2012, le=2023, description="last fitted year")
    skip_years: list[int] = Field(
        [],
        description="years whose growth from the year before the growth moments leave out "
        "(e.g. the pandemic years 2020-2022, which the model does not have; "
        "calibration/moments.py); each in start_year + 1..end_year, at least one year kept",
    )

    @model_validator(mode="after")
    def _order(self) -> FitSection:
        if self.end_year < self.start_year + 2:
            raise ValueError(
                f"end_year ({self.end_year}) must be at least start_year + 2 "
                f"({self.start_year + 2}): growth moments need a span"
            )
        outside = [y for y in self.skip_years if not self.start_year < y <= self.end_year]
        if outside:
            raise ValueError(
                f"skip_years {outside} outside {self.start_year + 1}..{self.end_year} "
                "(a skipped year's growth runs from the year before, both in the window)"
            )
        if len(set(self.skip_years)) >= self.end_year - self.start_year:
            raise ValueError(
                f"skip_years {sorted(set(self.skip_years))} leave no year of "
                f"{self.start_year + 1}..{self.end_year} whose growth the moments can measure"
            )
        return self


class ValidationSection(StrictModel):
    """Held-out years ``fit.end_year + 1 .. end_year``; omit ``end_year`` to skip validation (a
    config without ``[validation]`` whose fit ends in the last data year has none)."""

    end_year: int | None = Field(2023, ge=2013, le=2023, description="last held-out year")


class MomentsSection(StrictModel):
    """Target moments by key (see calibration/moments.py and docs/calibration.md)."""

    use: list[str] = Field(..., min_length=1, description="moment keys (targeted)")
    report: list[str] = Field(
        [], description="moment keys computed and reported next to the targeted ones, not fitted"
    )
    sigma_points: int = Field(
        3, ge=1, le=12, description="years on the sigma-convergence path (sd_log_gdp_pc)"
    )

    @field_validator("use", "report")
    @classmethod
    def _known(cls, keys: list[str]) -> list[str]:
        unknown = [k for k in keys if k not in MOMENTS]
        if unknown:
            raise ValueError(f"unknown moment(s) {unknown}; allowed: {', '.join(MOMENTS)}")
        if len(set(keys)) != len(keys):
            raise ValueError(f"a moment is listed twice in {keys}")
        return keys

    @model_validator(mode="after")
    def _disjoint(self) -> MomentsSection:
        both = [k for k in self.report if k in self.use]
        if both:
            raise ValueError(
                f"moment(s) {both} are both targeted (use) and only reported "
                "(report); list each in one of the two"
            )
        return self

    @property
    def all_keys(self) -> list[str]:
        """Targeted moments first, then the reported ones."""
        return [*self.use, *self.report]


class EstimationSection(StrictModel):
    """Method-of-simulated-moments settings."""

    seed: int = Field(
        2011, ge=0, description="master seed (simulation seeds, optimiser, bootstrap)"
    )
    weighting: Literal["diagonal", "efficient", "identity"] = Field(
        "diagonal", description="W = diag(1/var), inverse bootstrap covariance, or identity"
    )
    local_method: Literal["nelder-mead", "l-bfgs-b", "none"] = Field(
        "nelder-mead", description="local polish after the global stage"
    )
    jacobian_step: float = Field(
        0.01, gt=0, le=0.25, description="finite-difference step, share of each bound width"
    )


class Budget(StrictModel):
    """Computing budget: differential evolution, polish, replications and bootstrap draws."""

    popsize: int = Field(8, ge=2, le=200, description="population = popsize x parameters")
    generations: int = Field(15, ge=0, le=2000, description="differential-evolution generations")
    polish_evaluations: int = Field(60, ge=0, le=100_000, description="local-polish evaluations")
    replications: int = Field(3, ge=1, le=200, description="simulations R per evaluation (CRN)")
    bootstrap: int = Field(499, ge=20, le=100_000, description="bootstrap draws over provinces")
    max_minutes: float = Field(
        25.0,
        gt=0,
        le=10_000,
        description="wall-clock limit; the global stage stops early "
        "so that the whole calibration fits",
    )


class QuickBudget(StrictModel):
    """Overrides of :class:`Budget` used with ``--quick``."""

    popsize: int | None = Field(None, ge=2, le=200)
    generations: int | None = Field(None, ge=0, le=2000)
    polish_evaluations: int | None = Field(None, ge=0, le=100_000)
    replications: int | None = Field(None, ge=1, le=200)
    bootstrap: int | None = Field(None, ge=20, le=100_000)
    max_minutes: float | None = Field(None, gt=0, le=10_000)


class BudgetSection(Budget):
    quick: QuickBudget = QuickBudget(
        popsize=4,
        generations=3,
        polish_evaluations=15,
        replications=1,
        bootstrap=199,
        max_minutes=2.5,
    )


class CalibrationConfig(StrictModel):
    """A calibration config file, validated."""

    name: str = Field("calibration", description="short name (output folder)")
    description: str = ""
    model: ModelSection = ModelSection()
    data: DataSection = DataSection()
    fit: FitSection = FitSection()
    validation: ValidationSection = ValidationSection()
    parameters: dict[str, tuple[float, float]] = Field(
        ..., min_length=1, description="dotted scenario field = [lower, upper]"
    )
    moments: MomentsSection
    estimation: EstimationSection = EstimationSection()
    budget: BudgetSection = BudgetSection()

    @field_validator("parameters")
    @classmethod
    def _bounds(cls, params: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        for name, (lo, hi) in params.items():
            if not lo < hi:
                raise ValueError(f"parameter {name!r}: lower bound {lo} is not below upper {hi}")
        return params

    @model_validator(mode="after")
    def _holdout_after_fit(self) -> CalibrationConfig:
        end = self.validation.end_year
        if (
            "validation" not in self.model_fields_set
            and end is not None
            and end <= self.fit.end_year
        ):
            self.validation.end_year = None  # no [validation] and no held-out years left: skip
            return self
        if end is not None and end <= self.fit.end_year:
            raise ValueError(
                f"validation.end_year ({end}) must be after fit.end_year "
                f"({self.fit.end_year}); omit it to skip held-out validation"
            )
        return self

    def budget_for(self, quick: bool) -> Budget:
        """The main budget, or the main budget with the ``[budget.quick]`` overrides."""
        main = self.budget.model_dump(exclude={"quick"})
        if quick:
            main.update({k: v for k, v in self.budget.quick.model_dump().items() if v is not None})
        return Budget(**main)

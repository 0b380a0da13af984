"""Calibration configs (``calibration/*.toml``): the pydantic schema, loading and clear errors.

A config names the scenario to calibrate, the data, the fit and held-out windows, the parameters
with their bounds (one line each), the target moments, the estimator's settings and the
computing budget. Paths are relative to the config file. Every problem becomes one
:class:`CalibrationError` naming the file, the line where possible, the field and what is
allowed, worded by the same explainer as scenario files (:mod:`nqpf.sim.config`).

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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from nqpf.calibration.moments import MOMENTS, moment_names, required_columns
from nqpf.calibration.start_values import start_year_overrides
from nqpf.sim.config import (
    ConfigError,
    MessageStyle,
    Scenario,
    ScenarioError,
    StrictModel,
    explain,
    iter_params,
    key_lines,
    read_toml,
    where_in_file,
)


class CalibrationError(ScenarioError):
    """A calibration config (or what it points to) is not valid; the message is for the user."""


CONFIG_STYLE = MessageStyle(allowed=None, indexes=False, root="", missing="required")
"""Calibration configs' schema errors: paths without list positions, no 'Allowed:' tail."""


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


@dataclass
class LoadedConfig:
    """A validated config with its resolved paths and the scenario it calibrates."""

    path: Path
    config: CalibrationConfig
    scenario: Scenario
    """The base scenario with the fit's start-year values (:mod:`calibration.start_values`) and
    ``[model].set`` applied, running over the fit window."""
    panel_path: Path | None
    deflator_path: Path | None
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.config.parameters)

    @property
    def lower(self) -> list[float]:
        return [lo for lo, _ in self.config.parameters.values()]

    @property
    def upper(self) -> list[float]:
        return [hi for _, hi in self.config.parameters.values()]

    def start_overrides(self, year: int) -> dict[str, float]:
        """Start-year values for a run from ``year`` (:mod:`calibration.start_values`), except
        fields the config fixes in ``[model].set`` or estimates. They come from the shipped
        panel and deflator even when ``[data]`` names other files: the model starts from the
        shipped data of the start year, and these values must describe that start state."""
        taken = set(self.config.model.set) | set(self.config.parameters)
        return {k: v for k, v in start_year_overrides(year).items() if k not in taken}

    def moment_names(self, start: int, end: int) -> list[str]:
        """Names of the targeted moment vector for a window (yearly moments expanded)."""
        return moment_names(self.config.moments.use, start, end, self.config.moments.sigma_points)

    def all_moment_names(self, start: int, end: int) -> list[str]:
        """Names of the targeted then the reported moments for a window."""
        return moment_names(
            self.config.moments.all_keys, start, end, self.config.moments.sigma_points
        )


def load_config(path: str | Path) -> LoadedConfig:
    """Read, validate and resolve a calibration config.

    Raises
    ------
    CalibrationError
        Unreadable TOML, a schema violation, an unknown or non-numeric parameter, bounds outside
        the parameter's allowed range, a moment the model cannot produce, a scenario that is not
        ``china31``, or too few moments for the parameters.
    """
    path = Path(path)
    try:
        raw = read_toml(path, what="calibration config")
    except ConfigError as exc:
        raise CalibrationError(str(exc)) from None
    lines = key_lines(path)
    try:
        cfg = CalibrationConfig.model_validate(raw)
    except ValidationError as exc:
        located = where_in_file(path, lines)
        raise CalibrationError(explain(exc, CalibrationConfig, located, CONFIG_STYLE)) from None
    where = where_in_file(path, lines, enclosing=False)

    scenario_path = (path.parent / cfg.model.scenario).resolve()
    try:
        base = Scenario.load(scenario_path)
    except ScenarioError as exc:
        raise CalibrationError(
            f"{where('model.scenario')}: field 'model.scenario' = {cfg.model.scenario!r}: {exc}"
        ) from None
    if base.world.geography != "china31":
        raise CalibrationError(
            f"{where('model.scenario')}: the scenario's geography is "
            f"{base.world.geography!r}; calibration compares the 31 provinces with provincial "
            "data, so it needs geography = 'china31'."
        )
    fixed = {k: v for k, v in cfg.model.set.items()}
    for key in fixed:
        if key.startswith("world."):
            raise CalibrationError(
                f"{where('model.set.' + key)}: field 'model.set' cannot set "
                f"{key!r}; the years come from [fit] and [validation]."
            )
    try:
        taken = set(fixed) | set(cfg.parameters)
        start_values = {
            k: v for k, v in start_year_overrides(cfg.fit.start_year).items() if k not in taken
        }
        scenario = base.with_overrides(
            {
                **start_values,
                **fixed,
                "world.start_year": cfg.fit.start_year,
                "world.end_year": cfg.fit.end_year,
            }
        )
    except ScenarioError as exc:
        raise CalibrationError(
            f"{where('model.set')}: field 'model.set' is invalid: {exc}"
        ) from None

    known = dict(iter_params(Scenario))
    for name, (lo, hi) in cfg.parameters.items():
        here = where(f"parameters.{name}")
        info = known.get(name)
        if info is None:
            section = name.split(".")[0]
            options = [k for k in known if k.startswith(section + ".")] or list(known)[:12]
            raise CalibrationError(
                f"{here}: unknown parameter {name!r}. Parameters here are "
                f"dotted scenario fields, e.g. {', '.join(options[:12])}."
            )
        if info.annotation is int:
            raise CalibrationError(
                f"{here}: parameter {name!r} is a whole-number field; the method of simulated "
                "moments fits continuous parameters (its Jacobian moves each by a small step). "
                "Hold it at a value in [model].set, or compare its values with nqpf sweep."
            )
        if info.annotation is not float or name.startswith("world."):
            raise CalibrationError(
                f"{here}: parameter {name!r} is not a numeric model "
                f"parameter (type {getattr(info.annotation, '__name__', info.annotation)})."
            )
        if name in fixed:
            raise CalibrationError(
                f"{here}: parameter {name!r} is also fixed in [model].set; remove one of the two."
            )
        for bound in (lo, hi):
            try:
                scenario.with_overrides({name: bound})
            except ScenarioError as exc:
                detail = str(exc).split(": ", 1)[-1]
                raise CalibrationError(
                    f"{here}: bound {bound} of parameter {name!r} is outside "
                    f"its allowed range: {detail}"
                ) from None

    from nqpf.sim.outputs import columns_of

    produced = set(columns_of("regions"))
    for key in cfg.moments.all_keys:
        lacking = [c for c in required_columns([key]) if c not in produced]
        if lacking:
            raise CalibrationError(
                f"{where('moments.use')}: moment {key!r} needs column(s) {lacking} in the "
                "model's regions table, which the model does not record (docs/outputs.md); "
                "remove it from [moments].use or [moments].report."
            )
    loaded = LoadedConfig(
        path=path,
        config=cfg,
        scenario=scenario,
        panel_path=(path.parent / cfg.data.panel).resolve() if cfg.data.panel else None,
        deflator_path=(path.parent / cfg.data.deflator).resolve() if cfg.data.deflator else None,
        lines=lines,
    )
    n_moments = len(loaded.moment_names(cfg.fit.start_year, cfg.fit.end_year))
    if n_moments < len(cfg.parameters):
        raise CalibrationError(
            f"{where('moments.use')}: {n_moments} moment(s) for "
            f"{len(cfg.parameters)} parameters; the estimator needs at least "
            "as many moments as parameters."
        )
    return loaded

"""Calibration configs (``calibration/*.toml``): loading, resolved paths and clear errors.

The schema, the sections a config has and what each allows, is
:mod:`calibration.config_schema`. Paths are relative to the config file. Every problem becomes one
:class:`CalibrationError` naming the file, the line where possible, the field and what is
allowed, worded by the same explainer as scenario files (:mod:`nqpf.sim.config`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from nqpf.calibration.config_schema import CalibrationConfig
from nqpf.calibration.moments import moment_names, required_columns
from nqpf.calibration.start_values import start_year_overrides
from nqpf.sim.config import (
    ConfigError,
    MessageStyle,
    Scenario,
    ScenarioError,
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

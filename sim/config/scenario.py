"""The scenario: every parameter of a run, loaded from a TOML file and validated.

A scenario is a TOML file. It may name a parent with ``extends = "other.toml"`` (a path relative to
the file); the child's tables are merged into the parent's recursively, so that two contrasted
scenarios differ only where they mean to. Values can be overridden from the command line with
``--set path.to.field=value``. The merged document is validated against :class:`Scenario`; any
problem becomes one :class:`~nqpf.sim.config.errors.ScenarioError` naming the file, the line
where possible, the field path, the bad value and what is allowed.

Every field is declared with :func:`~nqpf.sim.config.params.param` (default, unit, range,
meaning, source) in the section modules ``sections_*.py``; ``docs/parameters.md`` is generated
from them (``nqpf docs``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError, field_validator, model_validator

from nqpf.sim.config.errors import ConfigError, ScenarioError, explain, where_from_origin
from nqpf.sim.config.params import StrictModel, param
from nqpf.sim.config.sections_economy import Economy, Firms, Talent
from nqpf.sim.config.sections_finance import Finance
from nqpf.sim.config.sections_government import Government
from nqpf.sim.config.sections_growth import Solow, Technology
from nqpf.sim.config.sections_macro import Macro
from nqpf.sim.config.sections_policy import Central, Strategy
from nqpf.sim.config.sections_trade import Trade
from nqpf.sim.config.sections_world import World
from nqpf.sim.config.toml import Origin, apply_overrides, resolve_extends, set_path

MAX_YEARS = 60
"""Longest horizon with the full economy (years after the start year). Firms enter with demand,
so their number, the run time and the memory grow with the horizon (start 2023, end 2200: 1.6
million firms, 147 s, 2.2 GB), and the model's industries and policy rules describe the coming
decades, not centuries."""
MAX_YEARS_TEXTBOOK = 500
"""Longest horizon in textbook mode (``economy.enabled = false``: the Solow core, no firms)."""


class Scenario(StrictModel):
    """A fully resolved scenario: every parameter after ``extends`` and overrides."""

    name: str = param(
        "unnamed", unit="-", meaning="short name of the scenario", source="setting: a label"
    )
    description: str = param(
        "", unit="-", meaning="what the scenario is for", source="setting: a label"
    )
    world: World = World()
    solow: Solow = Solow()
    technology: Technology = Technology()
    economy: Economy = Economy()
    macro: Macro = Macro()
    firms: Firms = Firms()
    strategy: Strategy = Strategy()
    government: Government = Government()
    central: Central = Central()
    finance: Finance = Finance()
    talent: Talent = Talent()
    trade: Trade = Trade()
    industries: dict[str, dict[str, Any]] = param(
        {},
        unit="-",
        meaning="overrides of the industry table, e.g. [industries.quantum] "
        "demand_growth = 0.2 (see sim/data/industries.toml)",
        source="setting: empty, the shipped industry table with its sources "
        "(sim/data/industries.toml)",
    )

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        """A name is required to be more than blanks: it names the output folder (out/<name>)
        and the scenario in every table, plot and report."""
        if not value.strip():
            raise ValueError(
                "a scenario's name cannot be empty (it names the output folder, out/<name>, and "
                "the scenario in reports); give a name, or delete the line to take the file's"
            )
        return value

    @field_validator("industries")
    @classmethod
    def _industries_valid(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Industry overrides are checked against the industry table here, so that ``validate``
        refuses what the model build would (unknown industry or field, value out of range)."""
        from nqpf.sim.data.industries import load_industries

        load_industries(value)
        return value

    @model_validator(mode="after")
    def _horizon(self) -> Scenario:
        years = self.world.end_year - self.world.start_year
        limit = MAX_YEARS if self.economy.enabled else MAX_YEARS_TEXTBOOK
        if years > limit:
            mode = "the full economy" if self.economy.enabled else "textbook mode"
            raise ValueError(
                f"world.end_year - world.start_year = {years} years; at most {limit} with "
                f"{mode} (world.end_year <= {self.world.start_year + limit})"
            )
        self._check_region_names()
        if self.macro.regional_investment == "data" and self.world.geography != "china31":
            raise ValueError(
                "macro.regional_investment = 'data' reads the provinces' investment shares from "
                f"the shipped panel; world.geography is {self.world.geography!r}. Allowed: "
                "'data' with geography 'china31', or 'uniform' or 'auto' with any geography"
            )
        return self

    @property
    def investment_shares_from_data(self) -> bool:
        """Whether the home-placed saving follows the provinces' investment shares of the data
        (``macro.regional_investment`` "data", or "auto" on the china31 map)."""
        mode = self.macro.regional_investment
        return mode == "data" or (mode == "auto" and self.world.geography == "china31")

    def _check_region_names(self) -> None:
        """``strategy.by_region`` names regions of this scenario's geography (checked here, so
        that ``validate``, a sweep's plan and a comparison refuse a misspelt name before any
        run, as the model build would after it)."""
        named = self.strategy.by_region
        if not named:
            return
        known = self.world.region_names()
        bad = [name for name in named if name not in known]
        if bad:
            raise ValueError(
                f"strategy.by_region names unknown region(s) {bad} for world.geography "
                f"{self.world.geography!r}; known regions: {', '.join(known)}"
            )

    def __setattr__(self, name: str, value: Any) -> None:
        # Mesa 3.5+ links a model's scenario back to its model (``scenario.model = model``);
        # that link is not a parameter, so it bypasses validation and is never serialised.
        if name == "model":
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(
        cls,
        path: str | Path,
        overrides: list[str] | None = None,
        options: Mapping[str, tuple[str, Any]] | None = None,
    ) -> Scenario:
        """Load a scenario file, resolve ``extends``, apply ``--set`` overrides and validate.

        ``options`` are command-line options that set one field each, applied after the
        overrides: ``{"--end-year": ("world.end_year", 2030)}``; a problem they cause names them.

        Raises
        ------
        ScenarioError
            With a message naming the file, the line (where known), the field and what is allowed.
        """
        path = Path(path)
        try:
            data, origin = resolve_extends(path, what="scenario file")
            in_files = copy.deepcopy(data) if overrides or options else None
            apply_overrides(data, origin, overrides or [], options)
        except ConfigError as exc:
            raise ScenarioError(str(exc)) from None
        data.setdefault("name", path.stem)
        try:
            return cls.model_validate(_without_extends(data))
        except ValidationError as exc:
            # a problem between fields (a table's or the document's rule) is placed at the
            # command-line options when the files alone are valid: the options are its cause
            blame = in_files is not None and _is_valid(cls, {"name": path.stem, **in_files})
            where = where_from_origin(origin, path, command_line_first=blame)
            raise ScenarioError(explain(exc, cls, where)) from None

    @classmethod
    def from_dict(
        cls,
        data: dict[str, Any],
        origin: Origin | None = None,
        default_file: Path | str = "<scenario>",
    ) -> Scenario:
        """Validate a merged scenario document (as parsed from TOML).

        ``origin`` says where each key was set (:func:`~nqpf.sim.config.toml.resolve_extends`);
        problems with keys it does not know are placed in ``default_file``.
        """
        try:
            return cls.model_validate(_without_extends(data))
        except ValidationError as exc:
            raise ScenarioError(
                explain(exc, cls, where_from_origin(origin or {}, default_file))
            ) from None

    def with_overrides(self, overrides: dict[str, Any]) -> Scenario:
        """A copy with dotted-path overrides applied (``{"solow.alpha": 0.4}``), validated."""
        data = self.model_dump()
        for key, value in overrides.items():
            set_path(data, key.split("."), value)
        return type(self).from_dict(data, default_file=f"<overrides of {self.name}>")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of every parameter (JSON-serialisable)."""
        return self.model_dump(mode="json")


def _without_extends(data: dict[str, Any]) -> dict[str, Any]:
    """The document without its ``extends`` key (followed when the file was read)."""
    return {k: v for k, v in data.items() if k != "extends"}


def _is_valid(schema: type[Scenario], data: dict[str, Any]) -> bool:
    """Whether a merged document validates (errors of any kind count as not valid)."""
    try:
        schema.model_validate(_without_extends(data))
    except (ValidationError, ValueError):
        return False
    return True

"""The calibrated scenario file (``calibrated.toml``): the calibrated scenario with the estimates.

:func:`scenario_text` is written into a calibration's folder and, with ``--write-scenario``, to
``scenarios/calibrated.toml``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.calibration.report_tables import fmt, window_words
from nqpf.sim.experiments.runner import git_revision, package_version


def scenario_text(result: CalibrationResult, target: Path, command: str) -> str:
    """A scenario file extending the calibrated scenario with the estimates (and fixed values)."""
    loaded = result.loaded
    cfg = loaded.config
    base = (loaded.path.parent / cfg.model.scenario).resolve()
    extends = os.path.relpath(base, target.parent.resolve())
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    rev = git_revision()
    values: dict[str, dict[str, str]] = {}
    for key, value in cfg.model.set.items():
        section, name = key.split(".", 1)
        values.setdefault(section, {})[name] = (
            f"{_toml_value(value)}  # fixed in {loaded.path.name}"
        )
    for name, theta, se, lo, hi in zip(
        result.names, result.theta, result.inference.se, result.lower, result.upper
    ):
        section, field = name.split(".", 1)
        values.setdefault(section, {})[field] = (
            f"{theta:.6g}  # s.e. {fmt(se, 2)}, bounds [{lo:g}, {hi:g}]"
        )
    budget = "quick budget" if result.quick else "default budget"
    lines = [
        f"# Question: which values of {', '.join(result.names)} make the model reproduce the",
        f"#   targeted moments of {window_words(cfg)} ({', '.join(cfg.moments.use)})?",
        f"# Source: produced by `{command}` ({budget}, {when}, nqpf {package_version()}"
        + (f", git {rev}" if rev else "")
        + ");",
        f"#   method of simulated moments on the shipped provincial panel, {loaded.path.name}; "
        "docs/calibration.md.",
        f"# What it sets: the fitted parameters below (with their standard errors) and the values "
        f"held fixed in {loaded.path.name};",
        f"#   everything else, including the start year, is inherited from {Path(extends).name}. "
        "The search started from the",
        "#   parameters' declared defaults, not from the values the extended scenario sets.",
        f"# What to look at: the fit and its out-of-sample record "
        f"({_held_out(cfg.fit.end_year, cfg.validation.end_year)}) in docs/calibration.md",
        f"#   and docs/validation.md; `nqpf compare {Path(extends).name} calibrated.toml` shows "
        "what the estimates change (nothing where the extended scenario already carries them).",
        f'extends = "{extends}"',
        'name = "calibrated"',
        f'description = "{Path(extends).stem} with parameters fitted to provincial data '
        f'{window_words(cfg)} ({loaded.path.name})."',
    ]
    for section, fields in values.items():
        lines += ["", f"[{section}]"] + [f"{k} = {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


def _held_out(fit_end: int, hold_end: int | None) -> str:
    """Words for the held-out years of a fit."""
    if hold_end is None or hold_end <= fit_end:
        return "no held-out years"
    years = f"{fit_end + 1}" if hold_end == fit_end + 1 else f"{fit_end + 1}-{hold_end}"
    return f"held-out {years}, against five benchmarks"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)

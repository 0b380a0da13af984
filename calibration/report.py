"""Write a calibration's results: tables (CSV + Markdown), plots (PNG), the calibrated scenario.

:func:`write_results` turns a :class:`calibration.calibration_result.CalibrationResult` into a
folder::

    DIR/report.md                   estimates, moments, validation, notes, budget and timings
    DIR/estimates.csv|.md           estimate, standard error, 95 % interval, bounds, start value
    DIR/moments.csv                 every fitted moment: data, bootstrap se, fitted, at start values
    DIR/validation_moments.csv      held-out moments: data, model (from start, jump-off), naive
    DIR/validation_gdp.csv          RMSE of log GDP and MAPE by province for each forecast
    DIR/validation_summary.csv      one row per forecast
    DIR/validation_benchmarks.csv   RMSE of log GDP of the five benchmarks (calibration.benchmarks)
    DIR/gdp_paths.png               observed and simulated provincial GDP, 31 panels
    DIR/moments.png                 fitted minus observed moments in bootstrap standard errors
    DIR/observed_regions.parquet    the observed panel in model units
    DIR/simulated_regions.parquet   the fitted model's runs (column ``seed``; investment blanked in
                                    the years the data lack it)
    DIR/trace.csv                   best objective by stage and step
    DIR/calibrated.toml             a scenario extending the calibrated one with the estimates
    DIR/recovery.csv                with --check-identification: truth, estimate, s.e., z
    DIR/manifest.json               config, seeds, budget, timings, versions, and the SHA-256 of
                                    every other file (written last)

The folder is written whole or not at all (:func:`write_results`). Its tables are
:mod:`calibration.report_tables`, its figures :mod:`calibration.report_figures` and its
scenario :mod:`calibration.calibrated_scenario`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nqpf.calibration.calibrated_scenario import scenario_text
from nqpf.calibration.calibration_result import CalibrationResult
from nqpf.calibration.moment_definitions import MOMENTS
from nqpf.calibration.moments import moment_table
from nqpf.calibration.report_figures import plot_gdp_paths, plot_moments
from nqpf.calibration.report_tables import (
    estimates_markdown,
    moments_markdown,
    validation_markdown,
)
from nqpf.sim.experiments.atomic import replace_text
from nqpf.sim.experiments.outdir import MANIFEST, atomic_folder, seal
from nqpf.sim.experiments.runner import git_revision, package_version

KIND = "nqpf-calibration"
"""The ``kind`` field of a calibration's ``manifest.json``."""


def _formula(name: str) -> str:
    key = name if name in MOMENTS else name.rsplit("_", 1)[0]
    return MOMENTS[key].formula if key in MOMENTS else ""


def write_results(
    result: CalibrationResult,
    out_dir: Path,
    *,
    command: str,
    scenario_path: Path | None = None,
    extra_tables: dict[str, pd.DataFrame] | None = None,
) -> dict[str, Path]:
    """Write every output file (module docstring), whole or not at all; also ``scenario_path``
    when given, after the folder is in place.

    The files go to a temporary sibling folder, ``manifest.json`` last with the SHA-256 of every
    file, and the folder is then renamed into place
    (:func:`nqpf.sim.experiments.outdir.atomic_folder`), so an interrupted write leaves the old
    results or none, never a mix; a second writer into the same folder is refused.
    ``extra_tables`` (name -> table) are written as ``<name>.csv`` into the same folder (the
    identification check's ``recovery``). The returned paths are those in ``out_dir``."""
    out_dir = Path(out_dir)
    with atomic_folder(out_dir, KIND) as tmp:
        written = _write_results_into(result, tmp, command, extra_tables or {})
        seal(tmp, manifest(result, command) | {"kind": KIND}, default=_plain)
    paths = {name: out_dir / path.relative_to(tmp) for name, path in written.items()}
    paths["manifest"] = out_dir / MANIFEST
    if scenario_path is not None:
        replace_text(scenario_path, scenario_text(result, scenario_path, command))
        paths["scenario_shipped"] = scenario_path
    return paths


def _write_results_into(
    result: CalibrationResult, out_dir: Path, command: str, extra: dict[str, pd.DataFrame]
) -> dict[str, Path]:
    """Every file but the manifest, into ``out_dir`` (a temporary folder)."""
    paths: dict[str, Path] = {}

    def csv(name: str, df: pd.DataFrame) -> None:
        paths[name] = out_dir / f"{name}.csv"
        df.to_csv(paths[name], index=False, float_format="%.10g")

    est = result.estimates()
    est["note"] = [
        "; ".join(n for n in result.inference.notes if n.startswith(p)) for p in result.names
    ]
    csv("estimates", est)
    paths["estimates_md"] = out_dir / "estimates.md"
    paths["estimates_md"].write_text(
        "# Estimates\n\n" + estimates_markdown(result), encoding="utf-8"
    )
    moments = result.moments.copy()
    moments.insert(1, "formula", [_formula(n) for n in moments["moment"]])
    cfg = result.loaded.config
    moments.insert(2, "years", f"{cfg.fit.start_year}-{cfg.fit.end_year}")
    csv("moments", moments)
    if result.validation is not None:
        csv("validation_moments", result.validation.moments)
        csv("validation_gdp", result.validation.gdp_by_region)
        csv("validation_summary", result.validation.summary)
        csv("validation_benchmarks", result.validation.benchmarks)
    csv("trace", pd.DataFrame(result.search.trace))
    for name, table in extra.items():
        csv(name, table)
    result.observed.to_parquet(out_dir / "observed_regions.parquet", index=False)
    paths["observed_regions"] = out_dir / "observed_regions.parquet"
    sims = pd.concat(
        [t.assign(seed=s) for t, s in zip(result.fitted_runs, result.seeds)], ignore_index=True
    )
    sims = sims[
        [
            c
            for c in sims.columns
            if sims[c].dtype != object
            or c in ("region", "macro_region", "sci_tech_class", "strategy")
        ]
    ]
    sims.to_parquet(out_dir / "simulated_regions.parquet", index=False)
    paths["simulated_regions"] = out_dir / "simulated_regions.parquet"
    paths["gdp_paths"] = out_dir / "gdp_paths.png"
    plot_gdp_paths(result, paths["gdp_paths"])
    paths["moments_plot"] = out_dir / "moments.png"
    plot_moments(result, paths["moments_plot"])
    # out_dir is a sibling of the final folder: the relative ``extends`` path is the same
    paths["scenario"] = out_dir / "calibrated.toml"
    paths["scenario"].write_text(
        scenario_text(result, paths["scenario"], command), encoding="utf-8"
    )
    paths["report"] = out_dir / "report.md"
    paths["report"].write_text(report_markdown(result, command), encoding="utf-8")
    return paths


def report_markdown(result: CalibrationResult, command: str) -> str:
    cfg = result.loaded.config
    b = result.budget
    parts = [
        f"# Calibration: {cfg.name}",
        "",
        f"Command: `{command}`  ",
        f"Config: `{result.loaded.path}`; scenario `{cfg.model.scenario}`; "
        f"{'quick' if result.quick else 'default'} budget (popsize {b.popsize}, "
        f"{b.generations} generations, {b.polish_evaluations} polish evaluations, R = "
        f"{b.replications}, {b.bootstrap} bootstrap draws, limit {b.max_minutes:g} min); "
        f"{result.evaluations} evaluations = {result.runs} model runs on {result.jobs} "
        f"worker(s); wall time {result.timings['total_s']:.0f} s.",
        "",
        "## Estimates",
        "",
        estimates_markdown(result),
        "## Fitted and observed moments",
        "",
        moments_markdown(result),
        "![moments](moments.png)",
        "",
        "## Held-out validation",
        "",
        validation_markdown(result),
        "![GDP paths](gdp_paths.png)",
        "",
        "## Notes",
        "",
    ]
    parts += [f"- {n}" for n in result.notes] or ["- none"]
    parts += ["", "## Timings (s)", ""]
    parts += [f"- {k}: {v:.1f}" for k, v in result.timings.items()]
    return "\n".join(parts) + "\n"


def manifest(result: CalibrationResult, command: str) -> dict[str, Any]:
    return {
        "command": command,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": package_version(),
        "git_revision": git_revision(),
        "config_file": str(result.loaded.path),
        "config": result.loaded.config.model_dump(mode="json"),
        "budget": result.budget.model_dump(),
        "quick": result.quick,
        "seeds": result.seeds,
        "jobs": result.jobs,
        "runs": result.runs,
        "evaluations": result.evaluations,
        "timings_s": result.timings,
        "estimates": result.estimates()
        .astype(object)
        .where(result.estimates().notna(), None)
        .to_dict(orient="list"),
        "notes": result.notes + result.inference.notes,
        "failed_runs": result.errors[:20],
        "moment_formulas": moment_table().set_index("moment")["formula"].to_dict(),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")

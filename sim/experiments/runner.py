"""How one run happens, and how its outputs are written.

``run_scenario`` builds a model for a scenario and a seed, runs it and returns the tables with a
manifest. ``write_outputs`` writes them (Parquet by default, CSV on request). Models never write
files themselves; sweeps, comparisons and calibration call these functions.
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from nqpf.sim.accounting import NumericalError
from nqpf.sim.config import Scenario, ScenarioError
from nqpf.sim.experiments.outdir import MANIFEST, atomic_folder, seal, verify_folder
from nqpf.sim.experiments.preflight import check_memory
from nqpf.sim.experiments.provenance import REPO_ROOT as REPO_ROOT  # re-exported
from nqpf.sim.experiments.provenance import git_revision, package_version
from nqpf.sim.experiments.provenance import library_version as library_version  # re-exported
from nqpf.sim.model import RegionalEconomy
from nqpf.sim.outputs.registry import TABLES

KIND = "nqpf-run"
"""The ``kind`` field of a run's ``manifest.json`` (``outdir.check_replaceable``)."""


@dataclass
class RunResult:
    """Tables of one run and the manifest that says how they were made."""

    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any] = field(default_factory=dict)


def run_scenario(
    scenario: Scenario,
    seed: int,
    *,
    start_year: int | None = None,
    end_year: int | None = None,
    check_accounts: bool = False,
) -> RunResult:
    """Run one scenario with one seed from its start to its end year (overridable).

    ``check_accounts`` checks every stock-flow identity every year (AccountingError on a gap)."""
    overrides = {}
    if start_year is not None:
        overrides["world.start_year"] = start_year
    if end_year is not None:
        overrides["world.end_year"] = end_year
    if overrides:
        scenario = scenario.with_overrides(overrides)
    t0 = time.perf_counter()
    model = build_model(scenario, seed, check_accounts=check_accounts)
    tables = model.run()
    wall = time.perf_counter() - t0
    manifest = {
        "package": "nqpf",
        "version": package_version(),
        "git_revision": git_revision(),
        "seed": seed,
        "wall_time_s": round(wall, 4),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "libraries": {lib: library_version(lib) for lib in ("mesa", "numpy", "pandas", "pydantic")},
        "years": [scenario.world.start_year, scenario.world.end_year],
        "warnings": list(model.recorder.warnings),
        "warnings_not_listed": model.recorder.warnings_dropped,
        "scenario": scenario.to_dict(),
    }
    return RunResult(tables=tables, manifest=manifest)


def build_model(scenario: Scenario, seed: int, *, check_accounts: bool = False) -> RegionalEconomy:
    """Build the model and run its start year; parameters the start year cannot reconcile with the
    data (the set-up's ``ValueError``, or a start year with a negative or non-finite stock) become a :class:`ScenarioError` naming the scenario, so that
    ``nqpf validate`` (which calls this) and ``nqpf run`` refuse the same scenarios, both with
    exit code 2. A scenario whose estimated memory exceeds what the machine has available is
    refused first (:func:`~nqpf.sim.experiments.preflight.check_memory`)."""
    check_memory(scenario)
    try:
        return RegionalEconomy(scenario, seed=seed, check_accounts=check_accounts)
    except (ValueError, NumericalError) as exc:  # the start year: parameters, not the model
        raise ScenarioError(
            f"scenario '{scenario.name}' cannot start in {scenario.world.start_year}: {exc}"
        ) from None


def write_outputs(
    result: RunResult, out_dir: Path, fmt: Literal["parquet", "csv"] = "parquet"
) -> dict[str, Path]:
    """Write the tables (``national``, ``regions``, ``industries``, ``region_industries``) and
    ``manifest.json`` to ``out_dir``.

    Whole or not at all (:func:`~nqpf.sim.experiments.outdir.atomic_folder`): the tables go to a
    temporary sibling folder, the manifest with each table's SHA-256 last, and the folder is
    renamed into place, replacing an earlier output of any format; a second writer into the same
    folder is refused (:class:`~nqpf.sim.experiments.outdir.OutputError`)."""
    out_dir = Path(out_dir)
    names = {}
    with atomic_folder(out_dir, KIND) as tmp:
        for name, df in result.tables.items():
            path = tmp / f"{name}.{fmt}"
            if fmt == "parquet":
                df.to_parquet(path, index=False)
            else:
                df.to_csv(path, index=False)
            names[name] = path.name
        manifest = dict(result.manifest, kind=KIND, format=fmt, files=names)
        seal(tmp, manifest)
    paths = {name: out_dir / file for name, file in names.items()}
    paths["manifest"] = out_dir / MANIFEST
    return paths


def read_outputs(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the tables a run wrote, after checking the folder is complete.

    Only the tables the manifest lists are read (a stale table of another format beside them is
    ignored), and only when every file matches its hash in the manifest.

    Raises
    ------
    OutputError
        No manifest, no hashes, a missing table or a hash that disagrees.
    """
    out_dir = Path(out_dir)
    manifest = verify_folder(out_dir)
    readers = {"parquet": pd.read_parquet, "csv": pd.read_csv}
    tables = {}
    for name, file in manifest.get("files", {}).items():
        reader = readers.get(Path(file).suffix.lstrip("."))
        if reader is None or name not in TABLES:
            continue
        tables[name] = reader(out_dir / file)
    return tables

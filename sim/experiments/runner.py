"""How one run happens, and how its outputs are written.

``run_scenario`` builds a model for a scenario and a seed, runs it and returns the tables with a
manifest. ``write_outputs`` writes them (Parquet by default, CSV on request). Models never write
files themselves; sweeps, comparisons and calibration call these functions.
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from nqpf.sim.config import Scenario
from nqpf.sim.model import RegionalEconomy

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this module runs from (sim/experiments/ -> the repository root)."""


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
    model = RegionalEconomy(scenario, seed=seed, check_accounts=check_accounts)
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
        "scenario": scenario.to_dict(),
    }
    return RunResult(tables=tables, manifest=manifest)


def write_outputs(
    result: RunResult, out_dir: Path, fmt: Literal["parquet", "csv"] = "parquet"
) -> dict[str, Path]:
    """Write ``national``, ``regions``, ``industries`` and ``manifest.json`` to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, df in result.tables.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "parquet":
            df.to_parquet(path, index=False)
        else:
            df.to_csv(path, index=False)
        paths[name] = path
    manifest = dict(result.manifest, files={k: p.name for k, p in paths.items()})
    mpath = out_dir / "manifest.json"
    mpath.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    paths["manifest"] = mpath
    return paths


def read_outputs(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Read the tables a run wrote (either format)."""
    tables = {}
    for name in ("national", "regions", "industries"):
        for ext, reader in (("parquet", pd.read_parquet), ("csv", pd.read_csv)):
            path = Path(out_dir) / f"{name}.{ext}"
            if path.exists():
                tables[name] = reader(path)
                break
    return tables


def package_version() -> str:
    """The installed version of nqpf ('0+unknown' when it is not installed)."""
    try:
        return metadata.version("nqpf")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def library_version(lib: str) -> str:
    """The installed version of a library, or 'not installed'."""
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_revision() -> str | None:
    """The checkout's commit (with '+dirty' when files differ), or None outside git."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=5
        )
        if rev.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return rev.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None

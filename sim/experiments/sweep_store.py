"""The sweep's result store: its manifest, finished parts, and reading results back.

A sweep folder holds ``runs/part-<run_id>.parquet`` (one row per finished run, ok or error),
``series/part-<run_id>.parquet`` (national tables, with ``time_series = true``) and
``manifest.json``: the spec, the resolved base scenario, the design, seeds and metrics, a
fingerprint of them (a resume into a folder of another sweep is refused) and one entry per
session that ran in the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nqpf.sim.economics import compiled_path
from nqpf.sim.experiments.sweep_plan import Plan
from nqpf.sim.experiments.sweep_spec import Sweep

RUN_COLUMNS = ("run_id", "point", "replicate", "seed", "status", "error", "wall_time_s")
"""Columns of every run row besides parameter values and metrics."""


class SweepStoreError(ValueError):
    """The output folder cannot hold this sweep (another sweep's results, unreadable parts)."""


PARQUET_MIN_BYTES = 12
"""The smallest possible Parquet file (magic 'PAR1', footer length, magic 'PAR1'): a shorter
part (a zero-byte file left by a full disk or a copy) is not a finished run."""


def done_run_ids(out_dir: Path) -> set[str]:
    """Runs whose part file exists and can be a Parquet file (finished, ok or error)."""
    folder = Path(out_dir) / "runs"
    if not folder.is_dir():
        return set()
    return {p.name[5:-8] for p in folder.glob("part-*.parquet") if _plausible_part(p)}


def _plausible_part(path: Path) -> bool:
    """A part file at least :data:`PARQUET_MIN_BYTES` long that ends with Parquet's magic."""
    try:
        size = path.stat().st_size
        if size < PARQUET_MIN_BYTES:
            return False
        with open(path, "rb") as fh:
            fh.seek(-4, os.SEEK_END)
            return fh.read(4) == b"PAR1"
    except OSError:
        return False


def refresh_counts(out_dir: Path) -> None:
    """Recount the finished parts into the manifest's ``counts`` and ``status`` (after a pool has
    stopped: workers may have finished parts after the session's own count)."""
    path = Path(out_dir) / "manifest.json"
    if not path.is_file():
        return
    try:
        manifest = read_manifest(out_dir)
    except SweepStoreError:  # another command's folder, or a damaged record: leave it as it is
        return
    total = len(manifest.get("runs", {}).get("run_id", []))
    finished = len(done_run_ids(Path(out_dir)))
    manifest["counts"] = {"total": total, "finished": finished, "missing": total - finished}
    if total and finished >= total:
        manifest["status"] = "complete"
    write_manifest(Path(out_dir), manifest)


def read_runs(out_dir: str | Path) -> pd.DataFrame:
    """All finished runs of a sweep, one row each, sorted by run_id."""
    folder = Path(out_dir) / "runs"
    parts = sorted(p for p in folder.glob("part-*.parquet") if _plausible_part(p))
    if not parts:
        return pd.DataFrame(columns=list(RUN_COLUMNS))
    try:
        df = pq.read_table([str(p) for p in parts]).to_pandas()
    except (OSError, pa.ArrowException) as exc:
        raise SweepStoreError(f"{folder}: cannot read the run parts: {exc}") from None
    return df.sort_values("run_id", ignore_index=True)


def read_series(out_dir: str | Path) -> pd.DataFrame:
    """National tables of every run kept with ``time_series = true`` (a ``run_id`` column)."""
    folder = Path(out_dir) / "series"
    if not any(folder.glob("part-*.parquet")):
        return pd.DataFrame(columns=["run_id", "year"])
    return pd.read_parquet(folder).sort_values(["run_id", "year"], ignore_index=True)


MADE_BY = {
    "nqpf-sweep": ("a sweep folder", "nqpf sweep SPEC --out DIR"),
    "nqpf-policy-search": ("a policy-search folder", "nqpf optimise CONFIG --out DIR"),
}
"""What a store of each manifest ``kind`` is called and the command that makes it."""


def read_manifest(out_dir: str | Path, kind: str = "nqpf-sweep") -> dict[str, Any]:
    """The manifest of the store of ``kind`` (a sweep's, or a policy search's) in ``out_dir``;
    SweepStoreError when it has none, cannot be read, or is another command's (a run's, a
    comparison's, another kind of store)."""
    path = Path(out_dir) / "manifest.json"
    name, command = MADE_BY[kind]
    made_by = f"(made by '{command}')"
    if not path.is_file():
        raise SweepStoreError(f"{path} not found: {out_dir} is not {name} {made_by}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise SweepStoreError(
            f"{path} is not readable JSON ({exc}); the record is damaged."
        ) from None
    if not isinstance(manifest, dict) or manifest.get("kind") != kind:
        found = (
            (manifest.get("kind") or manifest.get("command"))
            if isinstance(manifest, dict)
            else None
        )
        what = f"an output of {found!r}" if found else "not an nqpf manifest"
        raise SweepStoreError(f"{out_dir} is not {name} {made_by}: its manifest.json is {what}.")
    return manifest


def build_manifest(sweep: Sweep, the_plan: Plan) -> dict[str, Any]:
    """The manifest's fixed part: spec, base scenario, design, seeds, metrics, fingerprint."""
    from nqpf.sim.experiments.runner import git_revision, library_version, package_version

    spec = sweep.spec
    metrics = (
        {name: {"description": m.describe(), "unit": m.unit()} for name, m in spec.metrics.items()}
        if spec.model == "engine"
        else {"y": {"description": "Ishigami function of x1, x2, x3 (a=7, b=0.1)", "unit": "-"}}
    )
    design = {
        "method": spec.design.method,
        "samples": spec.design.samples,
        "levels": spec.design.levels,
        "second_order": spec.design.second_order,
        "seed": the_plan.design_seed,
        "n_points": len(the_plan.points),
        "parameters": [
            {
                "path": p.path,
                "kind": p.kind,
                "range": [p.low, p.high] if p.low is not None else None,
                "values": list(p.values) if p.values is not None else None,
            }
            for p in sweep.parameters
        ],
        "points": the_plan.points.tolist(),
    }
    runs = {k: the_plan.runs[k].tolist() for k in the_plan.runs.columns}
    fixed = {
        "model": spec.model,
        "base_scenario": sweep.scenario.to_dict() if sweep.scenario else None,
        "design": design,
        "runs": runs,
        "metrics": {k: m.model_dump(mode="json") for k, m in spec.metrics.items()},
        "time_series": spec.time_series,
    }
    canonical = json.dumps(fixed, sort_keys=True, default=str).encode()
    fingerprint = hashlib.sha256(canonical).hexdigest()
    return {
        "kind": "nqpf-sweep",
        "name": spec.name,
        "description": spec.description,
        "spec_file": str(sweep.path),
        "spec": spec.model_dump(mode="json"),
        "replicates": spec.replicates,
        "master_seed": spec.master_seed,
        "common_random_numbers": spec.common_random_numbers,
        "metric_info": metrics,
        **fixed,
        "fingerprint": fingerprint,
        "versions": {
            "nqpf": package_version(),
            "git_revision": git_revision(),
            "python": platform.python_version(),
            "libraries": {
                lib: library_version(lib)
                for lib in ("mesa", "numpy", "pandas", "pyarrow", "SALib", "distributed", "numba")
            },
            # batch runs take the compiled kernels where Numba is installed; a compiled gravity
            # fit's last bits depend on the Numba build and the CPU (this process's)
            "compiled_kernels": compiled_path.describe()["batch_runs"],
            "cpu": platform.processor() or platform.machine(),
        },
        "sessions": [],
    }


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically (a temporary file renamed into place)."""
    path = out_dir / "manifest.json"
    tmp = out_dir / ".manifest.json.tmp"
    tmp.write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False, default=str), encoding="utf-8"
    )
    os.replace(tmp, path)


def now_utc() -> str:
    """The time now in UTC, ISO 8601 to the second (manifest timestamps)."""
    return datetime.now(UTC).isoformat(timespec="seconds")

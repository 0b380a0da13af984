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
from nqpf.sim.experiments.atomic import replace_text
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


FINGERPRINTED = ("model", "base_scenario", "design", "runs", "metrics", "time_series")
"""The parts of a sweep manifest its fingerprint is made of (:func:`build_manifest`)."""


def manifest_differences(old: dict[str, Any], new: dict[str, Any], shown: int = 6) -> list[str]:
    """What differs between the fingerprinted parts of the manifest in a folder (``old``) and
    the one of a command (``new``), one phrase each with both values: ``base scenario field
    'solow.alpha' (folder 0.33, this command 0.4)``; at most ``shown`` phrases and a count of the
    rest. Empty when they differ in nothing listed (another version of nqpf's fingerprint)."""
    keys = (*FINGERPRINTED, *_SEEDS, "spec")
    new = json.loads(json.dumps({k: new.get(k) for k in keys}, default=str))
    found: list[str] = []

    def add(what: str, before: Any, after: Any) -> None:
        found.append(f"{what} (folder {_shown(before)}, this command {_shown(after)})")

    for key in ("model", "time_series", *_SEEDS):
        if old.get(key) != new.get(key):
            add(key, old.get(key), new.get(key))
    before, after = _leaves(old.get("base_scenario")), _leaves(new.get("base_scenario"))
    for field in sorted(set(before) | set(after)):
        if before.get(field, _NONE) != after.get(field, _NONE):
            add(f"base scenario field '{field}'", before.get(field, _NONE), after.get(field, _NONE))
    design_old, design_new = old.get("design") or {}, new.get("design") or {}
    derived = all(  # a design seed drawn from the master seed is not named beside it
        (m.get("spec") or {}).get("design", {}).get("seed") is None for m in (old, new)
    ) and old.get("master_seed") != new.get("master_seed")
    for key in ("method", "samples", "levels", "second_order", *(() if derived else ("seed",))):
        if design_old.get(key) != design_new.get(key):
            add(f"design.{key}", design_old.get(key), design_new.get(key))
    params_old = {p.get("path"): p for p in design_old.get("parameters") or []}
    params_new = {p.get("path"): p for p in design_new.get("parameters") or []}
    if list(params_old) != list(params_new):
        add("parameters", list(params_old), list(params_new))
    for name in [p for p in params_new if p in params_old]:
        for key in ("kind", "range", "values"):
            if params_old[name].get(key) != params_new[name].get(key):
                add(
                    f"parameter '{name}' {key}",
                    params_old[name].get(key),
                    params_new[name].get(key),
                )
    metrics_old, metrics_new = old.get("metrics") or {}, new.get("metrics") or {}
    if list(metrics_old) != list(metrics_new):
        add("metrics", list(metrics_old), list(metrics_new))
    for name in [m for m in metrics_new if m in metrics_old]:
        if metrics_old[name] != metrics_new[name]:
            add(f"metric '{name}'", _set_only(metrics_old[name]), _set_only(metrics_new[name]))
    if not found and design_old.get("points") != design_new.get("points"):
        found.append("the design points")
    if not found and old.get("runs") != new.get("runs"):
        found.append("the runs' seeds")
    if len(found) > shown:
        found[shown:] = [f"and {len(found) - shown} more"]
    return found


_SEEDS = ("master_seed", "replicates", "common_random_numbers")
"""Top-level manifest fields that set the run table (its seeds); named before the table."""
_NONE = "(not set)"


def _leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted paths of a nested dict's leaves (lists are leaves); empty for a non-dict."""
    out: dict[str, Any] = {}
    for key, value in (data if isinstance(data, dict) else {}).items():
        if isinstance(value, dict):
            out.update(_leaves(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _set_only(metric: Any) -> Any:
    """A metric's definition without its unset (null) fields."""
    if isinstance(metric, dict):
        return {k: v for k, v in metric.items() if v is not None}
    return metric


def _shown(value: Any, limit: int = 60) -> str:
    """A value as in TOML-like JSON, cut at ``limit`` characters."""
    text = value if value == _NONE else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically (a temporary file renamed into place)."""
    text = json.dumps(manifest, indent=1, ensure_ascii=False, default=str)
    replace_text(out_dir / "manifest.json", text)


def now_utc() -> str:
    """The time now in UTC, ISO 8601 to the second (manifest timestamps)."""
    return datetime.now(UTC).isoformat(timespec="seconds")

"""Golden output hashes: record or check that a change leaves every number as it was.

Every shipped scenario (``scenarios/*.toml``) and the textbook ones (``scenarios/textbook/``),
seeds 0-2, run to 2035; each of the four tables is hashed bit for bit (column names, dtypes and
the raw bytes of every value). The runs take the NumPy reference path of the gravity fit even
where Numba is installed (``sim/economics/compiled_path.py``: the compiled fit agrees with it within
the fit's tolerance, not bit for bit). A re-layout must leave the hashes unchanged; a commit that changes
numbers on purpose regenerates the file and says which numbers moved and why.

The last bits of some float64 results depend on the machine: NumPy computes ``exp``, ``log``,
``power`` and others with its own AVX-512 routines where the processor has them, and OpenBLAS
picks its kernels by processor. The hashes are therefore computed in a child process with both
pinned to the AVX2 level (``pinned_environment``: NumPy's AVX-512 dispatch targets disabled,
``OPENBLAS_CORETYPE=Haswell``), so an x86-64 machine with AVX-512 gives the same bits as one
without (checked on both kinds). Other machine types (no AVX2, or not x86-64) keep sets of their
own (``platform_label``): the outputs must equal this machine type's set bit for bit, or, on a
machine type with no set yet, one of the others.

Usage::

    python tools/golden.py record         # numbers changed on purpose: this machine type's set
                                          # only (the other types' sets are stale and dropped)
    python tools/golden.py record --add   # numbers unchanged, a new machine type: add its set
    python tools/golden.py check          # compare, list what differs, exit 1 on a difference
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "hashes.json"
SEEDS = (0, 1, 2)
END_YEAR = 2035


def scenario_files() -> list[Path]:
    """The shipped scenarios and the textbook ones, in a fixed order."""
    files = sorted((ROOT / "scenarios").glob("*.toml")) + sorted(
        (ROOT / "scenarios" / "textbook").glob("*.toml")
    )
    return files


def table_hash(df: pd.DataFrame) -> str:
    """SHA-256 of a table: every column's name, dtype and the bytes of its values."""
    h = hashlib.sha256()
    h.update(str(len(df)).encode())
    for col in df.columns:
        values = df[col].to_numpy()
        h.update(f"|{col}:{values.dtype}|".encode())
        if values.dtype.kind in "biufc":
            h.update(np.ascontiguousarray(values).tobytes())
        else:
            h.update("\x1f".join(map(str, values)).encode())
    return h.hexdigest()


def compute() -> tuple[str, dict[str, str]]:
    """The machine type and the hash of every (scenario, seed, table), computed in a child process
    with the pinned floating-point environment (:func:`pinned_environment`)."""
    result = _child("_hashes")
    return result["label"], result["hashes"]


def pinned_label() -> str:
    """The machine type the child process of :func:`compute` reports (cheap: runs no model)."""
    return _child("_label")["label"]


def _child(mode: str) -> dict:
    """Run this file in ``mode`` in a child process with :func:`pinned_environment`; its result
    comes back as JSON in a file (the child's own output stays out of the way)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), mode, str(out)],
            env=pinned_environment(),
            capture_output=True,
            text=True,
            check=False,
            timeout=3600,
        )
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"the golden child process ({mode}) failed with exit code {done.returncode}:\n"
                f"{(done.stderr or done.stdout)[-3000:]}"
            )
        return json.loads(out.read_text())


def _is_wide(name: str) -> bool:
    """An AVX-512 dispatch target of NumPy (``X86_V4`` and ``AVX512_*`` in NumPy 2, ``AVX512*``
    in NumPy 1)."""
    return name.startswith("AVX512") or name == "X86_V4"


def pinned_environment() -> dict[str, str]:
    """This process's environment with float64 results pinned to the AVX2 level on an x86-64
    machine that has AVX2 and FMA3: every AVX-512 dispatch target of NumPy disabled
    (``NPY_DISABLE_CPU_FEATURES``, added to what is already disabled; a target the machine lacks
    is ignored; ``NPY_ENABLE_CPU_FEATURES``, which NumPy refuses beside it, removed) and OpenBLAS
    held to its Haswell kernels (``OPENBLAS_CORETYPE``). Elsewhere unchanged."""
    env = dict(os.environ)
    features = _cpu_features()
    if platform.machine() not in ("x86_64", "AMD64") or not (
        features.get("AVX2") and features.get("FMA3")
    ):
        return env
    disabled = env.get("NPY_DISABLE_CPU_FEATURES", "").replace(",", " ").split()
    wide = [name for name in _umath().__cpu_dispatch__ if _is_wide(name)]
    names = list(dict.fromkeys(disabled + wide))
    if names:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(names)
    env.pop("NPY_ENABLE_CPU_FEATURES", None)
    env["OPENBLAS_CORETYPE"] = "Haswell"
    return env


def _hashes_here() -> dict[str, str]:
    """Hash of every (scenario, seed, table) in this process, on the NumPy reference path."""
    from nqpf.sim.economics.compiled_path import reference_only

    with reference_only():
        return _compute()


def _compute() -> dict[str, str]:
    from nqpf.sim import Scenario
    from nqpf.sim.model import RegionalEconomy
    from nqpf.sim.outputs.registry import TABLES

    out: dict[str, str] = {}
    for path in scenario_files():
        scenario = Scenario.load(path).with_overrides({"world.end_year": END_YEAR})
        for seed in SEEDS:
            tables = RegionalEconomy(scenario, seed=seed).run()
            for name in TABLES:
                df = tables.get(name)
                key = f"{path.relative_to(ROOT).as_posix()}|seed={seed}|{name}"
                out[key] = table_hash(df) if df is not None else "absent"
    return out


def platform_label() -> str:
    """The machine type whose floating-point results a hash set records: the processor
    architecture, the widest vector extension NumPy dispatches its float64 functions to (on
    x86-64 with AVX-512, NumPy computes ``exp``, ``log``, ``power`` and others with its own
    vectorised routines, elsewhere mostly with the C library's; the last bits differ) and the C
    library with its version."""
    features = _cpu_features()
    if features.get("AVX512_SKX"):
        level = "avx512_skx"
    elif features.get("AVX2") and features.get("FMA3"):
        level = "avx2"
    else:
        level = "baseline"
    libc, version = platform.libc_ver()
    return f"{platform.machine()}-{level}-{libc or sys.platform}{version}"


def _cpu_features() -> dict[str, bool]:
    """The processor features NumPy detected and has not been told to leave unused."""
    return dict(_umath().__cpu_features__)


def _umath():  # noqa: ANN202 - NumPy's private extension module
    try:
        from numpy._core import _multiarray_umath
    except ImportError:  # NumPy 1.x
        from numpy.core import _multiarray_umath
    return _multiarray_umath


def load_sets() -> dict[str, dict[str, str]]:
    """The recorded hash sets by machine type (a file of one flat set, as written before machine
    types were recorded, reads as the set of an unnamed machine type)."""
    data = json.loads(GOLDEN.read_text())
    if "platforms" in data:
        return data["platforms"]
    return {"unlabelled (recorded before machine types were named)": data}


def compare(
    hashes: dict[str, str], sets: dict[str, dict[str, str]], label: str | None = None
) -> tuple[str, list[str]]:
    """The recorded set ``hashes`` is held to and the tables that differ from it (an empty list:
    equal bit for bit). That set is this machine type's (``label``) where one is recorded,
    otherwise the closest one (fewest differing tables)."""
    if not sets:
        raise ValueError(f"{GOLDEN.relative_to(ROOT)} holds no hash set")
    candidates = {label: sets[label]} if label in sets else sets
    best: tuple[str, list[str]] | None = None
    for name, expected in candidates.items():
        differ = sorted(
            k for k in expected.keys() | hashes.keys() if expected.get(k) != hashes.get(k)
        )
        if best is None or len(differ) < len(best[1]):
            best = (name, differ)
    return best  # type: ignore[return-value]


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] in ("_hashes", "_label"):  # the child process of _child()
        result = {"label": platform_label()}
        if argv[0] == "_hashes":
            result["hashes"] = _hashes_here()
        Path(argv[1]).write_text(json.dumps(result))
        return 0
    if not argv or argv[0] not in ("record", "check") or argv[1:] not in ([], ["--add"]):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "record":
        label = pinned_label()
        sets = load_sets() if argv[1:] == ["--add"] and GOLDEN.exists() else {}
        if label in sets:
            print(
                f"{label} already has a set; 'record --add' adds a new machine type's set, "
                "'record' replaces the sets after a change of numbers",
                file=sys.stderr,
            )
            return 2
        label, hashes = compute()
        dropped = sorted(set(load_sets()) - {label}) if GOLDEN.exists() and not sets else []
        sets[label] = hashes
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps({"platforms": sets}, indent=1, sort_keys=True) + "\n")
        print(f"recorded {len(hashes)} table hashes for {label} in {GOLDEN.relative_to(ROOT)}")
        for other in dropped:
            print(f"dropped the hashes of {other}: record them again on such a machine")
        return 0
    label, hashes = compute()
    closest, differ = compare(hashes, load_sets(), label)
    for k in differ:
        print(f"differs: {k}")
    print(
        f"this machine: {label}; held to the set of: {closest}; "
        f"{len(differ)} of {len(hashes)} table hashes differ from it"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Golden output hashes: record or check that a change leaves every number as it was.

Every shipped scenario (``scenarios/*.toml``) and the textbook ones (``scenarios/textbook/``),
seeds 0-2, run to 2035; each of the four tables is hashed bit for bit (column names, dtypes and
the raw bytes of every value). The runs take the NumPy reference path of the gravity fit even
where Numba is installed (``sim/economics/compiled_path.py``: the compiled fit agrees with it within
the fit's tolerance, not bit for bit). A re-layout must leave the hashes unchanged; a commit that changes
numbers on purpose regenerates the file and says which numbers moved and why.

Usage::

    python tools/golden.py record   # write tests/golden/hashes.json
    python tools/golden.py check    # compare, list what differs, exit 1 on a difference
"""

from __future__ import annotations

import hashlib
import json
import sys
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


def compute() -> dict[str, str]:
    """Hash of every (scenario, seed, table)."""
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


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("record", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    hashes = compute()
    if argv[0] == "record":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n")
        print(f"recorded {len(hashes)} table hashes in {GOLDEN.relative_to(ROOT)}")
        return 0
    expected = json.loads(GOLDEN.read_text())
    differ = sorted(k for k in expected.keys() | hashes.keys() if expected.get(k) != hashes.get(k))
    for k in differ:
        print(f"differs: {k}")
    print(f"{len(hashes) - len(differ)} of {len(expected)} table hashes as recorded")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Hand mutations of the engine that the fast test suite must catch.

Each mutation edits one or more engine files (an exact snippet, which must occur once), runs the
fast suite (``-m "not slow and not browser"``) without the golden-hash test (which would catch any
change and so prove nothing about the behavioural tests), records whether it failed, and restores
the files, also on Ctrl-C. Exit code 1 if any mutation survives.

Usage::

    python tools/mutations.py                      # all mutations, the fast suite
    python tools/mutations.py bank_losses misfit   # some
    python tools/mutations.py --unit               # only tests/unit (which unit tests catch each)
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    meaning: str
    edits: tuple[tuple[str, str, str], ...]
    """(file, original snippet, mutated snippet)."""


MUTATIONS = (
    Mutation(
        "demand_sign",
        "flip the sign of the demand exponent in market clearing",
        (
            (
                "sim/economics/markets.py",
                "neg_elasticity = -elasticity",
                "neg_elasticity = elasticity",
            ),
        ),
    ),
    Mutation(
        "firm_depreciation",
        "remove depreciation of firms' capital",
        (
            (
                "agents/firms/production.py",
                "f.capital = (1.0 - delta) * f.capital + arriving",
                "f.capital = f.capital + arriving",
            ),
        ),
    ),
    Mutation(
        "aggregate_depreciation",
        "remove depreciation of the aggregate sector's capital",
        (
            (
                "agents/region.py",
                "reg.capital = (1.0 - delta) * reg.capital + reg.investment",
                "reg.capital = reg.capital + reg.investment",
            ),
        ),
    ),
    Mutation(
        "misfit",
        "drop the misfit penalty (at the start and every year)",
        (
            (
                "agents/region.py",
                "lrn.misfit = 1.0 + tech.misfit_penalty * lrn.gap",
                "lrn.misfit = 1.0 + 0.0 * lrn.gap",
            ),
            (
                "sim/setup/__init__.py",
                "misfit=1.0 + tech.misfit_penalty * gap",
                "misfit=1.0 + 0.0 * gap",
            ),
        ),
    ),
    Mutation(
        "migration_inflow",
        "inflate migration inflows by 1 %",
        (
            (
                "sim/economics/flows.py",
                "return flows.sum(axis=0) - flows.sum(axis=1)",
                "return 1.01 * flows.sum(axis=0) - flows.sum(axis=1)",
            ),
        ),
    ),
    Mutation(
        "bank_losses",
        "drop bank losses from bank capital",
        (
            (
                "agents/financier.py",
                "b.capital = b.capital + b.interest_income - funding_cost - b.losses",
                "b.capital = b.capital + b.interest_income - funding_cost",
            ),
        ),
    ),
)


def run_fast_suite(unit_only: bool = False) -> subprocess.CompletedProcess:
    """The fast suite without the golden hashes; stops at the first failure unless ``unit_only``
    (then every failing unit test is listed)."""
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    args += ["-m", "not slow and not browser"]
    args += ["--deselect", "tests/integration/test_golden.py::test_outputs_match_the_golden_hashes"]
    args += ["tests/unit"] if unit_only else ["-x"]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def apply(m: Mutation) -> dict[Path, str]:
    originals: dict[Path, str] = {}
    for file, old, new in m.edits:
        path = ROOT / file
        text = originals.setdefault(path, path.read_text())
        current = path.read_text()
        if current.count(old) != 1:
            raise SystemExit(f"{m.name}: snippet not found exactly once in {file}: {old!r}")
        path.write_text(current.replace(old, new))
        del text
    return originals


def main(names: list[str]) -> int:
    unit_only = "--unit" in names
    names = [n for n in names if n != "--unit"]
    chosen = [m for m in MUTATIONS if not names or m.name in names]
    unknown = set(names) - {m.name for m in MUTATIONS}
    if unknown:
        print(
            f"unknown mutation(s): {', '.join(sorted(unknown))}; known: {', '.join(m.name for m in MUTATIONS)}"
        )
        return 2
    survived = []
    for m in chosen:
        t0 = time.perf_counter()
        originals = apply(m)
        try:
            proc = run_fast_suite(unit_only)
        finally:
            for path, text in originals.items():
                path.write_text(text)
        caught = proc.returncode != 0
        lines = proc.stdout.splitlines()
        failed = [line.split(" ")[1] for line in lines if line.startswith(("FAILED", "ERROR"))]
        where = "-"
        if failed:
            where = (
                f"{len(failed)} tests, e.g. " + ", ".join(failed[:3]) if unit_only else failed[0]
            )
        print(
            f"{m.name:24s} {'caught' if caught else 'SURVIVED':9s} {time.perf_counter() - t0:6.1f} s  {where}"
        )
        if not caught:
            survived.append(m.name)
    suite = "the unit tests" if unit_only else "the fast suite"
    print(f"{len(chosen) - len(survived)} of {len(chosen)} mutations caught by {suite}")
    return 1 if survived else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

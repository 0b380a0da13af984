"""Refresh docs/validation.md from an ``nqpf backtest`` folder: its tables and its figures.

Usage (the commands that produced docs/validation.md)::

    .venv/bin/nqpf backtest scenarios/baseline.toml --out out/backtest/baseline --seeds 3 --jobs 1
    .venv/bin/python docs/tools/validation_tables.py out/backtest/baseline

Replaces the text between ``<!-- backtest-tables:start -->`` and ``<!-- backtest-tables:end -->``
in ``docs/validation.md`` with the folder's ``tables.md`` and copies its PNG figures to
``docs/validation/``. The prose around the block (the verdict's explanation) is not touched:
read the new tables and update it by hand when the numbers move.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "validation.md"
FIGURES = ROOT / "docs" / "validation"
START, END = "<!-- backtest-tables:start -->", "<!-- backtest-tables:end -->"


def refresh(folder: Path, doc: Path = DOC, figures: Path = FIGURES) -> None:
    """Paste ``folder/tables.md`` into the marked block of ``doc``; copy the PNGs to ``figures``."""
    from nqpf.sim.experiments.outdir import verify_folder

    manifest = verify_folder(folder)
    if manifest.get("kind") != "nqpf-backtest":
        sys.exit(f"{folder}: not an nqpf backtest folder (manifest kind {manifest.get('kind')!r})")
    text = doc.read_text(encoding="utf-8")
    if text.count(START) != 1 or text.count(END) != 1:
        sys.exit(f"{doc}: needs exactly one {START} and one {END}")
    head, rest = text.split(START)
    _, tail = rest.split(END)
    tables = (folder / "tables.md").read_text(encoding="utf-8").strip()
    doc.write_text(f"{head}{START}\n{tables}\n{END}{tail}", encoding="utf-8")
    figures.mkdir(parents=True, exist_ok=True)
    for png in sorted(folder.glob("*.png")):
        shutil.copyfile(png, figures / png.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="an nqpf backtest output folder")
    args = parser.parse_args()
    refresh(args.folder)


if __name__ == "__main__":
    main()

"""Files replaced whole: written to a hidden sibling, then renamed over the target.

A reader (or a resumed sweep) sees the old file or the new one, never half of one; a failed
write leaves the old file and removes the sibling. The sibling's name starts with '.', which
Parquet dataset readers skip, and carries the process id, so two writers never share one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def replace_whole(path: Path, write: Callable[[Path], object]) -> None:
    """Replace ``path`` by what ``write`` writes to the sibling path it is given."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def replace_text(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` (UTF-8) whole."""
    replace_whole(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))

"""Which nqpf made an output: the package version and the git commit of the checkout.

Only the standard library is imported, so that ``nqpf --version`` stays instant;
:mod:`~nqpf.sim.experiments.runner` re-exports these for the manifests.
"""

from __future__ import annotations

import subprocess
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this module runs from (sim/experiments/ -> the repository root)."""


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

"""runner: where the checkout is, and the library versions a manifest records."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nqpf.sim.experiments.runner import REPO_ROOT, library_version


def test_runner_finds_the_repository_and_library_versions():
    assert (Path(REPO_ROOT) / "pyproject.toml").is_file()
    assert library_version("numpy") == np.__version__
    assert library_version("no-such-library-here") == "not installed"

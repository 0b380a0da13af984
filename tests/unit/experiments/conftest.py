"""Fixtures of the experiments layer's unit tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def ishigami_spec(tmp_path: Path) -> Callable[..., Path]:
    """A factory of sweep specs: a 2 x 2 x 2 grid on the Ishigami function (no engine run), two
    replicates per point, written into ``tmp_path / folder``."""

    def write(folder: str = ".", *, crn: bool = True, seed: int = 3) -> Path:
        spec = tmp_path / folder / "spec.toml"
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(f"""name = "unit"
model = "ishigami"
replicates = 2
master_seed = {seed}
common_random_numbers = {str(crn).lower()}
[parameters]
x1 = {{ range = [0.0, 1.0] }}
x2 = {{ range = [0.0, 1.0] }}
x3 = {{ range = [0.5, 1.5] }}
[design]
method = "grid"
levels = 2
""")
        return spec

    return write

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


TINY_BASE = """name = "tiny"
[world]
geography = "synthetic:4"
start_year = 2023
end_year = 2027
[economy]
initial_firms = 300
firm_agents = false
"""

TINY_SEARCH = """name = "tiny_search"
base = "base.toml"
master_seed = 11
seeds = 2
[levers]
"central.capacity_controls" = { values = [false, true] }
"government.subsidy_rate" = { range = [0.0, 0.35] }
[objectives]
gdp_growth = { reduce = "growth", column = "gdp", years = [2024, 2027], direction = "maximize" }
written_off = { reduce = "sum", column = "written_off_capital", direction = "minimize" }
[uncertainty]
states = 2
[uncertainty.parameters]
"government.upgrade_return" = { range = [0.0, 0.08] }
[search]
trials = 8
batch = 4
"""


@pytest.fixture
def policy_config(tmp_path: Path) -> Callable[..., Path]:
    """A factory of policy-search configs on a tiny synthetic economy (4 regions, 300 firms,
    2023-2027): two levers, two objectives, 2 states x 2 seeds, 8 candidates in batches of 4.
    ``extra`` is appended to the config; ``replace`` maps config text to its replacement."""

    def write(extra: str = "", replace: dict[str, str] | None = None) -> Path:
        (tmp_path / "base.toml").write_text(TINY_BASE)
        text = TINY_SEARCH
        for old, new in (replace or {}).items():
            assert old in text, old
            text = text.replace(old, new)
        path = tmp_path / "search.toml"
        path.write_text(text + extra)
        return path

    return write

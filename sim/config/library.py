"""The shipped scenario library: where it is, what is in it, the question each file asks."""

from __future__ import annotations

from pathlib import Path

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"
"""The repository's ``scenarios/`` folder."""


def list_scenarios(root: Path = SCENARIO_DIR) -> list[Path]:
    """All scenario files under ``root`` (recursively), sorted; sweep specs (``sweeps/``) and
    policy-search configs (``policy/``) are left out."""
    return sorted(p for p in root.rglob("*.toml") if not {"sweeps", "policy"} & set(p.parts))


def scenario_question(path: Path) -> str:
    """The leading comment block of a scenario file (its question), without the '#' marks."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("#"):
            lines.append(line.lstrip("#").strip())
        elif line.strip():
            break
    return "\n".join(lines).strip()

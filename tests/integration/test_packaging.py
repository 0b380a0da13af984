"""The built wheel carries every module and data file a user's install needs, and building it
raises no packaging warning (setuptools warns of data folders missing from ``packages``, which a
later setuptools would leave out of the wheel)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIRS = {
    "sim": "nqpf/sim",
    "agents": "nqpf/agents",
    "calibration": "nqpf/calibration",
    "dashboards": "nqpf/dashboards",
}


def _expected() -> set[str]:
    """Every module and data file under the package folders, named as in the wheel."""
    files = set()
    for folder, name in PACKAGE_DIRS.items():
        for path in (ROOT / folder).rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            if path.suffix != ".pyc":
                files.add(f"{name}/{path.relative_to(ROOT / folder).as_posix()}")
    return files


@pytest.mark.slow
def test_wheel_holds_every_module_and_data_file_without_packaging_warnings(tmp_path: Path) -> None:
    # built from a copy of the sources, so that no build folder is left in the checkout
    source, wheels = tmp_path / "source", tmp_path / "wheels"
    for folder in PACKAGE_DIRS:
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "absent from the `packages` configuration" not in built.stdout + built.stderr
    (wheel,) = wheels.glob("nqpf-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = sorted(_expected() - names)
    assert not missing, f"files not in the wheel: {missing}"
    # the data the engine reads at import of a scenario and the licences it ships with them
    assert "nqpf/sim/data/industries.toml" in names
    assert any(n.startswith("nqpf/sim/data/licenses/") for n in names)
    assert "nqpf/calibration/data/national_deflator.csv" in names

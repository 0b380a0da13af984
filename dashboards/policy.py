"""The policy-search page's plain-Python side: finding search folders, the scatter's data, and
opening a front point as a scenario.

A search folder is read by :func:`nqpf.sim.experiments.policy_folder.load_policy_folder` (the
report reads it the same way). Opening a front point reads its scenario file
(``scenarios/front_NN.toml``): the scenario it ``extends`` must be one the picker offers (a
file under ``scenarios/``), and its lever values are applied as the sidebar's levers through the
same checks as a shared link or a settings file (:func:`nqpf.dashboards.share.settings_from_fields`),
so the run is the base scenario with the point's levers, and the sidebar shows them as changed.
Settings of the file that are not dashboard levers (the search's ``[set]``, e.g. its end year)
are named in the page's notice, not applied.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.dashboards.ensemble import override_text
from nqpf.dashboards.levers import levers
from nqpf.dashboards.simulation import Settings
from nqpf.sim.config import SCENARIO_DIR
from nqpf.sim.experiments.policy_folder import KIND, PolicyFolder, PolicyFolderError

OUT_ROOT = Path("out")
"""Where the page looks for searches (relative to the server's working directory)."""


def find_searches(root: Path = OUT_ROOT, depth: int = 3) -> list[str]:
    """Folders under ``root`` (up to ``depth`` levels) whose manifest is a policy search's."""
    found: list[str] = []
    if not root.is_dir():
        return found
    manifests = [m for d in range(1, depth + 1) for m in root.glob("*/" * d + "manifest.json")]
    for manifest in manifests:
        try:
            kind = json.loads(manifest.read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError, AttributeError):
            continue
        if kind == KIND and (manifest.parent / "front.csv").exists():
            found.append(manifest.parent.as_posix())
    return sorted(set(found))


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A TOML document's tables as dotted paths (``{"solow": {"s": 1}}`` -> ``solow.s``)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


def point_settings(
    folder: PolicyFolder, point: int, current: Settings, root: Path = SCENARIO_DIR
) -> tuple[Settings, list[str]]:
    """The settings that run front point ``point``: its base scenario with its levers.

    PolicyFolderError when the file is missing or its base scenario is not under ``root``;
    lever values the model refuses and settings that are not levers come back as messages."""
    from nqpf.dashboards.share import settings_from_fields

    path = folder.scenario_file(point)
    if not path.is_file():
        raise PolicyFolderError(f"{path} does not exist (front point {point} has no scenario file)")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PolicyFolderError(f"{path} cannot be read: {exc}") from None
    extends = doc.pop("extends", None)
    if not isinstance(extends, str):
        raise PolicyFolderError(f"{path}: field 'extends' (the base scenario) is missing")
    base = (path.parent / extends).resolve()
    try:
        key = base.relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        raise PolicyFolderError(
            f"{path}: its base scenario {base} is not under {root}, so the dashboard cannot "
            f"open it; run it with: nqpf run {path}"
        ) from None
    fields = _flatten({k: v for k, v in doc.items() if isinstance(v, dict)})
    lever_paths = {lv.path for lv in levers()}
    items = [override_text(p, v) for p, v in fields.items() if p in lever_paths]
    skipped = [f"{p} = {v!r}" for p, v in fields.items() if p not in lever_paths]
    settings, problems = settings_from_fields(key, current.seed, items, Settings(key, current.seed))
    if skipped:
        problems.append(f"{path.name}: not dashboard levers, not applied: {', '.join(skipped)}")
    return settings, problems


def scatter_points(
    folder: PolicyFolder, x: str, y: str, stat: str, labels: dict[str, str]
) -> dict[str, Any]:
    """The scatter's data: front points, other candidates and the base policy, each with a
    hover text of every objective (``labels``: objective -> shown name)."""

    def text(row: pd.Series) -> str:
        return "\n".join(f"{labels[n]}: {row[f'{n}_{stat}']:.4g}" for n in folder.objectives)

    def xy(row: pd.Series) -> tuple[float | None, float | None]:
        values = (float(row[f"{x}_{stat}"]), float(row[f"{y}_{stat}"]))
        return tuple(v if pd.notna(v) else None for v in values)  # type: ignore[return-value]

    front = [
        {"point": int(r["point"]), "x": xy(r)[0], "y": xy(r)[1], "text": text(r)}
        for _, r in folder.front.iterrows()
    ]
    others = folder.candidates
    if "on_front" in others:
        others = others[~others["on_front"].astype(bool)]
    if "base_policy" in others:
        others = others[~others["base_policy"].astype(bool)]
    rest = [{"x": xy(r)[0], "y": xy(r)[1]} for _, r in others.iterrows()]
    base = folder.base
    ref = None if base is None else {"x": xy(base)[0], "y": xy(base)[1], "text": text(base)}
    return {"front": front, "others": [p for p in rest if None not in p.values()], "base": ref}

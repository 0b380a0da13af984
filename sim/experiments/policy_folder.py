"""Reading a policy-search folder back, and what its front says: trade-offs and the base policy.

``nqpf optimise`` writes a folder (:mod:`nqpf.sim.experiments.policy_output`); the report
(:mod:`nqpf.sim.experiments.policy_report`) and the dashboard's policy page read it through
:func:`load_policy_folder`, which checks that every needed file is there and names the folder
and the missing files when not. The analysis works on the files alone, so the report's and the
page's numbers are those of the CSVs.

**Trade-offs along the front.** For objectives a and b, each front point's score is oriented so
that higher is better (``-score`` when minimising); the Spearman rank correlation rho of the two
oriented scores over the front points says how they move along the front: rho < 0, improving one
costs the other (a trade-off); rho > 0, they improve together. With two front points the sign of
the one pair's differences stands in for rho; with one point there is nothing to trade.

**Beating the base policy.** A front point beats the base scenario's own levers
(``base_policy`` in ``candidates.csv``) when its score is strictly better on every objective.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REQUIRED = ("manifest.json", "candidates.csv", "front.csv", "robustness.csv", "scenarios")
"""What a folder must hold to be read as a policy search (``discovery.csv`` is optional)."""
KIND = "nqpf-policy-search"
"""The ``kind`` field of a search's ``manifest.json``."""
STATS = ("expected", "worst_decile", "max_regret", "mean_regret")


class PolicyFolderError(ValueError):
    """A folder that is not a (finished) policy-search output."""


@dataclass(frozen=True, eq=False)
class PolicyFolder:
    """The tables and settings of one policy-search folder."""

    path: Path
    name: str
    score: str
    """The robustness measure the sampler optimised (``expected`` or ``worst_decile``)."""
    objectives: dict[str, dict[str, Any]]
    """Objective name -> its config (``direction``, ``reduce``, ``column``, years)."""
    levers: list[str]
    uncertain: dict[str, tuple[float, float]]
    """Uncertain parameter -> its (low, high) range in the ensemble."""
    candidates: pd.DataFrame
    front: pd.DataFrame
    robustness: pd.DataFrame
    discovery: pd.DataFrame | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> pd.Series | None:
        """The base scenario's own policy (the reference), when the search evaluated it."""
        if "base_policy" not in self.candidates:
            return None
        rows = self.candidates[self.candidates["base_policy"].astype(bool)]
        return None if rows.empty else rows.iloc[0]

    def direction(self, objective: str) -> str:
        return str(self.objectives[objective]["direction"])

    def scenario_file(self, point: int) -> Path:
        """The scenario file of front point ``point``."""
        return self.path / "scenarios" / f"front_{int(point):02d}.toml"


def load_policy_folder(path: str | Path) -> PolicyFolder:
    """Read a search folder; :class:`PolicyFolderError` naming the folder and what is missing."""
    folder = Path(path)
    if not folder.is_dir():
        raise PolicyFolderError(f"{folder} is not a folder (nqpf optimise writes out/policy/NAME)")
    missing = [name for name in REQUIRED if not (folder / name).exists()]
    if missing:
        raise PolicyFolderError(
            f"{folder} is not a policy-search output: missing {', '.join(missing)} "
            "(written by nqpf optimise CONFIG; a search still running has no front.csv yet)"
        )
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PolicyFolderError(f"{folder}/manifest.json cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise PolicyFolderError(f"{folder}/manifest.json: field 'kind' must be {KIND!r}")
    config = manifest.get("config") or {}
    objectives = config.get("objectives") or {}
    score = (config.get("search") or {}).get("score", "expected")
    params = (config.get("uncertainty") or {}).get("parameters") or {}
    tables = {}
    for name in ("candidates", "front", "robustness"):
        tables[name] = pd.read_csv(folder / f"{name}.csv")
    needed = [f"{n}_{s}" for n in objectives for s in STATS]
    for name in ("candidates", "front"):
        lacking = [c for c in needed if c not in tables[name]]
        if lacking:
            raise PolicyFolderError(f"{folder}/{name}.csv: missing columns {', '.join(lacking)}")
    discovery = folder / "discovery.csv"
    return PolicyFolder(
        path=folder,
        name=str(manifest.get("name", folder.name)),
        score=str(score),
        objectives={k: dict(v) for k, v in objectives.items()},
        levers=list(config.get("levers") or {}),
        uncertain={
            k: (float(v["range"][0]), float(v["range"][1]))
            for k, v in params.items()
            if v.get("range")
        },
        candidates=tables["candidates"],
        front=tables["front"],
        robustness=tables["robustness"],
        discovery=pd.read_csv(discovery) if discovery.exists() else None,
        manifest=manifest,
    )


def oriented(folder: PolicyFolder, table: pd.DataFrame, objective: str, stat: str) -> np.ndarray:
    """Scores with higher = better (minimised objectives negated)."""
    values = table[f"{objective}_{stat}"].to_numpy(dtype=float)
    return values if folder.direction(objective) == "maximize" else -values


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Rank correlation (average ranks for ties); NaN when one side is constant."""
    rx, ry = pd.Series(x).rank().to_numpy(), pd.Series(y).rank().to_numpy()
    if np.std(rx) == 0 or np.std(ry) == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])


@dataclass(frozen=True)
class PairMove:
    """How two objectives move together along the front."""

    a: str
    b: str
    rho: float
    """Rank correlation of the oriented scores over the front points (module docstring)."""

    @property
    def trade_off(self) -> bool:
        return self.rho < 0


def trade_offs(folder: PolicyFolder, stat: str | None = None) -> list[PairMove]:
    """Every pair of objectives, the strongest trade-off (most negative rho) first."""
    stat = stat or folder.score
    names = list(folder.objectives)
    front = folder.front
    moves = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            x, y = oriented(folder, front, a, stat), oriented(folder, front, b, stat)
            if len(front) >= 3:
                rho = _spearman(x, y)
            elif len(front) == 2:
                rho = float(np.sign((x[1] - x[0]) * (y[1] - y[0])))
            else:
                rho = float("nan")
            if np.isfinite(rho):
                moves.append(PairMove(a, b, rho))
    return sorted(moves, key=lambda m: (m.rho, m.a, m.b))


def best_points(folder: PolicyFolder, stat: str | None = None) -> dict[str, int]:
    """Objective -> the front point best on it."""
    stat = stat or folder.score
    out = {}
    for name in folder.objectives:
        values = oriented(folder, folder.front, name, stat)
        out[name] = int(folder.front["point"].iloc[int(np.nanargmax(values))])
    return out


def beating_base(folder: PolicyFolder, stat: str | None = None) -> list[int]:
    """Front points strictly better than the base policy on every objective (empty without a
    base policy)."""
    stat = stat or folder.score
    base = folder.base
    if base is None:
        return []
    better = np.ones(len(folder.front), dtype=bool)
    for name in folder.objectives:
        reference = float(base[f"{name}_{stat}"])
        if folder.direction(name) == "minimize":
            reference = -reference
        better &= oriented(folder, folder.front, name, stat) > reference
    return [int(p) for p in folder.front["point"][better]]


def discovery_boxes(folder: PolicyFolder) -> pd.DataFrame:
    """``discovery.csv`` with each restriction as text (``x >= 0.91``, ``0.2 <= x <= 0.5``)."""
    if folder.discovery is None:
        return pd.DataFrame()
    table = folder.discovery.copy()
    table["restriction"] = [
        restriction(
            r.get("parameter"), r.get("low"), r.get("high"), folder.uncertain, r.get("states")
        )
        for _, r in table.iterrows()
    ]
    return table


def restriction(
    parameter: Any,
    low: Any,
    high: Any,
    ranges: dict[str, tuple[float, float]],
    states: Any = None,
) -> str:
    """A box's bounds on one parameter, leaving out an end that is the ensemble's own.

    PRIM's box ends at the sampled states' extremes where it does not restrict a parameter, so
    an end within 2/N of the range's width of the range's end (N states) is not a restriction."""
    if not isinstance(parameter, str) or not parameter:
        return ""
    lo, hi = ranges.get(parameter, (float("-inf"), float("inf")))
    span = (hi - lo) if np.isfinite(hi - lo) else 1.0
    n = float(states) if states is not None and pd.notna(states) and float(states) > 0 else 100.0
    tol = 2.0 * span / n
    cut_low = pd.notna(low) and float(low) > lo + tol
    cut_high = pd.notna(high) and float(high) < hi - tol
    if cut_low and cut_high:
        return f"{float(low):.4g} <= {parameter} <= {float(high):.4g}"
    if cut_low:
        return f"{parameter} >= {float(low):.4g}"
    if cut_high:
        return f"{parameter} <= {float(high):.4g}"
    return f"{parameter} (whole range)"

"""Robustness of candidate policies across the ensemble: expected value, worst decile, regret.

Every candidate is run in the same states of the world with the same seeds (common random
numbers). For objective j, candidate c and state s, ``v[c, s]`` is the mean over the seeds. Then

- expected value: ``E_c = mean_s v[c, s]``;
- worst decile: the mean of ``v[c, s]`` over the worst ``ceil(0.1 S)`` states for c (lowest when
  maximising, highest when minimising): the expected value in the worst tenth of the ensemble;
- regret (Savage): ``r[c, s] = |v[c, s] - best_c' v[c', s]|`` against the best of the compared
  candidates in that state; reported as its maximum and its mean over states. Regret is relative:
  it changes when candidates are added, so it is reported, not optimised.

Scores are in each objective's own unit; "better" follows the objective's direction.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

WORST_SHARE = 0.1
"""The share of states whose mean is the worst-decile score."""


def state_values(rows: pd.DataFrame, objectives: list[str]) -> pd.DataFrame:
    """Mean over seeds of each objective, one row per (key, state); failed runs count as NaN."""
    ok = rows.copy()
    ok.loc[ok["status"] != "ok", objectives] = np.nan
    return ok.groupby(["key", "state"], sort=True)[objectives].mean()


def worst_mean(values: np.ndarray, direction: str, share: float = WORST_SHARE) -> float:
    """Mean of the worst ``ceil(share n)`` of ``values`` (NaN when any value is NaN: a failed run
    is never a good outcome)."""
    if values.size == 0 or np.isnan(values).any():
        return float("nan")
    k = max(1, math.ceil(share * values.size))
    ordered = np.sort(values)
    return float(ordered[:k].mean() if direction == "maximize" else ordered[-k:].mean())


def robustness(per_state: pd.DataFrame, directions: Mapping[str, str]) -> pd.DataFrame:
    """Per candidate key and objective: ``<obj>_expected``, ``<obj>_worst_decile``,
    ``<obj>_max_regret`` and ``<obj>_mean_regret`` (regret against the candidates given)."""
    out = {}
    for name, direction in directions.items():
        table = per_state[name].unstack("state")  # key x state
        values = table.to_numpy(dtype=float)
        with warnings.catch_warnings():  # a state where every run failed: its best is NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            best = np.nanmax(values, axis=0) if direction == "maximize" else np.nanmin(values, 0)
        regret = np.abs(values - best[None, :])
        out[f"{name}_expected"] = values.mean(axis=1)
        out[f"{name}_worst_decile"] = [worst_mean(row, direction) for row in values]
        out[f"{name}_max_regret"] = regret.max(axis=1)
        out[f"{name}_mean_regret"] = regret.mean(axis=1)
        index = table.index
    return pd.DataFrame(out, index=index)


def pareto_mask(scores: np.ndarray, directions: list[str]) -> np.ndarray:
    """Rows of ``scores`` (candidates x objectives) that no other row dominates: at least as good
    in every objective and better in one. Rows with NaN are never on the front."""
    signed = np.where(np.array(directions) == "maximize", -1.0, 1.0) * scores  # all minimised
    finite = np.isfinite(signed).all(axis=1)
    mask = finite.copy()
    for i in np.flatnonzero(finite):
        others = signed[finite]
        dominated = (others <= signed[i]).all(axis=1) & (others < signed[i]).any(axis=1)
        mask[i] = not dominated.any()
    return mask

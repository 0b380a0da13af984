"""Small accessors for the region inspector: one region's government, firms, university, bank.

Each function reads the model's arrays for one region index and returns plain data (dicts and
DataFrames) for the view. Parts the model does not have (textbook scenarios have no firms,
governments or banks; an engine version may lack a field) give ``None`` or leave a key out, so
the inspector shows what exists and says what is not modelled.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd


def _row(arrays: Any, name: str, index: int) -> float | None:
    values = getattr(arrays, name, None)
    if values is None:
        return None
    try:
        return float(np.asarray(values)[index])
    except (IndexError, TypeError, ValueError):
        return None


def industry_keys(model: Any) -> list[str]:
    """Industry keys of the model (empty without industries)."""
    ind = getattr(model, "industries", None)
    return list(getattr(ind, "keys", ())) if ind is not None else []


def industry_names(model: Any, lang: str) -> dict[str, str]:
    """Display name of every industry in ``lang`` (Chinese names without their scope note)."""
    ind = getattr(model, "industries", None)
    if ind is None:
        return {}
    names = getattr(ind, "name_zh" if lang == "zh" else "name_en", None) or ind.keys
    return {k: _drop_scope_note(str(n)) for k, n in zip(ind.keys, names)}


_SCOPE_NOTE = re.compile(r"\s*[(（][^()（）]{9,}[)）]\s*$")


def _drop_scope_note(name: str) -> str:
    """A display name without a long parenthetical scope note (short qualifiers stay)."""
    return _SCOPE_NOTE.sub("", name).strip()


def government(model: Any, index: int) -> dict[str, Any] | None:
    """Strategy, herding propensity, priorities, fit scores and budget of a local government.

    Fit scores are z-scores of each industry's fit to the region as last scored in a plan year.
    Money in bn yuan (per year for flows); the talent subsidy in thousand yuan per skilled worker.
    """
    gov = getattr(model, "governments", None)
    if gov is None:
        return None
    keys = industry_keys(model)
    out: dict[str, Any] = {}
    strategy = getattr(gov, "strategy", None)
    if strategy is not None:
        out["strategy"] = str(np.asarray(strategy)[index])
    for name in ("herding_propensity", "debt", "revenue", "spending", "subsidies",
                 "talent_subsidy"):
        value = _row(gov, name, index)
        if value is not None:
            out[name] = value
    priorities = getattr(gov, "priorities", None)
    if priorities is not None and keys:
        out["priorities"] = [keys[s] for s in np.flatnonzero(np.asarray(priorities)[index])]
    fit = getattr(gov, "fit", None)
    if fit is not None and keys:
        scores = pd.Series(np.asarray(fit)[index], index=keys, dtype=float)
        out["fit"] = scores.sort_values(ascending=False)
    return out


def firms_by_industry(model: Any, index: int) -> pd.DataFrame | None:
    """The region's live firms summed by industry.

    Columns: industry, n_firms, capacity and output [bn yuan/year at reference prices],
    utilization [share], capital and debt [bn yuan], zombies and state_owned [firms].
    """
    f = getattr(model, "firms", None)
    keys = industry_keys(model)
    if f is None or not keys:
        return None
    mask = np.asarray(f.region) == index
    if not mask.any():
        return pd.DataFrame(columns=["industry", "n_firms"])
    ind = np.asarray(f.industry)[mask]
    n = len(keys)

    def total(name: str) -> np.ndarray | None:
        values = getattr(f, name, None)
        if values is None:
            return None
        return np.bincount(ind, weights=np.asarray(values, float)[mask], minlength=n)

    table = pd.DataFrame({"industry": keys, "n_firms": np.bincount(ind, minlength=n)})
    for name in ("capacity", "output", "capital", "debt"):
        values = total(name)
        if values is not None:
            table[name] = values
    for name in ("zombie", "state_owned"):
        values = total(name)
        if values is not None:
            table["zombies" if name == "zombie" else name] = values.astype(int)
    if "capacity" in table and "output" in table:
        cap = table["capacity"].to_numpy()
        table["utilization"] = np.where(cap > 0, table["output"] / np.maximum(cap, 1e-12),
                                        np.nan)
    return table[table["n_firms"] > 0].reset_index(drop=True)


def university(model: Any, index: int) -> dict[str, Any] | None:
    """Funding [bn yuan/year], graduates [million/year], knowledge stock and strongest fields."""
    uni = getattr(model, "universities", None)
    if uni is None:
        return None
    out: dict[str, Any] = {}
    for name in ("funding", "graduates", "knowledge"):
        value = _row(uni, name, index)
        if value is not None:
            out[name] = value
    strength = getattr(uni, "strength", None)
    keys = industry_keys(model)
    if strength is not None and keys:
        row = np.asarray(strength)[index]
        order = np.argsort(-row)[:3]
        out["strongest"] = [(keys[s], float(row[s])) for s in order]
    return out


def bank(model: Any, index: int) -> dict[str, Any] | None:
    """The regional bank: loans, capital, NPLs and losses [bn yuan], ratios [share]."""
    banks = getattr(model, "banks", None)
    if banks is None:
        return None
    out: dict[str, Any] = {}
    for name in ("loans", "capital", "npl", "losses"):
        value = _row(banks, name, index)
        if value is not None:
            out[name] = value
    loans = out.get("loans")
    if loans and "npl" in out:
        out["npl_ratio"] = out["npl"] / loans if loans > 0 else 0.0
    if loans and "capital" in out:
        out["capital_ratio"] = out["capital"] / loans if loans > 0 else float("nan")
    return out


def region_index(model: Any, region: str) -> int | None:
    """Row index of a region key in the model's geography (None when unknown)."""
    names = list(getattr(getattr(model, "geography", None), "name", []) or [])
    return names.index(region) if region in names else None


def region_names(model: Any, lang: str) -> dict[str, str]:
    """Display name of every region: the Chinese name in Chinese, the key in English."""
    geo = getattr(model, "geography", None)
    if geo is None:
        return {}
    if lang == "zh":
        zh = getattr(geo, "name_zh", None) or geo.name
        return dict(zip(geo.name, zh))
    return {n: n for n in geo.name}

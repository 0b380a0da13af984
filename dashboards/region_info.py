"""Small accessors for the region inspector: one region's government, firms, university, bank.

Each function asks the model's Mesa agents (views on the world's arrays: ``LocalGovernment``,
``Bank``, ``University``, ``Region``) for one region and returns plain data (dicts and DataFrames)
for the view; ratios such as the NPL ratio are the agents' own, never recomputed here. Parts the
model does not have (textbook scenarios have no firms, governments or banks) give ``None``, so the
inspector shows what exists and says what is not modelled.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from nqpf.agents.financier import Bank
from nqpf.agents.government import LocalGovernment
from nqpf.agents.region import Region
from nqpf.agents.university import University


def _view(model: Any, kind: type, index: int) -> Any | None:
    """The agent of type ``kind`` that views region ``index`` (None when the model has none)."""
    for agent in model.agents_by_type.get(kind, ()):
        if agent.index == index:
            return agent
    return None


def _world_part(model: Any, name: str) -> Any:
    world = getattr(model, "world", None)
    return getattr(world, name, None) if world is not None else None


def industry_keys(model: Any) -> list[str]:
    """Industry keys of the model (empty without industries)."""
    ind = _world_part(model, "industries")
    return list(ind.keys) if ind is not None else []


def industry_names(model: Any, lang: str) -> dict[str, str]:
    """Display name of every industry in ``lang`` (Chinese names without their scope note)."""
    ind = _world_part(model, "industries")
    if ind is None:
        return {}
    names = getattr(ind, "name_zh" if lang == "zh" else "name_en", None) or ind.keys
    return {k: _drop_scope_note(str(n)) for k, n in zip(ind.keys, names)}


_SCOPE_NOTE = re.compile(r"\s*[(（][^()（）]{9,}[)）]\s*$")


def _drop_scope_note(name: str) -> str:
    """A display name without a long parenthetical scope note (short qualifiers stay)."""
    return _SCOPE_NOTE.sub("", name).strip()


def government(model: Any, index: int) -> dict[str, Any] | None:
    """Strategy, herding propensity, priorities, fit scores (sorted) and budget of a local
    government (``LocalGovernment.summary``)."""
    agent = _view(model, LocalGovernment, index)
    if agent is None:
        return None
    out = agent.summary()
    out["fit"] = pd.Series(out["fit"], dtype=float).sort_values(ascending=False)
    return out


def firms_by_industry(model: Any, index: int) -> pd.DataFrame | None:
    """The region's live firms summed by industry (``Region.firm_totals``), industries with firms
    only. Columns: industry, n_firms, capacity, output, capital, debt, zombies, state_owned,
    utilization."""
    agent = _view(model, Region, index)
    totals = agent.firm_totals() if agent is not None else None
    if totals is None:
        return None
    table = pd.DataFrame(totals)
    if not (table["n_firms"] > 0).any():
        return pd.DataFrame(columns=["industry", "n_firms"])
    return table[table["n_firms"] > 0].reset_index(drop=True)


def university(model: Any, index: int) -> dict[str, Any] | None:
    """Funding [bn yuan/year], graduates [million/year], knowledge stock and strongest fields."""
    agent = _view(model, University, index)
    return agent.summary() if agent is not None else None


def bank(model: Any, index: int) -> dict[str, Any] | None:
    """The regional bank: loans, capital, NPLs and losses [bn yuan], ratios [share]."""
    agent = _view(model, Bank, index)
    return agent.summary() if agent is not None else None


def region_index(model: Any, region: str) -> int | None:
    """Row index of a region key in the model's geography (None when unknown)."""
    geo = _world_part(model, "geography")
    names = list(geo.name) if geo is not None else []
    return names.index(region) if region in names else None


def region_names(model: Any, lang: str) -> dict[str, str]:
    """Display name of every region: the Chinese name in Chinese, the key in English."""
    geo = _world_part(model, "geography")
    if geo is None:
        return {}
    if lang == "zh":
        zh = getattr(geo, "name_zh", None) or geo.name
        return dict(zip(geo.name, zh))
    return {n: n for n in geo.name}

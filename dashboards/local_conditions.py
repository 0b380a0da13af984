"""A province's local conditions for the map, the inspector and the tailored lesson (no Solara).

Three things a tailored government's fit reads (docs/model.md 7.18, 7.11):

- the **endowments** of ``sim/data/endowments.csv`` (solar PV capacity factor [share], onshore
  wind potential [TWh/year], universities [count], sea coast), loaded by the engine's own
  :func:`nqpf.sim.data.endowments.load_endowments`;
- the **comparative advantage** of each province in each industry, the location quotient
  ``LQ_rs = (C_rs / C_r) / (C_s / C)`` of capacity ``C`` [-] computed with the engine's
  :func:`nqpf.sim.economics.strategies.location_quotient` from the ``region_industries`` table
  (every year recorded, so the map's colour scale spans the run);
- the **terms of fit** of :func:`nqpf.sim.economics.strategies.fit_terms`, from the world's arrays
  as the planning phase (``agents/government.py``, ``plan_priorities``) passes them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nqpf.agents.fit_inputs import fit_inputs
from nqpf.dashboards.i18n import Lang, t, value_label
from nqpf.dashboards.units import format_number, format_value
from nqpf.sim.data.endowments import load_endowments
from nqpf.sim.economics import strategies

ENDOWMENT_INDICATORS = (
    "solar_pv_capacity_factor",
    "wind_potential_twh_per_year",
    "universities",
    "coast",
)
"""Map indicators from ``endowments.csv`` (``coast``: ``coastal`` or ``inland``)."""
ADVANTAGE = "comparative_advantage"
"""Map indicator: the location quotient of the industry chosen in the map's industry menu."""
LOCAL_INDICATORS = (*ENDOWMENT_INDICATORS, ADVANTAGE)
FIT_GROUPS: dict[str, tuple[str, ...]] = {
    "base": ("upgrade", "rca"),
    "endowments": ("endowments",),
    "capability": ("misfit", "pace"),
    "research": ("research",),
    "market": ("market",),
}
"""The terms of :func:`strategies.fit_terms` as the lesson groups them (one line per group)."""


def endowments(regions: list[str]) -> pd.DataFrame | None:
    """The endowments of ``regions`` (index = region; ``coast`` as ``coastal``/``inland``), or
    None when a region has no row in ``endowments.csv`` (textbook and custom maps)."""
    table = load_endowments()
    if not regions or not set(regions) <= set(table.index):
        return None
    out = table.loc[regions, list(ENDOWMENT_INDICATORS[:3])].copy()
    out["coast"] = np.where(table.loc[regions, "coastal"] > 0, "coastal", "inland")
    return out


def location_quotients(region_industries: pd.DataFrame) -> pd.DataFrame:
    """Location quotient of capacity per year, region and industry (columns year, region,
    industry, lq); empty when the table is. Each year's rows are one region-major block of
    regions x industries, as the recorder writes them (checked)."""
    cols = ["year", "region", "industry", "lq"]
    if region_industries is None or region_industries.empty:
        return pd.DataFrame(columns=cols)
    years = region_industries["year"].to_numpy()
    regions = region_industries["region"].to_numpy()
    industries = region_industries["industry"].to_numpy()
    capacity = region_industries["capacity"].to_numpy(float)
    lq = np.empty_like(capacity)
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    for start, end in zip(starts, np.r_[starts[1:], len(years)]):
        keys_r = pd.unique(regions[start:end])
        keys_s = pd.unique(industries[start:end])
        n_r, n_s = len(keys_r), len(keys_s)
        if n_r * n_s != end - start or not (
            np.array_equal(regions[start:end], np.repeat(keys_r, n_s))
            and np.array_equal(industries[start:end], np.tile(keys_s, n_r))
        ):
            raise ValueError(
                f"region_industries: the rows of year {years[start]} are not one region-major "
                "block of regions x industries"
            )
        cap = capacity[start:end].reshape(n_r, n_s)
        lq[start:end] = strategies.location_quotient(cap).ravel()
    return pd.DataFrame({"year": years, "region": regions, "industry": industries, "lq": lq})


def with_local_conditions(
    regions: pd.DataFrame, lq: pd.DataFrame, industry: str | None
) -> pd.DataFrame:
    """The regions table plus the endowment columns (the same every year) and
    ``comparative_advantage``: the location quotient of ``industry`` (absent without data)."""
    if regions.empty or "region" not in regions:
        return regions
    table = endowments(list(dict.fromkeys(regions["region"])))
    out = regions
    if table is not None:
        out = out.join(table, on="region")
    if industry and not lq.empty and industry in set(lq["industry"]):
        one = lq[lq["industry"] == industry][["year", "region", "lq"]]
        out = out.merge(one.rename(columns={"lq": ADVANTAGE}), on=["year", "region"], how="left")
    return out


def top_advantages(lq: pd.DataFrame, year: int, region: str, n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` industries with the highest location quotient of ``region`` in ``year``."""
    if lq.empty:
        return []
    rows = lq[(lq["year"] == year) & (lq["region"] == region)].sort_values(
        "lq", ascending=False, kind="stable"
    )
    return [(str(k), float(v)) for k, v in zip(rows["industry"][:n], rows["lq"][:n])]


def fit_terms_now(model: Any, scenario: Any) -> dict[str, np.ndarray] | None:
    """The grouped terms of fit (:data:`FIT_GROUPS`, regions x industries each) from the world's
    state now, with the arguments ``plan_priorities`` passes to :func:`strategies.fit_scores`
    (:func:`agents.fit_inputs.fit_inputs`)
    (their sum is the fit a plan made now would read); None without governments or industries."""
    w = getattr(model, "world", None)
    if w is None or getattr(w, "industries", None) is None or w.n_industries == 0:
        return None
    args, kwargs = fit_inputs(w, scenario.strategy)
    terms = strategies.fit_terms(*args, **kwargs)
    shape = (w.n_regions, w.n_industries)
    return {
        group: sum((np.broadcast_to(terms[k], shape) for k in keys), np.zeros(shape))
        for group, keys in FIT_GROUPS.items()
    }


def fit_breakdown(model: Any, scenario: Any, index: int, n: int = 3) -> pd.DataFrame | None:
    """Region ``index``'s ``n`` best-fitting industries (rows, best first) with each group of
    terms and their sum ``fit`` (columns); None without governments or industries."""
    terms = fit_terms_now(model, scenario)
    if terms is None:
        return None
    table = pd.DataFrame(
        {group: values[index] for group, values in terms.items()},
        index=list(model.world.industries.keys),
    )
    table["fit"] = table.sum(axis=1)
    return table.sort_values("fit", ascending=False, kind="stable").head(n)


def cost_factors(model: Any, index: int) -> dict[str, float]:
    """Unit-cost factor of the location ``e_rs`` of region ``index`` per industry [x, median
    province about 1]; empty without industries."""
    w = getattr(model, "world", None)
    if w is None or w.costs.endowment.size == 0:
        return {}
    return dict(zip(w.industries.keys, (float(v) for v in w.costs.endowment[index])))


def describe_endowments(row: pd.Series, lang: Lang) -> str:
    """One line of a province's endowments with their units (``wind 2,990 TWh/year, ...``)."""
    wind = format_value(
        row["wind_potential_twh_per_year"], "wind_potential_twh_per_year", lang, "regions"
    )
    solar = format_value(
        row["solar_pv_capacity_factor"], "solar_pv_capacity_factor", lang, "regions"
    )
    parts = [
        f"{t('wind_short', lang)} {wind}",
        f"{t('solar_short', lang)} {solar}",
        f"{t('universities_short', lang)} {int(row['universities'])}",
        value_label(str(row["coast"]), lang),
    ]
    return ("，" if lang == "zh" else ", ").join(parts)


def describe_advantages(top: list[tuple[str, float]], names: dict[str, str], lang: Lang) -> str:
    """``Energy and raw materials 2.64, ...``: industries with their location quotients."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{names.get(k, k)} {format_number(v)}" for k, v in top)


def local_hover_texts(
    table_year: pd.DataFrame,
    lq: pd.DataFrame,
    year: int,
    names: dict[str, str],
    lang: Lang,
) -> dict[str, str]:
    """Per region, two more lines for the map's tooltip: its endowments and its top three
    comparative advantages (location quotients)."""
    out: dict[str, str] = {}
    for region, row in table_year.iterrows():
        lines = []
        if "coast" in row and isinstance(row["coast"], str):
            lines.append(f"{t('endowments', lang)}: {describe_endowments(row, lang)}")
        top = top_advantages(lq, year, str(region))
        if top:
            lines.append(f"{t('top_advantages', lang)}: {describe_advantages(top, names, lang)}")
        out[str(region)] = "\n".join(lines)
    return out

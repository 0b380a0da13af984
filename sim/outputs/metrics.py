"""What is measured (design §7): one national row, one row per region, one per industry and one
per region-industry cell a year.

Column names, units and meanings are declared in ``sim/outputs/`` (national.py, regions.py,
industries.py, region_industries.py); this module computes them
from the world's public state (``sim/world.py``) and last year's record. Indicators that need the
agent economy are NaN in textbook mode.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from nqpf.sim.economics import solow
from nqpf.sim.outputs.firm_totals import FirmTotals
from nqpf.sim.outputs.indices import priority_overlap, similarity_index, theil_index
from nqpf.sim.outputs.registry import TABLES

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World

NAN = float("nan")
__all__ = [  # the indices live in indices.py and are read here too
    "capital_services",
    "collect",
    "priority_lists",
    "priority_overlap",
    "similarity_index",
    "theil_index",
    "weighted_mean",
]
TIER_NAMES = ("traditional", "emerging", "future")


def collect(
    w: World,
    sc: Scenario,
    previous: tuple[dict[str, Any] | None, np.ndarray | None],
    tables: Collection[str] = TABLES,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None, dict[str, Any] | None]:
    """The year's national record, regional record (arrays), industry record and region-industry
    record (arrays; both None in textbook mode).

    ``previous`` is last year's national record and regional GDP (None in the first year).
    ``tables`` names the tables recorded in full: without ``regions`` the regional record keeps
    only the Solow columns (what the plausibility checks and next year's growth read), without
    ``region_industries`` that record is None."""
    r, geo, alpha = w.regions, w.geography, sc.solow.alpha
    prev, prev_region_gdp = previous
    firm_assets_r = np.zeros(geo.n)
    firm_capital_r = None
    totals = FirmTotals(w) if w.has_economy else None  # the sums over firms, each made once
    if totals is not None:
        firm_capital_r = totals.assets_by_region
        firm_assets_r = firm_capital_r + r.recovered_capital
    capital_r = r.capital + firm_assets_r
    gdp_total = r.gdp.sum()  # each total summed once, read wherever it is needed
    gdp = float(gdp_total)
    capital = float(capital_r.sum())
    labor = float(r.labor.sum())
    population = float(r.population.sum())
    residual = float(solow.solow_residual(gdp, capital, labor, alpha))
    gdp_nominal = float(r.gdp_nominal.sum()) if w.has_economy else gdp
    gdp_pc = r.gdp / r.population
    growth_r = r.gdp / prev_region_gdp - 1.0 if prev_region_gdp is not None else np.full(geo.n, NAN)
    investment_r = r.investment.copy()
    if w.has_economy:
        investment_r = investment_r + w.flows.firm_orders_by_region  # exits' orders included
    investment = float(investment_r.sum())
    national: dict[str, Any] = {
        "year": w.year,
        "gdp": gdp,
        "gdp_growth": gdp / prev["gdp"] - 1.0 if prev else NAN,
        "gdp_nominal": gdp_nominal,
        "gdp_deflator": gdp_nominal / gdp,
        "gdp_start_prices": (
            float(r.aggregate_output.sum() + w.value_added.real_by_industry.sum())
            if w.has_economy
            else gdp
        ),
        "capital": capital,
        "labor": labor,
        "population": population,
        "working_age_population": population
        * float(w.people.working_age_share[w.year - w.start_year]),
        "investment": investment,
        "investment_rate": investment / gdp_nominal,
        "saving_rate": weighted_mean(r.saving_rate, r.gdp, gdp_total),
        "tfp": residual,
        "tfp_growth": residual / prev["tfp"] - 1.0 if prev else NAN,
        "tfp_utilization_adjusted": float(
            solow.solow_residual(gdp, capital_services(w, totals), labor, alpha)
        ),
        "technology_index": weighted_mean(r.tfp, r.gdp, gdp_total),  # GDP > 0 (checked every year)
        "gdp_per_capita": gdp / population,
        "theil_index": theil_index(gdp_pc, r.population),
        "cv_gdp_per_capita": float(gdp_pc.std() / gdp_pc.mean()) if len(gdp_pc) > 1 else 0.0,
        "rd_intensity": weighted_mean(r.rd_intensity, r.gdp, gdp_total),
    }
    regions: dict[str, Any] = {
        "year": w.year,
        "region": geo.name,
        "macro_region": geo.macro_region,
        "sci_tech_class": geo.sci_tech_class,
        "population": r.population.copy(),
        "labor": r.labor.copy(),
        "gdp": r.gdp.copy(),
        "gdp_growth": growth_r,
        # the volume of each region's production (its own chain link); one good in textbook mode
        "gdp_volume": (w.accounts.volume_by_region if w.has_economy else r.gdp).copy(),
        "gdp_volume_growth": (
            w.accounts.volume_growth_by_region if w.has_economy else growth_r
        ).copy(),
        "gdp_per_capita": gdp_pc,
        "capital": capital_r,
        "investment": investment_r,
        "tfp": solow.solow_residual(r.gdp, capital_r, r.labor, alpha),
        "technology_index": r.tfp.copy(),
        "absorptive_capacity": r.absorptive_capacity.copy(),
        "rd_intensity": r.rd_intensity.copy(),
    }
    if not w.has_economy:
        for col in ECONOMY_NATIONAL:
            national[col] = NAN
        for col in ECONOMY_REGIONS:
            regions[col] = (
                np.full(geo.n, NAN)
                if col not in ("strategy", "priority_industries")
                else [""] * geo.n
            )
        return national, regions, None, None
    national.update(_economy_national(w, totals, gdp_nominal))
    if "regions" in tables:
        regions.update(_economy_regions(w, sc, totals))
    cells = _region_industries(w, totals) if "region_industries" in tables else None
    return national, regions, _industries(w, totals), cells


ECONOMY_NATIONAL = (
    "capacity_utilization",
    "capacity_utilization_traditional",
    "capacity_utilization_emerging",
    "capacity_utilization_future",
    "price_index_traditional",
    "price_index_emerging",
    "price_index_future",
    "npl_ratio",
    "local_debt_to_gdp",
    "similarity_index",
    "interregional_trade_share",
    "priority_overlap",
    "written_off_capital",
    "firm_entries",
    "firm_exits",
    "n_firms",
    "zombie_share",
    "bubble_index",
    "subsidies",
    "firm_investment",
    "forced_saving",
    "emerging_investment",
    "talent",
    "talent_share_east",
    "bank_capital_ratio",
    "lending_factor",
    "bank_dividends",
    "bank_recapitalisation",
    "central_debt_to_gdp",
    "herding_propensity",
    "industry_value_added_share",
    "services_share",
)
ECONOMY_REGIONS = (
    "strategy",
    "herding_propensity",
    "priority_industries",
    "subsidies",
    "gov_debt",
    "gov_debt_to_gdp",
    "talent",
    "talent_share",
    "wage",
    "net_migration",
    "npl_ratio",
    "capacity_utilization",
    "firm_capital",
    "firm_value_added",
    "n_firms",
    "capital_inflow",
    "bank_capital_ratio",
    "university_funding",
    "graduates",
)


def capital_services(w: World, totals: FirmTotals | None = None) -> float:
    """Capital services = capital x utilisation [bn yuan]: the aggregate sector's capital (used
    fully) plus each firm's installed capital x its output / capacity; capital under construction
    and capital resold by exits awaiting installation give no services yet. In textbook mode all
    capital is used. ``totals``: this year's sums over firms, when already made."""
    r = w.regions
    if not w.has_economy:
        return float(r.capital.sum())
    totals = FirmTotals(w) if totals is None else totals
    return float(r.capital.sum() + totals.used_capital.sum())


def weighted_mean(
    values: np.ndarray, weights: np.ndarray, total: float | np.floating | None = None
) -> float:
    """``sum(values x weights) / sum(weights)``: the arithmetic of ``np.average`` (same numbers)
    without its per-call checks; the caller makes sure the weights do not sum to zero.
    ``total``: ``weights.sum()`` when the caller has it already (the same number)."""
    return float(np.multiply(values, weights).sum() / (weights.sum() if total is None else total))


@lru_cache(maxsize=8)
def _in_the_east(macro_region: tuple[str, ...]) -> np.ndarray:
    """Which regions are in the east (bool, read-only): found once per map."""
    east = np.array([mr == "east" for mr in macro_region], dtype=bool)
    east.flags.writeable = False
    return east


def _economy_national(w: World, totals: FirmTotals, gdp_nominal: float) -> dict[str, Any]:
    """The national columns of the agent economy; ``totals`` the year's sums over firms,
    ``gdp_nominal`` the regions' nominal GDP summed [bn yuan]."""
    f, ind, b, g, reg, m, fl = (
        w.firms,
        w.industries,
        w.banks,
        w.governments,
        w.regions,
        w.markets,
        w.flows,
    )
    cap_s, out_s = m.clearing.capacity, m.output
    cap_total, out_total, talent = cap_s.sum(), out_s.sum(), reg.talent.sum()
    total = b.total_loans()
    loans = total.sum()
    east = _in_the_east(tuple(w.geography.macro_region))
    per_pair = priority_overlap(g.priorities)
    emerging = ind.tier_id == 1
    firm_va_nominal = w.value_added.nominal
    agg = float(reg.aggregate_output.sum())
    out = {
        "capacity_utilization": float(out_total / cap_total) if cap_total > 0 else NAN,
        "npl_ratio": float(b.npl.sum() / loans) if loans > 0 else 0.0,
        "local_debt_to_gdp": float(g.debt.sum() / gdp_nominal),
        "similarity_index": similarity_index(
            totals.capacity_by_cell.reshape(w.n_regions, w.n_industries)
        ),
        "interregional_trade_share": float(w.trade.exports.sum() / max(out_total, 1e-12)),
        "priority_overlap": float(per_pair),
        "written_off_capital": float(fl.written_off_capital),
        "firm_entries": int(fl.entries),
        "firm_exits": int(fl.exits),
        "n_firms": int(f.n),
        "zombie_share": totals.zombie_share,
        "bubble_index": float(w.fund.bubble_index),
        "subsidies": float(g.subsidies.sum()),
        "firm_investment": float(fl.firm_orders),
        "forced_saving": float(fl.forced_saving),
        "emerging_investment": float(m.investment[emerging].sum()),
        "talent": float(talent),
        "talent_share_east": float(reg.talent[east].sum() / talent),
        "bank_capital_ratio": float(b.capital.sum() / loans) if loans > 0 else NAN,
        "lending_factor": weighted_mean(b.lending_factor, total, loans) if loans > 0 else NAN,
        "bank_dividends": float(fl.bank_dividends.sum()),
        "bank_recapitalisation": float(fl.bank_recapitalisation.sum()),
        "central_debt_to_gdp": float(w.central.debt / gdp_nominal),
        "herding_propensity": float(g.herding_propensity.mean()),
        "industry_value_added_share": firm_va_nominal / (firm_va_nominal + agg),
        "services_share": agg / (firm_va_nominal + agg),
    }
    price_weights = np.maximum(out_s, 1e-12)
    for t, name in enumerate(TIER_NAMES):
        tier = ind.tier_id == t
        cap_t = cap_s[tier].sum()
        out[f"capacity_utilization_{name}"] = float(out_s[tier].sum() / cap_t) if cap_t > 0 else NAN
        weights = price_weights[tier]
        weight = weights.sum()
        out[f"price_index_{name}"] = (
            weighted_mean(m.price[tier], weights, weight) if weight > 0 else NAN
        )
    return out


def _economy_regions(w: World, sc: Scenario, totals: FirmTotals) -> dict[str, Any]:
    """The regional columns of the agent economy; ``totals`` the year's sums over firms."""
    ind, b, g, u, reg = w.industries, w.banks, w.governments, w.universities, w.regions
    R = w.n_regions
    cap_r, out_r = totals.capacity_by_region, totals.output_by_region
    closed = w.flows.closed_capacity_by_region
    # utilisation of the capacity the output was made with: plants closed after producing count
    cap_used = cap_r + closed if len(closed) else cap_r
    keys = ind.keys
    return {
        "strategy": [str(s) for s in g.strategy],
        "herding_propensity": g.herding_propensity.copy(),
        "priority_industries": priority_lists(g.priorities, g.priority_score, keys),
        "subsidies": g.subsidies.copy(),
        "gov_debt": g.debt.copy(),
        "gov_debt_to_gdp": g.debt / reg.gdp_nominal,
        "talent": reg.talent.copy(),
        "talent_share": reg.talent / reg.labor,
        "wage": totals.wage(sc.solow.alpha),
        "net_migration": (
            w.flows.net_migration if w.flows.net_migration is not None else np.zeros(R)
        ).copy(),
        "npl_ratio": np.where(b.total_loans() > 0, b.npl / np.maximum(b.total_loans(), 1e-12), 0.0),
        "capacity_utilization": np.where(cap_used > 0, out_r / np.maximum(cap_used, 1e-12), np.nan),
        "firm_capital": totals.assets_by_region,
        "firm_value_added": w.value_added.by_region,
        "n_firms": totals.firms_by_region,
        "capital_inflow": w.flows.capital_inflow.copy(),
        "bank_capital_ratio": b.capital_ratio(),
        "university_funding": u.funding.copy(),
        "graduates": u.graduates.copy(),
    }


def _industries(w: World, totals: FirmTotals) -> dict[str, Any]:
    ind, g, m = w.industries, w.governments, w.markets
    res = m.clearing
    S = ind.n
    return {
        "year": w.year,
        "industry": list(ind.keys),
        "tier": list(ind.tier),
        "capacity": res.capacity.copy(),
        "output": m.output.copy(),
        "value_added": w.value_added.real_by_industry.copy(),
        "value_added_previous_prices": w.value_added.at_previous_prices_by_industry.copy(),
        "value_added_nominal": w.value_added.nominal_by_industry.copy(),
        "demand": res.demand.copy(),
        "chain_demand": w.markets.derived_demand.copy(),
        "price": m.price.copy(),
        "capacity_utilization": m.utilization.copy(),
        "investment": m.investment.copy(),
        "n_firms": totals.firms_by_industry,
        "n_regions_prioritizing": g.priorities.sum(axis=0),
        "profit_rate": m.profit_rate.copy(),
        "profit": m.profit.copy(),
        "assets": m.assets.copy(),
        "unit_cost": w.costs.base_cost
        * w.learning.learning_index,  # national reference after learning
        "exits": m.exits.copy(),
        "zombie_share": totals.zombies_by_industry / np.maximum(totals.firms_by_industry, 1),
        "bubble_index": w.fund.industry_bubble(S),
        "interregional_share": w.trade.exports.sum(0) / np.maximum(res.supplied, 1e-12),
    }


def _region_industries(w: World, totals: FirmTotals) -> dict[str, Any]:
    """One row per region-industry cell (region-major): the capacity and count of the firms alive
    at the year's end (``bincount`` over ``region x S + industry``), the year's output of the
    cell (exiting firms included, so cells sum to the industries table's output), the
    government's priority flag and the cell's sales to and purchases from other regions."""
    geo, ind = w.geography, w.industries
    R, S = w.n_regions, ind.n
    return {
        "year": w.year,
        "region": np.repeat(np.asarray(geo.name, dtype=object), S),
        "industry": np.tile(np.asarray(ind.keys, dtype=object), R),
        "capacity": totals.capacity_by_cell.copy(),
        "output": w.markets.cell_output.copy(),
        "n_firms": totals.firms_by_cell,
        "prioritised": w.governments.priorities.astype(np.int64).ravel(),
        "exports": w.trade.exports.ravel(),
        "imports": w.trade.imports.ravel(),
    }


def priority_lists(chosen: np.ndarray, score: np.ndarray | None, keys: list[str]) -> list[str]:
    """Each region's priority industries, ``;``-separated, highest choice score first (the
    plan's main priority leads); in industry order before any plan has scores. Built once per
    set of priorities and scores (plans change every few years; their bytes key the cache)."""
    chosen = np.asarray(chosen, dtype=bool)
    score = np.zeros(chosen.shape) if score is None or score.shape != chosen.shape else score
    key = (chosen.tobytes(), np.asarray(score, dtype=float).tobytes())
    return list(_priority_lists(chosen.shape, *key, tuple(keys)))


@lru_cache(maxsize=16)
def _priority_lists(shape: tuple, chosen: bytes, score: bytes, keys: tuple) -> tuple[str, ...]:
    picked = np.frombuffer(chosen, dtype=bool).reshape(shape)
    scores = np.frombuffer(score, dtype=float).reshape(shape)
    order = np.argsort(-np.where(picked, scores, -np.inf), axis=1, kind="stable")
    return tuple(
        ";".join(keys[s] for s in row[: int(n)])
        for row, n in zip(order.tolist(), picked.sum(axis=1).tolist(), strict=True)
    )

"""One check of what must hold in every world at the end of a simulated year.

``world_violations(w, sc)`` lists every broken invariant in words (empty when all hold);
``assert_world_invariants`` fails a test with that list. Integration tests call it after every
year of small runs under several scenarios.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nqpf.sim.economics.markets import PRICE_CAP

RTOL = 1e-9


def _close(a: float, b: float, rtol: float = RTOL) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1.0)


def _bad(name: str, values: np.ndarray, *, positive: bool = False) -> list[str]:
    v = np.asarray(values, dtype=float)
    if not np.isfinite(v).all():
        return [f"{name}: not finite"]
    if positive and (v <= 0).any():
        return [f"{name}: {v.min()!r} not positive"]
    if not positive and (v < 0).any():
        return [f"{name}: {v.min()!r} negative"]
    return []


def world_violations(w: Any, sc: Any) -> list[str]:
    """Every invariant of an end-of-year world that does not hold, described in words."""
    out: list[str] = []
    r = w.regions
    for name in ("population", "labor", "gdp", "tfp"):
        out += _bad(f"regions.{name}", getattr(r, name), positive=True)
    for name in ("capital", "investment", "talent"):
        out += _bad(f"regions.{name}", getattr(r, name))
    per_person = w.people.labor_per_person[w.year - w.start_year]
    if not np.allclose(r.labor, per_person * r.population, rtol=RTOL):
        out.append("regions: labour is not the year's workers per person x population")
    if (
        w.year > w.start_year
        and w.flows.net_migration is not None
        and not _close(float(r.population.sum()), w.flows.people_before)
    ):
        out.append(
            f"people not conserved by migration: {r.population.sum()!r} "
            f"!= {w.flows.people_before!r}"
        )
    if not w.has_economy:
        return out
    f, b, g, m, lrn = w.firms, w.banks, w.governments, w.markets, w.learning
    if (r.talent > r.labor).any():
        out.append("regions: more skilled workers than workers")
    for name in (
        "capital",
        "capacity",
        "pipeline",
        "debt",
        "fund_equity",
        "output",
        "revenue",
        "labor",
        "investment",
        "subsidy",
        "rd",
    ):
        out += _bad(f"firms.{name}", getattr(f, name))
    out += _bad("firms.productivity", f.productivity, positive=True)
    if (np.diff(f.id) <= 0).any():
        out.append("firms: ids not strictly ascending")
    if f.n and (
        (f.region < 0).any()
        or (f.region >= w.n_regions).any()
        or (f.industry < 0).any()
        or (f.industry >= w.n_industries).any()
    ):
        out.append("firms: region or industry index out of range")
    # closures of traditional plants scale capacity after the year's output was produced
    closing = sc.government.traditional_exit_rate > 0
    if not closing and (f.output > f.capacity * (1 + 1e-9) + 1e-12).any():
        out.append("firms: output above capacity")
    if (f.misfit < 1.0).any() or (lrn.misfit < 1.0).any():
        out.append("misfit below 1")
    loans_r = np.bincount(f.region, weights=f.debt, minlength=w.n_regions)
    if not np.allclose(b.loans, loans_r, rtol=1e-9, atol=1e-9):
        out.append("bank loans != firms' debt by region")
    for name in ("loans", "capital", "npl", "interest_income"):
        out += _bad(f"banks.{name}", getattr(b, name))
    if (b.capital < sc.finance.capital_requirement * b.loans * (1 - 1e-9)).any():
        out.append("bank capital below the requirement after recapitalisation")
    if (b.npl > b.total_loans() * (1 + 1e-9) + 1e-12).any():
        out.append("non-performing loans above loans")
    out += _bad("governments.debt", g.debt)
    if not _close(float(w.flows.transfers.sum()), 0.0):
        out.append("central transfers do not sum to zero")
    fl = w.flows
    inflow = fl.capital_inflow
    borrowing = float(fl.local_deficit.sum()) + fl.central_deficit
    if len(inflow) and not _close(
        (float(inflow.sum()) + fl.central_deficit) / max(fl.saving, 1.0), 0.0
    ):
        out.append(
            f"net capital inflows do not sum to minus the central borrowing: {float(inflow.sum())!r}"
        )
    private = float(r.investment.sum() - fl.infrastructure.sum())
    if not _close(fl.firm_orders + private + borrowing, fl.saving):
        out.append("firm orders + aggregate investment + government borrowing != saving")
    out += _bad("markets.price", m.price, positive=True)
    if (m.price > PRICE_CAP * (1 + 1e-12)).any():
        out.append("price above the cap")
    if ((m.utilization < 0) | (m.utilization > 1 + 1e-9)).any():
        out.append(f"utilisation outside [0, 1]: {m.utilization}")
    if ((lrn.capability < 0) | (lrn.capability > 1)).any():
        out.append("capability outside [0, 1]")
    out += _bad("universities.knowledge", w.universities.knowledge, positive=True)
    out += _bad("learning.learning_index", lrn.learning_index, positive=True)
    return out


def assert_world_invariants(w: Any, sc: Any) -> None:
    """Fail with the list of broken invariants, naming the year."""
    broken = world_violations(w, sc)
    assert not broken, f"year {w.year}: " + "; ".join(broken)

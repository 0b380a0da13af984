"""The fiscal close of the year (design §4, phase 8): the local governments' budgets close (8f)
and the central government's bonds pay for its spending (8g). Re-exported by
:mod:`nqpf.agents.government`, whose phases they are; the arithmetic of the local close is
``sim/economics/public_debt.py``'s, and on the compiled path one pass over the regions
(``compiled_books.budget_close``, bit for bit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nqpf.sim.economics import compiled_path, public_debt, rates

if TYPE_CHECKING:
    from collections.abc import Callable

    from nqpf.agents.firms.settlement import Settlement
    from nqpf.sim.config import Scenario
    from nqpf.sim.world import World


def close_budgets(w: World, sc: Scenario, s: Settlement) -> None:
    """8f. Fiscal close: subsidies, zombie support, interest and infrastructure are spent; the
    deficit is financed by LGFV loans and bonds (``sim/economics/public_debt.py``), a surplus
    repays debt and then accumulates as deposits. Under debt stress a share of LGFV loans is
    non-performing and ``lgfv_loss_rate`` of it is written off (the bank's loss)."""
    g, reg, gov, fl = w.governments, w.regions, sc.government, w.flows
    w.central.spending = fl.central_compensation = float(s.compensated.sum())
    fl.rd_subsidies = s.rd_subsidy_by_region
    kernel = compiled_path.compiled("books.budget_close")
    if kernel is not None:  # the same numbers in one pass over the regions
        _close_compiled(kernel, w, sc, s)
        return
    g.subsidies = fl.investment_subsidies + fl.rd_subsidies + s.zombie_support_by_region
    debt_rate = rates.public_debt(sc)  # in model units (real, Fisher)
    interest = debt_rate * g.debt
    fl.gov_interest_lgfv = float((debt_rate * g.bank_held).sum())
    fl.gov_interest_bonds = float(interest.sum()) - fl.gov_interest_lgfv
    deposit_interest = rates.deposit(sc) * g.assets
    fl.gov_deposit_interest = float(deposit_interest.sum())
    # fiscal rule: debt above the warning line is consolidated, infrastructure first, then revenue
    warning = gov.debt_warning_ratio * gov.fiscal_revenue_share
    cut = public_debt.consolidation(g.debt, reg.gdp_nominal, warning, gov.debt_response)
    planned = gov.infrastructure_borrowing * reg.gdp_nominal
    infrastructure, raised = public_debt.apply_rule(planned, cut)
    g.revenue = g.revenue + raised
    fl.own_revenue += float(raised.sum())
    fl.consolidation = cut
    fl.infrastructure = infrastructure  # capital formation of the aggregate sector (phase 8h)
    fl.gov_purchases = float((g.spending + infrastructure).sum())  # talent, universities
    g.spending = g.spending + g.subsidies + interest + infrastructure
    g.revenue = g.revenue + deposit_interest
    fl.debt_before = g.debt.copy()
    fl.lgfv_before = g.bank_held.copy()
    fl.local_assets_before = g.assets.copy()
    bad = public_debt.non_performing_share(g.stress, gov.stress_threshold) * g.bank_held
    fl.lgfv_bad = bad
    fl.lgfv_written_off = gov.lgfv_loss_rate * bad
    fl.local_deficit = g.spending - g.revenue
    new = public_debt.finance_deficit(
        fl.local_deficit,
        g.debt - g.bank_held,
        g.bank_held - fl.lgfv_written_off,
        g.assets,
        gov.bank_held_share,
    )
    g.bank_held, g.assets = new.bank_held, new.assets
    g.debt = new.bonds + new.bank_held


def _close_compiled(kernel: Callable, w: World, sc: Scenario, s: Settlement) -> None:
    """:func:`close_budgets` after its first lines by the kernel ``books.budget_close``,
    whose rows are the reference's arrays; the national sums stay NumPy's (pairwise, each row
    by itself)."""
    g, reg, gov, fl = w.governments, w.regions, sc.government, w.flows
    t = kernel(
        *(fl.investment_subsidies, fl.rd_subsidies, s.zombie_support_by_region),
        *(g.debt, g.bank_held, g.assets, g.revenue, g.spending, g.stress, reg.gdp_nominal),
        *(rates.public_debt(sc), rates.deposit(sc)),
        *(gov.debt_warning_ratio * gov.fiscal_revenue_share, gov.debt_response),
        *(gov.infrastructure_borrowing, gov.stress_threshold, max(gov.stress_threshold, 1e-12)),
        *(gov.lgfv_loss_rate, gov.bank_held_share),
    )
    totals = t[:5].sum(axis=1)  # each row's NumPy (pairwise) sum, as row.sum()
    fl.gov_interest_lgfv = float(totals[0])
    fl.gov_interest_bonds = float(totals[1]) - fl.gov_interest_lgfv
    fl.gov_deposit_interest = float(totals[2])
    fl.own_revenue += float(totals[3])
    fl.gov_purchases = float(totals[4])
    g.subsidies, fl.consolidation, fl.infrastructure = t[5], t[6], t[7]
    g.spending, g.revenue = t[8], t[9]
    fl.debt_before, fl.lgfv_before, fl.local_assets_before = t[10], t[11], t[12]
    fl.lgfv_bad, fl.lgfv_written_off, fl.local_deficit = t[13], t[14], t[15]
    g.bank_held, g.assets, g.debt = t[16], t[17], t[18]


def close_central(w: World, sc: Scenario) -> None:
    """8g. The central government pays compensation, recapitalisation and interest on its bonds
    by issuing bonds to households: ``B_c' = B_c + spending``."""
    c, fl = w.central, w.flows
    fl.central_interest = rates.public_debt(sc) * c.debt
    c.spending = c.spending + fl.central_interest
    fl.central_debt_before = c.debt
    fl.central_deficit = c.spending
    c.debt = c.debt + c.spending

"""The transaction-flow matrix of a simulated year: every money flow between the sectors, with
its payer and its receiver (docs/model.md, "Money and the transaction-flow matrix").

Sectors (columns): households and the rest of the economy, firms, banks, local governments, the
central government, funds. Rows: the year's flows, a receipt or a source of funds ``+``, a
payment or a use ``-``. Each entry is read from the record of the sector it belongs to (the
banks' interest income from the banks' books, the firms' interest paid from the firms'), and the
rows of financial claims are the changes in the stocks each holder records. So:

* a row sums to zero when payer and receiver book the same amount (the same claim, on both
  sides of it, changes by the same amount);
* a column sums to zero when a sector's receipts, payments and the changes in its claims agree
  (its budget constraint, with the stocks measured, not derived);
* the deposits row is the hidden equation: households' deposits follow from their net receipts,
  the banks' deposits from their balance sheet (loans - capital).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nqpf.sim.world import World

SECTORS = ("households", "firms", "banks", "local_gov", "central_gov", "funds")
"""Columns of the matrix."""


@dataclass(frozen=True, slots=True)
class FlowMatrix:
    """Rows x sectors of the year's money flows [bn yuan]."""

    year: int
    rows: tuple[str, ...]
    values: np.ndarray
    """(rows x sectors) entries; + received or a source of funds, - paid or a use."""
    gdp: float
    """GDP of the year, the scale of the tolerance [bn yuan]."""

    def row_sums(self) -> np.ndarray:
        return self.values.sum(axis=1)

    def column_sums(self) -> np.ndarray:
        return self.values.sum(axis=0)

    def table(self) -> list[list[object]]:
        """Header and rows as lists (flow name, one entry per sector, row sum) for printing."""
        out: list[list[object]] = [["flow", *SECTORS, "sum"]]
        for name, row in zip(self.rows, self.values, strict=True):
            out.append([name, *(float(v) for v in row), float(row.sum())])
        out.append(["sum", *(float(v) for v in self.column_sums()), float(self.values.sum())])
        return out

    def markdown(self, digits: int = 1) -> str:
        """The matrix as a markdown table: blank where a sector has no entry, sums that round to
        zero shown as 0."""
        head, *body = self.table()
        lines = ["| " + " | ".join(str(h) for h in head) + " |", "|---" * len(head) + "|"]
        small = 0.5 * 10.0**-digits

        def cell(v: float, is_sum: bool) -> str:
            if abs(v) < small:
                return "0" if is_sum else ""
            return f"{v:,.{digits}f}"

        for name, *vals in body:
            last = len(vals) - 1
            cells = [cell(v, name == "sum" or i == last) for i, v in enumerate(vals)]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def transaction_flow_matrix(w: World) -> FlowMatrix:
    """The matrix of the year just settled (call after the settlement, before the next year)."""
    fl, f, b, g, h, c = w.flows, w.firms, w.banks, w.governments, w.households, w.central
    H, F, B, L, C, N = range(len(SECTORS))
    rows: list[tuple[str, dict[int, float]]] = [
        # current account
        (
            "operating surplus less R&D",
            {F: fl.firm_surplus_net_of_rd, H: -fl.firm_surplus_net_of_rd},
        ),
        ("own revenue of local governments", {H: -fl.own_revenue, L: fl.own_revenue}),
        ("transfers between regions", {L: float(fl.transfers.sum())}),
        (
            "talent, university, infrastructure spending",
            {L: -fl.gov_purchases, H: fl.gov_purchases},
        ),
        ("subsidies to firms", {L: -float(g.subsidies.sum()), F: float(fl.subsidy_received)}),
        (
            "interest on firm loans",
            {F: -fl.firm_interest, B: float((b.interest_income - fl.bank_interest_lgfv).sum())},
        ),
        (
            "interest on LGFV loans",
            {L: -fl.gov_interest_lgfv, B: float(fl.bank_interest_lgfv.sum())},
        ),
        ("interest on local bonds", {L: -fl.gov_interest_bonds, H: fl.household_bond_interest}),
        ("interest on central bonds", {C: -fl.central_interest, H: fl.household_central_interest}),
        (
            "interest on deposits",
            {
                B: -fl.bank_deposit_interest,
                H: fl.household_deposit_interest,
                L: fl.gov_deposit_interest,
            },
        ),
        ("banks' operating costs", {B: -fl.bank_operating_cost, H: fl.bank_operating_cost}),
        ("bank dividends", {B: -float(fl.bank_dividends.sum()), H: float(fl.bank_dividends.sum())}),
        ("payouts to firms' owners", {F: -fl.firm_payouts, H: fl.firm_payouts}),
        ("compensation for retired capacity", {C: -fl.central_compensation, B: fl.compensated}),
        (
            "bank recapitalisation",
            {
                C: -(fl.central_deficit - fl.central_compensation - fl.central_interest),
                B: float(fl.bank_recapitalisation.sum()),
            },
        ),
        # capital account
        ("capital goods bought by firms", {F: -fl.firm_orders, H: fl.firm_orders}),
        ("exits' capital bought back", {H: -fl.recovered, F: fl.recovered}),
        ("firm loans written off", {B: -fl.bank_loss_firms, F: fl.firm_loans_written_off}),
        ("LGFV loans written off", {B: -fl.bank_loss_lgfv, L: float(fl.lgfv_written_off.sum())}),
        # financial account: changes in stocks, as each holder records them
        (
            "change in firm loans",
            {
                F: float(f.debt.sum()) - fl.firm_debt_open,
                B: -float((b.loans - fl.loans_before).sum()),
            },
        ),
        (
            "change in LGFV loans",
            {
                L: float((g.bank_held - fl.lgfv_before).sum()),
                B: -float((b.gov_loans - fl.gov_loans_before).sum()),
            },
        ),
        (
            "change in local bonds",
            {
                L: float((g.debt - g.bank_held - fl.debt_before + fl.lgfv_before).sum()),
                H: -(h.local_bonds - fl.household_bonds_before),
            },
        ),
        (
            "change in central bonds",
            {
                C: c.debt - fl.central_debt_before,
                H: -(h.central_bonds - fl.household_central_bonds_before),
            },
        ),
        (
            "change in deposits",
            {
                H: -(h.deposits - fl.deposits_before),
                L: -float((g.assets - fl.local_assets_before).sum()),
                B: float(
                    (b.loans + b.gov_loans - b.capital).sum()
                    - (fl.loans_before + fl.gov_loans_before - fl.bank_capital_before).sum()
                ),
            },
        ),
        ("owners' funds", {H: -fl.owner_equity, F: fl.owner_equity}),
        ("fund shares", {H: -w.fund.invested, N: w.fund.invested}),
        ("fund equity in firms", {N: -w.fund.invested, F: w.fund.invested}),
    ]
    values = np.zeros((len(rows), len(SECTORS)))
    for i, (_, entries) in enumerate(rows):
        for j, v in entries.items():
            values[i, j] = v
    return FlowMatrix(
        year=w.year,
        rows=tuple(name for name, _ in rows),
        values=values,
        gdp=float(w.regions.gdp.sum()),
    )

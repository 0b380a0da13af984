"""Interest rates in model units (pure functions of the scenario).

Model prices are relative to the numeraire (the aggregate sector's good: services and the rest
of the economy). Loans, deposits and bonds are nominal contracts in yuan; while the numeraire's
yuan price rises at ``macro.inflation`` (pi), a stock of debt loses ``pi / (1 + pi)`` of its value
in model units every year. Interest charged in model units is therefore the real rate (Fisher)
``r = (1 + i) / (1 + pi) - 1``, and the flow matrix stays in one unit. The cash interest ``i D``
is what debt stress compares with revenue (``agents/government.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nqpf.sim.economics.national_accounts import real_rate

if TYPE_CHECKING:
    from nqpf.sim.config import Scenario


def policy(sc: Scenario) -> float:
    """Real policy (benchmark lending) rate: ``finance.policy_rate`` deflated [1/year]."""
    return real_rate(sc.finance.policy_rate, sc.macro.inflation)


def deposit(sc: Scenario) -> float:
    """Real deposit rate: ``policy_rate - deposit_spread`` (at least zero) deflated [1/year]."""
    nominal = max(sc.finance.policy_rate - sc.finance.deposit_spread, 0.0)
    return real_rate(nominal, sc.macro.inflation)


def public_debt(sc: Scenario) -> float:
    """Real interest on local and central government debt: ``government.debt_rate`` deflated
    [1/year]."""
    return real_rate(sc.government.debt_rate, sc.macro.inflation)


def loan(sc: Scenario, guaranteed: np.ndarray) -> np.ndarray:
    """Real loan rate of a firm of average risk: the real policy rate plus
    ``finance.base_spread x (1 - implicit_guarantee x guaranteed)`` [1/year] (``guaranteed``
    1 where the region protects the industry, else 0): what an entry decision assumes, and what
    an entrant pays in its first year, before the banks' terms (phase 5) apply to it."""
    fin = sc.finance
    return policy(sc) + fin.base_spread * (1.0 - fin.implicit_guarantee * guaranteed)

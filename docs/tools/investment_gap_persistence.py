"""Persistence of the provinces' investment shares relative to the nation, from the shipped panel.

Usage::

    .venv/bin/python docs/tools/investment_gap_persistence.py

For every year in which all 31 provinces have GDP and GFCF, each province's log gap
``g_rt = ln(i_rt / i_t)``, with ``i_rt`` its GFCF / GDP and ``i_t`` the provinces' summed GFCF
over summed GDP, and a pooled AR(1) without constant, ``g_r,t+1 = rho g_rt + e``, by least squares
over the windows printed (the source of ``macro.investment_gap_persistence``). Prints rho, its
standard error (homoskedastic), the pairs used and the residual s.d.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nqpf.sim.data.errors import DataFileError
from nqpf.sim.data.panel import investment_shares, load_panel
from nqpf.sim.economics import saving

WINDOWS = ((2004, 2010), (2004, 2017), (2011, 2017), (2004, 2022), (2018, 2022))


def gaps() -> pd.DataFrame:
    """Log gap by region (rows) and year (columns), in every year in which all provinces have
    GFCF and GDP: the gap the model starts from (``investment_shares``, ``saving.investment_gap``)."""
    panel = load_panel()
    table = {}
    for year in sorted(int(y) for y in panel["year"].unique()):
        try:
            read, shares = investment_shares(year)
        except DataFileError:  # no complete year yet
            continue
        if read == year:
            gdp = panel[panel["year"] == year].set_index("region")["gdp_nominal_100m_yuan"]
            gap = saving.investment_gap(shares.to_numpy(), gdp.reindex(shares.index).to_numpy())
            table[year] = pd.Series(gap, index=shares.index)
    years = sorted(table)
    if years != list(range(years[0], years[-1] + 1)):
        raise SystemExit(f"the complete years are not contiguous: {years}")
    return pd.DataFrame(table)


def ar1(table: pd.DataFrame, first: int, last: int) -> tuple[float, float, int, float]:
    """rho, its s.e., pairs and residual s.d. of ``g_t+1 = rho g_t`` for t+1 in first+1..last."""
    x = table.loc[:, first : last - 1].to_numpy().ravel()
    y = table.loc[:, first + 1 : last].to_numpy().ravel()
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    rho = float(x @ y / (x @ x))
    resid = y - rho * x
    se = float(np.sqrt(resid @ resid / (len(x) - 1) / (x @ x)))
    return rho, se, len(x), float(resid.std())


def main() -> None:
    table = gaps()
    print(f"complete years {table.columns.min()}-{table.columns.max()}")
    print("| window | rho | s.e. | pairs | residual s.d. |")
    print("|---|---|---|---|---|")
    for first, last in WINDOWS:
        rho, se, n, sd = ar1(table, first, last)
        print(f"| {first}-{last} | {rho:.3f} | {se:.3f} | {n} | {sd:.3f} |")


if __name__ == "__main__":
    main()

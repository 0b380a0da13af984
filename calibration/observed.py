"""The observed provincial panel in the layout and units of the model's ``regions`` table.

Moments are computed by one function from either table (:mod:`calibration.moments`), so the
data are first brought into the model's units (billions of yuan at constant start-year prices,
millions of persons). How each column is built, for a base (start) year ``b``:

==============  ===============================================================================
``population``  ``population_10k / 100`` [million persons]
``labor``       ``employment_10k / 100`` if the panel has it; otherwise the model's own rule:
                ``population x WPP 15-64 share of the year x solow.employment_per_working_age``
                (``solow.demography = "projection"``) or ``population x
                solow.labor_force_share`` (``"constant"``) [million workers]
``gdp``         real GDP at year-``b`` prices [bn yuan/year]. With a ``gdp_real_index``
                column: ``GDP_nominal_b / 10 x index_t / index_b``. Without it (the shipped
                panel): ``GDP_nominal_t / 10 x D_b / D_t`` with ``D`` the **national** GDP
                deflator (``calibration/data/national_deflator.csv``) -- a national
                approximation: provincial price trends differ, and the approximation moves
                every province's real growth by its gap to the national inflation rate
``investment``  ``GFCF_nominal_t / 10 x D_b / D_t`` (same deflator; empty where GFCF is, e.g. 2023)
``capital``     ``capital_2000prices_t x P_b / 10`` with ``P`` the province's investment price
                index: the perpetual-inventory stock revalued to year-``b`` prices, which is
                exactly the model's initial capital in year ``b`` [bn yuan]
``rd_intensity`` ``rd_intensity_pct`` as published [% of GDP]
``patents``     ``patents_granted`` [count/year]
==============  ===============================================================================

Universities and students are not in the shipped panel. No moment uses them yet; a user panel
may carry ``college_students_10k`` and ``universities`` (validated, passed through as
``college_students`` [million] and ``universities``) for when the model records matching columns.
"""

from __future__ import annotations

import pandas as pd

from nqpf.sim.data.demography import wpp_working_age_share
from nqpf.sim.data.errors import DataFileError


def observed_regions(
    panel: pd.DataFrame,
    provinces: pd.DataFrame,
    deflator: pd.Series,
    *,
    base_year: int,
    years: range,
    labor_force_share: float,
    employment_per_working_age: float | None = None,
    panel_path: str = "panel",
    deflator_path: str = "deflator",
) -> tuple[pd.DataFrame, list[str]]:
    """Build the observed ``regions`` table for ``years`` at ``base_year`` prices.

    Parameters
    ----------
    panel
        Output of :func:`nqpf.calibration.panel.load_calibration_panel`.
    provinces
        Output of :func:`nqpf.sim.data.provinces.load_provinces` (for macro-regions).
    deflator
        Output of :func:`nqpf.calibration.deflator.load_deflator` (price level by year).
    base_year
        Year whose prices real quantities are expressed in (the model's start year).
    years
        Years to return.
    labor_force_share
        Employed persons per resident, used when the panel has no ``employment_10k`` and
        ``employment_per_working_age`` is None.
    employment_per_working_age
        Employed persons per resident aged 15-64 (the model's rule with ``solow.demography =
        "projection"``): labour = population x WPP 15-64 share x this.

    Returns
    -------
    (pandas.DataFrame, list of str)
        The table (columns year, region, macro_region, sci_tech_class, population, labor, gdp,
        gdp_per_capita, capital, investment, rd_intensity, patents, plus optional series) and
        notes saying which approximations were used.

    Raises
    ------
    DataFileError
        The deflator does not cover ``years`` (only when it is needed).
    """
    df = panel[panel["year"].between(min(years.start, base_year), years.stop - 1)].copy()
    df = df.merge(
        provinces[["region", "macro_region", "sci_tech_class"]],
        on="region",
        how="left",
        validate="many_to_one",
    )
    base = df[df["year"] == base_year].set_index("region")
    notes: list[str] = []

    def at_base(column: str) -> pd.Series:
        return df["region"].map(base[column])

    if "gdp_real_index" in df.columns:
        gdp = (
            at_base("gdp_nominal_100m_yuan")
            / 10.0
            * df["gdp_real_index"]
            / at_base("gdp_real_index")
        )
        notes.append("real GDP from the panel's gdp_real_index (provincial volume index)")
        deflate = None
    else:
        needed = range(min(years.start, base_year), years.stop)
        lacking = [y for y in needed if y not in deflator.index]
        if lacking:
            raise DataFileError(
                deflator_path,
                f"no deflator for year(s) {lacking}",
                column="year",
                allowed=f"every year {needed.start}..{needed.stop - 1}",
            )
        deflate = float(deflator.loc[base_year]) / df["year"].map(deflator)
        gdp = df["gdp_nominal_100m_yuan"] / 10.0 * deflate
        notes.append(
            "real GDP = nominal GDP deflated by the NATIONAL GDP deflator "
            "(approximation: no provincial real GDP index in the panel)"
        )
    if deflate is None:
        deflate = gdp / (df["gdp_nominal_100m_yuan"] / 10.0)  # the province's implicit deflator
    population = df["population_10k"] / 100.0
    if "employment_10k" in df.columns:
        labor = df["employment_10k"] / 100.0
        notes.append("employment from the panel's employment_10k")
    elif employment_per_working_age is not None:
        share = wpp_working_age_share(df["year"].to_numpy())
        labor = population * share * employment_per_working_age
        notes.append(
            "employment = population x WPP 2024 15-64 share x employment_per_working_age "
            f"({employment_per_working_age:g}), the model's rule (no employment series in the panel)"
        )
    else:
        labor = population * labor_force_share
        notes.append(
            f"employment = population x labor_force_share ({labor_force_share:g}), "
            "the model's rule (no employment series in the panel)"
        )
    out = pd.DataFrame(
        {
            "year": df["year"].astype(int),
            "region": df["region"],
            "macro_region": df["macro_region"],
            "sci_tech_class": df["sci_tech_class"],
            "population": population,
            "labor": labor,
            "gdp": gdp,
            "gdp_per_capita": gdp / population,
            "capital": df["capital_2000prices_100m_yuan"]
            * at_base("investment_price_index_2000eq1")
            / 10.0,
            "investment": df["gfcf_nominal_100m_yuan"] / 10.0 * deflate,
            "rd_intensity": df["rd_intensity_pct"],
            "patents": df["patents_granted"],
        }
    )
    if "college_students_10k" in df.columns:
        out["college_students"] = df["college_students_10k"] / 100.0
    if "universities" in df.columns:
        out["universities"] = df["universities"]
    out = out[out["year"].between(years.start, years.stop - 1)]
    return out.sort_values(["year", "region"]).reset_index(drop=True), notes

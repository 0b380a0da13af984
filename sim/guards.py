"""Plausibility guards: numbers a run may produce but should not without a word.

:func:`check_year` reads the year's record (after :mod:`nqpf.sim.outputs.metrics` has made it) and
the firms' balance sheets, and appends a warning naming the year, the region or industry, the
variable, its value and the bound to the recorder's ``warnings`` when a value leaves the band
below. The runner copies the warnings into the run's manifest and the command line prints them.
Guards only read: a run's numbers are the same with or without them. Values that make the numbers
meaningless (negative or non-finite stocks) are errors raised by
:func:`nqpf.sim.accounting.check_finite_nonnegative` instead.

Bounds (documented in ``docs/reliability.md``), each a named constant:

======================  ==================================  ===============================
variable                band                                why
======================  ==================================  ===============================
national GDP growth     ``[-GDP_GROWTH_BAND, +...]``/year   no large economy has grown or
                                                            shrunk 25 % in a year in peace
regional GDP growth     ``[-REGION_GROWTH_BAND, +...]``     provinces' record is within ±40 %
industry price          ``[PRICE_LOW, PRICE_HIGH]`` x start prices start at 1 (index)
firms' leverage         debt / capital <= ``LEVERAGE_HIGH`` a sector with debt 5x its capital
regional investment     >= 0                                gross investment is not negative
chain drift             real GDP / GDP at start-year        the previous-year-price chain
                        prices within ``[CHAIN_DRIFT_LOW,   drifts under hard price swings
                        CHAIN_DRIFT_HIGH]``
======================  ==================================  ===============================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from nqpf.sim.outputs.recorder import Recorder
    from nqpf.sim.world import World

GDP_GROWTH_BAND = 0.25
"""Largest plausible national real GDP growth, up or down [1/year] (China's fastest year since
1978 was 15.2 % in 1984; the deepest peacetime falls of large economies about -10 %)."""
REGION_GROWTH_BAND = 0.40
"""Largest plausible provincial real GDP growth, up or down [1/year] (provincial series since
1978 stay within about ±25 %; the band leaves room for small synthetic regions)."""
PRICE_LOW = 0.02
"""Lowest plausible industry price index [start-year price = 1]."""
PRICE_HIGH = 50.0
"""Highest plausible industry price index [start-year price = 1]."""
LEVERAGE_HIGH = 5.0
"""Highest plausible debt / capital of an industry's firms together [-] (assumption: industrial
firms' liabilities are about 0.6 of assets in NBS data)."""
CHAIN_DRIFT_HIGH = 1.25
"""Highest plausible ratio of real GDP (chain-linked at previous-year prices) to GDP at start-year
prices [x]. Both start equal; in the shipped scenarios the ratio stays within 0.86-1.004 to 2050
(seeds 0-1, 2026-12-05): the chain weighs the goods whose prices fall with learning less than
start-year prices do, so it usually falls. A ratio far from 1 is the chain's drift when an
industry's price swings hard and its margins at last year's prices turn negative
(docs/model.md 9.5: 0.75 in 2025-26 and 3.9 by 2050 in ``central_coordination`` with
``central.retirement_rate = 0.5`` and ``central.capacity_threshold = 0.9``); assumption: a
quarter above, or a fifth below (:data:`CHAIN_DRIFT_LOW`), is beyond what relative prices
explain."""
CHAIN_DRIFT_LOW = 1.0 / CHAIN_DRIFT_HIGH
"""Lowest plausible ratio of real GDP to GDP at start-year prices [x] (0.8; see
:data:`CHAIN_DRIFT_HIGH`)."""
MAX_WARNINGS = 50
"""Warnings kept per run; later ones are counted, not listed."""


def check_year(w: World, recorder: Recorder) -> None:
    """Append a warning to ``recorder.warnings`` for every value of the year's record outside its
    band (first :data:`MAX_WARNINGS` listed, the rest counted in ``recorder.warnings_dropped``)."""
    national, regions, industries = recorder.last_rows()
    found: list[str] = []
    year = int(national.get("year", w.year))
    growth = national.get("gdp_growth")
    if growth is not None and np.isfinite(growth) and abs(growth) > GDP_GROWTH_BAND:
        found.append(_text(year, "national", "gdp_growth", growth, GDP_GROWTH_BAND, "±"))
    found += _chain_drift(national, year)
    names = list(w.geography.name)
    found += _outside(
        year, names, "region", regions, "gdp_growth", -REGION_GROWTH_BAND, REGION_GROWTH_BAND
    )
    found += _outside(year, names, "region", regions, "investment", 0.0, np.inf)
    if industries:
        keys = list(w.industries.keys)
        found += _outside(year, keys, "industry", industries, "price", PRICE_LOW, PRICE_HIGH)
        f = w.firms
        if f is not None and len(f.debt):
            n = len(keys)
            debt = np.bincount(f.industry, weights=f.debt, minlength=n)
            capital = np.bincount(f.industry, weights=f.capital, minlength=n)
            with np.errstate(divide="ignore", invalid="ignore"):
                lev = np.where(capital > 0, debt / capital, 0.0)
            found += _outside(
                year,
                keys,
                "industry",
                {"debt_to_capital": lev},
                "debt_to_capital",
                0.0,
                LEVERAGE_HIGH,
            )
    room = MAX_WARNINGS - len(recorder.warnings)
    recorder.warnings.extend(found[: max(room, 0)])
    recorder.warnings_dropped += max(len(found) - max(room, 0), 0)


def _chain_drift(national: dict[str, Any], year: int) -> list[str]:
    """A warning when real GDP (chain-linked) over GDP at start-year prices (the record's
    ``gdp_start_prices``) leaves ``[CHAIN_DRIFT_LOW, CHAIN_DRIFT_HIGH]``; nothing when either is
    missing or not a positive finite number (non-finite stocks are errors elsewhere)."""
    gdp, fixed = national.get("gdp"), national.get("gdp_start_prices")
    if gdp is None or fixed is None or not (np.isfinite(gdp) and np.isfinite(fixed) and fixed > 0):
        return []
    ratio = gdp / fixed
    if CHAIN_DRIFT_LOW <= ratio <= CHAIN_DRIFT_HIGH:
        return []
    return [
        f"year {year}: national: gdp / gdp_start_prices = {ratio:.4g} outside the "
        f"plausible range [{CHAIN_DRIFT_LOW:g}, {CHAIN_DRIFT_HIGH:g}] (the chain-linked volume "
        "drifts when prices swing hard, docs/model.md 9.5)"
    ]


def _outside(
    year: int,
    labels: list[str],
    group: str,
    table: dict[str, Any],
    variable: str,
    low: float,
    high: float,
) -> list[str]:
    """Warnings for the entries of ``table[variable]`` outside ``[low, high]`` (first one named,
    with the number affected)."""
    values = table.get(variable)
    if values is None:
        return []
    arr = np.asarray(values, dtype=float)
    bad = np.isfinite(arr) & ((arr < low) | (arr > high))
    if not bad.any():
        return []
    i = int(np.flatnonzero(bad)[0])
    who = labels[i] if i < len(labels) else f"#{i}"
    more = f" ({int(bad.sum())} {group}s)" if bad.sum() > 1 else ""
    return [
        f"year {year}: {group} {who}: {variable} = {arr[i]:.4g} outside the plausible range "
        f"[{low:g}, {high:g}]{more}"
    ]


def _text(year: int, who: str, variable: str, value: float, band: float, sign: str) -> str:
    return (
        f"year {year}: {who}: {variable} = {value:.4g} outside the plausible range {sign}{band:g}"
    )

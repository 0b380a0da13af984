"""Where each industry is in the start year, from data (china31): the 2007 provincial
input-output tables brought to the start year with a provincial series.

For region r and industry s with concordance sectors ``C_s`` (``base_sectors`` in
``sim/data/industries.toml``) and proxy ``X`` (``base_proxy``)::

    LQ_rs = (GO_r,C_s / GO_r) / (GO_C_s / GO)          2007 location quotient [-]
    weight_rs = X_r(start year) x LQ_rs                 [proxy units]

GO is 2007 gross output by province and sector (``sim/data/io2007_gross_output.csv``, 100m yuan);
``X`` is the start year's GDP (then ``weight_rs = GDP_r x GO_r,C_s / GO_r / const``: the province's
2007 structure at its start-year size) or a series of ``sim/data/industrial_proxies.csv``
(high-tech revenue or R&D, basic research). Tibet has no 2007 table: its sector shares are the
mean shares of the other provinces of its macro-region (the west). Nothing here is random.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from nqpf.sim.data.industrial_base import N_SECTORS, load_io2007, proxy_series
from nqpf.sim.memo import memoised

if TYPE_CHECKING:
    from nqpf.sim.world import World

__all__ = ["base_weights", "location_quotients", "sector_shares"]


def sector_shares(regions: list[str], macro_region: list[str]) -> np.ndarray:
    """Each region's 2007 gross output by sector over its total, regions x 42 [share].

    A region without a 2007 table takes the mean shares of the regions of its macro-region that
    have one (for the shipped data: Tibet, the west)."""
    return _sector_shares(tuple(regions), tuple(macro_region)).copy()  # the cache never changes


@lru_cache(maxsize=8)
def _sector_shares(regions: tuple[str, ...], macro_region: tuple[str, ...]) -> np.ndarray:
    """:func:`sector_shares`, found once per process for each map (the table is read once)."""
    io = load_io2007()
    go = io.to_numpy(float)
    shares_by_region = dict(zip(io.index, go / go.sum(axis=1, keepdims=True), strict=True))
    out = np.empty((len(regions), N_SECTORS))
    for i, region in enumerate(regions):
        if region in shares_by_region:
            out[i] = shares_by_region[region]
            continue
        peers = [
            shares_by_region[other]
            for other, macro in zip(regions, macro_region, strict=True)
            if macro == macro_region[i] and other in shares_by_region
        ]
        if not peers:
            raise ValueError(
                f"region {region!r} has no 2007 input-output table and no region of its "
                f"macro-region {macro_region[i]!r} has one"
            )
        out[i] = np.mean(peers, axis=0)
    return out


def national_sector_shares() -> np.ndarray:
    """China's 2007 gross output by sector over its total (the 30 tables summed) [share]."""
    go = load_io2007().to_numpy(float).sum(axis=0)
    return go / go.sum()


@memoised(maxsize=8)
def location_quotients(shares_rk: np.ndarray, sectors: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """``LQ_rs = sum_{k in C_s} share_rk / sum_{k in C_s} national share_k``, regions x industries
    (remembered per process by its arguments' contents, ``sim/memo.py``: a sweep's runs share it)."""
    national = national_sector_shares()
    out = np.empty((shares_rk.shape[0], len(sectors)))
    for s, codes in enumerate(sectors):
        idx = np.asarray(codes) - 1
        out[:, s] = shares_rk[:, idx].sum(axis=1) / national[idx].sum()
    return out


def base_weights(w: World) -> np.ndarray:
    """``weight_rs = X_r(start year) x LQ_rs`` (module doc), regions x industries; deterministic."""
    geo, ind = w.geography, w.industries
    lq = location_quotients(sector_shares(geo.name, geo.macro_region), ind.base_sectors)
    proxies = {
        name: w.regions.gdp if name == "gdp" else proxy_series(name, geo.name, w.start_year)
        for name in set(ind.base_proxy)
    }
    x = np.column_stack([proxies[name] for name in ind.base_proxy])
    return x * lq

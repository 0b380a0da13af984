"""Technology (design §5.3): regional innovation, Nelson-Phelps catch-up, spatial spillovers,
learning by doing, agglomeration and misfit.

Regional TFP of the aggregate sector::

    A_{r,t+1} = (1 + g_exo + g_innov,r) A_r + phi h_r (F_t - A_r) + sigma sum_j W_rj max(0, A_j - A_r)

    g_innov,r = theta (R&D_r / GDP_r) (talent share_r / mean)^0.5 (knowledge_r / mean)^0.2 e_r,
    e_r ~ lognormal(mean 1, sd 0.3)

``F_t`` is the frontier: the world technology frontier (growing at ``g_F``) or the highest
regional A, whichever is higher, ``h_r`` absorptive capacity, ``W`` a row-normalised weight
matrix falling with distance (``exp(-d / d0)``) and raised for land neighbours and for members of
the same cooperation agreement (Beijing-Tianjin-Hebei, Yangtze River Delta, the Pan-Pearl River
Delta around the Greater Bay Area, Chengdu-Chongqing). Seed 004 (diffusion depends on absorptive
capacity), seed 001 §4 (regional cooperation), seed 002 §3 (spillovers along networks).

Learning by doing (Wright's law): an industry's cost index is ``(X_t / X_0)^(-b)`` with X the
cumulative output and ``b = -log2(1 - learning rate)``.
"""

from __future__ import annotations

import numpy as np

AGREEMENTS: dict[str, tuple[str, ...]] = {
    "Beijing-Tianjin-Hebei": ("Beijing", "Tianjin", "Hebei"),
    "Yangtze River Delta": ("Shanghai", "Jiangsu", "Zhejiang", "Anhui"),
    "Pan-Pearl River Delta (Greater Bay Area)": (
        "Guangdong",
        "Fujian",
        "Jiangxi",
        "Hunan",
        "Guangxi",
        "Hainan",
        "Sichuan",
        "Guizhou",
        "Yunnan",
    ),
    "Chengdu-Chongqing": ("Sichuan", "Chongqing"),
}


def agreement_matrix(names: list[str]) -> np.ndarray:
    """Boolean R x R: regions that share a cooperation agreement (false on the diagonal)."""
    idx = {n: i for i, n in enumerate(names)}
    out = np.zeros((len(names), len(names)), dtype=bool)
    for members in AGREEMENTS.values():
        rows = [idx[m] for m in members if m in idx]
        for a in rows:
            for b in rows:
                out[a, b] = a != b
    return out


def spillover_weights(
    distance_km: np.ndarray,
    neighbors: np.ndarray,
    cooperation: np.ndarray | None,
    *,
    decay_km: float,
    neighbor_weight: float,
    cooperation_weight: float,
) -> np.ndarray:
    """Spillover weights W (zero diagonal): distance decay and neighbours, row-normalised; then
    members of a cooperation agreement add ``cooperation_weight`` times their normalised weight,
    so an agreement raises the intensity of spillovers among members, not only their share."""
    w = np.exp(-distance_km / decay_km) * (1.0 + neighbor_weight * neighbors)
    np.fill_diagonal(w, 0.0)
    total = w.sum(axis=1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    if cooperation is not None:
        w = w * (1.0 + cooperation_weight * cooperation)
    return w


def regional_tfp_next(
    tfp: np.ndarray,
    own_growth: np.ndarray,
    catch_up: np.ndarray,
    spillover: float,
    weights: np.ndarray,
    world_frontier: float = 0.0,
) -> np.ndarray:
    """Next year's regional TFP: own growth, Nelson-Phelps catch-up to the frontier
    ``F_t = max(world frontier, highest regional A)``, spillovers:
    ``A' = (1 + g) A + min(c (F - A) + s sum_j W_ij max(0, A_j - A), F - A)``. A region learns
    at most the whole of its gap to the frontier in a year: with strong spillovers (or
    cooperation weights that raise a row's sum above one) the two terms together would otherwise
    carry a follower past the frontier and the leaders leapfrog without bound."""
    frontier = max(float(tfp.max()), world_frontier)
    gaps = np.maximum(0.0, tfp[None, :] - tfp[:, None])
    grown = (1.0 + own_growth) * tfp
    uncapped = grown + catch_up * (frontier - tfp) + spillover * (weights * gaps).sum(axis=1)
    return np.minimum(uncapped, grown + (frontier - tfp))


def wright_exponent(learning_rate: np.ndarray) -> np.ndarray:
    """``b`` such that cost falls by ``learning_rate`` per doubling: ``2^-b = 1 - rate``."""
    return -np.log2(1.0 - learning_rate)


_last_base: list = [None, None, None, None, None]
"""The start-year tables, spillover and share :func:`learning_base` was last called with, and
what it returned."""


def learning_base(
    experience0: np.ndarray, cumulative0: np.ndarray, spill: float, new_cluster: float
) -> tuple[np.ndarray, np.ndarray]:
    """The floor of local learning, ``new_cluster x X0_s / R``, and the start-year experience
    ``max(E0_rs + spill (X0_s - E0_rs), floor)`` (regions x industries) of Wright's law by
    cluster, read-only: they depend on the start year's tables only (set at construction and
    never changed in a run), so they are computed again only for other tables or parameters."""
    key = [experience0, cumulative0, spill, new_cluster]
    last = _last_base
    if last[0] is not key[0] or last[1] is not key[1] or last[2:4] != key[2:]:
        exp_0 = experience0 + spill * (cumulative0[None, :] - experience0)
        floor = new_cluster * cumulative0[None, :] / len(experience0)
        start = np.maximum(exp_0, floor)
        floor.flags.writeable = start.flags.writeable = False
        _last_base[:] = [*key, (floor, start)]
    return _last_base[4]

"""Inequality and duplication indices of the yearly records (design §7): the Theil index of
income per person, the similarity of regions' industrial structures, and the overlap of their
priority lists."""

from __future__ import annotations

import numpy as np

from nqpf.sim.economics.strategies import location_quotient

NAN = float("nan")


def theil_index(income_per_person: np.ndarray, people: np.ndarray) -> float:
    """Population-weighted Theil T index: ``T = sum_i s_i ln(y_i / ybar)``, ``s_i`` income shares.

    Zero when every region has the same income per person; ``ln(N)`` at most.
    """
    income = income_per_person * people
    shares = income / income.sum()
    mean = income.sum() / people.sum()
    return float(np.sum(shares * np.log(income_per_person / mean)))


def similarity_index(capacity_rs: np.ndarray) -> float:
    """Industrial-structure similarity across regions (duplication index), 0-1.

    Mean over region pairs of the cosine similarity of their location-quotient vectors over
    industries (the UNIDO structure-similarity coefficient, with each industry weighted equally
    rather than by size, so that duplication in small new industries shows). Regions without
    capacity are left out.
    """
    lq = location_quotient(capacity_rs)
    present = capacity_rs.sum(axis=1) > 0
    lq = lq[present]
    if len(lq) < 2:
        return NAN
    # np.linalg.norm(lq, axis=1, keepdims=True) of a float array, as NumPy computes it
    # (``sqrt(add.reduce((x.conj() * x).real, axis))``) without its dispatch and checks
    norm = np.sqrt(np.add.reduce(lq * lq, axis=1, keepdims=True))
    unit = lq / np.maximum(norm, 1e-12)
    sim = unit @ unit.T
    n = len(lq)
    return float((sim.sum() - sim.trace()) / (n * (n - 1)))


def priority_overlap(priorities: np.ndarray) -> float:
    """Mean number of priority industries a pair of regions shares, over the mean number each
    region has (0 = no two regions share one, 1 = all have the same list) [share].

    ``priorities`` is the 0/1 regions x industries matrix ``P``. The pairs' shared priorities,
    the off-diagonal total of ``P P'``, equal ``sum_s c_s^2 - sum(P)`` with ``c_s`` the regions
    prioritising industry ``s``: an exact integer, the same number the matrix product gives,
    at a cost that does not grow with the square of the regions.
    """
    chosen_by = priorities.sum(axis=0).astype(np.int64)
    shared = float(int((chosen_by * chosen_by).sum()) - int(priorities.sum()))
    n = len(priorities)
    return float(shared / max(n * (n - 1), 1) / max(priorities.sum(axis=1).mean(), 1))

"""How local governments choose priority industries (design §6: 因地制宜 versus 一哄而上).

Each plan year every government scores every industry two ways.

Fit (因地制宜), seed 001 §3(1) and seed 003 (choose by endowment, base and capability)::

    fit_rs = - m * max(0, tau_s - k_r)          misfit: technology intensity above capability
             + f * k_r * tau_s                   pace: capable regions favour frontier industries
             + b * RCA_rs * [s traditional]      old trees, new branches: upgrade an existing base
             + 0.5 * RCA_rs                      revealed comparative advantage (log location quotient)
             + 0.5 * ln(university strength_rs)  research base
             + 0.3 * z(demand growth_s)          market potential
             - 10 * ln(e_rs)                     endowments: cheaper energy, skills, ports

(the weights are the named constants below).

Herding (一哄而上), seed 000 lines 382-388 and seed 003 §51: the popularity of an industry among the
leading regions' last plans plus how hot it looks (recent profitability and demand growth, or,
before any history, its glamour: technology intensity and demand growth).

A government with herding propensity psi ranks industries by
``(1 - psi) z(fit + noise) + psi z(hot) - coordination * crowding`` and prioritises its top ``n_r``.
``n_r`` grows with the province's size and capability (:func:`priorities_per_plan`), as the
provinces' published plans do. ``psi`` is 0 (tailored), 1 (herding), the scenario's propensity (mixed), or evolves by imitation of
the fastest-growing regions (tournament). Symbols: tau_s technology intensity [0-1], k_r regional
capability (percentile of absorptive capacity) [0-1].
"""

from __future__ import annotations

import numpy as np

PSI = {"tailored": 0.0, "herding": 1.0}
"""Herding propensity of the pure strategies; mixed and tournament take the scenario's value."""
RCA_OFFSET = 0.1
"""Added to the location quotient before its log, so that a region without the industry scores
ln(0.1) rather than minus infinity [-]."""
RCA_WEIGHT = 0.5
"""Weight of revealed comparative advantage in fit (assumption: half a standard deviation of
fit per log point of location quotient) [-]."""
RESEARCH_WEIGHT = 0.5
"""Weight of ln(university field strength) in fit [-]."""
MARKET_WEIGHT = 0.3
"""Weight of the standardised demand growth in fit [-]."""
SIZE_HEAT_WEIGHT = 0.7
"""Weight of the standardised log market size in an industry's heat [-]."""
REVENUE_HEAT_WEIGHT = 0.5
"""Weight of the standardised recent revenue growth in an industry's heat [-]."""
PROFIT_HEAT_WEIGHT = 0.5
"""Weight of the standardised recent profit rate in an industry's heat [-]."""
DESIGNATION_HEAT_WEIGHT = 1.0
"""Heat added to an industry the central government designates as strategic emerging or future
(14th Five-Year Plan outline, ch. 9: strategic emerging industries and future industries), in
standard deviations of heat (assumption: a national designation is as visible as one standard
deviation of growth or size) [-]."""
CROWDING_WEIGHT = 3.0
"""Score subtracted per unit of ``central.coordination`` x share of regions already choosing an
industry [-]."""
ENDOWMENT_WEIGHT = 10.0
"""Weight of the log unit-cost advantage of the location's endowments ``-ln e_rs`` in fit
(``sim/setup/endowments.py``). Assumption: a cost 5 % below the median province's counts like a
location quotient e^1 times higher (half a standard deviation of fit), since on margins of about
10 % a 5 % cost advantage raises profits by about half [-]."""
TOURNAMENT_NOISE_SD = 0.05
"""Standard deviation of the yearly drift of tournament governments' herding propensity [-]."""


def zscore(x: np.ndarray, axis: int | None = None) -> np.ndarray:
    """Standardise (zero where there is no variation).

    The mean and standard deviation are ``x.mean`` and ``x.std`` step by step, as NumPy takes
    them (sum / count; the square root of the mean squared deviation from that mean), without
    their call overhead: the same numbers bit for bit."""
    x = np.asarray(x, dtype=float)
    keep = axis is not None
    n = x.size if axis is None else x.shape[axis]
    dev = x - np.add.reduce(x, axis=axis, keepdims=keep) / n
    sd = np.sqrt(np.add.reduce(dev * dev, axis=axis, keepdims=keep) / n)
    return np.where(sd > 1e-12, dev / np.where(sd > 1e-12, sd, 1.0), 0.0)


def capability(absorptive: np.ndarray) -> np.ndarray:
    """Regional capability k_r: percentile rank of absorptive capacity in [0, 1] (0.5 if one region)."""
    n = len(absorptive)
    if n == 1:
        return np.array([0.5])
    ranks = np.argsort(np.argsort(absorptive, kind="stable"), kind="stable")
    return ranks / (n - 1)


def priorities_per_plan(
    gdp: np.ndarray,
    capability_r: np.ndarray,
    *,
    smallest: int,
    largest: int,
    scale: float,
    n_industries: int,
) -> np.ndarray:
    """Number of priority industries in each province's plan [industries]:

    ``n_r = clip(round(scale x (n_min + (n_max - n_min) x (rank(Y_r) + k_r) / 2)), 1, S)``

    with ``rank(Y_r)`` the province's GDP percentile and ``k_r`` its capability percentile, both in
    [0, 1]: the smallest, least capable province lists ``n_min`` industries, the largest and most
    capable ``n_max`` (``strategy.priorities_smallest`` / ``priorities_largest``, read from the
    provinces' 14th Five-Year plans), ``scale`` = ``strategy.priority_scale``.
    """
    breadth = 0.5 * (capability(gdp) + capability_r)
    n = np.rint(scale * (smallest + (largest - smallest) * breadth))
    return np.clip(n, 1, n_industries).astype(int)


def location_quotient(capacity_rs: np.ndarray) -> np.ndarray:
    """``(cap_rs / cap_r) / (cap_s / cap)``; 0 where the region has none of the industry."""
    region_total = capacity_rs.sum(axis=1, keepdims=True)
    industry_share = capacity_rs.sum(axis=0, keepdims=True) / max(capacity_rs.sum(), 1e-12)
    share = capacity_rs / np.maximum(region_total, 1e-12)
    return share / np.maximum(industry_share, 1e-12)


FIT_TERMS = ("misfit", "pace", "upgrade", "rca", "research", "market")
"""The terms of fit after the endowments' (module doc), in the order :func:`fit_scores` adds
them: misfit and pace (capability against technology intensity), the upgrading of a traditional
base and revealed comparative advantage (the industrial base), the research base, the market."""


def fit_terms(
    capacity_rs: np.ndarray,
    cap_r: np.ndarray,
    tech: np.ndarray,
    traditional: np.ndarray,
    uni_strength: np.ndarray,
    demand_growth: np.ndarray,
    *,
    misfit_aversion: float,
    future_pace: float,
    traditional_support: float,
    endowment: np.ndarray | None = None,
) -> dict[str, np.ndarray | float]:
    """The terms of fit, formula in the module doc: ``endowments`` (``-10 ln e_rs``; 0 when
    ``endowment``, the regions x industries unit-cost factor, is None) and :data:`FIT_TERMS`
    (regions x industries, ``market`` 1 x industries: the same in every region)."""
    rca = np.log(location_quotient(capacity_rs) + RCA_OFFSET)
    gap = np.maximum(0.0, tech[None, :] - cap_r[:, None])
    return {
        "endowments": 0.0 if endowment is None else -ENDOWMENT_WEIGHT * np.log(endowment),
        "misfit": -misfit_aversion * gap,
        "pace": future_pace * cap_r[:, None] * tech[None, :],
        "upgrade": traditional_support * rca * traditional[None, :],
        "rca": RCA_WEIGHT * rca,
        "research": RESEARCH_WEIGHT * np.log(np.maximum(uni_strength, 1e-6)),
        "market": MARKET_WEIGHT * zscore(demand_growth)[None, :],
    }


def fit_scores(
    capacity_rs: np.ndarray,
    cap_r: np.ndarray,
    tech: np.ndarray,
    traditional: np.ndarray,
    uni_strength: np.ndarray,
    demand_growth: np.ndarray,
    *,
    misfit_aversion: float,
    future_pace: float,
    traditional_support: float,
    endowment: np.ndarray | None = None,
) -> np.ndarray:
    """Fit of each industry to each region (regions x industries): the sum of
    :func:`fit_terms`, formula in the module doc; ``endowment`` is the regions x industries
    unit-cost factor ``e_rs`` (1 when None)."""
    terms = fit_terms(
        capacity_rs,
        cap_r,
        tech,
        traditional,
        uni_strength,
        demand_growth,
        misfit_aversion=misfit_aversion,
        future_pace=future_pace,
        traditional_support=traditional_support,
        endowment=endowment,
    )
    rest = terms[FIT_TERMS[0]]
    for name in FIT_TERMS[1:]:
        rest = rest + terms[name]
    return terms["endowments"] + rest


def hot_scores(
    previous_priorities: np.ndarray | None,
    leader_weight: np.ndarray,
    revenue_growth: np.ndarray,
    profit_rate: np.ndarray | None,
    demand_growth: np.ndarray,
    market_size: np.ndarray,
    designated: np.ndarray,
) -> np.ndarray:
    """How fashionable each industry looks (one score per industry), from observable signals.

    ``heat_s = z(g_s) + 0.7 z(ln D_s) + 1.0 designated_s + 0.5 z(revenue growth_s)`` and, once
    there is a previous plan, ``+ z(popularity_s) + 0.5 z(profit rate_s)``: fast demand growth,
    a big market, a central designation as strategic emerging or future industry, recent growth
    of sales (before the first plan the measured growth of the years before the start year,
    ``sim/data/industry_growth.csv``: solar PV and NEVs grew 40-50 % a year in 2018-2023), what
    the leading regions (S&T classes I and II, weighted 3:1) prioritised in the last plan, and
    profits (seed 000 lines 382-388: crowding into the same new industries; seed notes S8). No
    industry is hot or cold by construction: a traditional industry with a big, growing,
    profitable market can be the fashion too. Each government sees these signals with noise
    (:func:`choose_priorities`)."""
    heat = zscore(demand_growth) + SIZE_HEAT_WEIGHT * zscore(np.log(np.maximum(market_size, 1e-9)))
    heat = heat + DESIGNATION_HEAT_WEIGHT * designated
    heat = heat + REVENUE_HEAT_WEIGHT * zscore(revenue_growth)
    if previous_priorities is not None:
        popularity = (leader_weight[:, None] * previous_priorities).sum(
            axis=0
        ) / leader_weight.sum()
        heat = heat + zscore(popularity)
        if profit_rate is not None:
            heat = heat + PROFIT_HEAT_WEIGHT * zscore(profit_rate)
    return heat


def choose_priorities(
    fit: np.ndarray,
    hot: np.ndarray,
    psi: np.ndarray,
    crowding: np.ndarray,
    n_priorities: np.ndarray,
    *,
    info_noise: float,
    coordination: float,
    rng: np.random.Generator,
    return_score: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Boolean (regions x industries): each government's top ``n_priorities[r]`` industries.

    ``score_rs = (1 - h_r) z_r(z_r(fit_rs) + sigma e_rs) + h_r z_r(z(heat_s) + sigma u_rs) -
    crowding``: every government sees both its own fit and the industries' heat, each
    standardised across industries, with the same information noise ``sigma``
    (``strategy.info_noise``, in standard deviations of the score), and weighs them by its herding propensity ``h_r``
    continuously (no threshold). The noise is drawn for every government whatever its ``h_r``, so
    governments of different strategies face the same random draws. With ``return_score`` the
    scores are returned too (the plan's main priority is the chosen industry with the highest).
    """
    n_r = np.broadcast_to(np.asarray(n_priorities, dtype=int), (fit.shape[0],))
    # the noise is added to the standardised scores, so that it weighs the same against fit
    # and heat whatever their raw spreads (raw fit spreads 0.3-2 by region, heat 1-2)
    fit_z = zscore(fit, axis=1)
    noisy_fit = zscore(fit_z + info_noise * rng.standard_normal(fit.shape), axis=1)
    hot_z = zscore(hot)[None, :]
    noisy_hot = zscore(hot_z + info_noise * rng.standard_normal(fit.shape), axis=1)
    score = (1.0 - psi)[:, None] * noisy_fit + psi[:, None] * noisy_hot
    score = score - CROWDING_WEIGHT * coordination * crowding[None, :]
    if coordination <= 0:
        order = np.argsort(-score, axis=1, kind="stable")
        rank = np.argsort(order, axis=1, kind="stable")
        chosen = rank < n_r[:, None]
        return (chosen, score) if return_score else chosen
    # central coordination: governments choose in a random order, each steered away from what
    # those before it in this round already chose (a loop over regions, not firms)
    chosen = np.zeros_like(fit, dtype=bool)
    taken = np.zeros(fit.shape[1])
    mean_n = float(n_r.mean())
    for r in rng.permutation(fit.shape[0]):
        adjusted = score[r] - CROWDING_WEIGHT * coordination * taken / fit.shape[0] * mean_n
        top = np.argsort(-adjusted, kind="stable")[: n_r[r]]
        chosen[r, top] = True
        taken[top] += 1
    return (chosen, score) if return_score else chosen


def tournament_update(
    psi: np.ndarray, growth: np.ndarray, imitation: float, rng: np.random.Generator
) -> np.ndarray:
    """Promotion tournament: move toward the mean propensity of the top-quartile growth regions."""
    k = max(1, len(growth) // 4)
    leaders = np.argsort(-growth, kind="stable")[:k]
    target = psi[leaders].mean()
    return np.clip(
        psi + imitation * (target - psi) + TOURNAMENT_NOISE_SD * rng.standard_normal(len(psi)), 0, 1
    )

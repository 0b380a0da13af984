"""Scenario section ``[trade]``: trade between regions (``sim/economics/trade.py``): the trade
elasticity, transport costs by distance and how local protection and a unified national market
move the cost of crossing a provincial border."""

from __future__ import annotations

from nqpf.sim.config.params import StrictModel, param


class Trade(StrictModel):
    """Gravity of inter-regional trade and its costs."""

    elasticity: float = param(
        5.0,
        unit="-",
        meaning="trade elasticity theta: flows fall as (iceberg factor)^(-theta)",
        ge=1.0,
        le=15.0,
        source="Head and Mayer (2014), 'Gravity equations: workhorse, toolkit, and cookbook', "
        "Handbook of International Economics 4, ch. 3: structural estimates centre near 5 "
        "(median 5.03); Anderson and van Wincoop (2003) use elasticities of substitution 5-10",
    )
    distance_cost: float = param(
        0.10,
        unit="share of value per 1,000 km",
        meaning="kappa: transport cost of shipping goods between provinces per 1,000 km of "
        "great-circle distance between capitals, on top of the border cost",
        ge=0.0,
        le=1.0,
        source="ASSUMPTION: Anderson and van Wincoop (2004), 'Trade costs', JEL 42(3), put direct "
        "transport costs near 21 % of value for international shipments; inland China moves "
        "manufactured goods by road and rail over 1,000-2,000 km between provincial capitals, "
        "so 10 % per 1,000 km is of the same order. With theta = 5 it implies a distance "
        "elasticity of flows theta kappa d / T of about 0.4 at 1,200 km, below the gravity "
        "literature's 0.9 (Disdier and Head 2008, REStat 90(1)), which also holds "
        "information and network costs the border term carries here",
    )
    border_cost_paid: float = param(
        0.25,
        unit="share",
        meaning="share of the border cost that is a real cost to the selling firm (fees, "
        "inspections, local certification, separate distribution); the rest is buyers' "
        "preference for local suppliers, which steers the flows but costs the seller nothing",
        ge=0.0,
        le=1.0,
        source="ASSUMPTION: Anderson and van Wincoop (2004) split the border barriers of "
        "rich countries into policy barriers (tariffs, non-tariff barriers, about 8 %), language "
        "(7 %), currency (14 %), information (6 %) and security (3 %); between Chinese provinces "
        "there are no tariffs, no language or currency border, and the calibrated border costs "
        "(1.1-2.0 of value, sim/setup/trade.py) are far above any fee a seller pays, so most of "
        "them must be preference and information; a quarter is taken as paid",
    )
    protection_weight: float = param(
        1.0,
        unit="-",
        meaning="lambda: the border cost is proportional to 1 + lambda x "
        "government.local_protection (full protection doubles it with lambda = 1)",
        ge=0.0,
        le=10.0,
        source="ASSUMPTION: Poncet (2005), 'A fragmented China', Review of International "
        "Economics 13(3): 409-430, finds provincial border barriers rising with local "
        "protection motives (fiscal revenue, employment in local state firms); Zheng, Lu and Li "
        "(2022), Economic Modelling 115, find provincial administrative forces behind the "
        "remaining border effect in 2018 truck flows. No estimate of the weight was found",
    )
    calibration_protection: float = param(
        0.3,
        unit="index (0-1)",
        meaning="local protection of the data year: the border cost of each industry is "
        "calibrated so that the start year reproduces the 2007 input-output tables' share of "
        "output sold to other provinces at this protection",
        ge=0.0,
        le=1.0,
        source="ASSUMPTION: the default government.local_protection, so the default scenario "
        "starts with the data's inter-provincial trade shares",
    )
    unified_border_factor: float = param(
        0.5,
        unit="share",
        meaning="share of the border cost (without its protection part) a unified national "
        "market keeps",
        ge=0.0,
        le=1.0,
        source="ASSUMPTION: the same halving the unified market applies to savers' home bias and "
        "hukou barriers (agents/financier.py, agents/region.py); the 2022 opinions on building a "
        "unified national market (中共中央 国务院关于加快建设全国统一大市场的意见) target "
        "administrative barriers, not distance",
    )

"""Build the regions a run starts from: ``china31`` from shipped data, ``synthetic:N``, or ``custom``.

Units on the way in: the shipped panel is in the statistical yearbooks' units (100 million yuan,
10 thousand persons); the model works in billions of yuan at start-year prices and millions of
persons, so GDP and capital are divided by 10 and population by 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.spatial import Delaunay

from nqpf.agents.region import RegionGeography, RegionState
from nqpf.sim.config import Scenario
from nqpf.sim.config.sections_world import synthetic_region_names
from nqpf.sim.economics import saving
from nqpf.sim.economics.solow import absorptive_capacity, cobb_douglas
from nqpf.sim.memo import fresh_copy
from nqpf.sim.setup.demography import national_path

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Pairwise haversine distances between points given in degrees [km], read-only (a run
    never changes its map; ``agents.people`` keeps the distance term it implies for the run)."""
    la, lo = np.radians(lat)[:, None], np.radians(lon)[:, None]
    dlat, dlon = la - la.T, lo - lo.T
    a = np.sin(dlat / 2) ** 2 + np.cos(la) * np.cos(la.T) * np.sin(dlon / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    km.flags.writeable = False
    return km


def build_regions(
    scenario: Scenario, rng: np.random.Generator
) -> tuple[RegionGeography, RegionState]:
    """Geography and initial regional state for a scenario.

    Initial TFP is set so that the first year's Cobb-Douglas output equals the data's GDP:
    ``A_r = Y_r / (K_r^alpha L_r^(1-alpha))`` (the data-implied Solow residual). Labour is
    population x the start year's workers per person (``sim/setup/demography.py``).
    """
    geo_name = scenario.world.geography
    if geo_name == "china31":
        geo, pop, gdp, cap, rd = _china31(scenario.world.start_year)
    elif geo_name == "custom":
        return _custom(scenario)
    else:
        geo, pop, gdp, cap, rd = _synthetic(int(geo_name.split(":")[1]), rng)
    s = scenario.solow
    labor = pop * national_path(scenario)[1][0]
    tfp = gdp / (cap**s.alpha * labor ** (1 - s.alpha))
    state = RegionState(
        population=pop,
        labor=labor,
        capital=cap,
        tfp=tfp,
        tfp_next=tfp.copy(),
        own_tfp_growth=np.full(geo.n, s.tfp_growth),
        absorptive_capacity=absorptive_capacity(rd, scenario.technology.absorptive_scale),
        rd_intensity=rd,
        gdp=gdp.copy(),
    )
    return geo, state


def start_investment_gap(names: Sequence[str], year: int, gdp: np.ndarray) -> np.ndarray:
    """Log investment share over the nation's of each named province (``saving.investment_gap``)
    from the shipped panel's latest year up to ``year`` with GFCF for every province, weighted by
    ``gdp`` (the start year's) [log points]."""
    from nqpf.sim.data.panel import investment_shares

    _, shares = investment_shares(year)  # the panel itself is read once per process
    return saving.investment_gap(shares.reindex(list(names)).to_numpy(), gdp)


@lru_cache(maxsize=16)
def _start_state(year: int):
    """The shipped data's start state for a year, read once per process (sweeps build many models)."""
    from nqpf.sim.data.initial_state import start_state

    return start_state(year)


def _china31(year: int) -> tuple[RegionGeography, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Geography, population [m], GDP [bn yuan], capital [bn yuan] and R&D intensity [%] of the
    31 provinces in the start year (copies of what is built once per process)."""
    geo, *arrays = _china31_once(year)
    return fresh_copy(geo), *(a.copy() for a in arrays)


@lru_cache(maxsize=4)
def _china31_once(
    year: int,
) -> tuple[RegionGeography, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    df = _start_state(year)
    lat = df["lat"].to_numpy(float)
    lon = df["lon"].to_numpy(float)
    names = df["region"].tolist()
    adj = np.zeros((len(names), len(names)), dtype=bool)
    for i, nbrs in enumerate(df["neighbors"]):
        for other in nbrs:
            adj[i, names.index(other)] = True
    geo = RegionGeography(
        name=names,
        name_zh=df["name_zh"].tolist(),
        macro_region=df["macro_region"].tolist(),
        sci_tech_class=df["sci_tech_class"].tolist(),
        lat=lat,
        lon=lon,
        neighbors=adj,
        distance_km=great_circle_km(lat, lon),
    )
    pop = df["population_10k"].to_numpy(float) / 100.0
    gdp = df["gdp_nominal_100m_yuan"].to_numpy(float) / 10.0
    cap = df["capital_current_100m_yuan"].to_numpy(float) / 10.0
    rd = df["rd_intensity_pct"].to_numpy(float)
    return geo, pop, gdp, cap, rd


def _synthetic(
    n: int, rng: np.random.Generator
) -> tuple[RegionGeography, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """N generic regions with endowments drawn from the model's generator.

    Draws (all lognormal, centred on Chinese provincial medians of 2023): population 40 million
    (sd of log 0.6), GDP per person 85 thousand yuan (0.35), capital-output ratio 3.0 (0.15), R&D
    intensity 1.8 % (0.6, clipped to 0.2-7 %). Capitals are placed uniformly in a 20 x 20 degree box;
    neighbours are Delaunay edges. Macro-regions by longitude (east third 'east', middle
    'central', rest 'west'); S&T class by R&D-intensity quartile (top quartile 'I').
    """
    pop = 40.0 * np.exp(rng.normal(0.0, 0.6, n))
    gdp_pc = 85.0 * np.exp(rng.normal(0.0, 0.35, n))  # thousand yuan / person
    gdp = pop * gdp_pc  # million persons x thousand yuan = bn yuan
    cap = gdp * 3.0 * np.exp(rng.normal(0.0, 0.15, n))
    rd = np.clip(1.8 * np.exp(rng.normal(0.0, 0.6, n)), 0.2, 7.0)
    lat = rng.uniform(22.0, 42.0, n)
    lon = rng.uniform(100.0, 120.0, n)
    adj = np.zeros((n, n), dtype=bool)
    if n >= 4:
        tri = Delaunay(np.column_stack([lon, lat]))
        for simplex in tri.simplices:
            for a in simplex:
                for b in simplex:
                    if a != b:
                        adj[a, b] = True
    elif n > 1:
        adj[:] = True
        np.fill_diagonal(adj, False)
    lon_rank = np.argsort(np.argsort(-lon)) / n
    macro = ["east" if r < 1 / 3 else "central" if r < 2 / 3 else "west" for r in lon_rank]
    rd_rank = np.argsort(np.argsort(-rd)) / n
    classes = [
        "I" if r < 0.25 else "II" if r < 0.5 else "III" if r < 0.75 else "IV" for r in rd_rank
    ]
    names = synthetic_region_names(n)
    geo = RegionGeography(
        name=names,
        name_zh=names,
        macro_region=macro,
        sci_tech_class=classes,
        lat=lat,
        lon=lon,
        neighbors=adj,
        distance_km=great_circle_km(lat, lon),
    )
    return geo, pop, gdp, cap, rd


def _custom(scenario: Scenario) -> tuple[RegionGeography, RegionState]:
    """Regions listed in the scenario (textbook verification): TFP, capital and people as given."""
    specs = scenario.world.regions
    s = scenario.solow
    lat = np.array([r.lat for r in specs], dtype=float)
    lon = np.array([r.lon for r in specs], dtype=float)
    n = len(specs)
    geo = RegionGeography(
        name=[r.name for r in specs],
        name_zh=[r.name for r in specs],
        macro_region=[r.macro_region for r in specs],
        sci_tech_class=[r.sci_tech_class for r in specs],
        lat=lat,
        lon=lon,
        neighbors=np.zeros((n, n), dtype=bool),
        distance_km=great_circle_km(lat, lon),
    )
    rd = np.array([r.rd_intensity for r in specs], dtype=float)
    h = absorptive_capacity(rd, scenario.technology.absorptive_scale)
    h = np.array(
        [
            r.absorptive_capacity if r.absorptive_capacity is not None else h[i]
            for i, r in enumerate(specs)
        ]
    )
    pop = np.array([r.population for r in specs], dtype=float)
    tfp = np.array([r.tfp for r in specs], dtype=float)
    state = RegionState(
        population=pop,
        labor=pop * national_path(scenario)[1][0],
        capital=np.array([r.capital for r in specs], dtype=float),
        tfp=tfp,
        tfp_next=tfp.copy(),
        own_tfp_growth=np.array(
            [r.tfp_growth if r.tfp_growth is not None else s.tfp_growth for r in specs]
        ),
        absorptive_capacity=h,
        rd_intensity=rd,
    )
    state.gdp = cobb_douglas(state.tfp, state.capital, state.labor, s.alpha)
    return geo, state

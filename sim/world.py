"""The world a run simulates: every role's arrays, the industries' markets and the year's flows.

One ``World`` is built in the start year (``sim/setup/``) and handed to every phase of the year
(``agents/``); the model (``sim/model.py``) only orders the phases. Phases read and write the
fields documented here; metrics (``sim/outputs/metrics.py``) read them and nothing private.

Money is in billions of yuan at constant start-year prices, people in millions, quantities of
goods in billions of yuan a year at reference prices (price 1 in the start year).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.financier import BankArrays, FundState
from nqpf.agents.firms.state import FirmArrays
from nqpf.agents.government import CentralState, GovernmentArrays
from nqpf.agents.region import RegionGeography, RegionState
from nqpf.agents.university import UniversityArrays

if TYPE_CHECKING:
    from nqpf.sim.data.industries import IndustryTable
    from nqpf.sim.economics.markets import Clearing


@dataclass(slots=True)
class IndustryCosts:
    """Each industry's cost structure: set in the start year, then moved by learning; index = industry."""

    base_cost: np.ndarray
    """Reference unit cost before learning, calibrated so the start year clears at price 1 [yuan per
    reference yuan]."""
    base_cost0: np.ndarray
    """``base_cost`` of the start year (labour per unit of output scales with cost relative to it)."""
    spread: np.ndarray
    """Half-width of the uniform spread of plant costs within a firm, relative to its mean cost [-]."""
    k_per_capacity: np.ndarray
    """Fixed capital per unit of capacity before learning [yuan per yuan of output a year]."""
    labor_coef: np.ndarray
    """Workers per unit of output at the start-year cost [million per bn yuan]."""
    rd_scale: np.ndarray
    """By region: factor on the industry table's R&D shares so the start year reproduces each
    region's measured R&D [-]."""
    wright_b: np.ndarray
    """Wright's-law exponent of each industry [-]."""
    traditional: np.ndarray
    """1.0 for traditional industries, 0.0 otherwise [-]."""
    young_tiers: np.ndarray
    """True for emerging and future industries (where funds take equity)."""
    pipeline_years: int
    """Longest time to build, the number of pipeline columns of the firm arrays [years]."""
    scale_reference: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Absolute cluster scale that agglomeration compares a region's capacity with: the mean
    cluster of the start year, by industry [bn yuan/year of capacity]."""


@dataclass(slots=True)
class IndustryMarkets:
    """National goods markets and their history; index = industry."""

    demand_trend: np.ndarray
    """Demand level this year at price 1, before the shock [bn yuan/year]."""
    demand_mix: np.ndarray
    """Composition of spending across industries, drifting with the table's trend growth [bn yuan/year]."""
    demand_growth: np.ndarray
    """Growth of the demand level last year: what firms expect to continue [1/year]."""
    demand_shock: np.ndarray
    """AR(1) log demand shock this year [-]."""
    demand_total0: float
    """Spending on the industries' goods in the start year [bn yuan/year]."""
    gdp0: float
    """GDP of the start year [bn yuan/year]."""
    price: np.ndarray
    """Market-clearing price this year [reference = 1]."""
    price_prev: np.ndarray
    """Price last year [reference = 1]."""
    expected_price: np.ndarray
    """Price firms expect for this year when they invest [reference = 1]."""
    utilization: np.ndarray
    """Output / capacity this year [0-1]."""
    profit_rate: np.ndarray
    """Accounting profit / assets this year [1/year]."""
    revenue_prev: np.ndarray
    """Sales last year [bn yuan/year]."""
    revenue_growth: np.ndarray
    """Growth of sales last year [1/year]."""
    recent_growth: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Average yearly growth of each industry in the years before the start year, what the
    first plan reads (``sim/data/industry_growth.csv``) [1/year]."""
    profit_rate0: np.ndarray | None = None
    """Profit rate of the start year (the fund's fundamental valuation is relative to it)."""
    clearing: Clearing | None = None
    """This year's clearing: capacity, demand and price of each market."""
    output: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Output this year [bn yuan/year at reference prices]."""
    investment: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capital ordered this year [bn yuan/year]."""
    exits: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms leaving this year [count]."""


@dataclass(slots=True)
class Learning:
    """Technology that moves costs and fit: learning by doing and regions' capability."""

    learning_index: np.ndarray
    """National learning factor on capital and reference costs, by industry [start = 1]."""
    cumulative_output: np.ndarray
    """National cumulative output by industry [bn yuan]."""
    cumulative_output0: np.ndarray
    """``cumulative_output`` of the start year [bn yuan]."""
    cell_experience: np.ndarray
    """Cumulative output of each region-industry cluster, regions x industries [bn yuan]."""
    cell_experience0: np.ndarray
    """``cell_experience`` of the start year [bn yuan]."""
    cell_learning: np.ndarray
    """Local learning factor on unit costs, regions x industries [start = 1]."""
    capability: np.ndarray
    """Technological capability of each region, from absorptive capacity [0-1]."""
    gap: np.ndarray
    """max(0, technology intensity - capability), regions x industries [-]."""
    misfit: np.ndarray
    """Cost factor of entering an industry beyond the region's capability, 1 + penalty x gap [x]."""
    spill_weights: np.ndarray
    """Row-normalised weights of technology spillovers between regions, R x R [-]."""


@dataclass(slots=True)
class ValueAdded:
    """Firms' value added, chain-linked at the previous year's prices."""

    level: float = 0.0
    """Real value added of all firms [bn yuan at start-year prices]."""
    quantity: np.ndarray | None = None
    """Value added by industry at reference prices, the last measured year [bn yuan]."""
    by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Real value added by region this year [bn yuan]."""
    nominal: float = 0.0
    """Value added at current prices this year [bn yuan]."""


@dataclass(slots=True)
class YearFlows:
    """Flows of the year that the accounts check and the metrics report [bn yuan unless noted]."""

    capital_at_open: float = 0.0
    """All capital at the opening of the year (aggregate, firms', pipeline, resold)."""
    firm_orders: float = 0.0
    """Capital ordered by firms (incumbents and entrants)."""
    new_loans: float = 0.0
    debt_repaid: float = 0.0
    debt_capitalised: float = 0.0
    """Negative cash flow financed by new debt."""
    debt_of_exits: float = 0.0
    entries: int = 0
    """Firms entering [count]."""
    exits: int = 0
    """Firms leaving [count]."""
    written_off_capital: float = 0.0
    """Capital of exits not recovered, plus capital closed by governments."""
    closed_capital: float = 0.0
    """Capital of traditional plants closed by governments (hollowing out)."""
    investment_subsidies: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rd_subsidies: np.ndarray = field(default_factory=lambda: np.zeros(0))
    subsidy_received: float = 0.0
    rd_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms' R&D by region, before exits."""
    transfers: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Net central transfers received by each region (sum zero)."""
    university_budget: np.ndarray = field(default_factory=lambda: np.zeros(0))
    people_before: float = 0.0
    """Population before migration [million]."""
    net_migration: np.ndarray | None = None
    """Net migration of the year by region [million persons]."""
    capital_inflow: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Investment in a region less its saving."""
    saving: float = 0.0
    """National saving."""
    debt_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Local government debt before the year's close."""
    loans_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Bank loans before the year's close."""
    bank_capital_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    bank_funding_cost: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Banks' deposit interest and operating costs this year."""
    bank_dividends: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Bank capital above the target ratio, paid out."""
    bank_recapitalisation: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capital the state injects into banks below the requirement."""


@dataclass(slots=True)
class World:
    """Everything a run's phases read and write, for one scenario and one seed.

    In textbook mode (``economy.enabled = false``) only ``geography`` and ``regions`` exist.
    """

    geography: RegionGeography
    regions: RegionState
    year: int
    """Calendar year being simulated."""
    start_year: int
    industries: IndustryTable | None = None
    firms: FirmArrays | None = None
    governments: GovernmentArrays | None = None
    central: CentralState | None = None
    banks: BankArrays | None = None
    fund: FundState | None = None
    universities: UniversityArrays | None = None
    costs: IndustryCosts | None = None
    markets: IndustryMarkets | None = None
    learning: Learning | None = None
    value_added: ValueAdded = field(default_factory=ValueAdded)
    flows: YearFlows = field(default_factory=YearFlows)
    next_firm_id: int = 0
    """Id of the next entrant."""
    plan_made: bool = False
    """Whether governments have made their first plan."""

    @property
    def has_economy(self) -> bool:
        """True when the agent economy runs (firms, governments, financiers, universities)."""
        return self.firms is not None

    @property
    def n_regions(self) -> int:
        return self.geography.n

    @property
    def n_industries(self) -> int:
        return 0 if self.industries is None else self.industries.n

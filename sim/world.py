"""The world a run simulates: every role's arrays, the industries' markets and the year's flows.

One ``World`` is built in the start year (``sim/setup/``) and handed to every phase of the year
(``agents/``); the model (``sim/model.py``) only orders the phases. Phases read and write the
fields documented here (the national accounts' in ``sim/accounts_state.py``); metrics
(``sim/outputs/metrics.py``) read them and nothing private.

Money is in billions of yuan at constant start-year prices, people in millions, quantities of
goods in billions of yuan a year at reference prices (price 1 in the start year); growth in 1/year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nqpf.agents.financier import BankArrays, FundState
from nqpf.agents.firms.state import FirmArrays
from nqpf.agents.government import CentralState, GovernmentArrays
from nqpf.agents.households import HouseholdAccounts
from nqpf.agents.people import PeopleState
from nqpf.agents.region import RegionGeography, RegionState
from nqpf.agents.university import UniversityArrays
from nqpf.sim.accounts_state import NationalAccounts, ValueAdded

if TYPE_CHECKING:
    from nqpf.sim.data.industries import IndustryTable
    from nqpf.sim.economics.markets import Clearing


@dataclass(slots=True)
class IndustryCosts:
    """Each industry's cost structure: set in the start year, then moved by learning; index = industry."""

    base_cost: np.ndarray
    """Reference unit cost before learning, calibrated so the start year clears at price 1 [yuan per
    reference yuan]."""
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
    endowment: np.ndarray = field(default_factory=lambda: np.ones((0, 0)))
    """Regions x industries: factor on unit costs from local endowments (cheap energy, skills,
    ports; ``sim/setup/endowments.py``), 1 where there are no endowment data [x]."""
    dispatched_cost0: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Start-year mean unit cost of the plants each industry's firms dispatched, weighted by
    output, ``dbar0_s = sum q_i d_i / sum q_i`` (``costs.dispatched_reference_costs``): inputs,
    workers and a chain input per unit of output scale with ``d_i / dbar0_s``, so the start
    year's firms use exactly the table's intermediate share, ``labor_coef`` and
    ``upstream_input`` per unit of output (``agents/firms/costs.py``,
    ``sim/economics/chain.py``) [yuan per reference yuan]."""
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
    population0: float
    """Population of the start year [million persons]."""
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
    """Mean yearly growth before the start year, the first plan's heat (industry_growth.csv)."""
    derived_demand: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """What a chain's downstream stages bought from each industry this year, beside its
    ``demand_trend`` (``sim/economics/chain.py``) [bn yuan/year at reference prices]."""
    profit_rate0: np.ndarray | None = None
    """Profit rate of the start year (the fund's fundamental valuation is relative to it)."""
    clearing: Clearing | None = None
    """This year's clearing: capacity, demand and price of each market."""
    output: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Output this year [bn yuan/year at reference prices]."""
    cell_output: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Output by cell (``region x S + industry``), leavers included [bn yuan/year]."""
    investment: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capital ordered this year [bn yuan/year]."""
    exits: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms leaving this year [count]."""
    profit: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms' accounting profit this year, leavers included [bn yuan/year]."""
    assets: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Firms' capital installed and under construction, leavers included [bn yuan]."""


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
class YearFlows:
    """Flows of the year that the accounts check and the metrics report [bn yuan unless noted]."""

    capital_at_open: float = 0.0
    """All capital at the opening of the year (aggregate, firms', pipeline, resold)."""
    firm_orders: float = 0.0
    """Capital ordered by firms (incumbents and entrants)."""
    firm_orders_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capital ordered by firms by region, kept when an ordering firm exits in the same year."""
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
    closed_capacity_by_region: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Capacity of those plants closed this year, after they produced, by region [bn yuan/year]."""
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
    """Investment in a region plus its government's deficit, less its saving (the regions' sum
    is minus the central government's borrowing)."""
    saving: float = 0.0
    """National saving: the saving rate x GDP, plus forced saving when orders and government
    borrowing exceed it."""
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
    # ---- money flows of the transaction-flow matrix (sim/flow_matrix.py) [bn yuan]
    firm_debt_open: float = 0.0
    """Firms' debt at the start of the year's investment (the firms' record)."""
    firm_surplus_net_of_rd: float = 0.0
    """Firms' operating surplus less R&D: what production leaves firms."""
    firm_interest: float = 0.0
    """Interest firms pay on their loans (zombies' paid with their government's support)."""
    firm_payouts: float = 0.0
    """Paid to firms' owners: positive cash flow not used to repay debt, and what exits'
    recovered capital leaves after their debt."""
    recovered: float = 0.0
    """Capital of leaving firms bought by the aggregate sector at the recovery rate."""
    firm_loans_written_off: float = 0.0
    """Debt of leaving firms not covered by recovered capital (the firms' record)."""
    owner_equity: float = 0.0
    """Firms' orders financed by owners: orders - new loans - subsidies - fund equity."""
    own_revenue: float = 0.0
    """Local governments' own policy revenue, a share of GDP."""
    gov_purchases: float = 0.0
    """Local spending on talent, universities and infrastructure (paid to households)."""
    gov_interest_bonds: float = 0.0
    """Interest local governments pay on bonds (to households)."""
    gov_interest_lgfv: float = 0.0
    """Interest local governments pay on LGFV loans (the governments' record)."""
    gov_deposit_interest: float = 0.0
    """Interest local governments receive on their deposits."""
    local_deficit: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Local spending - revenue by region, financed by borrowing or deposits (negative: surplus)."""
    consolidation: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Fiscal-rule consolidation by region: infrastructure cut plus revenue raised [bn yuan]."""
    infrastructure: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Local governments' infrastructure spending by region, part of the deficit; it is capital
    formation, installed in the region's aggregate sector [bn yuan]."""
    lgfv_written_off: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """LGFV loans written off this year by region (the governments' record)."""
    lgfv_bad: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Non-performing LGFV loans this year by region (debt stress)."""
    lgfv_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Bank-held local debt (LGFV loans) before the close, the governments' record."""
    local_assets_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Local governments' deposits before the close."""
    central_deficit: float = 0.0
    """Central spending (compensation, recapitalisation, interest), financed by bonds."""
    central_interest: float = 0.0
    """Interest the central government pays on its bonds (to households)."""
    central_debt_before: float = 0.0
    bank_interest_lgfv: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Interest banks earn on LGFV loans (the banks' record)."""
    bank_deposit_interest: float = 0.0
    """Interest banks pay on deposits (households' and governments')."""
    bank_operating_cost: float = 0.0
    """Banks' operating costs (paid to households)."""
    bank_loss_firms: float = 0.0
    """Firm loans written off (the banks' record, before compensation)."""
    bank_loss_lgfv: float = 0.0
    """LGFV loans written off (the banks' record)."""
    compensated: float = 0.0
    """Central compensation of banks' losses on retired capacity."""
    gov_loans_before: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Banks' LGFV loans before the close (the banks' record)."""
    household_deposit_interest: float = 0.0
    """Interest households receive on their deposits (the households' record)."""
    household_bond_interest: float = 0.0
    """Interest households receive on local bonds (the households' record)."""
    household_central_interest: float = 0.0
    """Interest households receive on central bonds (the households' record)."""
    central_compensation: float = 0.0
    """Central compensation of banks' losses on retired capacity (the central record)."""
    deposits_before: float = 0.0
    """Households' deposits before the year's settlement."""
    household_bonds_before: float = 0.0
    """Households' local government bonds before the year's settlement."""
    household_central_bonds_before: float = 0.0
    """Households' central government bonds before the year's settlement."""
    forced_saving: float = 0.0
    """Saving beyond the saving rate when firms' orders and government borrowing exceed it."""


@dataclass(slots=True)
class Trade:
    """Trade between regions (``sim/economics/trade.py``); regions x industries unless noted."""

    spending_weight: np.ndarray
    """Region's spending on the industry per unit of its GDP relative to China's, from the 2007
    tables (1 without data): destination spending ``E_rs`` is proportional to it x GDP [x]."""
    border_calibrated: np.ndarray
    """Border cost that reproduces the 2007 inter-provincial share, by industry [share of value]."""
    delivery: np.ndarray
    """Delivery cost factor of a unit sold relative to the calibration year's, from last year's
    shipments; on unit costs [x]."""
    delivery_calibration: np.ndarray
    """Delivery cost factor of the start-year map at the calibration year's segmentation [x]."""
    exports: np.ndarray
    """Sales of the region's firms in other regions this year [bn yuan/year, reference prices]."""
    imports: np.ndarray
    """Sales of other regions' firms in the region this year [bn yuan/year, reference prices]."""
    origin_balance: np.ndarray | None = None
    """Last year's gravity fit's origin balancing factors, industries x regions: the start of
    this year's fit (``trade.gravity_flows(start=...)``); ``None`` before the first shipment."""


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
    people: PeopleState | None = None
    """Demography and migration (``agents/people.py``)."""
    industries: IndustryTable | None = None
    firms: FirmArrays | None = None
    governments: GovernmentArrays | None = None
    central: CentralState | None = None
    banks: BankArrays | None = None
    fund: FundState | None = None
    households: HouseholdAccounts | None = None
    universities: UniversityArrays | None = None
    costs: IndustryCosts | None = None
    markets: IndustryMarkets | None = None
    learning: Learning | None = None
    trade: Trade | None = None
    value_added: ValueAdded = field(default_factory=ValueAdded)
    accounts: NationalAccounts = field(default_factory=NationalAccounts)
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

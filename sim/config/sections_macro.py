"""Scenario section ``[macro]``: the agent economy's saving path and households' demand for the
modelled goods against the rest of the economy (services and the aggregate sector).

Textbook mode (``economy.enabled = false``) reads none of these: it keeps ``solow.saving_rate``.
"""

from __future__ import annotations

from typing import Literal

from nqpf.sim.config.params import StrictModel, param


class Macro(StrictModel):
    """Saving path and goods demand of the agent economy (``sim/economics/saving.py``,
    ``agents/region.py`` ``update_demand``)."""

    saving_rate_start: float = param(
        0.47,
        unit="share of GDP",
        meaning="saving (= gross capital formation) rate of the start year, s_0 in "
        "s_t = s_0 + b_y ln(y_t / y_0) + b_a (d_t - d_0)",
        ge=0.05,
        le=0.8,
        source="shipped panel (sim/data/panel.csv): provinces' gross fixed capital formation / GDP "
        "0.470 in 2022, which is also the 2023 investment the panel's 2023 capital stock is built "
        "with (sim/data/README.md); the model starts from that capital stock, so the start year's "
        "investment must be the same flow for capital to continue the data's path (5.0 % real "
        "growth in 2023). NBS's national capital formation rate is lower, about 42 % in 2023 "
        "(China Statistical Yearbook 2024, GDP by expenditure), because provincial GFCF sums "
        "exceed the national total; with 0.42 the first simulated year's capital growth falls to "
        "2.4 %. For another start year set the panel's value of the year before (0.505 for 2018)",
        lever=True,
        label="Saving rate at the start",
        label_zh="初始储蓄率",
        meaning_zh="起始年份总储蓄（资本形成）占GDP的比重",
    )
    start_income_growth: float = param(
        0.052,
        unit="1/year",
        meaning="real GDP growth of the start year over the year before: households spend out of "
        "expected income, last year's income grown at last year's real growth, so the first "
        "simulated year's spending continues the data's growth instead of pausing",
        ge=-0.2,
        le=0.2,
        source="NBS, Statistical Communiqué 2023: real GDP growth 5.2 % in 2023 (for a 2018 start "
        "set 6.7 %, NBS 2018)",
    )
    saving_income_effect: float = param(
        -0.03,
        unit="share of GDP per log point of real GDP per head",
        meaning="b_y: change of the saving (investment) rate per log point of real GDP per head "
        "since the start year",
        ge=-0.2,
        le=0.1,
        source="ASSUMPTION, order of magnitude from García-Santana, Pijoan-Mas and Villacorta (2021), "
        "'Investment demand and structural change', Econometrica 89(6): across countries the "
        "investment rate is hump-shaped in income per head and falls past the hump, where China "
        "is; IMF (Zhang 2016, WP/16/183; Article IV 2016 Selected Issues) projects China's "
        "investment ratio to fall with national saving; scenarios/baseline.toml sets the estimate "
        "+0.046 (s.e. 0.073) of the fit to 2018-2023 with the pandemic years left out "
        "(docs/calibration.md)",
    )
    saving_ageing_effect: float = param(
        -0.35,
        unit="share of GDP per unit of the old-age dependency ratio",
        meaning="b_a: change of the saving (investment) rate per unit change of the old-age "
        "dependency ratio (65+ per 15-64, WPP 2024 medium variant) since the start year",
        ge=-1.5,
        le=0.5,
        source="life-cycle effect of ageing on saving: Loayza, Schmidt-Hebbel and Servén (2000), "
        "'What drives private saving across the world?', REStat 82(2), and Modigliani and Cao "
        "(2004) for China find negative old-age dependency effects of a few tenths; -0.35 is an "
        "ASSUMPTION within that range (with WPP's 0.20 -> 0.52 by 2050 it lowers the rate by 11 "
        "points, about Japan's fall from the 1990s to the 2010s)",
    )
    regional_investment: Literal["auto", "uniform", "data"] = param(
        "auto",
        unit="-",
        meaning="where the saving placed at home goes (the home-biased part of the financiers' "
        "pool, finance.home_bias): 'auto' is 'data' on the china31 map and 'uniform' on any "
        "other; 'uniform' in proportion to each region's own saving (the "
        "same rate everywhere); 'data': it tops each region's investment (firms' orders and "
        "infrastructure already placed there count) up to a target share, of the home part plus "
        "all regions' committed investment, proportional to its own saving times its start-year investment share relative to the nation's, the log gap "
        "multiplied by investment_gap_persistence each year (china31 only: transfers, policy "
        "lending and local "
        "financing platforms that fund investment above local saving in the western and "
        "north-eastern provinces, and below it in Beijing and Shanghai)",
        source="shipped panel (sim/data/panel.csv): provinces' GFCF / GDP ranged from 0.26 "
        "(Beijing) to 0.96 (Qinghai) in 2022; see investment_gap_persistence. 'data' is the "
        "china31 default because it fits the provinces' GDP out of sample better than 'uniform' "
        "(docs/validation.md), and 'uniform' gave Beijing 10 % growth in 2024 (data 5.2 %)",
    )
    saving_closure: Literal["private", "national"] = param(
        "private",
        unit="-",
        meaning="what the saving path s_t Y is: 'private': the saving of households and firms, "
        "from which the governments' borrowing (local deficits, central bonds) is paid before the "
        "aggregate sectors invest, so a yuan of government borrowing crowds out a yuan of "
        "investment and national investment falls short of s_t Y by the governments' borrowing "
        "net of infrastructure (0.46-0.88 % of GDP in the baseline, docs/model.md 9.5); "
        "'national': national saving, as the data's investment share it starts from: private "
        "saving is s_t Y plus the governments' dissaving (their borrowing net of the "
        "infrastructure it pays for), so national investment (firms' orders, infrastructure and "
        "the aggregate sectors') is s_t Y and government borrowing crowds out nothing (a "
        "Ricardian offset)",
        source="the two ends of the range of crowding out in the saving-investment identity "
        "(S = I, closed economy): none of government borrowing offset by private saving, or all "
        "of it (Ricardian equivalence, Barro 1974, JPE 82(6)); the evidence lies between, nearer "
        "the first (partial offsets: OECD Economic Outlook 76, 2004, ch. V; Doménech, Taguas and "
        "Varela, Economics Letters 2000: private saving compensates a small fraction of public "
        "dissaving in the OECD). ASSUMPTION: 'private' is the default every figure was measured "
        "with; docs/model.md 9.5 measures the herding gap with 'national'",
    )
    investment_gap_persistence: float = param(
        0.98,
        unit="per year (AR(1) coefficient)",
        meaning="rho in g_r,t = rho^(t - t0) g_r,t0, g the log of a region's investment share "
        "over the nation's (when the home saving follows the data's shares: "
        "macro.regional_investment 'data', or 'auto' on china31)",
        ge=0.0,
        le=1.0,
        source="pooled AR(1) without constant of the provinces' log relative GFCF shares, "
        "shipped panel (docs/tools/investment_gap_persistence.py): 0.981 (s.e. 0.010) over "
        "2004-2022; 1.006 (0.012) over 2004-2017 and 0.997 (0.016) over 2011-2017, no mean "
        "reversion before the breaks of 2015-2018 in the provincial investment statistics; 0.933 "
        "(0.016) over 2018-2022. A backtest from 2011 or 2018 that uses only earlier data sets 1",
    )
    inflation: float = param(
        0.02,
        unit="1/year",
        meaning="expected inflation of the numeraire (the aggregate sector's price: services and "
        "the rest of the economy) in yuan. Model prices are relative to the numeraire; loans, "
        "deposits and bonds are nominal contracts, so their interest in model units is the real "
        "rate (1 + i) / (1 + inflation) - 1 (Fisher). Debt stress compares the cash interest i D "
        "with revenue",
        ge=-0.05,
        le=0.2,
        source="NBS: CPI inflation averaged 2.1 %/yr in 2012-2019 (services CPI higher, about "
        "2.5 %); the government's target was 'about 3 %' to 2024 and 'about 2 %' from 2025. "
        "2023-24 inflation was near zero (CPI 0.2 %): set 0 for a deflation scenario",
    )
    goods_income_elasticity: float = param(
        0.8,
        unit="-",
        meaning="eta: elasticity of households' spending on the modelled goods (at current prices) "
        "to real GDP per head; below one the rest of the economy (services) gains share as "
        "income grows",
        ge=0.0,
        le=1.5,
        source="NBS: the secondary industry's share of nominal GDP fell from 47.6 % (2006) to 38.3 % "
        "(2023) while real GDP per head rose about 3.1-fold, an elasticity of about "
        "1 + ln(0.383 / 0.476) / ln(3.1) = 0.81; Herrendorf, Rogerson and Valentinyi (2014), "
        "'Growth and structural transformation', Handbook of Economic Growth 2: goods' share of "
        "expenditure falls with income beyond middle income",
    )
    goods_services_substitution: float = param(
        0.6,
        unit="-",
        meaning="sigma: elasticity of substitution between the modelled goods and the rest of the "
        "economy; goods spending moves with the goods price index as P^(1 - sigma), so below one "
        "falling goods prices lower goods' share of spending (Baumol / Ngai-Pissarides)",
        ge=0.0,
        le=2.0,
        source="ASSUMPTION within the literature's range below one: Herrendorf, Rogerson and "
        "Valentinyi (2013), AER 103(7), about 0.85 for final expenditure and near 0 for value "
        "added; Comin, Lashkari and Mestieri (2021), Econometrica 89(1), about 0.5-0.6",
    )

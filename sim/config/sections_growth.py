"""Scenario sections of the growth core: the Solow production side and technology diffusion.

``[solow]`` holds production Y = A K^alpha L^(1-alpha), depreciation, saving and the exogenous
drivers; ``[technology]`` holds how TFP moves between regions (Nelson-Phelps catch-up, spatial
spillovers, cooperation agreements) and within industries (learning by doing, agglomeration).
"""

from __future__ import annotations

from typing import Literal

from nqpf.sim.config.params import StrictModel, param


class Solow(StrictModel):
    """The Solow core: production, depreciation, saving, exogenous drivers."""

    alpha: float = param(
        0.5,
        unit="-",
        meaning="capital share alpha in Y = A K^alpha L^(1-alpha)",
        gt=0,
        lt=1,
        source="Bai, Hsieh and Qian (2006); Zhu (2012): capital share about 0.5 for China",
    )
    delta: float = param(
        0.096,
        unit="1/year",
        meaning="depreciation rate of capital",
        ge=0,
        le=0.5,
        label="Depreciation rate",
        label_zh="折旧率",
        source="Zhang, Wu and Zhang (2004), 经济研究 2004(10): 9.6 % for provincial capital. "
        "At most 0.5: above it capital more than halves every year, and the start year cannot "
        "be calibrated (replacing capital would take more than the data's investment)",
    )
    saving_rate: float = param(
        0.45,
        unit="share of GDP",
        meaning="gross saving = gross investment share of GDP in textbook mode "
        "(economy.enabled = false); the agent economy's saving path starts at "
        "macro.saving_rate_start and falls with income and ageing",
        ge=0,
        le=0.95,
        source="shipped panel: provincial GFCF / GDP 0.47 (2022); NBS national GFCF about 42 % of GDP",
        lever=True,
        label="Saving rate",
        label_zh="储蓄率",
        meaning_zh="教科书模式（economy.enabled = false）下总储蓄（即总投资）占GDP的比重；"
        "主体经济的储蓄率从“初始储蓄率”开始，随收入与老龄化下降",
    )
    tfp_growth: float = param(
        0.0,
        unit="1/year",
        meaning="exogenous TFP growth of every region, on top of R&D-driven innovation, catch-up and spillovers",
        ge=-0.05,
        le=0.1,
        source="Zhu (2012); Brandt et al. (2020): TFP growth markedly below 3 % after 2008; "
        "the range: no economy has sustained TFP growth near 10 % a year or a fall of 5 % a year "
        "for long (at -0.2 TFP fell 80 % in seven years and regional GDP turned negative; at 0.5 "
        "GDP grew 93 % a year); "
        "scenarios/baseline.toml sets the estimate -0.0012 (s.e. 0.0029) of the fit to 2018-2023 "
        "with the pandemic years left out (docs/calibration.md)",
    )
    demography: Literal["projection", "constant"] = param(
        "projection",
        unit="-",
        meaning="projection: national population follows the shipped data, then the UN World "
        "Population Prospects 2024 medium variant, and labour = population x 15-64 share x "
        "employment_per_working_age; constant: population_growth and labor_force_share",
        source="UN DESA, World Population Prospects 2024 (CC BY 3.0 IGO); sim/data/README.md",
    )
    employment_per_working_age: float = param(
        0.755,
        unit="workers/person aged 15-64",
        meaning="employed persons per resident aged 15-64 (demography = projection)",
        ge=0.1,
        le=1.5,
        source="NBS 2023: 740.41 million employed / (1,409.67 million residents x WPP 2024 15-64 "
        "share 0.696 at year-end 2023); ILO modelled 15-64 participation for China is about 0.76",
    )
    population_growth: float = param(
        -0.001,
        unit="1/year",
        meaning="natural growth of every region's population (demography = constant)",
        ge=-0.1,
        le=0.1,
        label="Population growth",
        label_zh="人口增长率",
        source="NBS: national population fell 0.15 % in 2023",
    )
    labor_force_share: float = param(
        0.52,
        unit="workers/person",
        meaning="employed persons per resident, labour L = share x population (demography = constant)",
        ge=0.1,
        le=1,
        source="NBS: 740 million employed of 1410 million residents, 2023. At least 0.1: no "
        "economy employs fewer than a tenth of its residents, and near zero labour makes "
        "output per worker and measured TFP overflow (found by the schema test)",
    )


class Technology(StrictModel):
    """Diffusion of technology between regions (Nelson-Phelps catch-up)."""

    catch_up_rate: float = param(
        0.02,
        unit="1/year",
        meaning="phi: share of the gap to the frontier (the world frontier or the leading "
        "province, whichever is higher) closed per year at full absorptive capacity",
        ge=0,
        le=1,
        lever=True,
        source="Nelson and Phelps (1966); absorption and diffusion in the seeds: F1:94, F2:69-73 "
        "(seed-notes M4, M5, S17). 0.02: the "
        "'2 % a year' speed of conditional convergence (Barro and Sala-i-Martin 2004, ch. 11-12; "
        "Barro 2015, 'Convergence and modernisation', Economic Journal 125) and the value "
        "calibration/china31.toml holds; with mean absorptive capacity 0.6 China's TFP closes "
        "about 1.2 % of its gap to the frontier a year",
        label="Technology catch-up",
        label_zh="技术追赶速度",
        meaning_zh="吸收能力充分时每年缩小与技术前沿差距的比例",
    )
    world_frontier_gap: float = param(
        0.42,
        unit="-",
        meaning="start-year ratio of China's TFP (output-weighted mean of the regions' A) to the "
        "world technology frontier F_0; the frontier the regions catch up to is "
        "max(F_t, highest regional A). 1 or more: no world frontier, regions catch up to the "
        "leading province only",
        ge=0.05,
        le=2,
        source="Penn World Table 10.01 (Feenstra, Inklaar and Timmer 2015), variable ctfp (TFP "
        "level at current PPPs, USA = 1): China about 0.4 in 2019; Brandt, Litwack, Mileva, Wang, "
        "Zhang and Zhao (2020, World Bank) put China's TFP at 0.35-0.45 of the frontier's. "
        "Approximate: PWT adjusts labour for schooling, the model does not",
    )
    world_frontier_growth: float = param(
        0.01,
        unit="1/year",
        meaning="growth of the world technology frontier F_t = F_0 (1 + g_F)^t",
        ge=0,
        le=0.05,
        source="Fernald (2014, series updated by FRBSF): US business-sector TFP growth 1.1 %/yr "
        "1947-2019, 0.5-0.8 %/yr since 2005; Penn World Table 10.01 rtfpna USA 0.6 %/yr "
        "2000-2019; plus about 0.3 %/yr of labour quality, which the model's TFP contains "
        "(labour is not adjusted for schooling). Assumption: 1.0 %/yr",
    )
    absorptive_scale: float = param(
        2.0,
        unit="% of GDP",
        meaning="R&D intensity at which absorptive capacity h = 1 - exp(-1)",
        ge=0.1,
        le=20,
        source="assumption: h = 1 - exp(-rd_intensity / scale); at least 0.1 % of GDP: at "
        "0.1 every province (R&D intensity 0.2 % or more in the data) already has h > 0.86, "
        "smaller values are the same saturated case, and near zero rd / scale overflowed",
    )
    rd_income_elasticity: float = param(
        0.0,
        unit="-",
        meaning="elasticity of a region's R&D spending per unit of output (firms' and the "
        "aggregate sector's) with respect to its real GDP per head since the start year: shares "
        "x (y_r,t-1 / y_r,0)^e; 0 keeps the start year's shares",
        ge=0.0,
        le=1.5,
        source="within-province regression of log R&D / GDP on log real GDP per head in the "
        "shipped panel (docs/tools/rd_income_elasticity.py): 0.46 (s.e. 0.08) over 2011-2018, "
        "0.82 (0.14) over 2018-2023, 0.63 (0.07) over 2011-2023. The default 0 is not an "
        "estimate: every claim of docs/scenarios.md and docs/model.md 9 was measured with the "
        "start year's shares (docs/validation.md, 'R&D intensity rising with income')",
    )
    innovation_elasticity: float = param(
        0.02,
        unit="1/year per unit of R&D/GDP",
        meaning="regional TFP growth per unit of R&D/GDP at average talent and university strength",
        ge=0,
        le=1,
        source="assumption; in the literature's form dA/A = rho R&D/Y, rho is the rate of return "
        "to R&D: mostly 0.2-0.3 private, higher social (Hall, Mairesse and Mohnen 2010, "
        "Handbook of the Economics of Innovation 2). The default 0.02 is far below it: the "
        "aggregate sector's TFP grows by catch-up to the world frontier (technology.catch_up_rate), "
        "which the literature's returns also contain, and innovation adds about 0.05 % a year. "
        "At most 1 (a 100 % return, above most estimates): at 5, R&D of 2.5 % of GDP alone "
        "added 12 % a year to TFP",
    )
    spillover_rate: float = param(
        0.001,
        unit="1/year",
        meaning="share of TFP gaps to other regions closed by spatial spillovers",
        ge=0,
        le=1,
        lever=True,
        label="Spillovers between regions",
        label_zh="地区间技术溢出",
        meaning_zh="每年通过空间溢出缩小与其他地区全要素生产率差距的比例",
        source="assumption: small; a region closes 0.1 % a year of its distance-weighted TFP "
        "gap to better regions, a twentieth of technology.catch_up_rate (0.02); no "
        "estimate for China's provinces. Switching the spatial spillovers off barely "
        "moves the model's Solow residual (docs/calibration.md)",
    )
    spillover_distance_km: float = param(
        800.0,
        unit="km",
        meaning="distance at which spillover weights fall by 1/e",
        ge=10,
        le=1e5,
        source="assumption; at least 10 km: below the distance between the nearest provincial "
        "capitals (Beijing-Tianjin, 109 km) spillovers already go almost all to the nearest "
        "region, and near zero distance / scale overflowed",
    )
    neighbor_weight: float = param(
        1.0,
        unit="-",
        meaning="extra spillover weight for land neighbours",
        ge=0,
        le=20,
        source="assumption: a round value, no estimate for China; a shared land border doubles "
        "a region's spillover weight, as much as being 555 km closer under the 800 km "
        "decay (800 ln 2). Not tested alone",
    )
    cooperation: bool = param(
        False,
        unit="-",
        meaning="regional cooperation agreements (Beijing-Tianjin-Hebei, Yangtze "
        "River Delta, Greater Bay Area and neighbours) raise spillovers among members",
        lever=True,
        label="Regional cooperation",
        label_zh="区域合作",
        meaning_zh="京津冀、长三角、粤港澳大湾区及相邻省份的合作协议提高成员间的技术溢出",
        source="setting: a policy switch, off in the baseline; the cooperation scenarios turn "
        "it on (docs/scenarios.md)",
    )
    cooperation_weight: float = param(
        3.0,
        unit="-",
        meaning="extra spillover weight between members of one agreement",
        ge=0,
        le=50,
        source="assumption: a round value, no estimate for China; members of one agreement get "
        "4 times their spillover weight (as if 1,109 km closer: 800 ln 4). Acts only "
        "with technology.cooperation on; the agreements' effect is measured in "
        "docs/scenarios.md",
    )
    learning: bool = param(
        True,
        unit="-",
        meaning="learning by doing: unit costs fall with cumulative output "
        "(Wright's law, rates in the industry table)",
        source="setting: on; the learning rates and their sources are in the industry table "
        "(sim/data/industries.toml)",
    )
    learning_spillover: float = param(
        0.3,
        unit="share",
        meaning="weight of other regions' cumulative output in a cluster's "
        "experience (learning by doing is mostly local: spreading an industry thinly over many "
        "regions slows it)",
        ge=0,
        le=1,
        source="assumption: about 1/3, the order of learning from others' output against one's "
        "own in Irwin and Klenow (1994, Journal of Political Economy 102(6)), applied here to "
        "regions (not verified against the paper's tables); the seeds give no value (seed-notes "
        "S35, qualitative). The herding gap is insensitive to it over 0-0.8 (Sobol total "
        "index 0.00, docs/model.md 9.4)",
    )
    agglomeration: float = param(
        0.04,
        unit="-",
        meaning="elasticity of cost to a region's scale in the industry "
        "(thin, sub-scale clusters cost more)",
        ge=0,
        le=1,
        source="assumption: a small elasticity, no estimate for China; a cluster at half the "
        "reference scale costs 2.8 % more (0.5^-0.04), one at the 5 % floor 12.7 % "
        "more. At 0 and 0.1 the herding gap keeps its sign (docs/model.md 9.4)",
    )
    misfit_penalty: float = param(
        2.0,
        unit="x per unit gap",
        meaning="unit-cost increase per unit of gap between an "
        "industry's technology intensity and the region's capability",
        ge=0,
        le=20,
        source="assumption: no estimate exists; a province of median capability (0.5) making "
        "artificial intelligence (technology intensity 0.88) pays 1 + 2 x 0.38 = 1.76 "
        "times the unit cost. At 0 the herding gap shrinks but keeps its sign "
        "(docs/model.md 9.4)",
    )
    university_transfer: float = param(
        0.03,
        unit="1/year per 100 units of field strength",
        meaning="industry-university-research cooperation: a firm's yearly productivity gain is "
        "university_transfer x 0.01 x its region's university strength in the industry's field "
        "x sqrt(the region's knowledge stock / the mean)",
        ge=0,
        le=5,
        source="assumption: a small round value, no estimate for China; with the fixed scale "
        "0.01 firms gain 0.03 % productivity a year at mean university strength and "
        "knowledge, against 0.48 % from a default upgrading programme (docs/model.md "
        "7.7). Not tested alone",
    )

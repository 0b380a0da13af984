"""The dashboard's own words in English and Chinese: the table of interface labels and that of
categorical values.

``LABELS`` holds the interface's own words (those of the guide, the local-conditions views and
the policy search joined in); ``VALUE_LABELS`` categorical values. They are read in the page's
language through :mod:`nqpf.dashboards.i18n`. A label missing from these tables falls back to its
key, so a lever added to the engine still appears; ``tests/ui/test_ui_units.py`` checks that
every lever and interface label has both languages.
"""

from __future__ import annotations

from nqpf.dashboards.guide_text import GUIDE_LABELS
from nqpf.dashboards.local_text import LOCAL_LABELS, LOCAL_VALUE_LABELS
from nqpf.dashboards.policy_text import POLICY_LABELS

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("New quality productive forces: China's regions", "新质生产力：中国区域经济模拟"),
    "language": ("Language", "语言"),
    "scenario": ("Scenario", "情景"),
    "question": ("Question this scenario answers", "本情景回答的问题"),
    "question_label": ("Question: ", "问题："),
    "run_lesson": (
        "What does the model find? Compare {a} and {b} on {n} seeds",
        "模型发现了什么？在 {n} 个种子下比较{a}与{b}",
    ),
    "findings": ("What the model finds (measured on these seeds)", "模型发现（按这些种子测算）"),
    "watch_label": ("What to watch: ", "看什么："),
    "seed": ("Seed", "随机种子"),
    "seed_help": (
        "Same seed, same run: change it to see another draw of the same economy.",
        "相同种子给出相同结果；改变种子可看到同一经济的另一次随机抽样。",
    ),
    "seed_error": (
        "The seed must be a whole number from 0 to 4294967295.",
        "随机种子必须是 0 到 4294967295 之间的整数。",
    ),
    "seed_kept": (
        "'{text}' is not used; the run keeps seed {seed}.",
        "“{text}”未被采用，模拟仍使用种子 {seed}。",
    ),
    "seed_empty": (
        "The box is empty; the run keeps seed {seed}.",
        "输入框为空，模拟仍使用种子 {seed}。",
    ),
    "input_refused": ("'{text}' is not used", "“{text}”未被采用"),
    "input_empty": ("the box is empty", "输入框为空"),
    "lever_refused": (
        "{lever} = {value} is not used: allowed {range}. The run keeps {kept}.",
        "{lever} = {value} 未被采用：取值范围 {range}。模拟仍使用 {kept}。",
    ),
    "lever_rejected": (
        "{lever} = {value} is not used: {reason}. The run keeps {kept}.",
        "{lever} = {value} 未被采用：{reason}。模拟仍使用 {kept}。",
    ),
    "settings_kept": (
        "The run keeps its previous settings.",
        "模拟保持之前的设置。",
    ),
    "error_settings_kept": (
        "{detail} The run keeps its previous settings.",
        "{detail}（模拟保持之前的设置。）",
    ),
    "problem_scenario_type": (
        "scenario {value} must be a name; allowed: {allowed}",
        "情景 {value} 必须是一个名称；可选：{allowed}",
    ),
    "problem_scenario_unknown": (
        "scenario {value} is unknown; allowed: {allowed}",
        "情景 {value} 不存在；可选：{allowed}",
    ),
    "problem_seed": (
        "seed {value} must be a whole number from 0 to {max}",
        "随机种子 {value} 必须是 0 到 {max} 之间的整数",
    ),
    "problem_not_lever": (
        "set {value} is not a lever; allowed: {allowed}",
        "设置 {value} 不是政策杠杆；可选：{allowed}",
    ),
    "problem_set_refused": ("set {value}: {detail}", "设置 {value} 未被采用：{detail}"),
    "problem_in_file": ("{name}: {problem}", "{name}：{problem}"),
    "problem_not_json": (
        "{name}: not a JSON settings file ({detail})",
        "{name}：不是 JSON 设置文件（{detail}）",
    ),
    "problem_format": (
        "{name}: field 'format' must be {value}",
        "{name}：字段 'format' 必须为 {value}",
    ),
    "problem_set_list": (
        "{name}: field 'set' must be a list of 'path=value' texts",
        "{name}：字段 'set' 必须是由 'path=value' 文本组成的列表",
    ),
    "problem_not_applied": (
        "{name}: not dashboard levers, not applied: {items}",
        "{name}：以下设置不是仪表板的政策杠杆，未应用：{items}",
    ),
    "problem_no_point_file": (
        "{path} does not exist (front point {n} has no scenario file)",
        "{path} 不存在（前沿点 {n} 没有情景文件）",
    ),
    "problem_point_unreadable": ("{path} cannot be read: {detail}", "无法读取 {path}：{detail}"),
    "problem_point_no_base": (
        "{path}: field 'extends' (the base scenario) is missing",
        "{path}：缺少字段 'extends'（基础情景）",
    ),
    "problem_point_base_elsewhere": (
        "{path}: its base scenario {base} is not under {root}, so the dashboard cannot "
        "open it; run it with: nqpf run {path}",
        "{path}：其基础情景 {base} 不在 {root} 之下，仪表板无法打开；请用命令运行：nqpf run {path}",
    ),
    "levers": ("Policy levers", "政策杠杆"),
    "share": ("Share these settings", "分享当前设置"),
    "share_help": (
        "The page's address holds the scenario, seed and levers: copy it to share this run, "
        "or save the settings to a file and open it later.",
        "页面地址包含情景、种子和杠杆设置：复制地址即可分享本次模拟；也可将设置保存为文件，日后再打开。",
    ),
    "save_settings": ("Save settings", "保存设置"),
    "open_settings": ("Drop a settings file here to open it", "将设置文件拖到此处打开"),
    "settings_problem": ("Some settings were not used", "部分设置未被采用"),
    "levers_help": (
        "Changing a lever restarts the run from the start year.",
        "调整杠杆后，模拟从起始年份重新开始。",
    ),
    "restore_levers": ("Scenario values", "恢复情景取值"),
    "inactive_propensity": (
        "No effect now: only mixed and tournament governments use a propensity "
        "(tailored = 0, herding = 1).",
        "当前无作用：只有混合与锦标赛策略使用此倾向（因地制宜为 0，一哄而上为 1）。",
    ),
    "inactive_textbook": (
        "No effect in the textbook model: only the saving rate and technology catch-up act there.",
        "教科书模型中无作用：该模型只使用储蓄率与技术追赶速度。",
    ),
    "inactive_saving": (
        "No effect now: this is the textbook model's saving rate; the agent economy's saving "
        "starts at 'Saving rate at the start' and falls with income and ageing.",
        "当前无作用：此为教科书模型的储蓄率；主体经济的储蓄率从“初始储蓄率”开始，随收入提高与人口老龄化下降。",
    ),
    "inactive_protection": (
        "No effect now: the unified national market forbids local protection.",
        "当前无作用：全国统一大市场下不允许地方保护。",
    ),
    "controls": ("Run", "运行"),
    "reset": ("Reset", "重置"),
    "step": ("Step", "单步"),
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "speed": ("Speed", "速度"),
    "years_per_second": ("years/s", "年/秒"),
    "year": ("Year", "年份"),
    "finished": ("End year reached", "已到结束年份"),
    "step_time": ("last step", "上一步耗时"),
    "ms": ("ms", "毫秒"),
    "building": ("Building the economy...", "正在构建经济体……"),
    "model_error": ("The model could not be built or stepped", "模型无法构建或运行"),
    "tab_map": ("Map and regions", "地图与地区"),
    "tab_national": ("National", "全国"),
    "tab_industries": ("Industries", "产业"),
    "tab_compare": ("Compare scenarios", "情景比较"),
    "indicator": ("Colour provinces by", "地图指标"),
    "industry_for_priority": ("Industry", "产业"),
    "map_note": (
        "Province outlines are indicative (simplified from ECharts' map of China) and "
        "do not show boundaries exactly.",
        "省级轮廓仅为示意（简化自 ECharts 中国地图），不代表精确边界。",
    ),
    "map_note_schematic": (
        "This scenario's regions are not China's provinces: each is drawn as a "
        "circle at its capital's coordinates.",
        "本情景的地区并非中国各省：每个地区以其首府坐标处的圆点表示。",
    ),
    "main_priority_title": (
        "{label}: {k} different among {n} regions",
        "{label}：{n} 个地区中共 {k} 种",
    ),
    "off_scale": ("beyond the colour scale", "超出色标范围"),
    "off_scale_list": ("Beyond the colour scale (end colours)", "超出色标范围（以两端颜色显示）"),
    "click_hint": ("Click a province to inspect it.", "点击省份查看详情。"),
    "no_value": ("no value", "无数据"),
    "prioritises": ("prioritises it", "列为重点"),
    "not_prioritised": ("does not", "未列为重点"),
    "inspector": ("Region inspector", "地区详情"),
    "inspector_empty": (
        "Click a province on the map to see its government, firms, university, "
        "finances and talent.",
        "点击地图上的省份，查看其政府、企业、高校、财政金融与人才情况。",
    ),
    "close": ("Close", "关闭"),
    "overview": ("This year", "本年概况"),
    "government": ("Local government", "地方政府"),
    "priorities": ("Priority industries", "重点产业"),
    "fit_scores": (
        "Fit of each industry to the region (z-score, higher = better fit)",
        "各产业与本地条件的契合度（标准分，越高越契合）",
    ),
    "firms_by_industry": ("Firms by industry", "分产业企业"),
    "university": ("University", "高校"),
    "finances": ("Finances", "财政与金融"),
    "talent_flows": ("Talent", "人才"),
    "history": ("History", "历史走势"),
    "strongest_fields": ("Strongest fields", "优势学科领域"),
    "not_in_model": ("Not modelled in this scenario.", "本情景未模拟此部分。"),
    "industry": ("Industry", "产业"),
    "value": ("Value", "数值"),
    "unit": ("Unit", "单位"),
    "variable": ("Variable", "变量"),
    "national_title": ("National indicators", "全国指标"),
    "industries_title": ("Industries this year", "本年各产业"),
    "no_industries": (
        "This scenario has no industries (textbook mode: the Solow core only).",
        "本情景不含产业（教科书模式：仅索洛核心）。",
    ),
    "capacity_vs_demand": ("Capacity, output and demand", "产能、产出与需求"),
    "price_history": ("Price by industry", "各产业价格"),
    "priority_history": ("Regions prioritising each industry", "将各产业列为重点的地区数"),
    "export_csv": ("Export CSV", "导出 CSV"),
    "compare_intro": (
        "Run two scenarios on the same seeds, with the sidebar's levers, and see where they "
        "differ. Seed by seed both start from the same economy; differences come only from "
        "the scenarios' rules.",
        "在相同的一组随机种子下、以侧栏杠杆运行两个情景，查看差异。每个种子下两者从同一经济出发，"
        "差异只来自情景规则。",
    ),
    "scenario_a": ("Scenario A (reference)", "情景 A（参照）"),
    "scenario_b": ("Scenario B", "情景 B"),
    "end_year": ("Last year", "结束年份"),
    "run_compare": ("Run both", "运行比较"),
    "running": ("Running...", "运行中……"),
    "difference": ("Difference B - A", "差值 B - A"),
    "compare_table": (
        "Mean over {w0}-{w1} (the window of nqpf compare), paired over seeds",
        "{w0}-{w1}年平均值（与 nqpf compare 相同的区间），按种子配对",
    ),
    "compare_empty": (
        "Choose two scenarios and press 'Run both'.",
        "选择两个情景后点击“运行比较”。",
    ),
    "compare_failed": ("A run failed: ", "运行失败："),
    "levels": ("Levels", "水平值"),
    "section_solow": ("Growth", "增长"),
    "section_macro": ("Saving and demand", "储蓄与需求"),
    "section_technology": ("Technology diffusion", "技术扩散"),
    "section_strategy": ("Local strategies", "地方产业策略"),
    "section_government": ("Local government", "地方政府"),
    "section_central": ("Central government", "中央政府"),
    "section_finance": ("Banks and finance", "银行与金融"),
    "section_talent": ("Talent", "人才"),
    "section_economy": ("Economy", "经济"),
    "section_firms": ("Firms", "企业"),
    "section_world": ("World", "世界"),
    "default": ("default", "默认值"),
    "range": ("allowed", "取值范围"),
    "source": ("source", "来源"),
    "source_english": ("source", "来源（英文）"),
    "on": ("on", "开"),
    "off": ("off", "关"),
    "total": ("total", "合计"),
    "regions_count": ("regions", "个地区"),
    "loans": ("Bank loans", "银行贷款"),
    "bank_capital": ("Bank capital", "银行资本"),
    "npl": ("Non-performing loans", "不良贷款"),
    "losses": ("Loan losses this year", "本年贷款核销"),
    "revenue": ("Policy budget (own revenue + transfers)", "政策预算（自有收入+转移支付）"),
    "spending": (
        "Policy spending (subsidies, talent, universities, bail-outs, interest; "
        "spending above the budget is borrowed)",
        "政策支出（补贴、人才、高校、救助、利息；超出预算部分举债）",
    ),
    "talent_subsidy": ("Talent subsidy per skilled worker", "人均人才补贴"),
    "talent_subsidy_unit": ("thousand yuan/person/year", "千元/人/年"),
    "funding": ("Funding", "经费"),
    "knowledge": ("Knowledge stock", "知识存量"),
    "zombies": ("Zombies", "僵尸企业"),
    "state_owned": ("State-owned", "国有企业"),
    "strongest_fields_note": ("field strength, mean 1", "学科强度，均值为 1"),
    "region_history_csv": ("Export this region (CSV)", "导出本地区数据（CSV）"),
    "macro_and_class": ("Macro-region and S&T class", "所属区域与科技类别"),
    "compare_summary": (
        "A: {a} · B: {b} · {n} seeds spawned from {base} · {first}-{last} · summary over {w0}-{w1}",
        "A：{a} · B：{b} · 由种子 {base} 派生的 {n} 个种子 · {first}-{last}年 · 汇总区间 {w0}-{w1}年",
    ),
    "n_seeds": ("Seeds", "种子数"),
    "n_seeds_error": (
        "Seeds must be a whole number from 1 to {max}; {refused}.",
        "种子数必须是 1 到 {max} 之间的整数；{refused}。",
    ),
    "end_year_error": (
        "Last year must be a year from {first} to {last} (after the start year {start}), or "
        "empty for the scenarios' own end year; {refused}.",
        "结束年份必须是 {first} 到 {last} 之间的年份（晚于起始年份 {start}），"
        "留空则使用情景自身的结束年份；{refused}。",
    ),
    "running_n": ("Running: {done} of {total} runs", "运行中：已完成 {done} / {total} 次"),
    "compare_no_levers": (
        "Both scenarios as in their files (no lever changed in the sidebar); seeds from {seed}.",
        "两个情景均按文件设定运行（侧栏未调整杠杆）；种子由 {seed} 派生。",
    ),
    "compare_levers": (
        "The sidebar's levers apply to both scenarios: {levers}; seeds from {seed}.",
        "侧栏杠杆同时作用于两个情景：{levers}；种子由 {seed} 派生。",
    ),
    "same_as_cli": ("The same numbers from the command line:", "命令行得到相同数字："),
    "ci95": ("95 % interval of B - A", "B - A 的 95% 置信区间"),
    "distinguishable": ("Distinguishable", "可区分"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "band_note": (
        "mean of {n} seeds; band: 90 % of runs (5th-95th percentile)",
        "{n} 个种子的均值；阴影：90% 的运行（第 5 至 95 百分位）",
    ),
    "ci_note": (
        "mean paired difference of {n} seeds; band: 95 % interval",
        "{n} 个种子的平均配对差值；阴影：95% 置信区间",
    ),
    "compare_maps": ("The provinces in both scenarios", "两个情景下的各省"),
    "compare_maps_note": (
        "Each province's mean over the {n} seeds (a category: its most frequent value). Both "
        "maps share one colour scale, set by both scenarios' values in every year.",
        "各省为 {n} 个种子的均值（类别取出现最多的值）。两张地图使用同一色标，"
        "色标由两个情景所有年份的数值确定。",
    ),
    "maps_side_by_side": ("A and B side by side", "A 与 B 并排"),
    "maps_difference": ("Difference B - A", "差值 B - A"),
    "map_year": ("Year shown", "显示年份"),
    "difference_map_title": ("{label}, B - A", "{label}，B - A"),
    "b_minus_a": ("B - A", "B - A"),
    "percentage_points": ("percentage points", "个百分点"),
    "no_difference_categorical": (
        "Categories have no difference: choose a number to see B - A.",
        "类别无法相减：请选择数值指标查看 B - A。",
    ),
    "difference_reading": (
        "Blue: higher under B ({b}) than under A ({a}); red: lower; white: no difference. "
        "Each province's value is the mean over the seeds of B - A on the same seed.",
        "蓝色：B（{b}）高于 A（{a}）；红色：低于 A；白色：无差异。各省数值为同一种子下 B - A "
        "在各种子上的平均值。",
    ),
    "help_guide": ("Guide", "新手导览"),
    "close_sidebar": ("Close the sidebar (Esc)", "收起侧栏（Esc）"),
}
LABELS.update(GUIDE_LABELS)
LABELS.update(LOCAL_LABELS)
LABELS.update(POLICY_LABELS)

# Values that appear in the tables as text.
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "tailored": ("tailored to local conditions", "因地制宜"),
    "herding": ("herding", "一哄而上"),
    "mixed": ("mixed", "混合"),
    "tournament": ("tournament", "锦标赛"),
    "traditional": ("traditional", "传统产业"),
    "emerging": ("strategic emerging", "战略性新兴产业"),
    "future": ("future", "未来产业"),
    "east": ("east", "东部"),
    "central": ("central", "中部"),
    "west": ("west", "西部"),
    "northeast": ("northeast", "东北"),
}
VALUE_LABELS.update(LOCAL_VALUE_LABELS)

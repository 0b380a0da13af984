"""The policy-search page's words in English and Chinese (joined to ``ui_labels.LABELS``)."""

from __future__ import annotations

POLICY_LABELS: dict[str, tuple[str, str]] = {
    "tab_policy": ("Policy search", "政策搜索"),
    "policy_intro": (
        "A policy search (nqpf optimise) tries many mixes of policy levers, each on the same "
        "states of the world and seeds, and keeps the Pareto front: the mixes no other mix beats "
        "on every objective. Pick a search folder, compare two objectives, and open a point to "
        "run it.",
        "政策搜索（nqpf optimise）尝试多种政策杠杆组合，每种组合都在相同的世界状态和随机种子下运行，"
        "并保留帕累托前沿：没有其他组合能在所有目标上都优于它们。选择一个搜索结果文件夹，比较两个目标，"
        "再打开某一点进行模拟。",
    ),
    "policy_folder": ("Search folder", "搜索结果文件夹"),
    "policy_found": ("Searches found under out/", "out/ 下找到的搜索"),
    "policy_none_found": (
        "No policy search under out/ yet: run nqpf optimise scenarios/policy/policy_mix.toml "
        "--quick, or type a folder.",
        "out/ 下尚无政策搜索：请运行 nqpf optimise scenarios/policy/policy_mix.toml --quick，"
        "或输入文件夹路径。",
    ),
    "policy_open_folder": ("Open folder", "打开文件夹"),
    "policy_folder_error": ("Not a policy search", "不是政策搜索结果"),
    "policy_summary": (
        "{name}: {n} front points of {m} candidates; scores: {stat} over the ensemble.",
        "{name}：{m} 个候选方案中有 {n} 个前沿点；得分：整体集合上的{stat}。",
    ),
    "policy_x": ("Horizontal axis", "横轴"),
    "policy_y": ("Vertical axis", "纵轴"),
    "policy_point": ("Front point", "前沿点"),
    "policy_front": ("Pareto front", "帕累托前沿"),
    "policy_others": ("other candidates", "其他候选方案"),
    "policy_base": ("base policy (reference)", "基准政策（参照）"),
    "policy_levers": ("Lever values", "杠杆取值"),
    "policy_robust": ("Robustness of the chosen point", "所选点的稳健性"),
    "policy_objective": ("Objective", "目标"),
    "policy_direction": ("Better", "方向"),
    "better_maximize": ("higher is better", "越高越好"),
    "better_minimize": ("lower is better", "越低越好"),
    "reduce_mean": ("mean {span}", "{span}平均"),
    "reduce_min": ("lowest {span}", "{span}最低"),
    "reduce_max": ("peak {span}", "{span}峰值"),
    "reduce_sum": ("total {span}", "{span}累计"),
    "reduce_value": ("{year}", "{year}"),
    "reduce_change": ("change {span}", "{span}变化"),
    "reduce_growth": ("yearly growth {span}", "{span}年均增长率"),
    "whole_run": ("over the run", "全程"),
    "last_year": ("in the last year", "末年"),
    "maximize": ("higher", "越高越好"),
    "minimize": ("lower", "越低越好"),
    "expected": ("expected value", "期望值"),
    "worst_decile": ("worst decile", "最差十分位"),
    "max_regret": ("max regret", "最大遗憾"),
    "mean_regret": ("mean regret", "平均遗憾"),
    "base_expected": ("base: expected", "基准：期望值"),
    "base_worst": ("base: worst decile", "基准：最差十分位"),
    "policy_open_point": ("Open point {n} as a scenario", "将前沿点 {n} 作为情景打开"),
    "policy_opened": (
        "Point {n} is loaded in the sidebar: its levers are shown in red. Press Step or Play.",
        "前沿点 {n} 已载入侧栏：其杠杆以红色显示。请按“单步”或“播放”。",
    ),
    "policy_beats_base": (
        "Front points better than the base policy on every objective: {points}",
        "在所有目标上都优于基准政策的前沿点：{points}",
    ),
    "policy_none_beats_base": (
        "No front point is better than the base policy on every objective.",
        "没有前沿点在所有目标上都优于基准政策。",
    ),
    "policy_discovery": ("Where policies fail (PRIM boxes)", "政策在何种条件下失败（PRIM 区域）"),
    "policy_no_discovery": ("This search ran no scenario discovery.", "该搜索未进行情景发现分析。"),
    "policy_policy": ("Policy", "政策"),
    "policy_failures": ("Failures", "失败次数"),
    "policy_box": ("Box", "区域"),
    "coverage": ("coverage", "覆盖率"),
    "density": ("density", "密度"),
    "mass": ("mass", "质量"),
    "quasi_p": ("quasi-p", "拟 p 值"),
    "never_fails": ("never fails", "从不失败"),
    # PRIM's box on one uncertain parameter: its label and the bounds that restrict it
    "box_above": ("{name} ≥ {low}", "{name} ≥ {low}"),
    "box_below": ("{name} ≤ {high}", "{name} ≤ {high}"),
    "box_between": ("{name} from {low} to {high}", "{name}介于 {low} 与 {high} 之间"),
    "box_whole": ("{name}: whole range", "{name}：整个取值范围"),
    "policy_report": ("Download the report (HTML)", "下载报告（HTML）"),
}

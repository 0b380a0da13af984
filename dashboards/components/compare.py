"""The comparison page: two scenarios with the sidebar's levers on N common seeds.

The ensemble is planned, run and summarised by the functions ``nqpf compare`` uses
(:mod:`nqpf.dashboards.ensemble` over :mod:`nqpf.sim.experiments.compare`): the same seeds, the
same summary window, the same statistics, labels, units and colours, so the page and the report
give the same numbers. The runs go in a background task with a progress bar.
"""

from __future__ import annotations

import solara
import solara.lab

from nqpf.dashboards.chart_specs import ensemble_spec
from nqpf.dashboards.compare_maps import RegionalEnsemble
from nqpf.dashboards.components.building_blocks import ExportButton, dense_select, grid_table
from nqpf.dashboards.components.compare_maps import CompareMapsView
from nqpf.dashboards.components.controls import scenario_title
from nqpf.dashboards.components.state import AppState, CompareSettings
from nqpf.dashboards.components.widgets import Charts
from nqpf.dashboards.ensemble import (
    dashboard_command,
    lever_overrides,
    plan_dashboard_comparison,
    run_dashboard_comparison,
)
from nqpf.dashboards.i18n import t
from nqpf.dashboards.inputs import end_year_range, parse_end_year, parse_n_seeds
from nqpf.dashboards.param_text import lever_label
from nqpf.dashboards.simulation import scenario_choices
from nqpf.dashboards.units import format_number, scale
from nqpf.dashboards.view_tables import to_csv_bytes
from nqpf.sim.config import ScenarioError
from nqpf.sim.outputs import column_label, difference_unit, display_unit


@solara.component
def CompareTab(state: AppState):
    """Pick A, B, a last year and the number of seeds; Run: bands, intervals and a table."""
    lang = state.lang.value
    keys = solara.use_memo(lambda: list(scenario_choices()), [])
    cmp = state.compare.value
    settings = state.settings.value
    request = state.compare_request.value
    progress = solara.use_reactive((0, 0))
    # the boxes' texts: a value is used only once valid (see dashboards/inputs.py)
    end_text, seeds_text = _texts(state)
    years = solara.use_memo(lambda: end_year_range(cmp.a, cmp.b), [cmp.a, cmp.b])
    _, end_problem = parse_end_year(end_text, years, lang)
    _, seeds_problem = parse_n_seeds(seeds_text, lang)
    invalid = bool(end_problem or seeds_problem)

    def run() -> None:
        from nqpf.sim.experiments.compare import RunsFailed
        from nqpf.sim.experiments.compare_stats import CompareError

        if request is None or request is state.compare_done.current:
            return
        state.compare_done.current = request
        choice, sidebar = request
        try:
            plan = plan_dashboard_comparison(
                choice.a,
                choice.b,
                sidebar.levers,
                sidebar.seed,
                choice.n_seeds,
                choice.end_year,
            )
            progress.set((0, len(plan.scenarios) * len(plan.seeds)))
            regional = RegionalEnsemble()
            comp = run_dashboard_comparison(
                plan, lambda done, total: progress.set((done, total)), regional
            )
        except (ScenarioError, CompareError, RunsFailed, ValueError) as exc:
            state.compare_error.set(str(exc))
            return
        state.compare_error.set("")
        overrides = lever_overrides(sidebar.levers, choice.end_year)
        maps = (regional.means(0), regional.means(1))
        state.compare_result.set((comp, dashboard_command(plan, overrides), sidebar.levers, maps))

    task = solara.lab.use_task(run, dependencies=[request])

    def set_cmp(**changes) -> None:
        values = {
            "a": cmp.a,
            "b": cmp.b,
            "end_year": cmp.end_year,
            "n_seeds": cmp.n_seeds,
            **changes,
        }
        state.compare_error.set("")  # a failed run's message is about the inputs before
        state.compare.set(CompareSettings(**values))

    def type_end_year(text: str | None) -> None:
        state.compare_texts.set((text or "", _texts(state)[1]))
        value, problem = parse_end_year(text, years, lang)
        if problem:
            state.compare_error.set("")
        elif value != cmp.end_year:
            set_cmp(end_year=value)

    def type_n_seeds(text: str | None) -> None:
        state.compare_texts.set((_texts(state)[0], text or ""))
        value, problem = parse_n_seeds(text, lang)
        if problem:
            state.compare_error.set("")
        elif value != cmp.n_seeds:
            set_cmp(n_seeds=value)

    def run_both() -> None:
        # the boxes' texts and the pair as they are now, not as this render saw them: a year
        # typed and Enter pressed just before the click has been stored, the render may lag
        now, (end_now, seeds_now) = state.compare.value, _texts(state)
        last, end_wrong = parse_end_year(end_now, end_year_range(now.a, now.b), lang)
        seeds, seeds_wrong = parse_n_seeds(seeds_now, lang)
        if end_wrong or seeds_wrong:  # the messages under the boxes say why
            return
        choice = CompareSettings(now.a, now.b, last, seeds or now.n_seeds)
        state.compare.set(choice)
        state.compare_request.set((choice, settings))

    solara.Text(t("compare_intro", lang), style={"font-size": "13px", "color": "#444"})
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        titles = [{"text": scenario_title(k, lang), "value": k} for k in keys]
        dense_select(
            t("scenario_a", lang), cmp.a, titles, lambda v: set_cmp(a=v), "nqpf-compare-a", 260
        )
        dense_select(
            t("scenario_b", lang), cmp.b, titles, lambda v: set_cmp(b=v), "nqpf-compare-b", 260
        )
        solara.InputText(
            t("end_year", lang),
            value=end_text,
            on_value=type_end_year,
            continuous_update=False,
            error=bool(end_problem),
            dense=True,
            classes=["nqpf-compare-end"],
            style={"max-width": "140px"},
        )
        solara.InputText(
            t("n_seeds", lang),
            value=seeds_text,
            on_value=type_n_seeds,
            continuous_update=False,
            error=bool(seeds_problem),
            dense=True,
            classes=["nqpf-compare-seeds"],
            style={"max-width": "120px"},
        )
        solara.Button(
            t("run_compare", lang),
            icon_name="mdi-play-box-multiple",
            color="primary",
            classes=["nqpf-compare-run"],
            disabled=task.pending or invalid,
            on_click=run_both,
        )
    for problem in (end_problem, seeds_problem):
        if problem:
            solara.Error(problem, dense=True, classes=["nqpf-compare-input-error"])
    solara.Text(
        levers_line(settings.levers, settings.seed, lang),
        classes=["nqpf-compare-levers"],
        style={"font-size": "12px", "color": "#555"},
    )
    # progress and errors in a box that is always there, so that the results below keep their
    # place among the children (and their widgets) when the run ends
    with solara.Div(classes=["nqpf-compare-status"]):
        if task.pending:
            done, total = progress.value
            solara.ProgressLinear(100.0 * done / total if total else True)
            solara.Text(
                t("running_n", lang).format(done=done, total=total),
                classes=["nqpf-compare-progress"],
            )
        if state.compare_error.value:
            solara.Error(
                f"{t('compare_failed', lang)}{state.compare_error.value}",
                classes=["nqpf-compare-error"],
            )
    result = state.compare_result.value
    if result is None:
        solara.Info(t("compare_empty", lang), dense=True)
        return
    CompareResults(state, *result)


def _texts(state: AppState) -> tuple[str, str]:
    """The texts of the Last year and Seeds boxes (the compare settings' values until typed)."""
    cmp = state.compare.value
    end = "" if cmp.end_year is None else str(cmp.end_year)
    return state.compare_texts.value or (end, str(cmp.n_seeds))


def levers_line(levers: tuple, seed: int, lang: str) -> str:
    """Which sidebar settings the comparison applies to both scenarios."""
    if not levers:
        return t("compare_no_levers", lang).format(seed=seed)
    changed = ", ".join(f"{lever_label(p, lang)} = {v}" for p, v in levers)
    return t("compare_levers", lang).format(levers=changed, seed=seed)


@solara.component
def CompareResults(state: AppState, comp, command: str, levers: tuple, maps: tuple):
    """Summary line, table of window means with paired 95 % intervals, band and difference
    charts."""
    lang = state.lang.value
    levels, diffs = solara.use_memo(lambda: ensemble_spec(comp, lang), [comp, lang])
    a, b = comp.names[0], comp.names[1]
    summary = t("compare_summary", lang).format(
        a=a,
        b=b,
        n=len(comp.seeds),
        base=comp.seed_base,
        first=comp.years[0],
        last=comp.years[-1],
        w0=comp.window[0],
        w1=comp.window[1],
    )
    with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
        solara.Text(
            summary,
            classes=["nqpf-compare-summary"],
            style={"font-size": "14px", "font-weight": "600"},
        )
        ExportButton(
            lambda: to_csv_bytes(comp.summary),
            f"compare_{a}_vs_{b}_{len(comp.seeds)}seeds.csv".replace("/", "_"),
            lang,
            "nqpf-export-compare",
        )
    solara.Text(
        f"{t('same_as_cli', lang)} {command}",
        classes=["nqpf-compare-command"],
        style={"font-size": "12px", "color": "#555", "font-family": "monospace"},
    )
    from nqpf.sim.experiments.report_lesson import headline, mechanism

    lesson = headline(comp, lang) + mechanism(comp, lang)
    with solara.Div(classes=["nqpf-lesson-findings"]):
        solara.Text(t("findings", lang), classes=["nqpf-section"])
        for paragraph in lesson:
            # plain text: solara.Markdown would fetch KaTeX from a CDN
            solara.Text(
                paragraph,
                style={"font-size": "13px", "display": "block", "margin-bottom": "6px"},
            )
    rows = []
    for r in comp.summary.itertuples():
        k = scale(r.indicator, "national", lang)
        unit = display_unit(r.indicator, lang)
        dunit = difference_unit(r.indicator, lang)
        interval = f"[{format_number(r.ci_low * k)}, {format_number(r.ci_high * k)}]"
        rows.append(
            [
                column_label(r.indicator, lang) + (f" ({unit})" if unit else ""),
                format_number(r.reference_mean * k),
                format_number(r.scenario_mean * k),
                f"{format_number(r.mean_diff * k)} {dunit}".strip(),
                interval,
                t("yes" if r.distinguishable else "no", lang),
            ]
        )
    if rows:
        solara.Text(
            t("compare_table", lang).format(w0=comp.window[0], w1=comp.window[1]),
            classes=["nqpf-section"],
        )
        grid_table(
            [
                t("variable", lang),
                f"A: {a}",
                f"B: {b}",
                t("difference", lang),
                t("ci95", lang),
                t("distinguishable", lang),
            ],
            rows,
            "nqpf-compare-table",
        )
    solara.Text(t("levels", lang), classes=["nqpf-section"])
    Charts(levels, columns=3, test_id="nqpf-compare-levels")
    solara.Text(t("difference", lang), classes=["nqpf-section"])
    Charts(diffs, columns=3, test_id="nqpf-compare-diffs")
    CompareMapsView(state, comp, *maps)

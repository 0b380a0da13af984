"""The comparison page: two scenarios on the same seed, side by side, and their difference.

Runs go through :mod:`sim.experiments.batch` (``run_one`` on a serial executor), the seam that
``nqpf compare`` also uses; they run in a background task so the page stays responsive.
"""

from __future__ import annotations

import solara
import solara.lab

from nqpf.dashboards.chart_specs import comparison_spec
from nqpf.dashboards.components.state import AppState, CompareSettings
from nqpf.dashboards.components.views import ExportButton, grid_table
from nqpf.dashboards.components.widgets import Charts
from nqpf.dashboards.i18n import format_number, t
from nqpf.dashboards.simulation import run_comparison, scenario_choices
from nqpf.dashboards.view_tables import comparison_long, comparison_table, to_csv_bytes
from nqpf.sim.config import ScenarioError

# Rows of the summary table, when present (the full table is in the CSV).
_SUMMARY = (
    "gdp",
    "gdp_growth",
    "tfp_growth",
    "capacity_utilization",
    "capacity_utilization_emerging",
    "price_index_emerging",
    "npl_ratio",
    "local_debt_to_gdp",
    "similarity_index",
    "written_off_capital",
    "zombie_share",
)


@solara.component
def CompareTab(state: AppState):
    """Pick A and B, press Run: level and difference panels and a table of means."""
    lang = state.lang.value
    keys = solara.use_memo(lambda: list(scenario_choices()), [])
    cmp = state.compare.value
    seed = state.settings.value.seed
    request, set_request = solara.use_state(None)

    def run() -> None:
        if request is None:
            return
        settings, run_seed = request
        try:
            result = run_comparison(settings.a, settings.b, run_seed, settings.end_year)
        except (ScenarioError, ValueError) as exc:
            state.compare_error.set(str(exc))
            return
        state.compare_error.set("")
        state.compare_result.set(result)

    task = solara.lab.use_task(run, dependencies=[request])

    def set_cmp(**changes) -> None:
        values = {"a": cmp.a, "b": cmp.b, "end_year": cmp.end_year, **changes}
        state.compare.set(CompareSettings(**values))

    solara.Text(t("compare_intro", lang), style={"font-size": "13px", "color": "#444"})
    with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.v.Select(
            label=t("scenario_a", lang),
            items=keys,
            v_model=cmp.a,
            on_v_model=lambda v: set_cmp(a=v),
            dense=True,
            hide_details=True,
            class_="nqpf-compare-a",
            style_="max-width: 260px",
        )
        solara.v.Select(
            label=t("scenario_b", lang),
            items=keys,
            v_model=cmp.b,
            on_v_model=lambda v: set_cmp(b=v),
            dense=True,
            hide_details=True,
            class_="nqpf-compare-b",
            style_="max-width: 260px",
        )
        solara.InputInt(
            t("end_year", lang),
            value=cmp.end_year,
            optional=True,
            on_value=lambda v: set_cmp(end_year=v),
            dense=True,
            classes=["nqpf-compare-end"],
            style={"max-width": "140px"},
        )
        solara.Text(f"{t('seed', lang)}: {seed}", style={"font-size": "13px"})
        solara.Button(
            t("run_compare", lang),
            icon_name="mdi-play-box-multiple",
            color="primary",
            classes=["nqpf-compare-run"],
            disabled=task.pending,
            on_click=lambda: set_request((cmp, seed)),
        )
    if task.pending:
        solara.ProgressLinear(True)
        solara.Text(t("running", lang))
    if state.compare_error.value:
        solara.Error(
            f"{t('compare_failed', lang)}: {state.compare_error.value}",
            classes=["nqpf-compare-error"],
        )
    result = state.compare_result.value
    if result is None:
        solara.Info(t("compare_empty", lang), dense=True)
        return
    CompareResults(state, result)


@solara.component
def CompareResults(state: AppState, result):
    """Summary line, table of means (A, B, B - A with units), level and difference charts."""
    lang = state.lang.value
    a, b = result.national_a, result.national_b
    levels, diffs = solara.use_memo(
        lambda: comparison_spec(a, b, lang, result.a, result.b), [result, lang]
    )
    table = solara.use_memo(lambda: comparison_table(a, b, lang), [result, lang])
    years = sorted(set(a["year"]) & set(b["year"]))
    summary = t("compare_summary", lang).format(
        a=result.a,
        b=result.b,
        seed=result.seed,
        first=years[0] if years else "",
        last=years[-1] if years else "",
        seconds=result.wall_time_s,
    )
    with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
        solara.Text(
            summary,
            classes=["nqpf-compare-summary"],
            style={"font-size": "14px", "font-weight": "600"},
        )
        ExportButton(
            lambda: to_csv_bytes(comparison_long(a, b)),
            f"compare_{result.a}_vs_{result.b}_seed{result.seed}.csv".replace("/", "_"),
            lang,
            "nqpf-export-compare",
        )
    shown = table[table["column"].isin(_SUMMARY)] if len(table) else table
    if len(shown):
        solara.Text(t("compare_table", lang), classes=["nqpf-section"])
        grid_table(
            [t("variable", lang), "A", "B", t("difference", lang)],
            [
                [
                    r.variable + (f" ({r.unit})" if r.unit else ""),
                    format_number(r.A),
                    format_number(r.B),
                    f"{format_number(r.B_minus_A)} {r.difference_unit}".strip(),
                ]
                for r in shown.itertuples()
            ],
            "nqpf-compare-table",
        )
    solara.Text(t("levels", lang), classes=["nqpf-section"])
    Charts(levels, columns=3, test_id="nqpf-compare-levels")
    solara.Text(t("difference", lang), classes=["nqpf-section"])
    Charts(diffs, columns=3, test_id="nqpf-compare-diffs")

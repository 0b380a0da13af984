"""The region inspector: one clicked region's numbers this year, its government, firms,
university, finances and talent, and its history.

It reads the session's latest :class:`~dashboards.simulation.Snapshot` (the result tables) and
the model's arrays through :mod:`dashboards.region_info`, and offers a CSV of the region's history.
"""

from __future__ import annotations

import pandas as pd
import solara

from nqpf.dashboards import region_info
from nqpf.dashboards.chart_specs import fit_spec, region_history_spec
from nqpf.dashboards.components.building_blocks import ExportButton, grid_table, kv_table
from nqpf.dashboards.components.local_conditions import LocalConditions
from nqpf.dashboards.components.state import AppState
from nqpf.dashboards.components.widgets import Charts
from nqpf.dashboards.i18n import Lang, region_label, t, value_label
from nqpf.dashboards.units import display_unit, format_number, format_value
from nqpf.dashboards.view_tables import split_priorities, to_csv_bytes, year_rows
from nqpf.sim.outputs import column_label


def _value(row: pd.Series | None, column: str, lang: Lang) -> str | None:
    if row is None or column not in row:
        return None
    return format_value(row[column], column, lang, "regions")


_OVERVIEW = (
    "gdp",
    "gdp_per_capita",
    "gdp_growth",
    "tfp",
    "tfp_growth",
    "capacity_utilization",
    "npl_ratio",
    "gov_debt_to_gdp",
    "rd_intensity",
    "n_firms",
    "population",
)


@solara.component
def Inspector(state: AppState):
    """One region: this year's numbers, government, firms, university, finances, talent."""
    lang = state.lang.value
    snap = state.snap.value
    sim = state.sim
    region = state.selected.value
    with solara.Card(
        t("inspector", lang), classes=["nqpf-inspector"], margin=0, style={"min-height": "200px"}
    ):
        if snap is None or sim is None or region is None:
            solara.Info(t("inspector_empty", lang), dense=True)
            return
        model = sim.model
        index = region_info.region_index(model, region)
        if index is None:
            solara.Info(t("inspector_empty", lang), dense=True)
            return
        regions = snap.tables.get("regions", pd.DataFrame())
        rows = year_rows(regions, snap.year)
        row = rows.loc[region] if region in rows.index else None
        with sim.lock:  # the play loop may be stepping this model
            gov = region_info.government(model, index)
            firms = region_info.firms_by_industry(model, index)
            uni = region_info.university(model, index)
            bank = region_info.bank(model, index)
        ind_names = region_info.industry_names(model, lang)
        geo = model.world.geography
        title = f"{geo.name_zh[index]} {region}" if geo.name_zh[index] != region else region
        with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
            solara.Text(
                title,
                classes=["nqpf-inspector-title"],
                style={"font-size": "20px", "font-weight": "600"},
            )
            solara.Button(
                t("close", lang),
                icon_name="mdi-close",
                text=True,
                small=True,
                classes=["nqpf-inspector-close"],
                on_click=lambda: state.selected.set(None),
            )
        solara.Text(
            f"{t('macro_and_class', lang)}: {value_label(geo.macro_region[index], lang)}"
            f" · {geo.sci_tech_class[index]} · {t('year', lang)} {snap.year}",
            style={"font-size": "12px", "color": "#555"},
        )
        overview = [
            (region_label(c, lang), _value(row, c, lang))
            for c in _OVERVIEW
            if row is not None and c in row
        ]
        solara.Text(t("overview", lang), classes=["nqpf-section"])
        kv_table([(k, v) for k, v in overview if v is not None], "nqpf-overview")
        LocalConditions(state, region)
        _government(gov, row, ind_names, lang)
        _firms(firms, ind_names, lang)
        _university(uni, ind_names, lang)
        _finances(bank, gov, row, lang)
        _talent(row, gov, lang)
        history = regions[regions["region"] == region] if "region" in regions else regions
        panels = region_history_spec(history, lang)
        if panels:
            solara.Text(t("history", lang), classes=["nqpf-section"])
            Charts(panels, columns=2, test_id="nqpf-region-history")
        ExportButton(
            lambda: to_csv_bytes(history), f"region_{region}.csv", lang, "nqpf-export-region"
        )


def _government(
    gov: dict | None, row: pd.Series | None, ind_names: dict[str, str], lang: Lang
) -> None:
    solara.Text(t("government", lang), classes=["nqpf-section"])
    if gov is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    priorities = gov.get("priorities")
    if priorities is None and row is not None and "priority_industries" in row:
        priorities = split_priorities(row["priority_industries"])
    items = []
    if "strategy" in gov:
        items.append(
            (column_label("strategy", lang, "regions"), value_label(gov["strategy"], lang))
        )
    if "herding_propensity" in gov:
        items.append(
            (
                column_label("herding_propensity", lang, "regions"),
                format_value(gov["herding_propensity"], "herding_propensity", lang, "regions"),
            )
        )
    if priorities is not None:
        items.append(
            (
                t("priorities", lang),
                "、".join(ind_names.get(k, k) for k in priorities)
                if lang == "zh"
                else ", ".join(ind_names.get(k, k) for k in priorities),
            )
        )
    for key, column in (
        ("subsidies", "subsidies"),
        ("revenue", "subsidies"),
        ("spending", "subsidies"),
        ("debt", "gov_debt"),
    ):
        if key in gov:
            label = (
                column_label(column, lang, "regions")
                if key in ("subsidies",)
                else (column_label("gov_debt", lang, "regions") if key == "debt" else t(key, lang))
            )
            items.append((label, format_value(gov[key], column, lang, "regions")))
    kv_table(items, "nqpf-government")
    fit = gov.get("fit")
    if fit is not None and len(fit):
        Charts([fit_spec(fit, priorities or [], ind_names, lang)], columns=1, test_id="nqpf-fit")


def _firms(firms: pd.DataFrame | None, ind_names: dict[str, str], lang: Lang) -> None:
    solara.Text(t("firms_by_industry", lang), classes=["nqpf-section"])
    if firms is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    cols = [c for c in ("n_firms", "capacity", "output", "utilization", "zombies") if c in firms]
    header = [t("industry", lang)]
    for c in cols:
        if c == "utilization":
            header.append(f"{column_label('capacity_utilization', lang, 'industries')} (%)")
        elif c == "zombies":
            header.append(t("zombies", lang))
        elif c == "n_firms":
            header.append(column_label("n_firms", lang, "industries"))
        else:
            header.append(
                f"{column_label(c, lang, 'industries')} ({display_unit(c, lang, 'industries')})"
            )
    rows = []
    for _, r in firms.iterrows():
        cells = [ind_names.get(r["industry"], r["industry"])]
        for c in cols:
            value = r[c]
            if c in ("n_firms", "zombies"):
                cells.append(f"{int(value):,}")  # counts of firms
            elif c == "utilization":
                cells.append(format_number(float(value) * 100.0))
            else:
                cells.append(format_number(float(value)))
        rows.append(cells)
    grid_table(header, rows, "nqpf-firms")


def _university(uni: dict | None, ind_names: dict[str, str], lang: Lang) -> None:
    solara.Text(t("university", lang), classes=["nqpf-section"])
    if uni is None:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    items = []
    if "funding" in uni:
        items.append(
            (
                column_label("university_funding", lang, "regions"),
                format_value(uni["funding"], "university_funding", lang, "regions"),
            )
        )
    if "graduates" in uni:
        items.append(
            (
                column_label("graduates", lang, "regions"),
                format_value(uni["graduates"], "graduates", lang, "regions"),
            )
        )
    if "knowledge" in uni:
        items.append(
            (t("knowledge", lang), format_value(uni["knowledge"], "gov_debt", lang, "regions"))
        )
    if "strongest" in uni:
        fields = ", ".join(f"{ind_names.get(k, k)} ({v:.2f})" for k, v in uni["strongest"])
        items.append(
            (f"{t('strongest_fields', lang)} ({t('strongest_fields_note', lang)})", fields)
        )
    kv_table(items, "nqpf-university")


def _finances(bank: dict | None, gov: dict | None, row: pd.Series | None, lang: Lang) -> None:
    solara.Text(t("finances", lang), classes=["nqpf-section"])
    items = []
    if bank:
        for key, column in (
            ("loans", "gov_debt"),
            ("npl_ratio", "npl_ratio"),
            ("capital_ratio", "bank_capital_ratio"),
            ("losses", "subsidies"),
        ):
            if key in bank:
                label = (
                    column_label(column, lang, "regions")
                    if key in ("npl_ratio", "capital_ratio")
                    else t(key, lang)
                )
                items.append((label, format_value(bank[key], column, lang, "regions")))
    for column in ("gov_debt_to_gdp", "capital_inflow"):
        value = _value(row, column, lang)
        if value is not None:
            items.append((column_label(column, lang, "regions"), value))
    if not items:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    kv_table(items, "nqpf-finances")


def _talent(row: pd.Series | None, gov: dict | None, lang: Lang) -> None:
    solara.Text(t("talent_flows", lang), classes=["nqpf-section"])
    items = []
    for column in ("talent", "talent_share", "net_migration", "graduates", "wage"):
        value = _value(row, column, lang)
        if value is not None:
            items.append((column_label(column, lang, "regions"), value))
    if gov and "talent_subsidy" in gov:
        items.append(
            (
                t("talent_subsidy", lang),
                f"{format_number(gov['talent_subsidy'])} {t('talent_subsidy_unit', lang)}",
            )
        )
    if not items:
        solara.Text(t("not_in_model", lang), style={"font-size": "12px", "color": "#666"})
        return
    kv_table(items, "nqpf-talent")

"""What the views show, computed from the model's result tables (pure pandas, no Solara).

The dashboard reads the same ``national``, ``regions`` and ``industries`` tables that the runner
writes (:mod:`nqpf.sim.outputs` declares their columns). Every function here copes with columns that
are absent (textbook scenarios, an engine still growing): a missing column is simply not offered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize, TwoSlopeNorm, to_hex

from nqpf.dashboards.i18n import Lang, region_label, t, value_label
from nqpf.dashboards.units import (
    axis_label,
    column_unit,
    difference_unit,
    format_number,
    format_value,
    is_count,
    scale,
)

# Map indicators offered first, in this order, when the regions table has them.
PREFERRED_INDICATORS = (
    "gdp_per_capita",
    "gdp_growth",
    "gdp_volume_growth",
    "tfp",
    "tfp_growth",
    "capacity_utilization",
    "npl_ratio",
    "gov_debt_to_gdp",
    "gov_debt",
    "talent",
    "talent_share",
    "net_migration",
    "subsidies",
    "rd_intensity",
    "herding_propensity",
    "strategy",
    "main_priority",
    "priority_industries",
    # local conditions (dashboards/local_conditions.py): comparative advantage and endowments
    "comparative_advantage",
    "solar_pv_capacity_factor",
    "wind_potential_twh_per_year",
    "universities",
    "coast",
)
CATEGORICAL = (
    "strategy",
    "main_priority",
    "priority_industries",
    "macro_region",
    "sci_tech_class",
    "coast",
)
_NOT_INDICATORS = ("year", "region")
# Indicators whose sign matters: a diverging colour scale centred on zero.
FENCE = 3.0
"""A numeric map's colour scale spans every value simulated so far except far outliers: those
more than FENCE interquartile ranges beyond the quartiles (Tukey's "far out" fence). They get
the end colours and are named in the legend and marked in the tooltip."""
_SIGNED = ("gdp_growth", "gdp_volume_growth", "tfp_growth", "net_migration", "capital_inflow")
STRATEGY_COLORS = {
    "tailored": "#1b9e77",
    "herding": "#d95f02",
    "mixed": "#e6ab02",
    "tournament": "#7570b3",
}
CATEGORY_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
PRIORITY_ON, PRIORITY_OFF, NO_DATA = "#b2182b", "#e0e0e0", "#f5f5f5"

# National panels: (title column, columns drawn); a panel is shown when any column exists.
NATIONAL_PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gdp", ("gdp",)),
    ("gdp_growth", ("gdp_growth", "tfp_growth")),
    ("tfp", ("tfp", "tfp_utilization_adjusted")),
    ("technology_index", ("technology_index",)),
    (
        "capacity_utilization",
        (
            "capacity_utilization",
            "capacity_utilization_traditional",
            "capacity_utilization_emerging",
            "capacity_utilization_future",
        ),
    ),
    (
        "price_index_emerging",
        ("price_index_traditional", "price_index_emerging", "price_index_future"),
    ),
    ("npl_ratio", ("npl_ratio",)),
    ("local_debt_to_gdp", ("local_debt_to_gdp",)),
    ("similarity_index", ("similarity_index", "priority_overlap")),
    ("written_off_capital", ("written_off_capital",)),
)


def with_derived(regions: pd.DataFrame) -> pd.DataFrame:
    """The regions table plus ``tfp_growth`` (TFP_t / TFP_{t-1} - 1 per region) when absent,
    and ``main_priority``: the first of a region's priority industries (its plan's top choice)."""
    if not regions.empty and "priority_industries" in regions and "main_priority" not in regions:
        regions = regions.copy()
        firsts = [(split_priorities(v) or [""])[0] for v in regions["priority_industries"]]
        regions["main_priority"] = pd.Series(firsts, index=regions.index, dtype=object)
    if regions.empty or "tfp" not in regions or "tfp_growth" in regions:
        return regions
    out = regions.sort_values(["region", "year"]).copy()
    out["tfp_growth"] = out.groupby("region")["tfp"].pct_change()
    return out.sort_values(["year", "region"]).reset_index(drop=True) if "year" in out else out


def indicators(regions: pd.DataFrame) -> list[str]:
    """Columns of the regions table that can colour the map, most useful first."""
    cols = [c for c in regions.columns if c not in _NOT_INDICATORS]
    numeric = [c for c in cols if c in CATEGORICAL or pd.api.types.is_numeric_dtype(regions[c])]
    first = [c for c in PREFERRED_INDICATORS if c in numeric]
    return first + [c for c in numeric if c not in first]


def indicator_labels(options: list[str], lang: Lang) -> list[str]:
    """The map menu's label of each indicator; indicators that share a name (local government
    debt in bn yuan and as a share of GDP) are told apart by their unit."""
    names = [region_label(c, lang) for c in options]
    return [
        axis_label(c, lang, "regions") if names.count(name) > 1 else name
        for c, name in zip(options, names, strict=True)
    ]


def split_priorities(text: object) -> list[str]:
    """The ``;``-separated priority industries of one row (empty for missing)."""
    if not isinstance(text, str) or not text:
        return []
    return [s for s in text.split(";") if s]


def priority_counts(regions_year: pd.DataFrame) -> pd.Series:
    """How many regions prioritise each industry this year, most first."""
    if "priority_industries" not in regions_year:
        return pd.Series(dtype=int)
    counts: dict[str, int] = {}
    for text in regions_year["priority_industries"]:
        for key in split_priorities(text):
            counts[key] = counts.get(key, 0) + 1
    return pd.Series(counts, dtype=int).sort_values(ascending=False)


def year_rows(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of ``year`` indexed by region (empty frame when the year is absent)."""
    if table.empty or "year" not in table:
        return table.iloc[0:0]
    return table[table["year"] == year].set_index("region", drop=False)


@dataclass(frozen=True)
class MapColors:
    """Colours, hover texts and a legend for the map, all for one year and one indicator."""

    fills: dict[str, str]
    texts: dict[str, str]
    legend: dict[str, object]


def map_colors(
    regions: pd.DataFrame,
    year: int,
    indicator: str,
    lang: Lang,
    industry: str | None = None,
    industry_names: dict[str, str] | None = None,
    region_names: dict[str, str] | None = None,
    scale_from: pd.DataFrame | None = None,
    difference: bool = False,
    label: str | None = None,
) -> MapColors:
    """Colour every region by ``indicator`` in ``year``.

    Numbers use one colour scale over every year recorded so far (so a colour means the same
    value as the run goes on), without far outliers (:data:`FENCE`: one outlying province, such
    as Tibet's low utilisation, does not make the other thirty look alike); those get the end
    colours and are named in the legend (``region_names``: the names shown). Growth rates and flows use a diverging scale
    centred on zero.
    ``priority_industries`` colours regions that prioritise ``industry``.

    ``scale_from`` (default ``regions``) is the table whose values set the colour scale and the
    categories' colours: the Compare tab passes both scenarios' tables, so that its two maps
    share one scale. ``difference``: the values are differences B - A, drawn on a diverging
    scale centred on zero, labelled as differences (percentage points for shares and rates).
    ``label`` replaces the indicator's label in the legend and the tooltips (the comparative
    advantage names its industry).
    """
    rows = year_rows(regions, year)
    region_names = region_names or {}
    scale_from = regions if scale_from is None else scale_from
    title = axis_label(indicator, lang, "regions") if label is None else label
    if difference:
        unit = difference_unit(indicator, lang, "regions")
        title = t("difference_map_title", lang).format(label=region_label(indicator, lang))
        title += (f"（{unit}）" if lang == "zh" else f" ({unit})") if unit else ""
    names = industry_names or {}
    if indicator == "priority_industries":
        key = industry or ""
        on = {r: key in split_priorities(v) for r, v in rows["priority_industries"].items()}
        n_on = sum(on.values())
        shown = names.get(key, key)
        fills = {r: PRIORITY_ON if v else PRIORITY_OFF for r, v in on.items()}
        texts = {
            r: f"{shown}: {t('prioritises' if v else 'not_prioritised', lang)}"
            for r, v in on.items()
        }
        legend = {
            "title": f"{region_label(indicator, lang)}: {shown} "
            f"({n_on} {t('regions_count', lang)})",
            "kind": "categorical",
            "items": [
                {"color": PRIORITY_ON, "label": t("prioritises", lang)},
                {"color": PRIORITY_OFF, "label": t("not_prioritised", lang)},
            ],
        }
        return MapColors(fills, texts, legend)
    if indicator == "main_priority":
        return _main_priority_colors(rows, scale_from, lang, names)
    if indicator in CATEGORICAL:
        values = rows[indicator].astype(str)
        cats = sorted(scale_from[indicator].dropna().astype(str).unique())
        palette = {
            c: STRATEGY_COLORS.get(c, CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)])
            for i, c in enumerate(cats)
        }
        fills = {r: palette.get(v, NO_DATA) for r, v in values.items()}
        texts = {
            r: f"{region_label(indicator, lang)}: {value_label(v, lang)}" for r, v in values.items()
        }
        legend = {
            "title": region_label(indicator, lang),
            "kind": "categorical",
            "items": [{"color": palette[c], "label": value_label(c, lang)} for c in cats],
        }
        return MapColors(fills, texts, legend)
    k = scale(indicator, "regions", lang)
    history = pd.to_numeric(scale_from[indicator], errors="coerce").to_numpy(float) * k
    finite = history[np.isfinite(history)]
    values = pd.to_numeric(rows[indicator], errors="coerce") * k
    if finite.size == 0:
        lo, hi = 0.0, 1.0
    else:  # robust: a far outlying province does not flatten the colours of the others
        q1, q3 = (float(q) for q in np.quantile(finite, (0.25, 0.75)))
        reach = FENCE * (q3 - q1)
        inside = finite[(finite >= q1 - reach) & (finite <= q3 + reach)]
        lo, hi = float(inside.min()), float(inside.max())  # the quartiles are always inside
    if hi - lo < 1e-12:  # one value everywhere: a span around it, within the unit's own range
        unit_range = "-" if difference else column_unit(indicator, "regions")
        lo, hi = constant_scale(lo, unit_range, k)
    if difference or (indicator in _SIGNED and lo < 0 < hi):
        bound = max(abs(lo), abs(hi))
        norm: Normalize = TwoSlopeNorm(vcenter=0.0, vmin=-bound, vmax=bound)
        cmap, lo, hi = colormaps["RdBu"], -bound, bound
    else:
        norm, cmap = Normalize(vmin=lo, vmax=hi), colormaps["viridis"]
    fills, texts, outside = {}, {}, []
    label = region_label(indicator, lang) if label is None else label
    for region, value in values.items():
        ok = value == value
        fills[region] = to_hex(cmap(float(np.clip(norm(value), 0.0, 1.0)))) if ok else NO_DATA
        raw = float(value) / k if ok else float("nan")
        if difference:
            diff_text = f"{format_number(float(value))} {unit}".strip()
            texts[region] = (
                t("difference_map_title", lang).format(label=label)
                + ": "
                + (diff_text if ok else t("no_value", lang))
            )
        else:
            texts[region] = f"{label}: {format_value(raw, indicator, lang, 'regions')}"
        if ok and not lo - 1e-9 * abs(lo) <= value <= hi + 1e-9 * abs(hi):
            texts[region] += f" ({t('off_scale', lang)})"
            outside.append(f"{region_names.get(region, region)} {format_number(float(value))}")
    stops = [to_hex(cmap(float(norm(lo + (hi - lo) * i / 8)))) for i in range(9)]
    count = is_count(indicator, "regions") and not difference

    def tick(v: float) -> str:  # a count's whole end: 7, not 7.00
        return f"{round(v):,}" if count and abs(v - round(v)) < 1e-9 else format_number(v)

    ticks = [tick(lo + (hi - lo) * i / 2) for i in range(3)]
    shown = values.to_numpy(float)
    if np.nanmin(shown, initial=np.inf) < lo - 1e-9 * abs(lo):
        ticks[0] = f"≤ {ticks[0]}"
    if np.nanmax(shown, initial=-np.inf) > hi + 1e-9 * abs(hi):
        ticks[-1] = f"≥ {ticks[-1]}"
    legend = {
        "title": title,
        "kind": "continuous",
        "gradient": f"linear-gradient(to right, {', '.join(stops)})",
        "ticks": ticks,
        "note": f"{t('off_scale_list', lang)}: {', '.join(outside)}" if outside else "",
    }
    return MapColors(fills, texts, legend)


BOUNDED_UNITS: dict[str, tuple[float, float]] = {"0-1": (0.0, 1.0), "0.1-1": (0.1, 1.0)}
"""Units whose values have a fixed range (an index from 0 to 1)."""


def constant_scale(value: float, unit: str, factor: float = 1.0) -> tuple[float, float]:
    """The colour scale of a map where every region has ``value`` (shown units, ``factor``
    times the stored ones): the unit's own range when it has one (an index of 0-1: 0 to 1, not
    -0.15 to 0.85 around 0.35), else half the value (at least 0.5) either side, not below zero
    for a value that is not negative."""
    if unit in BOUNDED_UNITS:
        low, high = (b * factor for b in BOUNDED_UNITS[unit])
        if low <= value <= high:
            return low, high
    pad = 0.5 * max(abs(value), 1.0)
    return (max(value - pad, 0.0) if value >= 0 else value - pad), value + pad


def _main_priority_colors(
    rows: pd.DataFrame, regions: pd.DataFrame, lang: Lang, names: dict[str, str]
) -> MapColors:
    """Each region coloured by its main priority industry: how alike the plans are at a glance
    (one colour everywhere = every region chases the same industry)."""
    values = rows["main_priority"].fillna("").astype(str)
    counts = values[values != ""].value_counts()
    every = sorted(k for k in regions["main_priority"].dropna().astype(str).unique() if k)
    tab20 = colormaps["tab20"]  # 20 distinct colours: one per industry (there are 14)
    palette = {k: to_hex(tab20(i % 20)) for i, k in enumerate(every)}
    fills = {r: palette.get(v, NO_DATA) for r, v in values.items()}
    label = region_label("main_priority", lang)
    texts = {r: f"{label}: {names.get(v, v) or t('no_value', lang)}" for r, v in values.items()}
    legend = {
        "title": t("main_priority_title", lang).format(
            label=label, k=len(counts), n=int((values != "").sum())
        ),
        "kind": "categorical",
        "items": [
            {"color": palette[k], "label": f"{names.get(k, k)} ({int(n)})"}
            for k, n in counts.items()
        ],
    }
    return MapColors(fills, texts, legend)


def national_panels(national: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """The national panels whose columns exist (and have at least one value)."""
    out = []
    for title, cols in NATIONAL_PANELS:
        present = [c for c in cols if c in national and national[c].notna().any()]
        if present:
            out.append((title, present))
    return out


def industry_frame(industries: pd.DataFrame, year: int) -> pd.DataFrame:
    """The industries table in ``year`` (empty when the scenario has no industries)."""
    if industries is None or industries.empty or "year" not in industries:
        return pd.DataFrame()
    return industries[industries["year"] == year].reset_index(drop=True)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark, so spreadsheet programs read Chinese."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8-sig")


def map_export(
    regions: pd.DataFrame, year: int, indicator: str, names_zh: dict[str, str] | None = None
) -> pd.DataFrame:
    """The map's year as a table: region, Chinese name, the indicator, then every other column."""
    rows = year_rows(regions, year).reset_index(drop=True)
    if rows.empty:
        return rows
    if names_zh:
        rows.insert(1, "name_zh", rows["region"].map(names_zh))
    if indicator in rows:
        cols = ["region"] + (["name_zh"] if names_zh else []) + [indicator]
        rows = rows[cols + [c for c in rows.columns if c not in cols]]
    return rows

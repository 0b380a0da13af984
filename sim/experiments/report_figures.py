"""The figures of the comparison report: fonts for Chinese labels, path and difference plots.

Chinese plot text needs a CJK font, found with :mod:`matplotlib.font_manager`
(:func:`find_cjk_font`); without one the report falls back to English plot labels with a
warning. matplotlib is imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nqpf.sim.experiments.compare_stats import Comparison
from nqpf.sim.experiments.report_text import phrase
from nqpf.sim.outputs import Lang, axis_label, difference_unit, display_scale, label
from nqpf.sim.outputs.display import scenario_colors

# ------------------------------------------------------------------------------ fonts
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Noto Serif CJK JP",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)
_CJK_FILE_HINTS = ("cjk", "wqy", "sourcehan", "simhei", "msyh", "pingfang", "stheiti", "uming")


def find_cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs known to matplotlib, or None.

    Fonts installed after matplotlib built its font cache are not in ``fontManager``; files that
    look like CJK fonts (``fc-list`` or the system font folders) are then added to it.
    """
    from matplotlib import font_manager as fm

    def known() -> str | None:
        names = {f.name for f in fm.fontManager.ttflist}
        return next((n for n in _CJK_FAMILIES if n in names), None)

    found = known()
    if found:
        return found
    for path in sorted(fm.findSystemFonts()):
        if any(h in Path(path).name.lower() for h in _CJK_FILE_HINTS):
            try:
                fm.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                continue
    return known()


# ------------------------------------------------------------------------------ plots
FIGSIZE: tuple[float, float] = (9.0, 5.0)
"""Figure size [inches]: legible at the report's full width."""
DPI = 110
"""Resolution of the PNG figures [dots per inch]."""


def colors(n: int) -> list[str]:
    """The reference in dark grey, the others from matplotlib's tab10 cycle (one source with
    the dashboard: :func:`nqpf.sim.outputs.display.scenario_colors`)."""
    return scenario_colors(n)


def plot_paths(comp: Comparison, indicator: str, lang: Lang) -> Any:
    """Figure: mean path and 90 % band of every scenario (labels in ``lang``)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = comp.paths[indicator]
    scale = display_scale(indicator, "national", lang)
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    for name, color in zip(comp.names, colors(len(comp.names))):
        sub = data[data["scenario"] == name]
        ax.fill_between(
            sub["year"],
            sub["p05"] * scale,
            sub["p95"] * scale,
            color=color,
            alpha=0.18,
            linewidth=0,
        )
        ax.plot(sub["year"], sub["mean"] * scale, color=color, linewidth=1.8, label=name)
    ax.set_title(
        f"{label(indicator, lang)}\n{phrase('band_note', lang, n=len(comp.seeds))}", fontsize=11
    )
    ax.set_xlabel(phrase("year", lang))
    ax.set_ylabel(axis_label(indicator, lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.set_xlim(comp.years[0], comp.years[-1])  # year ticks within the simulated years
    ax.legend(fontsize=10)
    fig.tight_layout()
    return fig


def plot_differences(comp: Comparison, indicator: str, lang: Lang) -> Any:
    """Figure: mean paired difference against the reference per year, with its 95 % CI."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = comp.differences[indicator]
    scale = display_scale(indicator, "national", lang)
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    ax.axvspan(
        max(comp.window[0] - 0.5, comp.years[0]),
        min(comp.window[1] + 0.5, comp.years[-1]),
        color="#dddddd",
        alpha=0.5,
        linewidth=0,
    )
    ax.axhline(0.0, color="#333333", linewidth=1.0)
    for name, color in zip(comp.names[1:], colors(len(comp.names))[1:]):
        sub = data[data["scenario"] == name]
        ax.fill_between(
            sub["year"],
            sub["ci_low"] * scale,
            sub["ci_high"] * scale,
            color=color,
            alpha=0.22,
            linewidth=0,
        )
        ax.plot(
            sub["year"],
            sub["mean_diff"] * scale,
            color=color,
            linewidth=1.8,
            label=f"{name} − {comp.reference}",
        )
    title = phrase("diff_title", lang, label=label(indicator, lang), ref=comp.reference)
    ax.set_title(f"{title}\n{phrase('diff_note', lang, n=len(comp.seeds))}", fontsize=10)
    ax.set_xlabel(phrase("year", lang))
    unit = difference_unit(indicator, lang)
    ax.set_ylabel(phrase("diff_axis", lang, unit=unit) if unit else phrase("difference", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.set_xlim(comp.years[0], comp.years[-1])  # year ticks within the simulated years
    ax.legend(fontsize=10)
    fig.tight_layout()
    return fig


def save_figure(fig: Any, path: Path) -> None:
    """Save ``fig`` as a PNG without a software stamp (same bytes for the same plot), close it."""
    import matplotlib.pyplot as plt

    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)

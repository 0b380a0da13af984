"""Small building blocks the dashboard's views share: tables of labels and values, compact
drop-down menus and the CSV download button."""

from __future__ import annotations

import html
from typing import Any

import solara

from nqpf.dashboards.i18n import Lang, t
from nqpf.dashboards.view_tables import indicator_labels


def kv_table(rows: list[tuple[str, str]], css: str = "") -> None:
    """A two-column table of labels and formatted values."""
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    solara.HTML(
        tag="table", unsafe_innerHTML=body, classes=["nqpf-table", css] if css else ["nqpf-table"]
    )


def grid_table(header: list[str], rows: list[list[str]], css: str = "") -> None:
    """A table with a header row (scrolled sideways in a box narrower than it: a phone)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    with solara.Div(classes=["nqpf-table-scroll"]):
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
            classes=["nqpf-table", "nqpf-grid-table"] + ([css] if css else []),
        )


def dense_select(
    label: str,
    value: Any,
    items: list[dict[str, Any]] | list[Any],
    on_value: Any,
    css: str,
    width: int = 340,
    wrap: bool = False,
) -> None:
    """A compact drop-down menu (``items``: ``{"text", "value"}`` pairs or plain values).

    With ``wrap`` (choices longer than the menu is wide: a policy search's objectives), the
    chosen text and the list's texts wrap onto more lines instead of being cut with an
    ellipsis, and the open list is never wider than the window (CSS ``nqpf-wrap-*`` in
    :mod:`nqpf.dashboards.page`)."""
    extra: dict[str, Any] = {}
    if wrap:
        css += " nqpf-wrap-select"
        extra["menu_props"] = {"contentClass": "nqpf-wrap-menu"}
    solara.v.Select(
        label=label,
        v_model=value,
        items=items,
        on_v_model=on_value,
        dense=True,
        hide_details=True,
        class_=css,
        style_=f"max-width: {width}px",
        **extra,
    )


def indicator_select(
    options: list[str], value: str, on_value: Any, lang: Lang, css: str = "nqpf-indicator"
) -> None:
    """The menu of regional indicators that colour a map."""
    labels = indicator_labels(options, lang)
    items = [{"text": text, "value": c} for c, text in zip(options, labels, strict=True)]
    dense_select(t("indicator", lang), value, items, on_value, css)


@solara.component
def ExportButton(data: Any, filename: str, lang: Lang, css: str):
    """A CSV download of ``data`` (a callable returning bytes, evaluated on click)."""
    with solara.Div(classes=["nqpf-export", css]):
        solara.FileDownload(
            data, filename=filename, label=t("export_csv", lang), mime_type="text/csv"
        )

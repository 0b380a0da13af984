"""The dashboard's words in the page's language: interface labels, messages, categorical
values, scenario sections and the labels of the columns the dashboard derives itself.

The words are the tables of :mod:`nqpf.dashboards.ui_labels`; a label missing there falls back to
its key. Output columns are not named here: their labels and units are declared once in
:mod:`nqpf.sim.outputs`; this module adds the labels of the few columns the dashboard derives
itself. How values are shown with units is :mod:`nqpf.dashboards.units`; a scenario parameter's
label, explanation and unit are :mod:`nqpf.dashboards.param_text`.
"""

from __future__ import annotations

from typing import Any

from nqpf.dashboards.local_text import LOCAL_COLUMN_LABELS
from nqpf.dashboards.ui_labels import LABELS, VALUE_LABELS
from nqpf.sim.outputs import LANGS, Lang, column_label

DERIVED_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("regions", "main_priority"): ("Main priority industry", "首要重点产业"),
    # growth of the regional TFP (the region's measured Solow residual)
    ("regions", "tfp_growth"): ("TFP growth", "全要素生产率增长率"),
}
DERIVED_LABELS.update({("regions", k): pair for k, pair in LOCAL_COLUMN_LABELS.items()})
"""Labels of the columns the dashboard derives under names no output table declares."""


def region_label(name: str, lang: Lang) -> str:
    """The label of a regional column, the dashboard's derived ones included."""
    pair = DERIVED_LABELS.get(("regions", name))
    if pair is not None:
        return pair[LANGS.index(lang)]
    return column_label(name, lang, "regions")


def t(key: str, lang: Lang) -> str:
    """The interface label ``key`` in ``lang`` (the key itself when unknown)."""
    pair = LABELS.get(key)
    return key if pair is None else pair[LANGS.index(lang)]


class Message(str):
    """A message the dashboard writes around technical detail (a file, a field, the model's
    own words): it is its English text (so it joins, compares and prints as before), and
    :meth:`text` gives it in another language. Only the frame is translated: the fields
    (``value``, ``detail``, file names) are shown as given, nested messages in the same language.
    """

    key: str
    fields: dict[str, Any]

    def __new__(cls, key: str, **fields: Any) -> Message:
        obj = super().__new__(cls, t(key, "en").format(**fields))
        obj.key, obj.fields = key, fields
        return obj

    def text(self, lang: Lang) -> str:
        return t(self.key, lang).format(
            **{
                k: message_text(v, lang) if isinstance(v, str) else v
                for k, v in self.fields.items()
            }
        )


def message_text(message: str, lang: Lang) -> str:
    """A :class:`Message` in ``lang``; any other text as it is."""
    return message.text(lang) if isinstance(message, Message) else message


def messages_text(messages: Any, lang: Lang) -> str:
    """Several messages in ``lang``, separated by ``; `` (``；`` in Chinese)."""
    if isinstance(messages, str):
        return message_text(messages, lang)
    return ("；" if lang == "zh" else "; ").join(message_text(m, lang) for m in messages or ())


def value_label(value: str, lang: Lang) -> str:
    """A categorical value (strategy, tier, macro-region) in ``lang``."""
    pair = VALUE_LABELS.get(value)
    return value if pair is None else pair[LANGS.index(lang)]


def section_label(section: str, lang: Lang) -> str:
    """Label of a scenario section (``finance`` -> ``Banks and finance``)."""
    key = f"section_{section}"
    return t(key, lang) if key in LABELS else section.capitalize()

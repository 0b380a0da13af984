"""A scenario parameter's words as the dashboard shows them: its label, its explanation, its
unit and a value with that unit.

A policy lever's short name in both languages and its Chinese explanation are declared with the
parameter in the scenario schema (``param(..., label=, label_zh=, meaning_zh=)`` in
:mod:`nqpf.sim.config`); its English explanation is the schema's description, so neither can
drift. A label missing from the schema falls back to the field's name.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from nqpf.dashboards.units import format_number
from nqpf.sim.config import Scenario, iter_params, param_extra
from nqpf.sim.outputs import Lang

# Units of scenario parameters in Chinese (parameter units are free text in the schema).
PARAM_UNITS_ZH: dict[str, str] = {
    "share of GDP": "占GDP比重",
    "share of investment": "占投资比重",
    "share of policy budget": "占政策预算比重",
    "share/year": "比例/年",
    "share": "比重",
    "1/year": "1/年",
    "index (0-1)": "指数（0-1）",
    "probability": "概率",
    "firms/year": "家企业/年",
    "-": "",
}


@cache
def _param_texts() -> dict[str, dict[str, Any]]:
    """Every scenario parameter's declared metadata (labels included), by dotted path."""
    return {path: param_extra(info) for path, info in iter_params(Scenario)}


def lever_label(path: str, lang: Lang) -> str:
    """Short label of a policy lever or another scenario parameter the dashboard names (the
    schema's ``label`` / ``label_zh``), else its field name."""
    label = _param_texts().get(path, {}).get("label" if lang == "en" else "label_zh")
    if label is None:
        return path.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return label


def lever_description(path: str, english: str, lang: Lang) -> str:
    """What a lever does: the schema's description in English, its ``meaning_zh`` in Chinese."""
    chinese = _param_texts().get(path, {}).get("meaning_zh")
    if lang == "zh" and chinese is not None:
        return chinese
    return english


def param_unit(unit: str, lang: Lang) -> str:
    """A scenario parameter's unit as shown (empty when dimensionless)."""
    if lang == "zh":
        return PARAM_UNITS_ZH.get(unit, unit)
    return "" if unit == "-" else unit


def param_value_text(path: str, value: float, lang: Lang) -> str:
    """A value of scenario parameter ``path`` rounded (:func:`format_number`) with the schema's
    unit as the levers show it (``0.0125 1/year``; ``0.0125 1/年``)."""
    unit = param_unit(str(_param_texts().get(path, {}).get("unit", "-")), lang)
    shown = format_number(float(value))
    return f"{shown} {unit}" if unit else shown

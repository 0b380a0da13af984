"""The policy-search page's plain-Python side: finding search folders, the scatter's data, and
opening a front point as a scenario.

A search folder is read by :func:`nqpf.sim.experiments.policy_folder.load_policy_folder` (the
report reads it the same way). Opening a front point reads its scenario file
(``scenarios/front_NN.toml``): the scenario it ``extends`` must be one the picker offers (a
file under ``scenarios/``), and its lever values are applied as the sidebar's levers through the
same checks as a shared link or a settings file (:func:`nqpf.dashboards.share.settings_from_fields`),
so the run is the base scenario with the point's levers, and the sidebar shows them as changed.
Settings of the file that are not dashboard levers (the search's ``[set]``, e.g. its end year)
are named in the page's notice, not applied.
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from nqpf.dashboards.ensemble import override_text
from nqpf.dashboards.i18n import Lang, Message, t
from nqpf.dashboards.levers import levers
from nqpf.dashboards.param_text import lever_label, param_value_text
from nqpf.dashboards.simulation import Settings
from nqpf.dashboards.ui_labels import LABELS
from nqpf.dashboards.units import column_unit, difference_unit, display_unit, format_number, scale
from nqpf.sim.config import SCENARIO_DIR
from nqpf.sim.experiments.policy_folder import (
    KIND,
    PolicyFolder,
    PolicyFolderError,
    restriction,
)
from nqpf.sim.outputs import DIMENSIONLESS_UNITS, column_label, unit_scale, unit_text

OUT_ROOT = Path("out")
"""Where the page looks for searches (relative to the server's working directory)."""


def find_searches(root: Path = OUT_ROOT, depth: int = 3) -> list[str]:
    """Folders under ``root`` (up to ``depth`` levels) whose manifest is a policy search's."""
    found: list[str] = []
    if not root.is_dir():
        return found
    manifests = [m for d in range(1, depth + 1) for m in root.glob("*/" * d + "manifest.json")]
    for manifest in manifests:
        try:
            kind = json.loads(manifest.read_text(encoding="utf-8")).get("kind")
        except (OSError, ValueError, AttributeError):
            continue
        if kind == KIND and (manifest.parent / "front.csv").exists():
            found.append(manifest.parent.as_posix())
    return sorted(set(found))


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A TOML document's tables as dotted paths (``{"solow": {"s": 1}}`` -> ``solow.s``)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path + "."))
        else:
            out[path] = value
    return out


def point_settings(
    folder: PolicyFolder, point: int, current: Settings, root: Path = SCENARIO_DIR
) -> tuple[Settings, list[str]]:
    """The settings that run front point ``point``: its base scenario with its levers.

    PolicyFolderError when the file is missing or its base scenario is not under ``root``;
    lever values the model refuses and settings that are not levers come back as messages.
    Float lever values keep every digit of the point's file (0.20215646090849793), so that the
    run is exactly the search's run of the point."""
    from nqpf.dashboards.share import settings_from_fields

    path = folder.scenario_file(point)
    if not path.is_file():
        raise PolicyFolderError(Message("problem_no_point_file", path=str(path), n=point))
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PolicyFolderError(
            Message("problem_point_unreadable", path=str(path), detail=str(exc))
        ) from None
    extends = doc.pop("extends", None)
    if not isinstance(extends, str):
        raise PolicyFolderError(Message("problem_point_no_base", path=str(path)))
    base = (path.parent / extends).resolve()
    try:
        key = base.relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        raise PolicyFolderError(
            Message("problem_point_base_elsewhere", path=str(path), base=str(base), root=str(root))
        ) from None
    fields = _flatten({k: v for k, v in doc.items() if isinstance(v, dict)})
    lever_paths = {lv.path for lv in levers()}
    # every digit is kept: a rounded value would run a different model from the search's point
    items = [override_text(p, v) for p, v in fields.items() if p in lever_paths]
    skipped = [f"{p} = {v!r}" for p, v in fields.items() if p not in lever_paths]
    settings, problems = settings_from_fields(key, current.seed, items, Settings(key, current.seed))
    if skipped:
        problems.append(Message("problem_not_applied", name=path.name, items=", ".join(skipped)))
    return settings, problems


def scatter_points(
    folder: PolicyFolder, x: str, y: str, stat: str, labels: dict[str, str], lang: Lang = "en"
) -> dict[str, Any]:
    """The scatter's data: front points, other candidates and the base policy, each with a
    hover text of every objective (``labels``: objective -> shown name); values in the
    objectives' shown units (:func:`objective_unit`: percent for rates)."""
    kx, ky = objective_unit(folder, x, lang)[1], objective_unit(folder, y, lang)[1]

    def text(row: pd.Series) -> str:
        return "\n".join(
            f"{labels[n]}: {objective_text(folder, n, row[f'{n}_{stat}'], lang)}"
            for n in folder.objectives
        )

    def xy(row: pd.Series) -> tuple[float | None, float | None]:
        values = (float(row[f"{x}_{stat}"]) * kx, float(row[f"{y}_{stat}"]) * ky)
        return tuple(v if pd.notna(v) else None for v in values)  # type: ignore[return-value]

    front = [
        {"point": int(r["point"]), "x": xy(r)[0], "y": xy(r)[1], "text": text(r)}
        for _, r in folder.front.iterrows()
    ]
    others = folder.candidates
    if "on_front" in others:
        others = others[~others["on_front"].astype(bool)]
    if "base_policy" in others:
        others = others[~others["base_policy"].astype(bool)]
    rest = [{"x": xy(r)[0], "y": xy(r)[1]} for _, r in others.iterrows()]
    base = folder.base
    ref = None if base is None else {"x": xy(base)[0], "y": xy(base)[1], "text": text(base)}
    return {"front": front, "others": [p for p in rest if None not in p.values()], "base": ref}


def _years(config: dict[str, Any], lang: Lang) -> tuple[str, str]:
    """``(span, year)`` of an objective's years as words: ``2024-2035`` (``2024-2035年``)."""
    suffix = "年" if lang == "zh" else ""
    years, year = config.get("years"), config.get("year")
    span = f"{years[0]}-{years[1]}{suffix}" if years else t("whole_run", lang)
    last = year if year is not None else (years[1] if years else None)
    return span, (f"{last}{suffix}" if last is not None else t("last_year", lang))


def objective_unit(folder: PolicyFolder, name: str, lang: Lang) -> tuple[str, float]:
    """``(unit shown, factor from the stored score to the shown one)`` of an objective.

    The unit is the national column's (as the National tab shows it: shares and rates in
    percent, 亿元 in Chinese); a compound growth rate is a rate per year (percent); a sum over
    years drops the column's ``/year``; a change of a share is in percentage points. An
    objective on a column the dashboard does not know (a search's derived expression) has none.
    """
    config = folder.objectives.get(name, {})
    column, reduce = str(config.get("column", name)), config.get("reduce")
    if reduce == "growth":
        return unit_text("1/year", lang), unit_scale("1/year", lang)
    factor = scale(column, "national", lang)
    if reduce == "change":
        return difference_unit(column, lang, "national"), factor
    unit = "" if column_unit(column, "national") in DIMENSIONLESS_UNITS else None
    if unit is None:
        unit = display_unit(column, lang, "national")
    if reduce == "sum":
        for per_year in ("/year", "/年"):
            unit = unit.removesuffix(per_year)
    return unit, factor


def objective_label(folder: PolicyFolder, name: str, lang: Lang) -> str:
    """An objective as a reader sees it: the column's label, how its years are summarised, the
    unit and which way is better (``GDP, yearly growth 2024-2035 (%) · higher is better``)."""
    config = folder.objectives.get(name, {})
    column = str(config.get("column", name))
    reduce = str(config.get("reduce", ""))
    span, year = _years(config, lang)
    what = column_label(column, lang, "national")
    key = f"reduce_{reduce}"
    if key in LABELS:
        how = t(key, lang).format(span=span, year=year)
        what = f"{what}，{how}" if lang == "zh" else f"{what}, {how}"
    unit, _ = objective_unit(folder, name, lang)
    if unit:
        what += f"（{unit}）" if lang == "zh" else f" ({unit})"
    return f"{what} · {t(f'better_{folder.direction(name)}', lang)}"


def objective_text(folder: PolicyFolder, name: str, value: Any, lang: Lang) -> str:
    """A score (or a regret) of objective ``name`` in its shown unit, plainly formatted
    (``4.68``, ``13,052``; never ``1.305e+04``)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return "–"
    return format_number(number * objective_unit(folder, name, lang)[1])


def box_text(folder: PolicyFolder, row: pd.Series, lang: Lang) -> str:
    """PRIM's bounds on one uncertain parameter (a row of ``discovery.csv``) as a reader sees
    them: the parameter's label and the bounds rounded with its unit
    (``Population growth ≤ 0.0125 1/year``, not ``solow.population_growth <= 0.01248``); empty
    for a row without a parameter.

    Which ends restrict the parameter is decided as in the search's report, by
    :func:`~nqpf.sim.experiments.policy_folder.restriction` (an end at the ensemble's own is
    none: ``... (whole range)``), asked about each end alone."""
    parameter = row.get("parameter")
    if not isinstance(parameter, str) or not parameter:
        return ""
    low, high, states = row.get("low"), row.get("high"), row.get("states")

    def cuts(lo: Any, hi: Any) -> bool:
        text = restriction(parameter, lo, hi, folder.uncertain, states)
        return not text.endswith("(whole range)")

    cut_low, cut_high = cuts(low, math.nan), cuts(math.nan, high)
    key = {(True, True): "box_between", (True, False): "box_above", (False, True): "box_below"}
    return t(key.get((cut_low, cut_high), "box_whole"), lang).format(
        name=lever_label(parameter, lang),
        low=param_value_text(parameter, low, lang) if cut_low else "",
        high=param_value_text(parameter, high, lang) if cut_high else "",
    )


def policy_name(folder: PolicyFolder, policy: str, lang: Lang) -> str:
    """An analysed policy of ``discovery.csv`` as the tab names it: a front point by its number
    in the front (``front:37151e96b09c`` is *Front point 1*, 前沿点 1, as in the point menu),
    a scenario file by its name."""
    if policy.startswith("front:"):
        points = dict(zip(folder.front["key"].astype(str), folder.front["point"], strict=True))
        point = points.get(policy.removeprefix("front:"))
        if point is not None:
            return f"{t('policy_point', lang)} {int(point)}"
    return policy

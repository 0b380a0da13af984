"""What a user types or moves on the page, checked before it reaches a model or the address.

Every check here gives the accepted value, or says why not in the page's language, naming the
field and what is allowed; nothing is clamped silently and nothing refused is kept:

- a lever value: converted to the field's type and validated by the model's own schema together
  with the other levers (:func:`check_lever`); a refused value leaves the settings as they were;
- the sidebar's seed box: an empty box is refused like any other bad seed (:func:`seed_problem`);
- the Compare tab's number of seeds (1 to ``MAX_SEEDS``, :func:`parse_n_seeds`) and last year
  (after the start year, within the horizon both scenarios accept, :func:`parse_end_year`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from nqpf.dashboards.ensemble import MAX_SEEDS
from nqpf.dashboards.i18n import Lang, t, value_label
from nqpf.dashboards.levers import Lever, coerce, get_path, levers
from nqpf.dashboards.param_text import lever_label, param_unit
from nqpf.dashboards.simulation import Settings, load_scenario, parse_seed, scenario_path
from nqpf.sim.config import Scenario, ScenarioError, iter_params
from nqpf.sim.config.scenario import MAX_YEARS, MAX_YEARS_TEXTBOOK

_WHOLE_NUMBER = re.compile(r"[0-9]+")


def _lever(path: str) -> Lever:
    for lever in levers():
        if lever.path == path:
            return lever
    raise KeyError(f"{path!r} is not a lever")


def lever_range(lever: Lever, lang: Lang) -> str:
    """A lever's allowed range as shown (``>= 0 and <= 0.3 [1/year]``; ``且`` in Chinese)."""
    if not lever.bounds:
        return ""
    bounds = lever.bounds.replace(" and ", " 且 ") if lang == "zh" else lever.bounds
    unit = param_unit(lever.unit, lang)
    return bounds + (f" [{unit}]" if unit else "")


def lever_value_text(lever: Lever, value: Any, lang: Lang, unit: bool = False) -> str:
    """A lever's value as its control shows it: a switch's on/off (开/关), a menu choice by its
    label, a number with up to four significant digits (and the lever's unit when ``unit``);
    never a Python literal (``False``, ``'mixed'``)."""
    if lever.kind == "bool":
        return t("on" if value else "off", lang)
    if lever.kind == "choice":
        return value_label(str(value), lang)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{int(round(number))}" if lever.kind == "int" else f"{number:.4g}"
    shown = param_unit(lever.unit, lang) if unit else ""
    return f"{text} {shown}".strip()


def _within(lever: Lever, value: Any) -> bool:
    """Whether a numeric lever's value lies within the schema's inclusive bounds."""
    if lever.kind not in ("float", "int"):
        return True
    if not math.isfinite(float(value)):
        return False
    return (lever.lower is None or value >= lever.lower) and (
        lever.upper is None or value <= lever.upper
    )


def check_lever(settings: Settings, path: str, value: Any) -> tuple[Settings, str | None]:
    """``settings`` with lever ``path`` set to ``value`` (as the field's type), and None; or
    ``settings`` unchanged and the reason the value is refused: ``""`` when it is outside the
    lever's bounds, else the first line of the model's message (a value refused together with
    the other settings).

    The dashboard's settings only ever hold values that build, so that a refused value cannot
    stay behind and make every later change fail with it.
    """
    lever = _lever(path)
    try:
        value = coerce(lever, value)
    except (TypeError, ValueError, OverflowError):
        return settings, ""
    if not _within(lever, value):
        return settings, ""
    candidate = settings.with_lever(path, value)
    try:
        load_scenario(candidate)
    except ScenarioError as exc:
        return settings, str(exc).splitlines()[0]
    return candidate, None


def lever_message(path: str, value: Any, reason: str, settings: Settings, lang: Lang) -> str:
    """The message of a refused lever value: the lever, the value, the allowed range (or the
    model's reason) and the value the run keeps."""
    lever = _lever(path)
    kept = dict(settings.levers).get(path)
    if kept is None:
        try:
            kept = get_path(load_scenario(settings), path)
        except ScenarioError:
            kept = lever.default
    label = lever_label(path, lang)
    key = "lever_refused" if not reason else "lever_rejected"
    return t(key, lang).format(
        lever=label,
        value=value,
        range=lever_range(lever, lang),
        reason=reason,
        kept=lever_value_text(lever, kept, lang),
    )


def _refused(text: str, lang: Lang) -> str:
    """``'abc' is not used`` or ``the box is empty``."""
    return t("input_refused", lang).format(text=text) if text else t("input_empty", lang)


def seed_problem(text: str | None, seed: int, lang: Lang) -> str:
    """The message under the seed box when ``text`` is not a seed ("" when it is one); ``seed``
    is the seed the run keeps."""
    text = (text or "").strip()
    if parse_seed(text) is not None:
        return ""
    kept = t("seed_kept", lang) if text else t("seed_empty", lang)
    return t("seed_error", lang) + " " + kept.format(text=text, seed=seed)


def parse_n_seeds(text: str | None, lang: Lang) -> tuple[int | None, str]:
    """The Compare tab's number of seeds per scenario, a whole number 1..``MAX_SEEDS``; or None
    and the message naming the field and the range."""
    text = (text or "").strip()
    if _WHOLE_NUMBER.fullmatch(text) and 1 <= int(text) <= MAX_SEEDS:
        return int(text), ""
    return None, t("n_seeds_error", lang).format(max=MAX_SEEDS, refused=_refused(text, lang))


def end_year_range(a: str, b: str) -> tuple[int, int, int]:
    """``(start, first, last)``: the later start year of scenarios ``a`` and ``b`` and the
    range of last years both accept, from the year after the start (the summary window needs
    a simulated year after the start) to the end of the horizon (``MAX_YEARS`` years, or
    ``MAX_YEARS_TEXTBOOK`` in textbook mode, within the schema's bounds of ``world.end_year``)."""
    info = dict(iter_params(Scenario))["world.end_year"]
    upper = 3000
    for meta in info.metadata:
        upper = int(getattr(meta, "le", None) or upper)
    start, last = 0, upper
    for key in (a, b):
        try:
            scenario = Scenario.load(scenario_path(key))
        except ScenarioError:  # the run names the file's problem
            continue
        limit = MAX_YEARS if scenario.economy.enabled else MAX_YEARS_TEXTBOOK
        start = max(start, scenario.world.start_year)
        last = min(last, scenario.world.start_year + limit)
    start = start or int(dict(iter_params(Scenario))["world.start_year"].default)
    return start, start + 1, last


def parse_end_year(
    text: str | None, years: tuple[int, int, int], lang: Lang
) -> tuple[int | None, str]:
    """The Compare tab's last year: None for an empty box (the scenarios' own end year), a year
    within ``years`` (from :func:`end_year_range`); or None and the message naming the field
    and the range."""
    text = (text or "").strip()
    if not text:
        return None, ""
    start, first, last = years
    if _WHOLE_NUMBER.fullmatch(text) and first <= int(text) <= last:
        return int(text), ""
    message = t("end_year_error", lang).format(
        first=first, last=last, start=start, refused=_refused(text, lang)
    )
    return None, message

"""The per-session state of the dashboard and the actions on it (reset, step, play).

``use_app_state`` is a hook: it creates the state inside the page component, so every browser
session (every Solara virtual kernel) gets its own reactive values and its own model. Nothing
here is a module-level variable holding a model.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, replace
from typing import Any

import solara

from nqpf.dashboards.ensemble import DEFAULT_SEEDS
from nqpf.dashboards.i18n import Message
from nqpf.dashboards.inputs import check_lever
from nqpf.dashboards.simulation import (
    DEFAULT_SCENARIO,
    Settings,
    Simulation,
    Snapshot,
    scenario_choices,
)
from nqpf.sim.config import ScenarioError

COMPARE_TAB = 3
"""Index of the Compare tab."""
MAP_TAB = 0
"""Index of the Map tab (where an opened front point is run)."""


@dataclass(frozen=True)
class PolicyView:
    """The policy page's choices: a search folder, the chosen front point and the axes."""

    folder: str = ""
    point: int | None = None
    x: str | None = None
    y: str | None = None


@dataclass(frozen=True)
class CompareSettings:
    """The comparison page's choices: two scenario keys and the last simulated year."""

    a: str
    b: str
    end_year: int | None = None
    n_seeds: int = DEFAULT_SEEDS
    """Seeds per scenario (common to both)."""


@dataclass(frozen=True, eq=False)
class AppState:
    """Reactive values of one session (see the module docstring)."""

    lang: solara.Reactive[str]
    settings: solara.Reactive[Settings]
    snap: solara.Reactive[Snapshot | None]
    error: solara.Reactive[str | None]
    playing: solara.Reactive[bool]
    speed: solara.Reactive[float]
    selected: solara.Reactive[str | None]
    indicator: solara.Reactive[str]
    priority_industry: solara.Reactive[str | None]
    tab: solara.Reactive[int]
    compare: solara.Reactive[CompareSettings]
    compare_result: solara.Reactive[tuple[Any, str, tuple, tuple] | None]
    """The last ensemble: (statistics, the equivalent ``nqpf compare`` command, the levers,
    the regional tables of A and B averaged over the seeds)."""
    compare_error: solara.Reactive[str]
    compare_texts: solara.Reactive[tuple[str, str] | None]
    """What the Compare tab's Last year and Seeds boxes hold (None: the compare settings' values);
    a text is used only once valid, and kept while the tab is redrawn (another language)."""
    compare_request: solara.Reactive[Any]
    """The comparison asked for (compare settings, sidebar settings), run by the Compare tab."""
    compare_done: Any
    """A ``reacton`` ref to the request whose result is shown (a remounted tab does not rerun)."""
    notice: solara.Reactive[tuple[str, ...]]
    """Problems with settings read from the page's address, a settings file or a policy-search
    point (:class:`~nqpf.dashboards.i18n.Message`: shown in the page's language)."""
    guide_open: solara.Reactive[bool]
    """Whether the guided first run is shown (the browser opens it on a first visit)."""
    guide_step: solara.Reactive[int]
    compare_map: solara.Reactive[Any]
    """The Compare tab's maps: (indicator, year or None for the last, "sides" or "difference")."""
    policy: solara.Reactive[PolicyView]
    """The policy-search page's folder, point and axes (kept while another tab is shown)."""
    lever_refusal: solara.Reactive[tuple[Settings, str, Any, str] | None]
    """The last lever value refused: (the settings it was refused in, lever path, value,
    reason: "" outside the bounds, else the model's message); shown while those settings hold."""
    sim_ref: Any
    """A ``reacton`` ref to the session's :class:`Simulation` (a mutable model, not rendered)."""
    lock: threading.Lock

    @property
    def sim(self) -> Simulation | None:
        return self.sim_ref.current

    def rebuild(self, settings: Settings | None = None) -> None:
        """Build a new model (Reset): from ``settings`` or the current ones.

        A failure (a bad scenario file, a model error) is shown on the page and the previous
        run is kept, with its settings: the settings go back to those of the model that runs.
        The settings are what the levers' labels, the address, the Compare tab and every later
        change start from; left holding a value the model refuses, every later change would
        carry it along and fail again with the same message while the old model kept running.
        """
        settings = settings or self.settings.value
        self.playing.set(False)
        problem = None
        with self.lock:
            try:
                sim = Simulation.build(settings)
            except (ScenarioError, ValueError) as exc:
                problem = str(exc)
            except Exception as exc:  # noqa: BLE001 - a model error is shown, the page lives on
                traceback.print_exc()
                problem = f"{type(exc).__name__}: {exc}"
            else:
                self.sim_ref.current = sim
        if problem is not None:
            self._build_failed(problem, settings)
            return
        self.error.set(None)
        self.snap.set(sim.snapshot())

    def needs_build(self, settings: Settings) -> bool:
        """Whether ``settings`` differ from those of the running model (none yet: True)."""
        sim = self.sim
        return sim is None or sim.settings != settings

    def _build_failed(self, message: str, settings: Settings) -> None:
        """Show why ``settings`` did not build; go back to the running model's settings."""
        sim = self.sim
        if sim is not None and sim.settings != settings:
            message = Message("error_settings_kept", detail=message)
            self.settings.set(sim.settings)
        self.error.set(message)

    def set_lever(self, path: str, value: Any) -> bool:
        """Set a lever if the model accepts the value with the other settings (the run then
        restarts); else keep the settings and say why (True when the value is applied)."""
        current = self.settings.value
        settings, reason = check_lever(current, path, value)
        if reason is not None:
            self.lever_refusal.set((current, path, value, reason))
            return False
        self.lever_refusal.set(None)
        self.settings.set(settings)
        return True

    def step(self) -> Snapshot | None:
        """Advance one year and publish the new snapshot (None without a model)."""
        sim = self.sim
        if sim is None:
            return None
        try:
            snap = sim.step()
        except Exception as exc:  # noqa: BLE001 - numerical trouble is reported, not raised
            traceback.print_exc()
            self.playing.set(False)
            self.error.set(f"{type(exc).__name__}: {exc}")
            return None
        self.snap.set(snap)
        return snap

    def play_loop(self, cancel: threading.Event) -> None:
        """Step while playing, at ``speed`` years per second, until the end year or a cancel."""
        while not cancel.is_set() and self.playing.value:
            t0 = time.perf_counter()
            snap = self.step()
            if snap is None or snap.finished:
                self.playing.set(False)
                return
            delay = 1.0 / max(float(self.speed.value), 0.1) - (time.perf_counter() - t0)
            if delay > 0:
                cancel.wait(delay)

    def run_lesson(self, a: str, b: str) -> None:
        """Compare ``a`` and ``b`` on the sidebar's seeds and levers, on the Compare tab."""
        self.compare.set(replace(self.compare.value, a=a, b=b, end_year=None))
        self.compare_texts.set(None)  # the boxes show what runs
        self.compare_request.set((self.compare.value, self.settings.value))
        self.tab.set(COMPARE_TAB)

    def set_settings(self, **changes: Any) -> None:
        """Change scenario, seed or levers; the run restarts from the start year."""
        self.settings.set(replace(self.settings.value, **changes))


def default_compare(keys: list[str]) -> CompareSettings:
    """Tailored against herding when both are shipped, else the first two scenarios."""
    if "tailored" in keys and "herding" in keys:
        return CompareSettings("tailored", "herding")
    first = keys[0] if keys else DEFAULT_SCENARIO
    return CompareSettings(first, keys[1] if len(keys) > 1 else first)


def use_app_state() -> AppState:
    """Create (once per session) and return the dashboard's state."""
    from nqpf.dashboards.share import settings_from_query

    keys = solara.use_memo(lambda: list(scenario_choices()), [])
    start = DEFAULT_SCENARIO if DEFAULT_SCENARIO in keys else (keys[0] if keys else "")
    router = solara.use_router()
    # a shared link (?scenario=...&seed=...&set=...) opens its run; the address is read once
    initial, problems = solara.use_memo(
        lambda: settings_from_query(router.search, Settings(start)), []
    )
    lang = solara.use_reactive("zh" if "lang=zh" in (router.search or "") else "en")
    settings = solara.use_reactive(initial)
    notice = solara.use_reactive(tuple(problems))
    compare_request = solara.use_reactive(None)
    compare_done = solara.use_ref(None)
    snap = solara.use_reactive(None)
    error = solara.use_reactive(None)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(2.0)
    selected = solara.use_reactive(None)
    indicator = solara.use_reactive("gdp_per_capita")
    priority_industry = solara.use_reactive(None)
    tab = solara.use_reactive(0)
    compare = solara.use_reactive(default_compare(keys))
    compare_result = solara.use_reactive(None)
    compare_error = solara.use_reactive("")
    compare_texts = solara.use_reactive(None)
    guide_open = solara.use_reactive(False)
    guide_step = solara.use_reactive(0)
    compare_map = solara.use_reactive(("gdp_per_capita", None, "sides"))
    policy = solara.use_reactive(PolicyView())
    lever_refusal = solara.use_reactive(None)
    sim_ref = solara.use_ref(None)
    return solara.use_memo(
        lambda: AppState(
            lang=lang,
            settings=settings,
            snap=snap,
            error=error,
            playing=playing,
            speed=speed,
            selected=selected,
            indicator=indicator,
            priority_industry=priority_industry,
            tab=tab,
            compare=compare,
            compare_result=compare_result,
            compare_error=compare_error,
            compare_texts=compare_texts,
            notice=notice,
            compare_request=compare_request,
            compare_done=compare_done,
            guide_open=guide_open,
            guide_step=guide_step,
            compare_map=compare_map,
            policy=policy,
            lever_refusal=lever_refusal,
            sim_ref=sim_ref,
            lock=threading.Lock(),
        ),
        [],
    )

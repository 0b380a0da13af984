"""The dashboard in a real browser: headless Chromium driven by Playwright.

A module fixture starts ``nqpf ui`` on a free localhost port, with Solara's CDN pointed at an
unreachable address, so the page can only work from the locally installed front-end files; every
request the page makes to another host is blocked and recorded. Screenshots go to
``test-artifacts/ui/``; with ``NQPF_UI_SCREENSHOTS=docs/ui`` they are also written there (the
pictures in ``docs/ui.md``). The time from pressing Step to the redrawn page is measured with the
browser's clock and written to ``test-artifacts/ui_timing.json`` (reported, not asserted).

Chromium comes from the system (``apt-get install chromium``); Playwright's own browser download
is never used.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from nqpf.dashboards.serve import free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1500, "height": 1000}
TIMEOUT_MS = 30_000
# Widgets update in separate messages: checks of what the page shows retry until it shows it.
expect.set_options(timeout=TIMEOUT_MS)


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def server():
    """``nqpf ui`` on a free port, offline; yields the base URL, stops the server after."""
    port = free_port()
    env = dict(os.environ)
    env["SOLARA_ASSETS_CDN"] = "http://127.0.0.1:9/"  # a cache miss cannot reach the internet
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "ui_server.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nqpf.sim.cli",
            "ui",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--no-open",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"nqpf ui exited with {proc.returncode}; see {ARTIFACTS / 'ui_server.log'}"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nqpf ui did not answer within 90 s")
            time.sleep(0.3)
        yield url
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"{CHROMIUM} not found: install Debian's Chromium "
            "(apt-get install chromium fonts-noto-cjk; .ci/run does this)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI the browser tests must run
        pytest.skip(message)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """One browser context on the dashboard, recording requests that leave localhost."""

    def __init__(
        self, browser, url: str, viewport: dict | None = None, guide_seen: bool = True
    ) -> None:
        self.context = browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True)
        self.context.set_default_timeout(TIMEOUT_MS)
        if guide_seen:  # not a first visit: the guided first run stays closed
            self.context.add_init_script(
                "try { localStorage.setItem('nqpf-guide-seen', '1'); } catch (e) {}"
            )
        self.external: list[str] = []
        self.failed: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))
        self.page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        self.page.goto(url)
        self.page.wait_for_selector(".nqpf-year")
        self.page.wait_for_selector("[data-region]")  # provinces, or circles (textbook)

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def year(self) -> int:
        return int(re.search(r"(\d{4})", self.page.inner_text(".nqpf-year")).group(1))

    def wait_year(self, year: int) -> None:
        self.page.wait_for_function(
            "y => (document.querySelector('.nqpf-year') || {}).textContent.includes(String(y))",
            arg=year,
        )

    def step(self) -> None:
        year = self.year()
        self.page.click(".nqpf-step")
        self.wait_year(year + 1)

    def tab(self, name: str) -> None:
        self.page.click(f".nqpf-tab-{name}")
        self.settle()

    def settle(self) -> None:
        """Wait until Vuetify's tab and menu transitions have finished (for screenshots)."""
        self.page.wait_for_function(
            "() => !document.querySelector('.v-window__container--is-active, "
            ".menuable__content__active, .v-menu-transition-leave-active')"
        )
        self.page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def select(self, css: str, text: str) -> None:
        """Choose the item ``text`` (exactly) of the Vuetify menu of ``css``.

        A menu opened while the page below it is still laid out again (a long result arriving)
        can close or be redrawn before its item is clicked: then it is opened again, twice at
        most."""
        item = self.page.locator(".menuable__content__active .v-list-item").filter(
            has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")
        )
        for attempt in range(3):
            self.page.click(f"{css} .v-select__slot")
            try:
                self._scroll_to(item)
                item.first.click(timeout=TIMEOUT_MS // 3 if attempt < 2 else TIMEOUT_MS)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")

    def _scroll_to(self, item) -> None:  # noqa: ANN001 - a Playwright locator
        """Scroll the open menu down, as a user would, until ``item`` is drawn: a Vuetify
        select draws its first 20 items and 20 more each time its list is scrolled to the end."""
        menu = self.page.locator(".menuable__content__active").first
        for _ in range(10):
            if item.count():
                return
            menu.evaluate("el => { el.scrollTop = el.scrollHeight; }")
            try:
                item.first.wait_for(state="attached", timeout=1_000)
            except PlaywrightTimeout:
                continue

    def fills(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "path[data-region]", "els => els.map(e => e.getAttribute('fill'))"
        )

    def shot(self, name: str, height: int | None = None, clip: dict | None = None) -> None:
        """Save a screenshot; ``height`` makes the window that tall for it (long pages),
        ``clip`` keeps a part of the page (x, y, width, height)."""
        if height:
            self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        self.settle()
        path = ARTIFACTS / "ui" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), clip=clip)
        if height:
            self.page.set_viewport_size(VIEWPORT)
        docs = os.environ.get("NQPF_UI_SCREENSHOTS")
        if docs:
            target = ROOT / docs / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser, server):
    s = Session(browser, server)
    yield s
    s.close()
    assert s.console == [], f"browser console errors: {s.console}"


def _points(page, css: str, panel: str) -> int:
    return int(page.get_attribute(f".{css} [data-panel='{panel}']", "data-points"))


# ------------------------------------------------------------------------------ tests
def test_page_loads_offline(session):
    page = session.page
    assert session.year() == 2023
    assert page.locator("path[data-region]").count() == 31
    assert "outlines are indicative" in page.inner_text(".nqpf-map-note")
    assert "Question:" in page.inner_text(".nqpf-question")
    # one slider or switch per lever of the schema, each with its unit
    from nqpf.dashboards.levers import levers

    assert page.locator(".nqpf-lever").count() == len(levers())
    assert "share of GDP" in page.inner_text(".nqpf-lever-solow-saving_rate")
    session.shot("map")
    assert session.external == [], f"requests left localhost: {session.external}"
    assert session.failed == [], f"failed requests: {session.failed}"


def test_step_advances_year_and_redraws(session):
    page = session.page
    before = session.fills()
    session.step()
    assert session.year() == 2024
    # the map is redrawn for the new year (its colours arrive in their own widget message)
    page.wait_for_function(
        "old => Array.from(document.querySelectorAll('path[data-region]'))"
        ".map(e => e.getAttribute('fill')).join() !== old.join()",
        arg=before,
    )
    assert len(session.fills()) == 31
    session.tab("national")
    page.wait_for_selector(".nqpf-national [data-panel='gdp']")
    assert _points(page, "nqpf-national", "gdp") == 2
    gdp_2024 = page.get_attribute(".nqpf-national [data-panel='gdp']", "data-last")
    # time from pressing Step to the redrawn charts, by the browser's clock
    timings = []
    for k in range(5):
        expected = 3 + k
        page.evaluate(
            "() => { window.__t0 = performance.now(); "
            "document.querySelector('.nqpf-step').click(); }"
        )
        page.wait_for_function(
            """n => { const p = document.querySelector(".nqpf-national [data-panel='gdp']");
                      if (p && p.getAttribute('data-points') == String(n)) {
                        window.__t1 = performance.now(); return true; }
                      return false; }""",
            arg=expected,
            polling="raf",
        )
        timings.append(page.evaluate("() => window.__t1 - window.__t0"))
    session.wait_year(2029)  # 2024 + five steps
    assert page.get_attribute(".nqpf-national [data-panel='gdp']", "data-last") != gdp_2024
    session.shot("national")
    session.tab("map")
    page.wait_for_selector("path[data-region]")
    map_times = []
    for _ in range(3):
        old = session.fills()
        page.evaluate(
            "() => { window.__t0 = performance.now(); "
            "document.querySelector('.nqpf-step').click(); }"
        )
        page.wait_for_function(
            """old => { const f = Array.from(document.querySelectorAll('path[data-region]'))
                          .map(e => e.getAttribute('fill'));
                        if (f.length && f.join() !== old.join()) {
                          window.__t1 = performance.now(); return true; }
                        return false; }""",
            arg=old,
            polling="raf",
        )
        map_times.append(page.evaluate("() => window.__t1 - window.__t0"))
    result = {
        "scenario": "baseline (china31, 31 provinces)",
        "seed": 0,
        "national_tab_step_ms": timings,
        "map_tab_step_ms": map_times,
        "national_tab_median_ms": statistics.median(timings),
        "map_tab_median_ms": statistics.median(map_times),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ui_timing.json").write_text(json.dumps(result, indent=2))
    print(
        f"\nstep + redraw (browser clock): national tab median "
        f"{result['national_tab_median_ms']:.0f} ms, map tab median "
        f"{result['map_tab_median_ms']:.0f} ms"
    )


def test_industry_panel_and_csv_export(session):
    page = session.page
    for _ in range(4):
        session.step()
    session.tab("industries")
    page.wait_for_selector(".nqpf-industries [data-panel='capacity_vs_demand']")
    assert _points(page, "nqpf-industries", "capacity_vs_demand") == 15
    for panel in ("capacity_utilization", "price", "n_regions_prioritizing"):
        assert _points(page, "nqpf-industries", panel) == 15
    for panel in ("price_history", "n_regions_prioritizing_history"):
        assert _points(page, "nqpf-industry-prices", panel) == 5  # 2023-2027
    session.shot("industries", height=1500)
    session.tab("national")
    page.wait_for_selector(".nqpf-export-national button")
    with page.expect_download() as download:
        page.click(".nqpf-export-national button")
    rows = list(
        csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")))
    )
    assert [int(r["year"]) for r in rows] == list(range(2023, 2028))
    assert all(float(r["gdp"]) > 0 for r in rows)


def test_scenario_picker_loads_another_scenario(session):
    page = session.page
    session.step()
    assert session.year() == 2024
    session.select(".nqpf-scenario", "Herding (herding)")
    page.wait_for_function(
        "() => document.querySelector('.nqpf-question').textContent"
        ".includes('copies the leading regions')"
    )
    session.wait_year(2023)  # a new model from the start year
    session.select(".nqpf-indicator", "Strategy of the local government")
    page.wait_for_selector(".nqpf-map-legend >> text=herding")
    legend = page.inner_text(".nqpf-map-legend")
    assert "herding" in legend and "mixed" not in legend  # every government herds
    session.select(".nqpf-indicator", "Main priority industry")
    legend = page.locator(".nqpf-map-legend")
    expect(legend).to_contain_text("different among 31 regions")
    kinds = int(re.search(r"(\d+) different among", legend.inner_text()).group(1))
    assert kinds <= 5  # herders crowd into a few hot industries (tailored plans: about 10)
    session.shot("map_main_priority")
    session.select(".nqpf-indicator", "Priority industries")
    page.wait_for_selector(".nqpf-priority-industry")
    expect(page.locator(".nqpf-map-legend")).to_contain_text("regions)")
    page.hover("path[data-region='Hubei']")
    page.wait_for_selector(".nqpf-map-tooltip >> text=Hubei")
    session.shot("map_priorities")


def test_click_province_opens_inspector(session):
    page = session.page
    page.click("path[data-region='Guangdong']")
    page.wait_for_selector(".nqpf-inspector-title")
    expect(page.locator(".nqpf-inspector-title")).to_contain_text("Guangdong")
    for section in ("Local government", "Firms by industry", "University", "Finances", "Talent"):
        expect(page.locator(".nqpf-inspector")).to_contain_text(section)
    expect(page.locator(".nqpf-firms tbody tr").first).to_be_visible()
    expect(page.locator(".nqpf-fit [data-panel='fit']")).to_have_count(1)
    expect(page.locator("path[data-region='Guangdong']")).to_have_attribute("stroke", "#111")
    session.shot("inspector")
    session.shot("inspector_full", height=2300)
    page.click(".nqpf-inspector-close")
    page.wait_for_selector(".nqpf-inspector-title", state="detached")


def test_language_switch_changes_labels(session):
    page = session.page
    assert "Map and regions".upper() in page.inner_text(".nqpf-tab-map").upper()
    page.click(".nqpf-lang-zh")
    page.wait_for_selector(".nqpf-tab-map >> text=地图与地区")
    expect(page.locator(".nqpf-step")).to_contain_text("单步")
    expect(page.locator(".nqpf-year")).to_contain_text("年份")
    expect(page.locator(".nqpf-map-legend")).to_contain_text("人均GDP")
    expect(page.locator(".nqpf-lever-solow-saving_rate")).to_contain_text("储蓄率")
    expect(page.locator(".nqpf-lever-solow-saving_rate")).to_contain_text("占GDP比重")
    page.click("path[data-region='Sichuan']")
    page.wait_for_selector(".nqpf-inspector-title >> text=四川")
    session.shot("chinese")
    page.click(".nqpf-lang-en")
    page.wait_for_selector(".nqpf-tab-map >> text=Map and regions")
    expect(page.locator(".nqpf-step")).to_contain_text(re.compile("step", re.I))


def test_comparison_page_renders_both_runs(session):
    page = session.page
    session.tab("compare")
    page.wait_for_selector(".nqpf-compare-run")
    assert page.input_value(".nqpf-compare-seeds input") == "8"  # the default ensemble
    page.fill(".nqpf-compare-end input", "2028")
    page.press(".nqpf-compare-end input", "Enter")
    page.click(".nqpf-compare-run")
    page.wait_for_selector(".nqpf-compare-summary", timeout=120_000)
    page.wait_for_selector(".nqpf-compare-run:not([disabled])", timeout=120_000)
    summary = page.inner_text(".nqpf-compare-summary")
    assert "tailored" in summary and "herding" in summary and "2023-2028" in summary
    assert "8 seeds" in summary and "2024-2028" in summary  # nqpf compare's window, clipped
    assert "no lever changed" in page.inner_text(".nqpf-compare-levers")
    assert "nqpf compare scenarios/tailored.toml" in page.inner_text(".nqpf-compare-command")
    gdp = page.locator(".nqpf-compare-levels [data-panel='gdp']")
    expect(gdp.locator("path[fill='none']")).to_have_count(2)  # the mean paths of A and B
    expect(gdp.locator("path[fill-opacity]")).to_have_count(2)  # their 90 % bands
    expect(gdp).to_have_attribute("data-points", "6")
    expect(gdp).to_contain_text("mean of 8 seeds")
    diff = page.locator(".nqpf-compare-diffs [data-panel='gdp_diff']")
    expect(diff.locator("path[fill-opacity]")).to_have_count(1)  # the 95 % interval
    expect(page.locator(".nqpf-compare-table tbody tr").nth(4)).to_be_visible()  # >= 5 rows
    session.shot("compare", height=1700)
    with page.expect_download() as download:  # the summary, as nqpf compare's summary.csv
        page.click(".nqpf-export-compare button")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["indicator"] for r in rows} >= {"gdp", "npl_ratio", "similarity_index"}
    assert all(r["n_seeds"] == "8" and r["window_first"] == "2024" for r in rows)


def test_compare_uses_the_sidebar_levers(session):
    page = session.page
    session.select(".nqpf-lever-strategy-mode", "tournament")
    session.wait_year(2023)
    session.tab("compare")
    page.fill(".nqpf-compare-end input", "2025")
    page.press(".nqpf-compare-end input", "Enter")
    expect(page.locator(".nqpf-compare-levers")).to_contain_text("Local strategy = tournament")
    page.click(".nqpf-compare-run")
    page.wait_for_selector(".nqpf-compare-command", timeout=120_000)
    assert "--set 'strategy.mode=\"tournament\"'" in page.inner_text(".nqpf-compare-command")


def test_two_sessions_do_not_share_state(browser, server):
    first = Session(browser, server)
    second = None
    try:
        first.step()
        first.step()
        assert first.year() == 2025
        second = Session(browser, server)
        assert second.year() == 2023  # a fresh model, not the first user's
        second.step()
        assert second.year() == 2024
        first.page.wait_for_timeout(300)
        assert first.year() == 2025
        first.page.click("path[data-region='Beijing']")
        first.page.wait_for_selector(".nqpf-inspector-title")
        assert second.page.locator(".nqpf-inspector-title").count() == 0
    finally:
        first.close()
        if second is not None:
            second.close()


def test_play_and_pause(session):
    page = session.page
    expect(page.locator(".nqpf-speed")).to_contain_text("2 years/s")
    page.click(".nqpf-play")
    session.wait_year(2025)  # Play keeps stepping by itself
    page.click(".nqpf-play")  # now Pause
    page.wait_for_selector(".nqpf-play >> text=Play")
    clicked = session.year()
    page.wait_for_timeout(1500)  # a step already running when Pause was clicked still ends
    paused = session.year()
    assert paused - clicked <= 1, (clicked, paused)
    page.wait_for_timeout(1500)  # at 2 years/s a running loop would have stepped meanwhile
    assert session.year() == paused
    assert "PLAY" in page.inner_text(".nqpf-play").upper()


def test_play_to_the_end_shows_the_same_year_everywhere(browser, server):
    s = Session(browser, server)
    try:
        page = s.page
        page.focus(".nqpf-speed .v-slider__thumb-container")
        page.keyboard.press("End")  # 10 years per second
        expect(page.locator(".nqpf-speed")).to_contain_text("10 years/s")
        page.click(".nqpf-play")
        expect(page.locator(".nqpf-run-status")).to_contain_text("End year reached", timeout=90_000)
        status = re.search(r"(\d{4})", page.inner_text(".nqpf-run-status")).group(1)
        expect(page.locator(".nqpf-year")).to_contain_text(status)  # the top bar agrees
    finally:
        s.close()
    assert s.console == [], s.console


def test_bad_seed_is_refused_with_a_message(session):
    page = session.page
    session.step()
    for bad in ("-5", "abc"):
        page.fill(".nqpf-seed input", bad)
        page.press(".nqpf-seed input", "Enter")
        error = page.locator(".nqpf-seed-error")
        expect(error).to_contain_text(f"'{bad}' is not used; the run keeps seed 0")
        expect(error).to_contain_text("whole number from 0 to 4294967295")
        expect(page.locator(".nqpf-seed.error--text")).to_have_count(1)  # the box turns red
        assert session.year() == 2024  # the run goes on with the last valid seed
    page.fill(".nqpf-seed input", "")  # an empty box is refused like any other bad seed
    page.press(".nqpf-seed input", "Enter")
    expect(page.locator(".nqpf-seed-error")).to_contain_text(
        "The box is empty; the run keeps seed 0"
    )
    expect(page.locator(".nqpf-seed.error--text")).to_have_count(1)
    assert session.year() == 2024
    page.fill(".nqpf-seed input", "7")
    page.press(".nqpf-seed input", "Enter")
    session.wait_year(2023)  # a valid seed builds a new model
    page.wait_for_selector(".nqpf-seed-error", state="detached")


def test_strategy_switch_changes_the_outcome_and_disables_the_propensity(session):
    page = session.page
    session.tab("national")

    def gdp_after_two_steps() -> str:
        session.step()
        session.step()
        panel = page.locator(".nqpf-charts [data-panel='gdp']").first
        expect(panel).to_have_attribute("data-points", "3")
        return panel.get_attribute("data-last")

    mixed = gdp_after_two_steps()
    propensity = ".nqpf-lever-strategy-herding_propensity"
    assert page.locator(f"{propensity} .nqpf-lever-reason").count() == 0
    session.select(".nqpf-lever-strategy-mode", "tailored to local conditions")
    session.wait_year(2023)
    expect(page.locator(f"{propensity} .nqpf-lever-reason")).to_contain_text(
        "only mixed and tournament governments use a propensity"
    )
    tailored = gdp_after_two_steps()
    assert tailored != mixed  # the strategy changes the economy


def test_lever_change_restarts_the_run(session):
    page = session.page
    session.step()
    lever = ".nqpf-lever-strategy-herding_propensity"
    assert "0.35" in page.inner_text(lever)
    page.focus(f"{lever} .v-slider__thumb-container")
    page.keyboard.press("ArrowRight")  # one step of 0.01; the slider applies it on release
    page.wait_for_selector(f"{lever} >> text=0.36")
    session.wait_year(2023)  # the changed scenario starts again from its first year
    expect(page.locator(".nqpf-restore-levers")).to_have_count(1)
    page.locator(lever).scroll_into_view_if_needed()
    session.shot("levers")
    page.click(".nqpf-restore-levers")
    page.wait_for_selector(f"{lever} >> text=0.35")
    page.wait_for_selector(".nqpf-restore-levers", state="detached")


def test_a_lever_key_past_the_slider_end_stays_in_range_and_later_changes_apply(session):
    """End then ArrowRight (Home then ArrowLeft) on a slider: Vuetify's change event carries
    the value one step past the end; it must stop at the bound, never reach the address, and
    the next lever change must rebuild the model."""
    page = session.page
    rate = ".nqpf-lever-finance-policy_rate"
    herding = ".nqpf-lever-strategy-herding_propensity"

    def query() -> str:
        return page.evaluate("() => decodeURIComponent(window.location.search)")

    page.focus(f"{rate} .v-slider__thumb-container")
    page.keyboard.press("End")
    page.wait_for_function(
        "() => decodeURIComponent(location.search).includes('finance.policy_rate=0.3')"
    )
    session.wait_year(2023)
    session.step()
    page.focus(f"{rate} .v-slider__thumb-container")
    page.keyboard.press("ArrowRight")  # one step past the upper bound 0.3
    page.focus(f"{herding} .v-slider__thumb-container")
    page.keyboard.press("ArrowRight")  # a valid change after it
    page.wait_for_function(
        "() => decodeURIComponent(location.search).includes('herding_propensity=0.36')"
    )
    session.wait_year(2023)  # the model was rebuilt with the new value
    assert re.search(r"finance\.policy_rate=0\.3(&|$)", query()), query()
    expect(page.locator(rate)).to_contain_text("0.3 1/year")
    assert page.locator(".nqpf-error").count() == 0
    page.focus(f"{rate} .v-slider__thumb-container")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")  # one step below the lower bound 0
    page.focus(f"{herding} .v-slider__thumb-container")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => decodeURIComponent(location.search).includes('herding_propensity=0.35')"
    )
    assert re.search(r"finance\.policy_rate=0\.0(&|$)", query()), query()
    assert page.locator(".nqpf-error").count() == 0
    session.tab("compare")
    expect(page.locator(".nqpf-compare-levers")).to_contain_text("Policy interest rate = 0.0,")


def test_compare_inputs_are_checked_before_the_run(session):
    """Bad seeds or last years are named at once, in the page's language, and Run both waits
    until every input is valid; nothing is clamped silently."""
    page = session.page
    session.tab("compare")
    run = page.locator(".nqpf-compare-run")
    problem = page.locator(".nqpf-compare-input-error")

    def enter(box: str, text: str) -> None:
        page.fill(f".nqpf-compare-{box} input", text)
        page.press(f".nqpf-compare-{box} input", "Enter")

    for bad in ("abc", "-5", "0", "99999999999", ""):
        enter("seeds", bad)
        refused = f"'{bad}' is not used" if bad else "the box is empty"
        expect(problem).to_contain_text(f"Seeds must be a whole number from 1 to 50; {refused}")
        expect(page.locator(".nqpf-compare-seeds.error--text")).to_have_count(1)
        expect(run).to_be_disabled()
        assert page.input_value(".nqpf-compare-seeds input") == bad  # not clamped
    enter("seeds", "2")
    expect(problem).to_have_count(0)
    expect(run).to_be_enabled()
    for bad in ("20x6", "-5", "1999", "2100", "2023"):
        enter("end", bad)
        expect(problem).to_contain_text(
            f"Last year must be a year from 2024 to 2083 (after the start year 2023), or empty "
            f"for the scenarios' own end year; '{bad}' is not used."
        )
        expect(page.locator(".nqpf-compare-end.error--text")).to_have_count(1)
        expect(run).to_be_disabled()
    page.click(".nqpf-lang-zh")
    expect(problem).to_contain_text("结束年份必须是 2024 到 2083 之间的年份")
    enter("seeds", "abc")  # both boxes wrong: both named
    expect(problem).to_have_count(2)
    expect(problem.nth(1)).to_contain_text("种子数必须是 1 到 50 之间的整数；“abc”未被采用")
    enter("seeds", "2")
    expect(problem).to_have_count(1)
    page.click(".nqpf-lang-en")
    expect(problem).to_contain_text("Last year must be")
    enter("end", "2025")
    expect(problem).to_have_count(0)
    expect(run).to_be_enabled()
    enter("end", "")  # empty: the scenarios' own end year
    expect(problem).to_have_count(0)
    expect(run).to_be_enabled()


def test_textbook_scenario_says_what_is_not_modelled(session):
    page = session.page
    session.select(".nqpf-scenario", "Textbook: Solow (textbook/solow)")
    session.wait_year(2000)
    page.wait_for_function("() => document.querySelectorAll('[data-region]').length === 1")
    page.click("[data-region='Solovia']")
    page.wait_for_selector(".nqpf-inspector-title >> text=Solovia")
    assert "Not modelled in this scenario" in page.inner_text(".nqpf-inspector")
    session.tab("industries")
    page.wait_for_selector(".nqpf-no-industries")
    assert "no industries" in page.inner_text(".nqpf-no-industries")


def test_the_lesson_button_answers_the_scenarios_question(session):
    page = session.page
    session.select(".nqpf-scenario", "Herding (herding)")
    session.wait_year(2023)
    session.tab("compare")
    page.fill(".nqpf-compare-seeds input", "2")  # a short ensemble for the test
    page.press(".nqpf-compare-seeds input", "Enter")
    expect(page.locator(".nqpf-run-lesson")).to_contain_text("Compare Tailored to local")
    page.click(".nqpf-run-lesson")
    page.wait_for_selector(".nqpf-lesson-findings", timeout=180_000)
    findings = page.inner_text(".nqpf-lesson-findings")
    assert "under herding than under tailored" in findings  # the headline, from the numbers
    assert "Industrial similarity index" in findings and "→" in findings  # the mechanism
    assert "A: tailored · B: herding · 2 seeds" in page.inner_text(".nqpf-compare-summary")
    session.shot("lesson", height=1400)


def test_a_shared_link_opens_its_run_and_the_address_follows_the_settings(browser, server):
    link = server + "?scenario=herding&seed=3&set=strategy.mode%3D%22mixed%22"
    s = Session(browser, link)
    try:
        page = s.page
        expect(page.locator(".nqpf-question")).to_contain_text("copies the leading regions")
        expect(page.locator(".nqpf-seed input")).to_have_value("3")
        expect(page.locator(".nqpf-lever-strategy-mode")).to_contain_text("mixed")
        assert (
            page.locator(".nqpf-lever-strategy-herding_propensity .nqpf-lever-reason").count() == 0
        )
        page.fill(".nqpf-seed input", "5")
        page.press(".nqpf-seed input", "Enter")
        page.wait_for_function("() => window.location.search.includes('seed=5')")
        assert "scenario=herding" in page.evaluate("() => window.location.search")
        expect(page.locator(".nqpf-share-query")).to_contain_text("seed=5")
    finally:
        s.close()
    assert s.console == [], s.console
    bad = Session(browser, server + "?scenario=nope&seed=abc")
    try:
        expect(bad.page.locator(".nqpf-notice")).to_contain_text("scenario 'nope' is unknown")
        expect(bad.page.locator(".nqpf-notice")).to_contain_text("seed 'abc'")
    finally:
        bad.close()


def test_chinese_page_frames_notices_and_tooltips_in_chinese(browser, server):
    """A link's problems are framed in Chinese with the technical detail as is; a lever's
    tooltip shows its default as the control does and marks the English source as English."""
    s = Session(browser, server + "?scenario=herding&seed=-1&set=finance.policy_rate%3D9&lang=zh")
    try:
        page = s.page
        notice = page.locator(".nqpf-notice")
        expect(notice).to_contain_text(
            "部分设置未被采用：随机种子 '-1' 必须是 0 到 4294967295 之间的整数；"
            "设置 'finance.policy_rate=9' 未被采用："
        )
        assert "must be a whole number" not in notice.inner_text()
        tip = page.locator(".v-tooltip__content.menuable__content__active")
        for lever, default, source in (
            ("technology-cooperation", "默认值：关", "来源（英文）：setting: a policy switch"),
            ("strategy-mode", "默认值：混合", "来源（英文）：setting: 'mixed' in the baseline"),
        ):
            page.hover(f".nqpf-lever-{lever} .v-icon")
            expect(tip).to_contain_text(default)
            expect(tip).to_contain_text(source)
            assert not re.search(r"False|True|默认值：mixed", tip.inner_text())
            page.screenshot(path=str(ARTIFACTS / "ui" / f"tooltip_zh_{lever}.png"))
            page.mouse.move(5, 5)
            expect(tip).to_have_count(0)
    finally:
        s.close()
    assert s.console == [], s.console


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_walk_through_every_shipped_scenario(browser, server, lang):
    """Each scenario's question, what to watch and lesson button in both languages (the
    walk-through pictures of docs/ui.md)."""
    from nqpf.dashboards.scenario_text import LESSON_PAIRS, SCENARIOS

    for key in SCENARIOS:
        s = Session(browser, f"{server}?scenario={key}" + ("&lang=zh" if lang == "zh" else ""))
        try:
            question = s.page.locator(".nqpf-question")
            expect(question).to_contain_text(SCENARIOS[key][2 if lang == "en" else 3][:20])
            if key in LESSON_PAIRS:
                expect(s.page.locator(".nqpf-run-lesson")).to_have_count(1)
            if lang == "zh":
                expect(s.page.locator(".nqpf-tab-map")).to_contain_text("地图与地区")
            s.shot(
                f"walk_{key.replace('/', '_')}_{lang}",
                clip={"x": 0, "y": 64, "width": 400, "height": 400},
            )
        finally:
            s.close()
        assert s.console == [], s.console


def _guide_geometry(page) -> dict:
    """The highlight's box, the card's box and the highlighted element's box (page pixels)."""
    return page.evaluate(
        """() => {
            const box = e => { const r = e.getBoundingClientRect();
                               return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
            const hl = document.querySelector('.nqpf-guide-highlight');
            const card = document.querySelector('.nqpf-guide-card');
            const target = hl && document.querySelector(hl.getAttribute('data-target'));
            return {highlight: hl && box(hl), card: card && box(card),
                    target: target && box(target),
                    selector: hl && hl.getAttribute('data-target')};
        }"""
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_guide_opens_on_first_visit_steps_and_reopens(browser, server, lang):
    """The guided first run: shown on a first visit, each step highlights the control it
    names, Back and Next move, Done closes it for good, the Guide button reopens it."""
    from nqpf.dashboards.guide_text import GUIDE_STEPS
    from nqpf.dashboards.i18n import t

    s = Session(browser, server + ("?lang=zh" if lang == "zh" else ""), guide_seen=False)
    try:
        page = s.page
        card = page.locator(".nqpf-guide-card")
        expect(card).to_be_visible()  # a first visit: the guide opens by itself
        n = len(GUIDE_STEPS)
        expect(page.locator(".nqpf-guide-counter")).to_have_text(
            t("guide_counter", lang).format(i=1, n=n)
        )
        expect(page.locator(".nqpf-guide-back")).to_be_disabled()
        for i, step in enumerate(GUIDE_STEPS):
            expect(page.locator(f".nqpf-guide-card[data-step='{i}']")).to_be_visible()
            expect(page.locator(".nqpf-guide-title")).to_have_text(
                t(f"guide_{step.key}_title", lang)
            )
            # the control the step names is highlighted, and the card stands beside it
            highlight = page.locator(".nqpf-guide-highlight")
            expect(highlight).to_have_attribute("data-target", step.target)
            expect(page.locator(step.target).first).to_be_visible()
            # the highlight is on the element and both it and the card have finished moving
            # (they slide for 0.2 s, and the tab's content slides in too: a card read mid-way
            # can overlap a highlight that already matches the still-moving element)
            page.wait_for_function(
                """() => { const h = document.querySelector('.nqpf-guide-highlight');
                           const c = document.querySelector('.nqpf-guide-card');
                           const e = h && document.querySelector(h.getAttribute('data-target'));
                           if (!e || !c) return false;
                           const a = h.getBoundingClientRect(), b = e.getBoundingClientRect();
                           const k = c.getBoundingClientRect();
                           const still = x => Math.abs(x.getBoundingClientRect().left
                                                       - parseFloat(x.style.left)) < 1
                                            && Math.abs(x.getBoundingClientRect().top
                                                        - parseFloat(x.style.top)) < 1;
                           return Math.abs(a.left + 5 - b.left) < 2
                               && Math.abs(a.top + 5 - b.top) < 2 && b.width > 0
                               && still(h) && still(c) && k.width > 0; }"""
            )
            geo = _guide_geometry(page)
            hl, box = geo["highlight"], geo["card"]
            overlap = not (
                box["l"] >= hl["r"]
                or box["r"] <= hl["l"]
                or box["t"] >= hl["b"]
                or box["b"] <= hl["t"]
            )
            assert not overlap, f"step {step.key}: the card covers the control it points at"
            if step.key in ("map", "chart"):  # the guide shows the tab the step talks about
                expect(page.locator(step.target).first).to_be_in_viewport()
            if step.key in ("scenario", "chart", "compare"):
                s.shot(f"guide_{step.key}_{lang}")
            if i == 2:  # one step back and forward again
                page.click(".nqpf-guide-back")
                expect(page.locator(".nqpf-guide-card[data-step='1']")).to_be_visible()
                page.click(".nqpf-guide-next")
                expect(page.locator(".nqpf-guide-card[data-step='2']")).to_be_visible()
            if i < n - 1:
                page.click(".nqpf-guide-next")
        expect(page.locator(".nqpf-guide-next")).to_have_count(0)
        page.click(".nqpf-guide-done")
        expect(card).to_have_count(0)
        page.reload()  # no longer a first visit: the guide stays closed
        page.wait_for_selector("[data-region]")
        page.wait_for_timeout(1000)
        expect(card).to_have_count(0)
        expect(page.locator(".nqpf-guide-open")).to_contain_text(t("help_guide", lang))
        page.click(".nqpf-guide-open")  # reopened from the top bar, at its first step
        expect(page.locator(".nqpf-guide-card[data-step='0']")).to_be_visible()
        page.click(".nqpf-guide-next")
        expect(page.locator(".nqpf-guide-card[data-step='1']")).to_be_visible()
        page.click(".nqpf-guide-close")
        expect(card).to_have_count(0)
    finally:
        s.close()
    assert s.console == [], s.console


def test_guide_in_a_narrow_window_stays_on_screen_and_beside_what_it_shows(browser, server):
    """900 x 700 pixels: the sidebar is folded away, so the steps that point into it show their
    card alone, in the window; the map, taller than the room below it, is pointed at by its upper
    part with the card beneath (before, the card covered the map and three cards stood partly off
    screen, pointing at controls left of the window)."""
    from nqpf.dashboards.guide_text import GUIDE_STEPS

    width, height = 900, 700
    s = Session(browser, server, viewport={"width": width, "height": height}, guide_seen=False)
    try:
        page = s.page
        alone = 0
        for i, step in enumerate(GUIDE_STEPS):
            expect(page.locator(f".nqpf-guide-card[data-step='{i}']")).to_be_visible()
            page.wait_for_timeout(600)  # the tab's content and the guide settle
            page.wait_for_function(
                """() => { const still = x => !x || (
                               Math.abs(x.getBoundingClientRect().left - parseFloat(x.style.left)) < 1
                               && Math.abs(x.getBoundingClientRect().top - parseFloat(x.style.top)) < 1);
                           return still(document.querySelector('.nqpf-guide-card'))
                               && still(document.querySelector('.nqpf-guide-highlight')); }"""
            )
            geo = _guide_geometry(page)
            box, hl = geo["card"], geo["highlight"]
            assert 0 <= box["l"] and box["r"] <= width and 0 <= box["t"] and box["b"] <= height, (
                step.key,
                box,
            )
            if hl is None:
                alone += 1
            else:
                assert (
                    box["l"] >= hl["r"]
                    or box["r"] <= hl["l"]
                    or box["t"] >= hl["b"]
                    or box["b"] <= hl["t"]
                ), f"step {step.key}: the card covers the control it points at"
            if i < len(GUIDE_STEPS) - 1:
                page.click(".nqpf-guide-next")
        assert 0 < alone < len(GUIDE_STEPS)  # some steps point into the folded sidebar
    finally:
        s.close()
    assert s.console == [], s.console


# ------------------------------------------------------------------------------ small windows
_DRAWER = """() => { const d = document.querySelector('.v-navigation-drawer');
    const r = d.getBoundingClientRect();
    return {left: r.left, right: r.right,
            open: d.classList.contains('v-navigation-drawer--open') && r.right > 0}; }"""


def _box(page, css: str) -> dict:
    return page.evaluate(
        """css => { const r = document.querySelector(css).getBoundingClientRect();
                    return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }""",
        css,
    )


def test_on_a_phone_the_sidebar_can_be_closed_and_the_inspector_fits(browser, server):
    """375 pixels wide: the sidebar, laid over the page, fits in the window with a strip to tap
    beside it, and its close button, Escape and a tap beside it fold it away (before, it was 400
    pixels wide over the whole page and its menu button, and nothing closed it); 430 pixels: the
    region inspector stands below the map, whole (before, it was squeezed beside it and cut
    off)."""
    width = 375
    s = Session(browser, server, viewport={"width": width, "height": 740})
    try:
        page = s.page
        closed = "() => !document.querySelector('.v-navigation-drawer--open')"
        drawer = page.evaluate(_DRAWER)
        assert drawer["open"]  # Solara opens the sidebar on the first visit
        assert drawer["left"] >= 0 and drawer["right"] <= width - 48, drawer
        close = page.locator(".nqpf-sidebar-close")
        expect(close).to_be_visible()
        expect(close).to_be_in_viewport()
        page.wait_for_timeout(400)  # the drawer has slid in
        s.shot("phone_sidebar")
        close.click()
        page.wait_for_function(closed)
        page.wait_for_timeout(400)  # the drawer slides out
        page.click("path[data-region='Sichuan']")  # the map is reachable
        expect(page.locator(".nqpf-inspector-title")).to_contain_text("Sichuan")
        page.click(".v-app-bar__nav-icon")  # the top bar's menu button opens it again
        page.wait_for_function("() => !!document.querySelector('.v-navigation-drawer--open')")
        page.keyboard.press("Escape")
        page.wait_for_function(closed)
        page.click(".v-app-bar__nav-icon")
        page.wait_for_function("() => !!document.querySelector('.v-navigation-drawer--open')")
        page.wait_for_timeout(400)
        page.mouse.click(width - 20, 400)  # a tap beside it
        page.wait_for_function(closed)
        # a little wider: the inspector goes below the map, inside the window
        width = 430
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)
        expect(page.locator(".nqpf-inspector-close")).to_be_visible()
        page.locator(".nqpf-inspector").scroll_into_view_if_needed()
        s.settle()
        s.shot("phone_inspector")
        inspector, panel = _box(page, ".nqpf-inspector"), _box(page, ".nqpf-map-panel")
        assert inspector["t"] >= panel["b"] - 1, (inspector, panel)  # below the map
        assert 0 <= inspector["l"] and inspector["r"] <= width, inspector
        for css in (".nqpf-inspector-title", ".nqpf-inspector-close"):
            box = _box(page, css)
            assert box["r"] <= inspector["r"], (css, box, inspector)
        assert page.evaluate(
            "() => { const e = document.querySelector('.nqpf-inspector');"
            " return e.scrollWidth <= e.clientWidth + 1; }"
        ), "the inspector's content is wider than its card"
    finally:
        s.close()
    assert s.console == [], s.console


def test_a_long_scenario_name_does_not_widen_the_sidebar(session):
    """A scenario chosen from the menu with a long name (and the fit lesson's table) keeps the
    sidebar 400 pixels wide, beside the page (before, it grew to 580 pixels over the tabs and the
    western provinces while the page stayed where it was)."""
    page = session.page
    from nqpf.dashboards.components.controls import scenario_title

    before = page.evaluate(_DRAWER)
    session.select(".nqpf-scenario", scenario_title("tailored_cooperation", "en"))
    expect(page.locator(".nqpf-fit-lesson")).to_have_count(1)
    page.wait_for_function("() => window.location.search.includes('tailored_cooperation')")
    session.settle()
    after = page.evaluate(_DRAWER)
    assert after["right"] == before["right"] == 400, (before, after)
    for css in (".nqpf-tab-map", ".nqpf-indicator"):  # the tabs and the indicator menu
        assert _box(page, css)["l"] >= after["right"], css
    west = _box(page, "path[data-region='Xinjiang']")
    assert west["l"] >= after["right"], west
    session.shot("long_scenario_name")


def test_a_reload_rebuilds_the_run_of_the_address_at_the_start_year(browser, server):
    """A reload is a new session: it rebuilds the run from the address (scenario, seed, levers,
    language) at the start year, on the Map tab with no province open, as the docs say (they
    said that a reload resumed the session; the page's script starts a new one)."""
    link = server + "?scenario=herding&seed=3&set=strategy.mode%3D%22mixed%22&lang=zh"
    s = Session(browser, link)
    try:
        page = s.page
        for _ in range(2):
            s.step()
        page.click("path[data-region='Sichuan']")
        expect(page.locator(".nqpf-inspector-title")).to_contain_text("四川")
        s.tab("national")
        page.reload()
        page.wait_for_selector(".nqpf-year")
        page.wait_for_selector("[data-region]")
        assert s.year() == 2023
        expect(page.locator(".nqpf-seed input")).to_have_value("3")
        expect(page.locator(".nqpf-lever-strategy-mode")).to_contain_text("混合")
        expect(page.locator(".nqpf-tab-map")).to_contain_text("地图与地区")
        expect(page.locator(".nqpf-tab-map.v-tab--active")).to_have_count(1)
        expect(page.locator(".nqpf-inspector-title")).to_have_count(0)
        assert "scenario=herding" in page.evaluate("() => window.location.search")
    finally:
        s.close()
    assert s.console == [], s.console
    for doc in ("ui.md", "reliability.md"):
        text = " ".join((ROOT / "docs" / doc).read_text(encoding="utf-8").lower().split())
        assert "reload resumes" not in text, doc
        assert "a reload starts a new session" in text, doc


def _legend_scale(page, side: str) -> tuple[str, list[str]]:
    """A compare map's colour gradient and its tick values (without the ≤ ≥ outlier marks)."""
    legend = page.locator(f".nqpf-compare-map-{side} .nqpf-map-legend")
    gradient = legend.locator(".nqpf-map-gradient").get_attribute("style")
    ticks = [
        x.replace("≤", "").replace("≥", "").strip()
        for x in legend.locator(".nqpf-map-ticks span").all_inner_texts()
    ]
    return gradient, ticks


def _scroll_to_maps(page) -> None:
    """Scroll the Compare tab's maps (their pickers, legends and outlines) into the window."""
    page.mouse.move(0, 0)  # no hover text over the maps
    page.evaluate(
        "() => document.querySelector('.nqpf-compare-maps-title').scrollIntoView({block: 'start'})"
    )


def test_compare_maps_side_by_side_and_difference(session):
    page = session.page
    session.tab("compare")
    page.fill(".nqpf-compare-seeds input", "2")  # a short ensemble for the test
    page.press(".nqpf-compare-seeds input", "Enter")
    page.fill(".nqpf-compare-end input", "2027")
    page.press(".nqpf-compare-end input", "Enter")
    page.click(".nqpf-compare-run")
    page.wait_for_selector(".nqpf-compare-map-a path[data-region]", timeout=120_000)
    page.wait_for_selector(".nqpf-compare-run:not([disabled])", timeout=120_000)
    page.wait_for_selector(".nqpf-compare-diffs [data-panel='gdp_diff']")
    session.settle()
    for side in ("a", "b"):  # both scenarios' provinces, coloured, in the last year
        expect(page.locator(f".nqpf-compare-map-{side} path[data-region]")).to_have_count(31)
        expect(page.locator(f".nqpf-compare-map-{side} .nqpf-compare-map-title")).to_contain_text(
            "2027"
        )
    expect(page.locator(".nqpf-compare-map-a .nqpf-compare-map-title")).to_contain_text("tailored")
    expect(page.locator(".nqpf-compare-map-b .nqpf-compare-map-title")).to_contain_text("herding")
    # one colour scale for both maps
    assert _legend_scale(page, "a") == _legend_scale(page, "b")
    fills = {
        side: page.eval_on_selector_all(
            f".nqpf-compare-map-{side} path[data-region]",
            "els => els.map(e => e.getAttribute('fill'))",
        )
        for side in ("a", "b")
    }
    assert all(f.startswith("#") and f != "#f0f0f0" for f in fills["a"] + fills["b"])
    assert fills["a"] != fills["b"]  # the scenarios' provinces differ
    # how alike the plans are, side by side (2027): herding crowds into fewer main priorities
    session.select(".nqpf-compare-map-indicator", "Main priority industry")
    pattern = re.compile(r"(\d+) different among 31")
    for side in ("a", "b"):
        expect(page.locator(f".nqpf-compare-map-{side} .nqpf-map-legend")).to_contain_text(pattern)
    kinds = {
        side: int(
            pattern.search(page.inner_text(f".nqpf-compare-map-{side} .nqpf-map-legend")).group(1)
        )
        for side in ("a", "b")
    }
    assert kinds["b"] < kinds["a"], kinds
    page.mouse.move(0, 0)
    _scroll_to_maps(page)
    session.shot("compare_maps")
    # an earlier year, on the same scale
    session.select(".nqpf-compare-map-indicator", "GDP per capita")
    session.select(".nqpf-compare-map-year", "2024")
    expect(page.locator(".nqpf-compare-map-a .nqpf-compare-map-title")).to_contain_text("2024")
    expect(page.locator(".nqpf-compare-map-a .nqpf-map-gradient")).to_have_count(1)
    assert _legend_scale(page, "a") == _legend_scale(page, "b")
    _scroll_to_maps(page)
    session.shot("compare_maps_shared_scale")
    # the difference B - A on a diverging scale centred on zero
    session.select(".nqpf-compare-map-year", "2027")
    session.select(".nqpf-compare-map-indicator", "Capacity utilisation")
    page.click(".nqpf-maps-difference")
    diff = page.locator(".nqpf-compare-map-diff")
    expect(diff.locator("path[data-region]")).to_have_count(31)
    expect(diff.locator(".nqpf-map-legend-title")).to_contain_text("B - A (percentage points)")
    ticks = [
        x.replace("≤", "").replace("≥", "").strip()
        for x in diff.locator(".nqpf-map-ticks span").all_inner_texts()
    ]
    assert ticks[1] == "0" and ticks[0] == "-" + ticks[2], ticks
    expect(page.locator(".nqpf-compare-map-a")).to_have_count(0)
    page.hover(".nqpf-compare-map-diff path[data-region='Hubei']")
    expect(page.locator(".nqpf-map-tooltip")).to_contain_text("B - A:")
    _scroll_to_maps(page)
    session.shot("compare_maps_difference")
    # the same maps in Chinese, with no untranslated word
    page.click(".nqpf-lang-zh")
    expect(diff.locator(".nqpf-map-legend-title")).to_contain_text("个百分点")
    session.settle()
    text = page.inner_text(".nqpf-compare-map-diff") + "\n" + page.inner_text(".nqpf-tab-compare")
    page.click(".nqpf-maps-sides")
    expect(page.locator(".nqpf-compare-map-b path[data-region]")).to_have_count(31)
    _scroll_to_maps(page)
    session.shot("compare_maps_zh")
    # every visible text node on its own line (a legend's inline names are separate words)
    text += "\n" + page.evaluate(
        """() => { const out = [], walk = document.createTreeWalker(document.body, 4);
                   const skip = e => e.closest('.nqpf-share-query, .nqpf-compare-command, style, script');
                   while (walk.nextNode()) { const n = walk.currentNode, e = n.parentElement;
                     if (e && e.offsetParent !== null && !skip(e)) out.push(n.textContent); }
                   return out.join('\\n'); }"""
    )
    latin = untranslated_words(text)
    assert latin == [], [text[max(0, text.find(w) - 80) : text.find(w) + 40] for w in latin]


ALLOWED_LATIN = {
    # proper names, abbreviations and units Chinese texts write in Latin letters
    "GDP",
    "TFP",
    "R",
    "D",
    "CSV",
    "EN",
    "ECharts",
    "Solow",
    "nqpf",
    "compare",
    "toml",
    "NPL",
    "AI",
    "S",
    "T",
    "Theil",
    "scenarios",
    "seed",
    "seeds",
    "set",
    "base",
    "GCAM",  # the renewable-resource model of the endowment data (GCAM-China)
}


def untranslated_words(text: str) -> list[str]:
    """Latin words of a Chinese page outside the allow-list (proper names, units, file keys)."""
    from nqpf.dashboards.simulation import scenario_choices
    from nqpf.sim.data import load_provinces

    files = {w for key in scenario_choices() for w in re.split(r"[/_]", key)}  # file names
    # the inspector names a province in both languages; S&T classes are Roman numerals
    provinces = {w for name in load_provinces()["region"] for w in name.split()}
    allowed = ALLOWED_LATIN | files | provinces | {"I", "II", "III", "IV"}
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z&]+", text) if w not in allowed})


def test_chinese_page_has_no_untranslated_words(session):
    page = session.page
    page.click(".nqpf-lang-zh")
    page.wait_for_selector(".nqpf-tab-map >> text=地图与地区")
    session.settle()
    texts = []
    page.click("path[data-region='Sichuan']")  # the inspector too
    page.wait_for_selector(".nqpf-inspector-title >> text=四川")
    for tab in ("map", "national", "industries", "compare"):
        session.tab(tab)
        if tab == "map":  # the endowment and comparative-advantage tooltips
            session.select(".nqpf-indicator", "比较优势（区位商）")
            page.hover("path[data-region='Shanxi']")
            expect(page.locator(".nqpf-map-tooltip")).to_contain_text("比较优势前三")
            texts.append(page.inner_text(".nqpf-map-tooltip") + page.inner_text(".nqpf-map-legend"))
            session.shot("map_comparative_advantage_zh", height=1300)
        text = page.inner_text("body")
        # the settings link is an address, not words
        texts.append(text.replace(page.inner_text(".nqpf-share-query"), ""))
    # the guided first run, every step
    from nqpf.dashboards.guide_text import GUIDE_STEPS

    page.click(".nqpf-guide-open")
    for i in range(len(GUIDE_STEPS)):
        card = page.locator(f".nqpf-guide-card[data-step='{i}']")
        expect(card).to_be_visible()
        texts.append(card.inner_text())
        if i < len(GUIDE_STEPS) - 1:
            page.click(".nqpf-guide-next")
    page.click(".nqpf-guide-done")
    latin = untranslated_words("\n".join(texts))
    assert latin == [], f"untranslated words on the Chinese page: {latin}"


# ------------------------------------------------------------------------------ local conditions
def _local_conditions(scenario: str, region: str):
    """The numbers the map and the lesson should show, from a model built here (same seed)."""
    from nqpf.dashboards import local_conditions as lc
    from nqpf.dashboards.simulation import Settings, Simulation

    sim = Simulation.build(Settings(scenario, 0))
    lq = lc.location_quotients(sim.model.results()["region_industries"])
    index = list(sim.model.world.geography.name).index(region)
    return sim, lq, lc.fit_breakdown(sim.model, sim.scenario, index)


def test_map_shows_endowments_and_comparative_advantages(session):
    from nqpf.dashboards.units import format_number
    from nqpf.sim.data.endowments import load_endowments

    page = session.page
    wind = load_endowments()["wind_potential_twh_per_year"]
    session.select(".nqpf-indicator", "Onshore wind potential")
    expect(page.locator(".nqpf-map-legend")).to_contain_text("Onshore wind potential (TWh/year)")
    fills = dict(
        zip(
            page.eval_on_selector_all("path[data-region]", "els => els.map(e => e.dataset.region)"),
            session.fills(),
        )
    )
    assert fills["Inner Mongolia"] != fills["Beijing"]  # the windiest against one of the least
    # Inner Mongolia's outline does not cover the centre of its bounding box: an event, no pointer
    page.dispatch_event("path[data-region='Inner Mongolia']", "mouseenter")
    tip = page.locator(".nqpf-map-tooltip")
    expect(tip).to_contain_text(f"Onshore wind potential: {format_number(wind['Inner Mongolia'])}")
    expect(tip).to_contain_text("Endowments: wind")
    expect(tip).to_contain_text("Top comparative advantages (location quotient): ")
    session.shot("map_endowment_wind")
    # the comparative advantage the fit reads: location quotients of the chosen industry
    session.select(".nqpf-indicator", "Comparative advantage (location quotient)")
    session.select(".nqpf-priority-industry", "Energy and raw materials")
    legend = page.locator(".nqpf-map-legend")
    expect(legend).to_contain_text("Comparative advantage in Energy and raw materials")
    _, lq, _ = _local_conditions("baseline", "Shanxi")
    energy = lq[(lq["year"] == 2023) & (lq["industry"] == "energy_materials")].set_index("region")
    page.hover("path[data-region='Shanxi']")
    expect(tip).to_contain_text(
        f"Location quotient in Energy and raw materials: {format_number(energy.loc['Shanxi', 'lq'])}"
    )
    top = lq[(lq["year"] == 2023) & (lq["region"] == "Shanxi")].nlargest(3, "lq")
    # Shanxi's base is coal and power: energy materials and polysilicon, whose start-year map is
    # the proxy of coal mining and electricity (docs/model.md 7.3b), lead it
    assert set(top["industry"].iloc[:2]) == {"energy_materials", "pv_polysilicon"}
    session.shot("map_comparative_advantage")
    # a click: the inspector's local conditions
    page.dispatch_event("path[data-region='Inner Mongolia']", "click")
    section = page.locator(".nqpf-local")
    expect(section).to_contain_text("Energy and raw materials")
    expect(section).to_contain_text("Unit cost from location")
    expect(page.locator(".nqpf-inspector")).to_contain_text("Local conditions")
    page.mouse.move(5, 5)  # the tooltip closes
    session.shot("inspector_local_conditions", height=1300)


LESSON_CLIP = {"x": 0, "y": 380, "width": 420, "height": 1000}
"""The sidebar's fit lesson in a 1500-pixel-high window."""


def test_tailored_lesson_explains_what_fit_reads(session):
    page = session.page
    expect(page.locator(".nqpf-fit-lesson")).to_have_count(0)  # baseline: mixed governments
    session.select(".nqpf-scenario", "Tailored to local conditions (tailored)")
    lesson = page.locator(".nqpf-fit-lesson")
    expect(lesson).to_contain_text("Inner Mongolia in 2023")
    for term in ("Industrial base", "Endowments", "Capability", "Research base", "Market"):
        expect(page.locator(".nqpf-fit-terms")).to_contain_text(term)
    sim, lq, best = _local_conditions("tailored", "Inner Mongolia")
    from nqpf.dashboards.units import format_number

    header = page.locator(".nqpf-fit-table thead th")
    expect(header).to_have_count(4)
    names = sim.model.world.industries.name_en
    keys = list(sim.model.world.industries.keys)
    expect(header.nth(1)).to_have_text(names[keys.index(best.index[0])])
    total = page.locator(".nqpf-fit-table tbody tr").last
    expect(total).to_contain_text(format_number(float(best["fit"].iloc[0])))
    expect(page.locator(".nqpf-fit-numbers")).to_contain_text("wind")
    session.shot("fit_lesson_en", height=1500, clip=LESSON_CLIP)
    # the map's selection is the lesson's province
    page.click("path[data-region='Guangdong']")
    expect(lesson).to_contain_text("Guangdong in 2023")
    page.click(".nqpf-lang-zh")
    expect(lesson).to_contain_text("广东，2023 年")
    expect(page.locator(".nqpf-fit-terms")).to_contain_text("资源禀赋")
    expect(page.locator(".nqpf-local")).to_contain_text("比较优势前三")
    expect(page.locator(".nqpf-fit-numbers")).to_contain_text("亿千瓦时/年")
    # the new address (lang=zh) fades the page in again: wait for the end of the fade
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.solara-content-main')).opacity === '1'"
    )
    session.shot("fit_lesson_zh", height=1500, clip=LESSON_CLIP)
    text = page.inner_text(".nqpf-fit-lesson") + "\n" + page.inner_text(".nqpf-local")
    latin = untranslated_words(text)
    assert latin == [], f"untranslated words in the fit lesson: {latin}"


def test_no_server_warnings():
    """Runs last (file order): the server log of the whole module holds no warning or traceback."""
    log = (ARTIFACTS / "ui_server.log").read_text(encoding="utf-8", errors="replace")
    bad = [
        line
        for line in log.splitlines()
        if re.search(r"Warning|Traceback|Error", line) and "SOLARA" not in line
    ]
    assert bad == [], "server warnings:\n" + "\n".join(bad[:20])

"""The policy-search page in headless Chromium: a small search's front, a point opened as a
scenario, and a folder that is not a search.

The search is run by ``nqpf optimise`` on the one-region textbook Solow economy (a shipped
scenario, so the page can open its points): the saving rate is the lever, consumption and GDP in
2150 the objectives (they trade off above the golden rule), 12 candidates on 4 states, and a
scenario discovery of 16 states; about 5 s. The server, browser and session helpers are those of
``test_ui_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
from playwright.sync_api import expect

from nqpf.dashboards.policy import box_text, objective_label
from nqpf.dashboards.units import format_number
from nqpf.sim.experiments.policy_folder import discovery_boxes, load_policy_folder
from tests.conftest import ROOT, run_cli
from tests.ui.test_ui_browser import ARTIFACTS, Session, browser, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

SOLOW = ROOT / "scenarios" / "textbook" / "solow.toml"
SEARCH = f"""name = "ui_solow"
base = "{SOLOW.as_posix()}"
master_seed = 5
seeds = 1
[set]
"world.end_year" = 2150
[levers]
"solow.saving_rate" = {{ range = [0.05, 0.95] }}
[derived]
consumption = "gdp * (1 - saving_rate)"
[objectives]
consumption = {{ reduce = "value", column = "consumption", year = 2150, direction = "maximize" }}
gdp = {{ reduce = "value", column = "gdp", year = 2150, direction = "maximize" }}
[uncertainty]
states = 4
[uncertainty.parameters]
"solow.delta" = {{ range = [0.05, 0.12] }}
"solow.population_growth" = {{ range = [0.0, 0.02] }}
[search]
sampler = "random"
trials = 12
batch = 6
[discovery]
scenarios = ["{SOLOW.as_posix()}"]
front_points = 1
states = 16
failure = {{ objective = "consumption", worse_than = 1.1e5 }}
min_density = 0.8
"""


@pytest.fixture(scope="module")
def search_folder(tmp_path_factory) -> Path:
    """A finished policy search (front, robustness, discovery, scenario files)."""
    root = tmp_path_factory.mktemp("policy_ui")
    config = root / "search.toml"
    config.write_text(SEARCH, encoding="utf-8")
    out = root / "out"
    done = run_cli("optimise", str(config), "--jobs", "1", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture
def session(browser, server):  # noqa: F811 - the imported fixtures
    s = Session(browser, server)
    yield s
    s.close()
    assert s.console == [], f"browser console errors: {s.console}"


def _open_folder(session: Session, folder: Path | str) -> None:
    session.tab("policy")
    box = session.page.locator(".nqpf-policy-folder input")
    box.fill(str(folder))
    box.press("Enter")


def test_policy_page_shows_the_front_and_opens_a_point(session, search_folder):
    page = session.page
    front = pd.read_csv(search_folder / "front.csv")
    discovery = pd.read_csv(search_folder / "discovery.csv")
    _open_folder(session, search_folder)
    points = page.locator(".nqpf-policy-scatter circle.nqpf-front-point")
    expect(points).to_have_count(len(front))
    assert len(front) >= 3  # consumption and GDP trade off above the golden rule
    expect(page.locator(".nqpf-policy-scatter .nqpf-base-point")).to_have_count(1)
    expect(page.locator(".nqpf-policy-summary")).to_contain_text(f"{len(front)} front points")
    with page.expect_download() as download:
        page.click(".nqpf-policy-report button")
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert report == (search_folder / "report.html").read_text(encoding="utf-8")
    assert "consumption and gdp trade against each other" in report
    # every objective of a point is readable on hover
    chosen = front.iloc[len(front) // 2]
    number = int(chosen["point"])
    page.hover(f".nqpf-policy-scatter circle[data-point='{number}']")
    tip = page.locator(".nqpf-scatter-tip")
    # labelled with the column's label and unit (a derived column by its name), plain numbers
    consumption = format_number(chosen["consumption_expected"])
    expect(tip).to_contain_text(f"consumption, 2150 · higher is better: {consumption}")
    gdp = format_number(chosen["gdp_expected"])
    expect(tip).to_contain_text(f"GDP, 2150 (bn yuan/year) · higher is better: {gdp}")
    assert not re.search(r"\de[+-]\d", tip.inner_text())  # no 1.305e+04
    # once a search is shown, the hint to run one is gone
    expect(page.locator(".nqpf-policy-none")).to_have_count(0)
    ticks = page.eval_on_selector_all(
        ".nqpf-policy-scatter .nqpf-scatter-tick", "els => els.map(e => e.textContent)"
    )
    assert ticks and not any(re.search(r"e[+-]", tick) for tick in ticks), ticks
    # a click chooses the point: its robustness and levers
    page.click(f".nqpf-policy-scatter circle[data-point='{number}']")
    expect(page.locator(".nqpf-policy-open")).to_contain_text(f"Open point {number} as a scenario")
    robust = page.locator(".nqpf-policy-robust")
    for column in ("expected", "worst_decile", "max_regret"):
        expect(robust).to_contain_text(format_number(chosen[f"consumption_{column}"]))
    expect(page.locator(".nqpf-policy-levers")).to_contain_text(
        f"{chosen['solow.saving_rate']:.4g}"
    )
    expect(page.locator(".nqpf-policy-discovery tbody tr")).to_have_count(len(discovery))
    session.shot("policy_search")
    page.click(".nqpf-lang-zh")
    expect(page.locator(".nqpf-policy-open")).to_contain_text(f"将前沿点 {number} 作为情景打开")
    expect(robust).to_contain_text("最差十分位")
    expect(page.locator(".nqpf-policy-summary")).to_contain_text(f"{len(front)} 个前沿点")
    session.shot("policy_search_zh")
    page.click(".nqpf-lang-en")
    expect(page.locator(".nqpf-policy-open")).to_contain_text(f"Open point {number}")
    # open it: the sidebar holds the point's lever value, the run starts from the start year
    page.click(".nqpf-policy-open")
    # the address holds the point's exact value: the run is the search's run of the point
    value = float(chosen["solow.saving_rate"])
    expect(page.locator(".nqpf-share-query")).to_contain_text(
        "set=" + quote(f"solow.saving_rate={value!r}", safe="")
    )
    expect(page.locator(".nqpf-scenario")).to_contain_text("textbook/solow")
    # the lever's label shows the value (the browser's slider may round it to three digits;
    # the run's value is the exact one of the address above)
    label = page.locator(".nqpf-lever-solow-saving_rate")
    expect(label).to_contain_text("Saving rate")
    shown = float(re.search(r"Saving rate\s*([0-9.]+)", label.inner_text()).group(1))
    assert abs(shown - value) <= 1e-3, (shown, value)
    expect(page.locator(".nqpf-notice")).to_contain_text("world.end_year")
    session.wait_year(2000)
    page.wait_for_selector("[data-region]")
    session.step()
    assert session.year() == 2001


_SHOWN = """css => [...document.querySelectorAll(css)].map(e => {
    const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), cut: e.scrollWidth > e.clientWidth + 1,
            left: r.left, right: r.right};
})"""
"""Each element's text, whether it is cut (wider than its box) and where it is on the page."""


def test_objective_names_and_prim_boxes_read_whole_on_a_phone(browser, server, search_folder):  # noqa: F811
    """375 pixels wide, in both languages: an objective's whole name shows in its axis menu,
    chosen and in the open list, inside the window (before, a 260-pixel menu cut it with an
    ellipsis); PRIM's boxes name parameters by label with rounded bounds and units (before,
    ``solow.population_growth <= 0.01248``)."""
    width = 375
    s = Session(browser, server, viewport={"width": width, "height": 800})
    try:
        page = s.page
        page.click(".nqpf-sidebar-close")
        page.wait_for_function("() => !document.querySelector('.v-navigation-drawer--open')")
        _open_folder(s, search_folder)
        folder = load_policy_folder(search_folder)
        discovery = discovery_boxes(folder)
        table = page.locator(".nqpf-policy-discovery")
        expect(table.locator("tbody tr")).to_have_count(len(discovery))
        for lang in ("en", "zh"):
            page.click(f".nqpf-lang-{lang}")
            names = [objective_label(folder, n, lang) for n in folder.objectives]
            chosen = page.locator(".nqpf-policy-y .v-select__selection")
            expect(chosen).to_have_text(names[1])  # GDP's, the longer
            boxes = [box_text(folder, r, lang) for _, r in discovery.iterrows()]
            assert any(boxes)
            for box in boxes:
                expect(table).to_contain_text(box)
            shown = table.inner_text()
            assert "solow." not in shown and "<=" not in shown and "e-0" not in shown, shown
            s.settle()
            for item in page.evaluate(
                _SHOWN, ".nqpf-policy-x .v-select__selection, .nqpf-policy-y .v-select__selection"
            ):
                assert not item["cut"] and 0 <= item["left"] and item["right"] <= width, item
            page.click(".nqpf-policy-y .v-select__slot")
            listed = page.locator(".menuable__content__active .v-list-item__title")
            expect(listed).to_have_count(len(names))
            page.wait_for_function(  # the list has opened
                "() => !document.querySelector('.v-menu-transition-enter-active')"
            )
            items = page.evaluate(_SHOWN, ".menuable__content__active .v-list-item__title")
            assert [i["text"] for i in items] == names
            for item in items:
                assert not item["cut"] and 0 <= item["left"] and item["right"] <= width, item
            page.screenshot(path=str(ARTIFACTS / "ui" / f"policy_phone_{lang}.png"))  # menu open
            page.keyboard.press("Escape")
            s.settle()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    finally:
        s.close()
    assert s.console == [], s.console


def test_a_folder_that_is_not_a_search_is_named(session, tmp_path):
    page = session.page
    (tmp_path / "front.csv").write_text("point\n1\n", encoding="utf-8")
    _open_folder(session, tmp_path)
    error = page.locator(".nqpf-policy-error")
    expect(error).to_contain_text(str(tmp_path))
    expect(error).to_contain_text("missing manifest.json, candidates.csv, robustness.csv")
    expect(page.locator(".nqpf-policy-scatter")).to_have_count(0)
    _open_folder(session, tmp_path / "nowhere")
    expect(error).to_contain_text(re.compile(r"nowhere is not a folder"))
    page.click(".nqpf-lang-zh")
    expect(page.locator(".nqpf-tab-policy")).to_contain_text("政策搜索")
    expect(page.locator(".nqpf-policy-error")).to_contain_text("不是政策搜索结果")

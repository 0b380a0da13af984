"""Cold start of the dashboard: seconds from ``nqpf ui`` to the first page with the map.

Usage::

    .venv/bin/python benchmarks/bench_ui_start.py [--repeat 3] [--out benchmarks/results_ui.json]

Each repetition starts ``nqpf ui --no-open`` on a free localhost port (a fresh process: nothing
imported or cached in memory), polls the server until it answers, opens the page in headless
Chromium (``/usr/bin/chromium``, as in the browser tests) and waits until the 31 provinces are
drawn (``path[data-region]``). It reports, per run, the time from the start of the process to
the server's first answer and to the map on screen, and the median. Not a test: the figure goes
into ``docs/ui.md`` (section Speed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_speed import measure as machine_speed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def one_start(browser) -> dict[str, float]:
    """Start the server, open the page, wait for the map; the two times [s]."""
    from nqpf.dashboards.serve import free_port

    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nqpf.sim.cli", "ui", "--port", str(port), "--no-open"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://localhost:{port}/"
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.05)
            if time.perf_counter() - t0 > 120:
                raise RuntimeError("the server did not answer within 120 s")
        t_server = time.perf_counter() - t0
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("path[data-region]", timeout=120_000)
        t_map = time.perf_counter() - t0
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    return {"server_s": round(t_server, 2), "map_s": round(t_map, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results_ui.json")
    args = parser.parse_args()
    speed = machine_speed()  # before the server loads the machine
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        runs = [one_start(browser) for _ in range(args.repeat)]
        browser.close()
    result = {
        "runs": runs,
        "median_server_s": statistics.median(r["server_s"] for r in runs),
        "median_map_s": statistics.median(r["map_s"] for r in runs),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "machine_speed": speed,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| run | server answers [s] | map shown [s] |\n|---|---|---|")
    for i, r in enumerate(runs, 1):
        print(f"| {i} | {r['server_s']} | {r['map_s']} |")
    print(f"median: server {result['median_server_s']} s, map {result['median_map_s']} s")
    print(f"load average at the end: {result['load_average']}")


if __name__ == "__main__":
    main()

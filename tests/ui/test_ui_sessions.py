"""The dashboard server's sessions and lifetime: 20 sessions opened and dropped are released
within the configured time, sessions are capped, and the server dies with ``nqpf ui`` even on
SIGKILL. Runs the real server (no browser): a session is a Solara kernel websocket."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from nqpf.dashboards import serve

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_MIN = 0.05
"""Session timeout of the test server: 3 s."""


def test_session_settings_reach_solara():
    env = serve.server_environment({}, timeout_min=2.5, max_sessions=7)
    assert env["SOLARA_KERNEL_CULL_TIMEOUT"] == "150s"
    assert env["SOLARA_KERNEL_MAX_COUNT"] == "7"
    default = serve.server_environment({})
    assert default["SOLARA_KERNEL_CULL_TIMEOUT"] == f"{round(serve.SESSION_TIMEOUT_MIN * 60)}s"
    with pytest.raises(serve.ServeError, match="--session-timeout"):
        serve.session_environment(0, 5)
    with pytest.raises(serve.ServeError, match="--max-sessions"):
        serve.session_environment(1, 0)


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def server():
    port = serve.free_port()
    env = dict(os.environ, SOLARA_ASSETS_CDN="http://127.0.0.1:9/")
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
            "--session-timeout",
            str(TIMEOUT_MIN),
            "--max-sessions",
            "25",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    try:
        while True:
            assert proc.poll() is None, f"nqpf ui exited with {proc.returncode}"
            try:
                _resources(port)
                break
            except OSError:
                assert time.monotonic() < deadline, "nqpf ui did not answer within 90 s"
                time.sleep(0.3)
        yield proc, port
    finally:
        for pid in _children(proc.pid):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _resources(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/resourcez", timeout=5) as response:
        return json.load(response)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_twenty_dropped_sessions_are_released_in_the_configured_time(server):
    import websockets

    _, port = server

    async def open_and_drop() -> list[tuple[float, int]]:
        conns = []
        for _ in range(20):
            url = (
                f"ws://127.0.0.1:{port}/jupyter/api/kernels/{uuid.uuid4()}/channels"
                f"?session_id={uuid.uuid4()}"
            )
            conns.append(await websockets.connect(url))
        deadline = time.monotonic() + 30
        while _resources(port)["kernels"]["total"] < 20:
            assert time.monotonic() < deadline, "sessions did not open"
            await asyncio.sleep(0.2)
        kernels = _resources(port)["kernels"]
        assert kernels["total"] == 20 and kernels["limiter"]["total_tokens"] == 25
        for ws in conns:
            await ws.close()
        dropped = time.monotonic()
        seen = []
        while time.monotonic() - dropped < TIMEOUT_MIN * 60 + 20:
            total = _resources(port)["kernels"]["total"]
            seen.append((time.monotonic() - dropped, total))
            if total == 0:
                break
            await asyncio.sleep(0.25)
        return seen

    seen = asyncio.run(open_and_drop())
    assert seen[-1][1] == 0, f"sessions still held: {seen[-1]}"
    # kept for the configured time (a reload resumes them), then released
    assert all(total == 20 for elapsed, total in seen if elapsed < TIMEOUT_MIN * 60 - 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_server_dies_with_nqpf_ui_even_on_sigkill(server):
    proc, _ = server
    kids = _children(proc.pid)
    assert kids, "no server process"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(k) for k in kids)

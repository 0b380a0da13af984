"""Worker pools die with their parent: a ``--jobs 2`` pool whose parent is killed with SIGKILL
leaves no worker and no resource tracker behind (``batch.die_with_parent``); so does a local
Dask cluster (``--executor dask``), whose workers run the same watch (``dask_preload``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

PARENT = """
import time
from multiprocessing import resource_tracker
from nqpf.sim.experiments.batch import make_executor

pool = make_executor("local", 2)
futures = [pool.submit(time.sleep, 120) for _ in range(4)]
while len(pool._processes) < 2:
    time.sleep(0.05)
time.sleep(1.0)  # the workers have run their initializer
pids = list(pool._processes) + [resource_tracker._resource_tracker._pid]
print(" ".join(str(p) for p in pids if p), flush=True)
time.sleep(120)
"""

DASK_PARENT = """
import os, threading, time
from pathlib import Path


def watching():
    return any(t.name == "nqpf-parent-watch" for t in threading.enumerate())


def main():
    from nqpf.sim.experiments.batch import make_executor

    pool = make_executor("dask", 2)
    assert all(pool.submit(watching).result() for _ in range(4)), "no parent watch in a worker"
    futures = [pool.submit(time.sleep, 120) for _ in range(4)]
    me = str(os.getpid())
    kids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "stat").read_text().rsplit(")", 1)[1].split()[1] == me:
                kids.append(entry.name)
        except OSError:
            pass
    print(" ".join(kids), flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main()
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie awaiting its reaper is dead
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def survivors(command: list[str], sig: signal.Signals) -> list[int]:
    """Start ``command`` (it prints its workers' pids), kill it with ``sig``, and return the
    workers still alive 30 s later."""
    parent = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) >= 2, "the pool's two workers were not found"
        assert all(alive(p) for p in pids)
        parent.send_signal(sig)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        return [p for p in pids if alive(p)]
    finally:
        if parent.poll() is None:
            parent.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_and_tracker_end_when_the_parent_is_killed(sig):
    assert survivors([sys.executable, "-c", PARENT], sig) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_local_dask_workers_end_when_the_parent_is_killed(tmp_path):
    pytest.importorskip("distributed")
    script = tmp_path / "parent.py"  # spawned workers re-import the main module: a file
    script.write_text(DASK_PARENT, encoding="utf-8")
    assert survivors([sys.executable, str(script)], signal.SIGKILL) == []

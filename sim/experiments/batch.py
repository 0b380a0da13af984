"""Many runs: what to run (``RunSpec``), how one run happens (``run_one``), where (executors).

This is the one seam that ``nqpf compare``, ``nqpf sweep`` and calibration share (EMA Workbench's
layering): a run is described by a small picklable ``RunSpec``; ``run_one`` is a top-level
function that any ``concurrent.futures``-style executor can call in another process or on a Dask
worker; ``make_executor`` chooses where. The same spec gives the same numbers on every executor
because the only randomness is the model's generator, seeded from ``spec.seed``.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class RunSpec:
    """One run: a resolved scenario (as a dict), dotted-path overrides, a seed, an id."""

    run_id: str
    scenario: dict[str, Any]
    seed: int
    overrides: dict[str, Any] = field(default_factory=dict)
    tables: tuple[str, ...] = ("national",)
    """Which result tables to return in full (``national``, ``regions``, ``industries``)."""


@dataclass
class RunRecord:
    """What a run sends back to the parent: small, picklable."""

    run_id: str
    seed: int
    status: str  # "ok" | "error"
    error: str = ""
    wall_time_s: float = 0.0
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def run_one(spec: RunSpec) -> RunRecord:
    """Run one spec; an exception becomes a record with status 'error' and its message. Batch
    runs take the compiled kernels where Numba is installed (``sim/economics/compiled_path.py``):
    the same numbers as a single run within the gravity fit's tolerance."""
    from nqpf.sim.config import Scenario
    from nqpf.sim.economics import compiled_path
    from nqpf.sim.model import RegionalEconomy

    t0 = time.perf_counter()
    try:
        scenario = Scenario.from_dict(spec.scenario)
        if spec.overrides:
            scenario = scenario.with_overrides(spec.overrides)
        with compiled_path.batch_run():  # a worker loads the compiled kernels once
            model = RegionalEconomy(scenario, seed=spec.seed, tables=spec.tables)
            tables = model.run(tables=spec.tables)
        keep = {name: tables[name] for name in spec.tables if name in tables}
        return RunRecord(
            spec.run_id, spec.seed, "ok", wall_time_s=time.perf_counter() - t0, tables=keep
        )
    except Exception as exc:  # noqa: BLE001 - a failed run is data, the batch goes on
        text = f"{type(exc).__name__}: {exc}"
        tail = traceback.format_exc(limit=3).strip().splitlines()[-3:]
        return RunRecord(
            spec.run_id,
            spec.seed,
            "error",
            error=text + "\n" + "\n".join(tail),
            wall_time_s=time.perf_counter() - t0,
        )


class SerialExecutor(cf.Executor):
    """Runs each task at submission in this process (``--jobs 1``): no pickling, easy debugging."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001
            future.set_exception(exc)
        return future


def make_executor(
    kind: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    *,
    timeout: float = 10.0,
) -> cf.Executor:
    """An executor: ``local`` (processes; serial when jobs == 1) or ``dask``.

    ``dask`` connects to ``scheduler`` (``tcp://host:8786``, giving up after ``timeout``
    seconds) or starts a LocalCluster with ``jobs`` single-threaded workers that end with this
    process (:data:`DASK_WORKER_PRELOAD`); it needs the ``dask`` extra (``.venv/bin/pip install
    -e '.[dask]'``). Workers of a scheduler the user started are the user's: they are left
    running.
    """
    jobs = jobs or os.cpu_count() or 1
    if kind == "local":
        if jobs == 1:
            return SerialExecutor()
        import multiprocessing as mp

        return cf.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=mp.get_context("spawn"),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
    if kind == "dask":
        try:
            from distributed import Client
        except ImportError as exc:
            raise ValueError(
                "executor 'dask' needs Dask (dask.distributed), which is not installed in this "
                "environment; install it from the nqpf folder with "
                "`.venv/bin/pip install -e '.[dask]'` (or `make venv`)."
            ) from exc
        if scheduler:
            try:
                client = Client(scheduler, timeout=f"{timeout}s")
            except OSError as exc:
                raise ValueError(
                    f"cannot reach the Dask scheduler at {scheduler!r}: {exc}"
                ) from None
            return _DaskExecutor(client, own_cluster=False)
        return _start_local_cluster(jobs)
    raise ValueError(f"unknown executor {kind!r}; allowed: 'local', 'dask'")


def _start_local_cluster(jobs: int) -> _DaskExecutor:
    """A LocalCluster of ``jobs`` single-threaded worker processes that end with this process
    and ignore Ctrl-C (:data:`DASK_WORKER_PRELOAD`), as an executor.

    Ctrl-C is ignored while the cluster starts (about a second or two; from the main thread
    only, where Python allows it): the worker processes inherit that, so a Ctrl-C before a
    worker has run its preload cannot kill it with a traceback, and this process cannot be
    interrupted half-way through the start (distributed then fails, loudly, to close the
    workers still starting at exit). A Ctrl-C pressed meanwhile is lost; the next one stops
    the work as usual.
    """
    import signal
    import threading

    from distributed import Client, LocalCluster

    main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # the scheduler's HTTP routes (health, metrics) listen even without a dashboard,
            # by default on 8787, which another cluster on the host may hold: any free port
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            preload=[DASK_WORKER_PRELOAD],
            env={PARENT_PID_ENV: str(os.getpid())},
        )
        return _DaskExecutor(Client(cluster), own_cluster=True)
    finally:
        if main:
            signal.signal(signal.SIGINT, handler)


PARENT_POLL_S = 1.0
"""Seconds between a worker's checks that its parent is alive (where the kernel cannot tell it)."""
PARENT_PID_ENV = "NQPF_PARENT_PID"
"""Environment variable giving a local Dask cluster's workers the pid they must not outlive."""
DASK_WORKER_PRELOAD = "nqpf.sim.experiments.dask_preload"
"""Module the workers of a local Dask cluster import at start (its ``dask_setup``)."""


def die_with_parent(parent_pid: int, *, kernel_signal: bool = True) -> None:
    """Make this worker process end when ``parent_pid`` dies, however it dies (SIGKILL included).

    On Linux the kernel sends SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``,
    unless ``kernel_signal`` is false); everywhere a daemon thread also checks every
    :data:`PARENT_POLL_S` seconds that the parent is still this process's parent. A worker left
    behind would otherwise finish its queue and idle holding its memory. Called as the local
    pool's initializer, and by the workers of a local Dask cluster (without the kernel signal:
    the kernel sends it when the *thread* that started the process ends, and distributed starts
    workers from a helper thread)."""
    import signal
    import threading

    if kernel_signal:
        try:
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # not Linux: the thread below does it
            pass

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            time.sleep(PARENT_POLL_S)

    if os.getppid() != parent_pid:  # the parent died before the kernel was told
        os._exit(1)
    threading.Thread(target=watch, name="nqpf-parent-watch", daemon=True).start()


class _DaskExecutor(cf.Executor):
    """A Dask client as a concurrent.futures executor that closes its cluster on shutdown."""

    def __init__(self, client: Any, own_cluster: bool) -> None:
        self.client = client
        self._inner = client.get_executor(pure=False)
        self._own = own_cluster

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Close the client, and the cluster this executor started; with ``cancel_futures``
        (after Ctrl-C or an error: the tasks not yet finished are dropped) logging is off
        meanwhile, since distributed reports each dropped task and closing worker as a warning."""
        import logging

        cluster = getattr(self.client, "cluster", None)
        disabled = logging.root.manager.disable
        if cancel_futures:
            logging.disable(logging.CRITICAL)
        try:
            if cancel_futures:
                self._inner.shutdown(wait=False)  # cancels the futures not yet finished
            self.client.close()
            if self._own and cluster is not None:
                cluster.close()
        finally:
            logging.disable(disabled)


def map_runs(
    specs: Iterable[Any],
    executor: cf.Executor,
    *,
    progress: str | None = None,
    on_result: Callable[[Any], None] | None = None,
    fn: Callable[[Any], Any] = run_one,
    on_error: Callable[[Any, BaseException], None] | None = None,
) -> Iterator[Any]:
    """Submit ``fn(spec)`` for every spec, yield results as they finish (rich progress bar, ETA).

    ``fn`` is ``run_one`` by default; any top-level picklable function of one spec will do (a
    sweep's worker). On a :class:`SerialExecutor` specs run one at a time as results are asked
    for, so the bar moves and a consumer sees each result at once. Without ``on_error``, a task
    whose future fails (a lost worker, a broken pool) stops the iteration with its exception;
    with it, ``on_error(spec, exc)`` is called and the remaining tasks go on.
    """
    specs = list(specs)
    bar = None
    if progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            transient=False,
        )
        bar.start()
        task = bar.add_task(progress, total=len(specs))
    try:
        if isinstance(executor, SerialExecutor):
            done: Iterable[tuple[Any, cf.Future]] = ((s, executor.submit(fn, s)) for s in specs)
        else:
            futures = {executor.submit(fn, s): s for s in specs}
            done = ((futures[f], f) for f in cf.as_completed(futures))
        for spec, fut in done:
            try:
                record = fut.result()
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(spec, exc)
                if bar is not None:
                    bar.advance(task)
                continue
            if on_result is not None:
                on_result(record)
            if bar is not None:
                bar.advance(task)
            yield record
    finally:
        if bar is not None:
            bar.stop()


def plural(n: int, noun: str) -> str:
    """``1 run``, ``2 runs``: a count in the announcements of batches."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def spawn_seeds(master: int, n: int) -> list[int]:
    """``n`` independent run seeds from a master seed (``SeedSequence.spawn``), as plain ints."""
    children = np.random.SeedSequence(master).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]

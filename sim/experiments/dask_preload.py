"""Preload of the workers of the local Dask cluster ``make_executor("dask")`` starts.

Distributed imports this module in every worker process it starts and calls :func:`dask_setup`
before the worker takes tasks. The worker then ends when the nqpf process that started the
cluster dies, however it dies (SIGKILL included), like the local pool's workers
(:func:`nqpf.sim.experiments.batch.die_with_parent`). The pid comes from
:data:`~nqpf.sim.experiments.batch.PARENT_PID_ENV`, set by ``make_executor``, so a worker started
after its parent died exits at once instead of watching the process that adopted it.

Such a worker is also quiet on Ctrl-C: it ignores SIGINT (a terminal sends it to every process
of the command; the worker would die with a traceback while its parent, which owns the cluster,
stops the work and closes the cluster itself), and once it is closing it logs nothing (a task
cut short by the close is reported as a warning otherwise).
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Any

from nqpf.sim.experiments.batch import PARENT_PID_ENV, die_with_parent

CLOSING = frozenset({"closing", "closing_gracefully", "closed", "failed"})
"""Worker states (``distributed.core.Status`` names) in which its log records are dropped."""
QUIET_LOGGERS = ("distributed.worker", "distributed.worker.state_machine", "distributed.nanny")
"""The loggers of a worker process that report its close."""


def dask_setup(worker: Any) -> None:
    """Watch the pid in :data:`PARENT_PID_ENV`, ignore Ctrl-C and stay quiet while closing
    (nothing when unset: a user's own cluster)."""
    parent = os.environ.get(PARENT_PID_ENV)
    if not parent:
        return
    die_with_parent(int(parent), kernel_signal=False)
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (distributed runs preloads there): leave it
        pass

    def open_worker(record: logging.LogRecord) -> bool:
        return getattr(worker.status, "name", "") not in CLOSING

    for name in QUIET_LOGGERS:
        logging.getLogger(name).addFilter(open_worker)

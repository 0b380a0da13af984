"""Preload of the workers of the local Dask cluster ``make_executor("dask")`` starts.

Distributed imports this module in every worker process it starts and calls :func:`dask_setup`
before the worker takes tasks. The worker then ends when the nqpf process that started the
cluster dies, however it dies (SIGKILL included), like the local pool's workers
(:func:`nqpf.sim.experiments.batch.die_with_parent`). The pid comes from
:data:`~nqpf.sim.experiments.batch.PARENT_PID_ENV`, set by ``make_executor``, so a worker started
after its parent died exits at once instead of watching the process that adopted it.
"""

from __future__ import annotations

import os
from typing import Any

from nqpf.sim.experiments.batch import PARENT_PID_ENV, die_with_parent


def dask_setup(worker: Any) -> None:
    """Watch the pid in :data:`PARENT_PID_ENV` (nothing when unset: a user's own cluster)."""
    parent = os.environ.get(PARENT_PID_ENV)
    if parent:
        die_with_parent(int(parent), kernel_signal=False)

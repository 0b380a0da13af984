"""What the command groups share: the consoles, user errors, and the executor options.

Only typer, rich's console and the standard library are imported here: ``nqpf --help`` must
stay instant, so every command imports the engine, pandas, matplotlib, Dask or SALib inside
its own body.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from concurrent.futures import Executor

out = Console()
err = Console(stderr=True)
STATE = {"debug": False}
"""Global options of the command line (``--debug``), set by the app's callback."""


class UserError(Exception):
    """Bad input from the user: reported in one paragraph, exit code 2."""


def user_errors() -> tuple[type[BaseException], ...]:
    """The exception classes that are the user's input errors (exit code 2, no traceback).

    Imported only when an error is being reported, so that the command line starts fast."""
    from nqpf.sim.config import ScenarioError

    try:
        from nqpf.sim.data.errors import DataFileError
        from nqpf.sim.experiments.outdir import OutputError
    except ImportError:  # a broken install: still report scenario errors cleanly
        return (ScenarioError, UserError)
    return (ScenarioError, UserError, DataFileError, OutputError)


def print_user_error(exc: BaseException) -> None:
    """The one-paragraph report of a user's input error on stderr (no traceback)."""
    from rich.markup import escape  # messages quote '[share of GDP]', '[[world.regions]]'

    err.print(f"[bold red]error:[/bold red] {escape(str(exc))}", highlight=False, soft_wrap=True)


class ExecutorKind(str, Enum):
    """Where runs happen: ``--executor local|dask``."""

    local = "local"
    dask = "dask"


ExecutorOption = Annotated[ExecutorKind, typer.Option(help="local processes, or Dask distributed.")]
SchedulerOption = Annotated[
    str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")
]
JobsOption = Annotated[
    int | None, typer.Option(help="Parallel runs (default: all cores; 1 = serial).")
]


def open_executor(
    executor: ExecutorKind, jobs: int | None, scheduler: str | None, **options: Any
) -> Executor:
    """The run pool a command asked for (:func:`nqpf.sim.experiments.batch.make_executor`); bad
    option combinations and an unreachable scheduler become one-line errors."""
    from nqpf.sim.experiments.batch import make_executor

    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs must be at least 1 (got {jobs}).")
    if scheduler and executor is not ExecutorKind.dask:
        raise UserError("--scheduler goes with --executor dask.")
    try:
        return make_executor(executor.value, jobs, scheduler, **options)
    except (ValueError, OSError) as exc:
        raise UserError(str(exc)) from None

"""What the command groups share: the consoles, user errors, and the executor options.

Only typer, rich's console and the standard library are imported here: ``nqpf --help`` must
stay instant, so every command imports the engine, pandas, matplotlib, Dask or SALib inside
its own body.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

if TYPE_CHECKING:
    from concurrent.futures import Executor

out = Console()
err = Console(stderr=True)
STATE = {"debug": False, "interrupted": False}
"""Global options of the command line (``--debug``), set by the app's callback, and whether a
command has reported its Ctrl-C (:func:`on_interrupt`)."""


class UserError(Exception):
    """Bad input from the user: reported in one paragraph, exit code 2."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with the line that says what was kept (raised by a command that knows it better
    than the message of its :func:`on_interrupt`)."""


@contextmanager
def on_interrupt(message: str) -> Iterator[None]:
    """Ctrl-C inside: print ``message`` (or the :class:`Interrupted`'s) as one line, after the
    clean-up inside has run, and exit with code 130. Without it typer turns a
    ``KeyboardInterrupt`` into a silent exit 130 (the top level then says only
    ``interrupted``)."""
    try:
        yield
    except KeyboardInterrupt as exc:
        raise interrupted(str(exc) if isinstance(exc, Interrupted) else message) from None


def interrupted(message: str) -> typer.Exit:
    """Print the line of a Ctrl-C; the exit (code 130) to raise."""
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    STATE["interrupted"] = True
    return typer.Exit(130)


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``1 run``, ``2 runs`` (``nouns`` for an irregular plural)."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


@contextmanager
def writing(target: Path, after: str) -> Iterator[None]:
    """Writing the outputs of a command into ``target``: an ``OSError`` inside (a full disk, a
    read-only or busy folder) becomes a :class:`UserError` naming the path, ``cannot write
    <path>: <reason>``, followed by ``after`` (what is kept, what to do). Errors without an
    errno or of a connection (a Dask worker's) are not write errors and pass through."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None or isinstance(exc, (ConnectionError, TimeoutError)):
            raise
        raise UserError(f"{cannot_write(exc, target)}; {after}") from None


def cannot_write(exc: OSError, target: Path) -> str:
    """``cannot write <path>: <reason>``: the file of the error when it is outside ``target``
    (a scenario written elsewhere), else ``target`` itself (not its hidden temporary sibling)."""
    reason = os.strerror(exc.errno) if exc.errno else exc.strerror or str(exc)
    target = Path(target)
    path = target
    if exc.filename:
        file = Path(os.fsdecode(exc.filename)).absolute()
        home = target.absolute()
        temporary = any(  # the hidden sibling it is written into, .<name>.tmp-<pid>
            a.parent == home.parent and a.name.startswith(f".{home.name}.")
            for a in (file, *file.parents)
        )
        if file != home and home not in file.parents and not temporary:
            path = file
    if exc.errno == errno.EBUSY and os.path.ismount(path):
        reason += " (a mount point cannot be replaced; choose a folder inside it)"
    return f"cannot write {path}: {reason}"


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


FILE_KINDS = {
    # kind: (module, schema class, the command that takes it, where the shipped ones are)
    "scenario file": ("nqpf.sim.config.scenario", "Scenario", "nqpf run", "scenarios/"),
    "sweep spec": (
        "nqpf.sim.experiments.sweep_spec",
        "SweepSpec",
        "nqpf sweep",
        "scenarios/sweeps/",
    ),
    "policy-search config": (
        "nqpf.sim.experiments.policy_spec",
        "PolicySearchSpec",
        "nqpf optimise",
        "scenarios/policy/",
    ),
    "calibration config": (
        "nqpf.calibration.config_schema",
        "CalibrationConfig",
        "nqpf calibrate",
        "calibration/",
    ),
}
"""The kinds of configuration file, told apart by their top-level fields (:func:`file_kind`)."""


def file_kind(path: Path) -> str | None:
    """Which kind of configuration file ``path`` is, from its top-level keys: the kind whose
    schema has most of them (a scenario also has ``extends``; ``name`` and ``description`` are
    every kind's). A file is another kind than a scenario only when at least two of its keys are
    that kind's and it has more of them than scenario sections, so that a scenario with a
    misspelt section stays a scenario. None when the file cannot be read as TOML."""
    import importlib
    import tomllib

    try:
        keys = set(tomllib.loads(path.read_text(encoding="utf-8-sig"))) - {"name", "description"}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    score: dict[str, int] = {}
    for kind, (module, schema, *_) in FILE_KINDS.items():
        try:
            fields = set(getattr(importlib.import_module(module), schema).model_fields)
        except ImportError:  # a broken install: that kind is not recognised
            continue
        score[kind] = len(keys & (fields | ({"extends"} if kind == "scenario file" else set())))
    if not score:
        return None
    best = max(score, key=lambda kind: score[kind])  # the first of equals: scenario first
    if best != "scenario file" and score[best] < 2:
        return "scenario file"
    return best


def check_kind(path: Path, expected: str) -> None:
    """Raise a :class:`UserError` when ``path`` is another kind of configuration file than the
    command takes (a sweep spec given to ``nqpf run``), naming its kind and its command; called
    when the file failed to load, so a good file costs nothing."""
    kind = file_kind(path) if path.is_file() else None
    if kind is None or kind == expected:
        return
    command, examples = FILE_KINDS[kind][2], FILE_KINDS[expected][3]
    raise UserError(
        f"{path}: this is a {kind}, not a {expected}; run it with '{command} {path}' (or check "
        f"it with 'nqpf validate {path}'). This command takes a {expected}, like those in "
        f"{examples}."
    )


@contextmanager
def loading(path: Path, expected: str, errors: type[Exception]) -> Iterator[None]:
    """Load ``path`` inside: when the load raises ``errors`` and the file is another kind of
    configuration file than ``expected``, that is reported instead (:func:`check_kind`)."""
    try:
        yield
    except errors:
        check_kind(path, expected)
        raise


def load_scenario(
    path: Path, overrides: list[str], options: dict[str, tuple[str, Any]] | None = None
) -> Any:
    """:meth:`Scenario.load`; a file that fails because it is a sweep spec, a policy-search or a
    calibration config is reported as such, with the command that takes it."""
    from nqpf.sim.config import Scenario, ScenarioError

    with loading(path, "scenario file", ScenarioError):
        return Scenario.load(path, overrides=overrides, options=options)


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
    cpus = os.cpu_count() or 1
    if jobs is not None and jobs > cpus and executor is ExecutorKind.local:
        err.print(
            f"[yellow]warning:[/yellow] --jobs {jobs} starts more worker processes than this "
            f"machine's {cpus} CPUs: runs go no faster than with --jobs {cpus}, and each worker "
            "holds its own copy of the model (about 150 MB).",
            highlight=False,
        )
    try:
        return make_executor(executor.value, jobs, scheduler, **options)
    except (ValueError, OSError) as exc:
        if isinstance(exc.__cause__, ImportError):  # Dask is not installed: not the address
            raise UserError(str(exc)) from None
        if scheduler:  # a malformed or unreachable address: name the option
            raise UserError(
                f"--scheduler {scheduler!r}: {exc}. Give the Dask scheduler's address, e.g. "
                "tcp://127.0.0.1:8786."
            ) from None
        raise UserError(str(exc)) from None

"""The ``nqpf`` command line: run, validate, docs, compare, sweep, sensitivity, optimise,
calibrate, backtest, ui.

Bad input (a scenario, a data file, an argument) exits with code 2 and one clear message; a
traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback
from typing import Annotated

import typer

from nqpf.sim.cli import backtest, calibrate, compare, optimise, run, sweep, ui
from nqpf.sim.cli.common import STATE, err, print_user_error, user_errors
from nqpf.sim.cli.helptext import Command, Group, show_version, unwrapped

app = typer.Typer(
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="nqpf: agent-based simulator of China's regional economies "
    "(new quality productive forces: tailored strategies versus herding).",
)


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=show_version,
            help="Show the version of nqpf (and the git commit of a checkout) and exit.",
        ),
    ] = False,
) -> None:
    STATE["debug"] = debug
    STATE["interrupted"] = False


# Commands in the order of ``nqpf --help``; their help is their docstring, its paragraphs
# unwrapped (the terminal wraps them).
for _command in (
    run.run,
    run.validate,
    run.docs,
    sweep.sweep,
    sweep.sensitivity,
    optimise.optimise,
    compare.compare,
    calibrate.calibrate,
    backtest.backtest,
    ui.ui,
):
    app.command(cls=Command, help=unwrapped(_command.__doc__))(_command)


def main() -> None:
    """Console entry point: user errors become one message and exit code 2; Ctrl-C one line
    saying what was kept and exit code 130."""
    args = debug_first(sys.argv[1:])
    try:
        # typer returns (not raises) Exit codes, and 130 on a Ctrl-C no command reported
        code = app(args=args, standalone_mode=False)
        if code == 130 and not STATE["interrupted"]:
            err.print("interrupted")
        if isinstance(code, int) and code:
            sys.exit(code)
    except SystemExit:
        raise
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the top level decides how errors look
        # By class name: typer >= 0.26 raises its own vendored copy of click's exceptions.
        kinds = {cls.__name__ for cls in type(exc).__mro__}
        if "ClickException" in kinds:
            exc.show()
            sys.exit(exc.exit_code)
        if "Exit" in kinds:
            sys.exit(exc.exit_code)
        if STATE["debug"]:
            traceback.print_exc()
        from rich.markup import escape  # messages quote '[share of GDP]', '[[world.regions]]'

        if isinstance(exc, user_errors()):
            print_user_error(exc)
            sys.exit(2)
        hint = "" if STATE["debug"] else f" (for the traceback: {debug_command(args)})"
        err.print(
            f"[bold red]model error:[/bold red] {type(exc).__name__}: {escape(str(exc) + hint)}",
            highlight=False,
            soft_wrap=True,  # the command line in the hint stays whole for copying
        )
        sys.exit(1)


def debug_first(args: list[str]) -> list[str]:
    """The arguments with ``--debug`` moved before the command: it is the app's option, and
    accepted anywhere before a ``--`` (``nqpf run x.toml --debug`` as ``nqpf --debug run
    x.toml``)."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


def debug_command(args: list[str]) -> str:
    """The command line that was run, again with ``--debug``: ``nqpf --debug run x.toml``."""
    import shlex

    return shlex.join(["nqpf", "--debug", *args])

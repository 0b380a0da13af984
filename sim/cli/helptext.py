"""How ``nqpf --help`` and ``nqpf COMMAND --help`` are laid out, and ``nqpf --version``.

Typer draws the options in a rich table whose cells end in an ellipsis when the table is wider
than the terminal (80 columns, or any pipe): ``--check-identificat…``, ``(default
out/calibration/<nam…``. Here every cell wraps instead (a word too long for its column is folded
onto the next line), and the option names keep their whole width, so that an option or a
default is never cut. The help of a command is its docstring with the docstring's line breaks
made spaces (a paragraph wraps at the terminal's width, not at the source's).

Only typer's core is imported here: its rich formatter (``typer.rich_utils``, about 0.1 s) is
loaded when help is printed, not when the command line starts.
"""

from __future__ import annotations

import inspect
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def unwrapped(doc: str | None) -> str:
    """A docstring as help text: paragraphs kept, the line breaks inside each made spaces."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def fold_help_tables() -> None:
    """Make typer's help tables wrap, never truncate (idempotent)."""
    from rich.columns import Columns
    from rich.table import Table
    from rich.text import Text
    from typer import rich_utils

    if getattr(rich_utils.Table, "folds", False):
        return

    class FoldingTable(Table):
        """A help table whose cells wrap (a long word is folded), never end in an ellipsis. In
        the options table (columns made by its rows) the option names are not wrapped either:
        the type and the help column give way."""

        folds = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.own_columns = False

        def add_column(self, *args: Any, **kwargs: Any) -> None:
            self.own_columns = True  # the commands table: its columns are typer's choice
            super().add_column(*args, **kwargs)

        def add_row(self, *renderables: Any, **kwargs: Any) -> None:
            super().add_row(*renderables, **kwargs)
            for index, column in enumerate(self.columns):
                column.overflow = "fold"
                if not self.own_columns and index < len(self.columns) - 2:
                    column.no_wrap = True  # required mark and option names; not type, help

    class FoldingColumns(Columns):
        """An option's help, default and [required] mark: each folds a word too long for the
        column (``out/calibration/<name>[-quick]``) instead of ending it in an ellipsis."""

        def __init__(self, renderables: Any = None, *args: Any, **kwargs: Any) -> None:
            for item in renderables or ():
                if isinstance(item, Text):
                    item.overflow = "fold"
            super().__init__(renderables, *args, **kwargs)

    rich_utils.Table = FoldingTable
    rich_utils.Columns = FoldingColumns


class HelpMixin:
    """Help printed with :func:`fold_help_tables` in force."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        fold_help_tables()
        super().format_help(ctx, formatter)  # type: ignore[misc]


class Group(HelpMixin, TyperGroup):
    """The ``nqpf`` group (``typer.Typer(cls=Group)``)."""


class Command(HelpMixin, TyperCommand):
    """An ``nqpf`` command (``app.command(cls=Command)``)."""


def version_text() -> str:
    """``nqpf 0.1.0 (git c312c9b)``: the installed version and the checkout's commit when it
    runs from one (``+dirty`` when tracked files differ)."""
    from nqpf.sim.experiments.provenance import git_revision, package_version

    rev = git_revision()
    if rev:
        commit, _, dirty = rev.partition("+")
        return f"nqpf {package_version()} (git {commit[:12]}{'+' + dirty if dirty else ''})"
    return f"nqpf {package_version()}"


def show_version(value: bool) -> None:
    """The callback of ``--version``: print :func:`version_text` and exit."""
    if value:
        print(version_text())
        raise typer.Exit()

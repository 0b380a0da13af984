"""One output column: the table it is in, its name, unit and meaning, and its two labels.

Every column of the four output tables is declared once, as a :class:`Column`, in
:mod:`.national`, :mod:`.regions`, :mod:`.industries` or :mod:`.region_industries`; the recorder, the generated
``docs/outputs.md``, reports, sweeps and the dashboard all read these declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["LANGS", "Column", "Lang", "declare"]

Lang = Literal["en", "zh"]
"""A display language: English or Chinese."""
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Column:
    """A column of an output table.

    Attributes
    ----------
    table : str
        ``national``, ``regions``, ``industries`` or ``region_industries``.
    name : str
        Column name in the table (snake case).
    unit : str
        Unit of the stored value, e.g. ``bn yuan/year``, ``share``, ``1/year``, ``-``.
    meaning : str
        What the value is, with its formula where there is one.
    en, zh : str
        Label shown in English and in Chinese (reports, plots, dashboard).
    """

    table: str
    name: str
    unit: str
    meaning: str
    en: str
    zh: str

    def label(self, lang: Lang = "en") -> str:
        """The label in ``lang`` (``"en"`` or ``"zh"``; ValueError otherwise)."""
        return (self.en, self.zh)[LANGS.index(lang)]


def declare(table: str, rows: Iterable[tuple[str, str, str, str, str]]) -> tuple[Column, ...]:
    """Columns of ``table`` from ``(name, unit, meaning, English label, Chinese label)`` rows.

    Raises
    ------
    ValueError
        If a name is declared twice or a row lacks a label.
    """
    columns = tuple(Column(table, *row) for row in rows)
    seen: set[str] = set()
    for column in columns:
        if column.name in seen:
            raise ValueError(f"output column {table}.{column.name} declared twice")
        if not (column.en and column.zh):
            raise ValueError(f"output column {table}.{column.name} lacks a label")
        seen.add(column.name)
    return columns

"""Look-ups over the declared output columns: a table's columns, a column's unit and labels."""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Column
from nqpf.sim.outputs.industries import INDUSTRIES
from nqpf.sim.outputs.national import NATIONAL
from nqpf.sim.outputs.region_industries import REGION_INDUSTRIES
from nqpf.sim.outputs.regions import REGIONS

__all__ = ["COLUMNS", "TABLES", "columns_of", "find", "get", "unit_of"]

TABLES: Final[tuple[str, ...]] = ("national", "regions", "industries", "region_industries")
"""The output tables, in the order they are written and documented."""
COLUMNS: Final[tuple[Column, ...]] = NATIONAL + REGIONS + INDUSTRIES + REGION_INDUSTRIES
"""Every declared column, table by table, each table in output order."""

_BY_KEY: Final[dict[tuple[str, str], Column]] = {(c.table, c.name): c for c in COLUMNS}


def columns_of(table: str) -> list[str]:
    """Column names of a table, in output order (empty for an unknown table)."""
    return [c.name for c in COLUMNS if c.table == table]


def find(table: str, name: str) -> Column | None:
    """The declaration of ``table.name``, or None when there is none."""
    return _BY_KEY.get((table, name))


def get(table: str, name: str) -> Column:
    """The declaration of ``table.name``; KeyError naming both when there is none."""
    column = _BY_KEY.get((table, name))
    if column is None:
        raise KeyError(f"no column {name!r} in table {table!r}")
    return column


def unit_of(table: str, name: str) -> str:
    """Unit of a column, for plot labels; KeyError when the column is not declared."""
    return get(table, name).unit

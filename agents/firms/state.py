"""Firms: columnar state owned by the model, and ``Firm`` agents that are views on rows.

Every yearly phase over firms is a function of arrays (``agents/firms/``: costs, investment and
entry, production, settlement); nothing loops over firms. A firm's balance sheet: assets = installed capital ``capital`` + capital under
construction ``pipeline``; liabilities = bank ``debt``; equity = assets - debt (derived, never
stored separately, so the identity cannot drift). ``fund_equity`` records the part of the equity
that venture and guidance funds paid in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import mesa
import numpy as np


@dataclass(slots=True)
class FirmArrays:
    """State of all live firms; index = row, ``id`` = stable firm id (ascending).

    The arrays are the model's working memory, not snapshots: phases on the compiled path
    write new values into them in place, and :meth:`drop` reuses their buffers, so an array
    taken from ``model.world.firms`` holds other values (even other firms) after a ``step()``.
    Copy what you keep across steps (``model.world.firms.capital.copy()``)."""

    id: np.ndarray
    """Stable firm id (int64, ascending by row)."""
    draw_key: np.ndarray
    """Key of the firm's own random draws (int64; ``sim.random_streams``): a start firm's id, an
    entrant's entry year, cell and rank within the cell, the same in any scenario that has it."""
    region: np.ndarray
    """Region index (int)."""
    industry: np.ndarray
    """Industry index (int)."""
    state_owned: np.ndarray
    """True for state-owned firms (bool)."""
    capital: np.ndarray
    """Installed capital K_i [bn yuan]."""
    capacity: np.ndarray
    """Output capacity of the installed capital [bn yuan/year at reference prices]; each vintage
    adds its capital divided by the capital cost per unit of capacity when it came on line."""
    pipeline: np.ndarray
    """Capital under construction, shape (firms, P); column j comes on line in j+1 years [bn yuan]."""
    productivity: np.ndarray
    """Firm productivity z_i (unit cost divides by it) [index]."""
    misfit: np.ndarray
    """Cost factor from the gap between the industry's technology intensity and the region's
    capability when the firm entered (1 = no gap; incumbents at the start year: 1) [x]."""
    debt: np.ndarray
    """Bank loans outstanding D_i [bn yuan]."""
    fund_equity: np.ndarray
    """Equity paid in by venture and guidance funds, at cost [bn yuan]."""
    age: np.ndarray
    """Years since entry (int)."""
    zombie: np.ndarray
    """Insolvent but kept alive by its local government (bool)."""
    unit_cost: np.ndarray
    """Mean variable cost per unit of output this year [yuan per reference yuan]."""
    output: np.ndarray
    """Output this year [bn yuan/year at reference prices]."""
    revenue: np.ndarray
    """Sales this year [bn yuan/year]."""
    profit: np.ndarray
    """Accounting profit this year: cash flow less depreciation [bn yuan/year]."""
    investment: np.ndarray
    """Capital ordered this year [bn yuan/year]."""
    subsidy: np.ndarray
    """Subsidies received this year (investment, R&D, zombie support) [bn yuan/year]."""
    rd: np.ndarray
    """R&D spending this year [bn yuan/year]."""
    labor: np.ndarray
    """Workers employed this year [million]."""
    interest_rate: np.ndarray
    """Interest rate on the firm's loans this year [1/year]."""
    operating_surplus: np.ndarray
    """Revenue less variable costs this year, at the cleared price [bn yuan/year]."""
    upgrading: np.ndarray
    """Upgrading (technical-renovation) spending its government funds this year relative to the
    firm's capital [1/year]; 0 without a programme."""
    _cells: tuple | None = field(default=None, init=False, repr=False, compare=False)
    """Cache of ``cells``: (region array, industry array, industries, cell index)."""
    _room: dict[str, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)
    """Fields followed by spare rows: name -> the very array :meth:`drop` or :meth:`extend`
    made, a view on the first rows of a longer buffer. ``extend`` writes entrants
    into the spare rows of a field that is still that array (phases on the compiled path give
    the fields new values in place; one that replaces a field loses its spare rows)."""
    _free: dict[str, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)
    """Buffers the fields viewed before the last :meth:`drop`, which no field views now: the
    next drop gathers into them (name -> buffer)."""

    @property
    def n(self) -> int:
        return len(self.id)

    @property
    def under_construction(self) -> np.ndarray:
        """Capital ordered and not yet installed, all arrival years [bn yuan].

        Adds the few pipeline columns one by one: the same numbers as ``pipeline.sum(axis=1)``
        (a sequential sum per row) at a fraction of the cost of a reduction over a short axis.
        """
        p = self.pipeline
        total = p[:, 0].copy()
        for j in range(1, p.shape[1]):
            total += p[:, j]
        return total

    @property
    def assets(self) -> np.ndarray:
        """Installed capital plus capital under construction [bn yuan]."""
        return self.capital + self.under_construction

    @property
    def equity(self) -> np.ndarray:
        """Assets less debt [bn yuan] (negative = insolvent)."""
        return self.assets - self.debt

    def cells(self, n_industries: int) -> np.ndarray:
        """Each firm's region-industry cell, ``region x n_industries + industry`` (int64).

        Computed once per set of firms (kept while ``region`` and ``industry`` are the same
        arrays: phases replace these arrays, never change them in place, and :meth:`drop`, which
        gathers into reused buffers, sets the cache again), so that the many region x industry
        tables read at firms' cells cost one flat gather each (see ``at``).
        """
        c = self._cells
        if (
            c is None
            or c[0] is not self.region
            or c[1] is not self.industry
            or c[2] != n_industries
        ):
            c = (
                self.region,
                self.industry,
                n_industries,
                self.region * n_industries + self.industry,
            )
            self._cells = c
        return c[3]

    def at(self, table: np.ndarray) -> np.ndarray:
        """A regions x industries ``table`` read at each firm's cell: the same numbers as
        ``table[region, industry]``, by one gather on the flattened table."""
        return np.take(table, self.cells(table.shape[1]))

    def select(self, rows: np.ndarray) -> FirmArrays:
        """A new FirmArrays with the given rows (boolean mask or index array)."""
        mode = "raise"
        if rows.dtype == bool:
            if rows.shape != (self.n,):
                raise IndexError(f"a row mask needs {self.n} entries, got shape {rows.shape}")
            rows = np.flatnonzero(rows)  # one scan of the mask, not one per field
            mode = "clip"  # rows of a mask are in range: no bounds check per field
        # take along the rows: the same rows as fancy indexing, several times faster for the
        # two-dimensional pipeline (the arrays' own method: np.take's wrapper costs a call more
        # per field); the fields in their order of declaration, as ``ARRAYS`` lists them
        cells = self._cells_of(rows)
        picked = FirmArrays(*[getattr(self, name).take(rows, 0, None, mode) for name in ARRAYS])
        picked._keep_cells(cells)
        return picked

    def _cells_of(self, rows: np.ndarray) -> tuple[int, np.ndarray] | None:
        """The cached cell index (``cells``) at ``rows``, with its number of industries, or None
        where the cache is not current."""
        c = self._cells
        if c is not None and c[0] is self.region and c[1] is self.industry:
            return c[2], np.take(c[3], rows)
        return None

    def _keep_cells(self, cells: tuple[int, np.ndarray] | None) -> None:
        """Cache ``cells`` (from :meth:`_cells_of`) for this object's region and industry."""
        self._cells = None if cells is None else (self.region, self.industry, *cells)

    def drop(self, leaving: np.ndarray, room_for: int) -> None:
        """Remove the rows where the mask ``leaving`` is true, in place: the values of
        ``select(~leaving)``, each field followed by spare rows for at least ``room_for``
        entrants (:meth:`extend`). The rows that stay are gathered into the buffer the field
        left at the previous ``drop`` where it is large enough (else into a new one with room
        for ``2 room_for``): a field the phases write in place needs no new array from year to
        year. The arrays this object held two drops ago are then overwritten (nothing holds
        them: phases read ``w.firms``)."""
        if leaving.dtype != bool or leaving.shape != (self.n,):
            raise IndexError(
                f"drop takes a mask of {self.n} booleans, got {leaving.dtype} {leaving.shape}"
            )
        rows = np.flatnonzero(~leaving)
        k, room, free, cells = len(rows), self._room or {}, self._free or {}, self._cells_of(rows)
        kept, left = {}, {}
        for name in ARRAYS:
            a = getattr(self, name)
            target = free.get(name)
            fits = target is not None and len(target) >= k + room_for
            if not fits or (target.dtype, target.shape[1:]) != (a.dtype, a.shape[1:]):
                target = np.empty((k + 2 * room_for, *a.shape[1:]), dtype=a.dtype)
            kept[name] = target[:k]
            a.take(rows, 0, kept[name], "clip")
            if room.get(name) is a and a.base is not None:
                left[name] = a.base  # no field views it now: the next drop's target
            setattr(self, name, kept[name])
        self._room, self._free = kept, left
        self._keep_cells(cells)

    def extend(self, other: FirmArrays) -> None:
        """Append the rows of ``other`` (entrants) in place: into a field's spare rows where it
        has enough of them (``_room``), else by a new array; the same values either way."""
        room, grown = self._room or {}, {}
        for name in ARRAYS:
            a, b = getattr(self, name), getattr(other, name)
            n, m = len(a), len(b)
            buffer = a.base
            if room.get(name) is a and buffer is not None and len(buffer) >= n + m:
                buffer[n : n + m] = b
                grown[name] = buffer[: n + m]
                setattr(self, name, grown[name])
            else:
                setattr(self, name, np.concatenate([a, b]))
        self._room = grown or None

    def row_of(self, firm_id: int) -> int:
        """Row of a firm id, or -1 if the firm has exited."""
        i = int(np.searchsorted(self.id, firm_id))
        return i if i < self.n and self.id[i] == firm_id else -1


ARRAYS: tuple[str, ...] = tuple(f.name for f in fields(FirmArrays) if not f.name.startswith("_"))
"""Names of the per-firm array fields of ``FirmArrays`` (the cache is not one)."""


def empty_firms(n: int, pipeline_years: int) -> FirmArrays:
    """Zero-filled arrays for ``n`` firms (callers fill the fields that matter)."""
    z = np.zeros(n)
    return FirmArrays(
        id=np.zeros(n, dtype=np.int64),
        draw_key=np.zeros(n, dtype=np.int64),
        region=np.zeros(n, dtype=np.int64),
        industry=np.zeros(n, dtype=np.int64),
        state_owned=np.zeros(n, dtype=bool),
        capital=z.copy(),
        capacity=z.copy(),
        pipeline=np.zeros((n, pipeline_years)),
        productivity=np.ones(n),
        misfit=np.ones(n),
        debt=z.copy(),
        fund_equity=z.copy(),
        age=np.zeros(n, dtype=np.int64),
        zombie=np.zeros(n, dtype=bool),
        unit_cost=z.copy(),
        output=z.copy(),
        revenue=z.copy(),
        profit=z.copy(),
        investment=z.copy(),
        subsidy=z.copy(),
        rd=z.copy(),
        labor=z.copy(),
        interest_rate=z.copy(),
        operating_surplus=z.copy(),
        upgrading=np.zeros(n),
    )


class Firm(mesa.Agent):
    """A firm: a view on one row of ``model.firms`` (found by its stable id), no state of its own."""

    def __init__(self, model: mesa.Model, firm_id: int) -> None:
        super().__init__(model)
        self.firm_id = firm_id

    def _get(self, name: str) -> float:
        row = self.model.world.firms.row_of(self.firm_id)
        if row < 0:
            raise LookupError(f"firm {self.firm_id} has exited")
        return getattr(self.model.world.firms, name)[row]

    @property
    def alive(self) -> bool:
        return self.model.world.firms.row_of(self.firm_id) >= 0

    @property
    def region(self) -> str:
        return self.model.world.geography.name[int(self._get("region"))]

    @property
    def industry(self) -> str:
        return self.model.world.industries.keys[int(self._get("industry"))]

    @property
    def capital(self) -> float:
        """Installed capital [bn yuan]."""
        return float(self._get("capital"))

    @property
    def debt(self) -> float:
        """Bank loans [bn yuan]."""
        return float(self._get("debt"))

    @property
    def output(self) -> float:
        """Output this year [bn yuan at reference prices]."""
        return float(self._get("output"))

    @property
    def productivity(self) -> float:
        return float(self._get("productivity"))

    @property
    def zombie(self) -> bool:
        return bool(self._get("zombie"))

    def summary(self) -> dict[str, object]:
        """Everything about this firm in one dict (for the dashboard's inspector)."""
        row = self.model.world.firms.row_of(self.firm_id)
        if row < 0:
            return {"firm_id": self.firm_id, "alive": False}
        f = self.model.world.firms
        return {
            "firm_id": self.firm_id,
            "alive": True,
            "region": self.region,
            "industry": self.industry,
            "state_owned": bool(f.state_owned[row]),
            "capital": float(f.capital[row]),
            "under_construction": float(f.pipeline[row].sum()),
            "debt": float(f.debt[row]),
            "equity": float(f.equity[row]),
            "productivity": float(f.productivity[row]),
            "unit_cost": float(f.unit_cost[row]),
            "output": float(f.output[row]),
            "profit": float(f.profit[row]),
            "age": int(f.age[row]),
            "zombie": bool(f.zombie[row]),
        }

    def __repr__(self) -> str:
        return f"Firm({self.firm_id})"

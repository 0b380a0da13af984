"""The industry table: shipped defaults (``sim/data/industries.toml``) plus scenario overrides.

Each industry carries the columns of design §2; ``IndustryTable`` holds them as arrays indexed by
industry id so that firm phases can gather an industry parameter for every firm at once
(``table.capital_intensity[firm.industry]``).
"""

from __future__ import annotations

import json
import threading
import tomllib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from nqpf.sim.memo import fresh_copy

TABLE_PATH = Path(__file__).resolve().parent / "industries.toml"
TIERS = ("traditional", "emerging", "future")
NUMERIC_FIELDS = {
    # field: (lower, upper)
    "tech_intensity": (0.0, 1.0),
    "capital_intensity": (0.05, 20.0),
    "min_efficient_scale": (0.001, 1e5),
    "time_to_build": (1, 10),
    "demand_2023": (0.0, 1e7),
    "demand_growth": (-0.5, 1.0),
    "price_elasticity": (0.05, 10.0),
    "export_share": (0.0, 1.0),
    "learning_rate": (0.0, 0.6),
    "rd_success_sd": (0.0, 3.0),
    "value_added_share": (0.01, 1.0),
}
TEXT_FIELDS = ("name_en", "name_zh", "tier", "note")
INTEGER_FIELDS = ("time_to_build",)
"""Numeric fields that count whole years: 2.7 is refused, not truncated to 2."""
OPTIONAL_NUMERIC_FIELDS = {"energy_intensity": 0.0, "skill_intensity": 0.0}
"""Cost shares an industry may declare (``sim/setup/endowments.py``), 0-1; default when absent."""
CHAIN_FIELDS = ("upstream", "upstream_input")
"""Optional fields of a stage of a supply chain: the industry whose output it uses
(``upstream``, a key of the table) and how much of it per unit of its own output
(``upstream_input``, reference-price yuan per yuan of gross output, at most its intermediate share
``1 - value_added_share``); ``sim/economics/chain.py``."""
BASE_FIELDS = ("base_sectors", "base_proxy", *OPTIONAL_NUMERIC_FIELDS, *CHAIN_FIELDS)
"""Optional fields: the cost shares above, and where the industry is on the start-year map
(``sim/data/industrial_base.py``)."""
IO_SECTORS = range(1, 43)
"""Sector codes of the 2007 provincial input-output tables."""
DEFAULT_BASE_SECTORS = tuple(range(6, 22))
"""``base_sectors`` of an industry that names none: the manufacturing sectors 6-21."""
BASE_PROXIES = ("gdp", "high_tech_revenue", "high_tech_rd", "basic_research")
DEFAULT_BASE_PROXY = {
    "traditional": "gdp",
    "emerging": "high_tech_revenue",
    "future": "basic_research",
}
"""``base_proxy`` of an industry that names none, by tier."""


@dataclass(frozen=True)
class IndustryTable:
    """Industry parameters as arrays (index = industry id); units as in the shipped table."""

    keys: tuple[str, ...]
    name_en: tuple[str, ...]
    name_zh: tuple[str, ...]
    tier: tuple[str, ...]
    tier_id: np.ndarray
    """0 traditional, 1 emerging, 2 future."""
    tech_intensity: np.ndarray
    capital_intensity: np.ndarray
    min_efficient_scale: np.ndarray
    time_to_build: np.ndarray
    demand_2023: np.ndarray
    demand_growth: np.ndarray
    price_elasticity: np.ndarray
    export_share: np.ndarray
    learning_rate: np.ndarray
    rd_success_sd: np.ndarray
    value_added_share: np.ndarray
    energy_intensity: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0))
    """Share of unit cost that is energy [0-1]."""
    skill_intensity: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0))
    """Share of unit cost that is skilled labour [0-1]."""
    base_sectors: tuple[tuple[int, ...], ...] = ()
    """2007 input-output sector codes (1-42) that hold each industry (its concordance)."""
    base_proxy: tuple[str, ...] = ()
    """Series that brings each industry's 2007 base to the start year (``BASE_PROXIES``)."""
    upstream: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0, dtype=int))
    """Id of the industry whose output each industry uses as a chain input (-1: none)."""
    upstream_input: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0))
    """Upstream output used per unit of output at the reference cost [yuan per yuan]."""

    @property
    def n(self) -> int:
        return len(self.keys)

    def index(self, key: str) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            raise ValueError(f"unknown industry {key!r}; known: {', '.join(self.keys)}") from None


@lru_cache(maxsize=8)
def _read_table(path: str, mtime_ns: int, size: int) -> dict[str, dict[str, Any]]:
    """The parsed ``[industries]`` table of a file, read once per file version (a sweep builds
    hundreds of models from the same table; the file's time and size key the cache)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)["industries"]


def load_industries(
    overrides: dict[str, dict[str, Any]] | None = None, path: Path = TABLE_PATH
) -> IndustryTable:
    """Read the table and apply scenario overrides (``{key: {field: value}}``).

    Raises
    ------
    ValueError
        Naming the industry, the field, the value and what is allowed.
    """
    stat = path.stat()
    try:  # overrides as a canonical text: scalars and lists of them, as a scenario file has
        canonical = json.dumps(overrides or {}, sort_keys=True, allow_nan=True)
    except TypeError:  # anything else: built, not remembered
        return _build_table(_read_table(str(path), stat.st_mtime_ns, stat.st_size), overrides)
    key = (str(path), stat.st_mtime_ns, stat.st_size, canonical)
    with _BUILT_LOCK:
        table = _BUILT.get(key)
    if table is None:
        table = _build_table(_read_table(str(path), stat.st_mtime_ns, stat.st_size), overrides)
        with _BUILT_LOCK:
            while len(_BUILT) >= MAX_BUILT:
                _BUILT.pop(next(iter(_BUILT)))  # the oldest
            _BUILT[key] = table
    return fresh_copy(table)  # the remembered table is never handed out


MAX_BUILT = 32
"""Tables :func:`load_industries` remembers per process (file version x overrides)."""
_BUILT: dict[tuple[str, int, int, str], IndustryTable] = {}
"""Validated tables by file version and overrides (as canonical JSON): scenario validation and
every model built read the table, hundreds of times in a sweep. An invalid table raises and is
not kept."""
_BUILT_LOCK = threading.Lock()
"""The dashboard builds models from several threads."""


def _build_table(
    raw: dict[str, dict[str, Any]], overrides: dict[str, dict[str, Any]] | None
) -> IndustryTable:
    """The validated table from the file's rows and the scenario's overrides."""
    rows = {k: dict(v) for k, v in raw.items()}  # copies: the cached table is never changed
    for key, fields in (overrides or {}).items():
        if key not in rows:
            raise ValueError(f"industries.{key}: unknown industry; known: {', '.join(rows)}")
        for field, value in fields.items():
            if field not in NUMERIC_FIELDS and field not in (*TEXT_FIELDS, *BASE_FIELDS):
                raise ValueError(
                    f"industries.{key}.{field}: unknown field; allowed: "
                    f"{', '.join([*NUMERIC_FIELDS, *TEXT_FIELDS, *BASE_FIELDS])}"
                )
            rows[key][field] = value
    for key, row in rows.items():
        if row.get("tier") not in TIERS:
            raise ValueError(f"industries.{key}.tier = {row.get('tier')!r}; allowed: {TIERS}")
        for field, (lo, hi) in NUMERIC_FIELDS.items():
            value = row.get(field)
            if (
                not isinstance(value, (int, float))
                or isinstance(value, bool)
                or not lo <= value <= hi
            ):
                raise ValueError(
                    f"industries.{key}.{field} = {value!r}; allowed: a number in [{lo}, {hi}]"
                )
            if field in INTEGER_FIELDS and value != int(value):
                raise ValueError(
                    f"industries.{key}.{field} = {value!r}; allowed: a whole number of years "
                    f"in [{lo}, {hi}]"
                )
        _check_base(key, row)
    keys = tuple(rows)
    _check_chain(rows)

    def col(field: str, dtype: type = float) -> np.ndarray:
        return np.array([rows[k][field] for k in keys], dtype=dtype)

    return IndustryTable(
        keys=keys,
        name_en=tuple(rows[k]["name_en"] for k in keys),
        name_zh=tuple(rows[k]["name_zh"] for k in keys),
        tier=tuple(rows[k]["tier"] for k in keys),
        tier_id=np.array([TIERS.index(rows[k]["tier"]) for k in keys]),
        tech_intensity=col("tech_intensity"),
        capital_intensity=col("capital_intensity"),
        min_efficient_scale=col("min_efficient_scale"),
        time_to_build=col("time_to_build", int),
        demand_2023=col("demand_2023"),
        demand_growth=col("demand_growth"),
        price_elasticity=col("price_elasticity"),
        export_share=col("export_share"),
        learning_rate=col("learning_rate"),
        rd_success_sd=col("rd_success_sd"),
        value_added_share=col("value_added_share"),
        energy_intensity=np.array([rows[k].get("energy_intensity", 0.0) for k in keys], float),
        skill_intensity=np.array([rows[k].get("skill_intensity", 0.0) for k in keys], float),
        base_sectors=tuple(
            tuple(int(v) for v in rows[k].get("base_sectors", DEFAULT_BASE_SECTORS)) for k in keys
        ),
        base_proxy=tuple(
            rows[k].get("base_proxy", DEFAULT_BASE_PROXY[rows[k]["tier"]]) for k in keys
        ),
        upstream=np.array(
            [keys.index(rows[k]["upstream"]) if "upstream" in rows[k] else -1 for k in keys], int
        ),
        upstream_input=np.array([rows[k].get("upstream_input", 0.0) for k in keys], float),
    )


def _check_chain(rows: dict[str, dict[str, Any]]) -> None:
    """``upstream`` names another industry and comes with ``upstream_input`` in
    ``(0, 1 - value_added_share]``; chains have no cycle; an upstream industry's start-year demand
    covers what its downstream stages buy (``demand_2023 >= sum upstream_input x demand_2023``)."""
    derived = dict.fromkeys(rows, 0.0)
    for key, row in rows.items():
        if "upstream" not in row and "upstream_input" not in row:
            continue
        up, a = row.get("upstream"), row.get("upstream_input")
        if not isinstance(up, str) or up not in rows or up == key:
            raise ValueError(
                f"industries.{key}.upstream = {up!r}; allowed: the key of another industry "
                f"({', '.join(k for k in rows if k != key)})"
            )
        limit = 1.0 - row["value_added_share"]
        if isinstance(a, bool) or not isinstance(a, (int, float)) or not 0 < a <= limit:
            raise ValueError(
                f"industries.{key}.upstream_input = {a!r}; allowed: a number in (0, {limit:g}] "
                "(at most the intermediate share 1 - value_added_share)"
            )
        derived[up] += a * row["demand_2023"]
    for key in rows:
        seen, k = [key], rows[key].get("upstream")
        while k is not None:
            if k in seen:
                raise ValueError(
                    f"industries.{key}.upstream: the chain {' -> '.join([*seen, k])} is a cycle"
                )
            seen.append(k)
            k = rows[k].get("upstream")
    for key, need in derived.items():
        if need > rows[key]["demand_2023"] + 1e-9:
            raise ValueError(
                f"industries.{key}.demand_2023 = {rows[key]['demand_2023']!r}; allowed: at least "
                f"{need:g}, what its downstream stages buy at the start (upstream_input x their "
                "demand_2023)"
            )


def _check_base(key: str, row: dict[str, Any]) -> None:
    """``base_sectors``: a non-empty list of distinct codes 1-42; ``base_proxy``: a known name."""
    sectors = row.get("base_sectors", DEFAULT_BASE_SECTORS)
    if (
        not isinstance(sectors, (list, tuple))
        or not sectors
        or any(
            isinstance(v, bool) or not isinstance(v, int) or v not in IO_SECTORS for v in sectors
        )
        or len(set(sectors)) != len(sectors)
    ):
        raise ValueError(
            f"industries.{key}.base_sectors = {sectors!r}; allowed: a list of distinct "
            "sector codes 1-42 of the 2007 provincial input-output tables"
        )
    for name, default in OPTIONAL_NUMERIC_FIELDS.items():
        value = row.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"industries.{key}.{name} = {value!r}; allowed: a number in [0, 1]")
    proxy = row.get("base_proxy", DEFAULT_BASE_PROXY[row["tier"]])
    if proxy not in BASE_PROXIES:
        raise ValueError(
            f"industries.{key}.base_proxy = {proxy!r}; allowed: {', '.join(BASE_PROXIES)}"
        )

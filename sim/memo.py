"""Arrays as keys of per-process caches of pure functions (``functools.lru_cache`` with
:func:`frozen` keys, or :func:`memoised`).

A sweep or a calibration builds hundreds of economies in one process, and some steps of the
start year and of every year are pure functions of arrays that do not change between them
(the start-year trade calibration of one seed's map, the trade costs of a border setting, the
start firms of one seed). They are cached with their inputs' contents as the key, so a
remembered result is the computed one.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

Frozen = tuple[tuple[int, ...], str, bytes]
"""An array as a hashable cache key: shape, memory order ('C' or 'F') and bytes."""


def frozen(a: np.ndarray) -> Frozen:
    """``a`` (as float) as a cache key that gives back the same values in the same memory order
    for a C- or Fortran-contiguous array (a transposed one stays transposed: NumPy's sums run in
    another order over it, so the layout is part of what makes a result bit-identical); any
    other array comes back C-contiguous."""
    a = np.asarray(a, dtype=float)
    order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    return a.shape, order, a.tobytes(order=order)


def thawed(key: Frozen) -> np.ndarray:
    """The read-only array a :func:`frozen` key holds."""
    shape, order, data = key
    return np.frombuffer(data, dtype=float).reshape(shape, order=order)


def fresh_copy[T](obj: T) -> T:
    """A copy of a dataclass of arrays, lists, tuples and scalars that shares nothing mutable
    with ``obj`` (arrays and lists copied, the rest immutable): what a cache hands out, at a
    fraction of ``copy.deepcopy``'s cost."""
    changes = {}
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, np.ndarray):
            changes[f.name] = value.copy(order="K")
        elif isinstance(value, list):
            changes[f.name] = list(value)
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def array_key(*values: object) -> tuple:
    """Arrays, generators and hashable values as one cache key: each array as its dtype, shape,
    memory order and bytes (the layout is part of the key, as in :func:`frozen`: NumPy's
    reductions can run in another order over a transposed array), a random generator as its bit
    generator's whole state, anything else as itself."""
    key: list[object] = []
    for v in values:
        if isinstance(v, np.ndarray):
            order = "F" if v.flags.f_contiguous and not v.flags.c_contiguous else "C"
            # a strided view keys apart from its contiguous copy (NumPy may sum it in another order)
            layout = order if v.flags.c_contiguous or v.flags.f_contiguous else v.strides
            key.append((v.dtype.str, v.shape, layout, v.tobytes(order=order)))
        elif isinstance(v, np.random.Generator):
            key.append(repr(v.bit_generator.state))
        else:
            key.append(v)
    return tuple(key)


MAX_REMEMBERED_BYTES = 32 * 2**20
"""Largest call a :func:`memoised` cache remembers, its arrays' bytes in key and result [bytes]:
about 100,000 start firms; larger economies (one run per process in practice) are computed
each time, so a worker's caches stay within ``maxsize`` x 32 MB each."""


def memoised[**P, R](maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A per-process cache of a pure function of arrays and hashable values, keyed by
    :func:`array_key` of its arguments (their contents, so a remembered result is the computed
    one), holding the last ``maxsize`` results of at most :data:`MAX_REMEMBERED_BYTES` each. It
    hands out copies of a result (an array, a dataclass of arrays, or a tuple of these and
    immutable values), in the result's memory layout: nothing a caller does changes what is
    remembered. The function must not change its arguments, but for random generators: one passed
    in is keyed by its state before the call and left, on a remembered call too, in the state the
    computation left it (the same draws, the same generator state after).
    """

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        cache: OrderedDict[tuple, tuple[R, list[dict]]] = OrderedDict()
        stats = {"hits": 0, "misses": 0}

        @functools.wraps(fn)
        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                raise TypeError(f"{fn.__name__}: memoised functions take positional arguments")
            key = array_key(*args)
            generators = [a for a in args if isinstance(a, np.random.Generator)]
            if key in cache:
                stats["hits"] += 1
                cache.move_to_end(key)
                result, states = cache[key]
                for g, state in zip(generators, states, strict=True):
                    g.bit_generator.state = state  # where the draws left it
            else:
                stats["misses"] += 1
                result = fn(*args)
                if _nbytes(key) + _nbytes(result) > MAX_REMEMBERED_BYTES:
                    return result  # not remembered: nobody else holds it
                cache[key] = result, [g.bit_generator.state for g in generators]
                if len(cache) > maxsize:
                    cache.popitem(last=False)
            return _copied(result)

        def cache_clear() -> None:
            cache.clear()
            stats.update(hits=0, misses=0)

        cached.cache_clear = cache_clear  # type: ignore[attr-defined]
        cached.cache_info = lambda: {**stats, "size": len(cache)}  # type: ignore[attr-defined]
        return cached

    return wrap


def _nbytes(value: object) -> int:
    """Bytes of the arrays (and bytes objects) in a key or result, through tuples and dataclasses."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, tuple):
        return sum(_nbytes(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(_nbytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return 0


def _copied[T](value: T) -> T:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fresh_copy(value)
    if isinstance(value, np.ndarray):
        return value.copy(order="K")  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)  # type: ignore[return-value]
    return value

"""Arrays as keys of per-process caches of pure functions (``functools.lru_cache``).

A sweep or a calibration builds hundreds of economies in one process, and some steps of the
start year and of every year are pure functions of arrays that do not change between them
(the start-year trade calibration of one seed's map, the trade costs of a border setting). They
are cached with their inputs' contents as the key, so a remembered result is the computed one.
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
            changes[f.name] = value.copy()
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
            key.append((v.dtype.str, v.shape, order, v.tobytes(order=order)))
        elif isinstance(v, np.random.Generator):
            key.append(repr(v.bit_generator.state))
        else:
            key.append(v)
    return tuple(key)


def memoised[**P, R](maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A per-process cache of a pure function of arrays and hashable values, keyed by
    :func:`array_key` of its arguments (their contents, so a remembered result is the computed
    one), holding the last ``maxsize`` results. It hands out copies of a result (an array, or a
    tuple of arrays and immutable values): nothing a caller does changes what is remembered. The
    function must not change its arguments, but for random generators: one passed in is keyed by
    its state before the call and left, on a remembered call too, in the state the computation
    left it (the same draws, the same generator state after).
    """

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        cache: OrderedDict[tuple, tuple[R, list[dict]]] = OrderedDict()

        @functools.wraps(fn)
        def cached(*args: P.args, **kwargs: P.kwargs) -> R:
            if kwargs:
                raise TypeError(f"{fn.__name__}: memoised functions take positional arguments")
            key = array_key(*args)
            generators = [a for a in args if isinstance(a, np.random.Generator)]
            if key in cache:
                cache.move_to_end(key)
                result, states = cache[key]
                for g, state in zip(generators, states, strict=True):
                    g.bit_generator.state = state  # where the draws left it
            else:
                result = fn(*args)
                cache[key] = result, [g.bit_generator.state for g in generators]
                if len(cache) > maxsize:
                    cache.popitem(last=False)
            return _copied(result)

        cached.cache_clear = cache.clear  # type: ignore[attr-defined]
        return cached

    return wrap


def _copied[T](value: T) -> T:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return fresh_copy(value)
    if isinstance(value, np.ndarray):
        return value.copy()  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_copied(v) for v in value)  # type: ignore[return-value]
    return value

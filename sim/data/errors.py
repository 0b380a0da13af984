"""The error every data loader raises: which file, where in it, what is wrong, what is allowed.

A bad user file should fail loudly at load time, with a message a user can act on, rather than
deep inside a model run. :class:`DataFileError` is a :class:`ValueError`, so callers that treat
bad input generically still catch it; the command line reports it in one paragraph (exit 2).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataFileError"]


class DataFileError(ValueError):
    """A data file breaks its schema.

    The message names the file, where the problem is (column, CSV line, region, year) and
    what is allowed, e.g. ``panel.csv: line 14, column 'gdp_nominal_100m_yuan' (region
    'Beijing', year 2011): 'abc' is not a number; allowed: a number >= 0 or an empty cell``.

    Parameters
    ----------
    path : Path or str
        The offending file.
    problem : str
        What is wrong.
    column, line, region, year : optional
        Where it is wrong. ``line`` is the 1-based line in the file (the header is line 1).
    allowed : str, optional
        What would have been accepted.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        column: str | None = None,
        line: int | None = None,
        region: str | None = None,
        year: int | None = None,
        allowed: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.column = column
        self.line = line
        self.region = region
        self.year = year
        self.allowed = allowed
        where = []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        context = []
        if region is not None:
            context.append(f"region {region!r}")
        if year is not None:
            context.append(f"year {year}")
        location = ", ".join(where)
        if context:
            location = f"{location} ({', '.join(context)})" if location else ", ".join(context)
        message = f"{self.path}: " + (f"{location}: " if location else "") + problem
        if allowed is not None:
            message += f"; allowed: {allowed}"
        super().__init__(message)

    def __reduce__(self):  # keep keyword fields through pickling (process pools)
        return (
            _rebuild_error,
            (self.path, self.problem, self.column, self.line, self.region, self.year, self.allowed),
        )


def _rebuild_error(path, problem, column, line, region, year, allowed) -> DataFileError:
    return DataFileError(
        path, problem, column=column, line=line, region=region, year=year, allowed=allowed
    )

"""What kind of configuration file a document is, when it is not a scenario: a sweep
specification, a policy-search configuration or a calibration configuration, recognised by
their top-level fields (used to say so when a scenario's ``extends`` or a spec's ``base`` names
one of them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OTHER_KINDS: dict[str, frozenset[str]] = {
    "a sweep specification": frozenset(
        {"base", "common_random_numbers", "design", "master_seed", "metrics", "model"}
        | {"parameters", "replicates", "set", "time_series"}
    ),
    "a policy-search configuration": frozenset(
        {"base", "derived", "discovery", "levers", "master_seed", "objectives", "quick"}
        | {"search", "seeds", "set", "uncertainty"}
    ),
    "a calibration configuration": frozenset(
        {"budget", "data", "estimation", "fit", "model", "moments", "parameters", "validation"}
    ),
}
"""The top-level fields of the other kinds of configuration file that a scenario does not have
(tests/unit/config keeps them in step with their schemas)."""


def other_kind(data: Mapping[str, Any]) -> str | None:
    """Which other kind of configuration file a document is, from its top-level fields, when at
    least two are that kind's (none of them is a scenario's): ``"a sweep specification"``; None
    for anything else (a scenario, with or without misspelt sections)."""
    score = {kind: len(marks.intersection(data)) for kind, marks in OTHER_KINDS.items()}
    best = max(score, key=lambda kind: score[kind])
    return best if score[best] >= 2 else None

"""Helpers for declaring scenario parameters once: default, range, unit, meaning and source.

Every scenario field is declared with :func:`param`, so that the schema is the single source of
truth for validation, documentation (``docs/parameters.md``), CLI help and dashboard sliders.
"""

from __future__ import annotations

from typing import Any, Iterator

from pydantic import BaseModel, ConfigDict, Field


class Section(BaseModel):
    """Base class of every scenario section: unknown fields are errors, values are re-validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def param(
    default: Any,
    *,
    unit: str,
    meaning: str,
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    lt: float | None = None,
    source: str | None = None,
    lever: bool = False,
) -> Any:
    """Declare a scenario parameter.

    Parameters
    ----------
    default
        Value used when no scenario file sets the field.
    unit
        Unit of the quantity (``"1/year"``, ``"bn yuan"``, ``"-"`` for dimensionless).
    meaning
        One line saying what the parameter does in the model.
    ge, le, gt, lt
        Allowed range (inclusive / exclusive bounds), enforced by pydantic.
    source
        Where the default comes from (seed passage or literature), or ``"assumption"``.
    lever
        True for the main policy levers shown as sliders in the dashboard.
    """
    extra = {"unit": unit, "source": source or "assumption", "lever": lever}
    return Field(default, ge=ge, le=le, gt=gt, lt=lt, description=meaning, json_schema_extra=extra)


def iter_params(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(dotted.path, FieldInfo)`` for every leaf parameter of a schema class, depth first."""
    for name, info in model.model_fields.items():
        ann = info.annotation
        path = f"{prefix}{name}"
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from iter_params(ann, prefix=f"{path}.")
        else:
            yield path, info


def bounds_text(info: Any) -> str:
    """Describe the allowed range of a field from its pydantic metadata, e.g. ``0 <= x <= 1``."""
    parts = []
    for meta in info.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            val = getattr(meta, attr, None)
            if val is not None:
                parts.append(f"{sym} {val}")
    return " and ".join(parts)

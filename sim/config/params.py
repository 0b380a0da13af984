"""Declaring parameters once, and reading the declarations back.

Every scenario field is declared with :func:`param` (default, unit, allowed range, meaning, source,
and for the policy levers a short English and Chinese label), so that the schema is the single
source of truth for validation, error messages, documentation (``docs/parameters.md``), command
line help and dashboard controls. :class:`StrictModel` is the base of every configuration schema
in the project (scenarios, sweep specs, calibration configs): unknown fields are errors.

The readers walk a schema: :func:`iter_params` lists every leaf parameter, :func:`field_at` finds
the field at an error location, :func:`fields_beside` the names allowed next to an unknown one,
:func:`bounds_text` words a field's range.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.fields import FieldInfo

_NUMBER_TYPES = (int, float, int | None, float | None)
"""Annotations of numeric fields, which refuse ``true``/``false`` and text."""
_BOOLEAN_TYPES = (bool, bool | None)
"""Annotations of switches, which refuse numbers and text."""


class StrictModel(BaseModel):
    """Base of every configuration schema: unknown fields are errors, assignments re-validated,
    a boolean is never read as a number (``solow.delta = true`` is not 1.0), and neither text
    (``solow.alpha = "0.4"``, ``economy.enabled = "no"``) nor a number (``economy.enabled = 1``)
    is read as a number or a switch: a quoted value in a scenario file is most often a slip, and
    pydantic would read ``"no"`` as false and ``"1e3"`` as 1000 without a word. TOML's ``nan``
    and ``inf`` are not numbers a parameter can take."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_and_switches_as_written(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name) if info.field_name is not None else None
        if field is None:
            return value
        if field.annotation in _NUMBER_TYPES:
            if isinstance(value, bool):
                raise ValueError("true/false is not a number; give a number")
            if isinstance(value, str):
                raise ValueError(f"{value!r} is text, not a number (numbers take no quotes)")
        elif field.annotation in _BOOLEAN_TYPES and isinstance(value, (int, float, str)):
            if not isinstance(value, bool):
                raise ValueError(f"{value!r} is not a switch; give true or false (no quotes)")
        return value


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
    label: str | None = None,
    label_zh: str | None = None,
    meaning_zh: str | None = None,
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
        True for the main policy levers shown as controls in the dashboard.
    label, label_zh
        Short name in English and in Chinese, where the parameter is shown by name (the levers).
    meaning_zh
        The meaning in Chinese (the dashboard's tooltip in the Chinese interface).
    """
    extra: dict[str, Any] = {"unit": unit, "source": source or "assumption", "lever": lever}
    texts = {"label": label, "label_zh": label_zh, "meaning_zh": meaning_zh}
    extra.update({key: text for key, text in texts.items() if text is not None})
    return Field(default, ge=ge, le=le, gt=gt, lt=lt, description=meaning, json_schema_extra=extra)


def param_extra(info: FieldInfo) -> dict[str, Any]:
    """The metadata :func:`param` stores beside pydantic's: unit, source, lever, labels."""
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def iter_params(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, FieldInfo]]:
    """Yield ``(dotted.path, FieldInfo)`` for every leaf parameter of a schema, depth first."""
    for name, info in model.model_fields.items():
        ann = info.annotation
        path = f"{prefix}{name}"
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from iter_params(ann, prefix=f"{path}.")
        else:
            yield path, info


def iter_documented_params(model: type[BaseModel]) -> Iterator[tuple[str, FieldInfo]]:
    """Every leaf of :func:`iter_params`, and after a list or table of schema classes
    (``world.regions``) the fields of one of its entries, as ``world.regions[].tfp``."""
    for path, info in iter_params(model):
        yield path, info
        entry = _model_in(info.annotation)
        if entry is not None and _holds_models(info.annotation):
            yield from iter_params(entry, prefix=f"{path}[].")


def bounds_text(info: FieldInfo) -> str:
    """Describe the allowed range of a field from its pydantic metadata, e.g. ``>= 0 and <= 1``."""
    parts = []
    for meta in info.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            val = getattr(meta, attr, None)
            if val is not None:
                parts.append(f"{sym} {val}")
    return " and ".join(parts)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The schema class a field holds: itself, or in ``X | None``, ``list[X]``, ``dict[str, X]``."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _holds_models(annotation: Any) -> bool:
    """Whether a field is a list or table of schema classes (``list[RegionSpec]``)."""
    container = typing.get_origin(annotation) in (list, tuple, dict)
    return container and _model_in(annotation) is not None


def _walk(
    schema: type[BaseModel], loc: tuple[Any, ...]
) -> tuple[FieldInfo | None, type[BaseModel] | None, bool]:
    """Follow an error location through a schema.

    Returns the field reached, the schema class whose fields come next, and whether every step
    was known. A location steps through fields by name; the list position or table key after a
    list or table of schema classes (``world.regions.0``, ``metrics.<name>``) is stepped over.
    Inside a container of plain values (``dict[str, str]``, ``tuple[float, float]``) or past an
    unknown name nothing is known.
    """
    model: type[BaseModel] | None = schema
    info: FieldInfo | None = None
    step_over = False
    for part in loc:
        if step_over:
            step_over = False
            continue
        if model is None or part not in model.model_fields:
            return None, None, False
        info = model.model_fields[part]
        model = _model_in(info.annotation)
        step_over = _holds_models(info.annotation)
    return info, model, True


def field_at(schema: type[BaseModel], loc: tuple[Any, ...]) -> FieldInfo | None:
    """The field declaration at an error location (``("world", "regions", 0, "tfp")``), or None."""
    return _walk(schema, loc)[0]


def fields_beside(schema: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Sorted names of the fields allowed where the last part of ``loc`` stands ([] if unknown)."""
    _, model, found = _walk(schema, loc[:-1])
    return sorted(model.model_fields) if found and model is not None else []

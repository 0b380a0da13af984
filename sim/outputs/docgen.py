"""Generate the reference docs from the code: ``docs/outputs.md`` and ``docs/parameters.md``.

The scenario schema and the output column declarations are the single sources of truth; a test
checks the committed docs equal what this module generates (``nqpf docs --check``).
"""

from __future__ import annotations

from nqpf.sim.config import Scenario, bounds_text, iter_documented_params
from nqpf.sim.outputs.registry import COLUMNS, TABLES

TABLE_NOTES = {
    "region_industries": "One row per region and industry a year (R x S rows; empty in textbook "
    "mode). Each industry clears in one national market; what a region's firms sell to, and "
    "its buyers take from, other regions are the gravity flows of `exports` and `imports`.\n",
}
"""A sentence printed under a table's heading, where the columns alone do not say enough."""


def outputs_markdown() -> str:
    """The body of docs/outputs.md: one table per output table (column, unit, meaning)."""
    parts = [
        "# Output tables\n",
        "Generated from `sim/outputs/` by `nqpf docs`; a test checks it is current.",
        "Money is in billions of yuan at constant start-year prices unless said otherwise.\n",
        'Empty cells (NaN) mean "no value", never a failed computation: growth rates in the '
        "first year; the columns where the meaning says so; and in textbook mode "
        "(`economy.enabled = false`, the Solow core alone) every column about firms, markets, "
        "governments, banks, talent and universities.\n",
    ]
    for table in TABLES:
        parts.append(f"## `{table}`\n")
        if table in TABLE_NOTES:
            parts.append(TABLE_NOTES[table])
        parts.append("| column | unit | meaning |")
        parts.append("|---|---|---|")
        for c in COLUMNS:
            if c.table == table:
                parts.append(f"| `{c.name}` | {c.unit} | {c.meaning} |")
        parts.append("")
    return "\n".join(parts)


def parameters_markdown() -> str:
    """Every scenario parameter: path, default, unit, allowed range, meaning, source."""
    lines = [
        "# Scenario parameters\n",
        "Generated from the schema in `sim/config/` by `nqpf docs`; a test checks it is current.",
        "Set any of them in a scenario file (`[section] field = value`) or on the command line",
        "(`--set section.field=value`).\n",
        "| parameter | default | unit | allowed | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for path, info in iter_documented_params(Scenario):
        extra = info.json_schema_extra or {}
        default = info.default
        shown = "[]" if default == [] else repr(default) if isinstance(default, str) else default
        lever = " **(lever)**" if extra.get("lever") else ""
        lines.append(
            f"| `{path}` | {shown} | {extra.get('unit', '')} | {bounds_text(info)} | "
            f"{info.description or ''}{lever} | {extra.get('source', '')} |"
        )
    return "\n".join(lines) + "\n"


def generated_docs() -> dict[str, str]:
    """File name in docs/ -> generated text."""
    return {"outputs.md": outputs_markdown(), "parameters.md": parameters_markdown()}

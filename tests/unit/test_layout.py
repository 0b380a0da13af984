"""The layout rules of docs/architecture.md: small modules and classes in the engine, the agents,
the calibration and the dashboard."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

FOLDERS = ("sim", "agents", "calibration", "dashboards")
MODULES = sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_under_400_lines_and_classes_under_300(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400, f"{path.relative_to(ROOT)}: split it by job"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            span = node.end_lineno - node.lineno + 1
            assert span <= 300, f"{path.relative_to(ROOT)}: class {node.name} has {span} lines"

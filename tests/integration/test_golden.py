"""Golden output: every shipped scenario and the textbook ones, seeds 0-2, to 2035, hash to the
recorded values bit for bit (``tools/golden.py``). A change that moves numbers on purpose
regenerates ``tests/golden/hashes.json`` and says which numbers moved and why."""

from __future__ import annotations

import importlib.util
import json

from tests.conftest import ROOT


def _golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_match_the_golden_hashes():
    golden = _golden()
    expected = json.loads(golden.GOLDEN.read_text())
    got = golden.compute()
    assert got.keys() == expected.keys()
    differ = sorted(k for k in expected if expected[k] != got[k])
    assert not differ, (
        f"{len(differ)} tables differ from tests/golden/hashes.json, e.g. {differ[:5]}"
    )

"""Golden output: every shipped scenario and the textbook ones, seeds 0-2, to 2035, hash to the
recorded values bit for bit (``tools/golden.py``). A change that moves numbers on purpose
regenerates ``tests/golden/hashes.json`` and says which numbers moved and why."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def _golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_match_the_golden_hashes():
    golden = _golden()
    closest, differ = golden.compare(golden.compute(), golden.load_sets(), golden.platform_label())
    assert not differ, (
        f"{len(differ)} tables differ from the closest set of tests/golden/hashes.json "
        f"({closest}; this machine: {golden.platform_label()}), e.g. {differ[:5]}"
    )


def test_a_changed_table_matches_no_recorded_set():
    golden = _golden()
    sets = golden.load_sets()
    label, recorded = next(iter(sets.items()))
    changed = dict(recorded)
    key = sorted(changed)[0]
    changed[key] = "0" * 64
    closest, differ = golden.compare(changed, sets)
    assert differ  # a table that moved matches no machine type's set
    assert golden.compare(dict(recorded), sets) == (label, [])
    # a table missing, or held to this machine type's own set when another set would match
    missing = {k: v for k, v in recorded.items() if k != key}
    assert golden.compare(missing, {label: recorded})[1] == [key]
    own = {"own": changed, "other": recorded}
    assert golden.compare(dict(recorded), own, "own") == ("own", [key])

"""Golden output: every shipped scenario and the textbook ones, seeds 0-2, to 2035, hash to the
recorded values bit for bit (``tools/golden.py``). A change that moves numbers on purpose
regenerates ``tests/golden/hashes.json`` and says which numbers moved and why."""

from __future__ import annotations

import importlib.util
import os

from tests.conftest import ROOT


def _golden():
    spec = importlib.util.spec_from_file_location("golden", ROOT / "tools" / "golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_outputs_match_the_golden_hashes():
    golden = _golden()
    label, hashes = golden.compute()
    closest, differ = golden.compare(hashes, golden.load_sets(), label)
    assert not differ, (
        f"{len(differ)} tables differ from the closest set of tests/golden/hashes.json "
        f"({closest}; this machine type, pinned: {label}), e.g. {differ[:5]}"
    )


def test_the_pinned_environment_holds_float64_results_to_the_avx2_level():
    """The golden runs' child process: on an x86-64 machine with AVX2, NumPy's AVX-512 routines
    are off (no AVX-512 dispatch target left on) and OpenBLAS takes its Haswell kernels, so such machines with and without AVX-512
    share one set of hashes; elsewhere the environment is left as it is."""
    import platform
    import subprocess
    import sys

    golden = _golden()
    env = golden.pinned_environment()
    features = golden._cpu_features()
    if platform.machine() != "x86_64" or not (features.get("AVX2") and features.get("FMA3")):
        assert env == dict(os.environ)
        return
    assert env["OPENBLAS_CORETYPE"] == "Haswell"
    probe = (
        "import importlib.util; "
        f"spec = importlib.util.spec_from_file_location('g', {str(ROOT / 'tools' / 'golden.py')!r}); "
        "g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g); "
        "f = g._cpu_features(); "
        "print(sorted(k for k in g._umath().__cpu_dispatch__ "
        "if f.get(k) and (k.startswith('AVX512') or k == 'X86_V4')), "
        "g.platform_label())"
    )
    seen = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert seen.stdout.split() == ["[]", f"x86_64-avx2-{golden.platform_label().split('-', 2)[2]}"]


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

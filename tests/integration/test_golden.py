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


_PROBE = """
import ctypes, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("g", sys.argv[1])
g = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g)
features = g._cpu_features()
wide_on = sorted(k for k in g._umath().__cpu_dispatch__ if features.get(k) and g._is_wide(k))
core = None
try:
    paths = [line.split()[-1] for line in open("/proc/self/maps") if "openblas" in line.lower()]
except OSError:
    paths = []
for path in paths[:1]:
    lib = ctypes.CDLL(path)
    for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                 "openblas_get_corename64_", "openblas_get_corename"):
        if hasattr(lib, name):
            fn = getattr(lib, name)
            fn.restype = ctypes.c_char_p
            core = fn().decode()
            break
print(json.dumps({"wide_on": wide_on, "label": g.platform_label(), "openblas": core}))
"""


def _pinnable(golden) -> bool:
    import platform

    features = golden._cpu_features()
    return platform.machine() in ("x86_64", "AMD64") and bool(
        features.get("AVX2") and features.get("FMA3")
    )


def test_the_pinned_environment_holds_float64_results_to_the_avx2_level():
    """The golden runs' child process: on an x86-64 machine with AVX2, no AVX-512 dispatch target
    of NumPy is on and OpenBLAS runs its Haswell kernels (asked of the loaded library itself), so
    machines with and without AVX-512 share one set of hashes; elsewhere the environment is left
    as it is."""
    import json
    import subprocess
    import sys

    golden = _golden()
    env = golden.pinned_environment()
    if not _pinnable(golden):
        assert env == dict(os.environ)
        return
    seen = subprocess.run(
        [sys.executable, "-c", _PROBE, str(ROOT / "tools" / "golden.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    probe = json.loads(seen.stdout)
    assert probe["wide_on"] == [], probe
    assert probe["label"].split("-")[1] == "avx2", probe
    assert probe["label"] == golden.pinned_label()
    if probe["openblas"] is not None:  # found on Linux, where NumPy's wheels bundle OpenBLAS
        assert probe["openblas"] == "Haswell", probe


def test_the_pinned_environment_adds_to_what_the_user_disabled(monkeypatch):
    """A NumPy feature the user already disabled stays disabled, every AVX-512 target is added,
    and NPY_ENABLE_CPU_FEATURES (which NumPy refuses beside the other) is removed."""
    golden = _golden()
    if not _pinnable(golden):
        return
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "AVX512_ICL")
    monkeypatch.setenv("NPY_ENABLE_CPU_FEATURES", "AVX2")
    env = golden.pinned_environment()
    names = env["NPY_DISABLE_CPU_FEATURES"].split()
    assert names[0] == "AVX512_ICL"
    wide = [n for n in golden._umath().__cpu_dispatch__ if golden._is_wide(n)]
    assert set(wide) <= set(names) and len(names) == len(set(names))
    assert "NPY_ENABLE_CPU_FEATURES" not in env


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

"""sweep_store: the manifest, finished parts and reading a sweep folder back."""

from __future__ import annotations

import json

import pytest

from nqpf.sim.experiments.sweep_plan import plan
from nqpf.sim.experiments.sweep_spec import load_sweep
from nqpf.sim.experiments.sweep_store import (
    RUN_COLUMNS,
    SweepStoreError,
    build_manifest,
    done_run_ids,
    read_manifest,
    read_runs,
    write_manifest,
)


def test_store_of_an_empty_folder(tmp_path):
    assert done_run_ids(tmp_path) == set()
    assert list(read_runs(tmp_path).columns) == list(RUN_COLUMNS)
    with pytest.raises(SweepStoreError, match="is not a sweep folder"):
        read_manifest(tmp_path)


def test_manifest_round_trip_and_fingerprint(tmp_path, ishigami_spec):
    sweep = load_sweep(ishigami_spec())
    manifest = build_manifest(sweep, plan(sweep))
    assert manifest["kind"] == "nqpf-sweep" and manifest["metric_info"]["y"]["unit"] == "-"
    assert build_manifest(sweep, plan(sweep))["fingerprint"] == manifest["fingerprint"]
    other = load_sweep(ishigami_spec("other", seed=4))
    assert build_manifest(other, plan(other))["fingerprint"] != manifest["fingerprint"]
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path) == json.loads(json.dumps(manifest, default=str))
    assert not list(tmp_path.glob(".*.tmp"))

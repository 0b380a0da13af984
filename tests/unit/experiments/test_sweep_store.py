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
    refresh_counts,
    write_manifest,
)


def test_store_of_an_empty_folder(tmp_path):
    assert done_run_ids(tmp_path) == set()
    assert list(read_runs(tmp_path).columns) == list(RUN_COLUMNS)
    with pytest.raises(SweepStoreError, match="is not a sweep folder"):
        read_manifest(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"kind": "nqpf-run", "seed": 0}', "its manifest.json is an output of 'nqpf-run'"),
        ('{"command": "nqpf compare a.toml b.toml"}', "an output of 'nqpf compare"),
        ("[1, 2]", "is not an nqpf manifest"),
        ("{", "is not readable JSON"),
    ],
)
def test_a_folder_of_another_command_or_a_damaged_record_is_named(tmp_path, text, message):
    (tmp_path / "manifest.json").write_text(text)
    with pytest.raises(SweepStoreError, match=message):
        read_manifest(tmp_path)
    refresh_counts(tmp_path)  # leaves another command's folder as it is
    assert (tmp_path / "manifest.json").read_text() == text


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


def test_a_zero_byte_or_truncated_part_is_not_a_finished_run(tmp_path):
    from nqpf.sim.experiments.sweep_worker import write_part

    runs = tmp_path / "runs"
    runs.mkdir()
    write_part({"run_id": "r1", "status": "ok", "error": "", "y": 1.0}, tmp_path)
    (runs / "part-r2.parquet").write_bytes(b"")
    (runs / "part-r3.parquet").write_bytes((runs / "part-r1.parquet").read_bytes()[:40])
    assert done_run_ids(tmp_path) == {"r1"}
    assert read_runs(tmp_path)["run_id"].tolist() == ["r1"]


def test_counts_are_recounted_from_the_parts(tmp_path, ishigami_spec):
    from nqpf.sim.experiments.sweep_store import refresh_counts
    from nqpf.sim.experiments.sweep_worker import write_part

    sweep = load_sweep(ishigami_spec())
    manifest = build_manifest(sweep, plan(sweep))
    total = len(manifest["runs"]["run_id"])
    manifest.update(status="interrupted", counts={"total": total, "finished": 0, "missing": total})
    write_manifest(tmp_path, manifest)
    for run_id in manifest["runs"]["run_id"][:3]:  # finished by workers after the count
        write_part({"run_id": run_id, "status": "ok", "error": "", "y": 1.0}, tmp_path)
    refresh_counts(tmp_path)
    after = read_manifest(tmp_path)
    assert after["counts"] == {"total": total, "finished": 3, "missing": total - 3}
    assert after["status"] == "interrupted"
    for run_id in manifest["runs"]["run_id"][3:]:
        write_part({"run_id": run_id, "status": "ok", "error": "", "y": 1.0}, tmp_path)
    refresh_counts(tmp_path)
    assert read_manifest(tmp_path)["status"] == "complete"


def test_manifest_differences_name_the_base_scenarios_fields_and_the_metrics():
    from nqpf.sim.experiments.sweep_store import manifest_differences

    old = {
        "model": "engine",
        "base_scenario": {"solow": {"alpha": 0.33, "saving_rate": 0.4}, "name": "b"},
        "design": {"method": "grid", "parameters": [{"path": "x", "range": [0, 1]}]},
        "metrics": {"g": {"reduce": "mean", "column": "gdp", "year": None}},
        "time_series": False,
    }
    new = json.loads(json.dumps(old))
    new["base_scenario"]["solow"]["alpha"] = 0.4
    new["metrics"]["g"]["column"] = "tfp"
    new["time_series"] = True
    assert manifest_differences(old, new) == [
        "time_series (folder false, this command true)",
        "base scenario field 'solow.alpha' (folder 0.33, this command 0.4)",
        'metric \'g\' (folder {"reduce": "mean", "column": "gdp"}, this command {"reduce": '
        '"mean", "column": "tfp"})',
    ]
    assert manifest_differences(old, json.loads(json.dumps(old))) == []

"""Output folders are complete or absent: names, write checks, the lock, atomic replacement and
the readers' checks (``nqpf.sim.experiments.outdir`` and the runner's writer and reader)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from nqpf.sim.experiments.outdir import (
    HASH_KEY,
    MANIFEST,
    OutputError,
    OutputLock,
    atomic_folder,
    check_store_target,
    check_writable,
    default_output,
    safe_segment,
    seal,
    verify_folder,
)
from nqpf.sim.experiments.runner import RunResult, read_outputs, write_outputs


def result(value: float = 1.0) -> RunResult:
    tables = {
        "national": pd.DataFrame({"year": [2023, 2024], "gdp": [value, value + 1]}),
        "regions": pd.DataFrame({"year": [2023], "region": ["A"], "gdp": [value]}),
        "industries": pd.DataFrame({"year": [2023], "industry": ["x"], "price": [1.0]}),
    }
    return RunResult(tables=tables, manifest={"seed": 0})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../evil", "evil"),
        ("/etc/passwd", "etc_passwd"),
        ("..", "unnamed"),
        ("", "unnamed"),
        ("baseline", "baseline"),
        ("中国 东部", "中国_东部"),
        ("C:\\temp\\x", "C_temp_x"),
        (".hidden", "hidden"),
    ],
)
def test_names_become_one_segment(name, expected):
    assert safe_segment(name) == expected
    root = Path("out")
    target = default_output(root, name)
    assert target.parent == root and len(target.parts) == 2


def test_long_names_are_cut():
    assert len(safe_segment("a" * 500)) == 100


def test_unwritable_targets_are_refused_before_the_run(tmp_path):
    file = tmp_path / "a_file"
    file.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        check_writable(file)
    with pytest.raises(OutputError, match="cannot be written"):
        check_writable(file / "below")
    with pytest.raises(OutputError, match="the folder /proc/nqpf_no_such cannot be created"):
        check_writable(Path("/proc/nqpf_no_such/x"))
    with pytest.raises(OutputError, match=r"no file can be created in /proc \("):
        check_writable(Path("/proc/nqpf_out"))  # /proc exists: its reason, not 'no such file'
    check_writable(tmp_path / "new" / "deeper")  # creatable: fine
    assert not list((tmp_path / "new").iterdir())  # the probe is gone


def test_parquet_then_csv_reads_only_the_csv_run(tmp_path):
    out = tmp_path / "run"
    write_outputs(result(1.0), out, "parquet")
    write_outputs(result(5.0), out, "csv")
    assert sorted(p.name for p in out.iterdir()) == [
        "industries.csv",
        "manifest.json",
        "national.csv",
        "regions.csv",
    ]
    assert read_outputs(out)["national"]["gdp"].tolist() == [5.0, 6.0]
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def test_readers_refuse_incomplete_or_changed_folders(tmp_path):
    out = tmp_path / "run"
    write_outputs(result(), out, "csv")
    assert set(read_outputs(out)) == {"national", "regions", "industries"}
    (out / "regions.csv").write_text("year,region,gdp\n2023,A,2\n")
    with pytest.raises(OutputError, match="regions.csv does not match"):
        read_outputs(out)
    (out / "regions.csv").unlink()
    with pytest.raises(OutputError, match="regions.csv listed in manifest.json is missing"):
        read_outputs(out)
    (out / "manifest.json").unlink()
    with pytest.raises(OutputError, match="manifest.json is missing"):
        read_outputs(out)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "national.csv").write_text("year,gdp\n2023,1\n")
    (legacy / "manifest.json").write_text(json.dumps({"files": {"national": "national.csv"}}))
    with pytest.raises(OutputError, match="no content hashes"):
        read_outputs(legacy)


def test_a_failed_write_leaves_the_old_folder(tmp_path):
    out = tmp_path / "run"
    write_outputs(result(1.0), out, "parquet")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(KeyboardInterrupt), atomic_folder(out) as tmp:
        (tmp / "national.parquet").write_bytes(b"half")
        raise KeyboardInterrupt
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name != ".run.lock"] == ["run"]
    verify_folder(out)


def test_unsealed_folder_is_not_renamed_into_place(tmp_path):
    out = tmp_path / "run"
    with pytest.raises(RuntimeError, match="not sealed"), atomic_folder(out) as tmp:
        (tmp / "national.csv").write_text("x")
    assert not out.exists()


def test_a_folder_that_is_not_an_output_is_never_replaced(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    with pytest.raises(OutputError, match="not an nqpf output"):
        write_outputs(result(), mine)
    assert (mine / "thesis.tex").read_text() == "precious"


def test_an_output_with_a_users_files_beside_it_is_not_replaced(tmp_path):
    out = tmp_path / "run"
    write_outputs(result(1.0), out)
    write_outputs(result(2.0), out)  # an output of its own kind alone: replaced
    (out / "notes.txt").write_text("my reading of the run")
    (out / "analysis").mkdir()
    (out / "analysis" / "a.py").write_text("print(1)")
    with pytest.raises(OutputError, match=r"does not list \(analysis/a.py, notes.txt\)"):
        write_outputs(result(3.0), out)
    assert (out / "notes.txt").read_text() == "my reading of the run"
    assert read_outputs(out)["national"]["gdp"].iloc[0] == 2.0


def test_an_output_whose_tables_were_edited_or_that_has_no_hashes_is_not_replaced(tmp_path):
    out = tmp_path / "run"
    paths = write_outputs(result(1.0), out, fmt="csv")
    paths["national"].write_text("year,gdp\n2023,42\n")  # a user's edit of a listed table
    with pytest.raises(OutputError, match="lists with other contents \\(national.csv\\)"):
        write_outputs(result(2.0), out)
    assert paths["national"].read_text() == "year,gdp\n2023,42\n"
    nested = tmp_path / "nested"
    write_outputs(result(1.0), nested)
    (nested / "sub").mkdir()
    (nested / "sub" / MANIFEST).write_text("{}")  # a file of the name elsewhere is the user's
    with pytest.raises(OutputError, match="sub/manifest.json"):
        write_outputs(result(2.0), nested)
    old = tmp_path / "old"
    old.mkdir()
    (old / MANIFEST).write_text(json.dumps({"seed": 0}))  # written before content hashes
    (old / "national.parquet").write_bytes(b"x")
    with pytest.raises(OutputError, match="older nqpf"):
        write_outputs(result(), old)


def test_a_store_is_never_written_among_other_files(tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "report.md").write_text("my report")
    with pytest.raises(OutputError, match="not an nqpf output"):
        check_store_target(mine)
    check_store_target(tmp_path / "new")  # absent or empty: a store may start there


@pytest.mark.parametrize("kind", ["nqpf-sweep", "nqpf-policy-search"])
def test_a_sweep_or_search_store_is_never_replaced_by_another_command(tmp_path, kind):
    store = tmp_path / "store"
    (store / "runs").mkdir(parents=True)
    (store / "runs" / "part-0.parquet").write_bytes(b"finished run")
    (store / "manifest.json").write_text(json.dumps({"kind": kind}))
    with pytest.raises(OutputError, match=f"kind '{kind}'"):
        write_outputs(result(), store)
    assert (store / "runs" / "part-0.parquet").read_bytes() == b"finished run"


@pytest.mark.parametrize("kind", ["nqpf-calibration", "nqpf-compare", "nqpf-backtest"])
def test_another_commands_output_is_not_replaced_by_a_run(tmp_path, kind):
    """``nqpf run --out F`` where F holds a calibration (a compare report, a backtest) is refused
    before the run, naming both commands, and leaves F as it was; a run's own output, or an output
    whose manifest names no kind (older ones), is replaced as before."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "estimates.csv").write_text("parameter,estimate\nb_y,0.0335\n")
    seal(other, {"kind": kind})
    with pytest.raises(OutputError, match=f"kind '{kind}'.*this nqpf run would delete"):
        write_outputs(result(), other)
    assert (other / "estimates.csv").read_text().endswith("0.0335\n")
    verify_folder(other)
    older = tmp_path / "older_compare"  # a compare report of a version that named no kind
    older.mkdir()
    (older / "report.md").write_text("# report")
    seal(older, {"command": "nqpf compare a.toml b.toml --seeds 20"})
    with pytest.raises(OutputError, match="kind 'nqpf-compare'"):
        write_outputs(result(), older)
    for old_kind in ("nqpf-run", None):
        out = tmp_path / f"run-{old_kind}"
        write_outputs(result(1.0), out)
        if old_kind is None:  # the manifest of an older version, without a kind
            manifest = json.loads((out / MANIFEST).read_text())
            del manifest["kind"]
            (out / MANIFEST).write_text(json.dumps(manifest))
        write_outputs(result(2.0), out)
        assert read_outputs(out)["national"]["gdp"].iloc[0] == 2.0


def test_seal_hashes_every_file_in_subfolders(tmp_path):
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "a.png").write_bytes(b"png")
    (tmp_path / "report.md").write_text("# r")
    seal(tmp_path, {"kind": "test"})
    manifest = verify_folder(tmp_path)
    assert set(manifest[HASH_KEY]) == {"plots/a.png", "report.md"}


def test_a_second_writer_is_refused(tmp_path):
    out = tmp_path / "run"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from nqpf.sim.experiments.outdir import OutputLock;"
            f"OutputLock(Path({str(out)!r})).acquire(); print('held', flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputError, match="another nqpf process is writing"):
            write_outputs(result(), out)
        assert not out.exists()
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 30
    while True:  # the kernel drops a dead holder's lock
        try:
            write_outputs(result(), out)
            break
        except OutputError:
            assert time.monotonic() < deadline, "lock of a killed process not released"
            time.sleep(0.1)
    verify_folder(out)


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    out = tmp_path / "run"
    with OutputLock(out):
        write_outputs(result(), out)  # the writer takes the held lock again
    with OutputLock(out):
        pass  # released: can be taken again

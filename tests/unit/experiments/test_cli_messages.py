"""What the command line says when it is stopped or cannot write: Ctrl-C is one line saying what
was kept (exit 130) for every command, a Dask sweep stopped by Ctrl-C prints no worker noise, a
write failure names the path (exit 2) and a mount point is refused before the run, a missing
Dask says how to install it, ``--debug`` works after the command and the hint shows where it
goes, counts are in the singular when they are one, and the quick start of policy_search.md
runs command after command."""

from __future__ import annotations

import errno
import logging
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from nqpf.sim.cli.app import main
from nqpf.sim.cli.common import STATE, ExecutorKind, UserError, open_executor
from nqpf.sim.experiments.batch import SerialExecutor
from nqpf.sim.experiments.outdir import OutputError, OutputLock
from tests.conftest import ROOT, SCENARIOS

TINY = """name = "tiny"
[world]
geography = "synthetic:4"
start_year = 2023
end_year = {end}
[economy]
initial_firms = 300
firm_agents = false
"""


def sweep_spec(path, name: str, replicates: int, seed: int, parameter: str, end: int):
    """A grid sweep of ``macro.saving_rate_start`` (``parameter``: its TOML value) over a
    TINY base ending in ``end``, written to ``path``; returns ``path``."""
    (path.parent / "base.toml").write_text(TINY.format(end=end), encoding="utf-8")
    path.write_text(
        f'name = "{name}"\nbase = "base.toml"\nreplicates = {replicates}\n'
        f"master_seed = {seed}\n[parameters]\n"
        f'"macro.saving_rate_start" = {parameter}\n[design]\nmethod = "grid"\n'
        '[metrics]\ngrowth = { reduce = "mean", column = "gdp_growth" }\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def nqpf(monkeypatch, capsys):
    """Run ``nqpf ARGS`` in this process through the console entry point; (exit code, stderr
    with its line breaks made spaces)."""

    def invoke(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["nqpf", *args])
        monkeypatch.setitem(STATE, "debug", False)
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        return code, " ".join(capsys.readouterr().err.split())

    return invoke


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY.format(end=2025), encoding="utf-8")
    return path


def ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


# ------------------------------------------------------------------------------- Ctrl-C
def test_ctrl_c_in_nqpf_run_says_the_output_is_left_unchanged(nqpf, tiny, tmp_path, monkeypatch):
    import nqpf.sim.experiments.runner as runner

    monkeypatch.setattr(runner, "run_scenario", ctrl_c)
    out = tmp_path / "out"
    code, said = nqpf("run", str(tiny), "--out", str(out))
    assert code == 130
    assert said == f"interrupted: {out} left unchanged"
    assert not out.exists()


def test_ctrl_c_in_nqpf_calibrate_says_the_output_is_left_unchanged(nqpf, tmp_path, monkeypatch):
    import nqpf.calibration.pipeline as pipeline

    monkeypatch.setattr(pipeline, "calibrate", ctrl_c)
    out = tmp_path / "cal"
    config = ROOT / "calibration" / "china31.toml"
    code, said = nqpf("calibrate", str(config), "--quick", "--jobs", "1", "--out", str(out))
    assert code == 130
    assert said.endswith(f"interrupted: {out} left unchanged")
    assert not out.exists()


def test_ctrl_c_in_nqpf_backtest_says_the_output_is_left_unchanged(nqpf, tmp_path, monkeypatch):
    import nqpf.calibration.backtest as backtest

    monkeypatch.setattr(backtest, "backtest", ctrl_c)
    out = tmp_path / "bt"
    code, said = nqpf("backtest", "--jobs", "1", "--out", str(out))
    assert code == 130
    assert said.endswith(f"interrupted: {out} left unchanged")


def test_ctrl_c_in_a_sweep_says_its_runs_are_kept(nqpf, ishigami_spec, tmp_path, monkeypatch):
    import nqpf.sim.experiments.sweep as sweep

    monkeypatch.setattr(sweep, "map_runs", ctrl_c)
    out = tmp_path / "sweep"
    code, said = nqpf("sweep", str(ishigami_spec()), "--jobs", "1", "--out", str(out))
    assert code == 130
    assert said.endswith(
        f"interrupted: finished runs are kept in {out}/runs/; run the same command again to resume."
    )


def test_ctrl_c_anywhere_else_still_says_interrupted(nqpf, tiny, monkeypatch):
    from nqpf.sim.config import Scenario

    monkeypatch.setattr(Scenario, "load", ctrl_c)
    assert nqpf("validate", str(tiny)) == (130, "interrupted")


class InterruptSecondRun(SerialExecutor):
    """Runs specs in this process, one at a time; Ctrl-C at the second."""

    runs = 0

    def submit(self, fn, /, *args, **kwargs):
        self.runs += 1
        if self.runs == 2:
            raise KeyboardInterrupt
        return super().submit(fn, *args, **kwargs)


def test_ctrl_c_in_nqpf_compare_counts_in_the_singular(nqpf, tmp_path, monkeypatch):
    import nqpf.sim.cli.compare as cli_compare

    monkeypatch.setattr(cli_compare, "open_executor", lambda *a, **k: InterruptSecondRun())
    fixtures = ROOT / "tests" / "fixtures" / "compare"
    out = tmp_path / "report"
    code, said = nqpf(
        "compare",
        str(fixtures / "low_saving.toml"),
        str(fixtures / "high_saving.toml"),
        "--seeds",
        "1",
        "--out",
        str(out),
    )
    assert code == 130
    partial = tmp_path / "report.runs_national_partial.parquet"
    assert said.endswith(
        f"interrupted after 1 of 2 runs; the 1 run that succeeded is kept in {partial}"
    )
    assert not out.exists() and partial.is_file()


# --------------------------------------------------------------------------- Dask, quiet
class Records(logging.Handler):
    """The messages logged to the loggers it is attached to (distributed's loggers may not
    propagate to the root, where pytest's caplog listens)."""

    def __init__(self, *names: str) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []
        self.loggers = [logging.getLogger(name) for name in names]

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> Records:
        for logger in self.loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


def test_local_dask_workers_ignore_ctrl_c_and_are_quiet_when_closing(monkeypatch):
    import nqpf.sim.experiments.dask_preload as preload

    class Worker:
        status = type("Status", (), {"name": "running"})()

    monkeypatch.setattr(preload, "die_with_parent", lambda *a, **k: None)
    monkeypatch.setenv(preload.PARENT_PID_ENV, str(os.getppid()))
    previous = signal.getsignal(signal.SIGINT)
    loggers = [logging.getLogger(name) for name in preload.QUIET_LOGGERS]
    filters = [list(logger.filters) for logger in loggers]
    logger = logging.getLogger("distributed.worker.state_machine")
    try:
        worker = Worker()
        preload.dask_setup(worker)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        with Records(logger.name) as records:
            logger.warning("while running")
            worker.status = type("Status", (), {"name": "closing"})()
            logger.warning("Async instruction for <Task cancelled> ended with CancelledError")
        assert records.messages == ["while running"]
    finally:
        signal.signal(signal.SIGINT, previous)
        for one, kept in zip(loggers, filters, strict=True):
            one.filters[:] = kept


def test_a_dask_executor_closes_its_cluster_without_warnings():
    from nqpf.sim.experiments.batch import _DaskExecutor

    class Inner:
        def shutdown(self, wait: bool = True) -> None:
            self.cancelled = not wait

    class Cluster:
        def close(self) -> None:
            logging.getLogger("distributed.scheduler").warning("Removing worker caused ...")

    class Client:
        cluster = Cluster()

        def get_executor(self, **kwargs):
            return Inner()

        def close(self) -> None:
            logging.getLogger("distributed.client").warning("closing with tasks pending")

    pool = _DaskExecutor(Client(), own_cluster=True)
    with Records("distributed.scheduler", "distributed.client") as records:
        pool.shutdown(wait=True, cancel_futures=True)
        assert records.messages == []
        assert pool._inner.cancelled  # the unfinished tasks are dropped, not waited for
        logging.getLogger("distributed.scheduler").warning("after")  # logging is back on
    assert records.messages == ["after"]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups, /proc")
def test_ctrl_c_in_a_dask_sweep_is_one_line_without_worker_noise(tmp_path):
    pytest.importorskip("distributed")
    spec = sweep_spec(
        tmp_path / "spec.toml", "quiet", 2, 5, "{ range = [0.3, 0.5], points = 20 }", 2040
    )
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "nqpf.sim.cli", "sweep", str(spec), "--out", str(out)]
        + ["--executor", "dask", "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, which a terminal's Ctrl-C reaches whole
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    deadline = time.monotonic() + 180
    while proc.poll() is None and time.monotonic() < deadline:
        if len(list((out / "runs").glob("part-*.parquet"))) >= 2:
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[0]
    os.killpg(proc.pid, signal.SIGINT)
    text, _ = proc.communicate(timeout=120)
    assert proc.returncode == 130, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert "Traceback" not in text and "WARNING" not in text, text
    assert " ".join(lines[-2:]).endswith("run the same command again to resume."), text
    assert len(lines) <= 6, text


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups")
@pytest.mark.parametrize("delay", [0.6, 1.0, 1.4])
def test_ctrl_c_while_the_dask_cluster_starts_prints_no_traceback(tmp_path, delay):
    """A Ctrl-C while the workers start reached them before their preload (which makes them
    ignore it) and killed them with tracebacks, and distributed failed to close the half-started
    cluster at exit. It is now ignored while the cluster starts; before or after it, the sweep
    stops as usual. Either way the output has no traceback."""
    pytest.importorskip("distributed")
    spec = sweep_spec(
        tmp_path / "spec.toml", "quiet", 1, 5, "{ range = [0.3, 0.5], points = 6 }", 2030
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "nqpf.sim.cli", "sweep", str(spec), "--out", str(tmp_path / "o")]
        + ["--executor", "dask", "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    text, _ = proc.communicate(timeout=180)
    assert proc.returncode in (0, 130), text
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert "KeyboardInterrupt" not in text, text


def test_a_local_dask_cluster_takes_a_free_http_port_when_8787_is_held():
    """The scheduler's HTTP routes listen even without a dashboard; Dask's default 8787, held
    by another cluster on the host, would print "Port 8787 is already in use" into a sweep."""
    pytest.importorskip("distributed")
    import socket
    import warnings

    from nqpf.sim.experiments.batch import make_executor

    with socket.socket() as held:
        try:
            held.bind(("127.0.0.1", 8787))
            held.listen()
        except OSError:
            pass  # already held by something else: the case this test is about
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pool = make_executor("dask", 1)
            try:
                assert pool.submit(sum, [1, 2]).result(timeout=60) == 3
            finally:
                pool.shutdown(wait=True)
    assert not [w for w in caught if "8787" in str(w.message)], [str(w.message) for w in caught]


# ------------------------------------------------------------------------ write failures
def test_a_full_disk_is_a_user_error_naming_the_output(nqpf, tiny, tmp_path, monkeypatch):
    def full(self, path, *args, **kwargs):
        raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] ...")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    out = tmp_path / "out"
    code, said = nqpf("run", str(tiny), "--out", str(out), "--no-summary")
    assert code == 2
    assert said.startswith(f"error: cannot write {out}: No space left on device; {out} left")
    assert "model error" not in said and not out.exists()


def test_docs_that_cannot_be_written_name_the_page_and_what_was_written(nqpf, monkeypatch):
    written = []

    def write_text(self, text, encoding=None):  # each page goes to a hidden sibling first
        if self.name.startswith(".parameters.md.tmp-"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", write_text)
    monkeypatch.setattr(os, "replace", lambda tmp, path: written.append(Path(path).name))
    code, said = nqpf("docs")  # nothing reaches the repository's docs
    assert code == 2 and written == ["outputs.md"]
    assert "error: cannot write " in said and "parameters.md: No space left on device" in said
    assert ".tmp-" not in said and "model error" not in said
    assert "outputs.md written before it; parameters.md is as it was" in said


def test_a_mount_point_is_refused_before_the_run(nqpf, tiny, tmp_path, monkeypatch):
    import nqpf.sim.experiments.outdir as outdir
    import nqpf.sim.experiments.runner as runner

    mount = tmp_path / "mnt"
    mount.mkdir()
    monkeypatch.setattr(outdir.os.path, "ismount", lambda p: Path(p) == mount)
    monkeypatch.setattr(runner, "run_scenario", lambda *a, **k: pytest.fail("the run started"))
    code, said = nqpf("run", str(tiny), "--out", str(mount))
    assert code == 2
    assert f"output folder {mount} is a mount point" in said
    assert f"--out {mount / 'results'}" in said


def test_a_lock_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    def full(fd, length):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "ftruncate", full)
    with pytest.raises(OutputError, match=r"cannot write .*\.out\.lock: No space left on device"):
        OutputLock(tmp_path / "out").acquire()


def test_cannot_write_names_the_output_not_its_temporary_folder(tmp_path):
    from nqpf.sim.cli.common import cannot_write

    target = tmp_path / "out"
    tmp = tmp_path / ".out.tmp-123" / "national.parquet"
    elsewhere = tmp_path / "scenarios" / ".calibrated.toml.tmp-9"
    assert cannot_write(OSError(errno.ENOSPC, "x", str(tmp)), target) == (
        f"cannot write {target}: No space left on device"
    )
    assert cannot_write(OSError(errno.EROFS, "x", str(elsewhere)), target).startswith(
        f"cannot write {elsewhere}: Read-only file system"
    )
    shipped = tmp_path / "scenarios" / "calibrated.toml"
    assert cannot_write(OSError(errno.EACCES, "x", str(elsewhere)), shipped) == (
        f"cannot write {shipped}: Permission denied"
    )


# ------------------------------------------------------------------------- missing Dask
@pytest.mark.parametrize("scheduler", [None, "tcp://127.0.0.1:8786"])
def test_a_missing_dask_says_how_to_install_it_not_to_fix_the_address(monkeypatch, scheduler):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(UserError) as info:
        open_executor(ExecutorKind.dask, 2, scheduler)
    message = str(info.value)
    assert "needs Dask" in message and ".venv/bin/pip install -e '.[dask]'" in message
    assert "--scheduler" not in message and "make venv" in message


@pytest.mark.parametrize("doc", ["sweeps.md", "compare.md"])
def test_the_docs_give_the_install_that_works_from_the_clone(doc):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    assert "nqpf[dask]" not in text
    assert ".venv/bin/pip install -e '.[dask]'" in text


# ------------------------------------------------------------------------------- --debug
def test_debug_is_accepted_after_the_command():
    from nqpf.sim.cli.app import debug_first

    assert debug_first(["run", "x.toml", "--debug"]) == ["--debug", "run", "x.toml"]
    assert debug_first(["--debug", "run", "x.toml"]) == ["--debug", "run", "x.toml"]
    assert debug_first(["run", "--", "--debug"]) == ["run", "--", "--debug"]


def test_the_traceback_hint_is_a_command_that_works(nqpf, tiny, tmp_path, monkeypatch):
    import nqpf.sim.experiments.runner as runner

    def broken(*args, **kwargs):
        raise ZeroDivisionError("in the engine")

    monkeypatch.setattr(runner, "run_scenario", broken)
    out = tmp_path / "o"
    code, said = nqpf("run", str(tiny), "--out", str(out))
    assert code == 1
    assert said == (
        "model error: ZeroDivisionError: in the engine (for the traceback: "
        f"nqpf --debug run {tiny} --out {out})"
    )
    code, said = nqpf("run", str(tiny), "--out", str(out), "--debug")  # as the user may try it
    assert code == 1
    assert "Traceback (most recent call last)" in said and "No such option" not in said
    assert "for the traceback" not in said


# ----------------------------------------------------------------------------- plurals
def test_a_sweep_of_one_run_is_counted_in_the_singular(tmp_path, capsys, monkeypatch):
    spec = sweep_spec(tmp_path / "one.toml", "one", 1, 3, "{ values = [0.4] }", 2025)
    monkeypatch.setattr(sys, "argv", ["nqpf", "sweep", str(spec), "--jobs", "1"])
    monkeypatch.chdir(tmp_path)
    main()
    said = " ".join(capsys.readouterr().out.split())
    assert "one: 1 point x 1 replicate = 1 run;" in said
    assert "on local (1 process)" in said
    assert re.search(r"\b1 run in [\d.]+ s \(1 ok, 0 failed\)", said), said


def test_a_verification_sweep_with_values_is_a_spec_error(nqpf, tmp_path):
    spec = tmp_path / "ishigami.toml"
    spec.write_text(
        'name = "v"\nmodel = "ishigami"\nreplicates = 1\n[parameters]\n'
        "x1 = { values = [0.5, 0.6] }\nx2 = { range = [0.0, 1.0] }\nx3 = { range = [0.5, 1.5] }\n"
        '[design]\nmethod = "grid"\n',
        encoding="utf-8",
    )
    code, said = nqpf("sweep", str(spec), "--jobs", "1", "--out", str(tmp_path / "out"))
    assert code == 2, said
    assert "model 'ishigami' needs range = [low, high] for every parameter" in said


# ---------------------------------------------------------------------- policy quick start
def test_the_policy_search_quick_start_runs_command_after_command():
    """Each ``nqpf run out/policy/<folder>/...`` of the quick start reads the folder the
    ``nqpf optimise`` line just before it writes (``<name>`` or ``<name>-quick``), and no line
    needs a cluster the reader has not started (a placeholder scheduler address)."""
    text = (ROOT / "docs" / "policy_search.md").read_text(encoding="utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    assert "--scheduler" not in block
    last = None
    runs = 0
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        if words[:2] == ["nqpf", "optimise"]:
            config = tomllib.loads((ROOT / words[2]).read_text(encoding="utf-8"))
            assert "--out" not in words
            last = f"out/policy/{config['name']}" + ("-quick" if "--quick" in words else "")
        elif words[:2] == ["nqpf", "run"]:
            folder = words[2].split("/scenarios/")[0]
            assert folder == last, f"{line!r} reads {folder}; the command before writes {last}"
            assert (SCENARIOS / "policy").is_dir()
            runs += 1
    assert runs >= 1

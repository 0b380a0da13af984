"""The command line's reliability: every user error exits 2 with its message intact, outputs are
checked before runs and written whole, names stay inside the output root, and ``validate`` and
``run`` refuse the same scenarios."""

from __future__ import annotations

import json

import pytest

from nqpf.sim.experiments.outdir import OutputLock, verify_folder
from nqpf.sim.experiments.runner import read_outputs
from tests.conftest import ROOT, run_cli

SMALL = """name = "{name}"
[world]
geography = "synthetic:3"
end_year = 2025
[economy]
initial_firms = 300
"""


@pytest.fixture
def scenario(tmp_path):
    def write(name: str = "small", extra: str = "") -> str:
        path = tmp_path / f"{abs(hash(name))}.toml"
        path.write_text(SMALL.format(name=name) + extra, encoding="utf-8")
        return str(path)

    return write


def test_bracketed_text_survives_in_messages(scenario):
    res = run_cli("validate", scenario(), "--set", "solow.saving_rate=7")
    assert res.returncode == 2
    assert "[share of GDP]" in res.stderr
    bad = scenario("regions", '[[world.regions]]\nname = "A"\n')
    res = run_cli("validate", bad)
    assert res.returncode == 2 and "[[world.regions]]" in res.stderr, res.stderr


def test_non_utf8_files_are_user_errors(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "café"\n'.encode("latin-1"))
    for command in ("validate", "run"):
        res = run_cli(command, str(path))
        assert res.returncode == 2, res.stderr
        assert "utf-8" in res.stderr.lower() and "model error" not in res.stderr


def test_negative_seed_is_refused(scenario, tmp_path):
    res = run_cli("run", scenario(), "--seed", "-1", "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "--seed" in res.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--set", "solow.delta=true"],
        ["--set", "extends=other.toml"],
        ["--set", "solow.delta=0.1", "--set", "solow.delta=0.2"],
        ["--set", "industries.quantum.demand_growth=5.0"],
        ["--set", "industries.quantum.time_to_build=2.7"],
        ["--set", "solow.delta=1.0"],
        ["--set", "finance.initial_leverage=0.001"],
        ["--end-year", "2200"],
    ],
)
def test_validate_and_run_refuse_alike(scenario, tmp_path, args):
    path = scenario()
    split = args if args[0] == "--set" else []
    v = run_cli("validate", path, *split)
    r = run_cli("run", path, *args, "--out", str(tmp_path / "o"))
    assert r.returncode == 2, r.stderr
    if split:
        assert v.returncode == 2, v.stderr
    assert "model error" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_a_start_year_that_cannot_be_built_is_refused_by_both(scenario, tmp_path):
    path = scenario("heavy", "[industries.heavy_manufacturing]\ndemand_2023 = 9000000.0\n")
    v = run_cli("validate", path)
    r = run_cli("run", path, "--out", str(tmp_path / "o"))
    assert v.returncode == r.returncode == 2
    assert "cannot start in 2023" in v.stderr and "cannot start in 2023" in r.stderr


@pytest.mark.parametrize("out", ["/proc/nqpf/x", "FILE", "FILE/below"])
def test_unwritable_outputs_are_found_before_the_run(scenario, tmp_path, out):
    (tmp_path / "FILE").write_text("x")
    target = out.replace("FILE", str(tmp_path / "FILE"))
    res = run_cli("run", scenario(), "--out", target)
    assert res.returncode == 2
    assert "cannot be written" in res.stderr or "not a folder" in res.stderr
    assert "Wall time" not in res.stdout


@pytest.mark.parametrize("name", ["../../evil", "/tmp/nqpf_evil_abs", "a/b"])
def test_a_scenario_name_cannot_leave_the_output_root(scenario, tmp_path, name):
    work = tmp_path / "work"
    work.mkdir()
    res = run_cli("run", scenario(name), "--no-summary", cwd=work)
    assert res.returncode == 0, res.stderr
    made = [p for p in (work / "out").iterdir() if not p.name.startswith(".")]
    assert len(made) == 1 and made[0].parent == work / "out"
    verify_folder(made[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in tmp_path.iterdir() if p.suffix == ".toml"] + ["work"]
    )


def test_run_writes_a_sealed_folder_and_replaces_another_format(scenario, tmp_path):
    out = tmp_path / "o"
    assert run_cli("run", scenario(), "--out", str(out), "--no-summary").returncode == 0
    assert (
        run_cli("run", scenario(), "--out", str(out), "--format", "csv", "--no-summary").returncode
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["content_sha256"]) == {
        "national.csv",
        "regions.csv",
        "industries.csv",
        "region_industries.csv",
    }
    assert not list(out.glob("*.parquet"))
    assert manifest["warnings"] == []
    assert len(read_outputs(out)["national"]) == 3


def test_a_run_beyond_the_guards_warns_by_name(tmp_path):
    path = tmp_path / "boom.toml"
    path.write_text(
        '[world]\ngeography = "custom"\nstart_year = 2000\nend_year = 2003\n'
        '[[world.regions]]\nname = "Boom"\ncapital = 0.001\n'
        "[economy]\nenabled = false\n",
        encoding="utf-8",
    )
    res = run_cli("run", str(path), "--out", str(tmp_path / "o"), "--no-summary")
    assert res.returncode == 0, res.stderr
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert any("gdp_growth" in w and "year 200" in w for w in manifest["warnings"]), manifest[
        "warnings"
    ]
    assert "warning:" in res.stderr


def test_calibrate_refuses_before_its_runs_what_it_could_not_write_whole(tmp_path):
    """``nqpf calibrate`` checks its folder as ``run`` does, before any model run: a folder that
    is not an nqpf output, a folder another process is writing, an unwritable path."""
    config = str(ROOT / "calibration" / "china31.toml")
    args = ("--jobs", "1", "--no-progress")
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    res = run_cli("calibrate", config, "--out", str(mine), *args)
    assert res.returncode == 2 and "not an nqpf output" in res.stderr
    assert [p.name for p in mine.iterdir()] == ["thesis.tex"]
    out = tmp_path / "cal"
    with OutputLock(out):
        res = run_cli("calibrate", config, "--out", str(out), *args)
    assert res.returncode == 2 and "another nqpf process is writing" in res.stderr
    assert not out.exists()
    res = run_cli("calibrate", config, "--out", "/proc/nqpf/cal", *args)
    assert res.returncode == 2 and "cannot be written" in res.stderr
    assert "estimates" not in res.stdout


def test_a_year_option_is_named_in_its_message(tmp_path):
    baseline = str(ROOT / "scenarios" / "baseline.toml")
    out = str(tmp_path / "o")
    res = run_cli("run", baseline, "--end-year", "1900", "--out", out)
    assert res.returncode == 2
    assert res.stderr == (
        "error: --end-year: world.end_year (1900) is before world.start_year (2023). "
        "Allowed: an end year >= 2023.\n"
    )
    res = run_cli("run", baseline, "--start-year", "2005", "--out", out)
    assert res.returncode == 2 and res.stderr.startswith(
        "error: --start-year: world.start_year (2005) has no shipped data"
    )
    res = run_cli(
        "run", baseline, "--end-year", "2030", "--set", "world.end_year=2040", "--out", out
    )
    assert res.returncode == 2 and res.stderr == (
        "error: --end-year 2030: sets 'world.end_year', which --set 'world.end_year=2040' sets "
        "too; give the value once.\n"
    )
    assert not (tmp_path / "o").exists()


def test_backtest_names_a_negative_seed_base_before_any_run(tmp_path):
    res = run_cli("backtest", "--seed-base", "-1", "--out", str(tmp_path / "b"))
    assert res.returncode == 2
    assert res.stderr == "error: --seed-base must be a non-negative integer (got -1).\n"
    assert not (tmp_path / "b").exists()


SWEEP = "scenarios/sweeps/herding_intensity.toml"


def test_validate_checks_a_sweep_spec_as_a_sweep_spec():
    res = run_cli("validate", SWEEP, "scenarios/policy/golden_rule.toml")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        f"ok {SWEEP} (sweep spec 'herding_intensity': 2 swept parameters, grid design, base "
        f"../baseline.toml; run it with 'nqpf sweep {SWEEP}')",
        "ok scenarios/policy/golden_rule.toml (policy-search config 'golden_rule': 1 lever, "
        "1 objective, base ../textbook/solow.toml; run it with 'nqpf optimise "
        "scenarios/policy/golden_rule.toml')",
    ]
    res = run_cli("validate", SWEEP, "--set", "solow.alpha=0.3")
    assert res.returncode == 2 and "--set overrides scenario fields" in res.stderr


def test_validate_reports_a_broken_sweep_spec_with_the_sweep_checks(tmp_path):
    spec = tmp_path / "s.toml"
    text = (ROOT / SWEEP).read_text(encoding="utf-8").replace("replicates = 4", "replicates = 0")
    spec.write_text(text.replace('"../baseline.toml"', f'"{ROOT / "scenarios/baseline.toml"}"'))
    res = run_cli("validate", str(spec))
    assert res.returncode == 2
    assert f"{spec}, line 15: field 'replicates' = 0 is invalid" in res.stderr
    assert "unknown field" not in res.stderr


@pytest.mark.parametrize(
    "command, path, kind, expected, takes",
    [
        ("run", SWEEP, "sweep spec", "scenario file", "nqpf sweep"),
        ("sweep", "scenarios/baseline.toml", "scenario file", "sweep spec", "nqpf run"),
        (
            "optimise",
            "scenarios/baseline.toml",
            "scenario file",
            "policy-search config",
            "nqpf run",
        ),
        ("calibrate", SWEEP, "sweep spec", "calibration config", "nqpf sweep"),
        (
            "run",
            "calibration/china31.toml",
            "calibration config",
            "scenario file",
            "nqpf calibrate",
        ),
    ],
)
def test_a_file_of_another_kind_is_named_as_such(tmp_path, command, path, kind, expected, takes):
    res = run_cli(command, path, "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert res.stderr.startswith(
        f"error: {path}: this is a {kind}, not a {expected}; run it with '{takes} {path}'"
    ), res.stderr
    assert "unknown field" not in res.stderr
    assert not (tmp_path / "o").exists()

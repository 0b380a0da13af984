"""The policy-search report and folder reader on a planted front: the reading's trade-offs and
comparison with the base policy come from the numbers, the tables equal the CSV files, and a
folder that is not a search is named with what it lacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from nqpf.sim.experiments.policy_folder import (
    PolicyFolderError,
    beating_base,
    load_policy_folder,
    trade_offs,
)
from nqpf.sim.experiments.policy_report import reading, write_policy_report
from tests.conftest import ROOT, run_cli

STATS = ("expected", "worst_decile", "max_regret", "mean_regret")
# objective -> direction; along the planted front a rises while b and c worsen... see plant()
DIRECTIONS = {"a": "maximize", "b": "minimize", "c": "minimize"}


def _row(key: str, lever: float, expected: dict, worst: dict, **flags) -> dict:
    row = {"key": key, "base_policy": flags.get("base", False), "x.lever": lever}
    for n in DIRECTIONS:
        row |= {
            f"{n}_expected": expected[n],
            f"{n}_worst_decile": worst[n],
            f"{n}_max_regret": abs(expected[n]) * 0.5,
            f"{n}_mean_regret": abs(expected[n]) * 0.25,
        }
    return row | {"on_front": flags.get("front", False)}


def plant(folder: Path, c_values: tuple[float, float, float] = (1.0, 2.0, 3.0)) -> Path:
    """Three front points: a = 3, 2, 1 (maximised) with b = 3, 2, 1 (minimised): a and b trade
    off; c as given. The base (a 1.5, b 2.5, c 2.5) is beaten by point 2 only in expected
    value and by no point in the worst decile (its worst-decile a is the highest)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenarios").mkdir(exist_ok=True)
    manifest = {
        "kind": "nqpf-policy-search",
        "name": "planted",
        "config": {
            "levers": {"x.lever": {"range": [0, 1]}},
            "objectives": {
                n: {"reduce": "value", "column": n, "year": 2030, "direction": d}
                for n, d in DIRECTIONS.items()
            },
            "search": {"score": "expected"},
            "uncertainty": {"parameters": {"u.p": {"range": [0.0, 1.0]}}},
            "discovery": {"failure": {"objective": "b", "worse_than": 2.0}},
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    front = []
    for i, (a, b) in enumerate([(3.0, 3.0), (2.0, 2.0), (1.0, 1.0)]):
        values = {"a": a, "b": b, "c": c_values[i]}
        front.append(_row(f"k{i + 1}", 0.1 * (i + 1), values, values, front=True))
    base = _row(
        "kbase", 0.5, {"a": 1.5, "b": 2.5, "c": 2.5}, {"a": 9.0, "b": 0.5, "c": 0.5}, base=True
    )
    other = _row("kother", 0.9, {"a": 0.5, "b": 4.0, "c": 4.0}, {"a": 0.5, "b": 4.0, "c": 4.0})
    candidates = pd.DataFrame(front + [base, other])
    candidates.to_csv(folder / "candidates.csv", index=False)
    table = pd.DataFrame(front).drop(columns="on_front")
    table.insert(0, "point", [1, 2, 3])
    table.to_csv(folder / "front.csv", index=False)
    rob = [
        {"point": int(r["point"]), "key": r["key"], "objective": n}
        | {s: r[f"{n}_{s}"] for s in STATS}
        for _, r in table.iterrows()
        for n in DIRECTIONS
    ]
    pd.DataFrame(rob).to_csv(folder / "robustness.csv", index=False)
    pd.DataFrame(
        [
            {
                "policy": "herding",
                "key": "d1",
                "states": 100,
                "failures": 30,
                "failure_share": 0.3,
                "coverage": 0.9,
                "density": 0.85,
                "mass": 0.3,
                "note": "",
                "parameter": "u.p",
                "low": 0.6,
                "high": 0.999,
                "quasi_p": 0.001,
            },
            {
                "policy": "front:k2",
                "key": "d2",
                "states": 100,
                "failures": 0,
                "failure_share": 0.0,
                "note": "never fails",
            },
        ]
    ).to_csv(folder / "discovery.csv", index=False)
    return folder


def test_reading_names_the_trade_offs_and_the_points_that_beat_the_base(tmp_path):
    folder = load_policy_folder(plant(tmp_path / "s"))
    moves = {(m.a, m.b): m.rho for m in trade_offs(folder)}
    assert moves == {
        ("a", "b"): pytest.approx(-1.0),
        ("b", "c"): pytest.approx(-1.0),
        ("a", "c"): pytest.approx(1.0),
    }
    assert beating_base(folder) == [2]
    assert beating_base(folder, "worst_decile") == []
    text = " ".join(reading(folder))
    assert "No policy dominates" in text
    assert "a and b trade against each other (rank correlation -1.00)" in text
    assert "b and c trade against each other (rank correlation -1.00)" in text
    assert "a and c improve together (rank correlation +1.00)" in text
    assert "1 front point beats it on every objective in expected value (point 2)" in text
    assert "in worst decile: 0 front points" in text
    assert (
        "herding fails in 30 of 100 states (30 %); PRIM's box: u.p >= 0.6, coverage 0.9, "
        "density 0.85, mass 0.3." in text
    )
    assert "front:k2 fails in 0 of 100 states (0 %)." in text


def test_the_reading_follows_the_numbers(tmp_path):
    """c reversed along the front: a and c now trade off, b and c improve together."""
    folder = load_policy_folder(plant(tmp_path / "s", c_values=(3.0, 2.0, 1.0)))
    text = " ".join(reading(folder))
    assert "a and c trade against each other" in text
    assert "b and c improve together" in text
    assert "a and c improve together" not in text


def test_a_box_below_the_density_asked_for_is_called_so(tmp_path):
    path = plant(tmp_path / "s")
    boxes = pd.read_csv(path / "discovery.csv")
    boxes.loc[boxes["policy"] == "herding", ["density", "note"]] = [
        0.65,
        "no box reaches density 0.8",
    ]
    boxes.to_csv(path / "discovery.csv", index=False)
    text = " ".join(reading(load_policy_folder(path)))
    assert "density 0.65, mass 0.3 (no box reaches density 0.8: the densest box is shown)." in text


def _md_table(md: str, heading: str) -> pd.DataFrame:
    lines = []
    for line in md.split(f"## {heading}\n", 1)[1].lstrip("\n").splitlines():
        if not line.startswith("|"):
            break
        lines.append(line)
    cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines]
    return pd.DataFrame(cells[2:], columns=cells[0])


def test_report_is_written_and_its_numbers_equal_the_csvs(tmp_path):
    path = plant(tmp_path / "s")
    md_path, html_path = write_policy_report(path)
    md = md_path.read_text(encoding="utf-8")
    page = html_path.read_text(encoding="utf-8")
    assert "a and b trade against each other" in md and "a and b trade against each other" in page
    rob = pd.read_csv(path / "robustness.csv")
    shown = _md_table(md, "Robustness")
    points = shown[shown["point"] != "base"]
    assert len(points) == len(rob)
    for (_, r), (_, s) in zip(rob.iterrows(), points.iterrows(), strict=True):
        assert s["objective"] == r["objective"]
        for stat, label in zip(
            STATS, ["expected value", "worst decile", "max regret", "mean regret"]
        ):
            assert float(s[label]) == pytest.approx(r[stat], rel=5e-4)
    base = pd.read_csv(path / "candidates.csv").query("base_policy")
    row = shown[(shown["point"] == "base") & (shown["objective"] == "a")].iloc[0]
    assert float(row["worst decile"]) == pytest.approx(float(base["a_worst_decile"].iloc[0]))
    box = _md_table(md, "Where policies fail (PRIM)")
    assert box.iloc[0].tolist() == [
        "herding",
        "30 / 100",
        "u.p >= 0.6",
        "0.9",
        "0.85",
        "0.3",
        "0.001",
    ]
    front = _md_table(md, "Front (expected value)")
    assert front["point"].tolist() == ["1", "2", "3", "base"]
    assert [float(v) for v in front["a (max)"]] == [3.0, 2.0, 1.0, 1.5]


def test_a_folder_that_is_not_a_search_is_named(tmp_path):
    (tmp_path / "front.csv").write_text("point\n1\n")
    with pytest.raises(PolicyFolderError, match=re.escape(str(tmp_path))) as err:
        load_policy_folder(tmp_path)
    assert "missing manifest.json, candidates.csv, robustness.csv, scenarios" in str(err.value)
    with pytest.raises(PolicyFolderError, match="is not a folder"):
        load_policy_folder(tmp_path / "nowhere")
    plant(tmp_path / "s")
    (tmp_path / "s" / "manifest.json").write_text('{"kind": "sweep"}')
    with pytest.raises(PolicyFolderError, match="field 'kind' must be 'nqpf-policy-search'"):
        load_policy_folder(tmp_path / "s")


def test_optimise_writes_the_report(tmp_path):
    """nqpf optimise on the golden-rule config (one objective): the report says one point."""
    out = tmp_path / "gr"
    done = run_cli(
        "optimise",
        str(ROOT / "scenarios/policy/golden_rule.toml"),
        "--quick",
        "--jobs",
        "1",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    md = (out / "report.md").read_text(encoding="utf-8")
    front = pd.read_csv(out / "front.csv")
    assert "on the Pareto front of the expected value" in md
    assert len(front) == 1  # one objective: the best candidate
    assert "One front point" in md and "No policy dominates" not in md
    assert f"{front['consumption_expected'].iloc[0]:.4g}" in md
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

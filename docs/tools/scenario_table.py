"""Build docs/scenarios.md from `nqpf compare` reports of the shipped scenario pairs.

Usage (the command that produced docs/scenarios.md)::

    .venv/bin/python docs/tools/scenario_table.py --seeds 20 --jobs 1

and, for the table with the saving kept at home placed uniformly (the default before
2026-12-05; the default now follows the provinces' investment shares of the data)::

    .venv/bin/python docs/tools/scenario_table.py --seeds 20 --jobs 2 \
        --set macro.regional_investment=uniform --out out/scenario_table_uniform

Runs ``nqpf compare COMPARATOR SCENARIO --seeds N`` for every pair below (common random numbers,
summary window 2024-2040), reads each report's ``data/summary.csv`` and writes the table of
headline differences with 95 % confidence intervals.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [
    ("tailored", "herding", "What if every province chases the same industries?"),
    ("herding", "herding_credit_boom", "Does a credit boom make herding worse?"),
    (
        "tailored",
        "tailored_cooperation",
        "What do cooperation agreements and a unified market add?",
    ),
    ("herding", "central_coordination", "Can capacity controls and coordination check herding?"),
    ("baseline", "talent_war", "What does a talent war achieve?"),
    (
        "tailored",
        "future_industry_race",
        "What if regions race into future industries without capability?",
    ),
    (
        "traditional_upgrade",
        "traditional_abandon",
        "Upgrade traditional industries or abandon them?",
    ),
    ("baseline", "tournament", "Where does a GDP tournament take herding?"),
]
INDICATORS = [
    ("gdp", "GDP"),
    ("tfp_growth", "TFP growth"),
    ("capacity_utilization", "Utilisation"),
    ("capacity_utilization_emerging", "Utilisation, emerging"),
    ("price_index_emerging", "Price, emerging"),
    ("npl_ratio", "NPL ratio"),
    ("local_debt_to_gdp", "Local debt / GDP"),
    ("similarity_index", "Similarity"),
    ("theil_index", "Theil"),
    ("written_off_capital", "Written-off capital"),
    ("talent_share_east", "Talent share, east"),
]


def fmt(row: pd.Series) -> str:
    percent = row["unit"] in ("share", "share of GDP", "1/year")
    scale, unit = (100.0, " pp") if percent else (1.0, "")
    d, lo, hi = row["mean_diff"] * scale, row["ci_low"] * scale, row["ci_high"] * scale
    mark = "" if lo > 0 or hi < 0 else " (n.s.)"
    return f"{d:+.3g}{unit} [{lo:+.3g}, {hi:+.3g}]{mark}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "scenario_table")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a scenario field for every run of both sides (repeatable), passed to nqpf compare",
    )
    args = parser.parse_args()
    rows = []
    for base, scen, question in PAIRS:
        out = args.out / f"{scen}_vs_{base}"
        cmd = [
            sys.executable,
            "-m",
            "nqpf.sim.cli",
            "compare",
            f"scenarios/{base}.toml",
            f"scenarios/{scen}.toml",
            "--seeds",
            str(args.seeds),
            "--jobs",
            str(args.jobs),
            "--out",
            str(out),
            *(arg for item in args.set for arg in ("--set", item)),
        ]
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        summary = pd.read_csv(out / "data" / "summary.csv").set_index("indicator")
        cells = {
            label: fmt(summary.loc[key]) if key in summary.index else ""
            for key, label in INDICATORS
        }
        rows.append({"question": question, "pair": f"`{scen}` − `{base}`", **cells})
    table = pd.DataFrame(rows)
    header = "| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n"
    body = "".join(
        "| " + " | ".join(str(v) for v in r) + " |\n" for r in table.itertuples(index=False)
    )
    print(header + body)


if __name__ == "__main__":
    main()

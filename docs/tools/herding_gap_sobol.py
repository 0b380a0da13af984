"""Sobol indices of the herding-minus-tailored gaps in GDP and TFP (docs/model.md 9.4).

Usage, after the two sweeps of ``scenarios/sweeps/herding_gap_*.toml``::

    nqpf sweep scenarios/sweeps/herding_gap_herding.toml --out out/sweeps/herding_gap_herding
    nqpf sweep scenarios/sweeps/herding_gap_tailored.toml --out out/sweeps/herding_gap_tailored
    .venv/bin/python docs/tools/herding_gap_sobol.py out/sweeps/herding_gap_herding \\
        out/sweeps/herding_gap_tailored

The two specs share parameters, design and master seed, so design point k and its replicates
have the same parameter values and seeds in both sweeps (checked here). For each point the gap
is the mean over replicates of ``100 (GDP_herding / GDP_tailored - 1)`` in 2040 and of the
difference of the Solow residual's growth 2023-2040 [percentage points]; SALib's
``sobol.analyze`` turns the gaps into first-order and total indices. Also printed: the share of
points where herding does not lower GDP, and the mean gap in the lowest and highest fifth of each
parameter's range (where the sign reverses). With ``--markdown PATH`` the same figures are
written as the Markdown table of docs/model.md 9.4 (one row per parameter: S1 and ST of the GDP
gap and the TFP gap with their 95 % half-widths, and the mean GDP gap in the lowest and highest
fifth of the parameter's range), so rerunning the three commands refreshes that table.

Time: about 0.25 s per run on one core (to 2040, no Mesa firm views), so the shipped specs
(1,536 runs per side) take about 13 minutes for both sides with ``--jobs 1``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from SALib.analyze import sobol

from nqpf.sim.experiments.sensitivity import point_means
from nqpf.sim.experiments.sweep_store import read_manifest, read_runs


def gaps(herding_dir: str, tailored_dir: str) -> tuple[dict, pd.DataFrame]:
    """The design and, per design point, the parameters and the GDP and TFP gaps."""
    mh, mt = read_manifest(herding_dir), read_manifest(tailored_dir)
    dh, dt = mh["design"], mt["design"]
    if dh["points"] != dt["points"] or dh["method"] != "sobol":
        raise SystemExit("the two sweeps must share one Sobol design (same spec but the base)")
    rh, rt = read_runs(herding_dir), read_runs(tailored_dir)
    seeds = rh.set_index("run_id").seed.sort_index()
    if not seeds.equals(rt.set_index("run_id").seed.sort_index()):
        raise SystemExit("the two sweeps' runs do not have the same seeds")
    n = dh["n_points"]
    for runs in (rh, rt):
        runs["tfp_growth_pct"] = 100 * (runs["tfp_2040"] / runs["tfp_2023"] - 1)
    out = pd.DataFrame(
        np.asarray(dh["points"], dtype=float), columns=[p["path"] for p in dh["parameters"]]
    )
    out["gdp_gap_pct"] = 100 * (point_means(rh, "gdp_2040", n) / point_means(rt, "gdp_2040", n) - 1)
    out["tfp_gap_pp"] = point_means(rh, "tfp_growth_pct", n) - point_means(rt, "tfp_growth_pct", n)
    return dh, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("herding_dir")
    parser.add_argument("tailored_dir")
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--markdown", type=Path, help="write the table of docs/model.md 9.4 here")
    args = parser.parse_args()
    design, df = gaps(args.herding_dir, args.tailored_dir)
    names = [p["path"] for p in design["parameters"]]
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [p["range"] for p in design["parameters"]],
    }
    tables, fifths, summary = {}, {}, {}
    for gap in ("gdp_gap_pct", "tfp_gap_pp"):
        y = df[gap].to_numpy()
        si = sobol.analyze(
            problem,
            y,
            calc_second_order=design["second_order"],
            num_resamples=args.resamples,
            seed=int(design["seed"]),
        )
        table = pd.DataFrame(
            {"S1": si["S1"], "S1_conf": si["S1_conf"], "ST": si["ST"], "ST_conf": si["ST_conf"]},
            index=names,
        )
        summary[gap] = (float(y.mean()), float(100 * (y >= 0).mean()), len(y))
        tables[gap] = table
        print(
            f"\n{gap}: mean {y.mean():.3f}, herding not worse (gap >= 0) at "
            f"{100 * (y >= 0).mean():.0f} % of {len(y)} points"
        )
        print(table.sort_values("ST", ascending=False).round(3).to_string())
        rows = []
        for p in names:
            lo, hi = problem["bounds"][names.index(p)]
            low = df[p] <= lo + 0.2 * (hi - lo)
            high = df[p] >= hi - 0.2 * (hi - lo)
            rows.append(
                {
                    "parameter": p,
                    "lowest fifth": df.loc[low, gap].mean(),
                    "highest fifth": df.loc[high, gap].mean(),
                }
            )
        fifths[gap] = pd.DataFrame(rows).set_index("parameter")
        print(fifths[gap].round(3).to_string())
    if args.markdown:
        args.markdown.write_text(markdown(design, tables, fifths, summary))
        print(f"wrote {args.markdown}")


def markdown(
    design: dict, tables: dict[str, pd.DataFrame], fifths: dict[str, pd.DataFrame], summary: dict
) -> str:
    """The table of docs/model.md 9.4: Sobol indices of both gaps and the sign by range."""
    g, t = tables["gdp_gap_pct"], tables["tfp_gap_pp"]
    fg, ft = fifths["gdp_gap_pct"], fifths["tfp_gap_pp"]
    lines = [
        "| parameter | range | GDP gap S1 | GDP gap ST | TFP gap S1 | TFP gap ST "
        "| GDP gap, lowest fifth | GDP gap, highest fifth "
        "| TFP gap, lowest fifth | TFP gap, highest fifth |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ranges = {p["path"]: p["range"] for p in design["parameters"]}
    for name in g.sort_values("ST", ascending=False).index:
        lo, hi = ranges[name]
        cells = [f"`{name}`", f"{lo:g}-{hi:g}"]
        for tab in (g, t):
            for idx in ("S1", "ST"):
                cells.append(f"{tab.at[name, idx]:.2f} ± {tab.at[name, idx + '_conf']:.2f}")
        for fifth in (fg, ft):
            cells += [
                f"{v:+.2f}" if np.isfinite(v) else "no point"
                for v in (fifth.at[name, "lowest fifth"], fifth.at[name, "highest fifth"])
            ]
        lines.append("| " + " | ".join(cells) + " |")
    gm, gshare, n = summary["gdp_gap_pct"]
    tm, tshare, _ = summary["tfp_gap_pp"]
    lines += [
        "",
        f"{n} design points per side (replicates averaged; the same points and seeds on both "
        "sides); GDP gap = "
        f"100 (GDP herding / GDP tailored - 1) in 2040, mean {gm:+.2f} %, herding not lower at "
        f"{gshare:.0f} % of points; TFP gap = difference of the Solow residual's growth "
        f"2023-2040, mean {tm:+.2f} points, herding not lower at {tshare:.0f} % of points. "
        "S1 first-order, ST total Sobol indices with 95 % bootstrap half-widths; a fifth's "
        "mean of opposite sign to the overall mean marks the range where the gap reverses.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

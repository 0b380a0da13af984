"""The second year's jump of firm investment and the first years' growth, with the uniform start
pipeline and with the pipeline shared by the firms' plans (docs/model.md 9.5).

Usage (the command behind the figures in 9.5)::

    .venv/bin/python docs/tools/start_pipeline.py --seeds 6

For each ``firms.start_pipeline`` setting, runs the baseline to 2027 on seeds 0..N-1 and prints
the mean (and range over seeds) of firm investment's growth in 2024, GDP growth in 2024 and its
mean over 2024-2027, and firm investment in the start year [bn yuan at start-year prices].
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--scenario", default="baseline")
    args = parser.parse_args()
    for start in ("industry", "firm_plans"):
        rows = []
        for seed in range(args.seeds):
            sc = Scenario.load(
                ROOT / "scenarios" / f"{args.scenario}.toml",
                overrides=["world.end_year=2027", f"firms.start_pipeline={start}"],
            )
            n = RegionalEconomy(sc, seed=seed).run()["national"].set_index("year")
            fi = n["firm_investment"]
            rows.append(
                [
                    100 * (fi[2024] / fi[2023] - 1),
                    100 * n.gdp_growth[2024],
                    100 * n.gdp_growth.loc[2024:2027].mean(),
                    fi[2023],
                ]
            )
        x = np.array(rows)
        print(
            f"{start}: firm investment 2024 {x[:, 0].mean():+.1f} % "
            f"({x[:, 0].min():+.1f} to {x[:, 0].max():+.1f}); GDP growth 2024 "
            f"{x[:, 1].mean():.2f} % ({x[:, 1].min():.2f}-{x[:, 1].max():.2f}), 2024-27 "
            f"{x[:, 2].mean():.2f} %; firm investment 2023 {x[:, 3].mean():,.0f} bn yuan"
        )


if __name__ == "__main__":
    main()

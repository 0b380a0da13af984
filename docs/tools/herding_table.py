"""Herding minus tailored on common seeds (docs/model.md 9.3): the table's indicators.

Usage (the command behind the table in docs/model.md 9.3)::

    .venv/bin/python docs/tools/herding_table.py --seeds 20
    .venv/bin/python docs/tools/herding_table.py --seeds 20 --set macro.regional_investment=uniform

Each seed runs ``scenarios/herding.toml`` and ``scenarios/tailored.toml`` to 2040 and summarises
them as ``tests/integration/test_economy.py`` does (``_summary``: the largest two-year fall of
investment in the herded industries, similarity, utilisation overall and of emerging industries,
emerging prices and profit rates, exits, the NPL peak, written-off capital, the bank capital
ratio, local debt / GDP in 2040, cumulative measured and utilisation-adjusted TFP, real GDP in
2040, the Theil index, the national bubble index's peak and the largest industry's);
printed are both means and the mean difference with its 95 % bootstrap interval
(``bootstrap_ci``, 4,000 resamples of the seeds).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the summaries are the test's own

from tests.integration.test_economy import _summary, bootstrap_ci  # noqa: E402

SCENARIOS = ROOT / "scenarios"


def _one(job: tuple[str, int, tuple[str, ...]]) -> dict[str, float]:
    name, seed, overrides = job
    return _summary(SCENARIOS / name, seed, overrides)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a field in both scenarios (repeatable), as nqpf run --set",
    )
    args = parser.parse_args()
    if args.seeds < 2 or args.jobs < 1:
        parser.error("--seeds takes at least 2 and --jobs at least 1")
    seeds = range(args.seeds)
    with ProcessPoolExecutor(args.jobs) as pool:
        sets = tuple(args.set)
        herding = list(pool.map(_one, [("herding.toml", s, sets) for s in seeds]))
        tailored = list(pool.map(_one, [("tailored.toml", s, sets) for s in seeds]))
    for key in herding[0]:
        h = np.array([r[key] for r in herding])
        t = np.array([r[key] for r in tailored])
        d = h - t
        lo, hi = bootstrap_ci(d)
        share = f" ({100 * d.mean() / t.mean():+.1f} %)" if key == "gdp_2040" else ""
        print(
            f"{key}: herding {h.mean():.6g}, tailored {t.mean():.6g}, "
            f"difference {d.mean():+.5g} [{lo:+.5g}, {hi:+.5g}]{share}"
        )


if __name__ == "__main__":
    main()

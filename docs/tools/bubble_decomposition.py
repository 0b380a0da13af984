"""Why the credit boom's national bubble peak is below herding's, and why stronger fund momentum
lowers the funds' peaks (docs/model.md 7.24).

Usage (the command behind the figures in 7.24)::

    .venv/bin/python docs/tools/bubble_decomposition.py --seeds 12

Runs ``herding`` and ``herding_credit_boom`` to 2040 on seeds 0..N-1, and variants of each that
change one of the credit boom's settings back to herding's (or fund momentum), and prints per
variant: the national bubble index's peak (mean, and the years of the peaks), the funds' growth
news ``gR - ge`` weighted by their stakes (mean 2025-2040 and its first five years), and, per
year 2024-2030, the national index split as ``V / F = (V / A) x (A / F)``: the funds' marks
against today's return, and today's return against the fundamental that counts the capacity
under construction (``agents/funds.py``), with capital under construction over installed
capital. Then the paired differences of the peak against herding, with 2-standard-error
intervals over seeds.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from nqpf.sim import RegionalEconomy, Scenario

ROOT = Path(__file__).resolve().parents[2]
END = 2040
MOMENTUM_2 = "finance.fund_momentum=2"
VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "herding": ("herding", ()),
    "herding, fund momentum 0": ("herding", ("finance.fund_momentum=0",)),
    "herding, fund momentum 4": ("herding", ("finance.fund_momentum=4",)),
    "herding, extrapolative firms": (
        "herding",
        ("firms.expectations=extrapolative", "firms.expectation_weight=0.8"),
    ),
    "credit boom": ("herding_credit_boom", ()),
    "credit boom, fund momentum 2": ("herding_credit_boom", (MOMENTUM_2,)),
    "  and prudent banks": ("herding_credit_boom", (MOMENTUM_2, "finance.bank_extrapolation=0")),
    "  and guarantees 0.3": ("herding_credit_boom", (MOMENTUM_2, "finance.implicit_guarantee=0.3")),
    "  and policy rate 0.035": ("herding_credit_boom", (MOMENTUM_2, "finance.policy_rate=0.035")),
    "  and adaptive firms": (
        "herding_credit_boom",
        (MOMENTUM_2, "firms.expectations=adaptive", "firms.expectation_weight=0.5"),
    ),
}


def one_run(name: str, overrides: tuple[str, ...], seed: int) -> dict[str, np.ndarray]:
    """Year-by-year national index, its split, the pipeline ratio and the growth news."""
    sc = Scenario.load(
        ROOT / "scenarios" / f"{name}.toml", overrides=[f"world.end_year={END}", *overrides]
    )
    model = RegionalEconomy(sc, seed=seed)
    w = model.world
    rows, news = [], []
    for _ in range(sc.world.start_year + 1, END + 1):
        expected = w.fund.expected_growth.copy()
        model.step()
        f, fund = w.firms, w.fund
        stakes = np.bincount(f.industry, weights=f.fund_equity, minlength=w.n_industries)
        if expected.size == w.n_industries:
            surprise = w.markets.revenue_growth - expected
            news.append(float((stakes * surprise).sum() / stakes.sum()))
        marks = (stakes * fund.multiple).sum()
        anchor = (stakes * fund.anchor_multiple).sum()
        fundamental = (stakes * fund.fundamental_multiple).sum()
        pipeline = f.under_construction.sum() / f.capital.sum()
        rows.append([marks / fundamental, marks / anchor, anchor / fundamental, pipeline])
    return {"path": np.array(rows), "news": np.array(news)}


def interval(d: np.ndarray) -> str:
    half = 2 * d.std(ddof=1) / np.sqrt(d.size)
    return f"{d.mean():+.3f} [{d.mean() - half:+.3f}, {d.mean() + half:+.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=12)
    args = parser.parse_args()
    peaks: dict[str, np.ndarray] = {}
    for label, (name, overrides) in VARIANTS.items():
        runs = [one_run(name, overrides, seed) for seed in range(args.seeds)]
        paths = np.array([r["path"] for r in runs])
        news = np.array([r["news"] for r in runs])
        peaks[label] = paths[:, :, 0].max(axis=1)
        years = sorted(2024 + int(i) for i in paths[:, :, 0].argmax(axis=1))
        print(f"{label.strip()}: peak {peaks[label].mean():.3f}, peak years {years}")
        print(
            f"  growth news (stake-weighted) 2025-{END} {news.mean():+.4f}, 2025-2029 "
            + " ".join(f"{x:+.4f}" for x in news[:, :5].mean(axis=0))
        )
        mean = paths.mean(axis=0)
        for j, what in enumerate(("V/F", "V/A", "A/F", "building/K")):
            print(f"  {what:11s} 2024-30 " + " ".join(f"{x:.3f}" for x in mean[:7, j]))
    print("\npeak against herding, paired over seeds:")
    for label in VARIANTS:
        if label != "herding":
            print(f"  {label.strip()}: {interval(peaks[label] - peaks['herding'])}")
    print(
        "  credit boom at momentum 2, adaptive firms against it at extrapolative ones: "
        + interval(peaks["  and adaptive firms"] - peaks["credit boom, fund momentum 2"])
    )


if __name__ == "__main__":
    main()

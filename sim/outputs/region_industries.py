"""Columns of the ``region_industries`` table: one row per region, industry and year.

Where each industry is: the firms of every region-industry cell summed, and whether the region's
government prioritises the industry, and the cell's trade with the other regions
(``agents/firms/shipping.py``). Each row declares ``(name, unit, meaning, English label, Chinese
label)``; the order is the table's column order.
"""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Column, declare

REGION_INDUSTRIES: Final[tuple[Column, ...]] = declare(
    "region_industries",
    [
        ("year", "year", "calendar year of the row", "Year", "年份"),
        ("region", "-", "region key (sim/data/provinces.csv or the scenario)", "Region", "地区"),
        ("industry", "-", "industry key (sim/data/industries.toml)", "Industry", "产业"),
        (
            "capacity",
            "bn yuan/year",
            "output capacity of the region's firms in the industry alive at the year's end "
            "(reference prices)",
            "Capacity",
            "产能",
        ),
        (
            "output",
            "bn yuan/year",
            "output of the region's firms in the industry this year, firms that exit at the "
            "year's end included (reference prices; cells sum to the industries table's output)",
            "Output",
            "产出",
        ),
        (
            "n_firms",
            "firms",
            "firms of the industry alive in the region at the year's end",
            "Firms",
            "企业数",
        ),
        (
            "prioritised",
            "0/1",
            "1 if the region's government prioritises the industry this year, else 0",
            "Prioritised",
            "列为重点产业",
        ),
        (
            "exports",
            "bn yuan/year",
            "sales of the region's firms in the industry to buyers in other regions this year "
            "(reference prices; gravity flows, sim/economics/trade.py); summed over regions equal "
            "to imports",
            "Sales to other regions",
            "调出",
        ),
        (
            "imports",
            "bn yuan/year",
            "purchases of the region's buyers from other regions' firms in the industry this year "
            "(reference prices)",
            "Purchases from other regions",
            "调入",
        ),
    ],
)
"""The ``region_industries`` table's columns, in output order."""

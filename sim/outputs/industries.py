"""Columns of the ``industries`` table: one row per industry and year.

Each row declares ``(name, unit, meaning, English label, Chinese label)``; the order is the
table's column order. Quantities are at reference prices (start year = 1).
"""

from __future__ import annotations

from typing import Final

from nqpf.sim.outputs.column import Column, declare

INDUSTRIES: Final[tuple[Column, ...]] = declare(
    "industries",
    [
        ("year", "year", "calendar year of the row", "Year", "年份"),
        ("industry", "-", "industry key (sim/data/industries.toml)", "Industry", "产业"),
        ("tier", "-", "traditional | emerging | future", "Tier", "产业层级"),
        (
            "capacity",
            "bn yuan/year",
            "output capacity installed (at reference prices)",
            "Capacity",
            "产能",
        ),
        ("output", "bn yuan/year", "output at reference prices", "Output", "产出"),
        (
            "value_added",
            "bn yuan/year",
            "real value added at start-year prices by double deflation: output x start-year "
            "price - this year's intermediate inputs valued at start-year prices (fixed base, "
            "additive across industries; national GDP is chain-linked instead, docs/model.md "
            "7.12)",
            "Value added (real)",
            "增加值（不变价）",
        ),
        (
            "value_added_previous_prices",
            "bn yuan/year",
            "this year's output and inputs at last year's prices: the industry's term in the "
            "chain link of real GDP (start year: at current prices)",
            "Value added at previous-year prices",
            "增加值（上年价格）",
        ),
        (
            "value_added_nominal",
            "bn yuan/year",
            "value added at current prices: output x price - intermediate inputs",
            "Value added (current prices)",
            "增加值（现价）",
        ),
        (
            "demand",
            "bn yuan/year",
            "quantity demanded at the clearing price (exceeds output only when rationed at the price cap)",
            "Demand",
            "需求",
        ),
        (
            "chain_demand",
            "bn yuan/year",
            "of the demand, what the downstream stages of a supply chain bought as their input "
            "(sim/economics/chain.py; 0 for an industry no other buys from)",
            "Bought by downstream stages",
            "下游环节采购",
        ),
        ("price", "reference = 1", "clearing price (start year = 1)", "Price", "价格"),
        (
            "capacity_utilization",
            "share",
            "output / capacity",
            "Capacity utilisation",
            "产能利用率",
        ),
        ("investment", "bn yuan/year", "capacity ordered this year", "Investment", "固定资产投资"),
        ("n_firms", "firms", "firms alive", "Firms", "企业数"),
        (
            "n_regions_prioritizing",
            "regions",
            "local governments that prioritise the industry",
            "Regions prioritising it",
            "列为重点产业的地区数",
        ),
        ("profit_rate", "1/year", "firms' profits / assets", "Profit rate", "利润率"),
        (
            "profit",
            "bn yuan/year",
            "firms' accounting profit (cash flow less depreciation), firms leaving this year "
            "included",
            "Profits",
            "利润",
        ),
        (
            "assets",
            "bn yuan",
            "firms' installed capital plus capital under construction, firms leaving this year "
            "included (profit_rate = profit / assets)",
            "Assets",
            "资产",
        ),
        (
            "unit_cost",
            "reference = 1",
            "base unit cost after learning by doing",
            "Unit cost",
            "单位成本",
        ),
        ("exits", "firms/year", "firms that exited", "Exits", "退出企业数"),
        (
            "zombie_share",
            "share",
            "share of the industry's firms that are zombies",
            "Share of zombie firms",
            "僵尸企业占比",
        ),
        (
            "bubble_index",
            "ratio",
            "funds' market multiple of the industry's stakes over its fundamental multiple "
            "(1 = valued at fundamentals)",
            "Bubble index",
            "估值泡沫指数",
        ),
        (
            "interregional_share",
            "share",
            "share of the industry's output sold to buyers outside the producing region",
            "Inter-regional trade share",
            "跨地区销售占比",
        ),
    ],
)
"""The ``industries`` table's columns, in output order."""

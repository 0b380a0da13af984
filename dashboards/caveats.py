"""Caveats shown where a documented model limitation affects what is on screen.

The texts come from the list of known limitations in ``docs/model.md`` (section "Known defects
and limitations"): each bullet's bold title and first sentence after it. ``CAVEAT_TOPICS`` says
which limitation concerns which map indicator; the page shows the caveat beside that view. When
the documentation is not installed with the package, no caveat is shown.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MODEL_DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
"""The model description whose limitations list is read."""

CAVEAT_TOPICS: dict[str, tuple[str, ...]] = {
    "Migration runs away toward the richest cities": (
        "population",
        "labor",
        "net_migration",
        "talent",
        "talent_share",
        "gdp",
        "wage",
    ),
}
"""Limitation title (as written in model.md) -> regional indicators it affects."""

CAVEAT_EN: dict[str, str] = {
    "Migration runs away toward the richest cities": (
        "Known model limitation: migration runs away toward the richest cities. Migrants "
        "compare wages only, with no amenity or congestion cost, and capital follows them, so "
        "the highest-wage regions keep gaining people (Beijing +6.5 % a year against 1.1 % in "
        "the data of 2011-2018). Read regional population paths as a statement about "
        "incentives, not a forecast."
    ),
}
"""Plain English texts of the caveats (shown only while model.md still lists the limitation)."""

CAVEAT_ZH: dict[str, str] = {
    "Migration runs away toward the richest cities": (
        "已知局限：人口迁移向最富裕城市失控集中。迁移只比较工资，没有宜居或拥挤成本，"
        "资本又随劳动力流动，因此工资最高的地区持续吸引人口（如北京人口每年增长 6.5%，"
        "而 2011-2018 年实际为 1.1%）。请把地区人口路径理解为激励的反映，而非预测。"
    ),
}
"""Chinese texts of the caveats (the English ones are read from model.md)."""


@cache
def limitations(path: Path = MODEL_DOC) -> dict[str, str]:
    """Title -> ``Title. First sentences`` of every bullet in model.md's limitations list."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    start = text.find("Known defects and limitations")
    if start < 0:
        return {}
    out = {}
    for m in re.finditer(r"^- \*\*(.+?)\*\*(.*?)(?=^- |\n\n|^#)", text[start:], re.M | re.S):
        title = m.group(1).rstrip(".:")
        body = " ".join(m.group(2).split())
        first = re.split(r"(?<=[.])\s", body, maxsplit=2)
        out[title] = f"{title}. " + " ".join(first[:2])
    return out


def caveat_for(indicator: str, lang: str) -> str | None:
    """The caveat to show beside a map of ``indicator`` while model.md lists its limitation."""
    found = limitations()
    for title, indicators in CAVEAT_TOPICS.items():
        if indicator in indicators and title in found:
            texts = CAVEAT_ZH if lang == "zh" else CAVEAT_EN
            return texts.get(title, found[title])
    return None

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
    "Migration is calibrated to one year of flows, with one natural change for all": (
        "population",
        "labor",
        "net_migration",
        "talent",
        "talent_share",
    ),
}
"""Limitation title (as written in model.md) -> regional indicators it affects."""

CAVEAT_EN: dict[str, str] = {
    "Migration is calibrated to one year of flows, with one natural change for all": (
        "Known model limitation: migration repeats the start year's net flows (each province's "
        "amenity is set to reproduce them) and then responds to wages, talent subsidies, "
        "housing congestion and hukou barriers; every province shares the national natural "
        "change. Read regional population paths as recent flows continued plus responses to "
        "incentives, not a forecast."
    ),
}
"""Plain English texts of the caveats (shown only while model.md still lists the limitation)."""

CAVEAT_ZH: dict[str, str] = {
    "Migration is calibrated to one year of flows, with one natural change for all": (
        "已知局限：人口迁移延续起始年份的净流动（各省的宜居度按此校准），之后随工资、人才补贴、"
        "住房拥挤成本和户籍门槛变化；各省采用全国统一的自然增长率。请把地区人口路径理解为"
        "近期流动的延续加上对激励的反应，而非预测。"
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

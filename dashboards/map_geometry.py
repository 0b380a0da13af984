"""Map geometry for the dashboard: province outlines as SVG paths, or circles for other maps.

China's 31 provinces come from ``sim/data/china_provinces.geojson`` (``properties.region``
is the region key), projected with an Albers equal-area conic (standard parallels 25 deg N and
47 deg N, central meridian 105 deg E, as atlases of China use) and simplified to about one pixel.
The outlines are indicative only. Regions of a synthetic or custom geography have no outlines:
each is drawn as a circle at its capital's coordinates (on a grid when coordinates coincide).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from nqpf.sim.data.provinces import GEOJSON_FILE

WIDTH = 800.0
"""Width of the map's drawing in SVG user units (the page scales it)."""
_LABEL_SPACE = 20.0
"""Space below a circle for the region's name (SVG user units)."""
_PHI1, _PHI2, _LAMBDA0 = math.radians(25.0), math.radians(47.0), math.radians(105.0)


@dataclass(frozen=True)
class Shape:
    """One region on the map: an SVG path (provinces) or a circle (other geographies)."""

    region: str
    d: str = ""
    """SVG path data (empty for a circle)."""
    cx: float = 0.0
    cy: float = 0.0
    r: float = 0.0
    """Circle centre and radius (0 for a path)."""

    def as_dict(self) -> dict[str, object]:
        return {"region": self.region, "d": self.d, "cx": self.cx, "cy": self.cy, "r": self.r}


@dataclass(frozen=True)
class MapLayout:
    """Shapes of every region and the SVG view box that contains them."""

    shapes: tuple[Shape, ...]
    view_box: str
    outlines: bool
    """True when the shapes are real province outlines."""


def albers(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic projection (unit sphere), y pointing down as in SVG.

    x = rho sin(theta), y = -(rho0 - rho cos(theta)), theta = n (lambda - lambda0),
    rho = sqrt(C - 2 n sin(phi)) / n, n = (sin phi1 + sin phi2) / 2, C = cos^2 phi1 + 2 n sin phi1,
    with rho0 at the equator (Snyder 1987, Map Projections: A Working Manual, eq. 14-1 to 14-4).
    """
    n = (math.sin(_PHI1) + math.sin(_PHI2)) / 2.0
    c = math.cos(_PHI1) ** 2 + 2.0 * n * math.sin(_PHI1)
    phi, lam = np.radians(lat), np.radians(lon)
    rho = np.sqrt(c - 2.0 * n * np.sin(phi)) / n
    rho0 = math.sqrt(c) / n
    theta = n * (lam - _LAMBDA0)
    return rho * np.sin(theta), -(rho0 - rho * np.cos(theta))


def _rings(geometry: dict) -> list[np.ndarray]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {geometry['type']!r}")
    return [np.asarray(ring, dtype=float) for polygon in polygons for ring in polygon]


def _path(ring: np.ndarray, min_step: float) -> str:
    """SVG path of one ring, dropping points closer than ``min_step`` to the last kept one."""
    kept = [ring[0]]
    for point in ring[1:]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= min_step:
            kept.append(point)
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z"


@lru_cache(maxsize=2)
def province_layout(path: Path = GEOJSON_FILE) -> MapLayout:
    """Outlines of China's provinces, read once per process (immutable, shared by sessions)."""
    features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    projected: list[tuple[str, list[np.ndarray]]] = []
    for feature in features:
        rings = []
        for ring in _rings(feature["geometry"]):
            x, y = albers(ring[:, 0], ring[:, 1])
            rings.append(np.column_stack([x, y]))
        projected.append((feature["properties"]["region"], rings))
    allpts = np.concatenate([r for _, rings in projected for r in rings])
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    k = WIDTH / (hi[0] - lo[0])
    shapes = []
    for region, rings in projected:
        d = "".join(_path((r - lo) * k, min_step=0.8) for r in rings)
        shapes.append(Shape(region=region, d=d))
    height = (hi[1] - lo[1]) * k
    return MapLayout(tuple(shapes), f"-4 -4 {WIDTH + 8:.0f} {height + 8:.0f}", outlines=True)


def circle_layout(names: list[str], lon: np.ndarray, lat: np.ndarray) -> MapLayout:
    """Circles at the regions' coordinates (a grid when coordinates coincide)."""
    n = len(names)
    x, y = albers(np.asarray(lon, float), np.asarray(lat, float))
    points = np.column_stack([x, y])
    if n > 1 and len(np.unique(points.round(6), axis=0)) < n:
        cols = math.ceil(math.sqrt(n))
        points = np.array([[i % cols, i // cols] for i in range(n)], dtype=float)
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = float(max(hi[0] - lo[0], hi[1] - lo[1], 1e-9))
    r = max(6.0, min(40.0, 0.35 * WIDTH / math.sqrt(max(n, 1))))
    inner = WIDTH - 2 * r
    pts = (points - lo) / span * inner + r if n > 1 else np.array([[WIDTH / 2, WIDTH / 4]])
    height = float(pts[:, 1].max() + r + _LABEL_SPACE)  # room for the name below the circle
    shapes = tuple(
        Shape(region=name, cx=round(float(px), 1), cy=round(float(py), 1), r=round(r, 1))
        for name, (px, py) in zip(names, pts)
    )
    return MapLayout(
        shapes, f"0 0 {WIDTH:.0f} {max(height, 2 * r + _LABEL_SPACE):.0f}", outlines=False
    )


def layout_for(names: list[str], lon: np.ndarray, lat: np.ndarray) -> MapLayout:
    """Province outlines when every region is a province of the shipped map, else circles."""
    provinces = province_layout()
    known = {s.region for s in provinces.shapes}
    if names and set(names) <= known:
        keep = set(names)
        return MapLayout(
            tuple(s for s in provinces.shapes if s.region in keep),
            provinces.view_box,
            outlines=True,
        )
    return circle_layout(names, lon, lat)

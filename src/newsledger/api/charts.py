"""Server-side charts as plain geometry for the SVG templates: no JavaScript, no tile server.

- **The map.** State outlines come from ``web/static/us-states-v1.json``, a data file in the
  package: SVG paths already projected with d3's ``geoAlbersUsa`` (scale 1300, translate
  487.5/305, Alaska and Hawaii as insets), made from the npm package ``us-atlas`` 3.0.1, which
  redistributes the US Census Bureau's 2017 cartographic boundary files (public domain); its
  ``_about`` says how. :func:`albers_usa` is the same projection in Python, so an incident's
  latitude and longitude land where d3 would put them. States are shaded by how many incidents
  they hold (five classes), and incidents with coordinates are dots.
- **The timeline chart.** Incidents per month of the incident date, as bars.
- **The two clocks.** For one incident: when it happened (a band over its date range) above when
  each article reported it (a tick per article), on one time axis.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsledger.datafiles import read_versioned_json

STATES_FILE = "web/static/us-states-v1.json"


@lru_cache(maxsize=1)
def states_outline() -> dict[str, Any]:
    """The packaged state outlines (read once)."""
    path = Path(str(resources.files("newsledger").joinpath(STATES_FILE)))
    return read_versioned_json(path, "the US states outline file")


# --- d3.geoAlbersUsa in Python ----------------------------------------------------------------


class _ConicEqualArea:
    """d3's conicEqualArea with rotate, center, parallels, scale and translate."""

    def __init__(
        self,
        *,
        rotate: float,
        center: tuple[float, float],
        parallels: tuple[float, float],
        scale: float,
        translate: tuple[float, float],
    ) -> None:
        phi0, phi1 = math.radians(parallels[0]), math.radians(parallels[1])
        sy0 = math.sin(phi0)
        self.n = (sy0 + math.sin(phi1)) / 2
        self.c = 1 + sy0 * (2 * self.n - sy0)
        self.r0 = math.sqrt(self.c) / self.n
        self.rotate = math.radians(rotate)
        self.k = scale
        self.tx, self.ty = translate
        cx, cy = self._raw(math.radians(center[0]), math.radians(center[1]))
        self.dx = self.tx - self.k * cx
        self.dy = self.ty + self.k * cy

    def _raw(self, lam: float, phi: float) -> tuple[float, float]:
        r = math.sqrt(max(self.c - 2 * self.n * math.sin(phi), 0.0)) / self.n
        lam *= self.n
        return r * math.sin(lam), self.r0 - r * math.cos(lam)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lam = math.radians(lon) + self.rotate
        # Normalize the rotated longitude to [-pi, pi], as d3's rotation does.
        lam = (lam + math.pi) % (2 * math.pi) - math.pi
        x, y = self._raw(lam, math.radians(lat))
        return self.dx + self.k * x, self.dy - self.k * y


def _albers_usa(
    k: float = 1300, x: float = 487.5, y: float = 305
) -> list[tuple[_ConicEqualArea, tuple[float, float, float, float]]]:
    """The three parts of geoAlbersUsa, each with the extent it draws in."""
    lower48 = _ConicEqualArea(
        rotate=96, center=(-0.6, 38.7), parallels=(29.5, 45.5), scale=k, translate=(x, y)
    )
    alaska = _ConicEqualArea(
        rotate=154,
        center=(-2, 58.5),
        parallels=(55, 65),
        scale=k * 0.35,
        translate=(x - 0.307 * k, y + 0.201 * k),
    )
    hawaii = _ConicEqualArea(
        rotate=157,
        center=(-3, 19.9),
        parallels=(8, 18),
        scale=k,
        translate=(x - 0.205 * k, y + 0.212 * k),
    )
    return [
        (lower48, (x - 0.455 * k, y - 0.238 * k, x + 0.455 * k, y + 0.238 * k)),
        (alaska, (x - 0.425 * k, y + 0.120 * k, x - 0.214 * k, y + 0.234 * k)),
        (hawaii, (x - 0.214 * k, y + 0.166 * k, x - 0.115 * k, y + 0.234 * k)),
    ]


_PARTS = _albers_usa()


def albers_usa(lon: float, lat: float) -> tuple[float, float] | None:
    """Screen coordinates in the 975x610 map, or None outside the three parts (as in d3)."""
    for project, (x0, y0, x1, y1) in _PARTS:
        px, py = project(lon, lat)
        if x0 <= px <= x1 and y0 <= py <= y1:
            return round(px, 1), round(py, 1)
    return None


# --- the map ----------------------------------------------------------------------------------


def _bounds(top: int) -> list[float]:
    """Where shades 2, 3 and 4 start: a log scale up to the busiest state's count."""
    return [math.expm1(math.log1p(top) * i / 4) for i in (1, 2, 3)] if top > 0 else []


def _shade(count: int, bounds: list[float]) -> int:
    """A shade class 0-4: 0 for no incident, 4 for the busiest states."""
    return 0 if count <= 0 else 1 + sum(count > b for b in bounds)


def map_geometry(by_state: dict[str, int], points: list[dict[str, Any]]) -> dict[str, Any]:
    """What the map template draws: shaded states and a dot per incident with coordinates."""
    outline = states_outline()
    top = max(by_state.values(), default=0)
    bounds = _bounds(top)
    states = [
        {
            "code": s["code"],
            "name": s["name"],
            "d": s["d"],
            "count": by_state.get(s["code"], 0),
            "shade": _shade(by_state.get(s["code"], 0), bounds),
        }
        for s in outline["states"]
    ]
    dots = []
    for p in points:
        if p.get("lat") is None or p.get("lon") is None:
            continue
        xy = albers_usa(float(p["lon"]), float(p["lat"]))
        if xy is None:
            continue
        dots.append({**p, "x": xy[0], "y": xy[1], "fatal": bool(p.get("killed"))})
    return {
        "width": outline["width"],
        "height": outline["height"],
        "states": states,
        "dots": dots,
        "source": outline["source"],
        "legend": _legend(top, bounds),
    }


def _legend(top: int, bounds: list[float]) -> list[dict[str, Any]]:
    """Each shade in use with the counts it stands for."""
    out: list[dict[str, Any]] = [{"shade": 0, "label": "none"}]
    if top <= 0:
        return out  # an empty ledger: no state has an incident
    edges = [0, *(math.floor(b) for b in bounds), top]
    for shade in range(1, 5):
        lo, hi = edges[shade - 1] + 1, edges[shade]
        if lo <= hi:
            out.append({"shade": shade, "label": str(lo) if lo == hi else f"{lo}–{hi}"})
    return out


# --- incidents per month ----------------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (y1, m1) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def month_bars(
    rows: list[dict[str, Any]], *, width: int = 720, height: int = 140
) -> dict[str, Any]:
    """Bars of incidents per month (months without incidents included), with labels."""
    valid = [r for r in rows if isinstance(r.get("month"), str) and len(r["month"]) == 7]
    if not valid:
        return {"width": width, "height": height, "bars": [], "ticks": [], "max": 0}
    counts = {r["month"]: r for r in valid}
    months = _months(valid[0]["month"], valid[-1]["month"])
    top = max(r["count"] for r in valid)
    pad_bottom, pad_top = 20, 8
    slot = width / len(months)
    bars = []
    for i, month in enumerate(months):
        row = counts.get(month, {"count": 0, "killed": 0, "injured": 0})
        h = (height - pad_bottom - pad_top) * row["count"] / top if top else 0
        bars.append(
            {
                "month": month,
                "count": row["count"],
                "killed": row["killed"],
                "injured": row["injured"],
                "x": round(i * slot + slot * 0.1, 1),
                "w": round(max(slot * 0.8, 1), 1),
                "y": round(height - pad_bottom - h, 1),
                "h": round(h, 1),
            }
        )
    step = max(1, math.ceil(len(months) / 8))
    ticks = [
        {"x": round(i * slot + slot / 2, 1), "label": month}
        for i, month in enumerate(months)
        if i % step == 0
    ]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "max": top}


# --- the two clocks ---------------------------------------------------------------------------


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def two_clocks(
    happened: dict[str, Any] | None,
    reports: list[dict[str, Any]],
    *,
    width: int = 720,
) -> dict[str, Any] | None:
    """Geometry for when the incident happened (a band) and when each article reported it
    (ticks), on one axis of days. None when there is nothing dated to draw."""
    happened = happened or {}
    lo = _instant(happened.get("earliest") or happened.get("value"))
    hi = _instant(happened.get("latest") or happened.get("value"))
    if hi is not None:
        hi += timedelta(days=1)  # a day covers the whole day
    times = [(r, _instant(r.get("published_at"))) for r in reports]
    dated = [(r, t) for r, t in times if t is not None]
    instants = [t for _, t in dated] + [t for t in (lo, hi) if t is not None]
    if not instants:
        return None
    start = min(instants) - timedelta(hours=12)
    end = max(instants) + timedelta(hours=12)
    span = (end - start).total_seconds() or 1.0
    left, right = 10, width - 10

    def x(t: datetime) -> float:
        return round(left + (right - left) * (t - start).total_seconds() / span, 1)

    band = None
    if lo is not None and hi is not None:
        band = {"x": x(lo), "w": max(round(x(hi) - x(lo), 1), 2.0), "label": _day_label(happened)}
    ticks = []
    for n, (r, t) in enumerate(sorted(dated, key=lambda rt: rt[1])):
        ticks.append(
            {
                "x": x(t),
                "row": n % 3,
                "label": r.get("outlet") or r.get("article_id") or "",
                "published_at": r.get("published_at"),
                "article_id": r.get("article_id"),
            }
        )
    days = []
    day = start.date() + timedelta(days=1)
    total_days = (end.date() - start.date()).days
    step = max(1, math.ceil(total_days / 10))
    while datetime.combine(day, datetime.min.time(), UTC) < end:
        days.append({"x": x(datetime.combine(day, datetime.min.time(), UTC)), "label": str(day)})
        day += timedelta(days=step)
    return {
        "width": width,
        "height": 150,
        "band": band,
        "ticks": ticks,
        "days": days,
        "undated": [r for r, t in times if t is None],
    }


def _day_label(value: dict[str, Any]) -> str:
    lo = value.get("earliest") or value.get("value")
    hi = value.get("latest") or value.get("value")
    return str(lo) if lo == hi else f"{lo} – {hi}"

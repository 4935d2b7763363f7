"""Country boundaries for the maps: Natural Earth via world-atlas TopoJSON, shipped in static/geo.

The engagement map does not embed boundaries in its chart spec: Streamlit serves
``static/geo/`` (``[server] enableStaticServing``) and the browser fetches the TopoJSON and the
centroid table once, by URL (:func:`served_geo`); each filter change sends only the counts,
joined to the shapes in the browser by a lookup on the feature id. Offline rendering (PNG/SVG
export with vl-convert) inlines the same files instead (:func:`inline_geo`).

The TopoJSON ids are zero-padded ISO 3166 numeric codes; Kosovo has no id and is keyed by its
name (:func:`geo_key`). Antarctica is dropped.

:func:`features_from_topojson` decodes the TopoJSON in plain Python (GDAL's TopoJSON reader
breaks Russia at the antimeridian and flips ring winding) into GeoJSON features joined to
ISO3; the partnership tier map inlines those, and :func:`centroid_rows` derives the centroid
table from them (``python -m dashboard.maps centroids``, see static/geo/SOURCE.md).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts import GeoSource
from dashboard.db import REPO_ROOT, data_dir
from dashboard.metrics import type_label
from etl.partnerships import tier_label

GEO_DIR = REPO_ROOT / "static" / "geo"
# Where Streamlit serves GEO_DIR: relative to the page, so it also works under a baseUrlPath.
GEO_URL = "app/static/geo"
# The one place the resolution is chosen: 1:110m is 108 kB, fetched once by the browser;
# countries too small for it (Singapore, Maldives...) are drawn as symbols at their centroids.
BOUNDARIES_FILE = "countries-110m.json"
CENTROIDS_FILE = "centroids.json"
BOUNDARIES_DATASET, CENTROIDS_DATASET = "geo-countries", "geo-centroids"  # when inlined
TOPOJSON_OBJECT = "countries"
ANTARCTICA_NUMERIC = "010"
COORD_DECIMALS = 3
# Features without an ISO numeric id in Natural Earth.
NAMED_WITHOUT_ID = {"Kosovo": "XKX"}
EARTH_RADIUS_KM = 6371.0088


class BoundariesUnavailable(FileNotFoundError):
    pass


def boundaries_path(filename: str = BOUNDARIES_FILE) -> Path:
    """<data dir>/geo/<file>, else the copy shipped in <repo>/static/geo."""
    candidates = [data_dir() / "geo" / filename, GEO_DIR / filename]
    for path in candidates:
        if path.is_file():
            return path
    raise BoundariesUnavailable(
        f"Country boundaries {filename} not found (looked in "
        + ", ".join(str(p.parent) for p in candidates)
        + "). Install Natural Earth world-atlas TopoJSON there to draw maps."
    )


def _iso3_from_numeric(numeric: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country else None


def _round(coords: Any, ndigits: int) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), ndigits)
    return [_round(c, ndigits) for c in coords]


def _decode_arcs(topo: dict) -> list[list[list[float]]]:
    """Absolute lon/lat arcs (world-atlas arcs are quantized and delta-encoded)."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append([x * sx + tx, y * sy + ty])
        else:
            points = [[p[0], p[1]] for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[list[float]]]) -> list[list[float]]:
    coords: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        coords.extend(points if not coords else points[1:])
    return _round(coords, COORD_DECIMALS)


def _geometry(obj: dict, arcs: list[list[list[float]]]) -> dict | None:
    kind = obj.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_ring(r, arcs) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {
            "type": kind,
            "coordinates": [[_ring(r, arcs) for r in poly] for poly in obj["arcs"]],
        }
    return None


def features_from_topojson(path: Path, numeric_to_iso3: dict[str, str]) -> list[dict]:
    """GeoJSON features (properties: id, iso3, name) decoded from world-atlas TopoJSON.

    Decoded the way topojson-client does, so rings keep d3's spherical winding (Vega draws
    them as countries, not as "the globe minus the country", and Russia/Fiji stay whole
    across the antimeridian). Antarctica is dropped.
    """
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    features = []
    for obj in topo["objects"][TOPOJSON_OBJECT]["geometries"]:
        props = obj.get("properties") or {}
        name = props.get("name")
        raw_id = obj.get("id")
        numeric = str(raw_id).zfill(3) if raw_id not in (None, "") else None
        if numeric == ANTARCTICA_NUMERIC or name == "Antarctica":
            continue
        geometry = _geometry(obj, arcs)
        if geometry is None:
            continue
        if numeric is not None:
            iso3 = numeric_to_iso3.get(numeric) or _iso3_from_numeric(numeric)
        else:
            iso3 = NAMED_WITHOUT_ID.get(name)
        features.append(
            {
                "type": "Feature",
                "id": numeric,
                "properties": {"id": numeric, "iso3": iso3, "name": name},
                "geometry": geometry,
            }
        )
    return features


@st.cache_data(show_spinner=False, max_entries=4)
def load_boundaries(path: str, numeric_to_iso3: dict[str, str]) -> list[dict]:
    """Cached per file and mapping: parsing the TopoJSON takes ~0.5 s."""
    return features_from_topojson(Path(path), numeric_to_iso3)


# --- the map's geography as chart data ---------------------------------------------------------


def geo_key(numeric: str | None, name: str | None = None) -> str | None:
    """The key a map feature is joined on: its ISO numeric id, else its Natural Earth name."""
    if numeric:
        return str(numeric).zfill(3)
    return name if name in NAMED_WITHOUT_ID else None


TOP_TYPES_SHOWN = 3


def _top_types(types_json: object) -> str | None:
    """'Meeting 5 · Message 4 · State visit 3' from JSON [{type, events}] (most frequent first)."""
    if not isinstance(types_json, str):
        return None
    types = json.loads(types_json)[:TOP_TYPES_SHOWN]
    return " · ".join(f"{type_label(t['type'])} {int(t['events'])}" for t in types) or None


def _day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def map_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """queries.engagement_counts plus the columns the map joins and shows (charts.MAP_ROW_COLUMNS):
    geo_id (feature key), top_types, last_engagement, tier (ranked label), sources."""
    out = counts.copy()
    kosovo = {iso3: name for name, iso3 in NAMED_WITHOUT_ID.items()}
    out["geo_id"] = [
        geo_key(numeric if isinstance(numeric, str) else None) or kosovo.get(iso3)
        for numeric, iso3 in zip(out["iso_numeric"], out["iso3"], strict=True)
    ]
    out["top_types"] = [_top_types(t) for t in out["types"]]
    out["last_engagement"] = [_day(d) or "undated only" for d in out["last_date"]]
    out["tier"] = [
        f"{int(rank)}. {tier_label(tier)}" if isinstance(tier, str) and tier else "none mentioned"
        for tier, rank in zip(out["tier"], out["tier_rank"], strict=True)
    ]
    out["sources"] = [
        f"{int(a)} article{'s' * (a != 1)} in {int(d)} document{'s' * (d != 1)}"
        for a, d in zip(out["articles"], out["documents"], strict=True)
    ]
    return out


def _topojson_format() -> alt.TopoDataFormat:
    return alt.TopoDataFormat(type="topojson", feature=TOPOJSON_OBJECT)


def served_geo(base_url: str = GEO_URL) -> GeoSource:
    """Boundaries and centroids as URLs: the browser fetches (and caches) them once."""
    return GeoSource(
        countries=alt.UrlData(url=f"{base_url}/{BOUNDARIES_FILE}", format=_topojson_format()),
        centroids=alt.UrlData(
            url=f"{base_url}/{CENTROIDS_FILE}", format=alt.JsonDataFormat(type="json")
        ),
    )


@st.cache_data(show_spinner=False, max_entries=2)
def _read_json(path: str) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def inline_geo(geo_dir: Path = GEO_DIR) -> GeoSource:
    """The same files inlined, for rendering without a server (vl-convert: PNG, SVG)."""
    for name in (BOUNDARIES_FILE, CENTROIDS_FILE):
        if not (Path(geo_dir) / name).is_file():
            raise BoundariesUnavailable(f"{name} not found in {geo_dir}")
    return GeoSource(
        countries=alt.NamedData(name=BOUNDARIES_DATASET, format=_topojson_format()),
        centroids=alt.NamedData(name=CENTROIDS_DATASET),
        datasets={
            BOUNDARIES_DATASET: _read_json(str(Path(geo_dir) / BOUNDARIES_FILE)),
            CENTROIDS_DATASET: _read_json(str(Path(geo_dir) / CENTROIDS_FILE)),
        },
    )


def geo_available(geo_dir: Path = GEO_DIR) -> bool:
    return all((Path(geo_dir) / name).is_file() for name in (BOUNDARIES_FILE, CENTROIDS_FILE))


# --- centroid table: where small countries are drawn as symbols --------------------------------


def _ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on the sphere (the formula d3-geo and OpenLayers use), unsigned."""
    ring = _unwrapped(ring)
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(ring):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return abs(total) * EARTH_RADIUS_KM**2 / 2


def _unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """A ring crossing the antimeridian with its western longitudes moved past 180."""
    lons = [p[0] for p in ring]
    if max(lons) - min(lons) <= 180:
        return ring
    return [[lon + 360 if lon < 0 else lon, lat] for lon, lat in ring]


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float]:
    """Planar centroid of a lon/lat ring (fine for the small polygons it is used for)."""
    ring = _unwrapped(ring)
    area2 = cx = cy = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        cross = x1 * y2 - x2 * y1
        area2 += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area2) < 1e-12:  # degenerate: the mean of the points
        lon = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
    else:
        lon, lat = cx / (3 * area2), cy / (3 * area2)
    return ((lon + 180) % 360) - 180, lat


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def centroid_rows(features: list[dict]) -> list[dict]:
    """One row per map key: ISO3, name, the centroid of its largest polygon, its area in km².

    Features sharing a key (Australia and its Ashmore and Cartier Islands) are merged: areas
    add up, the centroid is that of the largest polygon of all.
    """
    merged: dict[str, dict] = {}
    for feature in features:
        props = feature["properties"]
        key = geo_key(props.get("id"), props.get("name"))
        if key is None:
            continue
        row = merged.setdefault(
            key,
            {"id": key, "iso3": props.get("iso3"), "name": props.get("name"), "area_km2": 0.0,
             "_largest": -1.0, "lon": None, "lat": None},
        )  # fmt: skip
        for polygon in _polygons(feature["geometry"]):
            exterior, *holes = polygon
            area = _ring_area_km2(exterior) - sum(_ring_area_km2(h) for h in holes)
            row["area_km2"] += area
            if area > row["_largest"]:
                row["_largest"] = area
                row["lon"], row["lat"] = _ring_centroid(exterior)
    rows = []
    for key in sorted(merged):
        row = merged[key]
        rows.append(
            {
                "id": key,
                "iso3": row["iso3"],
                "name": row["name"],
                "lon": round(row["lon"], 3),
                "lat": round(row["lat"], 3),
                "area_km2": round(row["area_km2"]),
            }
        )
    return rows


def write_centroids(rows: list[dict], path: Path) -> None:
    """JSON, one country per line (readable diffs)."""
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    Path(path).write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.maps")
    sub = parser.add_subparsers(dest="command", required=True)
    centroids = sub.add_parser("centroids", help="write the centroid table from a TopoJSON")
    centroids.add_argument("--topojson", type=Path, required=True, help="world-atlas countries")
    centroids.add_argument("--out", type=Path, default=GEO_DIR / CENTROIDS_FILE)
    args = parser.parse_args(argv)
    rows = centroid_rows(features_from_topojson(args.topojson, {}))
    write_centroids(rows, args.out)
    print(f"wrote {len(rows)} centroids to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

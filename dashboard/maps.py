"""Country boundaries for the maps: Natural Earth via world-atlas TopoJSON, loaded once.

The TopoJSON ids are zero-padded ISO 3166 numeric codes; they are joined to
``countries.iso_numeric`` (pycountry as fallback) so every feature carries its ISO3.
Antarctica is dropped. The TopoJSON is decoded here in plain Python (GDAL's TopoJSON reader
breaks Russia at the antimeridian and flips ring winding). The result is a list of GeoJSON
features that :func:`dashboard.charts.engagement_map` wraps as ``alt.InlineData``
(engineering notes, trap 4: a GeoDataFrame handed to Altair draws an empty map).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.db import REPO_ROOT, data_dir

# The one place the resolution is chosen: 1:110m keeps the chart spec small (~0.3 MB);
# 1:50m ("countries-50m.json") adds small states (Singapore, Maldives...) at ~4 MB inline.
BOUNDARIES_FILE = "countries-110m.json"
TOPOJSON_OBJECT = "countries"
ANTARCTICA_NUMERIC = "010"
COORD_DECIMALS = 3
# Features without an ISO numeric id in Natural Earth.
NAMED_WITHOUT_ID = {"Kosovo": "XKX"}


class BoundariesUnavailable(FileNotFoundError):
    pass


def boundaries_path(filename: str = BOUNDARIES_FILE) -> Path:
    """<data dir>/geo/<file>, else the copy shipped in <repo>/data/geo."""
    candidates = [data_dir() / "geo" / filename, REPO_ROOT / "data" / "geo" / filename]
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

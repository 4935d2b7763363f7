"""Shared pytest fixtures. Keep them generic: any test module (ETL or dashboard) may use them.

- ``fixture_tables()``: small, realistic tables matching etl.schemas (built in code).
- ``snapshot_dir``: a tmp data directory holding those tables as the current snapshot.
- ``synthetic_boundaries``: GeoJSON features (squares) for a handful of countries + Antarctica.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from etl.pipeline import snapshot_folders
from etl.rollups import rollup_tables
from etl.schemas import TABLES
from etl.search_index import INDEX_DIR
from etl.store import write_snapshot

D1 = "d1a2b3c4d5e6f708"
D2 = "0f1e2d3c4b5a6978"
A1, A2, A3, A4, A5 = f"{D1}-0", f"{D2}-0", f"{D2}-1", f"{D2}-2", f"{D1}-1"

ARTICLE_TEXTS = {
    A1: "Xi Jinping met with Uruguayan President Yamandu Orsi in Beijing on Jan. 14.",
    A2: "Wang Yi held talks with Pakistani Deputy Prime Minister Ishaq Dar on Jan. 20.",
    A3: "Premier Li Qiang arrived in Moscow on Feb. 10 for an official visit to Russia.",
    A4: "MOSCOW, Feb. 10 (Xinhua) -- Chinese Premier Li Qiang met with Vladimir Putin.",
    A5: "Vice Foreign Minister met a visiting Vietnamese delegation on Thursday.",
}


def _table(name: str, rows: list[dict]) -> pa.Table:
    schema = TABLES[name]
    return pa.Table.from_pylist(
        [{f: row.get(f) for f in schema.names} for row in rows], schema=schema
    )


def _span(article_id: str) -> dict:
    return {"span_start": 0, "span_end": len(ARTICLE_TEXTS[article_id])}


def fixture_tables() -> dict[str, pa.Table]:
    """Five articles in two documents; Uruguay, Pakistan, Russia, Vietnam over Jan-Feb 2025."""
    ingested = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    documents = [
        {"doc_id": D1, "path": "002_news.txt", "format": "text", "bytes": 2573,
         "ingested_at": ingested, "status": "ok", "n_articles": 2},
        {"doc_id": D2, "path": "004_blog.txt", "format": "text", "bytes": 106908,
         "ingested_at": ingested, "status": "ok", "n_articles": 3},
    ]  # fmt: skip
    art = [
        (A1, D1, 0, "single", None, "Xi Jinping meets Uruguayan President", date(2025, 1, 15)),
        (A2, D2, 0, "post", None, "Wang Yi holds talks with Pakistan's Dar", date(2025, 1, 20)),
        (A3, D2, 1, "post", None, "Li Qiang visits Russia", date(2025, 2, 10)),
        (A4, D2, 2, "embedded", A3, "Chinese premier meets Putin", date(2025, 2, 10)),
        (A5, D1, 1, "listing_item", None, "Vice FM meets Vietnamese delegation", None),
    ]
    articles = [
        {"article_id": a, "doc_id": d, "ordinal": o, "kind": k, "parent_article_id": p,
         "title": t, "published": pub, "date_basis": "dateline" if pub else None,
         "outlet": "Xinhua", "text": ARTICLE_TEXTS[a], "doc_start": 0,
         "doc_end": len(ARTICLE_TEXTS[a])}
        for a, d, o, k, p, t, pub in art
    ]  # fmt: skip
    eng = [
        # id, event, article, date, country, org, type, cn_actor, level, foreign_actor
        ("e1", "ev1", A1, date(2025, 1, 14), "URY", None, "meeting", "Xi Jinping",
         "head_of_state", "Yamandu Orsi"),
        ("e2", "ev2", A2, date(2025, 1, 20), "PAK", None, "talks", "Wang Yi",
         "foreign_minister", "Ishaq Dar"),
        ("e3", "ev3", A2, date(2025, 1, 22), "PAK", None, "call", "Li Qiang",
         "head_of_government", "Shehbaz Sharif"),
        ("e4", "ev4", A3, date(2025, 2, 10), "RUS", None, "visit_out", "Li Qiang",
         "head_of_government", "Vladimir Putin"),
        ("e5", "ev4", A4, date(2025, 2, 10), "RUS", None, "visit_out", "Li Qiang",
         "head_of_government", "Vladimir Putin"),
        ("e6", "ev5", A5, None, "VNM", None, "delegation", "Vice Foreign Minister",
         "other_official", None),
        ("e7", "ev6", A3, date(2025, 2, 11), "VNM", None, "call", "Wang Yi",
         "foreign_minister", "Bui Thanh Son"),
        ("e8", "ev7", A1, date(2025, 1, 14), None, "ASEAN", "multilateral", "Wang Yi",
         "foreign_minister", None),
    ]  # fmt: skip
    engagements = [
        {"engagement_id": i, "event_id": ev, "article_id": a, "date": d,
         "date_precision": "day" if d else None, "date_basis": "text" if d else None,
         "country": c, "counterpart_org": org, "type": t, "cn_actor": ca, "cn_level": lvl,
         "foreign_actor": fa, "sentence": ARTICLE_TEXTS[a], **_span(a)}
        for i, ev, a, d, c, org, t, ca, lvl, fa in eng
    ]  # fmt: skip
    seen: dict[str, dict] = {}
    for row in engagements:
        ev = seen.setdefault(row["event_id"], {**row, "articles": set(), "n_mentions": 0})
        ev["articles"].add(row["article_id"])
        ev["n_mentions"] += 1
    events = [{**ev, "n_sources": len(ev["articles"])} for ev in seen.values()]
    par = [
        ("p1", A3, "RUS", "comprehensive strategic partnership of coordination for a new era",
         "partnership", "comprehensive_strategic_coordination", 1, "mentioned",
         date(2025, 2, 10)),
        ("p2", A2, "PAK", "all-weather strategic cooperative partnership", "partnership",
         "all_weather_or_permanent", 2, "mentioned", date(2025, 1, 20)),
        ("p3", A3, "VNM", "comprehensive strategic cooperative partnership", "partnership",
         "comprehensive_strategic_cooperative", 3, "upgraded", date(2025, 2, 11)),
        ("p4", A2, "VNM", "strategic partnership", "partnership", "strategic", 6,
         "mentioned", date(2025, 1, 5)),
        ("p5", A1, "URY", "comprehensive strategic partnership", "partnership",
         "comprehensive_strategic", 4, "upgraded", date(2025, 1, 14)),
        ("p6", A1, "URY", "community with a shared future", "community", None, None,
         "mentioned", date(2025, 1, 14)),
    ]  # fmt: skip
    partnerships = [
        {"partnership_id": i, "article_id": a, "country": c, "phrase": ph, "framework": fw,
         "tier": t, "tier_rank": r, "status": s, "date": d, "date_precision": "day",
         "sentence": f"The two countries hailed their {ph}.", **_span(a)}
        for i, a, c, ph, fw, t, r, s, d in par
    ]  # fmt: skip
    quo = [
        ("q1", A1, "Xi Jinping", "CHN", "President", "direct",
         "China and Uruguay are good friends and partners.", date(2025, 1, 14), ["URY"]),
        ("q2", A2, "Wang Yi", "CHN", "Foreign Minister", "direct",
         "The China-Pakistan friendship is 'ironclad' and 100% solid "
         "<script>alert(1)</script> **bold**", date(2025, 1, 20), ["PAK"]),
        ("q3", A2, "Ishaq Dar", "PAK", "Deputy Prime Minister", "reported",
         "Pakistan firmly supports the one-China principle.", date(2025, 1, 20),
         ["PAK", "CHN"]),
        ("q4", A3, "Vladimir Putin", "RUS", "President", "direct",
         "Relations are at their best level in history.", date(2025, 2, 10), ["RUS"]),
        ("q5", A5, None, None, None, "reported",
         "The two sides agreed to deepen party_to_party exchanges.", None, ["VNM"]),
        ("q6", A3, "Li Qiang", "CHN", "Premier", "direct",
         'We support "win-win" cooperation with Russia and Vietnam.', date(2025, 2, 11),
         ["RUS", "VNM"]),
    ]  # fmt: skip
    quotes = [
        {"quote_id": i, "article_id": a, "speaker": sp, "speaker_country": sc,
         "speaker_role": role, "kind": k, "text": t, "date": d,
         "date_precision": "day" if d else None, "countries_mentioned": cm, **_span(a),
         "statement_id": i, "statement_sources": 1, "event_id": None}
        for i, a, sp, sc, role, k, t, d, cm in quo
    ]  # fmt: skip
    ref = [
        ("RUS", "comprehensive strategic partnership of coordination for a new era",
         "comprehensive_strategic_coordination", 1, 2019, "https://example.org/rus", "high"),
        ("PAK", "all-weather strategic cooperative partnership", "all_weather_or_permanent", 2,
         2015, "https://example.org/pak", "high"),
        ("VNM", "comprehensive strategic cooperative partnership",
         "comprehensive_strategic_cooperative", 3, 2008, "https://example.org/vnm", "high"),
        ("URY", "strategic partnership", "strategic", 6, 2016,
         "not yet verified against a primary source", "medium"),
        ("LAO", "comprehensive strategic cooperative partnership",
         "comprehensive_strategic_cooperative", 3, 2009, "https://example.org/lao", "high"),
        ("FRA", "comprehensive strategic partnership", "comprehensive_strategic", 4, 2004,
         "https://example.org/fra", "low"),
    ]  # fmt: skip
    partnership_reference = [
        {"country": c, "designation": d, "tier": t, "tier_rank": r, "year": y, "source": s,
         "confidence": conf}
        for c, d, t, r, y, s, conf in ref
    ]  # fmt: skip
    cty = [
        ("URY", "UY", "858", "Uruguay", "Americas", "Latin America and the Caribbean",
         "South America", "South America"),
        ("PAK", "PK", "586", "Pakistan", "Asia", "Southern Asia", None, "Asia"),
        ("RUS", "RU", "643", "Russian Federation", "Europe", "Eastern Europe", None, "Europe"),
        ("VNM", "VN", "704", "Viet Nam", "Asia", "South-eastern Asia", None, "Asia"),
        ("LAO", "LA", "418", "Lao PDR", "Asia", "South-eastern Asia", None, "Asia"),
        ("CHN", "CN", "156", "China", "Asia", "Eastern Asia", None, "Asia"),
        ("TWN", "TW", "158", "Taiwan", "Asia", "Eastern Asia", None, "Asia"),
        ("FRA", "FR", "250", "France", "Europe", "Western Europe", None, "Europe"),
        ("ATA", "AQ", "010", "Antarctica", None, None, None, "Antarctica"),
    ]  # fmt: skip
    countries = [
        {"iso3": a, "iso2": b, "iso_numeric": n, "name": nm, "region": r, "subregion": s,
         "intermediate_region": ir, "continent": ct}
        for a, b, n, nm, r, s, ir, ct in cty
    ]  # fmt: skip
    warnings = [
        {"doc_id": D2, "article_id": A3, "stage": "extract",
         "message": "date 'Jan. 18' has no year; year taken from the dateline"},
        {"doc_id": D1, "article_id": None, "stage": "segment",
         "message": "navigation text dropped"},
    ]  # fmt: skip
    rows = {
        "documents": documents,
        "articles": articles,
        "engagements": engagements,
        "events": events,
        "partnerships": partnerships,
        "partnership_reference": partnership_reference,
        "quotes": quotes,
        "countries": countries,
        "warnings": warnings,
    }
    tables = {name: _table(name, rows[name]) for name in rows}
    return with_rollups(tables)


def with_rollups(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The tables with their roll-ups derived from them, as a build writes them."""
    return {**tables, **rollup_tables(tables["engagements"], tables["articles"], tables["events"])}


def write_fixture_snapshot(data_dir: Path, tables: dict[str, pa.Table] | None = None):
    """Write the fixture tables (or `tables`) and their search index as the current snapshot."""
    if tables is None:  # the usual case: copy the fixture's index, built once per session
        folders = {INDEX_DIR: lambda folder: shutil.copytree(_fixture_index(), folder)}
        tables = fixture_tables()
    else:  # changed tables: roll up what they hold now
        tables = with_rollups(tables)
        folders = snapshot_folders(tables)
    return write_snapshot(Path(data_dir), tables, input_dir="tests/fixture", folders=folders)


@functools.cache
def _fixture_index() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="fixture-quote-index-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    tables = fixture_tables()
    snapshot_folders(tables)[INDEX_DIR](scratch / INDEX_DIR)
    return scratch / INDEX_DIR


@pytest.fixture
def snapshot_dir(tmp_path: Path) -> Path:
    """A data directory whose current snapshot holds `fixture_tables()`."""
    data = tmp_path / "data"
    write_fixture_snapshot(data)
    return data


def _square(x: float, y: float, size: float = 5.0) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def synthetic_boundaries() -> list[dict]:
    """GeoJSON features shaped like dashboard.maps output (properties: id, iso3, name)."""
    places = [
        ("858", "URY", "Uruguay", -56, -33),
        ("586", "PAK", "Pakistan", 70, 30),
        ("643", "RUS", "Russia", 60, 60),
        ("704", "VNM", "Vietnam", 106, 15),
        ("156", "CHN", "China", 105, 35),
        ("158", "TWN", "Taiwan", 121, 23),
        ("250", "FRA", "France", 2, 46),
        ("036", "AUS", "Australia", 135, -25),
        (None, None, "Kosovo", 21, 42),
        ("702", "SGP", "Singapore", 103.6, 1.2, 0.4),  # too small to see: drawn as a symbol
    ]
    return [
        {"type": "Feature", "id": i, "properties": {"id": i, "iso3": iso, "name": nm},
         "geometry": _square(x, y, *size)}
        for i, iso, nm, x, y, *size in places
    ]  # fmt: skip


def write_synthetic_topojson(path: Path, features: list[dict]) -> Path:
    """A tiny world-atlas-shaped TopoJSON (object `countries`, one arc per ring, no transform)."""
    import json

    arcs: list[list[list[float]]] = []
    geometries = []
    for feature in features:
        ring = feature["geometry"]["coordinates"][0]
        arcs.append(ring[::-1])  # clockwise, as world-atlas stores exterior rings
        geometry = {"type": "Polygon", "arcs": [[len(arcs) - 1]], "properties": {}}
        geometry["properties"]["name"] = feature["properties"]["name"]
        if feature["id"] is not None:
            geometry["id"] = feature["id"]
        geometries.append(geometry)
    antarctica = [[-180, -90], [180, -90], [180, -70], [-180, -70], [-180, -90]]
    arcs.append(antarctica)
    geometries.append(
        {
            "type": "Polygon",
            "arcs": [[len(arcs) - 1]],
            "id": "010",
            "properties": {"name": "Antarctica"},
        }
    )
    topo = {
        "type": "Topology",
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(topo), encoding="utf-8")
    return path


@pytest.fixture
def synthetic_geo_dir(tmp_path: Path, synthetic_boundaries: list[dict]) -> Path:
    """A static/geo-like folder: the synthetic TopoJSON and its centroid table."""
    from dashboard import maps

    geo = tmp_path / "geo"
    write_synthetic_topojson(geo / maps.BOUNDARIES_FILE, synthetic_boundaries)
    maps.write_centroids(maps.centroid_rows(synthetic_boundaries), geo / maps.CENTROIDS_FILE)
    return geo


@pytest.fixture
def app_data_dir(snapshot_dir: Path, synthetic_boundaries: list[dict], monkeypatch) -> Path:
    """`snapshot_dir` plus geo/countries-110m.json, exported as $DIPLOMACY_ATLAS_DATA."""
    write_synthetic_topojson(snapshot_dir / "geo" / "countries-110m.json", synthetic_boundaries)
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(snapshot_dir))
    return snapshot_dir

"""Chart builders, boundaries and measures, checked on their Vega-Lite specs and offline renders
(vl-convert), without a browser."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from conftest import write_synthetic_topojson
from hypothesis import given
from hypothesis import strategies as st

from dashboard import charts, maps, metrics
from etl.vocab import CN_LEVELS

REPO = Path(__file__).resolve().parents[1]
COUNTS = pd.DataFrame(
    {
        "geo_id": ["586", "704", "858", "643", "156", "702"],
        "iso3": ["PAK", "VNM", "URY", "RUS", "CHN", "SGP"],
        "name": ["Pakistan", "Viet Nam", "Uruguay", "Russia", "China", "Singapore"],
        "events": [2, 2, 1, 12, 9, 3],
        "weighted": [7.0, 4.0, 5.0, 40.0, 45.0, 6.0],
        "top_types": [
            "Talks 1 · Phone or video call 1",
            "Talks 2",
            "Meeting 1",
            "Visit 12",
            "",
            "",
        ],
        "last_engagement": ["2025-01-22", "2025-02-11", "2025-01-14", "2025-02-10", "", ""],
        "tier": ["2. All-weather", "3. Comprehensive", "none mentioned", "1. Top", "", ""],
        "sources": ["1 article in 1 document"] * 6,
    }
)
COUNTERPARTS = {"PAK", "VNM", "URY", "RUS", "SGP"}


def lightness(hex_colour: str) -> float:
    """CIE L* of an sRGB colour: what a greyscale print keeps of it."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def _view(spec: dict) -> dict:
    """The chart itself (the caption wraps it in a one-item vconcat)."""
    return spec["vconcat"][0] if "vconcat" in spec else spec


def _layers(spec: dict) -> list[dict]:
    """Layers with their data resolved (Altair moves inline data to top-level `datasets`)."""
    out = []
    for layer in _view(spec)["layer"]:
        data = dict(layer.get("data") or {})
        if "name" in data and "values" not in data and data["name"] in spec.get("datasets", {}):
            data["values"] = spec["datasets"][data["name"]]
        out.append({**layer, "data": data} if data else layer)
    return out


def _counted_layer(spec: dict) -> dict:
    """The layer of counterpart countries' shapes (coloured by bin, with the selection)."""
    (layer,) = [
        lay
        for lay in _layers(spec)
        if lay["mark"]["type"] == "geoshape" and "lookup" in json.dumps(lay.get("transform"))
    ]
    return layer


def _colour(spec: dict, field: str = "bin") -> dict:
    """The colour encoding (with its legend) of the layers coloured by `field`: "bin" for
    counterparts (shapes and symbols share one scale), "role" for China and its regions."""
    colours = [
        lay["encoding"]["color"]
        for lay in _layers(spec)
        if lay.get("encoding", {}).get("color", {}).get("field") == field
    ]
    assert len({json.dumps(c["scale"], sort_keys=True) for c in colours}) == 1
    (with_legend,) = [c for c in colours if c.get("legend") is not None]
    return with_legend


def _lookup_rows(spec: dict) -> list[dict]:
    """The per-country rows the spec carries for the browser's lookup."""
    for layer in _layers(spec):
        for transform in layer.get("transform", []):
            if "lookup" in transform:
                data = transform["from"]["data"]
                return data.get("values") or spec["datasets"][data["name"]]
    return []


def _map(geo: charts.GeoSource, **kwargs) -> dict:
    options = {"title": "Engagements", "subtitle": "Distinct engagements · Jan 2025"}
    return charts.engagement_map(COUNTS, geo, **{**options, **kwargs}).to_dict()


@pytest.fixture
def inline_geo(synthetic_geo_dir):
    return maps.inline_geo(synthetic_geo_dir)


def test_the_app_map_sends_counts_not_boundaries():
    """Boundaries are URLs the browser fetches once; a filter change sends only the counts."""
    spec = _map(maps.served_geo(), caption="Source: seeds/ · snapshot abc")
    text = json.dumps(spec)
    urls = set(re.findall(r'"url": "([^"]+)"', text))
    assert urls == {
        f"{maps.GEO_URL}/{maps.BOUNDARIES_FILE}",
        f"{maps.GEO_URL}/{maps.CENTROIDS_FILE}",
    }
    assert '"arcs"' not in text and '"coordinates"' not in text
    assert len(text) < 30_000  # the old inline spec was ~270 kB for the seeds
    assert {row["iso3"] for row in _lookup_rows(spec)} == COUNTERPARTS
    assert spec["usermeta"] == {"embedOptions": {"renderer": "svg"}}


def test_map_has_title_subtitle_caption_and_projection(inline_geo):
    spec = _map(inline_geo, caption="Source: seeds/ · built 2025-03-01 · snapshot abc123")
    assert _view(spec)["projection"]["type"] == "equalEarth"
    assert _view(spec)["title"]["text"] == "Engagements"
    assert _view(spec)["title"]["subtitle"] == ["Distinct engagements · Jan 2025"]
    assert spec["title"]["orient"] == "bottom"
    assert spec["title"]["text"] == ["Source: seeds/ · built 2025-03-01 · snapshot abc123"]


def test_map_legend_is_titled_and_reads_in_greyscale(inline_geo):
    colour = _colour(_map(inline_geo))
    assert colour["legend"]["title"] == metrics.DISTINCT_ENGAGEMENTS.label
    assert colour["type"] == "ordinal"
    *bins, no_engagement = colour["scale"]["domain"]
    assert no_engagement == charts.NO_ENGAGEMENT
    assert bins == ["1", "2", "3–4", "5–9", "10–12"]
    assert colour["legend"]["orient"] == "bottom"  # under the map, hiding no country
    *shades, no_data = (lightness(c) for c in colour["scale"]["range"])
    # one hue getting darker in even, visible steps; "no engagement" lighter than every bin
    steps = [a - b for a, b in itertools.pairwise(shades)]
    assert all(step >= 8 for step in steps), steps
    assert no_data - shades[0] >= 10


def test_map_tooltip_says_what_a_country_did(inline_geo):
    layer = _counted_layer(_map(inline_geo))
    titles = [t["title"] for t in layer["encoding"]["tooltip"]]
    assert titles == [
        "Country",
        metrics.DISTINCT_ENGAGEMENTS.label,
        metrics.WEIGHTED_ENGAGEMENTS.label,
        "Main types",
        "Last engagement",
        "Partnership tier",
        "Reported in",
    ]


def test_china_and_chinese_regions_are_the_origin_never_counterparts(inline_geo):
    spec = _map(inline_geo)
    assert "CHN" not in {row["iso3"] for row in _lookup_rows(spec)}
    text = json.dumps(spec)
    assert json.dumps(list(charts.ORIGIN_KEYS)).replace('"', '\\"') in text
    origin = _colour(spec, "role")
    assert origin["scale"]["domain"] == [charts.ORIGIN_ROLE, charts.REGION_ROLE]
    assert origin["scale"]["range"] == [charts.ORIGIN_FILL, charts.CHINESE_REGION_FILL]


def _svg_labels(spec: dict) -> dict[str, list[str]]:
    """Country name -> fills of the marks drawn for it, from an offline SVG render."""
    vl_convert = pytest.importorskip("vl_convert")
    svg = vl_convert.vegalite_to_svg(spec)
    out: dict[str, list[str]] = {}
    for tag in re.findall(r"<path[^>]*>", svg):
        label = re.search(r'aria-label="([^"]*)"', tag)
        fill = re.search(r'fill="([^"]*)"', tag)
        name = re.search(r"Country: ([^;]+)", label.group(1)) if label else None
        if name and fill:
            out.setdefault(name.group(1), []).append(fill.group(1).lower())
    return out


def test_rendered_map_colours_counted_countries_and_greys_the_rest(inline_geo):
    """The lookup really joins the counts to the shapes (in Vega, as in the browser)."""
    spec = _map(inline_geo)
    fills = _svg_labels(spec)
    colour = _colour(spec)["scale"]
    colour_of = dict(zip(colour["domain"], colour["range"], strict=True))
    assert colour_of["10–12"].lower() in fills["Russia"]
    assert colour_of["2"].lower() in fills["Pakistan"]
    assert set(fills["France"]) == {charts.NO_DATA_FILL}  # no engagement: light grey
    # Singapore is too small for the map: its symbol carries its colour
    assert colour_of["3–4"].lower() in fills["Singapore"]
    assert charts.ORIGIN_FILL.lower() in fills["China"]
    assert "Antarctica" not in fills


def test_selected_country_is_outlined(inline_geo):
    rows, _ = charts.map_rows(COUNTS, metrics.DISTINCT_ENGAGEMENTS, selected="RUS")
    assert [r["iso3"] for r in rows if r["selected"]] == ["RUS"]
    vl_convert = pytest.importorskip("vl_convert")
    svg = vl_convert.vegalite_to_svg(_map(inline_geo, selected="RUS"))
    outlined = re.findall(
        rf'<path[^>]*Country: ([^;"]+)[^>]*stroke="{charts.SELECTED_STROKE}"', svg
    )
    assert set(outlined) == {"Russia"}


def test_weighted_map_legend(inline_geo):
    spec = _map(
        inline_geo,
        subtitle=["s", "Weights: " + metrics.LEVEL_WEIGHTS_TEXT],
        measure=metrics.WEIGHTED_ENGAGEMENTS,
        legend_title="Level-weighted engagements",
    )
    colour = _colour(spec)
    assert colour["legend"]["title"] == "Level-weighted engagements"
    assert colour["scale"]["domain"][-2] == "20–40"  # bins of the weighted values
    assert len(_view(spec)["title"]["subtitle"]) == 2


def test_map_without_counts_keeps_every_country_grey(inline_geo):
    spec = charts.engagement_map(COUNTS.iloc[0:0], inline_geo, title="t", subtitle="s").to_dict()
    assert not _lookup_rows(spec)
    assert _layers(spec)[0]["mark"]["fill"] == charts.NO_DATA_FILL


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (1, [(1, 1)]),
        (2, [(1, 1), (2, 2)]),
        (4, [(1, 1), (2, 2), (3, 4)]),
        (20, [(1, 2), (3, 4), (5, 9), (10, 19), (20, 20)]),
        (459, [(1, 19), (20, 49), (50, 99), (100, 199), (200, 459)]),
    ],
)
def test_value_bins(top, expected):
    assert charts.value_bins(top) == expected


@given(st.integers(min_value=1, max_value=10**6))
def test_value_bins_cover_every_count_once(top):
    bins = charts.value_bins(top)
    assert 1 <= len(bins) <= charts.MAX_BINS
    assert bins[0][0] == 1 and bins[-1][1] == top
    for (_, high), (low, _) in itertools.pairwise(bins):
        assert low == high + 1
    assert all(low <= high for low, high in bins)


def test_map_rows_leave_out_the_origin_and_rows_without_a_shape():
    counts = pd.concat([COUNTS, COUNTS.iloc[[0]].assign(iso3="XXX", geo_id=None)])
    rows, labels = charts.map_rows(counts, metrics.DISTINCT_ENGAGEMENTS)
    assert {r["iso3"] for r in rows} == COUNTERPARTS
    assert labels[-1] == "10–12"  # bins from the counterparts: China's 9 is not one
    assert all(isinstance(r["events"], int) for r in rows)  # plain JSON values


def test_map_keys_are_iso_numeric_ids_and_kosovo_by_name():
    assert (maps.geo_key("4"), maps.geo_key(None, "Kosovo"), maps.geo_key(None, "Somaliland")) == (
        "004",
        "Kosovo",
        None,
    )
    counts = pd.DataFrame(
        {
            "iso3": ["SGP", "XKX"],
            "iso_numeric": ["702", None],
            "types": ['[{"type": "talks", "events": 2}, {"type": "call", "events": 1}]', None],
            "last_date": [pd.Timestamp("2025-01-02"), pd.NaT],
            "tier": ["comprehensive_strategic", None],
            "tier_rank": [4, None],
            "articles": [1, 2],
            "documents": [1, 1],
        }
    )
    out = maps.map_counts(counts)
    assert list(out["geo_id"]) == ["702", "Kosovo"]
    assert out["top_types"][0] == "Talks 2 · Phone or video call 1"
    assert list(out["last_engagement"]) == ["2025-01-02", "undated only"]
    assert out["tier"][0].startswith("4. ") and out["tier"][1] == "none mentioned"
    assert list(out["sources"]) == ["1 article in 1 document", "2 articles in 1 document"]


def test_no_antarctica_from_topojson(tmp_path, synthetic_boundaries):
    path = write_synthetic_topojson(tmp_path / "countries-110m.json", synthetic_boundaries)
    features = maps.features_from_topojson(path, {"858": "URY"})
    names = {f["properties"]["name"] for f in features}
    assert "Antarctica" not in names and len(features) == len(synthetic_boundaries)
    iso = {f["properties"]["name"]: f["properties"]["iso3"] for f in features}
    assert iso["Uruguay"] == "URY"  # from the countries table
    assert iso["Pakistan"] == "PAK"  # pycountry fallback
    assert iso["Kosovo"] == "XKX"  # no id in Natural Earth


def test_map_draws_no_antarctica(inline_geo):
    assert "Antarctica" not in _svg_labels(_map(inline_geo))
    spec = _map(maps.served_geo())
    assert f"datum.geo_id !== '{charts.ANTARCTICA_KEY}'" in json.dumps(spec)


def _ring(lon: float, lat: float, size: float) -> list[list[float]]:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def test_centroids_of_the_largest_polygon_with_area():
    feature = {
        "properties": {"id": "242", "iso3": "FJI", "name": "Fiji"},
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [[_ring(0, 0, 1)], [_ring(10, 10, 0.1)]],
        },
    }
    (row,) = maps.centroid_rows([feature])
    assert (row["lon"], row["lat"]) == (0.5, 0.5)
    # a 1° square at the equator is ~12,360 km², plus the small one
    assert 12_300 < row["area_km2"] < 12_600


def test_centroid_of_an_island_across_the_antimeridian():
    ring = [[179.5, -17], [-179.5, -17], [-179.5, -16], [179.5, -16], [179.5, -17]]
    feature = {
        "properties": {"id": "242", "iso3": "FJI", "name": "Fiji"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    (row,) = maps.centroid_rows([feature])
    assert abs(abs(row["lon"]) - 180) < 0.01 and row["lat"] == -16.5
    assert 11_000 < row["area_km2"] < 12_500  # one degree square, not the whole globe


def test_shipped_centroids_cover_every_country_too_small_for_the_map():
    """Every country the 1:50m file has and the 1:110m map lacks is drawn as a symbol."""
    geo = REPO / "static" / "geo"

    def keys(name: str) -> set[str]:
        topo = json.loads((geo / name).read_text(encoding="utf-8"))
        return {
            maps.geo_key(g.get("id"), g.get("properties", {}).get("name"))
            for g in topo["objects"]["countries"]["geometries"]
        } - {None}

    centroids = {
        row["id"]: row for row in json.loads((geo / maps.CENTROIDS_FILE).read_text("utf-8"))
    }
    missing_at_110m = keys("countries-50m.json") - keys(maps.BOUNDARIES_FILE)
    assert {"702", "462", "028", "052", "520", "585"} <= missing_at_110m  # SGP MDV ATG BRB NRU PLW
    for key in missing_at_110m:
        assert centroids[key]["area_km2"] < charts.SMALL_AREA_KM2, centroids[key]
    assert centroids["798"]["name"] == "Tuvalu"  # not even at 1:50m


def test_shipped_centroids_are_what_the_generator_writes(tmp_path):
    """The table's columns and formatting round-trip through the generator's writer."""
    path = REPO / "static" / "geo" / maps.CENTROIDS_FILE
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert set(rows[0]) == {"id", "iso3", "name", "lon", "lat", "area_km2"}
    maps.write_centroids(rows, tmp_path / "c.json")
    assert (tmp_path / "c.json").read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


REAL_110M = REPO / "static" / "geo" / maps.BOUNDARIES_FILE


def test_real_boundaries_are_whole_countries():
    features = maps.features_from_topojson(REAL_110M, {})
    by_iso = {f["properties"]["iso3"]: f for f in features if f["properties"]["iso3"]}
    assert "ATA" not in by_iso and len(features) > 150
    assert {"CHN", "RUS", "USA", "URY", "PAK", "VNM", "TWN", "FJI"} <= set(by_iso)


def test_map_renders_to_png_and_svg(inline_geo):
    chart = charts.engagement_map(COUNTS, inline_geo, title="t", subtitle="s", caption="c")
    render_png = charts.png_renderer(chart, scale=2)
    assert callable(render_png)
    png = render_png()
    assert png[:4] == b"\x89PNG"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 2 * charts.MAP_WIDTH  # at least 2x
    svg = charts.renderer(lambda: chart, "svg")()
    assert svg.startswith(b"<svg") and b"c</text>" in svg


def test_timeline_spec_with_caption():
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
            "type": ["talks", "call", "visit_out"],
            "events": [1, 2, 1],
        }
    )
    spec = charts.timeline(
        monthly, title="Per month", subtitle="Distinct engagements · all", caption="Source: x"
    ).to_dict()
    view = _view(spec)
    assert view["mark"]["type"] == "bar"
    assert view["title"] == {
        "text": "Per month",
        "subtitle": ["Distinct engagements · all"],
        "anchor": "start",
    }
    assert spec["title"]["text"] == ["Source: x"] and spec["title"]["orient"] == "bottom"
    assert view["encoding"]["y"]["stack"] == "zero"
    # legend in the vocabulary's order, with labels not codes
    assert view["encoding"]["color"]["scale"]["domain"] == [
        "Visit abroad by a Chinese official",
        "Talks",
        "Phone or video call",
    ]


def test_coverage_chart_shows_articles_and_documents_per_month():
    coverage = pd.DataFrame(
        {
            "month": [pd.Timestamp("2025-02-01"), pd.Timestamp("2025-01-01"), pd.NaT],
            "documents": [1, 2, 4],
            "articles": [3, 8, 58],
        }
    )
    spec = charts.coverage_chart(
        coverage, title="Sources per month", subtitle=["a", "b"], caption="snapshot x"
    ).to_dict()
    view = _view(spec)
    assert view["title"]["text"] == "Sources per month"
    assert view["encoding"]["y"]["sort"] == ["Jan 2025", "Feb 2025"]  # undated left out
    data = view.get("data") or spec["data"]
    values = spec["datasets"][data["name"]]
    assert {(v["month_label"], v["what"], v["count"]) for v in values} >= {
        ("Jan 2025", "Articles", 8),
        ("Feb 2025", "Documents", 1),
    }
    assert spec["title"]["text"] == ["snapshot x"]


def test_tier_map_spec(synthetic_boundaries):
    tiers = pd.DataFrame(
        {
            "iso3": ["RUS", "PAK", "CHN"],
            "tier_rank": [1, 2, 1],
            "tier": ["top_tier", "all_weather", "x"],
            "phrase": ["a", "b", "c"],
        }
    )
    spec = charts.tier_map(tiers, synthetic_boundaries, title="Tiers", subtitle="s").to_dict()
    assert spec["projection"]["type"] == "equalEarth"
    coloured = spec["layer"][-1]
    data = coloured["data"].get("values") or spec["datasets"][coloured["data"]["name"]]
    features = data["features"] if isinstance(data, dict) else data
    assert {f["properties"]["iso3"] for f in features} == {"RUS", "PAK"}
    assert coloured["encoding"]["color"]["scale"]["domain"] == ["1. top tier", "2. all weather"]
    captioned = charts.tier_map(
        tiers, synthetic_boundaries, title="Tiers", subtitle="s", caption="Source: seeds/"
    ).to_dict()
    assert captioned["title"] == {
        **captioned["title"],
        "text": ["Source: seeds/"],
        "orient": "bottom",
    }


def test_tier_map_legend_is_the_whole_ladder_in_order_when_given_its_labels(synthetic_boundaries):
    tiers = pd.DataFrame(
        {"iso3": ["PAK", "RUS"], "tier_rank": [2, 1], "tier": ["b", "a"], "phrase": ["x", "y"]}
    )
    labels = {3: "Third", 1: "First", 2: "Second"}
    spec = charts.tier_map(tiers, synthetic_boundaries, title="t", subtitle="s", tier_labels=labels)
    coloured = _layers(spec.to_dict())[-1]
    assert coloured["encoding"]["color"]["scale"]["domain"] == ["1. First", "2. Second", "3. Third"]
    assert coloured["encoding"]["color"]["legend"]["labelLimit"] == 0


HISTORY = pd.DataFrame(
    {
        "date": pd.to_datetime(["2023-10-01", "2024-09-04", "2025-02-01", None]),
        "tier": ["strategic", "comprehensive_strategic", "strategic", "strategic"],
        "tier_rank": [6, 4, 6, 6],
        "status": ["established", "upgraded", "mentioned", "mentioned"],
        "mentions": [1, 2, 1, 3],
        "phrase": ["strategic partnership", "CSP", "strategic partnership", "sp"],
    }
)
LADDER = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}


def test_a_tier_upgrade_in_2024_shows_as_a_step_in_the_countrys_history():
    spec = charts.tier_history(
        HISTORY, title="Nigeria", subtitle=["what", "when"], tier_labels=LADDER
    ).to_dict()
    layers = {layer["mark"]["type"]: layer for layer in _layers(spec)}
    steps = layers["line"]
    assert steps["mark"]["interpolate"] == "step-after"
    # The highest tier named so far: up in 2024, not down for the later follow-up in 2025.
    assert [v["tier_label"] for v in steps["data"]["values"]] == ["6. Six", "4. Four", "4. Four"]
    points = layers["point"]["data"]["values"]
    assert len(points) == 3, "the undated mention cannot be placed"
    labelled = [v["change"] for v in layers["text"]["data"]["values"]]
    assert labelled == ["established", "upgraded"]
    y = steps["encoding"]["y"]
    assert y["scale"]["domain"][0] == "1. One", "the closest rung is on top"
    assert spec["title"]["subtitle"] == ["what", "when"]


def test_the_reference_tier_is_a_dashed_rule_in_the_history():
    spec = charts.tier_history(
        HISTORY, title="t", subtitle="s", tier_labels=LADDER, reference=(3, "CSCP (2024, high)")
    ).to_dict()
    (rule,) = [layer for layer in _layers(spec) if layer["mark"]["type"] == "rule"]
    assert rule["mark"]["strokeDash"] and rule["data"]["values"][0]["tier_label"] == "3. Three"


@pytest.mark.parametrize(
    ("corpus", "reference", "expected"),
    [
        (3, 3, metrics.AGREES),
        (6, 3, metrics.CORPUS_LOWER),
        (2, 4, metrics.CORPUS_HIGHER),
        (4, 10, metrics.CORPUS_HIGHER),  # the reference knows no label at all
        (4, None, metrics.NOT_IN_REFERENCE),
        (None, 4, metrics.NOT_IN_CORPUS),
        (float("nan"), 4, metrics.NOT_IN_CORPUS),
        (pd.NA, float("nan"), metrics.NOT_IN_REFERENCE),
        (6, 0, metrics.NOT_COMPARABLE),  # a treaty ally is not on the ladder
    ],
)
def test_tier_agreement_compares_rungs_where_1_is_closest(corpus, reference, expected):
    assert metrics.tier_agreement(corpus, reference) == expected


def test_measures_defined_once():
    names = [m.name for m in metrics.MAP_MEASURES.values()]
    assert names == ["events", "weighted"]
    labels = [metrics.DISTINCT_ENGAGEMENTS.label, metrics.WEIGHTED_ENGAGEMENTS.label]
    assert len(set(labels)) == 2
    for label in CN_LEVELS.values():
        assert label.lower() in metrics.LEVEL_WEIGHTS_TEXT


@pytest.mark.parametrize(
    "text", ["**bold**", "<script>alert(1)</script>", "002_news_file.txt", "[x](http://e.vil)"]
)
def test_escape_markdown_leaves_no_markup(text):
    from dashboard.display import escape_markdown

    escaped = escape_markdown(text)
    assert escaped.replace("\\", "") == text.replace("\\", "")
    for ch in "*_<[(":
        assert f"{ch}" not in escaped.replace(f"\\{ch}", "")


def test_clicking_a_country_on_the_engagement_map_selects_it(inline_geo):
    from types import SimpleNamespace

    from dashboard.charts import COUNTRY_SELECTION, selected_country

    spec = _map(inline_geo)
    # Altair lifts a layer's selection to the top of the spec.
    (param,) = [p for p in spec.get("params", []) if p["name"] == COUNTRY_SELECTION]
    assert param["select"]["fields"] == ["iso3"]

    event = SimpleNamespace(selection={COUNTRY_SELECTION: [{"iso3": "RUS"}]})
    assert selected_country(event) == "RUS"
    assert selected_country({"selection": {COUNTRY_SELECTION: [{"iso3": "PAK"}]}}) == "PAK"
    assert selected_country({"selection": {COUNTRY_SELECTION: []}}) is None
    assert selected_country(None) is None


def test_chart_builders_are_altair_charts(inline_geo):
    chart = charts.engagement_map(COUNTS, inline_geo, title="t", subtitle="s", caption="c")
    assert isinstance(chart, alt.VConcatChart)
    assert isinstance(
        charts.engagement_map(COUNTS, inline_geo, title="t", subtitle="s"), alt.LayerChart
    )


def test_the_tier_map_in_the_app_sends_tiers_not_boundaries():
    """Like the engagement map, the partnership map joins its rows to boundaries the browser
    fetched once: a filter change never re-sends the shapes."""
    tiers = pd.DataFrame(
        {
            "iso3": ["PAK", "RUS", "CHN"],
            "geo_id": ["586", "643", "156"],
            "name": ["Pakistan", "Russia", "China"],
            "tier_rank": [2, 1, 1],
            "tier": ["b", "a", "a"],
            "phrase": ["all-weather", "coordination", "x"],
        }
    )
    labels = {1: "First", 2: "Second"}
    spec = charts.tier_map(
        tiers, maps.served_geo(), title="t", subtitle="s", tier_labels=labels, caption="snapshot x"
    ).to_dict()
    text = json.dumps(spec)
    assert set(re.findall(r'"url": "([^"]+)"', text)) == {f"{maps.GEO_URL}/{maps.BOUNDARIES_FILE}"}
    assert '"arcs"' not in text and len(text) < 20_000
    (tiered,) = [layer for layer in _layers(spec) if "lookup" in json.dumps(layer.get("transform"))]
    rows = _lookup_rows(spec)
    assert {row["geo_id"] for row in rows} == {"586", "643"}, "China is the origin, not a tier"
    assert tiered["encoding"]["color"]["scale"]["domain"] == ["1. First", "2. Second"]

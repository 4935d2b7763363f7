"""Chart builders, boundaries and measures, checked on their Vega-Lite specs (no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from conftest import write_synthetic_topojson

from dashboard import charts, maps, metrics
from etl.vocab import CN_LEVELS

COUNTS = pd.DataFrame(
    {
        "iso3": ["PAK", "VNM", "URY", "RUS", "CHN"],
        "name": ["Pakistan", "Viet Nam", "Uruguay", "Russia", "China"],
        "events": [2, 2, 1, 1, 9],
        "weighted": [7.0, 4.0, 5.0, 4.0, 45.0],
    }
)


def _layers(spec: dict) -> list[dict]:
    """Layers with their data resolved (Altair moves inline data to top-level `datasets`)."""
    out = []
    for layer in spec["layer"]:
        data = dict(layer["data"])
        if "values" not in data:
            data["values"] = spec["datasets"][data["name"]]
        out.append({**layer, "data": data})
    return out


def _features(layer: dict) -> list[dict]:
    values = layer["data"]["values"]
    return values["features"] if isinstance(values, dict) else values


def _all_names(spec: dict) -> set[str]:
    return {f["properties"]["name"] for layer in _layers(spec) for f in _features(layer)}


@pytest.fixture
def boundaries(synthetic_boundaries):
    return synthetic_boundaries


def test_engagement_map_spec(boundaries):
    chart = charts.engagement_map(
        COUNTS, boundaries, title="Engagements", subtitle="Distinct engagements · Jan 2025"
    )
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    assert spec["projection"]["type"] == "equalEarth"
    assert spec["title"]["text"] == "Engagements"
    assert spec["title"]["subtitle"] == ["Distinct engagements · Jan 2025"]
    base, origin, coloured = _layers(spec)
    # grey base layer under everything, with every country
    assert base["mark"]["fill"] == charts.BASE_FILL
    assert len(_features(base)) == len(boundaries)
    assert base["data"]["format"] == {"property": "features", "type": "json"}
    # China and Taiwan marked apart, never coloured as counterparts
    assert {f["properties"]["iso3"] for f in _features(origin)} == {"CHN", "TWN"}
    assert {f["properties"]["iso3"] for f in _features(coloured)} == {"PAK", "VNM", "URY", "RUS"}
    # sequential colour with a titled legend; tooltip: country, distinct events, weighted
    color = coloured["encoding"]["color"]
    assert color["field"] == "properties.events" and color["type"] == "quantitative"
    assert color["scale"]["scheme"] == charts.SEQUENTIAL_SCHEME
    assert color["legend"]["title"] == metrics.DISTINCT_ENGAGEMENTS.label
    tips = [t["field"] for t in coloured["encoding"]["tooltip"]]
    assert tips == ["properties.name", "properties.events", "properties.weighted"]
    values = {f["properties"]["iso3"]: f["properties"] for f in _features(coloured)}
    assert (values["PAK"]["events"], values["PAK"]["weighted"]) == (2, 7.0)


def test_engagement_map_weighted_legend(boundaries):
    spec = charts.engagement_map(
        COUNTS,
        boundaries,
        title="t",
        subtitle=["s", "Weights: " + metrics.LEVEL_WEIGHTS_TEXT],
        measure=metrics.WEIGHTED_ENGAGEMENTS,
        legend_title="Level-weighted engagements",
    ).to_dict()
    color = _layers(spec)[-1]["encoding"]["color"]
    assert color["field"] == "properties.weighted"
    assert color["legend"]["title"] == "Level-weighted engagements"
    assert len(spec["title"]["subtitle"]) == 2


def test_engagement_map_without_counts_keeps_the_base(boundaries):
    spec = charts.engagement_map(COUNTS.iloc[0:0], boundaries, title="t", subtitle="s").to_dict()
    assert len(_layers(spec)) == 2
    assert _layers(spec)[0]["mark"]["fill"] == charts.BASE_FILL


def test_no_antarctica_from_topojson(tmp_path, boundaries):
    path = write_synthetic_topojson(tmp_path / "countries-110m.json", boundaries)
    features = maps.features_from_topojson(path, {"858": "URY"})
    names = {f["properties"]["name"] for f in features}
    assert "Antarctica" not in names and len(features) == len(boundaries)
    iso = {f["properties"]["name"]: f["properties"]["iso3"] for f in features}
    assert iso["Uruguay"] == "URY"  # from the countries table
    assert iso["Pakistan"] == "PAK"  # pycountry fallback
    assert iso["Kosovo"] == "XKX"  # no id in Natural Earth
    spec = charts.engagement_map(COUNTS, features, title="t", subtitle="s").to_dict()
    assert "Antarctica" not in _all_names(spec)
    assert "010" not in json.dumps(spec)


REAL_110M = [
    p / "countries-110m.json"
    for p in (Path(__file__).resolve().parents[1] / "data" / "geo", Path("/tmp/wa/package"))
    if (p / "countries-110m.json").is_file()
]


@pytest.mark.skipif(not REAL_110M, reason="world-atlas countries-110m.json not available")
def test_real_boundaries_are_whole_countries():
    features = maps.features_from_topojson(REAL_110M[0], {})
    by_iso = {f["properties"]["iso3"]: f for f in features if f["properties"]["iso3"]}
    assert "ATA" not in by_iso and len(features) > 150
    assert {"CHN", "RUS", "USA", "URY", "PAK", "VNM", "TWN", "FJI"} <= set(by_iso)
    # a bounded spec: small enough to inline
    assert len(json.dumps(features)) < 600_000


def test_map_renders_to_png(boundaries):
    vl_convert = pytest.importorskip("vl_convert")
    spec = charts.engagement_map(COUNTS, boundaries, title="t", subtitle="s").to_dict()
    png = vl_convert.vegalite_to_png(spec, scale=1)
    assert png[:4] == b"\x89PNG"


def test_timeline_spec():
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-02-01"]),
            "type": ["talks", "call", "visit_out"],
            "events": [1, 2, 1],
        }
    )
    chart = charts.timeline(monthly, title="Per month", subtitle="Distinct engagements · all")
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["title"] == {
        "text": "Per month",
        "subtitle": ["Distinct engagements · all"],
        "anchor": "start",
    }
    assert spec["encoding"]["y"]["stack"] == "zero"
    # legend in the vocabulary's order, with labels not codes
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Visit abroad by a Chinese official",
        "Talks",
        "Phone or video call",
    ]


def test_tier_map_spec(boundaries):
    tiers = pd.DataFrame(
        {
            "iso3": ["RUS", "PAK", "CHN"],
            "tier_rank": [1, 2, 1],
            "tier": ["top_tier", "all_weather", "x"],
            "phrase": ["a", "b", "c"],
        }
    )
    spec = charts.tier_map(tiers, boundaries, title="Tiers", subtitle="s").to_dict()
    assert spec["projection"]["type"] == "equalEarth"
    coloured = _layers(spec)[-1]
    assert {f["properties"]["iso3"] for f in _features(coloured)} == {"RUS", "PAK"}
    assert coloured["encoding"]["color"]["scale"]["domain"] == ["1. top tier", "2. all weather"]


def test_tier_map_legend_is_the_whole_ladder_in_order_when_given_its_labels(boundaries):
    tiers = pd.DataFrame(
        {"iso3": ["PAK", "RUS"], "tier_rank": [2, 1], "tier": ["b", "a"], "phrase": ["x", "y"]}
    )
    labels = {3: "Third", 1: "First", 2: "Second"}
    spec = charts.tier_map(tiers, boundaries, title="t", subtitle="s", tier_labels=labels)
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


def test_png_renderer_is_lazy_and_works(boundaries):
    pytest.importorskip("vl_convert")
    render = charts.png_renderer(
        charts.engagement_map(COUNTS, boundaries, title="t", subtitle="s"), scale=1
    )
    assert callable(render)
    assert render()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "text", ["**bold**", "<script>alert(1)</script>", "002_news_file.txt", "[x](http://e.vil)"]
)
def test_escape_markdown_leaves_no_markup(text):
    from dashboard.display import escape_markdown

    escaped = escape_markdown(text)
    assert escaped.replace("\\", "") == text.replace("\\", "")
    for ch in "*_<[(":
        assert f"{ch}" not in escaped.replace(f"\\{ch}", "")


def test_clicking_a_country_on_the_engagement_map_selects_it(boundaries):
    from dashboard.charts import COUNTRY_SELECTION, selected_country

    spec = charts.engagement_map(COUNTS, boundaries, title="t", subtitle="s").to_dict()
    # Altair lifts a layer's selection to the top of the spec.
    (param,) = [p for p in spec.get("params", []) if p["name"] == COUNTRY_SELECTION]
    assert param["select"]["fields"] == ["iso3"]

    from types import SimpleNamespace

    event = SimpleNamespace(selection={COUNTRY_SELECTION: [{"iso3": "RUS"}]})
    assert selected_country(event) == "RUS"
    assert selected_country(None) is None

"""Altair chart builders. Pure functions of DataFrames and map sources: no Streamlit, no SQL.

Every chart carries a title and a subtitle saying what is counted, the date range and the
region filter, and a caption at the bottom naming the source corpus, the build date and the
snapshot id (:func:`with_caption`), so a screenshot or exported PNG stands on its own.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from dashboard.metrics import (
    DISTINCT_ENGAGEMENTS,
    NOT_COUNTERPARTS,
    ORIGIN_ISO3,
    TYPE_LABELS_IN_ORDER,
    WEIGHTED_ENGAGEMENTS,
    Measure,
    type_label,
)

PROJECTION = "equalEarth"
COUNTRY_SELECTION = "country"  # name of the click selection on the engagement map
BASE_FILL = "#e3e3e3"  # tier map: countries without a value
BORDER = "#ffffff"
ORIGIN_FILL = "#b2182b"  # China, the origin of every engagement
CHINESE_REGION_FILL = "#e6a0a8"  # Taiwan, Hong Kong, Macao: not counterparts
TIER_SCHEME = "viridis"
MAP_HEIGHT = 460
MAP_WIDTH = 860
# The engagement map without Antarctica is about 2.3 times as wide as high: less blank band.
ENGAGEMENT_MAP_HEIGHT = 400
CAPTION_COLOUR = "#555555"

# Engagement map colours: ordered bins of one hue whose lightness (CIE L*) falls in even steps,
# 79 -> 21, so the legend reads in greyscale too; "no engagement" is lighter than any bin.
BIN_COLOURS = ("#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
BIN_STARTS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
MAX_BINS = len(BIN_COLOURS)
NO_ENGAGEMENT = "No engagement"
NO_DATA_FILL = "#f2f2f2"
NO_DATA_STROKE = "#c4c4c4"
SELECTED_STROKE = "#111111"
# Countries smaller than this (km², Natural Earth 1:10m) are also drawn as a symbol at their
# centroid: at world scale they are a few pixels or absent (Singapore, Maldives, Caribbean and
# Pacific states).
SMALL_AREA_KM2 = 20_000
SYMBOL_SIZE = 48  # area in px² of a counted small country's symbol
UNCOUNTED_SYMBOL_SIZE = 14
ORIGIN_KEY = "156"  # map feature keys (ISO numeric): China; Taiwan, Hong Kong, Macao
ORIGIN_KEYS = ("156", "158", "344", "446")
ANTARCTICA_KEY = "010"
ORIGIN_ROLE = "China (origin)"
REGION_ROLE = "Taiwan, Hong Kong, Macao (not counted)"
# The columns of the per-country rows joined to the map (see map_rows).
MAP_ROW_COLUMNS = (
    "geo_id",
    "iso3",
    "name",
    "events",
    "weighted",
    "top_types",
    "last_engagement",
    "tier",
    "sources",
)


@dataclass(frozen=True)
class GeoSource:
    """Where a map's shapes come from: world-atlas TopoJSON (object "countries", feature id =
    ISO numeric) and a centroid table (id, iso3, name, lon, lat, area_km2). URLs in the app
    (fetched once by the browser); for offline rendering, names of `datasets` that the chart
    carries once at its top level (not copied into every layer). See dashboard.maps."""

    countries: alt.UrlData | alt.NamedData
    centroids: alt.UrlData | alt.NamedData
    datasets: Mapping[str, object] = field(default_factory=dict)


def _checked_once(build: Callable[..., Any]) -> Callable[..., Any]:
    """Build a map without Altair's check of every piece as it is made.

    In its default debug mode Altair validates (and deep-copies) each object when it is
    created, the inline boundaries once per layer and again per layer operation: 0.6 s of a
    map's first draw. The whole spec is still validated once, when rendered (`to_dict`).
    """

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with debug_mode(False):
            return build(*args, **kwargs)

    return wrapper


def _title(title: str, subtitle: str | Sequence[str]) -> alt.TitleParams:
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    return alt.TitleParams(text=title, subtitle=lines, anchor="start")


def with_caption(
    chart: alt.TopLevelMixin, caption: str | Sequence[str] | None, *, renderer: str | None = None
) -> alt.TopLevelMixin:
    """The chart with a caption line under it (source corpus, build date, snapshot id).

    Vega-Lite has no caption: the chart goes into a one-item vconcat whose title sits at the
    bottom. `renderer` ("svg"/"canvas") asks Streamlit's chart element for that renderer.
    """
    if caption:
        lines = [caption] if isinstance(caption, str) else list(caption)
        chart = alt.vconcat(
            chart,
            title=alt.TitleParams(
                text=lines,
                orient="bottom",
                anchor="start",
                fontSize=10,
                fontWeight="normal",
                color=CAPTION_COLOUR,
                offset=10,
            ),
        ).resolve_scale(color="independent")  # legends stay inside the chart, where placed
    chart = chart.configure_view(stroke=None)
    if renderer:
        chart = chart.properties(usermeta={"embedOptions": {"renderer": renderer}})
    return chart


def _inline(features: list[dict]) -> alt.InlineData:
    return alt.InlineData(
        values={"type": "FeatureCollection", "features": features},
        format=alt.DataFormat(property="features", type="json"),
    )


def _origin_features(boundaries: list[dict]) -> list[dict]:
    out = []
    for feature in boundaries:
        iso3 = feature["properties"].get("iso3")
        if iso3 in NOT_COUNTERPARTS:
            f = copy.deepcopy(feature)
            f["properties"]["role"] = (
                "China (origin)" if iso3 == ORIGIN_ISO3 else "Chinese region, not a counterpart"
            )
            out.append(f)
    return out


def _with_values(boundaries: list[dict], values: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Features of counterpart countries present in `values` (keyed by iso3), values merged."""
    if values.empty:
        return []
    by_iso = values.set_index("iso3")[columns].to_dict("index")
    out = []
    for feature in boundaries:
        iso3 = feature["properties"].get("iso3")
        if iso3 in by_iso and iso3 not in NOT_COUNTERPARTS:
            f = copy.deepcopy(feature)
            for k, v in by_iso[iso3].items():
                f["properties"][k] = None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)
            out.append(f)
    return out


def _base_layers(boundaries: list[dict]) -> list[alt.Chart]:
    base = (
        alt.Chart(_inline(boundaries))
        .mark_geoshape(fill=BASE_FILL, stroke=BORDER, strokeWidth=0.4)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="Country")])
    )
    origin_features = _origin_features(boundaries)
    layers = [base]
    if origin_features:
        layers.append(
            alt.Chart(_inline(origin_features))
            .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
            .encode(
                color=alt.Color(
                    "properties.role:N",
                    scale=alt.Scale(
                        domain=["China (origin)", "Chinese region, not a counterpart"],
                        range=[ORIGIN_FILL, CHINESE_REGION_FILL],
                    ),
                    # labelLimit 0: the whole label, never "Chinese region, not a cou…"
                    legend=alt.Legend(title=None, orient="bottom-left", labelLimit=0),
                ),
                tooltip=[
                    alt.Tooltip("properties.name:N", title="Country"),
                    alt.Tooltip("properties.role:N", title="Role"),
                ],
            )
        )
    return layers


def _finish(
    layers: list[alt.Chart],
    title: str,
    subtitle: str | Sequence[str],
    caption: str | Sequence[str] | None = None,
) -> alt.TopLevelMixin:
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(title=_title(title, subtitle), width=MAP_WIDTH, height=MAP_HEIGHT)
        .project(type=PROJECTION)
    )
    return with_caption(chart, caption)


def value_bins(max_value: float) -> list[tuple[int, int]]:
    """Ordered classes (low, high), inclusive, covering 1..max_value: at most MAX_BINS classes
    starting at round numbers, the last one ending at the maximum."""
    top = max(1, int(max_value))
    starts = [b for b in BIN_STARTS if b <= top]
    if len(starts) > MAX_BINS:
        starts = [1, *starts[-(MAX_BINS - 1) :]]
    ends = [b - 1 for b in starts[1:]] + [top]
    return list(zip(starts, ends, strict=True))


def bin_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def bin_colours(n: int) -> list[str]:
    """n colours of one hue, light to dark, evenly spread over BIN_COLOURS."""
    if n == 1:
        return [BIN_COLOURS[len(BIN_COLOURS) // 2]]
    last = len(BIN_COLOURS) - 1
    return [BIN_COLOURS[round(i * last / (n - 1))] for i in range(n)]


def _bin_of(value: float, bins: list[tuple[int, int]]) -> str:
    label = bin_label(*bins[0])
    for low, high in bins:
        if value >= low:
            label = bin_label(low, high)
    return label


def _plain(value: object) -> object:
    """A JSON-friendly scalar: None for missing, Python types for numpy/pandas values."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value.item() if hasattr(value, "item") else value


def map_rows(
    counts_df: pd.DataFrame, measure: Measure, selected: str | None = None
) -> tuple[list[dict], list[str]]:
    """The counts the browser joins to the shapes (one small row per country with data) and
    the ordered bin labels of `measure`. Rows without a map key (geo_id) are left out."""
    rows = [
        {column: _plain(record.get(column)) for column in MAP_ROW_COLUMNS}
        for record in counts_df.to_dict("records")
    ]
    rows = [r for r in rows if r["geo_id"] and r["iso3"] not in NOT_COUNTERPARTS]
    if not rows:
        return [], []
    bins = value_bins(max(r[measure.name] for r in rows))
    for row in rows:
        row["bin"] = _bin_of(float(row[measure.name]), bins)
        row["selected"] = row["iso3"] == selected
    return rows, [bin_label(low, high) for low, high in bins]


def _lookup(rows: list[dict]) -> alt.LookupData:
    fields = [c for c in (*MAP_ROW_COLUMNS, "bin", "selected") if c != "geo_id"]
    return alt.LookupData(data=alt.InlineData(values=rows), key="geo_id", fields=fields)


def _map_tooltip(measure: Measure) -> list[alt.Tooltip]:
    other = WEIGHTED_ENGAGEMENTS if measure == DISTINCT_ENGAGEMENTS else DISTINCT_ENGAGEMENTS
    return [
        alt.Tooltip("name:N", title="Country"),
        alt.Tooltip(f"{measure.name}:Q", title=measure.label, format=measure.format),
        alt.Tooltip(f"{other.name}:Q", title=other.label, format=other.format),
        alt.Tooltip("top_types:N", title="Main types"),
        alt.Tooltip("last_engagement:N", title="Last engagement"),
        alt.Tooltip("tier:N", title="Partnership tier"),
        alt.Tooltip("sources:N", title="Reported in"),
    ]


_IS_ORIGIN = f"indexof({json.dumps(list(ORIGIN_KEYS))}, datum.geo_id) >= 0"
_IS_SMALL = f"datum.area_km2 < {SMALL_AREA_KM2}"
_ROLE = f"datum.geo_id === '{ORIGIN_KEY}' ? '{ORIGIN_ROLE}' : '{REGION_ROLE}'"


def _when_selected(then: object, otherwise: object) -> alt.Then:
    return alt.when("datum.selected").then(alt.value(then)).otherwise(alt.value(otherwise))


@_checked_once
@_checked_once
def engagement_map(
    counts_df: pd.DataFrame,
    geo: GeoSource,
    *,
    title: str,
    subtitle: str | Sequence[str],
    caption: str | Sequence[str] | None = None,
    measure: Measure = DISTINCT_ENGAGEMENTS,
    legend_title: str | None = None,
    selected: str | None = None,
) -> alt.TopLevelMixin:
    """Choropleth of `measure` per counterpart country, for the app and for export.

    counts_df: one row per country with the columns of MAP_ROW_COLUMNS (geo_id is the map
    feature key). The shapes come from `geo` (URLs the browser fetches once, or inline data
    for offline rendering); the counts are joined to them in the browser by a lookup on the
    feature key, so a filter change sends only these rows, never the boundaries.

    Layers: every country light grey ("No engagement"); counterparts in ordered bins of one
    hue, with a tooltip and a click selection (`selected` is outlined); small countries also
    as symbols at their centroids; China (origin) and Taiwan, Hong Kong, Macao (Chinese
    regions, not counted) in colours of their own, China labelled. Legends under the map.
    """
    rows, labels = map_rows(counts_df, measure, selected)
    bins = alt.Scale(
        domain=[*labels, NO_ENGAGEMENT], range=[*bin_colours(len(labels)), NO_DATA_FILL]
    )
    # Legends under the map, not over it: at any width they hide no country.
    legend = dict(
        orient="bottom", symbolType="square", labelLimit=0, titleLimit=0, columnPadding=12
    )
    bins_legend = alt.Legend(
        title=legend_title or measure.label,
        direction="horizontal",
        columns=len(labels) + 1,  # one row, light to dark, then "no engagement"
        symbolStrokeColor=NO_DATA_STROKE,
        symbolStrokeWidth=0.5,
        **legend,
    )
    origin_colours = alt.Scale(
        domain=[ORIGIN_ROLE, REGION_ROLE], range=[ORIGIN_FILL, CHINESE_REGION_FILL]
    )
    origin_legend = alt.Legend(title=None, direction="vertical", **legend)
    shapes = alt.Chart(geo.countries).transform_calculate(
        geo_id="datum.id ? datum.id : datum.properties.name"
    )
    points = alt.Chart(geo.centroids).transform_calculate(geo_id="datum.id")
    place = {"longitude": "lon:Q", "latitude": "lat:Q"}

    no_engagement = (
        shapes.transform_filter(f"datum.geo_id !== '{ANTARCTICA_KEY}' && !({_IS_ORIGIN})")
        .transform_calculate(status=f"'{NO_ENGAGEMENT} in this selection'")
        .mark_geoshape(fill=NO_DATA_FILL, stroke=NO_DATA_STROKE, strokeWidth=0.4)
        .encode(
            tooltip=[
                alt.Tooltip("properties.name:N", title="Country"),
                alt.Tooltip("status:N", title=measure.label),
            ]
        )
    )
    role_tooltip = [alt.Tooltip("role:N", title="Role")]
    origin = (
        shapes.transform_filter(_IS_ORIGIN)
        .transform_calculate(role=_ROLE)
        .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
        .encode(
            color=alt.Color("role:N", scale=origin_colours, legend=origin_legend),
            tooltip=[alt.Tooltip("properties.name:N", title="Country"), *role_tooltip],
        )
    )
    origin_symbols = (
        points.transform_filter(f"{_IS_ORIGIN} && {_IS_SMALL}")
        .transform_calculate(role=_ROLE)
        .mark_point(filled=True, size=SYMBOL_SIZE, stroke=BORDER, strokeWidth=0.6, opacity=1)
        .encode(
            **place,
            color=alt.Color("role:N", scale=origin_colours, legend=None),
            tooltip=[alt.Tooltip("name:N", title="Country"), *role_tooltip],
        )
    )
    # In greyscale China's colour is one more dark shade: its name says what it is.
    origin_label = (
        points.transform_filter(f"datum.geo_id === '{ORIGIN_KEY}'")
        .mark_text(text="CHINA", fontSize=10, fontWeight="bold", color="#ffffff", dy=6)
        .encode(**place)
    )
    layers: list[alt.Chart] = [no_engagement, origin, origin_symbols, origin_label]
    if rows:
        selection = alt.selection_point(name=COUNTRY_SELECTION, fields=["iso3"])
        counted = (
            shapes.transform_lookup(lookup="geo_id", from_=_lookup(rows))
            .transform_filter("isValid(datum.bin)")
            .mark_geoshape(cursor="pointer")
            .encode(
                color=alt.Color("bin:O", scale=bins, legend=bins_legend),
                stroke=_when_selected(SELECTED_STROKE, BORDER),
                strokeWidth=_when_selected(1.8, 0.4),
                tooltip=_map_tooltip(measure),
            )
            .add_params(selection)
        )
        small = (
            points.transform_filter(f"{_IS_SMALL} && !({_IS_ORIGIN})")
            .transform_calculate(place_name="datum.name")
            .transform_lookup(lookup="geo_id", from_=_lookup(rows))
        )
        small_uncounted = (
            small.transform_filter("!isValid(datum.bin)")
            .transform_calculate(status=f"'{NO_ENGAGEMENT} in this selection'")
            .mark_point(
                filled=True,
                size=UNCOUNTED_SYMBOL_SIZE,
                fill=NO_DATA_FILL,
                stroke=NO_DATA_STROKE,
                strokeWidth=0.7,
                opacity=1,
            )
            .encode(
                **place,
                tooltip=[
                    alt.Tooltip("place_name:N", title="Country"),
                    alt.Tooltip("status:N", title=measure.label),
                ],
            )
        )
        small_counted = (
            small.transform_filter("isValid(datum.bin)")
            .mark_point(filled=True, size=SYMBOL_SIZE, strokeWidth=0.7, opacity=1, cursor="pointer")
            .encode(
                **place,
                color=alt.Color("bin:O", scale=bins, legend=None),
                stroke=_when_selected(SELECTED_STROKE, BORDER),
                tooltip=_map_tooltip(measure),
            )
            .add_params(selection)
        )
        layers = [
            no_engagement,
            counted,
            origin,
            small_uncounted,
            small_counted,
            origin_symbols,
            origin_label,
        ]
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(title=_title(title, subtitle), width=MAP_WIDTH, height=ENGAGEMENT_MAP_HEIGHT)
        .project(type=PROJECTION)
    )
    chart = with_caption(chart, caption, renderer="svg")
    if geo.datasets:
        chart = chart.properties(datasets=dict(geo.datasets))
    return chart


def selected_country(event: object) -> str | None:
    """The ISO3 of the country clicked on the engagement map, from st.altair_chart's event or
    its state in st.session_state (both hold {"selection": {COUNTRY_SELECTION: [points]}})."""
    try:
        selection = event["selection"] if isinstance(event, Mapping) else event.selection  # type: ignore[attr-defined]
        points = selection[COUNTRY_SELECTION]
    except (AttributeError, KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], Mapping):
        return points[0].get("iso3")
    return None


@_checked_once
@_checked_once
def tier_map(
    tiers_df: pd.DataFrame,
    boundaries: list[dict] | GeoSource,
    *,
    title: str,
    subtitle: str | Sequence[str],
    tier_labels: dict[int, str] | None = None,
    caption: str | Sequence[str] | None = None,
) -> alt.TopLevelMixin:
    """Countries coloured by their highest partnership tier (tiers_df: iso3, tier_rank, ...).

    With a GeoSource (the app) the shapes are the URL the browser fetched once and the tiers
    are joined to them by the map key (tiers_df needs geo_id), as on the engagement map; with
    a list of features they are inlined."""
    df = tiers_df.copy()
    labels = tier_labels or {}
    df["tier_label"] = [
        tier_text(r, labels, t)
        for r, t in zip(df["tier_rank"], df.get("tier", [None] * len(df)), strict=True)
    ]
    if isinstance(boundaries, GeoSource):
        return _served_tier_map(df, boundaries, labels, title, subtitle, caption)
    coloured = _with_values(boundaries, df, ["tier_rank", "tier_label", "phrase"])
    layers = _base_layers(boundaries)
    if coloured:
        shown = {f["properties"]["tier_label"] for f in coloured}
        # With the ladder's labels the legend is the whole ladder, in order, and a tier keeps
        # its colour whatever the filters show; without them, the tiers shown.
        domain = tier_domain(labels) or sorted(shown, key=lambda s: (int(s.split(".")[0]), s))
        layers.append(
            alt.Chart(_inline(coloured))
            .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
            .encode(
                color=alt.Color(
                    "properties.tier_label:O",
                    scale=alt.Scale(scheme=TIER_SCHEME, domain=domain, reverse=True),
                    # Below the map, two columns: nine long labels would cover land.
                    legend=alt.Legend(
                        title="Highest tier (1 = closest)",
                        orient="bottom",
                        columns=2,
                        labelLimit=0,
                    ),
                ),
                tooltip=[
                    alt.Tooltip("properties.name:N", title="Country"),
                    alt.Tooltip("properties.tier_label:N", title="Highest tier"),
                    alt.Tooltip("properties.phrase:N", title="As written"),
                ],
            )
        )
    return _finish(layers, title, subtitle, caption)


def _tier_legend() -> alt.Legend:
    # Below the map, two columns: nine long labels would cover land.
    return alt.Legend(title="Highest tier (1 = closest)", orient="bottom", columns=2, labelLimit=0)


def _served_tier_map(
    df: pd.DataFrame,
    geo: GeoSource,
    labels: dict[int, str],
    title: str,
    subtitle: str | Sequence[str],
    caption: str | Sequence[str] | None,
) -> alt.TopLevelMixin:
    rows = [
        {
            "geo_id": _plain(r.get("geo_id")),
            "name": _plain(r.get("name")),
            "tier_label": r["tier_label"],
            "phrase": _plain(r.get("phrase")),
        }
        for r in df.to_dict("records")
        if r.get("geo_id") and r.get("iso3") not in NOT_COUNTERPARTS
    ]
    shapes = alt.Chart(geo.countries).transform_calculate(
        geo_id="datum.id ? datum.id : datum.properties.name"
    )
    base = shapes.transform_filter(f"datum.geo_id !== '{ANTARCTICA_KEY}'").mark_geoshape(
        fill=NO_DATA_FILL, stroke=NO_DATA_STROKE, strokeWidth=0.4
    )
    origin = (
        shapes.transform_filter(_IS_ORIGIN)
        .transform_calculate(role=_ROLE)
        .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "role:N",
                scale=alt.Scale(
                    domain=[ORIGIN_ROLE, REGION_ROLE], range=[ORIGIN_FILL, CHINESE_REGION_FILL]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            )
        )
    )
    layers: list[alt.Chart] = [base, origin]
    if rows:
        shown = {r["tier_label"] for r in rows}
        domain = tier_domain(labels) or sorted(shown, key=lambda s: (int(s.split(".")[0]), s))
        lookup = alt.LookupData(
            data=alt.InlineData(values=rows), key="geo_id", fields=["name", "tier_label", "phrase"]
        )
        layers.append(
            shapes.transform_lookup(lookup="geo_id", from_=lookup)
            .transform_filter("isValid(datum.tier_label)")
            .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
            .encode(
                color=alt.Color(
                    "tier_label:O",
                    scale=alt.Scale(scheme=TIER_SCHEME, domain=domain, reverse=True),
                    legend=_tier_legend(),
                ),
                tooltip=[
                    alt.Tooltip("name:N", title="Country"),
                    alt.Tooltip("tier_label:N", title="Highest tier"),
                    alt.Tooltip("phrase:N", title="As written"),
                ],
            )
        )
    chart = _finish(layers, title, subtitle, caption)
    if geo.datasets:
        chart = chart.properties(datasets=dict(geo.datasets))
    return chart


def tier_text(rank: object, labels: dict[int, str], tier: str | None = None) -> str:
    """ "3. Comprehensive strategic cooperative partnership": a tier as legends and axes show it."""
    rank = int(rank)  # type: ignore[call-overload]
    return f"{rank}. {labels.get(rank) or (tier or '').replace('_', ' ')}".strip()


def tier_domain(labels: dict[int, str]) -> list[str]:
    """Every tier of `labels` in ladder order (1 = closest first; 0, outside, last)."""
    ranks = sorted(labels, key=lambda r: r if r > 0 else 98)
    return [tier_text(r, labels) for r in ranks]


TIER_STATUSES = ("mentioned", "established", "upgraded")
TIER_STATUS_SHAPES = ("circle", "square", "triangle-up")
TIER_STATUS_COLOURS = ("#8c8c8c", "#2b8cbe", "#d94801")
REFERENCE_RULE = "#4d4d4d"


def tier_history(
    history_df: pd.DataFrame,
    *,
    title: str,
    subtitle: str | Sequence[str],
    tier_labels: dict[int, str],
    reference: tuple[int, str] | None = None,
) -> alt.LayerChart:
    """One country's tier over time (history_df: date, tier_rank, tier, status, mentions,
    phrase; undated rows are left out).

    The y axis is the ladder (closest rung on top). A step line follows the highest tier named
    so far, so it steps up at an upgrade and a later, lower follow-up does not pull it down;
    each mention is a point, establishments and upgrades drawn larger, in their own shape and
    colour and labelled. `reference` (rank, text) adds a dashed rule at the reference tier.
    """
    df = history_df.dropna(subset=["date"]).copy()
    df["date"] = pd.to_datetime(df["date"])
    df["tier_label"] = [
        tier_text(r, tier_labels, t) for r, t in zip(df["tier_rank"], df["tier"], strict=True)
    ]
    df["change"] = df["status"].where(df["status"] != "mentioned", "")
    best = df.groupby("date")["tier_rank"].min().sort_index().cummin()
    steps = pd.DataFrame({"date": best.index, "tier_rank": best.to_numpy()})
    steps["tier_label"] = [tier_text(r, tier_labels) for r in steps["tier_rank"]]
    domain = tier_domain(tier_labels)
    for label in df["tier_label"]:
        if label not in domain:
            domain.append(label)
    y = alt.Y(
        "tier_label:N",
        title=None,
        sort=domain,
        scale=alt.Scale(domain=domain),
        axis=alt.Axis(labelLimit=0),
    )
    x = alt.X(
        "date:T",
        title="Date of the mention",
        axis=alt.Axis(format="%b %Y"),
        scale=alt.Scale(padding=24),  # points at either end are not cut in half
    )
    layers: list[alt.Chart] = []
    if reference is not None:
        ref = pd.DataFrame(
            {"tier_label": [tier_text(reference[0], tier_labels)], "note": [reference[1]]}
        )
        layers.append(
            alt.Chart(ref)
            .mark_rule(color=REFERENCE_RULE, strokeDash=[6, 4], strokeWidth=1.5)
            .encode(y=y, tooltip=[alt.Tooltip("note:N", title="Reference designation")])
        )
    layers.append(
        alt.Chart(steps)
        .mark_line(interpolate="step-after", color="#636363", strokeWidth=2)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("tier_label:N", title="Highest tier so far")])
    )
    layers.append(
        alt.Chart(df)
        .mark_point(filled=True, opacity=0.9)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "status:N",
                title="Mention",
                scale=alt.Scale(domain=list(TIER_STATUSES), range=list(TIER_STATUS_SHAPES)),
            ),
            color=alt.Color(
                "status:N",
                title="Mention",
                scale=alt.Scale(domain=list(TIER_STATUSES), range=list(TIER_STATUS_COLOURS)),
            ),
            size=alt.Size(
                "status:N",
                title="Mention",
                scale=alt.Scale(domain=list(TIER_STATUSES), range=[60, 170, 170]),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                alt.Tooltip("tier_label:N", title="Tier"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("mentions:Q", title="Mentions"),
                alt.Tooltip("phrase:N", title="As written"),
            ],
        )
    )
    layers.append(
        alt.Chart(df[df["change"] != ""])
        .mark_text(dy=-14, fontSize=11, fontWeight="bold")
        .encode(
            x=x,
            y=y,
            text="change:N",
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=list(TIER_STATUSES), range=list(TIER_STATUS_COLOURS)),
                legend=None,
            ),
        )
    )
    height = max(160, 30 * len(domain))
    return alt.layer(*layers).properties(
        title=_title(title, subtitle), width=MAP_WIDTH, height=height
    )


def timeline(
    monthly_df: pd.DataFrame,
    *,
    title: str,
    subtitle: str | Sequence[str],
    caption: str | Sequence[str] | None = None,
    measure: Measure = DISTINCT_ENGAGEMENTS,
) -> alt.TopLevelMixin:
    """Stacked bars: distinct events per month, coloured by engagement type."""
    df = monthly_df.copy()
    df["type_label"] = [type_label(t) for t in df["type"]]
    df["month"] = pd.to_datetime(df["month"])
    known = [t for t in TYPE_LABELS_IN_ORDER if t in set(df["type_label"])]
    extra = sorted(set(df["type_label"]) - set(known))
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            # Temporal axis: months without engagements show as gaps, not squeezed out.
            x=alt.X(
                "yearmonth(month):T",
                title="Month",
                axis=alt.Axis(format="%b %Y", labelAngle=-45, tickCount="month"),
            ),
            y=alt.Y(
                f"sum({measure.name}):Q",
                title=measure.label,
                stack="zero",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            color=alt.Color(
                "type_label:N",
                title="Engagement type",
                scale=alt.Scale(domain=known + extra, scheme="tableau10"),
            ),
            order=alt.Order("type_label:N"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month", format="%b %Y"),
                alt.Tooltip("type_label:N", title="Type"),
                alt.Tooltip(f"{measure.name}:Q", title=measure.label, format=measure.format),
            ],
        )
        .properties(title=_title(title, subtitle), height=260, width=MAP_WIDTH)
    )
    return with_caption(chart, caption)


COVERAGE_MEASURES = {"articles": "Articles", "documents": "Documents"}
COVERAGE_COLOURS = ("#525252", "#bdbdbd")  # articles dark, documents light: greyscale-safe


def coverage_chart(
    coverage_df: pd.DataFrame,
    *,
    title: str,
    subtitle: str | Sequence[str],
    caption: str | Sequence[str] | None = None,
    width: int = 110,
) -> alt.TopLevelMixin:
    """Articles and documents per month of publication, one row per month (newest last), so
    a thin month reads as thin data rather than cold relations. coverage_df: month, articles,
    documents; undated rows (month NaT) are left out (say how many in the subtitle)."""
    df = coverage_df.dropna(subset=["month"]).copy()
    df["month"] = pd.to_datetime(df["month"])
    df["month_label"] = df["month"].dt.strftime("%b %Y")
    long = df.melt(
        id_vars=["month", "month_label"],
        value_vars=list(COVERAGE_MEASURES),
        var_name="what",
        value_name="count",
    )
    long["what"] = long["what"].map(COVERAGE_MEASURES)
    order = list(df.sort_values("month")["month_label"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("month_label:O", title=None, sort=order),
            yOffset=alt.YOffset("what:N", sort=list(COVERAGE_MEASURES.values())),
            x=alt.X("count:Q", title="Count", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(
                    domain=list(COVERAGE_MEASURES.values()), range=list(COVERAGE_COLOURS)
                ),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip("month_label:N", title="Month"),
                alt.Tooltip("what:N", title="Counted"),
                alt.Tooltip("count:Q", title="Count", format=",d"),
            ],
        )
        .properties(title=_title(title, subtitle), width=width, height=alt.Step(8))
    )
    # A narrow chart beside the map: its own size, not stretched (autosize "pad").
    return with_caption(chart, caption).properties(autosize=alt.AutoSizeParams(type="pad"))


def png_renderer(chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], *, scale: float = 2.0):
    """A zero-argument callable rendering `chart` to PNG bytes offline (vl-convert).

    For st.download_button(data=...): the ~1 s render only runs when the user clicks. `chart`
    may be a zero-argument factory, so that building an inline-data chart is deferred too.
    """
    return renderer(chart, "png", scale=scale)


def renderer(
    chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], fmt: str, *, scale: float = 2.0
) -> Callable[[], bytes]:
    """A zero-argument callable rendering `chart` as "png" (at `scale`) or "svg" bytes."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}")

    def render() -> bytes:
        import vl_convert

        spec = (chart if isinstance(chart, alt.TopLevelMixin) else chart()).to_dict()
        if fmt == "svg":
            return vl_convert.vegalite_to_svg(spec).encode("utf-8")
        return vl_convert.vegalite_to_png(spec, scale=scale)

    return render

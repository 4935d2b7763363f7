"""Altair chart builders. Pure functions of DataFrames and GeoJSON features: no Streamlit, no SQL.

Every chart carries a title and a subtitle saying what is counted, the date range and the
region filter, so a screenshot or exported PNG stands on its own.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

from dashboard.metrics import (
    DISTINCT_ENGAGEMENTS,
    NOT_COUNTERPARTS,
    ORIGIN_ISO3,
    TYPE_LABELS_IN_ORDER,
    Measure,
    type_label,
)

PROJECTION = "equalEarth"
COUNTRY_SELECTION = "country"  # name of the click selection on the engagement map
BASE_FILL = "#e3e3e3"  # countries with no engagements in the selection
BORDER = "#ffffff"
ORIGIN_FILL = "#b2182b"  # China, the origin of every engagement
CHINESE_REGION_FILL = "#e6a0a8"  # Taiwan, Hong Kong, Macao: not counterparts
SEQUENTIAL_SCHEME = "blues"
TIER_SCHEME = "viridis"
MAP_HEIGHT = 460
MAP_WIDTH = 860


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


def _finish(layers: list[alt.Chart], title: str, subtitle: str | Sequence[str]) -> alt.LayerChart:
    return (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(title=_title(title, subtitle), width=MAP_WIDTH, height=MAP_HEIGHT)
        .project(type=PROJECTION)
        .configure_view(stroke=None)
    )


@_checked_once
def engagement_map(
    counts_df: pd.DataFrame,
    boundaries: list[dict],
    *,
    title: str,
    subtitle: str | Sequence[str],
    measure: Measure = DISTINCT_ENGAGEMENTS,
    legend_title: str | None = None,
) -> alt.LayerChart:
    """Choropleth of `measure` per counterpart country (counts_df: iso3, name, events, weighted).

    Layers: grey base (every country), China/Chinese regions marked apart, then the
    counterparts coloured on a sequential scale with a titled legend and a tooltip.
    """
    coloured = _with_values(boundaries, counts_df, ["events", "weighted"])
    layers = _base_layers(boundaries)
    if coloured:
        layers.append(
            alt.Chart(_inline(coloured))
            .mark_geoshape(stroke=BORDER, strokeWidth=0.4, cursor="pointer")
            # Clicking a country selects it: the app lists its engagements (COUNTRY_SELECTION).
            .transform_calculate(iso3="datum.properties.iso3")
            .add_params(alt.selection_point(name=COUNTRY_SELECTION, fields=["iso3"]))
            .encode(
                color=alt.Color(
                    f"properties.{measure.name}:Q",
                    scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, zero=True),
                    legend=alt.Legend(
                        title=legend_title or measure.label,
                        orient="bottom-right",
                        format=measure.format,
                    ),
                ),
                tooltip=[
                    alt.Tooltip("properties.name:N", title="Country"),
                    alt.Tooltip("properties.events:Q", title="Distinct events", format=",d"),
                    alt.Tooltip("properties.weighted:Q", title="Level-weighted", format=",.0f"),
                ],
            )
        )
    return _finish(layers, title, subtitle)


def selected_country(event: object) -> str | None:
    """The ISO3 of the country clicked on the engagement map, from st.altair_chart's event."""
    try:
        points = event.selection[COUNTRY_SELECTION]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    if isinstance(points, list) and points and isinstance(points[0], dict):
        return points[0].get("iso3")
    return None


@_checked_once
def tier_map(
    tiers_df: pd.DataFrame,
    boundaries: list[dict],
    *,
    title: str,
    subtitle: str | Sequence[str],
    tier_labels: dict[int, str] | None = None,
) -> alt.LayerChart:
    """Countries coloured by their highest partnership tier (tiers_df: iso3, tier_rank, ...)."""
    df = tiers_df.copy()
    labels = tier_labels or {}
    df["tier_label"] = [
        f"{int(r)}. {labels.get(int(r)) or (t or '').replace('_', ' ')}".strip()
        for r, t in zip(df["tier_rank"], df.get("tier", [None] * len(df)), strict=True)
    ]
    coloured = _with_values(boundaries, df, ["tier_rank", "tier_label", "phrase"])
    layers = _base_layers(boundaries)
    if coloured:
        shown = {f["properties"]["tier_label"] for f in coloured}
        domain = sorted(shown, key=lambda s: (int(s.split(".")[0]), s))
        layers.append(
            alt.Chart(_inline(coloured))
            .mark_geoshape(stroke=BORDER, strokeWidth=0.4)
            .encode(
                color=alt.Color(
                    "properties.tier_label:O",
                    scale=alt.Scale(scheme=TIER_SCHEME, domain=domain, reverse=True),
                    legend=alt.Legend(title="Highest tier (1 = closest)", orient="bottom-right"),
                ),
                tooltip=[
                    alt.Tooltip("properties.name:N", title="Country"),
                    alt.Tooltip("properties.tier_label:N", title="Highest tier"),
                    alt.Tooltip("properties.phrase:N", title="As written"),
                ],
            )
        )
    return _finish(layers, title, subtitle)


def timeline(
    monthly_df: pd.DataFrame,
    *,
    title: str,
    subtitle: str | Sequence[str],
    measure: Measure = DISTINCT_ENGAGEMENTS,
) -> alt.Chart:
    """Stacked bars: distinct events per month, coloured by engagement type."""
    df = monthly_df.copy()
    df["type_label"] = [type_label(t) for t in df["type"]]
    df["month"] = pd.to_datetime(df["month"])
    known = [t for t in TYPE_LABELS_IN_ORDER if t in set(df["type_label"])]
    extra = sorted(set(df["type_label"]) - set(known))
    return (
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


def png_renderer(chart: alt.TopLevelMixin, *, scale: float = 2.0):
    """A zero-argument callable rendering `chart` to PNG bytes offline (vl-convert).

    For st.download_button(data=...): the ~1 s render only runs when the user clicks.
    """
    spec = chart.to_dict()

    def render() -> bytes:
        import vl_convert

        return vl_convert.vegalite_to_png(spec, scale=scale)

    return render

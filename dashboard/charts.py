"""Altair chart builders. Pure functions of DataFrames and GeoJSON features: no Streamlit, no SQL.

Every chart carries a title and a subtitle saying what is counted, the date range and the
region filter, so a screenshot or exported PNG stands on its own.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import altair as alt
import pandas as pd

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
        tier_text(r, labels, t)
        for r, t in zip(df["tier_rank"], df.get("tier", [None] * len(df)), strict=True)
    ]
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
    return _finish(layers, title, subtitle)


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

"""Engagement map: who China engaged with, when, and the sentences that say so."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, maps, metrics
from dashboard import queries as q
from dashboard.display import escape_markdown
from dashboard.filters import shared_query_params, url_selectbox
from dashboard.frame import page_frame


def _day(value: object) -> str:
    """A date as 2025-01-21, or "undated"."""
    return "undated" if value is None or str(value) in ("NaT", "nan", "None") else str(value)[:10]


frame = page_frame()
db, filters = frame.db, frame.filters

st.title("Engagement map")
st.caption(
    "China's engagements with each counterpart country, as reported in the articles. "
    "Every number leads back to its sentence: choose a country below."
)

weighted = st.toggle(
    "Weight by level of the Chinese actor",
    key="weighted",
    bind="query-params",
    help=metrics.WEIGHTED_ENGAGEMENTS.description,
)
measure = metrics.WEIGHTED_ENGAGEMENTS if weighted else metrics.DISTINCT_ENGAGEMENTS

counts = q.engagement_counts(db, filters)
undated = q.undated_engagements(db, filters)

if filters.has_month_filter:
    undated_note = (
        f"Undated: {undated} engagement(s) have no date and are excluded by the month filter."
    )
else:
    undated_note = (
        f"Undated: {undated} engagement(s) have no date: counted on the map, not on the timeline."
    )

if counts.empty:
    st.info(
        f"No engagements match these filters ({filters.describe()}). "
        "Widen the month range or choose another region."
    )
    st.caption(undated_note)
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric(metrics.DISTINCT_ENGAGEMENTS.label, int(counts["events"].sum()))
c2.metric(metrics.WEIGHTED_ENGAGEMENTS.label, f"{counts['weighted'].sum():,.0f}")
c3.metric("Counterpart countries", len(counts))
st.caption(f"Selection: {filters.describe()}")

subtitle = [f"{measure.label} per counterpart country · {filters.describe()}"]
if weighted:
    subtitle.append("Weights: " + metrics.LEVEL_WEIGHTS_TEXT)
try:
    boundaries = maps.load_boundaries(str(maps.boundaries_path()), q.numeric_to_iso3(db))
except maps.BoundariesUnavailable as exc:
    st.warning(escape_markdown(exc))
    boundaries = None
if boundaries:
    chart = charts.engagement_map(
        counts,
        boundaries,
        title="China's diplomatic engagements",
        subtitle=subtitle,
        measure=measure,
        legend_title=measure.label + (" (level weights in subtitle)" if weighted else ""),
    )
    clicked = st.altair_chart(chart, width="stretch", on_select="rerun", key="map")
    picked = charts.selected_country(clicked)
    if picked and picked != st.query_params.get("country"):
        # A click on the map chooses the country below, as the selectbox would.
        st.query_params["country"] = picked
        st.session_state.pop("_url_country", None)
    st.download_button(
        "Download map as PNG",
        data=charts.png_renderer(chart),
        file_name="diplomacy-atlas-engagements.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )
st.caption(f"{measure.description} China (origin) and Taiwan, Hong Kong, Macao are not counted.")

monthly = q.monthly_timeline(db, filters)
if monthly.empty:
    st.info("None of the matching engagements has a date, so there is no timeline.")
else:
    st.altair_chart(
        charts.timeline(
            monthly,
            title="Engagements per month",
            subtitle=f"Distinct dated engagements by type · {filters.describe()}",
        ),
        width="stretch",
    )
st.caption(undated_note)

with st.expander("Counts per country (table)"):
    st.dataframe(
        counts[["name", "iso3", "region", "subregion", "events", "weighted", "mentions"]],
        hide_index=True,
        column_config={
            "name": "Country",
            "events": st.column_config.NumberColumn(metrics.DISTINCT_ENGAGEMENTS.label),
            "weighted": st.column_config.NumberColumn(
                metrics.WEIGHTED_ENGAGEMENTS.label, format="%.0f"
            ),
            "mentions": st.column_config.NumberColumn(metrics.MENTIONS.label),
        },
    )

st.subheader("Evidence by country")
names = dict(zip(counts["iso3"], counts["name"], strict=True))
country = url_selectbox(
    "Country",
    list(counts["iso3"]),
    param="country",
    format_func=lambda iso3: f"{names.get(iso3, iso3)} ({iso3})",
    placeholder="Choose a country to see its engagements",
)
if country:
    events = q.country_engagements(db, filters, country)
    if events.empty:
        st.info(f"No engagements with {names.get(country, country)} match these filters.")
    else:
        events["type"] = [metrics.type_label(t) for t in events["type"]]
        events["cn_level"] = [metrics.level_label(v) for v in events["cn_level"]]
        st.caption(
            f"{events['event_id'].nunique()} distinct engagement(s) reported in "
            f"{len(events)} sentence(s) · {filters.describe()}"
        )
        st.dataframe(
            events[
                [
                    "date",
                    "type",
                    "cn_level",
                    "cn_actor",
                    "foreign_actor",
                    "sentence",
                    "article_title",
                    "article_id",
                    "event_id",
                ]
            ],
            hide_index=True,
            column_config={
                "date": st.column_config.DateColumn("Date"),
                "type": "Type",
                "cn_level": "Chinese level",
                "cn_actor": "Chinese actor",
                "foreign_actor": "Counterpart",
                "sentence": st.column_config.TextColumn("Evidence sentence", width="large"),
                "article_title": "Article",
                "article_id": "Article id",
                "event_id": "Event id",
            },
        )
        article_ids = list(dict.fromkeys(events["article_id"]))
        titles = dict(zip(events["article_id"], events["article_title"], strict=False))
        with st.container(horizontal=True):
            for article_id in article_ids[:8]:
                st.page_link(
                    "pages/sources.py",
                    label=f"Open “{escape_markdown(titles.get(article_id) or article_id)}”",
                    icon=":material/description:",
                    query_params={**shared_query_params(), "article": article_id},
                )

        # One engagement, every report of it: a blog summary beside the original readout
        # beside another outlet's account.
        event_labels = {
            row.event_id: f"{_day(row.date)} · {row.type} · {row.cn_actor or '?'}"
            f" – {row.foreign_actor or names.get(country, country)}"
            for row in events.drop_duplicates("event_id").itertuples()
        }
        event_id = url_selectbox(
            "Engagement",
            list(event_labels),
            param="event",
            format_func=lambda e: event_labels.get(e, e),
            placeholder="Choose an engagement to compare its sources",
        )
        if event_id:
            sources = q.event_sources(db, event_id)
            st.caption(
                f"Reported in {sources['article_id'].nunique()} article(s), "
                f"{len(sources)} sentence(s)."
            )
            columns = st.columns(min(3, max(1, sources["article_id"].nunique())))
            for i, (article_id, rows) in enumerate(sources.groupby("article_id", sort=False)):
                first = rows.iloc[0]
                with columns[i % len(columns)].container(border=True):
                    st.text(first["article_title"] or article_id)
                    st.caption(
                        escape_markdown(
                            " · ".join(
                                str(v)
                                for v in (first["outlet"], first["dateline"], first["document"])
                                if v is not None and str(v) != "nan"
                            )
                        )
                    )
                    for sentence in rows["sentence"]:
                        st.text(sentence)
                    st.page_link(
                        "pages/sources.py",
                        label="Open the article",
                        icon=":material/description:",
                        query_params={**shared_query_params(), "article": article_id},
                    )

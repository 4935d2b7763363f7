"""Engagement map: who China engaged with, when, and the sentences that say so."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, export, maps, metrics
from dashboard import queries as q
from dashboard.display import escape_markdown
from dashboard.filters import country_selectbox, select, shared_query_params, url_selectbox
from dashboard.frame import page_frame


def _day(value: object) -> str:
    """A date as 2025-01-21, or "undated"."""
    return "undated" if value is None or str(value) in ("NaT", "nan", "None") else str(value)[:10]


MAP_KEY = "map"  # the map's selection state in st.session_state
LAST_CLICK_KEY = "_map_last_click"

frame = page_frame()
db, filters = frame.db, frame.filters
provenance = db.provenance

st.title("Engagement map")
st.caption(
    "China's engagements with each counterpart country, as reported in the articles. "
    "Every number leads back to its sentence: click a country or choose it below."
)

weighted = st.toggle(
    "Weight by level of the Chinese actor",
    key="weighted",
    bind="query-params",
    help=metrics.WEIGHTED_ENGAGEMENTS.description,
)
measure = metrics.WEIGHTED_ENGAGEMENTS if weighted else metrics.DISTINCT_ENGAGEMENTS

counts = export.map_data(db, filters)
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

# A click on the map chooses the country below, as the selectbox would. Read before drawing,
# so the clicked country is outlined in this run; act only on a new click, so a selection the
# chart still holds does not undo a later choice in the selectbox.
clicked = charts.selected_country(st.session_state.get(MAP_KEY))
if clicked != st.session_state.get(LAST_CLICK_KEY):
    st.session_state[LAST_CLICK_KEY] = clicked
    if clicked and clicked != st.query_params.get("country"):
        select("country", clicked)
view = export.MapView(filters=filters, measure=measure, selected=st.query_params.get("country"))

map_column, coverage_column = st.columns([10, 3], gap="small")
with map_column:
    if maps.geo_available():
        # In the app the boundaries are a URL the browser fetches once (static/geo); without
        # static serving (app started from another folder) they are inlined instead.
        served = st.get_option("server.enableStaticServing")
        geo = maps.served_geo() if served else maps.inline_geo()
        st.altair_chart(
            export.map_figure(counts, view, provenance, geo),
            width="stretch",
            on_select="rerun",
            key=MAP_KEY,
        )
        export_figure = lambda: export.map_figure(  # noqa: E731
            counts, view, provenance, maps.inline_geo()
        )
        downloads = [
            # label, lazy renderer, file name, MIME type, help
            ("PNG", charts.renderer(export_figure, "png", scale=export.EXPORT_SCALE),
             export.file_name(provenance, "map", "png"), "image/png",
             "The map as shown, at 2× resolution, rendered on this machine."),
            ("SVG", charts.renderer(export_figure, "svg"),
             export.file_name(provenance, "map", "svg"), "image/svg+xml",
             "The map as shown, as a vector image for print and slides."),
            ("CSV", lambda: export.map_csv(counts, view, provenance),
             export.file_name(provenance, "map-data", "csv"), "text/csv",
             "The numbers behind the map, one row per country, with the snapshot id."),
        ]  # fmt: skip
        with st.container(horizontal=True):
            for label, render, name, mime, help_text in downloads:
                st.download_button(
                    label,
                    data=render,
                    file_name=name,
                    mime=mime,
                    on_click="ignore",  # rendered only when clicked, without a rerun
                    icon=":material/download:",
                    help=help_text,
                )
    else:
        st.warning(
            "The map is unavailable: country boundaries were not found in static/geo/ "
            "(see static/geo/SOURCE.md). The numbers are in the table below."
        )
    st.caption(
        f"{measure.description} China (origin) and Taiwan, Hong Kong, Macao are not counted. "
        f"Snapshot {provenance.snapshot_id}."
    )

with coverage_column:
    coverage = q.coverage(db, filters)
    undated_articles = int(coverage.loc[coverage["month"].isna(), "articles"].sum())
    if coverage["month"].notna().any():
        st.altair_chart(
            charts.coverage_chart(
                coverage,
                title="Sources per month",
                subtitle=["Articles and documents", filters.describe_months()],
                caption=provenance.caption_lines(),
            ),
            width="content",
        )
    else:
        st.info("No dated articles in this month range.")
    st.caption(
        f"What the counts rest on (all regions). {undated_articles} undated article(s) not "
        "shown. A month with few articles is thin data, not cold relations. Per country: "
        "'Reported in' in the map's tooltip and the table."
    )

monthly = q.monthly_timeline(db, filters)
if monthly.empty:
    st.info("None of the matching engagements has a date, so there is no timeline.")
else:
    st.altair_chart(
        charts.timeline(
            monthly,
            title="Engagements per month",
            subtitle=f"Distinct dated engagements by type · {filters.describe()}",
            caption=provenance.caption(),
        ),
        width="stretch",
    )
st.caption(undated_note)

with st.expander("Counts per country (table)"):
    st.dataframe(
        counts[
            [
                "name",
                "iso3",
                "region",
                "subregion",
                "events",
                "weighted",
                "mentions",
                "articles",
                "documents",
                "top_types",
                "last_engagement",
                "tier",
            ]
        ],
        hide_index=True,
        column_config={
            "name": "Country",
            "events": st.column_config.NumberColumn(metrics.DISTINCT_ENGAGEMENTS.label),
            "weighted": st.column_config.NumberColumn(
                metrics.WEIGHTED_ENGAGEMENTS.label, format="%.0f"
            ),
            "mentions": st.column_config.NumberColumn(metrics.MENTIONS.label),
            "articles": st.column_config.NumberColumn("Articles", help="Articles reporting them"),
            "documents": st.column_config.NumberColumn("Documents", help="Files they are in"),
            "top_types": "Main types",
            "last_engagement": "Last engagement",
            "tier": "Partnership tier",
        },
    )

st.subheader("Evidence by country")
names = dict(zip(counts["iso3"], counts["name"], strict=True))
country = country_selectbox(names, placeholder="Choose a country to see its engagements")
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

"""Partnership tiers: the highest designation China uses for each country, with its evidence."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, maps
from dashboard import queries as q
from dashboard.display import escape_markdown
from dashboard.filters import url_selectbox
from dashboard.frame import page_frame
from etl.partnerships import tier_label

frame = page_frame()
db, filters = frame.db, frame.filters

st.title("Partnership tiers")
st.caption(
    "China names its bilateral relationships on a ladder (1 = closest). For each country: the "
    "highest tier mentioned in the selection, as written, and when it was first and last "
    "mentioned. 'Community with a shared future' is a separate framework, shown in the evidence."
)

tiers = q.partnership_tiers(db, filters)
if tiers.empty:
    st.info(
        f"No partnership designations match these filters ({filters.describe()}). "
        "Widen the month range or choose another region."
    )
    st.stop()

tiers["tier_label"] = [tier_label(t) for t in tiers["tier"]]
st.dataframe(
    tiers[
        ["tier_rank", "name", "tier_label", "phrase", "first_mention", "last_mention", "mentions"]
    ],
    hide_index=True,
    column_config={
        "tier_rank": st.column_config.NumberColumn("Rank", help="1 = closest tier"),
        "name": "Country",
        "tier_label": "Highest tier",
        "phrase": st.column_config.TextColumn("As written", width="large"),
        "first_mention": st.column_config.DateColumn("First mention"),
        "last_mention": st.column_config.DateColumn("Last mention"),
        "mentions": st.column_config.NumberColumn("Mentions"),
    },
)
st.caption(f"{len(tiers)} countries · {filters.describe()}")

try:
    boundaries = maps.load_boundaries(str(maps.boundaries_path()), q.numeric_to_iso3(db))
except maps.BoundariesUnavailable as exc:
    boundaries = None
    st.caption(escape_markdown(exc))
if boundaries:
    with st.expander("Map by highest tier"):
        st.altair_chart(
            charts.tier_map(
                tiers,
                boundaries,
                title="Highest partnership tier per country",
                subtitle=f"Highest tier mentioned (1 = closest) · {filters.describe()}",
            ),
            width="stretch",
        )

st.subheader("Evidence")
names = dict(zip(tiers["iso3"], tiers["name"], strict=True))
country = url_selectbox(
    "Country",
    list(tiers["iso3"]),
    param="country",
    format_func=lambda iso3: f"{names.get(iso3, iso3)} ({iso3})",
    placeholder="Choose a country to see the sentences",
)
if country:
    evidence = q.partnership_evidence(db, filters, country)
    evidence["tier"] = [tier_label(t) for t in evidence["tier"]]
    st.dataframe(
        evidence[
            [
                "date",
                "framework",
                "tier_rank",
                "tier",
                "phrase",
                "status",
                "sentence",
                "article_title",
                "article_id",
            ]
        ],
        hide_index=True,
        column_config={
            "date": st.column_config.DateColumn("Date"),
            "tier_rank": "Rank",
            "sentence": st.column_config.TextColumn("Evidence sentence", width="large"),
            "article_title": "Article",
            "article_id": "Article id",
        },
    )

"""Quote explorer: search what was said, by whom, with the article it came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries as q
from dashboard.frame import page_frame

frame = page_frame()
db, filters = frame.db, frame.filters
choices = frame.choices
names = dict(zip(choices.countries["iso3"], choices.countries["name"], strict=True))
all_names = q.country_names(db)

st.title("Quote explorer")
st.caption(
    "Direct and reported statements. The search matches the quote text, the speaker and the "
    "article title, literally and ignoring case."
)

text = st.text_input("Search quotes", key="q", bind="query-params", placeholder="e.g. ironclad")
c1, c2, c3 = st.columns(3)
speaker = c1.selectbox(
    "Speaker",
    choices.speakers,
    index=None,
    placeholder="Any speaker",
    key="speaker",
    bind="query-params",
)
speaker_countries = sorted({*choices.countries["iso3"], "CHN"})
speaker_country = c2.selectbox(
    "Speaker's country",
    speaker_countries,
    index=None,
    format_func=lambda iso3: all_names.get(iso3, iso3),
    placeholder="Any country",
    key="speaker_country",
    bind="query-params",
)
mentioned = c3.selectbox(
    "Country mentioned",
    list(choices.countries["iso3"]),
    index=None,
    format_func=lambda iso3: names.get(iso3, iso3),
    placeholder="Any country",
    key="mentioned",
    bind="query-params",
)

# A new search starts on page 1: the pager's key depends on the search.
page_key = "quote_page_" + str(abs(hash((text, speaker, speaker_country, mentioned, filters))))
page_no = int(st.session_state.get(page_key, 1))
result = q.search_quotes(
    db,
    filters,
    text=text,
    speaker=speaker,
    speaker_country=speaker_country,
    mentioned=mentioned,
    page=page_no,
)
if result.total and page_no > result.pages:
    page_no = result.pages
    result = q.search_quotes(
        db,
        filters,
        text=text,
        speaker=speaker,
        speaker_country=speaker_country,
        mentioned=mentioned,
        page=page_no,
    )

if result.total == 0:
    st.info(f"No quotes match this search and these filters ({filters.describe()}).")
    st.stop()

st.markdown(f"**{result.total}** quote(s) · page {result.page} of {result.pages}")
st.caption(filters.describe())


def _s(value: object) -> str:
    """Plain text for a value that may be missing (None/NaN/NaT)."""
    return "" if value is None or pd.isna(value) else str(value)


for row in result.rows.itertuples(index=False):
    with st.container(border=True):
        when = pd.Timestamp(row.date).strftime("%d %b %Y") if _s(row.date) else "undated"
        country = all_names.get(_s(row.speaker_country), _s(row.speaker_country))
        meta = [_s(row.speaker_role), country, when, _s(row.kind)]
        # Everything from the data is shown as plain text (st.text), never as markdown/HTML.
        st.text((_s(row.speaker) or "Unnamed speaker") + " — " + " · ".join(m for m in meta if m))
        st.text(_s(row.text))
        st.text(f"Source: {_s(row.article_title) or _s(row.article_id)} [{_s(row.article_id)}]")

if result.pages > 1:
    st.number_input(
        "Page", min_value=1, max_value=result.pages, value=result.page, key=page_key, step=1
    )

csv = result.rows.to_csv(index=False).encode("utf-8")
st.download_button("Download this page as CSV", csv, file_name="quotes.csv", mime="text/csv")

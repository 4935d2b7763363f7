"""Quote explorer: search what was said, by whom, with the article it came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries as q
from dashboard.display import escape_markdown, highlight_markdown
from dashboard.filters import shared_query_params, url_selectbox
from dashboard.frame import page_frame
from dashboard.search import match_spans, quotes_csv
from etl.vocab import QUOTE_KINDS

EXPORT_LIMIT = 10_000  # rows in the CSV of the current result

frame = page_frame()
db, filters = frame.db, frame.filters
choices = frame.choices
names = dict(zip(choices.countries["iso3"], choices.countries["name"], strict=True))
all_names = q.country_names(db)

st.title("Quote explorer")
st.caption(
    "Direct and reported statements, ranked by relevance to the search (BM25 over the quote, "
    "the speaker and the article title). Several words: quotes with all of them, in any form "
    '("sanction" finds "sanctions"). "Quoted words": that exact phrase. Symbols such as % '
    "are matched as typed. The sidebar's months and region apply too."
)

text = st.text_input(
    "Search quotes", key="q", bind="query-params", placeholder='e.g. hegemonism, "two sides"'
)
c1, c2, c3, c4 = st.columns(4)
speaker = c1.selectbox(
    "Speaker",
    choices.speakers,
    index=None,
    placeholder="Any speaker",
    key="speaker",
    bind="query-params",
)
# Countries go to the URL as ISO3 codes (url_selectbox), not as their displayed names.
with c2:
    speaker_country = url_selectbox(
        "Speaker's country",
        sorted({*choices.countries["iso3"], "CHN"}),
        param="speaker_country",
        format_func=lambda iso3: all_names.get(iso3, iso3),
        placeholder="Any country",
    )
with c3:
    mentioned = url_selectbox(
        "Country mentioned",
        list(choices.countries["iso3"]),
        param="mentioned",
        format_func=lambda iso3: names.get(iso3, iso3),
        placeholder="Any country",
    )
kind = c4.selectbox(
    "Kind",
    list(QUOTE_KINDS),
    index=None,
    placeholder="any kind",
    key="kind",
    bind="query-params",
    help="direct: in quotation marks; reported: X said that ...; mixed: reported with a quoted "
    "fragment",
)
search = {
    "text": text,
    "speaker": speaker,
    "speaker_country": speaker_country,
    "mentioned": mentioned,
    "kind": kind,
}

# A new search starts on page 1: the pager's key depends on the search.
page_key = "quote_page_" + str(abs(hash((*search.values(), filters))))
page_no = int(st.session_state.get(page_key, 1))
result = q.search_quotes(db, filters, page=page_no, **search)
if result.total and page_no > result.pages:
    page_no = result.pages
    result = q.search_quotes(db, filters, page=page_no, **search)

if result.total == 0:
    st.info(f"No quotes match this search and these filters ({filters.describe()}).")
    st.stop()

order = "most relevant first" if result.query.ranks else "newest first"
st.markdown(f"**{result.total}** quote(s) · page {result.page} of {result.pages} · {order}")
st.caption(filters.describe())


def _s(value: object) -> str:
    """Plain text for a value that may be missing (None/NaN/NaT)."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return str(value)


for row in result.rows.itertuples(index=False):
    with st.container(border=True):
        when = pd.Timestamp(row.date).strftime("%d %b %Y") if _s(row.date) else "undated"
        country = all_names.get(_s(row.speaker_country), _s(row.speaker_country))
        meta = [_s(row.speaker_role), country, when, _s(row.kind)]
        # Data is shown as plain text (st.text), or escaped before it is marked (markdown).
        st.text((_s(row.speaker) or "Unnamed speaker") + " — " + " · ".join(m for m in meta if m))
        st.markdown(highlight_markdown(_s(row.text), match_spans(_s(row.text), result.query)))
        st.page_link(
            "pages/sources.py",
            label=f"Source: {escape_markdown(_s(row.article_title) or _s(row.article_id))}",
            icon=":material/description:",
            query_params={
                **shared_query_params(),
                "article": _s(row.article_id),
                "quote": _s(row.quote_id),
            },
        )

if result.pages > 1:
    st.number_input(
        "Page", min_value=1, max_value=result.pages, value=result.page, key=page_key, step=1
    )


def _csv() -> bytes:
    """The current result, best first, up to EXPORT_LIMIT rows (built when clicked)."""
    return quotes_csv(q.search_quotes(db, filters, page=1, page_size=EXPORT_LIMIT, **search).rows)


exported = min(result.total, EXPORT_LIMIT)
st.download_button(
    f"Download the {exported} quote(s) of this result as CSV"
    + (f" (the first {EXPORT_LIMIT} of {result.total})" if result.total > EXPORT_LIMIT else ""),
    _csv,
    file_name="quotes.csv",
    mime="text/csv",
    on_click="ignore",
)

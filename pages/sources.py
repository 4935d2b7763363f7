"""Sources: the documents and articles as ingested, what was extracted from each, ETL warnings."""

from __future__ import annotations

import streamlit as st

from dashboard import metrics
from dashboard import queries as q
from dashboard.db import data_dir
from dashboard.display import MARK_START, escape_markdown, highlight_paragraphs, provenance_table
from dashboard.filters import url_selectbox
from dashboard.frame import page_frame
from dashboard.upload import upload_section

frame = page_frame()
db, filters = frame.db, frame.filters

st.title("Sources")
st.caption(
    "Articles found in each input document and what was extracted from each. The month "
    "filter applies to the article's publication date; the region filter does not apply here."
)

documents = q.documents(db)
articles = q.articles(db, filters)

c1, c2, c3 = st.columns(3)
c1.metric(metrics.DOCUMENTS.label, len(documents))
c2.metric(metrics.ARTICLES.label, len(articles))
c3.metric("Undated articles", int(articles["published"].isna().sum()) if len(articles) else 0)

unused = documents[documents["status"] != "ok"]
if not unused.empty:
    st.warning(
        f"{len(unused)} input file(s) not used: empty, unreadable, not in their format, or a "
        "duplicate of another file. The reason is beside each."
    )
    st.dataframe(
        unused[["path", "status", "error", "format", "bytes"]],
        hide_index=True,
        column_config={"error": st.column_config.TextColumn("Reason", width="large")},
    )
with st.expander(f"Documents ({len(documents)})"):
    st.dataframe(documents, hide_index=True)

st.subheader("Add documents")
upload_section(data_dir())

st.subheader("Articles")
if articles.empty:
    st.info(f"No articles match these filters ({filters.describe()}).")
else:
    st.dataframe(
        articles,
        hide_index=True,
        column_config={
            "published": st.column_config.DateColumn("Published"),
            "date_source": st.column_config.TextColumn("Date from"),
            "title": st.column_config.TextColumn("Title", width="large"),
        },
    )

st.subheader("Article")
all_articles = q.articles(db, q.Filters())
titles = dict(zip(all_articles["article_id"], all_articles["title"], strict=True))
options = list(articles["article_id"])
linked = st.query_params.get("article")
if linked and linked not in options and linked in titles:
    options.append(linked)  # opened from a link: show it even outside the month filter
article_id = url_selectbox(
    "Article",
    options,
    param="article",
    format_func=lambda a: f"{titles.get(a) or '(untitled)'} [{a}]",
    placeholder="Choose an article to read it and see what was extracted",
)
if article_id:
    art = q.article(db, article_id)
    if art is None:
        st.warning(f"Article {article_id} is not in the current data snapshot.")
    else:
        st.text(art["title"] or "(untitled)")
        published = art["published"]
        st.caption(
            " · ".join(
                escape_markdown(x)
                for x in (
                    art["document"],
                    art["outlet"],
                    published.date()
                    if published is not None and str(published) != "NaT"
                    else "undated",
                    art["dateline"],
                    art["kind"],
                )
                if x
            )
        )
        # What the file says beats what the text suggests: show which one each value is.
        st.dataframe(
            provenance_table(art)[["field", "value", "from"]],
            hide_index=True,
            column_config={
                "field": st.column_config.TextColumn(""),
                "value": st.column_config.TextColumn("Value", width="large"),
                "from": st.column_config.TextColumn("Taken from"),
            },
        )
        tab_text, tab_eng, tab_par, tab_quo = st.tabs(
            ["Text", "Engagements", "Partnerships", "Quotes"]
        )
        quote_id = st.query_params.get("quote")
        marked = q.article_quote(db, article_id, quote_id) if quote_id else None
        with tab_text:
            if marked is None:
                if quote_id:  # a link from another snapshot, or another article chosen since
                    st.caption(f"Quote {escape_markdown(quote_id)} is not in this article.")
                    del st.query_params["quote"]
                st.text(art["text"])
            else:
                # Opened from the Quote explorer: the article with the quote marked in it.
                who = marked["speaker"] if isinstance(marked["speaker"], str) else None
                start, end = int(marked["span_start"]), int(marked["span_end"])
                paragraphs = highlight_paragraphs(art["text"], start, end)
                first = next((i for i, p in enumerate(paragraphs) if MARK_START in p), 0)
                st.caption(
                    f"Marked below, from paragraph {first + 1} of {len(paragraphs)}: the "
                    f"{escape_markdown(marked['kind'])} quote of "
                    f"{escape_markdown(who or 'an unnamed speaker')}."
                )
                for paragraph in paragraphs:
                    st.markdown(paragraph)
        with tab_eng:
            st.dataframe(q.article_engagements(db, article_id), hide_index=True)
        with tab_par:
            st.dataframe(q.article_partnerships(db, article_id), hide_index=True)
        with tab_quo:
            st.dataframe(q.article_quotes(db, article_id), hide_index=True)

st.subheader("Coverage")
st.dataframe(
    q.coverage(db),
    hide_index=True,
    column_config={"month": st.column_config.DateColumn("Month", format="MMM YYYY")},
)

st.subheader("ETL warnings")
warnings = q.etl_warnings(db)
if warnings.empty:
    st.caption("The build reported no warnings.")
else:
    st.dataframe(warnings, hide_index=True)

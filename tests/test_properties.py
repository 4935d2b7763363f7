"""Property tests: segmentation, every extractor and every reader take any text without
raising, and keep their promises: spans inside the text and equal to the evidence, valid
dates, unique ids.

Texts are drawn from arbitrary Unicode mixed with the phrases news about China's diplomacy is
made of (names, verbs of meeting, countries, dates, datelines, quotation marks, partnership
labels), so the extractors' rules fire, not only their early exits. Examples are derandomised
(a fixed seed: the same cases on every run, never flaky) and kept few, so this file runs in
seconds; raise MAX_EXAMPLES locally to search harder.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import dates as dates_mod
from etl import formats
from etl.engagements import extract_engagements
from etl.partnerships import extract_partnerships
from etl.pipeline import article_context, process_document
from etl.quotes import extract_quotes
from etl.records import Article, Document
from etl.segment import segment
from etl.vocab import (
    CN_LEVELS,
    DATE_PRECISIONS,
    ENGAGEMENT_TYPES,
    FRAMEWORKS,
    PARTNERSHIP_STATUSES,
    QUOTE_KINDS,
)

MAX_EXAMPLES = int(os.environ.get("ATLAS_PROPERTY_EXAMPLES", "40"))
PROPERTY = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("ATLAS_PROPERTY_RANDOM") is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "Chinese President Xi Jinping", "Wang Yi", "Premier Li Qiang", "Foreign Minister",
    "held talks with", "met with", "received", "had a phone call with", "visited",
    "sent a congratulatory message to", "Vietnamese", "Pakistan", "Russian President Vladimir Putin",
    "Brazil", "Laos", "the two sides", "China-Vietnam", "Kenyan Foreign Minister Musalia Mudavadi",
    "comprehensive strategic partnership", "all-weather strategic cooperative partnership",
    "community with a shared future", "agreed to elevate", "to a", "said", "noted that",
    "he said.", '"', "“", "”", "'", "’", "on Monday", "on Jan. 15", "Jan. 18, 2024",
    "2024-02-30", "February 29, 2023", "last year", "the next day", "in March",
    "BEIJING, Jan. 18 (Xinhua) --", "Continue reading", "originally published by Xinhua",
    "Posted on December 11, 2022", "| Home | News |", "ASEAN", "the United Nations", "(", ")",
    "—", "-", ".", ",", ";", "\n", "\n\n", "Taiwan", "Hong Kong", "in Beijing", "From November 17-24",
]  # fmt: skip


@st.composite
def news_like_text(draw, max_parts: int = 40) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(max_size=12),
                st.sampled_from([" ", " ", "\n", ". "]),
            ),
            max_size=max_parts,
        )
    )
    return " ".join(parts)


TEXTS = st.one_of(st.text(max_size=300), news_like_text())
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))


def _document(text: str, doc_id: str = "0123456789abcdef") -> Document:
    return Document(doc_id, "x.txt", "text", len(text), datetime(2025, 1, 1, tzinfo=UTC), "ok", None, text)  # fmt: skip


def _article(text: str, published: date | None) -> Article:
    return Article(
        article_id="0123456789abcdef-000", doc_id="0123456789abcdef", ordinal=0, kind="single",
        parent_article_id=None, title=None, published=published, date_basis=None, dateline=None,
        outlet=None, text=text, doc_start=0, doc_end=len(text), context_year=None,
    )  # fmt: skip


def _valid_date(value) -> None:
    if value is None:
        return
    assert isinstance(value.value, date)
    assert value.precision in DATE_PRECISIONS
    assert date(1900, 1, 1) <= value.value <= date(2100, 12, 31)


@PROPERTY
@given(TEXTS)
def test_segmentation_takes_any_text_and_its_articles_lie_in_the_document(text):
    articles, warnings = segment(_document(text))
    ids = [a.article_id for a in articles]
    assert len(ids) == len(set(ids))
    for article in articles:
        assert 0 <= article.doc_start <= article.doc_end <= len(text)
        # Every paragraph of the article is in the document, in order, inside its bounds.
        position = article.doc_start
        for paragraph in article.text.split("\n\n"):
            found = text.find(paragraph, position, article.doc_end)
            assert found >= 0, paragraph
            position = found + len(paragraph)
        assert article.published is None or date(1900, 1, 1) <= article.published <= date(
            2100, 12, 31
        )
    assert all(w.stage == "segment" for w in warnings)


@PROPERTY
@given(TEXTS, PUBLISHED)
def test_engagements_lead_back_to_their_sentence_with_valid_codes_and_dates(text, published):
    article = _article(text, published)
    for engagement in extract_engagements(article, article_context(article)):
        assert 0 <= engagement.span_start <= engagement.span_end <= len(text)
        assert text[engagement.span_start : engagement.span_end] == engagement.sentence
        assert engagement.type in ENGAGEMENT_TYPES
        assert engagement.cn_level is None or engagement.cn_level in CN_LEVELS
        assert engagement.country is not None or engagement.counterpart_org is not None
        _valid_date(engagement.date)


@PROPERTY
@given(TEXTS, PUBLISHED)
def test_partnerships_point_at_their_phrase_with_valid_codes_and_dates(text, published):
    article = _article(text, published)
    for partnership in extract_partnerships(article, article_context(article)):
        assert 0 <= partnership.span_start <= partnership.span_end <= len(text)
        assert text[partnership.span_start : partnership.span_end] == partnership.phrase
        assert partnership.phrase in partnership.sentence
        assert partnership.framework in FRAMEWORKS
        assert partnership.status in (*PARTNERSHIP_STATUSES, "proposed")
        _valid_date(partnership.date)


@PROPERTY
@given(TEXTS, PUBLISHED)
def test_quotes_are_exactly_the_text_their_span_points_at(text, published):
    article = _article(text, published)
    for quote in extract_quotes(article, article_context(article)):
        assert 0 <= quote.span_start <= quote.span_end <= len(text)
        assert text[quote.span_start : quote.span_end] == quote.text
        assert quote.kind in QUOTE_KINDS
        _valid_date(quote.date)


@PROPERTY
@given(TEXTS, PUBLISHED)
def test_dates_found_are_where_they_say_and_resolve_to_real_days(text, published):
    context = dates_mod.DateContext(
        published=published, publication_year=published.year if published else None
    )
    for mention in dates_mod.find_dates(text):
        assert text[mention.start : mention.end] == mention.text
        if mention.is_full:
            date(mention.year, mention.month, mention.day)  # a real day, or this raises
        _valid_date(dates_mod.resolve(mention, context))


@PROPERTY
@given(TEXTS)
def test_a_whole_document_gives_unique_ids_in_every_table(text):
    extraction = process_document(_document(text))
    assert extraction.document.status == "ok", extraction.document.error
    for rows, key in (
        (extraction.articles, "article_id"), (extraction.engagements, "engagement_id"),
        (extraction.partnerships, "partnership_id"), (extraction.quotes, "quote_id"),
    ):  # fmt: skip
        ids = [getattr(row, key) for row in rows]
        assert len(ids) == len(set(ids)) and all(ids)


@PROPERTY
@given(st.sampled_from(sorted(set(formats.FORMATS.values()))), st.binary(max_size=400))
def test_every_reader_takes_any_bytes_and_either_reads_them_or_says_why_not(fmt, raw):
    try:
        reading = formats.read(fmt, raw)
    except formats.Rejected as exc:
        assert exc.status in ("error", "empty") and exc.message
        return
    for entry in reading.entries:
        assert 0 <= entry.start <= entry.end <= len(reading.text)
    assert "\x00" not in reading.text


@PROPERTY
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "title": st.one_of(st.none(), TEXTS),
                "text": TEXTS,
                "date": st.one_of(st.none(), st.text(max_size=20)),
            }
        ),
        max_size=6,
    )
)
def test_each_record_of_an_export_is_at_most_one_article_inside_its_entry(records):
    import json

    try:
        reading = formats.read("json", json.dumps(records).encode())
    except formats.Rejected:
        return
    document = Document("0123456789abcdef", "r.json", "json", 1, datetime(2025, 1, 1, tzinfo=UTC),
                        "ok", None, reading.text, entries=reading.entries)  # fmt: skip
    articles, _ = segment(document)
    assert len(articles) <= len(reading.entries)
    assert len({a.article_id for a in articles}) == len(articles)
    for article in articles:
        assert any(
            e.start <= article.doc_start <= article.doc_end <= e.end for e in reading.entries
        )

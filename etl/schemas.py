"""Table schemas: the one definition of every Parquet table the ETL writes and the app reads.

docs/data.md documents the same columns; tests/test_schemas.py fails when the two disagree.
Offsets (`span_start`, `span_end`) are character offsets into `articles.text` of the row's
article, end exclusive, so every extracted figure leads back to its sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

DOCUMENTS = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),  # sha256 of the bytes, first 16 hex
        pa.field("path", pa.string(), nullable=False),  # relative to the input folder
        pa.field("format", pa.string(), nullable=False),  # text, markdown, html, feed, ...
        pa.field("bytes", pa.int64(), nullable=False),
        pa.field("ingested_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # ok | empty | error | duplicate
        pa.field("error", pa.string()),
        pa.field("n_articles", pa.int32(), nullable=False),
    ]
)

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),  # doc_id + "-" + ordinal
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("ordinal", pa.int32(), nullable=False),  # position in the document, from 0
        pa.field("kind", pa.string(), nullable=False),  # single | post | embedded | listing_item
        pa.field("parent_article_id", pa.string()),  # the post an embedded original sits in
        pa.field("title", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("date_basis", pa.string()),  # dateline | byline | inferred | None
        pa.field("dateline", pa.string()),  # "BEIJING, Jan. 18 (Xinhua)" as written
        pa.field("outlet", pa.string()),  # Xinhua, Chinese Foreign Ministry, ...
        pa.field("text", pa.string(), nullable=False),
        pa.field("doc_start", pa.int64(), nullable=False),  # offsets of text in the document
        pa.field("doc_end", pa.int64(), nullable=False),
        pa.field("url", pa.string()),  # the article's address, as its file gives it
        # Where title, published, outlet and url came from: the file's metadata (html_meta,
        # feed, column, pdf_meta) or the text (headline, post, dateline, byline, inferred, ...).
        pa.field("title_source", pa.string()),
        pa.field("date_source", pa.string()),
        pa.field("outlet_source", pa.string()),
        pa.field("url_source", pa.string()),
    ]
)

ENGAGEMENTS = pa.schema(
    [
        pa.field("engagement_id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("date", pa.date32()),
        pa.field("date_precision", pa.string()),  # day | month | year | None (undated)
        pa.field("date_basis", pa.string()),  # text | text+dateline_year | weekday | ...
        pa.field("country", pa.string()),  # ISO3 of the foreign counterpart, None for orgs
        pa.field("counterpart_org", pa.string()),  # UN, ASEAN, SCO, ... for organisations
        pa.field("type", pa.string(), nullable=False),  # see etl.vocab.ENGAGEMENT_TYPES
        pa.field("cn_actor", pa.string()),
        pa.field("cn_level", pa.string()),  # see etl.vocab.CN_LEVELS
        pa.field("foreign_actor", pa.string()),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("span_start", pa.int32(), nullable=False),
        pa.field("span_end", pa.int32(), nullable=False),
    ]
)

EVENTS = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("date", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("country", pa.string()),
        pa.field("counterpart_org", pa.string()),
        pa.field("type", pa.string(), nullable=False),
        pa.field("cn_actor", pa.string()),
        pa.field("cn_level", pa.string()),
        pa.field("foreign_actor", pa.string()),
        pa.field("n_sources", pa.int32(), nullable=False),  # distinct articles reporting it
        pa.field("n_mentions", pa.int32(), nullable=False),
    ]
)

PARTNERSHIPS = pa.schema(
    [
        pa.field("partnership_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("country", pa.string(), nullable=False),  # ISO3
        pa.field("phrase", pa.string(), nullable=False),  # as written in the text
        pa.field("framework", pa.string(), nullable=False),  # partnership | community
        pa.field(
            "tier", pa.string()
        ),  # canonical tier (etl.partnership_ladder), None for community
        pa.field("tier_rank", pa.int8()),  # 1 = closest; None for community
        pa.field("status", pa.string(), nullable=False),  # mentioned | established | upgraded
        pa.field("date", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("span_start", pa.int32(), nullable=False),
        pa.field("span_end", pa.int32(), nullable=False),
    ]
)

# Current official designations from reference research (etl/reference/
# partnership_designations.csv), kept apart from what the corpus says (`partnerships`).
PARTNERSHIP_REFERENCE = pa.schema(
    [
        pa.field("country", pa.string(), nullable=False),  # ISO3
        pa.field("designation", pa.string(), nullable=False),  # the label as the source words it
        pa.field("tier", pa.string(), nullable=False),  # canonical tier of the ladder
        pa.field("tier_rank", pa.int8(), nullable=False),  # 1 = closest ... 10; 0 = outside
        pa.field("year", pa.int16()),  # established or last upgraded; None when unknown
        pa.field("source", pa.string(), nullable=False),  # URL(s), " ; " separated, or a note
        pa.field("confidence", pa.string(), nullable=False),  # high | medium | low
    ]
)

QUOTES = pa.schema(
    [
        pa.field("quote_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("speaker", pa.string()),  # None when the text does not say who
        pa.field("speaker_country", pa.string()),  # ISO3; CHN for Chinese speakers
        pa.field("speaker_role", pa.string()),
        pa.field("kind", pa.string(), nullable=False),  # direct | reported | mixed
        pa.field("text", pa.string(), nullable=False),
        pa.field("date", pa.date32()),
        pa.field("date_precision", pa.string()),
        pa.field("countries_mentioned", pa.list_(pa.string())),
        pa.field("span_start", pa.int32(), nullable=False),
        pa.field("span_end", pa.int32(), nullable=False),
        pa.field("statement_id", pa.string(), nullable=False),  # repeats share it
        pa.field("statement_sources", pa.int32(), nullable=False),  # articles carrying it
        pa.field("event_id", pa.string()),  # the engagement's event it was spoken at
        pa.field("engagement_id", pa.string()),  # that engagement (link kept per document)
    ]
)

COUNTRIES = pa.schema(
    [
        pa.field("iso3", pa.string(), nullable=False),
        pa.field("iso2", pa.string()),
        pa.field("iso_numeric", pa.string()),  # zero-padded, joins the TopoJSON ids
        pa.field("name", pa.string(), nullable=False),
        pa.field("region", pa.string()),  # UN M49 region
        pa.field("subregion", pa.string()),  # UN M49 sub-region
        pa.field("intermediate_region", pa.string()),  # UN M49 intermediate region, if any
        pa.field("continent", pa.string()),
    ]
)

WARNINGS = pa.schema(
    [
        pa.field("doc_id", pa.string()),
        pa.field("article_id", pa.string()),
        pa.field("stage", pa.string(), nullable=False),  # ingest | segment | extract
        pa.field("message", pa.string(), nullable=False),
    ]
)


# Roll-ups of the engagements for the map and the timeline (etl/rollups.py): distinct counts
# per country and month. Derived from the tables above at every build.
EVENT_MONTHS = pa.schema(
    [
        pa.field("country", pa.string(), nullable=False),  # ISO3
        pa.field("month", pa.date32()),  # first day of the month; None for undated mentions
        pa.field("type", pa.string(), nullable=False),
        pa.field("levels", pa.list_(pa.string())),  # distinct cn_level of the mentions
        pa.field("event_id", pa.string()),  # None: a count of events within this month alone
        pa.field("events", pa.int64(), nullable=False),
        pa.field("mentions", pa.int64(), nullable=False),
        pa.field("last_date", pa.date32()),
    ]
)

SOURCE_MONTHS = pa.schema(
    [
        pa.field("country", pa.string(), nullable=False),  # ISO3
        pa.field("month", pa.date32()),  # as in event_months
        pa.field("source", pa.string(), nullable=False),  # article | document
        pa.field("source_id", pa.string()),  # None: a count of sources within this month alone
        pa.field("sources", pa.int64(), nullable=False),
    ]
)


TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "articles": ARTICLES,
    "engagements": ENGAGEMENTS,
    "events": EVENTS,
    "partnerships": PARTNERSHIPS,
    "partnership_reference": PARTNERSHIP_REFERENCE,
    "quotes": QUOTES,
    "countries": COUNTRIES,
    "warnings": WARNINGS,
    "event_months": EVENT_MONTHS,
    "source_months": SOURCE_MONTHS,
}


# Build caches: kept in each snapshot's build_cache/ folder for the next incremental build,
# never read by the app (docs/data.md, "build_cache").
QUOTE_SHINGLES = pa.schema(
    [
        pa.field("quote_id", pa.string(), nullable=False),
        pa.field("shingles", pa.list_(pa.int64())),  # etl.statements.shingles, sorted
    ]
)

FILE_HASHES = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),  # relative to the input folder
        pa.field("size", pa.int64(), nullable=False),
        pa.field("mtime_ns", pa.int64(), nullable=False),
        pa.field("ctime_ns", pa.int64(), nullable=False),
        pa.field("inode", pa.int64(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),  # the content's hash
    ]
)

BUILD_CACHE: dict[str, pa.Schema] = {
    "quote_shingles": QUOTE_SHINGLES,
    "file_hashes": FILE_HASHES,
}


@dataclass(frozen=True)
class IndexField:
    """One field of the quote search index (a tantivy index, built by etl/search_index.py)."""

    name: str
    kind: str  # words | stems | symbols | keyword | integer (see etl/search_index.py)
    stored: bool = False  # kept in the index's document store and returned with each hit


# One document per quote. docs/data.md documents every field; a test fails when they differ.
QUOTE_INDEX_FIELDS: tuple[IndexField, ...] = (
    IndexField("quote_id", "keyword", stored=True),
    IndexField("article_id", "keyword", stored=True),
    IndexField("text_words", "words", stored=True),
    IndexField("text_stems", "stems"),
    IndexField("speaker", "keyword", stored=True),
    IndexField("speaker_words", "words"),
    IndexField("speaker_stems", "stems"),
    IndexField("speaker_role", "keyword", stored=True),
    IndexField("speaker_country", "keyword", stored=True),
    IndexField("kind", "keyword", stored=True),
    IndexField("mentioned", "keyword", stored=True),
    IndexField("day", "integer", stored=True),
    IndexField("title_words", "words", stored=True),
    IndexField("title_stems", "stems"),
    IndexField("symbols", "symbols"),
)

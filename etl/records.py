"""The records that flow between the ETL stages: document → article → extracted rows.

Each stage is a pure function from one kind of record to the next; only `ingest` reads
files and only `store` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class FileMeta:
    """What a file itself says about an article, read from its markup or columns, not guessed
    from the text. `source` names where: html_meta | feed | column | pdf_meta."""

    source: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One article the file delimits itself (a feed item, a JSON record, a CSV row): its
    metadata and where its text lies in the document's text (end exclusive)."""

    meta: FileMeta
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    path: str
    format: str
    bytes: int
    ingested_at: datetime
    status: str  # ok | empty | error | duplicate
    error: str | None
    text: str
    # A page's own metadata (HTML, PDF): beats what segmentation reads from the text.
    meta: FileMeta | None = None
    # Articles the file delimits itself; when present, each entry is exactly one article.
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    article_id: str
    doc_id: str
    ordinal: int
    kind: str  # single | post | embedded | listing_item
    parent_article_id: str | None
    title: str | None
    published: date | None
    date_basis: str | None
    dateline: str | None
    outlet: str | None
    text: str
    doc_start: int
    doc_end: int
    # Year the surrounding document is about, for month-day dates with no year of their own,
    # and the latest fully written date in the document (read once, in segmentation).
    context_year: int | None = None
    document_latest: date | None = None
    # Where the article's page can be found, and where each value came from: html_meta, feed,
    # column, pdf_meta (the file's metadata), or headline / post, dateline, byline, origin_note,
    # inferred (read from the text). None when the value is None.
    url: str | None = None
    title_source: str | None = None
    date_source: str | None = None
    outlet_source: str | None = None
    url_source: str | None = None


@dataclass(frozen=True, slots=True)
class DateValue:
    value: date
    precision: str  # day | month | year
    basis: str  # text | dateline | weekday | inferred_year | byline


@dataclass(slots=True)
class Engagement:
    article_id: str
    type: str
    country: str | None
    counterpart_org: str | None
    cn_actor: str | None
    cn_level: str | None
    foreign_actor: str | None
    date: DateValue | None
    sentence: str
    span_start: int
    span_end: int
    engagement_id: str = ""
    event_id: str = ""


@dataclass(slots=True)
class Partnership:
    article_id: str
    country: str
    phrase: str
    framework: str  # partnership | community
    tier: str | None
    tier_rank: int | None
    status: str  # mentioned | established | upgraded
    date: DateValue | None
    sentence: str
    span_start: int
    span_end: int
    partnership_id: str = ""


@dataclass(slots=True)
class Quote:
    article_id: str
    speaker: str | None
    speaker_country: str | None
    speaker_role: str | None
    kind: str  # direct | reported
    text: str
    date: DateValue | None
    countries_mentioned: list[str]
    span_start: int
    span_end: int
    quote_id: str = ""
    statement_id: str = ""  # shared by the repeats of one statement (etl.statements)
    statement_sources: int = 1  # articles that carry the statement
    event_id: str | None = None  # the event the quote was spoken at, if any
    engagement_id: str | None = None  # that event's engagement in the quote's own document


@dataclass(frozen=True, slots=True)
class Warning:
    doc_id: str | None
    article_id: str | None
    stage: str
    message: str


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document: the unit of work a worker returns."""

    document: Document
    articles: list[Article] = field(default_factory=list)
    engagements: list[Engagement] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

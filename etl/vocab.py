"""Controlled vocabularies shared by the ETL, the app and the docs."""

from __future__ import annotations

# Engagement types, in the order the app lists them.
ENGAGEMENT_TYPES: dict[str, str] = {
    "state_visit": "State visit",
    "visit_out": "Visit abroad by a Chinese official",
    "visit_in": "Visit to China by a foreign official",
    "talks": "Talks",
    "meeting": "Meeting",
    "call": "Phone or video call",
    "message": "Exchange of messages or congratulations",
    "delegation": "Delegation (incl. party-to-party)",
    "multilateral": "Multilateral meeting",
}

# Level of the Chinese actor, highest first.
CN_LEVELS: dict[str, str] = {
    "head_of_state": "Head of state",
    "head_of_government": "Head of government",
    "top_legislator_vp": "Top legislator / vice president",
    "foreign_minister": "Foreign minister",
    "party_international": "Party international department",
    "special_envoy": "Special envoy",
    "other_official": "Other official",
}

# Weight of an engagement by the level of its Chinese actor, for the weighted map.
LEVEL_WEIGHTS: dict[str, float] = {
    "head_of_state": 5.0,
    "head_of_government": 4.0,
    "top_legislator_vp": 3.0,
    "foreign_minister": 3.0,
    "party_international": 2.0,
    "special_envoy": 2.0,
    "other_official": 1.0,
}

DATE_PRECISIONS = ("day", "month", "year")
QUOTE_KINDS = ("direct", "reported", "mixed")
PARTNERSHIP_STATUSES = ("mentioned", "established", "upgraded")
FRAMEWORKS = ("partnership", "community")
DOCUMENT_STATUSES = ("ok", "empty", "error", "duplicate")
DOCUMENT_FORMATS = ("text", "markdown", "html", "feed", "json", "jsonl", "csv", "tsv", "pdf")
# Where an article's title, date, outlet and URL came from: the file's own metadata first,
# then what the text says.
METADATA_SOURCES = ("html_meta", "feed", "column", "pdf_meta")
TEXT_SOURCES = ("headline", "post", "dateline", "byline", "origin_note", "inferred")
VALUE_SOURCES = METADATA_SOURCES + TEXT_SOURCES
VALUE_SOURCE_LABELS: dict[str, str] = {
    "html_meta": "the page's metadata",
    "feed": "the feed item",
    "column": "a column of the file",
    "pdf_meta": "the PDF's metadata",
    "headline": "a headline in the text",
    "post": "the post it is reprinted in",
    "dateline": "the dateline",
    "byline": "a byline or date line",
    "origin_note": "an 'originally published by' note",
    "inferred": "the dateline, its year inferred from the document",
}
ARTICLE_KINDS = ("single", "post", "embedded", "listing_item")

# Accepted values of each coded column (null is always accepted): the constraints the tests
# check on every build, declared beside the vocabularies they come from.
ACCEPTED_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("documents", "status"): DOCUMENT_STATUSES,
    ("documents", "format"): DOCUMENT_FORMATS,
    ("articles", "title_source"): VALUE_SOURCES,
    ("articles", "date_source"): VALUE_SOURCES,
    ("articles", "outlet_source"): VALUE_SOURCES,
    ("articles", "url_source"): METADATA_SOURCES,
    ("articles", "kind"): ARTICLE_KINDS,
    ("engagements", "type"): tuple(ENGAGEMENT_TYPES),
    ("engagements", "cn_level"): tuple(CN_LEVELS),
    ("engagements", "date_precision"): DATE_PRECISIONS,
    ("events", "type"): tuple(ENGAGEMENT_TYPES),
    ("events", "cn_level"): tuple(CN_LEVELS),
    ("partnerships", "status"): PARTNERSHIP_STATUSES,
    ("partnerships", "framework"): FRAMEWORKS,
    ("quotes", "kind"): QUOTE_KINDS,
}

"""Format readers: a file's bytes → a Reading (text, notes, the file's own metadata, entries).

One reader per kind of file users hand over: plain text and Markdown, saved web pages, RSS and
Atom feeds, JSON / JSON Lines / CSV exports, PDF. The suffix names the format; the bytes can
overrule it when they clearly say otherwise (a PDF or a web page saved as .txt). A reader
raises `Rejected` with a status and a reason for a file it cannot use; ingest turns that into
the file's documents row. Heavy libraries are imported only when a file needs them.
"""

from __future__ import annotations

import re

from etl.formats.base import (
    CONFIG_NAME,
    DEFAULT_COLUMNS,
    ReaderOptions,
    Reading,
    Rejected,
    options_for,
    parse_column_option,
)
from etl.formats.text import clean_prose, decode
from etl.formats.wrap import unwrap

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_COLUMNS",
    "FORMATS",
    "ReaderOptions",
    "Reading",
    "Rejected",
    "options_for",
    "parse_column_option",
    "read",
]

# File suffix → format. Files with other suffixes are not documents and are not listed.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".pdf": "pdf",
}

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)


def sniff(fmt: str, raw: bytes) -> tuple[str, str | None]:
    """The format the bytes show when it differs from the suffix's, with a note saying so."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf")
    if fmt != "pdf" and head.startswith(b"%PDF-"):
        return "pdf", "the file is a PDF; read as PDF"
    if fmt in ("text", "markdown") and _HTML_START.match(head):
        return "html", "the file is a web page; read as HTML"
    if fmt in ("text", "markdown", "html") and _FEED_START.match(head):
        return "feed", "the file is an RSS/Atom feed; read as a feed"
    return fmt, None


def read(fmt: str, raw: bytes, options: ReaderOptions | None = None) -> Reading:
    """Read a file's bytes as `fmt` (or what the bytes show). Raises Rejected."""
    options = options or ReaderOptions()
    fmt, note = sniff(fmt, raw)
    reading = _read(fmt, raw, options)
    if note:
        return Reading(
            reading.text, reading.format, (note, *reading.notes), reading.meta, reading.entries
        )
    return reading


def _read(fmt: str, raw: bytes, options: ReaderOptions) -> Reading:
    if fmt == "html":
        from etl.formats.html import read_html

        return read_html(raw)
    if fmt == "feed":
        from etl.formats.feed import read_feed

        return read_feed(raw)
    if fmt in ("json", "jsonl", "csv", "tsv"):
        from etl.formats import tabular

        if fmt == "json":
            return tabular.read_json(raw, options)
        if fmt == "jsonl":
            return tabular.read_json_lines(raw, options)
        return tabular.read_csv(raw, options, tab=fmt == "tsv")
    if fmt == "pdf":
        from etl.formats.pdf import read_pdf

        return read_pdf(raw)
    text, notes = decode(raw)
    prose = clean_prose(text, notes)
    unwrapped = unwrap(prose)
    if unwrapped != prose:
        notes.append("lines of a fixed width joined into paragraphs")
    return Reading(text=unwrapped, format=fmt, notes=tuple(notes))

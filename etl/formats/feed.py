"""RSS and Atom feed files: each item is one article with its own title, date, link and source.

feedparser reads every RSS and Atom version and sanitises item HTML. A feed is parsed from its
bytes, never from a string (which feedparser would take for a URL to fetch). The item's date
is read as written ("Mon, 15 Jan 2024 01:00 +0800" is the 15th), not feedparser's UTC tuple.
"""

from __future__ import annotations

import time
from datetime import date

from etl.formats.base import Reading, Rejected
from etl.formats.meta import (
    DateProblem,
    clean_url,
    compose_entries,
    html_fragment_text,
    metadata_date,
    one_line,
)
from etl.records import FileMeta


def read_feed(raw: bytes) -> Reading:
    import feedparser

    parsed = feedparser.parse(raw)
    notes: list[str] = []
    if not parsed.entries:
        if parsed.get("bozo") or not parsed.get("version"):
            reason = parsed.get("bozo_exception")
            raise Rejected("error", "not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
        raise Rejected("empty", "the feed has no items")
    if parsed.get("bozo"):
        notes.append(f"feed is not well-formed ({parsed.get('bozo_exception')}); items read")
    channel = one_line(parsed.feed.get("title"), 120)
    records = []
    undated = bad_dates = 0
    for entry in parsed.entries:
        published, problem = _entry_date(entry)
        undated += published is None and problem is None
        bad_dates += problem is not None
        source = entry.get("source") or {}
        records.append(
            (
                FileMeta(
                    source="feed",
                    title=one_line(_plain(entry.get("title_detail"), entry.get("title"))),
                    published=published,
                    url=clean_url(entry.get("link")),
                    outlet=one_line(source.get("title"), 120) or channel,
                ),
                _body(entry),
            )
        )
    if bad_dates:
        notes.append(f"{bad_dates} item date(s) not understood; those items are undated")
    text, entries = compose_entries(records, notes)
    if not entries:
        raise Rejected("empty", "the feed's items have no title or text")
    return Reading(text=text, format="feed", notes=tuple(notes), entries=entries)


def _entry_date(entry) -> tuple[date | None, str | None]:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            try:
                return metadata_date(entry[key]), None
            except DateProblem as exc:
                parsed = entry.get(f"{key}_parsed")
                if isinstance(parsed, time.struct_time):
                    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), None
                return None, str(exc)
    return None, None


def _body(entry) -> str:
    """The fullest text an item has: its content (Atom, content:encoded), else its summary."""
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    best = max(contents, key=lambda c: len(c["value"]), default=None)
    if best is None and entry.get("summary"):
        best = entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"}
    return _plain(best, None) or ""


def _plain(detail, fallback: str | None) -> str | None:
    """Text of a feedparser text construct: HTML turned into lines, plain text as it is."""
    if not detail:
        return fallback
    value = detail.get("value") or ""
    if "html" in (detail.get("type") or ""):
        return html_fragment_text(value)
    return value

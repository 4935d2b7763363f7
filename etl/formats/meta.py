"""Metadata values as files write them → clean values: dates, titles, URLs, HTML fragments.

A date a file states is taken as written: "2024-01-15T01:00:00+08:00" was published on
January 15 where it was published, so no conversion to UTC moves it to the 14th. A value that
is not clearly a date ("03/04/2024": March 4 or April 3?) is left out and noted, never guessed.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

from etl.formats.text import clean_prose
from etl.records import Entry, FileMeta

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b")
_EPOCH = re.compile(r"^\s*\d{9,13}(?:\.\d+)?\s*$")
_URL = re.compile(r"^(?:https?|ftp)://[^\s<>\"]+$", re.I)
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "pre", "dd", "dt", "hr",
)  # fmt: skip
_HTML_FRAGMENT = re.compile(
    r"<(?:p|br|div|span|a|strong|em|b|i|ul|ol|li|h[1-6]|table|blockquote|img)\b[^<>]*/?>", re.I
)


_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DateProblem(ValueError):
    """A value given as a date that is not one (or not clearly one)."""


def metadata_date(value: object) -> date | None:
    """The calendar date a metadata value states, None when it is empty.

    Raises DateProblem when a value is given but is no clear, plausible date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return _plausible(value.date(), value)
    if isinstance(value, date):
        return _plausible(value, value)
    if isinstance(value, bool):
        raise DateProblem(f"{value!r} is not a date")
    if isinstance(value, int | float):
        value = str(value)
    text = str(value).strip()
    if match := _ISO.match(text):
        return _plausible(_ymd(*match.groups(), text), text)
    if match := _COMPACT.match(text):
        return _plausible(_ymd(*match.groups(), text), text)
    if _EPOCH.match(text):
        seconds = float(text)
        seconds = seconds / 1000 if seconds > 1e11 else seconds  # milliseconds
        return _plausible(datetime.fromtimestamp(seconds, UTC).date(), text)
    if match := _NUMERIC.match(text):
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _plausible(_ymd(year, second, first, text), text)
        if second > 12 >= first:
            return _plausible(_ymd(year, first, second, text), text)
        if first != second:
            raise DateProblem(f"{text!r} is ambiguous (day/month or month/day?)")
        return _plausible(_ymd(year, first, first, text), text)
    try:
        parsed = email.utils.parsedate_to_datetime(text)  # RSS: "Mon, 15 Jan 2024 10:00 GMT"
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _plausible(parsed.date(), text)
    from etl import dates  # "January 15, 2024", "15 Jan 2024"

    full = [m for m in dates.find_dates(text) if m.is_full]
    if full:
        m = full[0]
        return _plausible(_ymd(m.year, m.month, m.day, text), text)
    raise DateProblem(f"{text[:40]!r} is not a date")


def _ymd(year: object, month: object, day: object, text: str) -> date:
    try:
        return date(int(year), int(month), int(day))  # type: ignore[call-overload]
    except (TypeError, ValueError) as exc:
        raise DateProblem(f"{text[:40]!r} is not a valid date") from exc


def _plausible(value: date, text: object) -> date:
    if not EARLIEST <= value <= LATEST:
        raise DateProblem(f"{str(text)[:40]!r} is outside {EARLIEST.year}-{LATEST.year}")
    return value


def one_line(value: object, limit: int = 500) -> str | None:
    """A title or name as one line of text (whitespace collapsed), None when empty."""
    if value is None:
        return None
    text = re.sub(r"\s+", " ", clean_prose(str(value))).strip()
    return text[:limit] or None


def clean_url(value: object) -> str | None:
    """An absolute http(s)/ftp URL as given, or None: a URL is shown, never followed."""
    text = (str(value).strip() if value is not None else "")[:2000]
    return text if _URL.match(text) else None


def looks_like_html(text: str) -> bool:
    return bool(_HTML_FRAGMENT.search(text))


def html_fragment_text(fragment: str, *, whole_page: bool = False) -> str:
    """The text of HTML (a feed item's content, or a whole page): one line per block, scripts
    and styles dropped, entities decoded."""
    import lxml.html
    from lxml import etree

    # lxml refuses text that declares its byte encoding (XHTML's <?xml ... ?>): already decoded.
    fragment = _CONTROL.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", fragment))
    try:
        if whole_page:
            root = lxml.html.document_fromstring(fragment)
        else:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):  # no markup in it, or characters XML forbids
        return "" if whole_page else _CONTROL.sub("", fragment)
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    # Line breaks in the markup are spaces; only block elements break lines.
    for element in root.iter():
        if isinstance(element.tag, str):
            element.text = _SPACES.sub(" ", element.text) if element.text else element.text
        element.tail = _SPACES.sub(" ", element.tail) if element.tail else element.tail
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag in ("br", "hr"):
            continue
        element.text = "\n" + (element.text or "")
    text = root.text_content()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def compose_entries(
    records: Iterable[tuple[FileMeta, str]], notes: list[str]
) -> tuple[str, tuple[Entry, ...]]:
    """One document text from records (title line, blank line, body), and each record's
    place in it. Records with neither title nor text are left out and counted in a note."""
    blocks: list[str] = []
    entries: list[Entry] = []
    position, empty = 0, 0
    for meta, body in records:
        block = "\n\n".join(part for part in (meta.title, clean_prose(body, notes).strip()) if part)
        if not block.strip():
            empty += 1
            continue
        if blocks:
            position += 3  # the "\n\n\n" between records
        entries.append(Entry(meta, position, position + len(block)))
        blocks.append(block)
        position += len(block)
    if empty:
        notes.append(f"{empty} record(s) with neither title nor text left out")
    return "\n\n\n".join(blocks), tuple(entries)

"""Saved web pages: the main text (trafilatura), and the page's own title, date, URL and site.

trafilatura drops navigation, scripts, styles and comment sections and keeps paragraphs one
per line, which is what segmentation reads. Its date comes from the page's metadata and URL
only (`extensive_search` off): a date found in the running text is segmentation's business,
labelled as a guess. When trafilatura finds no main text, the visible text of the whole body
(scripts and styles removed) is used, and segmentation sorts out the debris.
"""

from __future__ import annotations

import logging
import re

from etl.formats.base import Reading, Rejected
from etl.formats.meta import (
    DateProblem,
    clean_url,
    html_fragment_text,
    metadata_date,
    one_line,
)
from etl.formats.text import clean_prose, decode
from etl.records import FileMeta
from etl.text import fold

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
# Characters no HTML or XML parser accepts (lxml refuses the whole page for one of them).
_NOT_IN_MARKUP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The library logs what it could not extract; the documents row says it once, plainly.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def read_html(raw: bytes) -> Reading:
    declared = _CHARSET.search(raw[:4096])
    markup, notes = decode(raw, declared.group(1).decode("ascii") if declared else None)
    markup = _NOT_IN_MARKUP.sub("", markup)
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # a page the library cannot parse: still try its visible text
        notes.append(f"main-text extraction failed ({type(exc).__name__}); page text used")
        found = None
    title = one_line(getattr(found, "title", None))
    body = getattr(found, "text", None) or ""
    if not body.strip():
        body = _visible_text(markup)
        if body.strip():
            notes.append("no main text found; the page's visible text used")
    if not body.strip():
        raise Rejected("empty", "the page has no text (scripts, styles and markup only)")
    published = None
    if raw_date := getattr(found, "date", None):
        try:
            published = metadata_date(raw_date)
        except DateProblem as exc:
            notes.append(f"page date {exc}")
    saved_from = _SAVED_FROM.search(markup[:2000])
    url = clean_url(getattr(found, "url", None)) or (
        clean_url(saved_from.group(1)) if saved_from else None
    )
    meta = FileMeta(
        source="html_meta",
        title=title,
        published=published,
        url=url,
        outlet=one_line(getattr(found, "sitename", None), 120),
    )
    text = clean_prose(body, notes).strip()
    # The headline on a line of its own, as segmentation expects a page to start.
    if title and not fold(text[: len(title) + 20]).startswith(fold(title)):
        text = f"{title}\n\n{text}"
    return Reading(text=text, format="html", notes=tuple(notes), meta=meta)


def _visible_text(markup: str) -> str:
    return html_fragment_text(markup, whole_page=True)

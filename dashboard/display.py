"""Showing text from the data safely.

Text extracted from articles (titles, quotes, sentences, file names) is data, not markup.
Prefer st.text / st.dataframe, which never interpret it. Where a markdown-rendering element
is needed (captions, page-link labels), pass the text through :func:`escape_markdown`. To mark
parts of a text (search matches, a quote in its article), escape first, then mark:
:func:`highlight_markdown`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from etl.vocab import VALUE_SOURCE_LABELS

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:=^])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every markdown-significant character so the text shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


MARK = ":orange-background[**{}**]"  # Streamlit markdown: bold on an orange background
MARK_START = MARK.split("{", 1)[0]


def highlight_markdown(text: str | None, spans: list[tuple[int, int]]) -> str:
    """Markdown showing `text` literally with the spans (sorted, disjoint) marked."""
    if not text:
        return ""
    out, last = [], 0
    for start, end in spans:
        out.append(escape_markdown(text[last:start]))
        if end > start:
            out.append(MARK.format(escape_markdown(text[start:end])))
        last = end
    out.append(escape_markdown(text[last:]))
    return "".join(out)


def highlight_paragraphs(text: str | None, start: int, end: int) -> list[str]:
    """One markdown string per non-empty line of `text`, with text[start:end] marked.

    A quote spanning paragraphs is marked in each of them.
    """
    out = []
    offset = 0
    for line in (text or "").split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        lo, hi = max(start, line_start), min(end, line_end)
        spans = [(lo - line_start, hi - line_start)] if lo < hi else []
        out.append(highlight_markdown(line, spans))
    return out


def provenance_table(article: dict[str, Any]) -> pd.DataFrame:
    """An article's title, date, outlet and URL, each with where it came from (as text)."""
    rows = []
    for label, value, source in (
        ("Title", article.get("title"), article.get("title_source")),
        ("Published", article.get("published"), article.get("date_source")),
        ("Outlet", article.get("outlet"), article.get("outlet_source")),
        ("URL", article.get("url"), article.get("url_source")),
    ):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            value, came_from = "—", "not given by the file or the text"
        else:
            if label == "Published":
                value = pd.Timestamp(value).date().isoformat()
            came_from = VALUE_SOURCE_LABELS.get(source, source or "unknown")
        rows.append({"field": label, "value": str(value), "from": came_from, "source": source})
    return pd.DataFrame(rows)

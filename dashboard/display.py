"""Showing text from the data safely.

Text extracted from articles (titles, quotes, sentences, file names) is data, not markup.
Prefer st.text / st.dataframe, which never interpret it. Where a markdown-rendering element
is needed (captions, page-link labels), pass the text through :func:`escape_markdown`.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:=^])")


def escape_markdown(text: object) -> str:
    """Backslash-escape every markdown-significant character so the text shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))

"""Text broken into lines of a page's width: PDFs, and plain text saved from them or from
e-mail, with a line break every 70 characters and words hyphenated at line ends.

Segmentation reads one paragraph per line, so the lines of a paragraph are joined again
before anything else reads the text.
"""

from __future__ import annotations

import re

_ENDS_SENTENCE = re.compile(r"[.!?:;。！？…][\"'”’)\]]*$")
# "in Beijing.12 The two sides": a footnote number stuck to a full stop.
_FOOTNOTE = re.compile(r"(?<=[a-z]\.)\d{1,3}(?=\s+[A-Z])")


def looks_hard_wrapped(text: str) -> bool:
    """Most lines of prose end near one width and mid-sentence: the file kept a page's (or a
    mail client's) line breaks. Paragraphs written as one line each never look like this."""
    lines = [line.strip() for line in text.split("\n") if len(line.strip()) >= 20]
    if len(lines) < 8:
        return False
    widths = sorted(len(line) for line in lines)
    full = widths[int(len(widths) * 0.9)]
    if full > 110:
        return False
    near_margin = [line for line in lines if len(line) >= 0.7 * full]
    mid_sentence = [line for line in near_margin if not _ENDS_SENTENCE.search(line)]
    return len(near_margin) >= 0.5 * len(lines) and len(mid_sentence) >= 0.5 * len(near_margin)


def unwrap(text: str) -> str:
    """Hard-wrapped text as one line per paragraph; other text as it is."""
    if not looks_hard_wrapped(text):
        return text
    return _FOOTNOTE.sub("", reflow(text))


def reflow(page: str) -> str:
    """Join the lines of a paragraph that the page's width broke; keep headings apart."""
    lines = [line.strip() for line in page.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.9)]  # a line that runs to the margin
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        previous = out[-1] if out else ""
        runs_on = (
            previous
            and not _ENDS_SENTENCE.search(previous)
            and (len(previous) >= 0.7 * full or line[0].islower())
        )
        if runs_on:
            if previous.endswith("-") and line[0].islower() and previous[-2:-1].isalpha():
                out[-1] = previous[:-1] + line  # "coop-" + "eration"
            else:
                out[-1] = previous + " " + line
        else:
            out.append(line)
    return "\n".join(out).strip()

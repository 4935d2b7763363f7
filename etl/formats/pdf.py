"""PDF files: the text layer of every page (pypdf), re-flowed into paragraphs.

A PDF breaks prose into lines of the page's width; segmentation reads one paragraph per line,
so lines that run on (no sentence end, next line not a new heading) are joined again, and a
word hyphenated at a line end is mended. A PDF without a text layer (a scan) is reported as
empty: there is no OCR here. The document's Title is used when it is a real title (not
"Microsoft Word - draft.docx"); its creation date is when the file was made, not when the
text was published, so it is not taken as a publication date.
"""

from __future__ import annotations

import io
import logging
import re

from etl.formats.base import Reading, Rejected
from etl.formats.meta import one_line
from etl.formats.text import clean_prose
from etl.formats.wrap import reflow
from etl.records import FileMeta

_FILE_TITLE = re.compile(
    r"(?:\.(?:docx?|pdf|odt|rtf|indd|pages|txt|html?)$|^(?:untitled|microsoft word\b|document\d*$))",
    re.I,
)


def read_pdf(raw: bytes) -> Reading:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are noise
    notes: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Rejected("error", "the PDF is encrypted with a password")
        pages = []
        unreadable = 0
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except Exception:  # one broken page: keep the others
                unreadable += 1
        info = reader.metadata
        title = one_line(info.title if info else None)
    except Rejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Rejected("error", f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if unreadable:
        notes.append(f"{unreadable} page(s) could not be read")
    text = "\n\n".join(reflow(clean_prose(p, notes)) for p in pages if p.strip()).strip()
    if not text:
        raise Rejected(
            "empty", f"the PDF has no text layer ({len(pages)} page(s); scanned images?)"
        )
    meta = None
    if title and not _FILE_TITLE.search(title):
        meta = FileMeta(source="pdf_meta", title=title)
        if not text.startswith(title):
            text = f"{title}\n\n{text}"
    return Reading(text=text, format="pdf", notes=tuple(notes), meta=meta)

"""Bytes → text: encodings, binary files, and text no reader should choke on.

Files come in UTF-8 (with or without a byte order mark), UTF-16 (with or without one),
Windows-1252, and sometimes a mix (a UTF-8 file with a pasted Windows-1252 paragraph). Each
line is decoded on its own when the whole file is not valid UTF-8, so one bad paragraph does
not turn every accented letter of the others into mojibake. How a file was decoded is noted,
and shown on the file's documents row.
"""

from __future__ import annotations

import re

from etl.formats.base import Rejected

SNIFF_BYTES = 8192
# A line longer than this is not a paragraph a person wrote: a file saved without line breaks,
# or a machine dump. It is split at sentence ends so segmentation and extraction see prose.
MAX_LINE = 10_000

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .epub?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
)
# C0 control characters other than tab, line feed, form feed, carriage return and escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufeff\ufffe\uffff]")
# After a sentence's end (and its closing quote or bracket, kept with it); CJK text has no space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)\]])\s+|(?<=[。！？])")


def binary_kind(raw: bytes) -> str | None:
    """What a file is when it is not text ("a PNG image"), or None when it may be text."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if utf16_without_bom(raw):
        return None
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes)"
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if head and controls / len(head) > 0.05:
        return "a binary file (control characters)"
    return None


def utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text saved without a byte order mark."""
    head = raw[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(head) < 4 or len(raw) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    # Mostly-Latin UTF-16 has a NUL as the high byte of nearly every character.
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        encoding = "utf-16-le"
    elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        encoding = "utf-16-be"
    else:
        return None
    # ... and the characters are text, not control codes (binary data can have the pattern).
    sample = head.decode(encoding, errors="replace")
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    return encoding if controls <= 0.05 * len(sample) else None


def decode(raw: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """The text of the bytes and notes on how it was decoded; Rejected when it is not text.

    `declared` is an encoding the file names itself (an HTML page's meta charset): used when
    it decodes the bytes cleanly.
    """
    notes: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(raw.decode("utf-16")), notes
        except UnicodeDecodeError as exc:
            raise Rejected("error", f"invalid UTF-16 text ({exc.reason})") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif (utf16 := utf16_without_bom(raw)) is not None:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError as exc:
            raise Rejected("error", f"invalid UTF-16 text ({exc.reason})") from exc
        return _check_text(text), [f"UTF-16 without a byte order mark; read as {utf16.upper()}"]
    kind = binary_kind(raw)
    if kind is not None:
        raise Rejected("error", f"not text: {kind}")
    if declared and declared.replace("_", "-").lower() not in ("utf-8", "utf8"):
        try:
            return _check_text(raw.decode(declared)), notes
        except (LookupError, UnicodeDecodeError):
            notes.append(f"declared encoding {declared!r} does not fit the bytes; ignored")
    try:
        return _check_text(raw.decode("utf-8")), notes
    except UnicodeDecodeError:
        pass
    return _check_text(_decode_by_line(raw, notes)), notes


def _decode_by_line(raw: bytes, notes: list[str]) -> str:
    lines = raw.split(b"\n")
    utf8_lines = legacy_lines = 0
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined; they become U+FFFD.
            out.append(line.decode("cp1252", errors="replace"))
            legacy_lines += 1
    if utf8_lines:
        notes.append(
            f"mixed encodings: {legacy_lines} line(s) decoded as Windows-1252, the rest as UTF-8"
        )
    else:
        notes.append("not valid UTF-8; decoded as Windows-1252")
    text = "\n".join(out)
    if "\ufffd" in text:
        notes.append(f"{text.count(chr(0xFFFD))} undecodable byte(s) replaced")
    return text


def _check_text(text: str) -> str:
    if "\x00" in text[:SNIFF_BYTES]:
        raise Rejected("error", "not text: a binary file (it contains NUL characters)")
    return text


_CITATION_MARK = re.compile(r"(?<=\S)\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed)\]")


def clean_prose(text: str, notes: list[str] | None = None) -> str:
    """Unix line ends, no control characters or stray byte order marks, no line too long to be
    a paragraph (split at sentence ends; noted). Offsets into the result are what readers see.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    # "in New Delhi.[12] He held talks": a wiki's citation marks are not part of the prose and
    # hide where sentences end.
    text = _CITATION_MARK.sub("", text)
    if len(text) <= MAX_LINE or max(map(len, text.split("\n"))) <= MAX_LINE:
        return text
    out, split = [], 0
    for line in text.split("\n"):
        if len(line) <= MAX_LINE:
            out.append(line)
            continue
        split += 1
        out.extend(_split_line(line))
    if notes is not None:
        notes.append(
            f"{split} line(s) longer than {MAX_LINE:,} characters split into paragraphs "
            "at sentence ends"
        )
    return "\n".join(out)


def _split_line(line: str) -> list[str]:
    pieces = []
    for sentence in _SENTENCE_END.split(line):
        # A run with no sentence end at all (a machine dump) is cut at spaces, else hard.
        while len(sentence) > MAX_LINE:
            cut = sentence.rfind(" ", 0, MAX_LINE)
            cut = cut if cut > MAX_LINE // 2 else MAX_LINE
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        pieces.append(sentence)
    return [p for p in pieces if p.strip()]

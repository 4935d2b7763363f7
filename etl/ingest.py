"""Ingest: the edge where files are read. A folder → Document records, bad files included.

A file that cannot be used still becomes a Document, with status and a message naming the
problem, so the build goes on and the Sources page can say what was skipped and why.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from etl.records import Document

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
MAX_BYTES = 50 * 1024 * 1024  # one document; larger files are rejected, not truncated


def discover(input_dir: Path) -> list[Path]:
    """Document files under input_dir, sorted for a deterministic build; hidden files skipped."""
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    found: list[str] = []
    # Plain strings while walking: 100,000 files take a fraction of a second.
    for root, dirs, files in os.walk(str(input_dir)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            os.path.join(root, name)
            for name in files
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in FORMATS
        ]
    # Ordered as Paths order (component by component: "a/b.txt" before "a-c.txt").
    return [Path(name) for name in sorted(found, key=lambda name: name.split(os.sep))]


DOC_ID_LENGTH = 16  # hex digits of a document id


def content_id(raw: bytes) -> str:
    """A document's id: the first 16 hex digits of the SHA-256 of its bytes."""
    return hashlib.sha256(raw).hexdigest()[:DOC_ID_LENGTH]


def read_document(path: Path, input_dir: Path) -> Document:
    relative = str(Path(path).relative_to(input_dir))
    fmt = FORMATS.get(Path(path).suffix.lower(), "text")
    now = datetime.now(UTC)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return _failed(relative, fmt, now, f"cannot read file: {exc.strerror or exc}")
    doc_id = content_id(raw)
    if len(raw) > MAX_BYTES:
        return Document(doc_id, relative, fmt, len(raw), now, "error",
                        f"file is larger than {MAX_BYTES // 2**20} MiB", "")  # fmt: skip
    if not raw.strip():
        return Document(doc_id, relative, fmt, len(raw), now, "empty", "file is empty", "")
    text, problem = decode(raw)
    if text is None:
        return Document(doc_id, relative, fmt, len(raw), now, "error", problem, "")
    if not text.strip("\ufeff \t\r\n"):
        return Document(doc_id, relative, fmt, len(raw), now, "empty", "file has no text", "")
    return Document(doc_id, relative, fmt, len(raw), now, "ok", problem, normalise(text))


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """Text of the bytes and a note on how it was decoded, or None and the reason."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "invalid UTF-16 text"
    if b"\x00" in raw[:8192]:
        return None, "binary file (contains NUL bytes), not text"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "not valid UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "not valid UTF-8; undecodable bytes replaced"


def normalise(text: str) -> str:
    """Unix line ends; nothing else changes, so offsets stay meaningful to a reader."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _failed(relative: str, fmt: str, now: datetime, message: str) -> Document:
    doc_id = hashlib.sha256(relative.encode()).hexdigest()[:DOC_ID_LENGTH]
    return Document(doc_id, relative, fmt, 0, now, "error", message, "")

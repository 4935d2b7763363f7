"""Ingest: the edge where files are read. A folder → Document records, bad files included.

A file that cannot be used still becomes a Document, with status and a message naming the
problem (empty, binary, not readable, a broken link, not in its format), so the build goes on
and the Sources page and the command line can say what was skipped and why. How each format
is read lives in etl/formats/.
"""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from etl.formats import FORMATS, ReaderOptions, Rejected, read
from etl.records import Document

MAX_BYTES = 50 * 1024 * 1024  # one document; larger files are rejected, not truncated
_NOTES_LIMIT = 600  # characters of reading notes kept on a documents row


def discover(input_dir: Path) -> list[Path]:
    """Document files under input_dir, sorted for a deterministic build; hidden files skipped.

    Linked folders are followed (an input folder may gather others by links), each real folder
    once, so a link loop ends. Links to files are listed even when broken: ingest reports them.
    """
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder not found: {input_dir}")
    found: list[str] = []
    seen: set[str] = set()
    for root, dirs, files in os.walk(str(input_dir), followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
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


def read_document(path: Path, input_dir: Path, options: ReaderOptions | None = None) -> Document:
    """The document a file holds, or a document with status error/empty and the reason."""
    path = Path(path)
    relative = str(path.relative_to(input_dir))
    fmt = FORMATS.get(path.suffix.lower(), "text")
    now = datetime.now(UTC)
    problem = _not_a_readable_file(path)
    if problem is not None:
        return _failed(relative, fmt, now, problem)
    try:
        raw = _read_bytes(path)
    except OSError as exc:
        return _failed(relative, fmt, now, f"cannot read file: {exc.strerror or exc}")
    except _TooLarge as exc:
        return _failed(relative, fmt, now, str(exc), size=exc.size)
    doc_id = content_id(raw)

    def unusable(status: str, message: str) -> Document:
        return Document(doc_id, relative, fmt, len(raw), now, status, message, "")

    if not raw.strip():
        return unusable("empty", "file is empty")
    try:
        reading = read(fmt, raw, options)
    except Rejected as exc:
        return unusable(exc.status, exc.message)
    except Exception as exc:  # a reader's bug or a library's: this file only
        return unusable("error", f"cannot read as {fmt}: {type(exc).__name__}: {exc}")
    text = reading.text
    if not text.strip():
        return unusable("empty", "file has no text")
    notes = "; ".join(dict.fromkeys(reading.notes))
    if len(notes) > _NOTES_LIMIT:
        notes = notes[: _NOTES_LIMIT - 1] + "…"
    return Document(
        doc_id, relative, reading.format, len(raw), now, "ok", notes or None, text,
        meta=reading.meta, entries=reading.entries,
    )  # fmt: skip


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"file is larger than {MAX_BYTES // 2**20} MiB ({size:,} bytes)")
        self.size = size


def _not_a_readable_file(path: Path) -> str | None:
    """Why a listed path is no file to read (a broken link, a pipe, a device), else None."""
    try:
        info = path.stat()  # follows links
    except FileNotFoundError:
        if path.is_symlink():
            return f"broken symbolic link (to {os.readlink(path)})"
        return "file disappeared while the build ran"
    except OSError as exc:  # a link loop, a folder without permission
        return f"cannot read file: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        # Opening a named pipe would wait forever for a writer.
        return "not a regular file (a pipe, socket or device)"
    return None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a file over MAX_BYTES without reading all of it."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
        if size > MAX_BYTES or len(raw) > MAX_BYTES:  # the file may grow while it is read
            raise _TooLarge(max(size, len(raw)))
    return raw


def path_id(relative: str) -> str:
    """The id of a file whose content is not its own document (unread, or a duplicate)."""
    return hashlib.sha256(relative.encode()).hexdigest()[:DOC_ID_LENGTH]


def _failed(relative: str, fmt: str, now: datetime, message: str, size: int = 0) -> Document:
    """A file whose bytes were not read: its id comes from its path, not its content."""
    return Document(path_id(relative), relative, fmt, size, now, "error", message, "")

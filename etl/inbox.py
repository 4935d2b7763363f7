"""The inbox: documents added from the dashboard, stored under the data directory.

An uploaded file's name is the user's text, not a path: it is reduced to one safe file name
(no folders, no leading dots, no control or direction characters), kept inside the inbox
folder, and never overwrites a file already there (a number is added instead). The file
appears atomically, so a build running meanwhile sees it whole or not at all.

A build from the dashboard reads the folder the data was built from together with the
inbox: `<data>/corpus/` holds one link to each, so document paths read `seeds/...` and
`inbox/...`, and the same folder can be built from the command line
(`python -m etl build --input data/corpus`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from etl.formats import CONFIG_NAME, FORMATS

INBOX_DIR = "inbox"
CORPUS_DIR = "corpus"
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
ACCEPTED_SUFFIXES: tuple[str, ...] = tuple(sorted(FORMATS))
_NAME_LIMIT = 120  # characters, suffix included
_UNSAFE = re.compile(r"[^\w.\- ]+")  # \w is Unicode: 报告.html keeps its name


class UploadRefused(ValueError):
    """An upload that is not stored; the message says why, for the user."""


@dataclass(frozen=True)
class StoredUpload:
    name: str  # as uploaded
    path: Path  # where it is now, inside the inbox
    note: str | None = None  # e.g. already in the inbox under another name

    @property
    def document_path(self) -> str:
        """Its path as the documents table gives it after a build of the corpus."""
        return f"{INBOX_DIR}/{self.path.name}"


def safe_name(name: str) -> str:
    """One file name that stays in its folder, made from whatever the browser sent."""
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[/\\]", name)[-1]  # the last part, in either path convention
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")  # controls, bidi
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem.strip(" ._") or "upload"
    suffix = suffix.lower()
    keep = _NAME_LIMIT - len(suffix) - 1
    return f"{stem[:keep].rstrip(' ._') or 'upload'}.{suffix}" if suffix else stem[:_NAME_LIMIT]


def inbox_dir(data_dir: Path) -> Path:
    return Path(data_dir) / INBOX_DIR


def store_upload(data_dir: Path, name: str, content: bytes) -> StoredUpload:
    """Put an uploaded file in the inbox under a safe, unused name. Raises UploadRefused."""
    filename = safe_name(name)
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise UploadRefused(
            f"{suffix or 'no suffix'}: not a document type read here "
            f"(accepted: {', '.join(ACCEPTED_SUFFIXES)})"
        )
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"larger than {MAX_UPLOAD_MB} MB ({len(content):,} bytes)")
    if not content.strip():
        raise UploadRefused("the file is empty")
    inbox = inbox_dir(data_dir)
    inbox.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(content).digest()
    for existing in sorted(inbox.iterdir()):
        if existing.is_file() and not existing.name.startswith(".") and _same(existing, digest):
            return StoredUpload(name, existing, f"already in the inbox as {existing.name}")
    fd, staging = tempfile.mkstemp(prefix=".upload-", dir=inbox)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        path = _link_unused(Path(staging), inbox, filename)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)
    if path.resolve().parent != inbox.resolve():  # defence in depth: never outside
        path.unlink()
        raise UploadRefused("the file name does not stay in the inbox")
    return StoredUpload(name, path)


def _same(path: Path, digest: bytes) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).digest() == digest
    except OSError:
        return False


def _link_unused(staging: Path, inbox: Path, filename: str) -> Path:
    """Give the staged file the first unused name: name.ext, name-2.ext, ... (atomic)."""
    stem, suffix = Path(filename).stem, Path(filename).suffix
    for number in range(1, 10_000):
        candidate = inbox / (filename if number == 1 else f"{stem}-{number}{suffix}")
        try:
            os.link(staging, candidate)  # fails if the name exists: nothing is overwritten
        except FileExistsError:
            continue
        return candidate
    raise UploadRefused(f"too many files named {filename} in the inbox")


def corpus_with_inbox(data_dir: Path, current_input: Path) -> Path:
    """The folder to build from: the current input and the inbox, as links in <data>/corpus.

    `current_input` is the folder the current data was built from; when that is the corpus
    already, it is kept as it is.
    """
    data_dir = Path(data_dir)
    corpus = data_dir / CORPUS_DIR
    inbox = inbox_dir(data_dir)
    inbox.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    current = Path(current_input).resolve()
    if current != corpus.resolve():
        if not current.is_dir():
            raise FileNotFoundError(f"the folder the data was built from is missing: {current}")
        for entry in corpus.iterdir():  # links of an earlier input; never a real file
            if entry.is_symlink() and entry.name != INBOX_DIR:
                entry.unlink()
        if current != inbox.resolve():
            name = safe_name(current.name) or "input"
            _replace_link(corpus / (name if name != INBOX_DIR else "input"), current)
            config = current / CONFIG_NAME
            if config.is_file():
                _replace_link(corpus / CONFIG_NAME, config)
    _replace_link(corpus / INBOX_DIR, Path("..") / INBOX_DIR)
    return corpus


def _replace_link(link: Path, target: Path) -> None:
    staging = link.with_name(f".{link.name}.{os.getpid()}.link")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    staging.symlink_to(target)
    os.replace(staging, link)

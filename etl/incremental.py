"""Incremental builds: documents whose content has not changed are not processed again.

A document is identified by the hash of its bytes (`doc_id`). When the previous build of the
same data folder was made by the same extractor (same code and reference tables, see
`fingerprint`), a file whose hash the previous build knows keeps its articles, engagements,
partnerships, quotes and warnings from that snapshot, ids included. A changed file has a
new hash, so its old rows drop out and its new ones come in; a removed file's rows drop out.
Only the events of the (country, organisation, type) groups those rows touch are clustered
again (see etl.assemble), only the statements a change can reach are linked again
(etl.statement_links), and the quote search index is the previous one with the quotes gone
deleted and the new ones added (etl.search_index).

Each snapshot keeps what the next build needs for that in its build cache (`build_cache/`,
docs/data.md): every file's status and content hash, so that an unchanged file is not even
read, and every quote's shingles.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl import ingest
from etl.assemble import RECORD_TABLES, Previous
from etl.records import Document
from etl.schemas import BUILD_CACHE, FILE_HASHES
from etl.store import DataDirError, read_build_cache, read_manifest

ETL_DIR = Path(__file__).resolve().parent
# Modules that never change a reused row: how files are found again, written, scored or made
# up, and the roll-ups (computed again from all rows at every build). Every other module of
# etl/, and every reference table, is part of the extractor.
NOT_EXTRACTION = frozenset({"__init__.py", "__main__.py", "evaluate.py", "incremental.py",
                            "rollups.py", "store.py", "synth.py"})  # fmt: skip


@cache
def fingerprint() -> str:
    """A hash of the extractor: the modules of etl/ that make rows, and the reference tables.

    Rows of a build made by other code or other gazetteers are never reused.
    """
    digest = hashlib.sha256()
    modules = [p for p in ETL_DIR.glob("*.py") if p.name not in NOT_EXTRACTION]
    files = sorted([*modules, *(ETL_DIR / "reference").glob("*")])
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def load_previous(data_dir: Path, extractor: str) -> Previous | None:
    """The current build in data_dir, when it was made by this extractor and reads cleanly."""
    try:
        manifest = read_manifest(data_dir)
    except DataDirError:
        return None
    if manifest is None or manifest.extractor != extractor:
        return None
    try:

        def read(table: str):
            # ParquetFile, not read_table: no pyarrow.dataset import (half a second)
            return pq.ParquetFile(manifest.table_path(data_dir, table)).read()

        docs = read("documents").filter(pc.equal(pc.field("status"), "ok"))
        columns = ["doc_id", "format", "bytes", "error", "ingested_at", "n_articles"]
        rows = zip(*(docs[c].to_pylist() for c in columns), strict=True)
        documents = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
        tables = {name: read(name) for name in (*RECORD_TABLES, "events")}
        warnings: dict[str, list[dict]] = {}
        for row in read("warnings").to_pylist():
            if row["stage"] != "ingest" and row["doc_id"]:
                warnings.setdefault(row["doc_id"], []).append(row)
    except (OSError, ValueError, KeyError):  # a damaged snapshot: build everything again
        return None
    caches = {name: read_build_cache(data_dir, manifest, name) for name in BUILD_CACHE}
    return Previous(documents=documents, tables=tables, warnings=warnings,
                    caches={k: v for k, v in caches.items() if v is not None},
                    snapshot=Path(data_dir) / manifest.snapshot)  # fmt: skip


# A file changed less than this before it was looked at may change again within the same tick
# of the file system's clock without its times changing: it is hashed again next time.
RACY_SECONDS = 2.0


@dataclass
class Scan:
    """What the build knows of each input file before reading any: its status (os.stat) and,
    where it can tell, the hash of its content; and which files are unchanged documents."""

    reusable: dict[Path, Document]
    stats: dict[Path, os.stat_result] = field(default_factory=dict)
    content_ids: dict[Path, str] = field(default_factory=dict)
    taken_ns: int = 0  # when the files were looked at

    def file_hashes(self, input_dir: Path, fresh_ids: dict[Path, str]) -> pa.Table:
        """The file_hashes build cache: each file's status and content hash (for the files
        read cleanly), so the next build hashes only files whose status changed."""
        prefix = len(str(input_dir).rstrip(os.sep)) + 1
        settled = self.taken_ns - int(RACY_SECONDS * 1e9)
        rows = []
        for path, info in self.stats.items():
            doc_id = self.content_ids.get(path) or fresh_ids.get(path)
            if doc_id and max(info.st_mtime_ns, info.st_ctime_ns) < settled:
                rows.append({"path": str(path)[prefix:], "size": info.st_size,
                             "mtime_ns": info.st_mtime_ns, "ctime_ns": info.st_ctime_ns,
                             "inode": info.st_ino, "doc_id": doc_id})  # fmt: skip
        return pa.Table.from_pylist(rows, schema=FILE_HASHES)


def scan(paths: list[Path], input_dir: Path, previous: Previous | None) -> Scan:
    """Every file's status, and the files whose content the previous build already holds, as
    documents to reuse.

    Content decides, not dates: a file is hashed unless the previous build hashed it with
    the same size, modification and status-change times and inode (`file_hashes`, as git
    and rsync do). Rewriting a file and setting its modification time back still changes its
    status-change time, which programs cannot set. Plain strings and os calls keep this near
    disk speed for 100,000 files.
    """
    out = Scan(reusable={}, taken_ns=time.time_ns())
    known = previous.documents if previous is not None else {}
    hashed = _cached_hashes(previous)
    prefix = len(str(input_dir).rstrip(os.sep)) + 1
    now = datetime.now(UTC)
    for path in paths:
        name = str(path)
        try:
            info = os.stat(name)
            # A pipe or device would block the read, a huge file is refused anyway: both are
            # processed as usual, which records why they cannot be used.
            if not stat.S_ISREG(info.st_mode) or info.st_size > ingest.MAX_BYTES:
                continue
            out.stats[path] = info
            if not known:
                continue  # nothing to reuse: the extraction tells each file's hash
            doc_id = hashed.get((name[prefix:], info.st_size, info.st_mtime_ns,
                                 info.st_ctime_ns, info.st_ino))  # fmt: skip
            if doc_id is None:
                with open(name, "rb") as handle:
                    doc_id = ingest.content_id(handle.read())
        except OSError:
            out.stats.pop(path, None)
            continue  # processed as usual, which records why it cannot be read
        out.content_ids[path] = doc_id
        row = known.get(doc_id)
        if row is None:
            continue
        fmt = row.get("format") or "text"  # as the build that read it decided
        # ingested_at: when its content was read and extracted, by an earlier build
        out.reusable[path] = Document(doc_id, name[prefix:], fmt, row["bytes"],
                                      row["ingested_at"] or now, "ok", row["error"], "")  # fmt: skip
    return out


def _cached_hashes(previous: Previous | None) -> dict[tuple, str]:
    table = previous.caches.get("file_hashes") if previous is not None else None
    if table is None:
        return {}
    columns = [table[name].to_pylist() for name in FILE_HASHES.names]
    return {tuple(row[:-1]): row[-1] for row in zip(*columns, strict=True)}

"""Incremental builds: documents whose content has not changed are not processed again.

A document is identified by the hash of its bytes (`doc_id`). When the previous build of the
same data folder was made by the same extractor (same code and reference tables, see
`fingerprint`), a file whose hash the previous build knows keeps its articles, engagements,
partnerships, quotes and warnings from that snapshot, ids included. A changed file has a
new hash, so its old rows drop out and its new ones come in; a removed file's rows drop out.
Only the events of the (country, organisation, type) groups those rows touch are clustered
again (see etl.assemble).
"""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl import ingest
from etl.assemble import RECORD_TABLES, Previous
from etl.records import Document
from etl.store import DataDirError, read_manifest

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
    return Previous(documents=documents, tables=tables, warnings=warnings)


def reusable_documents(
    paths: list[Path], input_dir: Path, previous: Previous | None
) -> dict[Path, Document]:
    """The files whose content the previous build already holds, as documents to reuse.

    Every file is read and hashed (content decides, not dates); plain strings and os calls
    keep this near disk speed for 100,000 files.
    """
    if previous is None or not previous.documents:
        return {}
    known = previous.documents
    prefix = len(str(input_dir).rstrip(os.sep)) + 1
    now = datetime.now(UTC)
    out: dict[Path, Document] = {}
    for path in paths:
        name = str(path)
        try:
            info = os.stat(name)
            # A pipe or device would block the read, a huge file is refused anyway: both are
            # processed as usual, which records why they cannot be used.
            if not stat.S_ISREG(info.st_mode) or info.st_size > ingest.MAX_BYTES:
                continue
            with open(name, "rb") as handle:
                doc_id = ingest.content_id(handle.read())
        except OSError:
            continue  # processed as usual, which records why it cannot be read
        row = known.get(doc_id)
        if row is None:
            continue
        fmt = row.get("format") or "text"  # as the build that read it decided
        # ingested_at: when its content was read and extracted, by an earlier build
        out[path] = Document(doc_id, name[prefix:], fmt, row["bytes"],
                             row["ingested_at"] or now, "ok", row["error"], "")  # fmt: skip
    return out

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
from dataclasses import replace
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq

from etl import ingest
from etl.assemble import RECORD_TABLES, Previous
from etl.records import Document
from etl.store import DataDirError, read_manifest

ETL_DIR = Path(__file__).resolve().parent


@cache
def fingerprint() -> str:
    """A hash of the extractor: every module of etl/ and every reference table.

    Rows of a build made by other code or other gazetteers are never reused.
    """
    digest = hashlib.sha256()
    files = sorted([*ETL_DIR.glob("*.py"), *(ETL_DIR / "reference").glob("*")])
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
            return pq.read_table(manifest.table_path(data_dir, table))

        documents = {
            row["doc_id"]: row for row in read("documents").to_pylist() if row["status"] == "ok"
        }
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
    """The files whose content the previous build already holds, as documents to reuse."""
    if previous is None or not previous.documents:
        return {}
    out: dict[Path, Document] = {}
    for path in paths:
        try:
            doc_id = ingest.content_id(path.read_bytes())
        except OSError:
            continue  # processed as usual, which records why it cannot be read
        row = previous.documents.get(doc_id)
        if row is None:
            continue
        fresh = ingest.describe(path, input_dir)
        out[path] = replace(
            fresh,
            doc_id=doc_id,
            bytes=row["bytes"],
            ingested_at=row["ingested_at"],  # when its content was read and extracted
            status="ok",
            error=row["error"],
        )
    return out

"""The read side's one DuckDB connection: views over the current snapshot's Parquet files.

- One connection per data directory, cached with ``st.cache_resource``.
- Every query runs on its own ``conn.cursor()`` (DuckDB connections are not thread-safe and
  Streamlit runs every session on its own thread) and fetches inside the ``with`` block.
- Views are re-pointed whenever ``data/CURRENT.json`` names a new run id, so a rebuilt
  ``data/`` shows up without restarting the app.
- The quote search index (a tantivy index in the snapshot's ``quote_index/`` folder) is
  opened with the views and swapped with them; each search takes its own searcher.
- DDL cannot take bound parameters, so file paths are escaped in exactly one helper,
  :func:`sql_string_literal`. Every value in a query is bound as ``$name``.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import streamlit as st
import tantivy

from etl.schemas import TABLES
from etl.search_index import INDEX_DIR, open_quote_index
from etl.store import DataDirError, Manifest, read_manifest

T = TypeVar("T")
REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR_ENV = "DIPLOMACY_ATLAS_DATA"
REBUILD_COMMAND = "python -m etl build"


class DataError(RuntimeError):
    """The data the app needs is missing, unreadable or corrupt. The message says how to fix it."""


def data_dir() -> Path:
    """The data directory: $DIPLOMACY_ATLAS_DATA, else <repo>/data."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "data"


def seeds_dir() -> Path:
    return REPO_ROOT / "seeds"


def sql_string_literal(value: str) -> str:
    """Quote a string for the few places SQL cannot bind it (DDL such as CREATE VIEW).

    The only escaping helper in the read side: single quotes are doubled, NUL is refused.
    """
    if "\x00" in value:
        raise ValueError("NUL byte in SQL string literal")
    return "'" + value.replace("'", "''") + "'"


def rebuild_command(data: Path | None = None) -> str:
    """`python -m etl build`, with `--out DIR` when the data directory is not the default."""
    data = Path(data) if data is not None else data_dir()
    if data.resolve() == (REPO_ROOT / "data").resolve():
        return REBUILD_COMMAND
    return f"{REBUILD_COMMAND} --out {shlex.quote(str(data))}"


def _rebuild_hint(data: Path) -> str:
    return f"Rebuild the data with `{rebuild_command(data)}`, then reload this page."


SNAPSHOT_ID_LENGTH = 10


def snapshot_id(manifest: Manifest, data: Path) -> str:
    """A short hash of the snapshot's table files: the id a figure carries to its data.

    It names the data, not the run: two exports with the same id were made from the same
    bytes, and a rebuild that changed anything gets a new id.
    """
    digest = hashlib.sha256()
    for table in sorted(TABLES):
        digest.update(table.encode() + b"\0")
        with manifest.table_path(data, table).open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()[:SNAPSHOT_ID_LENGTH]


@dataclass(frozen=True)
class Provenance:
    """Where the data on screen comes from: printed under every chart and in every export."""

    corpus: str  # the input folder's name
    built_at: str  # ISO 8601, UTC
    run_id: str
    snapshot_id: str
    documents: int
    articles: int

    @property
    def built(self) -> str:
        try:
            return datetime.fromisoformat(self.built_at).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            return self.built_at

    def caption_lines(self) -> list[str]:
        """The caption in short lines, for a narrow chart."""
        return [
            f"Source: {self.corpus}/",
            f"{self.documents:,} documents, {self.articles:,} articles",
            f"built {self.built}",
            f"snapshot {self.snapshot_id}",
        ]

    def caption(self) -> str:
        """'Source: seeds/ (5 documents, 81 articles) · built … · snapshot …' under a chart."""
        return (
            f"Source: {self.corpus}/ ({self.documents:,} documents, {self.articles:,} articles)"
            f" · built {self.built} · snapshot {self.snapshot_id}"
            " · Diplomacy Atlas · boundaries: Natural Earth"
        )


# Small tables read by every page run (the map's roll-ups, countries, reference tiers) are
# copied into memory once per snapshot: no Parquet file to open and decode on each query.
IN_MEMORY_TABLES = frozenset(
    {"countries", "partnership_reference", "event_months", "source_months"}
)
# Article titles, for rows spread over the whole articles file (a country's engagements):
# looked up in memory (~100 MB per million articles) instead of decoding every article id of
# the file at each drill-down (docs/scaling.md). Loaded at the first drill-down of a
# snapshot, not when it is opened: the first map does not wait for them.
_ARTICLE_TITLES = "CREATE OR REPLACE TABLE article_titles AS SELECT article_id, title FROM articles"


class Database:
    """A DuckDB in-memory database whose views point at the current snapshot."""

    def __init__(self, data: Path) -> None:
        self.data_dir = Path(data)
        self._conn = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self.manifest: Manifest | None = None
        self.snapshot_id: str | None = None
        self._quote_index: tantivy.Index | None = None
        self._per_snapshot: dict[str, Any] = {}  # answers that only change with the snapshot

    @property
    def quote_index(self) -> tantivy.Index:
        """The current snapshot's quote search index."""
        if self._quote_index is None:
            self.refresh()
        assert self._quote_index is not None
        return self._quote_index

    @property
    def run_id(self) -> str | None:
        return self.manifest.run_id if self.manifest else None

    @property
    def provenance(self) -> Provenance:
        manifest = self.manifest or self.refresh()
        return Provenance(
            corpus=Path(manifest.input_dir).name or str(manifest.input_dir),
            built_at=manifest.built_at,
            run_id=manifest.run_id,
            snapshot_id=self.snapshot_id or "",
            documents=int(manifest.counts.get("documents", 0)),
            articles=int(manifest.counts.get("articles", 0)),
        )

    def refresh(self) -> Manifest:
        """Point the views at the snapshot CURRENT.json names (no-op when it has not changed)."""
        try:
            manifest = read_manifest(self.data_dir)
        except DataDirError as exc:
            raise DataError(f"{exc}. {_rebuild_hint(self.data_dir)}") from exc
        if manifest is None:
            raise DataError(f"No data has been built yet. {_rebuild_hint(self.data_dir)}")
        if self.manifest is not None and manifest.run_id == self.manifest.run_id:
            return self.manifest
        with self._lock:
            if self.manifest is None or manifest.run_id != self.manifest.run_id:
                index = self._open_index(manifest)
                self._create_views(manifest)
                self._quote_index = index
                self.snapshot_id = snapshot_id(manifest, self.data_dir)
                self._per_snapshot = {}
                self.manifest = manifest
        return manifest

    def ensure_article_titles(self) -> None:
        """The in-memory table `article_titles` holds the current snapshot's titles."""
        self.per_snapshot("article_titles", self._load_article_titles)

    def _load_article_titles(self) -> bool:
        with self._lock, self._conn.cursor() as cur:
            cur.execute(_ARTICLE_TITLES)
        return True

    def per_snapshot(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` once per snapshot: for answers every page run needs and no filter
        changes (the filters' choices), which a snapshot never changes."""
        manifest = self.manifest or self.refresh()
        key = f"{manifest.run_id}:{name}"
        if key not in self._per_snapshot:
            self._per_snapshot[key] = compute()
        return self._per_snapshot[key]

    def _open_index(self, manifest: Manifest) -> tantivy.Index:
        folder = self.data_dir / manifest.snapshot / INDEX_DIR
        try:
            return open_quote_index(folder)
        except (OSError, ValueError) as exc:
            raise DataError(
                f"Snapshot {manifest.run_id} has no readable quote search index ({folder}: "
                f"{_short(exc)}). " + _rebuild_hint(self.data_dir)
            ) from exc

    def _create_views(self, manifest: Manifest) -> None:
        statements = []
        for table in TABLES:
            path = manifest.table_path(self.data_dir, table)
            if not path.is_file():
                raise DataError(
                    f"Snapshot {manifest.run_id} lacks {path.name} ({path}). "
                    + _rebuild_hint(self.data_dir)
                )
            kind = "TABLE" if table in IN_MEMORY_TABLES else "VIEW"
            statements.append(
                f"CREATE OR REPLACE {kind} {table} AS "
                f"SELECT * FROM read_parquet({sql_string_literal(str(path))})"
            )
        with self._conn.cursor() as cur:
            try:
                cur.execute("BEGIN TRANSACTION")
                for statement in statements:
                    cur.execute(statement)
                # Touch every file now, so a corrupt file fails here with a clear message
                # instead of half-way through a page.
                for table, schema in TABLES.items():
                    columns = {row[0] for row in cur.execute(f"DESCRIBE {table}").fetchall()}
                    missing = sorted(set(schema.names) - columns)
                    if missing:
                        raise DataError(
                            f"Table {table} of snapshot {manifest.run_id} lacks columns "
                            f"{missing}. " + _rebuild_hint(self.data_dir)
                        )
                    cur.execute(f"SELECT count(*) FROM {table}").fetchall()
                cur.execute("COMMIT")
            except duckdb.Error as exc:
                cur.execute("ROLLBACK")
                raise DataError(
                    f"Cannot read snapshot {manifest.run_id}: {_short(exc)}. "
                    + _rebuild_hint(self.data_dir)
                ) from exc
            except BaseException:
                cur.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run one query on its own cursor; every value is bound (``$name``)."""
        if self.manifest is None:
            self.refresh()
        try:
            with self._conn.cursor() as cur:
                return cur.execute(sql, params or {}).df()
        except (duckdb.IOException, duckdb.InvalidInputException) as exc:
            raise DataError(
                f"Cannot read the data files: {_short(exc)}. " + _rebuild_hint(self.data_dir)
            ) from exc

    def close(self) -> None:
        self._conn.close()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@st.cache_resource(show_spinner=False)
def _database(data: str) -> Database:
    return Database(Path(data))


def get_db() -> Database:
    """The cached database for the current data directory, pointed at the current snapshot."""
    db = _database(str(data_dir()))
    db.refresh()
    return db

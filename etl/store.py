"""The data directory: immutable snapshots of all tables plus one manifest that points at the current one.

Layout of `data/`::

    data/CURRENT.json                  manifest of the current build (replaced atomically)
    data/snapshots/<run_id>/<table>.parquet
    data/snapshots/<run_id>/quote_index/   the quote search index (etl/search_index.py)
    data/snapshots/<run_id>/build_cache/   what the next incremental build reuses

A build writes every table into a fresh snapshot folder and only then swaps the manifest
with `os.replace`, which is atomic on POSIX: a reader sees either the old build or the new
one, never half of each, and a build that fails or is killed leaves the old one in place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from etl.schemas import BUILD_CACHE, TABLES

# pyarrow.parquet is imported where files are written or read (it brings pyarrow's file
# systems, S3 included: 50 ms): the app imports this module for the manifest only, and
# reads the files with DuckDB.

MANIFEST_NAME = "CURRENT.json"
SNAPSHOTS_DIR = "snapshots"
KEEP_SNAPSHOTS = 2  # the current one and the one before, for a reader mid-query


class DataDirError(RuntimeError):
    """The data directory is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Manifest:
    run_id: str
    built_at: str  # ISO 8601, UTC
    input_dir: str
    snapshot: str  # folder of the snapshot, relative to the data directory
    counts: dict[str, int] = field(default_factory=dict)
    extractor: str = ""  # fingerprint of the ETL code that wrote it (etl.incremental)

    def table_path(self, data_dir: Path, table: str) -> Path:
        return Path(data_dir) / self.snapshot / f"{table}.parquet"


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + "-" + os.urandom(3).hex()


def read_manifest(data_dir: Path) -> Manifest | None:
    """The current build's manifest, or None when nothing has been built yet."""
    path = Path(data_dir) / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("not a JSON object")
        known = {f.name for f in fields(Manifest)}
        return Manifest(**{k: v for k, v in raw.items() if k in known})  # newer keys ignored
    except (OSError, ValueError, TypeError) as exc:
        raise DataDirError(
            f"{path}: unreadable manifest ({exc}); rebuild with `python -m etl build`"
        ) from exc


def write_snapshot(
    data_dir: Path,
    tables: dict[str, pa.Table],
    *,
    input_dir: str,
    run_id: str | None = None,
    folders: Mapping[str, Callable[[Path], None]] | None = None,
    extractor: str = "",
) -> Manifest:
    """Write all tables as a new snapshot and make it current. Atomic: all or nothing.

    `folders` names further parts of the snapshot built from the tables (the search index):
    each function writes its folder inside the snapshot before the snapshot becomes current.
    """
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValueError(f"snapshot lacks tables: {sorted(missing)}")
    data_dir = Path(data_dir)
    run_id = run_id or new_run_id()
    snapshots = data_dir / SNAPSHOTS_DIR
    snapshots.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{run_id}-", dir=snapshots))
    try:
        for name, schema in TABLES.items():
            table = tables[name]
            if not table.schema.equals(schema):
                table = table.cast(schema)
            write_table(name, table, staging / f"{name}.parquet")
        for name, write_folder in (folders or {}).items():
            write_folder(staging / name)
        _fsync_dir(staging)
        final = snapshots / run_id
        os.replace(staging, final)
        manifest = Manifest(
            run_id=run_id,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            input_dir=str(input_dir),
            snapshot=f"{SNAPSHOTS_DIR}/{run_id}",
            counts={name: tables[name].num_rows for name in TABLES},
            extractor=extractor,
        )
        _atomic_write_text(data_dir / MANIFEST_NAME, json.dumps(asdict(manifest), indent=2))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _prune_snapshots(snapshots, keep=run_id)
    return manifest


# Layout of each table's file (see docs/scaling.md for the figures behind it): rows sorted so
# that what the app filters on (month, country) lies together and Parquet's per-row-group
# min/max statistics let DuckDB skip the rest; ids last, so every build orders rows the same.
# The map and the timeline read the roll-ups (ordered by their SQL, etl/rollups.py); what reads
# engagements is the drill-down into one country, so they lie by country first.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["path"],
    "articles": ["article_id"],
    "engagements": ["country", "date", "event_id", "engagement_id"],
    "events": ["date", "country", "event_id"],
    "partnerships": ["country", "date", "partnership_id"],
    "quotes": ["date", "speaker_country", "quote_id"],
}
ROW_GROUP_ROWS = 64 * 1024


def write_table(name: str, table: pa.Table, path: Path) -> None:
    """One table as Parquet, in its layout: sorted, zstd, row groups of ROW_GROUP_ROWS."""
    keys = SORT_KEYS.get(name)
    if keys and table.num_rows > 1:
        table = sorted_table(table, keys)
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="zstd", row_group_size=ROW_GROUP_ROWS)


def sorted_table(table: pa.Table, keys: list[str]) -> pa.Table:
    """The rows ordered by the keys (ascending, nulls last, ties in their order).

    An incremental build hands over the previous snapshot's rows, already in order, with a
    few new ones: the order is then a few runs of consecutive rows, which are sliced (no
    copy) instead of copying every row to its place, as a full sort must.
    """
    order = pc.sort_indices(table, sort_keys=[(key, "ascending") for key in keys])
    order = order.cast(pa.int64())  # uint64: differences below would wrap around
    steps = pc.subtract(order.slice(1), order.slice(0, len(order) - 1))
    breaks = pc.indices_nonzero(pc.not_equal(steps, 1)).to_pylist()
    if len(breaks) > _MAX_RUNS:
        # One chunk first: taking from a table of many chunks copies far more slowly.
        return table.combine_chunks().take(order)
    starts = [0, *(b + 1 for b in breaks)]
    ends = [*(b + 1 for b in breaks), len(order)]
    runs = [table.slice(order[s].as_py(), e - s) for s, e in zip(starts, ends, strict=True)]
    return pa.concat_tables(runs)


_MAX_RUNS = 1000  # beyond this many runs of consecutive rows, one copy in order is cheaper


class BackgroundFolder:
    """A snapshot folder written on a thread while the build goes on (the quote search index,
    whose writer's threads then run beside the steps across documents). Used as a `folders`
    writer of `write_snapshot`: it waits for the thread and moves the folder into place."""

    def __init__(self, data_dir: Path, write: Callable[[Path, threading.Event], None]) -> None:
        snapshots = Path(data_dir) / SNAPSHOTS_DIR
        snapshots.mkdir(parents=True, exist_ok=True)
        # A dot folder beside the staging ones: on the same file system, so moved not copied,
        # and removed with stale staging folders if the process dies.
        self._scratch = Path(tempfile.mkdtemp(prefix=".background-", dir=snapshots))
        self._error: BaseException | None = None
        # Set when the build fails or is interrupted: the writer stops at its next batch
        # instead of finishing work nobody will use.
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(write,), daemon=True)
        try:
            self._thread.start()
        except BaseException:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise

    def _run(self, write: Callable[[Path, threading.Event], None]) -> None:
        try:
            write(self._scratch / "folder", self._cancelled)
        except BaseException as exc:  # handed to the build's thread when it asks for it
            self._error = exc

    def __call__(self, folder: Path) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        os.replace(self._scratch / "folder", folder)

    def discard(self) -> None:
        """Stop the writer if it is still at work, wait for it, remove what is left."""
        self._cancelled.set()
        self._thread.join()
        shutil.rmtree(self._scratch, ignore_errors=True)


BUILD_CACHE_DIR = "build_cache"  # what the next incremental build reuses (etl.incremental)


def build_cache_folder(tables: Mapping[str, pa.Table]) -> Callable[[Path], None]:
    """Writes the build cache tables into a snapshot's build_cache/ folder."""

    def write(folder: Path) -> None:
        import pyarrow.parquet as pq

        folder.mkdir()
        for name, schema in BUILD_CACHE.items():
            if name in tables:
                pq.write_table(tables[name].cast(schema), folder / f"{name}.parquet",
                               compression="zstd")  # fmt: skip

    return write


def read_build_cache(data_dir: Path, manifest: Manifest, name: str) -> pa.Table | None:
    """One build cache table of a snapshot; None when it has none or it is unreadable."""
    import pyarrow.parquet as pq

    path = Path(data_dir) / manifest.snapshot / BUILD_CACHE_DIR / f"{name}.parquet"
    try:
        table = pq.ParquetFile(path).read()
    except (OSError, ValueError):
        return None
    return table if table.schema.equals(BUILD_CACHE[name]) else None


def read_table(data_dir: Path, table: str, manifest: Manifest | None = None) -> pa.Table:
    manifest = manifest or read_manifest(data_dir)
    if manifest is None:
        raise DataDirError(f"{data_dir}: no build yet; run `python -m etl build`")
    import pyarrow.parquet as pq

    return pq.read_table(manifest.table_path(data_dir, table))


def _atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune_snapshots(snapshots: Path, keep: str) -> None:
    """Remove stale staging folders and all but the newest KEEP_SNAPSHOTS snapshots."""
    finished = sorted(p for p in snapshots.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in finished[:-KEEP_SNAPSHOTS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
    for staging in snapshots.glob(".*"):
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)

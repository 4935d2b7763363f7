"""The build: a folder of documents → all tables, written as one atomic snapshot.

    ingest → segment → extract (engagements, partnerships, quotes) → deduplicate → write

`process_document` is the pure per-document step; `build` runs it over a process pool (all
cores by default), skips documents the previous build already holds (etl.incremental),
assembles the tables (etl.assemble) and writes them (etl.store). The same pure step is what a
cluster engine would map over a corpus (docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from etl import formats, gazetteer, incremental, ingest
from etl.assemble import Entry, Previous, assemble
from etl.dates import DateContext
from etl.engagements import extract_engagements
from etl.partnerships import extract_partnerships, reference_designations
from etl.quotes import canonical_speakers, extract_quotes
from etl.records import Article, Document, Extraction, Warning
from etl.search_index import INDEX_DIR, build_quote_index, update_quote_index
from etl.segment import segment
from etl.statements import link_events
from etl.store import (
    BUILD_CACHE_DIR,
    BackgroundFolder,
    Manifest,
    build_cache_folder,
    write_snapshot,
)

Progress = Callable[[int, int, str], None]


class BuildError(RuntimeError):
    """The build could not run; the message says what and where. Previous data is intact."""


@dataclass
class BuildResult:
    manifest: Manifest
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    failed_documents: list[str] = field(default_factory=list)  # status error: "path: reason"
    skipped_documents: list[str] = field(default_factory=list)  # empty or duplicate
    noted_documents: list[str] = field(default_factory=list)  # ok, with a note on the reading
    processed: int = 0  # documents read and extracted by this build
    reused: int = 0  # unchanged documents whose rows came from the previous build


def process_document(document: Document) -> Extraction:
    """Everything extracted from one document. Pure: the same document gives the same rows.

    A document the extractors cannot handle becomes a documents row with status "error" and
    the reason, so one odd file never stops the build.
    """
    try:
        return _process(document)
    except Exception as exc:  # any failure is reported on the file's row
        failed = replace(
            document, status="error", error=f"extraction failed: {type(exc).__name__}: {exc}"
        )
        return Extraction(document=failed)


def _process(document: Document) -> Extraction:
    extraction = Extraction(document=document)
    if document.status != "ok":
        return extraction
    articles, warnings = segment(document)
    extraction.articles = articles
    extraction.warnings.extend(warnings)
    for article in articles:
        context = article_context(article)
        try:
            engagements = extract_engagements(article, context)
            partnerships = extract_partnerships(article, context)
            quotes = extract_quotes(article, context)
        except Exception as exc:  # one bad article must not sink the document
            extraction.warnings.append(
                Warning(
                    document.doc_id, article.article_id, "extract", f"{type(exc).__name__}: {exc}"
                )
            )
            continue
        for i, engagement in enumerate(engagements):
            engagement.engagement_id = _row_id(article.article_id, "e", i)
        for i, partnership in enumerate(partnerships):
            partnership.partnership_id = _row_id(article.article_id, "p", i)
        for i, quote in enumerate(quotes):
            quote.quote_id = _row_id(article.article_id, "q", i)
        extraction.engagements.extend(engagements)
        extraction.partnerships.extend(partnerships)
        extraction.quotes.extend(quotes)
    extraction.quotes = canonical_speakers(extraction.quotes, articles)
    # Quotes are tied to the engagement they were spoken at within their document (so the
    # step stays pure and an unchanged document's links can be reused); etl.assemble turns
    # the engagement into its event once the events are known.
    link_events(extraction.quotes, extraction.engagements)
    return extraction


def article_context(article: Article) -> DateContext:
    year = article.published.year if article.published else article.context_year
    return DateContext(
        published=article.published, publication_year=year, latest_full_date=article.document_latest
    )


def _row_id(article_id: str, kind: str, index: int) -> str:
    return hashlib.sha1(f"{article_id}:{kind}:{index}".encode()).hexdigest()[:16]


# Below this much text the pool's start-up costs more than it saves (the default only).
PARALLEL_MIN_BYTES = 2_000_000
_CHUNK = 8  # documents per task sent to a worker


def build(
    input_dir: Path,
    out_dir: Path,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    full: bool = False,
    reader_options: formats.ReaderOptions | None = None,
) -> BuildResult:
    """Build every table from the documents in input_dir and make them current in out_dir.

    `reader_options` say which columns of tables and JSON records hold what; by default the
    input folder's diplomacy-atlas.toml, else the usual names.

    `workers`: processes extracting documents (default: every core, or one for a small
    corpus). Unless `full`, documents whose content the current build of out_dir already
    holds are not processed again (etl.incremental); the result is the same either way.
    """
    input_dir, out_dir = Path(input_dir), Path(out_dir)
    if not input_dir.is_dir():
        raise BuildError(f"input folder not found: {input_dir}")
    try:
        options = reader_options or formats.options_for(input_dir)
    except ValueError as exc:
        raise BuildError(f"reader settings: {exc}") from exc
    try:
        gazetteer.load_all()
        reference_designations()
    except (OSError, KeyError, ValueError) as exc:
        raise BuildError(f"reference data in {gazetteer.REFERENCE_DIR} is broken: {exc}") from exc
    out_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(out_dir):
        paths = ingest.discover(input_dir)
        if not paths:
            raise BuildError(f"no documents ({', '.join(formats.FORMATS)}) found in {input_dir}")
        # Reader settings change what a file yields: a new setting is a new extractor.
        extractor = f"{incremental.fingerprint()}:{options.fingerprint()}"
        previous = None if full else incremental.load_previous(out_dir, extractor)
        scan = incremental.scan(paths, input_dir, previous)
        reusable = scan.reusable
        to_process = [path for path in paths if path not in reusable]
        counter = _Counter(len(paths), progress)
        counter.advance(len(reusable), "unchanged documents")
        extracted = extract_files(
            to_process, input_dir, workers=_workers(workers, to_process), options=options
        )
        fresh_ids: dict[Path, str] = {}

        def entries() -> Iterator[Entry]:
            for path in paths:
                if path in reusable:
                    yield Entry(Extraction(reusable[path]), reused=True)
                    continue
                extraction = next(extracted)
                counter.advance(1, extraction.document.path)
                if extraction.document.status == "ok":
                    fresh_ids[path] = extraction.document.doc_id
                yield Entry(extraction)
            extracted.close()  # the last document is in: the workers exit now, not with the build

        index: list[BackgroundFolder] = []

        def start_index(records: dict[str, pa.Table]) -> None:
            # The index depends on the quotes and article titles alone: built while events
            # and statements are worked out.
            writer = quote_index_writer(
                records["quotes"], records["articles"], previous if reusable else None
            )
            try:
                index.append(BackgroundFolder(out_dir, writer))
            except (OSError, RuntimeError) as exc:  # RuntimeError: no thread to be had
                raise BuildError(f"cannot write the search index in {out_dir}: {exc}") from exc

        try:
            try:
                assembly = assemble(entries(), previous, on_records=start_index)
            except BrokenProcessPool as exc:
                raise BuildError(f"a worker process died (out of memory?): {exc}") from exc
            tables = assembly.tables
            caches = {
                "quote_shingles": assembly.quote_shingles,
                "file_hashes": scan.file_hashes(input_dir, fresh_ids),
            }
            folders = snapshot_folders(tables, previous if reusable else None, caches)
            if index:
                folders[INDEX_DIR] = index[0]
            try:
                manifest = write_snapshot(
                    out_dir, tables, input_dir=str(input_dir), extractor=extractor, folders=folders
                )
            except (OSError, ValueError) as exc:  # ValueError: the search index refused a row
                raise BuildError(f"cannot write tables to {out_dir}: {exc}") from exc
        finally:
            extracted.close()  # on a failure part-way, the workers stop instead of going on
            for writer in index:
                writer.discard()
    return _result(manifest, tables, processed=len(to_process), reused=len(reusable))


def snapshot_folders(
    tables: dict[str, pa.Table],
    previous: Previous | None = None,
    caches: dict[str, pa.Table] | None = None,
) -> dict[str, Callable[[Path], None]]:
    """What a snapshot holds besides its tables: the quote search index, built from them
    (or updated from the previous snapshot's, when there is one), and the build cache."""
    folders = {INDEX_DIR: quote_index_writer(tables["quotes"], tables["articles"], previous)}
    if caches:
        folders[BUILD_CACHE_DIR] = build_cache_folder(caches)
    return folders


def quote_index_writer(
    quotes: pa.Table, articles: pa.Table, previous: Previous | None = None
) -> Callable[..., None]:
    """Writes the quote search index of these quotes into a folder: updated from the previous
    snapshot's index when there is one, else built anew. Called as `write(folder)` or, on a
    thread that may be told to stop, `write(folder, cancelled)`."""
    index = previous.snapshot / INDEX_DIR if previous and previous.snapshot else None
    if index is not None and index.is_dir():
        before = previous.tables["quotes"]

        def write_index(folder: Path, cancelled: threading.Event | None = None) -> None:
            update_quote_index(index, before, quotes, articles, folder, cancelled)
    else:

        def write_index(folder: Path, cancelled: threading.Event | None = None) -> None:
            build_quote_index(quotes, articles, folder, cancelled)

    return write_index


def _result(manifest: Manifest, tables: dict[str, pa.Table], **counts: int) -> BuildResult:
    warnings = [
        f"{row['doc_id'] or ''} {row['stage']}: {row['message']}"
        for row in tables["warnings"].to_pylist()
    ]
    documents = tables["documents"].select(["path", "status", "error"]).to_pylist()
    failed = [f"{row['path']}: {row['error']}" for row in documents if row["status"] == "error"]
    skipped = [
        f"{row['path']}: {row['status']}: {row['error']}"
        for row in documents
        if row["status"] in ("empty", "duplicate")
    ]
    noted = [
        f"{row['path']}: {row['error']}"
        for row in documents
        if row["status"] == "ok" and row["error"]
    ]
    return BuildResult(manifest, dict(manifest.counts), warnings, failed, skipped, noted, **counts)


@dataclass
class _Counter:
    total: int
    progress: Progress | None
    done: int = 0

    def advance(self, n: int, label: str) -> None:
        self.done += n
        if self.progress is not None and n:
            self.progress(self.done, self.total, label)


def _workers(requested: int | None, paths: list[Path]) -> int:
    if requested is not None:
        return max(1, requested)
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    return available_cores() if size >= PARALLEL_MIN_BYTES else 1


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_files(
    paths: list[Path],
    input_dir: Path,
    *,
    workers: int = 1,
    options: formats.ReaderOptions | None = None,
) -> Generator[Extraction, None, None]:
    """Every file read and extracted, in the order given, by `workers` processes (closing
    the generator stops them)."""
    if workers <= 1 or len(paths) <= 1:
        return (extract_file(path, input_dir, options) for path in paths)
    return _pooled(paths, input_dir, workers, options)


def _pooled(
    paths: list[Path], input_dir: Path, workers: int, options: formats.ReaderOptions | None
) -> Generator[Extraction, None, None]:
    # Forking is fastest (workers inherit the loaded gazetteers) but unsafe once a process runs
    # threads (the Streamlit app does); then workers start fresh.
    method = "fork" if threading.active_count() == 1 and _can_fork() else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            yield from pool.map(
                extract_file,
                paths,
                itertools.repeat(input_dir),
                itertools.repeat(options),
                chunksize=_CHUNK,
            )
        finally:
            # Closed before the end (the build failed): drop the documents still queued
            # instead of extracting them for nobody.
            pool.shutdown(cancel_futures=True)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def extract_file(
    path: Path, input_dir: Path, options: formats.ReaderOptions | None = None
) -> Extraction:
    """One file read and extracted; its text is dropped, the tables keep what they need."""
    extraction = process_document(ingest.read_document(path, input_dir, options))
    extraction.document = replace(extraction.document, text="", entries=())
    return extraction


def assemble_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """Rows of every table from the per-document extractions, events de-duplicated."""
    return assemble(Entry(extraction) for extraction in extractions).tables


@contextlib.contextmanager
def _build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time per data directory; a second one fails fast with a clear message."""
    lock_path = out_dir / ".lock"
    handle = lock_path.open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build is running on {out_dir} (lock {lock_path})") from exc
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()

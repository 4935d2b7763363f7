"""The build: a folder of documents → all tables, written as one atomic snapshot.

    ingest → segment → extract (engagements, partnerships, quotes) → deduplicate → write
                                                           (+ the quote search index)

`process_document` is the pure per-document step (a process pool or a cluster engine can run
it); `build` reads files at one edge and writes Parquet at the other.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa

from etl import formats, gazetteer, ingest, schemas
from etl.dates import DateContext
from etl.dedupe import assign_events, most_common
from etl.engagements import extract_engagements
from etl.partnerships import extract_partnerships, reference_designations
from etl.quotes import extract_quotes
from etl.records import Article, DateValue, Document, Extraction, Warning
from etl.search_index import INDEX_DIR, build_quote_index
from etl.segment import segment
from etl.store import Manifest, write_snapshot

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
    return extraction


def article_context(article: Article) -> DateContext:
    year = article.published.year if article.published else article.context_year
    return DateContext(
        published=article.published, publication_year=year, latest_full_date=article.document_latest
    )


def _row_id(article_id: str, kind: str, index: int) -> str:
    return hashlib.sha1(f"{article_id}:{kind}:{index}".encode()).hexdigest()[:16]


def build(
    input_dir: Path,
    out_dir: Path,
    progress: Progress | None = None,
    *,
    reader_options: formats.ReaderOptions | None = None,
) -> BuildResult:
    """Build every table from the documents in input_dir and make them current in out_dir.

    `reader_options` say which columns of tables and JSON records hold what; by default the
    input folder's diplomacy-atlas.toml, else the usual names.
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
        extractions: list[Extraction] = []
        for done, path in enumerate(paths, start=1):
            document = ingest.read_document(path, input_dir, options)
            extractions.append(process_document(document))
            if progress is not None:
                progress(done, len(paths), document.path)
        tables = assemble_tables(extractions)
        try:
            manifest = write_snapshot(
                out_dir, tables, input_dir=str(input_dir), folders=snapshot_folders(tables)
            )
        except (OSError, ValueError) as exc:  # ValueError: the search index refused a row
            raise BuildError(f"cannot write tables to {out_dir}: {exc}") from exc
    warnings = [
        f"{row['doc_id'] or ''} {row['stage']}: {row['message']}"
        for row in tables["warnings"].to_pylist()
    ]
    documents = tables["documents"].to_pylist()
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
    return BuildResult(manifest, dict(manifest.counts), warnings, failed, skipped, noted)


def snapshot_folders(tables: dict[str, pa.Table]) -> dict[str, Callable[[Path], None]]:
    """What a snapshot holds besides its tables: the quote search index, built from them."""
    return {
        INDEX_DIR: lambda folder: build_quote_index(tables["quotes"], tables["articles"], folder)
    }


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


def assemble_tables(extractions: list[Extraction]) -> dict[str, pa.Table]:
    """Rows of every table from the per-document extractions, events de-duplicated."""
    documents, articles, engagements, partnerships, quotes, warnings = [], [], [], [], [], []
    seen_docs: dict[str, str] = {}
    for extraction in extractions:
        doc = extraction.document
        duplicate_of = seen_docs.get(doc.doc_id) if doc.status == "ok" else None
        if duplicate_of is not None:
            # The same bytes again: one document; this file is listed as the duplicate.
            message = f"same content as {duplicate_of} (document {doc.doc_id}); not read twice"
            doc = replace(
                doc,
                doc_id=ingest.path_id(doc.path),
                status="duplicate",
                error=message,
                text="",
                entries=(),
            )
            documents.append(doc)
            warnings.append(Warning(doc.doc_id, None, "ingest", f"{doc.path}: {message}"))
            continue
        if doc.status == "ok":
            seen_docs[doc.doc_id] = doc.path
        documents.append(doc)
        if doc.status != "ok" or doc.error:
            warnings.append(Warning(doc.doc_id, None, "ingest", f"{doc.path}: {doc.error}"))
        articles.extend(extraction.articles)
        engagements.extend(extraction.engagements)
        partnerships.extend(extraction.partnerships)
        quotes.extend(extraction.quotes)
        warnings.extend(extraction.warnings)
    doc_of = {a.article_id: a.doc_id for a in articles}
    events = assign_events(engagements, doc_of)
    n_articles = {d.doc_id: 0 for d in documents}
    for article in articles:
        n_articles[article.doc_id] = n_articles.get(article.doc_id, 0) + 1
    return {
        "documents": _table(schemas.DOCUMENTS, [
            {"doc_id": d.doc_id, "path": d.path, "format": d.format, "bytes": d.bytes,
             "ingested_at": d.ingested_at, "status": d.status, "error": d.error,
             "n_articles": n_articles.get(d.doc_id, 0)}
            for d in documents
        ]),
        "articles": _table(schemas.ARTICLES, [
            {"article_id": a.article_id, "doc_id": a.doc_id, "ordinal": a.ordinal, "kind": a.kind,
             "parent_article_id": a.parent_article_id, "title": a.title, "published": a.published,
             "date_basis": a.date_basis, "dateline": a.dateline, "outlet": a.outlet,
             "text": a.text, "doc_start": a.doc_start, "doc_end": a.doc_end, "url": a.url,
             "title_source": a.title_source, "date_source": a.date_source,
             "outlet_source": a.outlet_source, "url_source": a.url_source}
            for a in articles
        ]),
        "engagements": _table(schemas.ENGAGEMENTS, [
            {"engagement_id": e.engagement_id, "event_id": e.event_id, "article_id": e.article_id,
             **_date_columns(e.date), "date_basis": e.date.basis if e.date else None,
             "country": e.country, "counterpart_org": e.counterpart_org, "type": e.type,
             "cn_actor": e.cn_actor, "cn_level": e.cn_level, "foreign_actor": e.foreign_actor,
             "sentence": e.sentence, "span_start": e.span_start, "span_end": e.span_end}
            for e in engagements
        ]),
        "events": _table(schemas.EVENTS, [_event_row(ev.event_id, ev.members) for ev in events]),
        "partnerships": _table(schemas.PARTNERSHIPS, [
            {"partnership_id": p.partnership_id, "article_id": p.article_id, "country": p.country,
             "phrase": p.phrase, "framework": p.framework, "tier": p.tier, "tier_rank": p.tier_rank,
             "status": p.status, **_date_columns(p.date), "sentence": p.sentence,
             "span_start": p.span_start, "span_end": p.span_end}
            for p in partnerships
        ]),
        "quotes": _table(schemas.QUOTES, [
            {"quote_id": q.quote_id, "article_id": q.article_id, "speaker": q.speaker,
             "speaker_country": q.speaker_country, "speaker_role": q.speaker_role, "kind": q.kind,
             "text": q.text, **_date_columns(q.date), "countries_mentioned": q.countries_mentioned,
             "span_start": q.span_start, "span_end": q.span_end}
            for q in quotes
        ]),
        "partnership_reference": partnership_reference_table(),
        "countries": countries_table(),
        "warnings": _table(schemas.WARNINGS, [
            {"doc_id": w.doc_id, "article_id": w.article_id, "stage": w.stage, "message": w.message}
            for w in warnings
        ]),
    }  # fmt: skip


def _date_columns(value: DateValue | None) -> dict[str, object]:
    if value is None:
        return {"date": None, "date_precision": None}
    return {"date": value.value, "date_precision": value.precision}


def _event_row(event_id: str, members: list) -> dict[str, object]:
    dated = [m.date for m in members if m.date is not None]
    best = min(
        dated, key=lambda d: ({"day": 0, "month": 1, "year": 2}[d.precision], d.value), default=None
    )
    return {
        "event_id": event_id,
        **_date_columns(best),
        "country": members[0].country,
        "counterpart_org": members[0].counterpart_org,
        "type": members[0].type,
        "cn_actor": (actor := most_common([m.cn_actor for m in members])),
        # The level of the chosen actor, not a separate vote that could name someone else's.
        "cn_level": most_common([m.cn_level for m in members if m.cn_actor == actor]),
        "foreign_actor": most_common([m.foreign_actor for m in members]),
        "n_sources": len({m.article_id for m in members}),
        "n_mentions": len(members),
    }


def countries_table() -> pa.Table:
    rows = [
        {"iso3": c.iso3, "iso2": c.iso2, "iso_numeric": c.iso_numeric, "name": c.name,
         "region": c.region or None, "subregion": c.subregion or None,
         "intermediate_region": c.intermediate_region or None, "continent": c.continent or None}
        for c in gazetteer.countries().values()
    ]  # fmt: skip
    return _table(schemas.COUNTRIES, rows)


def partnership_reference_table() -> pa.Table:
    """The reference designations as shipped: written with every build, never merged with
    the corpus's mentions."""
    rows = [
        {"country": r.country, "designation": r.designation, "tier": r.tier,
         "tier_rank": r.tier_rank, "year": r.year, "source": r.source,
         "confidence": r.confidence}
        for r in reference_designations()
    ]  # fmt: skip
    return _table(schemas.PARTNERSHIP_REFERENCE, rows)


def _table(schema: pa.Schema, rows: list[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)

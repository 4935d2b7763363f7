"""Assembly: per-document extractions (fresh, or reused from the previous build) → all tables.

A build's tables are the union of every document's records plus the events, the only thing
computed across documents. Records are Arrow tables from here on, so a corpus of 100,000
articles never holds a Python object per row all at once, and an incremental build takes
the unchanged documents' rows straight from the previous snapshot.

Events: `etl.dedupe.assign_events` groups mentions by (country, organisation, type; every
kind of visit is one group, talks and meetings another) and
clusters each group on its own. When documents are added, changed or removed, only the
groups their engagements fall in are clustered again; every other event (and event id) is
exactly what a full build computes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from etl import gazetteer, rollups, schemas, statement_links
from etl.dedupe import MEETING_TYPES, VISIT_TYPES, assign_events, event_type, most_common
from etl.ingest import DOC_ID_LENGTH, path_id
from etl.partnerships import reference_designations
from etl.records import DateValue, Document, Engagement, Extraction, Warning

# The tables that hold a document's own records (beside its documents row and warnings).
RECORD_TABLES = ("articles", "engagements", "partnerships", "quotes")
_FLUSH_EVERY = 2000  # documents whose rows become Arrow at once: bounds Python objects
_KEY_COLUMNS = ("country", "counterpart_org", "type")  # what assign_events groups by


def doc_of_article(article_id: str) -> str:
    """The document of an article id (`<doc_id>-<ordinal>`)."""
    return article_id[:DOC_ID_LENGTH]


def _doc_ids(table: pa.Table) -> pa.ChunkedArray:
    if "doc_id" in table.column_names:
        return table["doc_id"]
    # Document ids have a fixed length (etl.ingest.content_id): slicing is the fast way.
    return pc.utf8_slice_codeunits(table["article_id"], 0, DOC_ID_LENGTH)


@dataclass
class Previous:
    """What the previous build holds for documents that have not changed since."""

    documents: dict[str, dict]  # doc_id → documents row, for documents read fine ("ok")
    tables: dict[str, pa.Table]  # record tables and events
    warnings: dict[str, list[dict]]  # doc_id → its own (segment, extract) warning rows
    caches: dict[str, pa.Table] = field(default_factory=dict)  # its build cache (schemas)
    snapshot: Path | None = None  # its folder (the quote index is updated from it)

    def rows_of(self, table: str, doc_ids: set[str]) -> pa.Table:
        wanted = pa.array(sorted(doc_ids), pa.string())
        return self.tables[table].filter(pc.is_in(_doc_ids(self.tables[table]), wanted))


@dataclass
class Entry:
    """One input file in build order: a fresh extraction, or a document reused as it was."""

    extraction: Extraction
    reused: bool = False


@dataclass
class _Fresh:
    """Records of freshly processed documents, turned into Arrow a few thousand at a time."""

    batches: dict[str, list[pa.Table]] = field(
        default_factory=lambda: {name: [] for name in RECORD_TABLES}
    )
    pending: list[Extraction] = field(default_factory=list)

    def add(self, extraction: Extraction) -> None:
        self.pending.append(extraction)
        if len(self.pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            for name, table in record_tables(self.pending).items():
                self.batches[name].append(table)
        self.pending = []

    def tables(self) -> dict[str, pa.Table]:
        self.flush()
        return {name: _concat(name, batches) for name, batches in self.batches.items()}


@dataclass
class Assembly:
    tables: dict[str, pa.Table]  # every table of schemas.TABLES
    quote_shingles: pa.Table  # the build cache of statement linking (schemas.QUOTE_SHINGLES)


def assemble(
    entries: Iterable[Entry],
    previous: Previous | None = None,
    on_records: Callable[[dict[str, pa.Table]], None] | None = None,
) -> Assembly:
    """Every table, from the entries in build order. A reused entry takes its rows from
    `previous`. A document with the same content as an earlier one is skipped, with a warning.

    `on_records` is given the record tables (RECORD_TABLES) as soon as every document's rows
    are in, before the steps across documents: what depends on them alone (the quote search
    index) can be built meanwhile.
    """
    documents: list[dict] = []
    warnings: list[Warning] = []
    fresh = _Fresh()
    reused: set[str] = set()
    seen: dict[str, str] = {}
    for entry in entries:
        doc = entry.extraction.document
        duplicate_of = seen.get(doc.doc_id) if doc.status == "ok" else None
        if duplicate_of is not None:
            # The same bytes again: one document; this file is listed as the duplicate.
            message = f"same content as {duplicate_of} (document {doc.doc_id}); not read twice"
            doc = replace(
                doc, doc_id=path_id(doc.path), status="duplicate", error=message, text="",
                entries=(),
            )  # fmt: skip
            documents.append(_document_row(doc, 0))
            warnings.append(Warning(doc.doc_id, None, "ingest", f"{doc.path}: {message}"))
            continue
        if doc.status == "ok":
            seen[doc.doc_id] = doc.path
        if doc.status != "ok" or doc.error:
            warnings.append(Warning(doc.doc_id, None, "ingest", f"{doc.path}: {doc.error}"))
        if entry.reused and previous is not None:
            reused.add(doc.doc_id)
            n_articles = previous.documents[doc.doc_id]["n_articles"]
            warnings.extend(Warning(**row) for row in previous.warnings.get(doc.doc_id, []))
        else:
            n_articles = len(entry.extraction.articles)
            warnings.extend(entry.extraction.warnings)
            fresh.add(entry.extraction)
        documents.append(_document_row(doc, n_articles))
    tables = fresh.tables()
    if previous is not None and reused:
        every_one = reused.issuperset(previous.documents)  # nothing gone: no rows to drop
        for name in RECORD_TABLES:
            kept = previous.tables[name] if every_one else previous.rows_of(name, reused)
            tables[name] = pa.concat_tables([kept, tables[name]])
    if on_records is not None:
        on_records({name: tables[name] for name in RECORD_TABLES})
    tables["engagements"], tables["events"] = _with_events(tables["engagements"], previous, reused)
    tables["quotes"], quote_shingles = _linked_quotes(
        tables["quotes"], tables["engagements"], previous if reused else None
    )
    tables["partnership_reference"] = partnership_reference_table()
    tables["documents"] = _table(schemas.DOCUMENTS, documents)
    tables["warnings"] = _table(schemas.WARNINGS, [
        {"doc_id": w.doc_id, "article_id": w.article_id, "stage": w.stage, "message": w.message}
        for w in warnings
    ])  # fmt: skip
    tables["countries"] = countries_table()
    tables.update(
        rollups.rollup_tables(tables["engagements"], tables["articles"], tables["events"])
    )
    return Assembly({name: tables[name] for name in schemas.TABLES}, quote_shingles)


def _document_row(doc: Document, n_articles: int) -> dict[str, object]:
    return {"doc_id": doc.doc_id, "path": doc.path, "format": doc.format, "bytes": doc.bytes,
            "ingested_at": doc.ingested_at, "status": doc.status, "error": doc.error,
            "n_articles": n_articles}  # fmt: skip


def record_tables(extractions: list[Extraction]) -> dict[str, pa.Table]:
    """The article, engagement, partnership and quote rows of some documents."""
    articles = [a for x in extractions for a in x.articles]
    engagements = [e for x in extractions for e in x.engagements]
    partnerships = [p for x in extractions for p in x.partnerships]
    quotes = [q for x in extractions for q in x.quotes]
    return {
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
             "span_start": q.span_start, "span_end": q.span_end,
             "statement_id": q.statement_id or q.quote_id,
             "statement_sources": q.statement_sources, "event_id": None,
             "engagement_id": q.engagement_id}
            for q in quotes
        ]),
    }  # fmt: skip


# --- events -------------------------------------------------------------------------------------


def _event_keys(table: pa.Table) -> pa.ChunkedArray:
    """The group of each row as one string: country|organisation|type."""
    parts = [pc.fill_null(table[column], "") for column in _KEY_COLUMNS]
    # Kinds of visit are one group, talks and meetings another (etl.dedupe.event_group).
    is_visit = pc.is_in(parts[-1], pa.array(sorted(VISIT_TYPES), pa.string()))
    is_meeting = pc.is_in(parts[-1], pa.array(sorted(MEETING_TYPES), pa.string()))
    parts[-1] = pc.if_else(is_visit, "visit", pc.if_else(is_meeting, "meeting", parts[-1]))
    return pc.binary_join_element_wise(*parts, "|")


def _with_events(
    engagements: pa.Table, previous: Previous | None, reused: set[str]
) -> tuple[pa.Table, pa.Table]:
    """Engagements with their event ids, and the events table.

    Groups touched by a fresh document, or by a document of the previous build that is gone
    or changed, are clustered again; the other groups keep the previous build's events.
    """
    keys = _event_keys(engagements)
    if previous is None or not reused:
        affected = pa.array([True] * engagements.num_rows, pa.bool_())
        kept_events = _table(schemas.EVENTS, [])
    else:
        reused_ids = pa.array(sorted(reused), pa.string())
        fresh_keys = keys.filter(pc.invert(pc.is_in(_doc_ids(engagements), reused_ids)))
        before = previous.tables["engagements"]
        gone_keys = _event_keys(before).filter(pc.invert(pc.is_in(_doc_ids(before), reused_ids)))
        touched = pc.unique(pa.chunked_array([*fresh_keys.chunks, *gone_keys.chunks], pa.string()))
        affected = pc.is_in(keys, touched)
        events_before = previous.tables["events"]
        kept_events = events_before.filter(pc.invert(pc.is_in(_event_keys(events_before), touched)))
    rows = engagements.filter(affected).select(
        ["engagement_id", "article_id", "date", "date_precision", "date_basis", *_KEY_COLUMNS,
         "cn_actor", "cn_level", "foreign_actor"]
    ).to_pylist()  # fmt: skip
    mentions = [_engagement(row) for row in rows]
    events = assign_events(mentions, {m.article_id: doc_of_article(m.article_id) for m in mentions})
    new_id = {m.engagement_id: m.event_id for m in mentions}
    event_ids = [
        new_id.get(engagement_id, old)
        for engagement_id, old in zip(
            engagements["engagement_id"].to_pylist(),
            engagements["event_id"].to_pylist(),
            strict=True,
        )
    ]
    column = engagements.schema.get_field_index("event_id")
    engagements = engagements.set_column(
        column, schemas.ENGAGEMENTS.field("event_id"), pa.array(event_ids, pa.string())
    )
    new_events = _table(schemas.EVENTS, [_event_row(ev.event_id, ev.members) for ev in events])
    return engagements, pa.concat_tables([kept_events, new_events])


def _engagement(row: dict) -> Engagement:
    """An engagement mention with what clustering reads (no sentence, no span)."""
    day: date | None = row["date"]
    return Engagement(
        article_id=row["article_id"], type=row["type"], country=row["country"],
        counterpart_org=row["counterpart_org"], cn_actor=row["cn_actor"],
        cn_level=row["cn_level"], foreign_actor=row["foreign_actor"],
        date=DateValue(day, row["date_precision"], row["date_basis"]) if day else None,
        sentence="", span_start=0, span_end=0, engagement_id=row["engagement_id"],
    )  # fmt: skip


def _event_row(event_id: str, members: list[Engagement]) -> dict[str, object]:
    dated = [m.date for m in members if m.date is not None]
    best = min(
        dated, key=lambda d: ({"day": 0, "month": 1, "year": 2}[d.precision], d.value), default=None
    )
    return {
        "event_id": event_id,
        **_date_columns(best),
        "country": members[0].country,
        "counterpart_org": members[0].counterpart_org,
        "type": event_type([m.type for m in members]),
        "cn_actor": (actor := most_common([m.cn_actor for m in members])),
        # The level of the chosen actor, not a separate vote that could name someone else's.
        "cn_level": most_common([m.cn_level for m in members if m.cn_actor == actor]),
        "foreign_actor": most_common([m.foreign_actor for m in members]),
        "n_sources": len({m.article_id for m in members}),
        "n_mentions": len(members),
    }


# --- quotes across documents --------------------------------------------------------------------


def _linked_quotes(
    quotes: pa.Table, engagements: pa.Table, previous: Previous | None
) -> tuple[pa.Table, pa.Table]:
    """Quotes with the event they were spoken at (from the engagement linked within their
    document) and their statement: repeats across articles and documents are one statement,
    linked over every quote of the build (etl.statement_links: again only where a change
    reaches, when the previous build is at hand). Also returns the quotes' shingles cache."""
    at = pc.index_in(quotes["engagement_id"], engagements["engagement_id"])
    event_ids = pc.take(engagements["event_id"], at)
    if previous is None:
        statements = statement_links.link(quotes)
    else:
        statements = statement_links.link(
            quotes, previous.tables["quotes"], previous.caches.get("quote_shingles")
        )
    for name, values in (
        ("event_id", event_ids),
        ("statement_id", statements.statement_id),
        ("statement_sources", statements.statement_sources),
    ):
        index = quotes.schema.get_field_index(name)
        quotes = quotes.set_column(index, schemas.QUOTES.field(name), values)
    return quotes, statements.shingles


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


# --- small helpers ------------------------------------------------------------------------------


def _date_columns(value: DateValue | None) -> dict[str, object]:
    if value is None:
        return {"date": None, "date_precision": None}
    return {"date": value.value, "date_precision": value.precision}


def countries_table() -> pa.Table:
    rows = [
        {"iso3": c.iso3, "iso2": c.iso2, "iso_numeric": c.iso_numeric, "name": c.name,
         "region": c.region or None, "subregion": c.subregion or None,
         "intermediate_region": c.intermediate_region or None, "continent": c.continent or None}
        for c in gazetteer.countries().values()
    ]  # fmt: skip
    return _table(schemas.COUNTRIES, rows)


def _table(schema: pa.Schema, rows: list[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def _concat(name: str, tables: list[pa.Table]) -> pa.Table:
    return pa.concat_tables(tables) if tables else _table(schemas.TABLES[name], [])

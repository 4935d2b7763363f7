"""Statements across a build: linked over every quote, or again only where a change reaches.

Which quotes are one statement is decided over the whole build (etl.statements). Linking every
quote again at each build costs time in proportion to the corpus (a minute at 100,000
articles), so an incremental build keeps each quote's shingles in the snapshot (the
`quote_shingles` build cache) and links again only the statements a change can reach:

1. the fresh quotes (of new or changed documents);
2. the statements of kept quotes that share a usable shingle with a fresh quote (a new link);
3. the statements that held a quote of a removed or changed document (a link that is gone);
4. the statements of kept quotes in the articles of any quote holding a shingle that
   crossed the "common" line (in more than COMMON_SHINGLE quotes) one way or the other:
   the only way two kept quotes can gain or lose a link, or a best match in an article.

Every other statement keeps its id and sources: no link can join it to a relinked quote,
since that link would have had to exist before (then both were in one statement, which is
relinked whole) or to come from 1-4. The result is what linking everything gives; the tests
compare the two over random series of changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from etl import schemas, statements
from etl.statements import STATEMENT_COLUMNS, shingle_lists, statements_of


@dataclass
class Statements:
    """Each quote's statement (in the order of the quotes given) and the cache for the next."""

    statement_id: pa.Array
    statement_sources: pa.Array
    shingles: pa.Table  # schemas.QUOTE_SHINGLES: every quote's shingles
    relinked: int  # quotes linked by this build (all of them in a full link)


def link(
    quotes: pa.Table, previous_quotes: pa.Table | None = None, cache: pa.Table | None = None
) -> Statements:
    """The statements of these quotes: over all of them, or, given the previous build's
    quotes (with their statements) and its shingles cache, again only where needed."""
    if previous_quotes is None or cache is None or not _covers(cache, previous_quotes):
        return _link_all(quotes)
    return _relink(quotes, previous_quotes, cache)


def _covers(cache: pa.Table, previous_quotes: pa.Table) -> bool:
    """The cache holds exactly the previous build's quotes (else link everything)."""
    known = pc.is_in(previous_quotes["quote_id"], cache["quote_id"])
    return cache.num_rows == previous_quotes.num_rows and pc.all(known).as_py() is not False


def _link_all(quotes: pa.Table) -> Statements:
    linked = statements_of(quotes.select(STATEMENT_COLUMNS))
    return Statements(
        linked.statement_id,
        linked.statement_sources,
        shingle_table(quotes["quote_id"], linked.shingles),
        relinked=quotes.num_rows,
    )


def _relink(quotes: pa.Table, previous_quotes: pa.Table, cache: pa.Table) -> Statements:
    ids = quotes["quote_id"]
    fresh = quotes.filter(pc.invert(pc.is_in(ids, previous_quotes["quote_id"])))
    fresh_shingles = shingle_lists(fresh["text"].to_pylist())
    kept = _kept(cache, previous_quotes, ids)
    removed = previous_quotes.filter(pc.invert(pc.is_in(previous_quotes["quote_id"], ids)))
    common, reached = _reached(kept, cache, removed, fresh_shingles)
    # Whole statements are linked again: a statement reached anywhere is reached everywhere.
    again = kept.filter(
        pc.is_in(kept["statement_id"], pc.unique(kept["statement_id"].filter(reached)))
    )
    again_rows = quotes.filter(pc.is_in(ids, again["quote_id"]))
    order = pc.index_in(again_rows["quote_id"], again["quote_id"])
    again_shingles = pc.take(again["shingles"], order)
    to_link = pa.concat_tables(
        [again_rows.select(STATEMENT_COLUMNS), fresh.select(STATEMENT_COLUMNS)]
    )
    linked = statements_of(
        to_link,
        pa.chunked_array([*again_shingles.chunks, fresh_shingles], pa.list_(pa.int64())),
        common.to_numpy(),
    )
    where = pc.index_in(ids, to_link["quote_id"])
    return Statements(
        pc.coalesce(pc.take(linked.statement_id, where), quotes["statement_id"]).combine_chunks(),
        pc.coalesce(
            pc.take(linked.statement_sources, where), quotes["statement_sources"]
        ).combine_chunks(),
        pa.concat_tables(
            [
                kept.select(["quote_id", "shingles"]).cast(schemas.QUOTE_SHINGLES),
                shingle_table(fresh["quote_id"], fresh_shingles),
            ]
        ),
        relinked=to_link.num_rows,
    )


def _kept(cache: pa.Table, previous_quotes: pa.Table, ids: pa.ChunkedArray) -> pa.Table:
    """The quotes kept from the previous build, each with its statement, article, shingles."""
    kept_cache = cache.filter(pc.is_in(cache["quote_id"], ids))
    at = pc.index_in(kept_cache["quote_id"], previous_quotes["quote_id"])
    return pa.table({
        "quote_id": kept_cache["quote_id"],
        "article_id": pc.take(previous_quotes["article_id"], at),
        "statement_id": pc.take(previous_quotes["statement_id"], at),
        "shingles": kept_cache["shingles"],
    }).combine_chunks()  # fmt: skip


def _reached(
    kept: pa.Table, cache: pa.Table, removed: pa.Table, fresh_shingles: pa.ListArray
) -> tuple[pa.Array, pa.ChunkedArray]:
    """The shingles now common, and which kept quotes a change reaches (2-4 above)."""
    fresh_flat = pc.list_flatten(fresh_shingles)
    removed_flat = pc.list_flatten(
        cache.filter(pc.is_in(cache["quote_id"], removed["quote_id"]))["shingles"]
    )
    kept_flat = pc.list_flatten(kept["shingles"])
    kept_row = pc.list_parent_indices(kept["shingles"])
    line = statements.COMMON_SHINGLE
    before = _counts(pc.list_flatten(cache["shingles"]))
    now = _counts(pa.chunked_array([*kept_flat.chunks, fresh_flat], pa.int64()))
    common = now.filter(pc.greater(now["n"], line))["shingle"].combine_chunks()
    touched = pc.unique(pa.chunked_array([*removed_flat.chunks, fresh_flat], pa.int64()))
    crossing = touched.filter(
        pc.not_equal(
            pc.greater(_count_of(touched, before), line),
            pc.greater(_count_of(touched, now), line),
        )
    )
    fresh_unique = pc.unique(fresh_flat)
    usable_fresh = fresh_unique.filter(pc.invert(pc.is_in(fresh_unique, common)))
    new_link = _holding(kept, kept_flat, kept_row, usable_fresh)  # 2
    lost_link = pc.is_in(kept["statement_id"], removed["statement_id"])  # 3
    crossing_articles = pc.unique(
        kept["article_id"].filter(_holding(kept, kept_flat, kept_row, crossing))
    )
    crossing_link = pc.is_in(kept["article_id"], crossing_articles)  # 4
    return common, pc.or_(pc.or_(new_link, lost_link), crossing_link)


def shingle_table(quote_ids: pa.ChunkedArray | pa.Array, found: pa.ListArray) -> pa.Table:
    return pa.table({"quote_id": quote_ids, "shingles": found}, schema=schemas.QUOTE_SHINGLES)


def _counts(flat: pa.ChunkedArray | pa.Array) -> pa.Table:
    counted = pc.value_counts(flat)
    return pa.table({"shingle": counted.field("values"), "n": counted.field("counts")})


def _count_of(values: pa.Array, counts: pa.Table) -> pa.Array:
    return pc.fill_null(pc.take(counts["n"], pc.index_in(values, counts["shingle"])), 0)


def _holding(kept: pa.Table, flat, row_of, wanted: pa.Array) -> pa.ChunkedArray:
    """For each kept quote: does it hold one of the wanted shingles?"""
    rows = pc.unique(row_of.filter(pc.is_in(flat, wanted)))
    return pc.is_in(kept["quote_id"], pc.take(kept["quote_id"], rows))

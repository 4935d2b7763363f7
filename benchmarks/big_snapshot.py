"""A data folder at dashboard scale: a built synthetic snapshot, its rows repeated.

    python benchmarks/big_snapshot.py --source DATA --out BIGDATA [--engagements 1000000]
        [--quotes 1000000] [--layout sorted|build-order]

Extracting a million engagement mentions takes an hour on two cores; the dashboard's
queries only see rows, so the rows of a real build (of etl.synth documents) are repeated
with new ids, each copy's dates shifted by a few days, until the engagements and quotes
tables hold the asked number of rows. Articles, events and partnerships are repeated with
them, so every join of the app finds its rows; the roll-ups (etl.rollups) are computed
again from the repeated rows, as a build would. The tables are written by etl.store, in its
layout (`sorted`), or in plain build order with one big row group per file (`build-order`,
pyarrow's default and this project's before the layout was chosen), to compare the two.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from _common import emit, load

from etl import store
from etl.pipeline import snapshot_folders
from etl.rollups import ROLLUP_SQL, rollup_tables
from etl.schemas import TABLES

# Free text made distinct per copy: repeated strings would let Parquet's dictionaries and
# DuckDB evaluate a search once per distinct value, which a real corpus does not allow.
_TEXT_COLUMNS = {
    "articles": ["title", "text"],
    "engagements": ["sentence"],
    "partnerships": ["sentence"],
    "quotes": ["text"],
}
_ID_COLUMNS = {  # columns holding ids that must stay unique, or point at a repeated row
    "articles": ["article_id", "parent_article_id"],
    "engagements": ["engagement_id", "event_id", "article_id"],
    "events": ["event_id"],
    "partnerships": ["partnership_id", "article_id"],
    "quotes": ["quote_id", "article_id"],
}


def _copy(table: pa.Table, name: str, k: int) -> pa.Table:
    if k == 0:
        return table
    for column in _ID_COLUMNS.get(name, []):
        index = table.schema.get_field_index(column)
        suffixed = pc.binary_join_element_wise(table[column], pa.scalar(f"~{k}"), "")
        table = table.set_column(index, table.schema.field(column), suffixed)
    for column in _TEXT_COLUMNS.get(name, []):
        index = table.schema.get_field_index(column)
        marked = pc.binary_join_element_wise(table[column], pa.scalar(f" ({k})"), "")
        table = table.set_column(index, table.schema.field(column), marked)
    for column in ("date", "published"):
        if column in table.column_names:
            index = table.schema.get_field_index(column)
            days = pc.add(pc.cast(table[column], pa.int32()), pa.scalar(k % 28, pa.int32()))
            shifted = pc.cast(days, pa.date32())
            table = table.set_column(index, table.schema.field(column), shifted)
    return table


def scale(
    source: Path, out: Path, engagements: int, quotes: int, layout: str, quote_index: str
) -> dict:
    manifest = store.read_manifest(source)
    tables = {
        name: pq.read_table(manifest.table_path(source, name))
        for name in TABLES
        if name not in ROLLUP_SQL  # derived: rolled up again from the repeated rows below
    }
    copies = max(
        math.ceil(engagements / max(1, tables["engagements"].num_rows)),
        math.ceil(quotes / max(1, tables["quotes"].num_rows)),
    )
    big = {}
    for name, table in tables.items():
        if name in _ID_COLUMNS:
            big[name] = pa.concat_tables([_copy(table, name, k) for k in range(copies)])
        else:
            big[name] = table
    big["engagements"] = big["engagements"].slice(0, engagements)
    big["quotes"] = big["quotes"].slice(0, quotes)
    start = time.perf_counter()
    big.update(rollup_tables(big["engagements"], big["articles"], big["events"]))
    rollup_seconds = time.perf_counter() - start
    if layout == "build-order":
        saved = store.SORT_KEYS, store.ROW_GROUP_ROWS
        store.SORT_KEYS, store.ROW_GROUP_ROWS = {}, 1024 * 1024
    start = time.perf_counter()
    try:
        indexed = big if quote_index == "full" else {**big, "quotes": big["quotes"].slice(0, 0)}
        folders = snapshot_folders(indexed)
        store.write_snapshot(out, big, input_dir=f"{source} x{copies}", folders=folders)
    finally:
        if layout == "build-order":
            store.SORT_KEYS, store.ROW_GROUP_ROWS = saved
    return {"copies": copies, "rollup_seconds": round(rollup_seconds, 1),
            "write_seconds": round(time.perf_counter() - start, 1),
            **{f"{n}_rows": t.num_rows for n, t in big.items()}}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, required=True, help="a built data folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--engagements", type=int, default=1_000_000)
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--layout", choices=["sorted", "build-order"], default="sorted")
    parser.add_argument(
        "--quote-index",
        choices=["full", "empty"],
        default="full",
        help="index every quote for the search (minutes at 1,000,000), or none (the app opens "
        "the snapshot; the quote search finds nothing: benchmarks/quote_search.py measures it)",
    )
    args = parser.parse_args()
    figures = scale(args.source, args.out, args.engagements, args.quotes, args.layout,
                    args.quote_index)  # fmt: skip
    emit({"benchmark": "big_snapshot", "layout": args.layout, "quote_index": args.quote_index,
          **figures, **load()})  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())

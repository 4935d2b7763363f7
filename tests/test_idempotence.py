"""Idempotence: the same input built twice gives the same rows and the same ids, in every
table, whatever formats and bad files the folder holds."""

from __future__ import annotations

import pyarrow as pa
import sample_files as sf

from etl import store
from etl.pipeline import build
from etl.schemas import TABLES


def _rows(data, manifest) -> dict[str, pa.Table]:
    tables = {name: store.read_table(data, name, manifest) for name in TABLES}
    # When a file was read is the one value that may differ between two builds.
    tables["documents"] = tables["documents"].drop_columns(["ingested_at"])
    return tables


def test_building_the_same_folder_twice_gives_the_same_rows_and_ids(tmp_path):
    folder = sf.mixed_corpus(tmp_path / "in")
    sf.bad_folder(folder / "bad")
    first = build(folder, tmp_path / "a").manifest
    other = build(folder, tmp_path / "b").manifest
    again = build(folder, tmp_path / "a").manifest  # into the folder that already has it
    assert len({first.run_id, other.run_id, again.run_id}) == 3
    tables = _rows(tmp_path / "a", first)
    for data, manifest in ((tmp_path / "b", other), (tmp_path / "a", again)):
        for name, table in _rows(data, manifest).items():
            assert table.equals(tables[name]), name
    assert first.counts == other.counts == again.counts
    # Every format and every bad file is in it, with stable ids.
    formats = set(tables["documents"].column("format").to_pylist())
    assert formats >= {"html", "feed", "json", "jsonl", "csv", "pdf", "text", "markdown"}
    statuses = set(tables["documents"].column("status").to_pylist())
    assert statuses == {"ok", "empty", "error", "duplicate"}
    assert tables["engagements"].num_rows >= 10

"""Parallel and incremental builds give exactly what a full serial build gives, faster."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import queries
from dashboard.db import Database
from etl import incremental, store, synth
from etl.pipeline import build
from etl.schemas import TABLES

REPO = Path(__file__).resolve().parent.parent


def tables_of(data: Path) -> dict[str, pa.Table]:
    """Every table of the current build; when a document was read is not compared."""
    manifest = store.read_manifest(data)
    out = {name: pq.read_table(manifest.table_path(data, name)) for name in TABLES}
    out["documents"] = out["documents"].drop_columns(["ingested_at"])
    return out


def assert_same_tables(a: Path, b: Path) -> None:
    first, second = tables_of(a), tables_of(b)
    for name in TABLES:
        assert first[name].equals(second[name]), name


def ids(data: Path, table: str, column: str) -> set[str]:
    return set(tables_of(data)[table][column].to_pylist())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    synth.generate(folder, 40, seed=11)
    shutil.copy(REPO / "seeds" / "003_b5873b51e5301179.txt", folder / "zz_seed.txt")
    return folder


@pytest.fixture
def built(corpus, tmp_path) -> tuple[Path, Path]:
    """A copy of the corpus and a build of it, to change one file at a time."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus, docs)
    data = tmp_path / "data"
    build(docs, data, workers=1)
    return docs, data


def test_a_build_on_two_processes_gives_the_same_tables_as_on_one(corpus, tmp_path):
    build(corpus, tmp_path / "one", workers=1)
    seen: list[int] = []
    build(corpus, tmp_path / "two", workers=2, progress=lambda done, total, _: seen.append(done))
    assert_same_tables(tmp_path / "one", tmp_path / "two")
    assert seen[-1] == len(list(corpus.rglob("*.txt")))  # the progress bar counts documents


def test_rebuilding_unchanged_files_processes_nothing_and_changes_nothing(built, tmp_path):
    docs, data = built
    before = tables_of(data)
    result = build(docs, data)
    assert (result.processed, result.reused) == (0, len(list(docs.rglob("*.txt"))))
    after = tables_of(data)
    for name in TABLES:
        assert before[name].equals(after[name]), name


def test_an_added_file_is_the_only_one_processed_and_the_result_is_a_full_builds(built, tmp_path):
    docs, data = built
    old_engagements = ids(data, "engagements", "engagement_id")
    shutil.copy(REPO / "seeds" / "002_c2998331b654bcfb.txt", docs / "new.txt")
    result = build(docs, data)
    assert result.processed == 1
    build(docs, tmp_path / "full", full=True)
    assert_same_tables(data, tmp_path / "full")
    assert old_engagements < ids(data, "engagements", "engagement_id")  # old ids kept


def test_a_changed_file_replaces_exactly_its_own_records(built, tmp_path):
    docs, data = built
    changed = docs / "zz_seed.txt"
    old_doc = {row["doc_id"] for row in tables_of(data)["documents"].to_pylist()
               if row["path"] == "zz_seed.txt"}  # fmt: skip
    others = {a for a in ids(data, "articles", "article_id") if not a.startswith(tuple(old_doc))}
    changed.write_text(changed.read_text().replace("March 30", "March 29"), encoding="utf-8")
    result = build(docs, data)
    assert result.processed == 1
    build(docs, tmp_path / "full", full=True)
    assert_same_tables(data, tmp_path / "full")
    articles = ids(data, "articles", "article_id")
    assert others <= articles
    assert not any(a.startswith(tuple(old_doc)) for a in articles)


def test_a_removed_file_takes_exactly_its_records_away(built, tmp_path):
    docs, data = built
    gone = sorted(docs.rglob("*.txt"))[0]
    gone_path = str(gone.relative_to(docs))
    gone_doc = next(row["doc_id"] for row in tables_of(data)["documents"].to_pylist()
                    if row["path"] == gone_path)  # fmt: skip
    gone.unlink()
    result = build(docs, data)
    assert result.processed == 0
    build(docs, tmp_path / "full", full=True)
    assert_same_tables(data, tmp_path / "full")
    for table in ("articles", "engagements", "partnerships", "quotes"):
        column = tables_of(data)[table]["article_id"].to_pylist()
        assert not any(a.startswith(gone_doc) for a in column), table


def test_a_different_extractor_rebuilds_everything(built, monkeypatch):
    docs, data = built
    monkeypatch.setattr(incremental, "fingerprint", lambda: "another-extractor")
    result = build(docs, data)
    assert result.reused == 0 and result.processed == len(list(docs.rglob("*.txt")))


# --- the build cache: files known by their status, the quote index updated ------------------


@pytest.fixture
def settled(monkeypatch):
    """Files just written count as settled (a build otherwise hashes them again for 2 s)."""
    monkeypatch.setattr(incremental, "RACY_SECONDS", 0.0)


def test_an_unchanged_file_is_not_even_read_again(built, settled, monkeypatch):
    docs, data = built
    build(docs, data)  # the files are settled now: their status and hash are kept

    def read_again(raw: bytes) -> str:
        raise AssertionError("an unchanged file was read and hashed again")

    monkeypatch.setattr(incremental.ingest, "content_id", read_again)
    result = build(docs, data)
    assert result.processed == 0 and result.reused == len(list(docs.rglob("*.txt")))


def test_a_touched_file_with_the_same_content_is_hashed_again_and_not_processed(built, settled):
    docs, data = built
    build(docs, data)
    touched = sorted(docs.rglob("*.txt"))[3]
    later = touched.stat().st_mtime_ns + 5_000_000_000
    os.utime(touched, ns=(later, later))
    result = build(docs, data)
    assert result.processed == 0


def test_a_file_rewritten_with_its_size_and_modification_time_kept_is_processed(
    built, settled, tmp_path
):
    """Setting the modification time back does not hide a change: the status-change time
    (which no program can set) changes with every write."""
    docs, data = built
    build(docs, data)
    changed = docs / "zz_seed.txt"
    before = changed.stat()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("March 30", "March 29"), encoding="utf-8")
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (changed.stat().st_size, changed.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    result = build(docs, data)
    assert result.processed == 1
    build(docs, tmp_path / "full", full=True)
    assert_same_tables(data, tmp_path / "full")


def searched(data: Path, words: str) -> tuple[int, set[str]]:
    db = Database(data)
    try:
        page = queries.search_quotes(db, queries.Filters(), text=words, page_size=1000)
        return page.total, set(page.rows["quote_id"])
    finally:
        db.close()


def test_the_updated_quote_index_finds_what_a_new_one_finds(built, tmp_path):
    docs, data = built
    gone = sorted(docs.rglob("*.txt"))[0]
    gone.unlink()
    shutil.copy(REPO / "seeds" / "002_c2998331b654bcfb.txt", docs / "new.txt")
    assert build(docs, data).processed == 1
    build(docs, tmp_path / "full", full=True)
    for words in ("cooperation", "China", "Pakistan", '"the two sides"', "Wang Yi"):
        assert searched(data, words) == searched(tmp_path / "full", words), words
    assert searched(data, "cooperation")[0] > 0


@pytest.mark.parametrize("fresh", [0, 1, 20, 3000])
def test_rows_are_written_in_order_whether_sliced_in_runs_or_copied(fresh):
    """The previous snapshot's rows (in order) and a few fresh ones come as a few runs of
    consecutive rows, sliced; many fresh ones are copied into place: the same table either
    way, as a sort gives it (nulls last, ties in their order)."""
    import random

    rng = random.Random(fresh)
    rows = [{"date": rng.choice([None, *range(40)]), "country": rng.choice(["PAK", "LAO", None]),
             "id": f"{i:05d}"} for i in range(6000)]  # fmt: skip
    keys = [("date", "ascending"), ("country", "ascending"), ("id", "ascending")]
    rng.shuffle(rows)
    previous = pa.Table.from_pylist(rows[fresh:]).sort_by(keys)
    table = pa.concat_tables([previous, pa.Table.from_pylist(rows[:fresh], previous.schema)])
    expected = pa.Table.from_pylist(rows).sort_by(keys)
    assert store.sorted_table(table, [k for k, _ in keys]).equals(expected)

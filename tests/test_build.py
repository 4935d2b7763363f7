"""The build end to end on the seeds: concrete facts an analyst would check, and safe writes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from etl import store
from etl.pipeline import BuildError, build
from etl.schemas import TABLES
from etl.search_index import IndexCancelled, build_quote_index

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def seed_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data")
    build(SEEDS, out)
    return out


def query(data: Path, sql: str, params: list | None = None) -> list[tuple]:
    manifest = store.read_manifest(data)
    con = duckdb.connect()
    for table in TABLES:
        path = str(manifest.table_path(data, table)).replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    return con.execute(sql, params or []).fetchall()


def test_every_table_is_written_with_its_schema(seed_data):
    manifest = store.read_manifest(seed_data)
    for name, schema in TABLES.items():
        table = pq.read_table(manifest.table_path(seed_data, name))
        assert table.schema.equals(schema), name
    assert manifest.counts["documents"] == 5
    assert manifest.counts["articles"] >= 60


def test_the_seeds_hold_a_meeting_with_uruguay_in_march_2025(seed_data):
    rows = query(
        seed_data,
        "SELECT date, cn_actor FROM engagements WHERE country = 'URY' AND type = 'meeting' "
        "AND date BETWEEN DATE '2025-03-01' AND DATE '2025-03-31'",
    )
    assert (date(2025, 3, 2), "Han Jun") in rows


def test_pakistan_is_an_all_weather_strategic_cooperative_partner(seed_data):
    rows = query(
        seed_data,
        "SELECT tier, tier_rank, lower(phrase) FROM partnerships WHERE country = 'PAK'",
    )
    assert ("all_weather_or_permanent", 2, "all-weather strategic cooperative partnership") in rows


def test_the_reference_designations_are_written_apart_from_what_the_texts_say(seed_data):
    (count,) = query(seed_data, "SELECT count(*) FROM partnership_reference")[0]
    assert count == 148
    # The seeds call Laos's relationship a comprehensive strategic partnership: the corpus
    # keeps what the text says, the reference table what research says it is.
    corpus = query(seed_data, "SELECT DISTINCT tier FROM partnerships WHERE country = 'LAO'")
    reference = query(seed_data, "SELECT tier FROM partnership_reference WHERE country = 'LAO'")
    assert ("comprehensive_strategic",) in corpus
    assert reference == [("comprehensive_strategic_cooperative",)]
    # No reference row becomes a corpus mention: Finland is never named in the seeds.
    assert query(seed_data, "SELECT count(*) FROM partnerships WHERE country = 'FIN'") == [(0,)]


def test_wang_yis_quote_on_palestinians_governing_palestine_is_found_by_search(seed_data):
    rows = query(
        seed_data,
        "SELECT speaker, speaker_country, kind FROM quotes WHERE text ILIKE $pattern",
        {"pattern": "%Palestinians governing Palestine%"},
    )
    assert ("Wang Yi", "CHN", "direct") in rows


def test_the_build_indexes_every_quote_for_the_quote_search(seed_data):
    from dashboard.db import Database
    from dashboard.queries import Filters, search_quotes

    db = Database(seed_data)
    assert search_quotes(db, Filters()).total == store.read_manifest(seed_data).counts["quotes"]
    found = search_quotes(db, Filters(), text='"Palestinians governing Palestine"').rows
    assert ("Wang Yi", "CHN", "direct") in set(
        found[["speaker", "speaker_country", "kind"]].itertuples(index=False, name=None)
    )
    db.close()


def test_every_engagement_leads_back_to_its_sentence_in_the_article(seed_data):
    rows = query(
        seed_data,
        "SELECT e.sentence, substr(a.text, e.span_start + 1, e.span_end - e.span_start) "
        "FROM engagements e JOIN articles a USING (article_id)",
    )
    assert rows and all(sentence == source for sentence, source in rows)


def test_china_and_its_regions_are_never_counterparts(seed_data):
    rows = query(
        seed_data, "SELECT count(*) FROM engagements WHERE country IN ('CHN','TWN','HKG','MAC')"
    )
    assert rows == [(0,)]


def test_a_repeated_engagement_in_a_blog_and_its_original_is_one_event(seed_data):
    rows = query(
        seed_data,
        "SELECT n_sources FROM events WHERE country = 'RUS' AND type = 'call' AND date = DATE '2025-02-24'",
    )
    assert rows and rows[0][0] >= 2


def test_building_twice_gives_the_same_rows_and_ids(seed_data, tmp_path):
    build(SEEDS, tmp_path)
    for table in ("articles", "engagements", "events", "partnerships", "quotes"):
        first = pq.read_table(store.read_manifest(seed_data).table_path(seed_data, table))
        second = pq.read_table(store.read_manifest(tmp_path).table_path(tmp_path, table))
        assert first.equals(second), table


def test_a_failed_build_leaves_the_previous_data_intact(tmp_path, monkeypatch):
    first = build(SEEDS, tmp_path).manifest

    def broken_write(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("pyarrow.parquet.write_table", broken_write)
    with pytest.raises(BuildError, match="disk full"):
        build(SEEDS, tmp_path)
    assert store.read_manifest(tmp_path) == first
    assert pq.read_table(first.table_path(tmp_path, "engagements")).num_rows > 0
    leftovers = [p for p in (tmp_path / "snapshots").iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.mark.parametrize("stage", ["index", "statements"])
def test_a_build_failing_while_its_search_index_is_written_leaves_the_previous_data(
    tmp_path, monkeypatch, stage
):
    """The index is written on a thread while events and statements are worked out: a failure
    on either side stops the build, keeps the previous snapshot and leaves no folder behind."""
    first = build(SEEDS, tmp_path).manifest

    def broken(*args, **kwargs):
        raise OSError(f"{stage} broke")

    if stage == "index":
        monkeypatch.setattr("etl.pipeline.build_quote_index", broken)
        monkeypatch.setattr("etl.pipeline.update_quote_index", broken)
    else:
        monkeypatch.setattr("etl.statement_links.link", broken)
    with pytest.raises((BuildError, OSError), match=f"{stage} broke"):
        build(SEEDS, tmp_path, full=True)
    assert store.read_manifest(tmp_path) == first
    assert [p.name for p in (tmp_path / "snapshots").iterdir()] == [first.run_id]


def test_a_failed_build_tells_its_search_index_writer_to_stop(tmp_path, monkeypatch):
    """A failure (or Ctrl-C) while the index is being written does not wait for the index."""
    told: list[bool] = []

    def slow_index(quotes, articles, folder, cancelled=None):
        told.append(cancelled is not None and cancelled.wait(timeout=60))

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("etl.pipeline.build_quote_index", slow_index)
    monkeypatch.setattr("etl.statement_links.link", broken)
    with pytest.raises(KeyboardInterrupt):
        build(SEEDS, tmp_path)
    assert told == [True]
    assert [p for p in (tmp_path / "snapshots").iterdir() if p.name.startswith(".")] == []


def test_an_index_writer_told_to_stop_stops_and_leaves_no_folder(seed_data, tmp_path):
    quotes, articles = (store.read_table(seed_data, name) for name in ("quotes", "articles"))
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(IndexCancelled):
        build_quote_index(quotes, articles, tmp_path / "index", cancelled)
    assert not (tmp_path / "index").exists()


def test_a_missing_input_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BuildError, match="input folder not found"):
        build(tmp_path / "nope", tmp_path / "data")


def test_the_cli_prints_a_summary_and_fails_with_a_message(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(SEEDS), "--out", str(tmp_path), "--quiet"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    for label in ("documents", "articles", "engagements", "partnerships", "quotes", "warnings"):
        assert label in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(tmp_path / "missing"), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert bad.returncode != 0
    assert "input folder not found" in bad.stderr


def test_bad_files_get_a_documents_row_with_the_reason_and_the_rest_still_builds(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "good.txt").write_text(
        "Xi holds talks with Brazilian president\n\nBRASILIA, Nov. 20, 2024 (Xinhua) -- Chinese "
        "President Xi Jinping held talks with Brazilian President Luiz Inacio Lula da Silva on "
        "Wednesday.\n",
        encoding="utf-8",
    )
    (docs / "empty.txt").write_text("", encoding="utf-8")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    result = build(docs, tmp_path / "data")
    statuses = dict(query(tmp_path / "data", "SELECT path, status FROM documents"))
    assert statuses == {"good.txt": "ok", "empty.txt": "empty", "binary.txt": "error"}
    assert any("binary.txt" in f for f in result.failed_documents)
    assert query(tmp_path / "data", "SELECT country, type FROM engagements") == [("BRA", "talks")]


def test_a_second_build_on_the_same_data_folder_waits_for_no_one_and_says_why(tmp_path):
    import fcntl

    tmp_path.mkdir(exist_ok=True)
    with (tmp_path / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(BuildError, match="another build is running"):
            build(SEEDS, tmp_path)


def test_an_unreadable_manifest_is_reported_with_how_to_rebuild(tmp_path):
    (tmp_path / store.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(store.DataDirError, match="python -m etl build"):
        store.read_manifest(tmp_path)
    json.loads('{"ok": 1}')


def test_odd_files_never_stop_the_build_and_empty_ones_are_not_failures(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "bad_dates.txt").write_text(
        "Headline about a visit\n\n[2024-02-30] On 2024-13-01 the minister met the envoy on "
        "February 30. Wang Yi held talks with the Kenyan Foreign Minister.\n",
        encoding="utf-8",
    )
    (docs / "bom_only.txt").write_bytes(b"\xef\xbb\xbf\n")
    (docs / "LICENSE").write_text("not a document", encoding="utf-8")
    result = build(docs, tmp_path / "data")
    statuses = dict(query(tmp_path / "data", "SELECT path, status FROM documents"))
    assert statuses == {"bad_dates.txt": "ok", "bom_only.txt": "empty"}
    assert result.failed_documents == []


def test_the_cli_exits_zero_when_only_empty_files_were_skipped(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "Xi holds talks with Brazilian president\n\nChinese President Xi Jinping held talks with "
        "Brazilian President Luiz Inacio Lula da Silva on November 20, 2024.\n",
        encoding="utf-8",
    )
    (docs / "empty.txt").write_text("", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(docs), "--out", str(tmp_path / "d"), "--quiet"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "empty.txt" in run.stderr


def test_every_coded_column_holds_only_its_accepted_values_and_ids_are_unique(seed_data):
    from etl.vocab import ACCEPTED_VALUES

    for (table, column), accepted in ACCEPTED_VALUES.items():
        found = {row[0] for row in query(seed_data, f"SELECT DISTINCT {column} FROM {table}")}
        assert found - {None} <= set(accepted), (table, column, found - set(accepted))
    for table, key in (
        ("documents", "doc_id"), ("articles", "article_id"), ("engagements", "engagement_id"),
        ("events", "event_id"), ("partnerships", "partnership_id"), ("quotes", "quote_id"),
    ):  # fmt: skip
        assert query(seed_data, f"SELECT count(*) - count(DISTINCT {key}) FROM {table}") == [(0,)]
    orphans = query(
        seed_data,
        "SELECT count(*) FROM engagements e LEFT JOIN events v USING (event_id) "
        "WHERE v.event_id IS NULL",
    )
    assert orphans == [(0,)]


def test_eval_scores_every_gold_set_and_prints_the_measures():
    run = subprocess.run(
        [sys.executable, "-m", "etl", "eval", "--brief"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for heading in (
        "== seed gold, all records ==",
        "== unseen gold, all records ==",
        "hard negatives reported as engagements",
        "== partnerships, seed gold ==",
        "== quotes, seed gold",
        "== quotes, unseen gold",
    ):
        assert heading in run.stdout
    assert "precision" in run.stdout and "duplicate rate" in run.stdout

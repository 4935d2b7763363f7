"""dashboard.queries and dashboard.db on the fixture snapshot (tests/conftest.py)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from conftest import A1, A2, A3, fixture_tables, write_fixture_snapshot

from dashboard import queries as q
from dashboard.db import REBUILD_COMMAND, Database, DataError, sql_string_literal
from dashboard.metrics import tier_rank_or_none
from dashboard.queries import Filters

JAN = date(2025, 1, 1)
FEB = date(2025, 2, 1)


@pytest.fixture
def db(snapshot_dir: Path):
    database = Database(snapshot_dir)
    database.refresh()
    yield database
    database.close()


# --- engagement counts -----------------------------------------------------------------------

ALL_COUNTS = {"PAK": (2, 7.0), "VNM": (2, 4.0), "URY": (1, 5.0), "RUS": (1, 4.0)}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param(Filters(), ALL_COUNTS, id="no-filter-includes-undated"),
        pytest.param(Filters(JAN, JAN), {"PAK": (2, 7.0), "URY": (1, 5.0)}, id="january"),
        pytest.param(Filters(FEB, FEB), {"RUS": (1, 4.0), "VNM": (1, 3.0)}, id="february"),
        pytest.param(Filters(JAN, FEB), {k: v for k, v in ALL_COUNTS.items() if k != "VNM"}
                     | {"VNM": (1, 3.0)}, id="both-months-drop-undated"),
        pytest.param(Filters(month_from=FEB), {"RUS": (1, 4.0), "VNM": (1, 3.0)}, id="from-feb"),
        pytest.param(Filters(month_to=JAN), {"PAK": (2, 7.0), "URY": (1, 5.0)}, id="until-jan"),
        pytest.param(Filters(region="Asia"), {"PAK": (2, 7.0), "VNM": (2, 4.0)}, id="asia"),
        pytest.param(Filters(region="Asia", subregion="South-eastern Asia"), {"VNM": (2, 4.0)},
                     id="south-east-asia"),
        pytest.param(Filters(subregion="Eastern Europe"), {"RUS": (1, 4.0)}, id="subregion"),
        pytest.param(Filters(JAN, JAN, region="Europe"), {}, id="nothing-matches"),
        pytest.param(Filters(date(2030, 1, 1), date(2030, 2, 1)), {}, id="future-months"),
        pytest.param(Filters(region="Atlantis"), {}, id="unknown-region"),
    ],
)  # fmt: skip
def test_engagement_counts(db, filters, expected):
    df = q.engagement_counts(db, filters)
    got = {r.iso3: (int(r.events), float(r.weighted)) for r in df.itertuples()}
    assert got == expected
    assert list(df.columns[:6]) == ["iso3", "name", "region", "subregion", "events", "weighted"]


def test_engagement_counts_order_and_mentions(db):
    df = q.engagement_counts(db, Filters())
    assert list(df["iso3"]) == ["PAK", "VNM", "URY", "RUS"]  # events desc, then weighted
    # Russia: one event reported by two articles -> 1 event, 2 mentions.
    rus = df.set_index("iso3").loc["RUS"]
    assert (int(rus["events"]), int(rus["mentions"])) == (1, 2)


def test_china_and_chinese_regions_are_never_counterparts(tmp_path):
    tables = fixture_tables()
    eng = tables["engagements"].to_pylist()
    for i, iso3 in enumerate(["CHN", "TWN"]):
        eng.append({**eng[0], "engagement_id": f"x{i}", "event_id": f"evx{i}", "country": iso3})
    tables["engagements"] = tables["engagements"].from_pylist(
        eng, schema=tables["engagements"].schema
    )
    data = tmp_path / "data"
    write_fixture_snapshot(data, tables)
    database = Database(data)
    df = q.engagement_counts(database, Filters())
    assert set(df["iso3"]) == set(ALL_COUNTS)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {("2025-01", "meeting"): 1, ("2025-01", "talks"): 1,
                     ("2025-01", "call"): 1, ("2025-02", "visit_out"): 1,
                     ("2025-02", "call"): 1}),
        (Filters(FEB, FEB), {("2025-02", "visit_out"): 1, ("2025-02", "call"): 1}),
        (Filters(region="Americas"), {("2025-01", "meeting"): 1}),
        (Filters(FEB, FEB, region="Americas"), {}),
    ],
)  # fmt: skip
def test_monthly_timeline(db, filters, expected):
    df = q.monthly_timeline(db, filters)
    got = {(r.month.strftime("%Y-%m"), r.type): int(r.events) for r in df.itertuples()}
    assert got == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), 1),
        (Filters(JAN, FEB), 1),  # the month filter excludes them; the note still counts them
        (Filters(region="Asia"), 1),
        (Filters(region="Europe"), 0),
    ],
)
def test_undated_engagements(db, filters, expected):
    assert q.undated_engagements(db, filters) == expected


def test_country_engagements_lead_back_to_sentences(db):
    df = q.country_engagements(db, Filters(), "RUS")
    assert list(df["engagement_id"]) == ["e4", "e5"]
    assert set(df["article_id"]) == {A3, f"{A3[:-2]}-2"}
    assert set(df["article_title"]) == {"Li Qiang visits Russia", "Chinese premier meets Putin"}
    assert df["sentence"].str.len().min() > 10
    for col in ("date", "type", "cn_level", "cn_actor", "foreign_actor", "sentence"):
        assert col in df.columns


def test_country_engagements_undated_last_and_filtered(db):
    df = q.country_engagements(db, Filters(), "VNM")
    assert list(df["engagement_id"]) == ["e7", "e6"]
    assert df["date"].isna().tolist() == [False, True]
    assert list(q.country_engagements(db, Filters(FEB, FEB), "VNM")["engagement_id"]) == ["e7"]
    assert q.country_engagements(db, Filters(JAN, JAN), "RUS").empty


@pytest.mark.parametrize("hostile", ["x' OR '1'='1", "RUS'; DROP VIEW engagements; --", "%"])
def test_values_are_bound_not_formatted(db, hostile):
    assert q.country_engagements(db, Filters(), hostile).empty
    assert q.engagement_counts(db, Filters(region=hostile)).empty
    assert not q.engagement_counts(db, Filters()).empty  # views still there


# --- partnerships ----------------------------------------------------------------------------


def test_partnership_tiers_ladder(db):
    df = q.partnership_tiers(db, Filters())
    assert list(df["iso3"]) == ["RUS", "PAK", "VNM", "URY"]
    assert list(df["tier_rank"]) == [1, 2, 3, 4]
    vnm = df.set_index("iso3").loc["VNM"]
    assert vnm["phrase"] == "comprehensive strategic cooperative partnership"
    assert (str(vnm["first_mention"])[:10], str(vnm["last_mention"])[:10]) == (
        "2025-01-05",
        "2025-02-11",
    )
    assert int(vnm["mentions"]) == 2
    # the community framework is not a tier
    assert int(df.set_index("iso3").loc["URY"]["mentions"]) == 1


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(JAN, JAN), {"PAK": 2, "VNM": 6, "URY": 4}),
        (Filters(region="Asia"), {"PAK": 2, "VNM": 3}),
        (Filters(region="Africa"), {}),
    ],
)
def test_partnership_tiers_filtered(db, filters, expected):
    df = q.partnership_tiers(db, filters)
    assert dict(zip(df["iso3"], df["tier_rank"].astype(int), strict=True)) == expected


def test_partnership_tiers_sit_beside_the_reference_with_disagreements_flagged(db):
    df = q.partnership_tiers(db, Filters()).set_index("iso3")
    assert df.loc["VNM", ["ref_tier_rank", "ref_year", "ref_confidence"]].tolist() == [
        3,
        2008,
        "high",
    ]
    assert df["agreement"].to_dict() == {
        "RUS": "agrees with reference",
        "PAK": "agrees with reference",
        "VNM": "agrees with reference",
        "URY": "corpus higher than reference",
    }
    # In January the texts name only Vietnam's strategic partnership: a lower rung.
    january = q.partnership_tiers(db, Filters(JAN, JAN)).set_index("iso3")
    assert january.loc["VNM", "agreement"] == "corpus lower than reference"
    # The upgrade of February is the last establishment or upgrade in the period.
    assert str(df.loc["VNM", "last_upgrade"])[:10] == "2025-02-11"
    assert str(january.loc["VNM", "last_upgrade"]) in ("NaT", "None")


def test_a_wish_to_upgrade_is_not_a_tier_a_country_holds(tmp_path):
    tables = fixture_tables()
    rows = tables["partnerships"].to_pylist()
    rows.append({**rows[1], "partnership_id": "p7", "tier": "comprehensive_strategic_coordination",
                 "tier_rank": 1, "status": "proposed"})  # fmt: skip
    tables["partnerships"] = tables["partnerships"].from_pylist(
        rows, schema=tables["partnerships"].schema
    )
    write_fixture_snapshot(tmp_path, tables)
    database = Database(tmp_path)
    try:
        tiers = q.partnership_tiers(database, Filters()).set_index("iso3")
        assert tiers.loc["PAK", "tier_rank"] == 2
        assert "p7" in set(q.partnership_evidence(database, Filters(), "PAK")["partnership_id"])
    finally:
        database.close()


@pytest.mark.parametrize(
    ("filters", "names", "texts"),
    [
        (Filters(), ["Russian Federation", "Pakistan", "Lao PDR", "Viet Nam", "France",
                     "Uruguay"], [1, 2, None, 3, None, 4]),
        (Filters(region="Europe"), ["Russian Federation", "France"], [1, None]),
        (Filters(FEB, FEB, region="Asia"), ["Pakistan", "Lao PDR", "Viet Nam"],
         [None, None, 3]),
    ],
)  # fmt: skip
def test_partnership_reference_rows_in_ladder_order_with_the_texts_tier(db, filters, names, texts):
    df = q.partnership_reference(db, filters)
    assert list(df["name"]) == names
    got = [tier_rank_or_none(r) for r in df["tier_rank"]]
    assert got == texts
    assert set(df["ref_confidence"]) <= {"high", "medium", "low"}


def test_partnership_history_of_one_country_in_date_order(db):
    df = q.partnership_history(db, Filters(), "VNM")
    assert [(str(d)[:10], int(r), s) for d, r, s in
            zip(df["date"], df["tier_rank"], df["status"], strict=True)] == [
        ("2025-01-05", 6, "mentioned"),
        ("2025-02-11", 3, "upgraded"),
    ]  # fmt: skip
    assert q.partnership_history(db, Filters(FEB, FEB), "VNM")["tier_rank"].tolist() == [3]


def test_partnership_evidence(db):
    df = q.partnership_evidence(db, Filters(), "URY")
    assert list(df["partnership_id"]) == ["p5", "p6"]
    assert set(df["framework"]) == {"partnership", "community"}
    assert (df["article_title"] == "Xi Jinping meets Uruguayan President").all()


# --- sources, coverage, choices ----------------------------------------------------------------


def test_articles_with_extraction_counts(db):
    df = q.articles(db, Filters()).set_index("article_id")
    assert len(df) == 5
    assert df.loc[A2, ["engagements", "partnerships", "quotes"]].tolist() == [2, 2, 2]
    assert df.loc[A1, "document"] == "002_news.txt"
    assert len(q.articles(db, Filters(FEB, FEB))) == 2


def test_article_detail(db):
    art = q.article(db, A1)
    assert art["title"] == "Xi Jinping meets Uruguayan President"
    assert "Uruguayan" in art["text"]
    assert q.article(db, "nope") is None
    assert list(q.article_engagements(db, A1)["event_id"]) == ["ev1", "ev7"]
    assert len(q.article_partnerships(db, A1)) == 2
    assert list(q.article_quotes(db, A1)["speaker"]) == ["Xi Jinping"]


def test_documents_warnings_coverage(db):
    assert list(q.documents(db)["path"]) == ["002_news.txt", "004_blog.txt"]
    assert len(q.etl_warnings(db)) == 2
    cov = q.coverage(db)
    assert cov["articles"].tolist() == [2, 2, 1]  # Jan, Feb, undated
    assert cov["month"].isna().tolist() == [False, False, True]


def test_filter_choices(db):
    choices = q.filter_choices(db)
    assert choices.months == [JAN, FEB]
    assert choices.regions == ["Americas", "Asia", "Europe"]
    assert choices.subregions_of("Asia") == ["South-eastern Asia", "Southern Asia"]
    assert "Eastern Europe" in choices.subregions_of(None)
    assert "Wang Yi" in choices.speakers
    assert "CHN" not in set(choices.countries["iso3"])


@pytest.mark.parametrize(
    ("filters", "params", "text"),
    [
        (Filters(), {"month_from": None, "month_to_excl": None}, "all dates (incl. undated)"),
        (Filters(date(2024, 12, 9), date(2024, 12, 31)),
         {"month_from": date(2024, 12, 1), "month_to_excl": date(2025, 1, 1)},
         "Dec 2024 – Dec 2024"),
        (Filters(region="Asia", subregion="Southern Asia"), {"region": "Asia"},
         "Asia / Southern Asia"),
    ],
)  # fmt: skip
def test_filters_params_and_description(filters, params, text):
    assert params.items() <= filters.params().items()
    assert text in filters.describe()


# --- db ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("a", "'a'"),
        ("it's", "'it''s'"),
        ("/tmp/x'; DROP--/f.parquet", "'/tmp/x''; DROP--/f.parquet'"),
    ],
)
def test_sql_string_literal(value, literal):
    assert sql_string_literal(value) == literal


def test_data_dir_with_quote_in_path(tmp_path):
    data = tmp_path / "it's data"
    write_fixture_snapshot(data)
    assert len(q.engagement_counts(Database(data), Filters())) == 4


def test_views_follow_a_rebuild(snapshot_dir):
    database = Database(snapshot_dir)
    first = database.refresh().run_id
    assert len(q.engagement_counts(database, Filters())) == 4
    tables = fixture_tables()
    tables["engagements"] = tables["engagements"].slice(0, 1)  # Uruguay only
    write_fixture_snapshot(snapshot_dir, tables)
    assert database.refresh().run_id != first
    assert list(q.engagement_counts(database, Filters())["iso3"]) == ["URY"]


def test_the_evidence_shows_a_rebuilt_snapshots_titles_without_restarting(snapshot_dir):
    database = Database(snapshot_dir)
    before = q.country_engagements(database, Filters(), "URY")  # titles now held in memory
    assert set(before["article_title"]) == {"Xi Jinping meets Uruguayan President"}
    tables = fixture_tables()
    rows = [{**r, "title": "Xi meets Orsi"} if r["article_id"] == A1 else r
            for r in tables["articles"].to_pylist()]  # fmt: skip
    tables["articles"] = tables["articles"].from_pylist(rows, schema=tables["articles"].schema)
    write_fixture_snapshot(snapshot_dir, tables)
    database.refresh()
    assert set(q.country_engagements(database, Filters(), "URY")["article_title"]) == {
        "Xi meets Orsi"
    }


def test_the_filters_offer_a_rebuilt_snapshots_months_without_restarting(snapshot_dir):
    database = Database(snapshot_dir)
    assert q.filter_choices(database).months == [JAN, FEB]  # read once per snapshot
    tables = fixture_tables()
    rows = tables["engagements"].to_pylist()
    rows.append({**rows[0], "engagement_id": "e9", "event_id": "ev9", "date": date(2025, 3, 3)})
    tables["engagements"] = tables["engagements"].from_pylist(
        rows, schema=tables["engagements"].schema
    )
    write_fixture_snapshot(snapshot_dir, tables)
    database.refresh()
    assert q.filter_choices(database).months == [JAN, FEB, date(2025, 3, 1)]


def test_corrupt_parquet_is_a_clear_error(snapshot_dir):
    database = Database(snapshot_dir)
    manifest = database.refresh()
    database.manifest = None  # force re-pointing
    manifest.table_path(snapshot_dir, "engagements").write_bytes(b"not a parquet file")
    with pytest.raises(DataError) as err:
        database.refresh()
    assert REBUILD_COMMAND in str(err.value)
    assert "Traceback" not in str(err.value)


@pytest.mark.parametrize("content", ["{", '{"run_id": 1}', "[]"])
def test_unreadable_manifest_is_a_clear_error(snapshot_dir, content):
    (snapshot_dir / "CURRENT.json").write_text(content)
    with pytest.raises(DataError, match="etl build"):
        Database(snapshot_dir).refresh()


def test_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="No data has been built yet"):
        Database(tmp_path / "empty").refresh()


def test_concurrent_queries_each_on_own_cursor(db):
    expected = q.engagement_counts(db, Filters()).to_dict("records")
    barrier = threading.Barrier(8)

    def work(i: int):
        barrier.wait()
        out = []
        for _ in range(5):
            out.append(q.engagement_counts(db, Filters()).to_dict("records"))
            q.search_quotes(db, Filters(), text="a")
        return out

    with ThreadPoolExecutor(8) as pool:
        results = [r for batch in pool.map(work, range(8)) for r in batch]
    assert all(r == expected for r in results)
    assert A2 in set(q.articles(db, Filters())["article_id"])

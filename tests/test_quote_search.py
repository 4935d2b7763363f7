"""The quote search: ranked, literal-safe, filtered and paged (dashboard.queries.search_quotes).

Runs on the fixture snapshot (tests/conftest.py) and on small corpora written here, each
through the ETL's own index build.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import A1, A2, fixture_tables, write_fixture_snapshot

from dashboard import queries as q
from dashboard.db import Database, DataError
from dashboard.display import highlight_markdown, highlight_paragraphs
from dashboard.queries import Filters
from dashboard.search import match_spans, parse_query, quotes_csv
from etl.schemas import QUOTES
from etl.search_index import INDEX_DIR

JAN = date(2025, 1, 1)
FEB = date(2025, 2, 1)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The fixture snapshot, shared by the tests that only read it (building it takes time)."""
    data = tmp_path_factory.mktemp("quote-search") / "data"
    write_fixture_snapshot(data)
    database = Database(data)
    database.refresh()
    yield database
    database.close()


def ids(db: Database, text: str | None = None, filters: Filters | None = None, **kw) -> list[str]:
    return list(q.search_quotes(db, filters or Filters(), text=text, **kw).rows["quote_id"])


def corpus(tmp_path: Path, texts: dict[str, str], **columns) -> Database:
    """A snapshot whose quotes are `texts` (quote_id → text), all in article A1."""
    tables = fixture_tables()
    rows = [
        {
            "quote_id": quote_id,
            "article_id": A1,
            "speaker": columns.get("speaker", {}).get(quote_id, "Someone"),
            "kind": "direct",
            "text": text,
            "span_start": 0,
            "span_end": len(text),
            "statement_id": quote_id,
            "statement_sources": 1,
        }
        for quote_id, text in texts.items()
    ]
    tables["quotes"] = pa.Table.from_pylist(
        [{name: row.get(name) for name in QUOTES.names} for row in rows], schema=QUOTES
    )
    data = tmp_path / "corpus"
    write_fixture_snapshot(data, tables)
    database = Database(data)
    database.refresh()
    return database


# --- free text is data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100%", ["q2"]),
        ("%", ["q2"]),  # only one quote contains a percent sign
        ("_", ["q5"]),  # only one contains an underscore: no wildcard
        ("party_to_party", ["q5"]),
        ("'ironclad'", ["q2"]),
        ("IRONCLAD", ["q2"]),  # case-insensitive
        ('"win-win"', ["q6"]),
        ("<script>", ["q2"]),
        ("</script>", ["q2"]),
        ("**bold**", ["q2"]),
        ("**", ["q2"]),
        ("\\", []),
        ("'; DROP VIEW quotes; --", []),
        ("$month_from", []),
        ("text_words:china", []),  # not index query syntax: a phrase of its three words
        ("Putin", ["q4"]),  # speaker
        ("", ["q6", "q4", "q2", "q3", "q1", "q5"]),  # no text: newest first, undated last
        ("   ", ["q6", "q4", "q2", "q3", "q1", "q5"]),
    ],
)
def test_search_text_is_data(db, text, expected):
    page = q.search_quotes(db, Filters(), text=text)
    assert list(page.rows["quote_id"]) == expected
    assert page.total == len(expected)


def test_an_injection_attempt_leaves_the_data_intact(db):
    q.search_quotes(db, Filters(), text="'; DROP VIEW quotes; --")
    assert len(q.article_quotes(db, A2)) == 2
    assert q.search_quotes(db, Filters()).total == 6


def test_rows_show_the_quote_as_stored(db):
    row = q.search_quotes(db, Filters(), text="ironclad").rows.iloc[0]
    assert row["text"] == (
        "The China-Pakistan friendship is 'ironclad' and 100% solid "
        "<script>alert(1)</script> **bold**"
    )
    assert (row["speaker"], row["speaker_country"], row["kind"]) == ("Wang Yi", "CHN", "direct")
    assert row["date"] == date(2025, 1, 20)
    assert row["article_id"] == A2
    assert row["article_title"] == "Wang Yi holds talks with Pakistan's Dar"
    assert list(row["countries_mentioned"]) == ["PAK"]


# --- relevance -------------------------------------------------------------------------------


def test_a_match_in_the_quote_ranks_above_a_match_in_the_title_only(db):
    # "Russia" is in q6's text and in A3's title (q4, q6).
    assert ids(db, "Russia") == ["q6", "q4"]


def test_the_speaker_is_searched(db):
    # Ishaq Dar speaks q3; "Dar" is also in the title of A2 (q2, q3)
    assert ids(db, "Dar") == ["q3", "q2"]


def test_a_quote_that_says_hegemonism_twice_ranks_above_one_that_says_it_once(tmp_path):
    db = corpus(
        tmp_path,
        {
            "once": "We oppose hegemonism and we stand for fairness and justice for all.",
            "twice": "We oppose hegemonism and we reject hegemonism in every form there is.",
            "none": "We stand for fairness and justice for all nations big and small.",
        },
    )
    assert ids(db, "hegemonism") == ["twice", "once"]


def test_a_short_quote_ranks_above_a_long_one_saying_the_word_as_often(tmp_path):
    db = corpus(
        tmp_path,
        {
            "long": "The world is moving towards multipolarity, and along the way many "
            "countries of the Global South will have a bigger say in global affairs.",
            "short": "The world is moving towards multipolarity.",
        },
    )
    assert ids(db, "multipolarity") == ["short", "long"]


def test_a_rare_word_weighs_more_than_a_common_one(tmp_path):
    db = corpus(
        tmp_path,
        {
            "more_common": "China, China and sanctions.",
            "more_rare": "China, sanctions and sanctions.",
            **{f"filler{n}": f"China supports project number {n}." for n in range(5)},
        },
    )
    assert ids(db, "china sanctions") == ["more_rare", "more_common"]


def test_several_words_must_all_match(tmp_path):
    db = corpus(
        tmp_path,
        {
            "both": "A multipolar world without hegemonism.",
            "one": "A multipolar world.",
            "other": "No hegemonism.",
        },
    )
    assert ids(db, "hegemonism multipolar") == ["both"]


def test_a_word_matches_its_other_forms(tmp_path):
    db = corpus(
        tmp_path,
        {"plural": "They imposed sanctions.", "verb": "It was sanctioned.", "no": "Sanity."},
    )
    assert sorted(ids(db, "sanction")) == ["plural", "verb"]


def test_case_and_accents_do_not_matter(tmp_path):
    db = corpus(
        tmp_path,
        {"vn": "Bùi Thanh Sơn welcomed the visit.", "other": "Son of the soil."},
        speaker={"vn": "Bùi Thanh Sơn"},
    )
    assert ids(db, "bui thanh") == ["vn"]
    assert ids(db, '"BUI THANH SON"') == ["vn"]


def test_a_phrase_search_matches_only_the_exact_phrase(tmp_path):
    db = corpus(
        tmp_path,
        {
            "exact": "The two sides agreed to deepen cooperation.",
            "dashed": "The two-sides format was agreed.",
            "apart": "Two of the sides agreed.",
            "reversed": "The sides, two of them, agreed.",
            "other_form": "The two side agreed.",
        },
    )
    assert sorted(ids(db, '"two sides"')) == ["dashed", "exact"]
    assert sorted(ids(db, "two sides")) == ["apart", "dashed", "exact", "other_form", "reversed"]


def test_curly_quotes_delimit_a_phrase_too(tmp_path):
    db = corpus(tmp_path, {"a": "The two sides agreed.", "b": "Two of the sides agreed."})
    assert ids(db, "“two sides”") == ["a"]


def test_a_phrase_does_not_run_from_the_quote_into_the_speaker(tmp_path):
    db = corpus(tmp_path, {"a": "We will work with Wang."}, speaker={"a": "Yi Gang"})
    assert ids(db, '"wang yi"') == []
    assert ids(db, '"yi gang"') == ["a"]


# --- filters and paging ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "filters", "expected"),
    [
        ({"speaker": "Wang Yi"}, Filters(), ["q2"]),
        ({"speaker_country": "PAK"}, Filters(), ["q3"]),
        ({"speaker_country": "CHN"}, Filters(), ["q6", "q2", "q1"]),
        ({"mentioned": "VNM"}, Filters(), ["q6", "q5"]),
        ({"kind": "reported"}, Filters(), ["q3", "q5"]),
        ({"kind": "direct", "mentioned": "RUS"}, Filters(), ["q6", "q4"]),
        ({}, Filters(region="Europe"), ["q6", "q4"]),
        ({}, Filters(region="Asia", subregion="South-eastern Asia"), ["q6", "q5"]),
        ({}, Filters(region="Atlantis"), []),
        ({}, Filters(FEB, FEB), ["q6", "q4"]),
        ({}, Filters(JAN, JAN), ["q2", "q3", "q1"]),  # the undated q5 is in no month
        ({}, Filters(month_from=FEB), ["q6", "q4"]),
        ({}, Filters(month_to=JAN), ["q2", "q3", "q1"]),
        ({"text": "friendship"}, Filters(region="Asia"), ["q2"]),
        ({"text": "friends"}, Filters(region="Asia"), []),
        ({"text": "cooperation", "speaker_country": "CHN"}, Filters(FEB, FEB), ["q6"]),
        ({"speaker": "Nobody"}, Filters(), []),
    ],
)
def test_quote_filters(db, kwargs, filters, expected):
    assert ids(db, filters=filters, **kwargs) == expected


def test_quote_paging(db):
    first = q.search_quotes(db, Filters(), page=1, page_size=4)
    second = q.search_quotes(db, Filters(), page=2, page_size=4)
    beyond = q.search_quotes(db, Filters(), page=9, page_size=4)
    assert (first.total, first.pages, len(first.rows)) == (6, 2, 4)
    assert len(second.rows) == 2 and second.total == 6
    assert set(first.rows["quote_id"]).isdisjoint(second.rows["quote_id"])
    assert beyond.rows.empty and beyond.total == 6


def test_paging_a_ranked_search_keeps_the_ranking(tmp_path):
    texts = {f"q{n}": "hegemonism " * n + "and more words to pad it out" for n in range(1, 8)}
    db = corpus(tmp_path, texts)
    pages = [ids(db, "hegemonism", page=p, page_size=3) for p in (1, 2, 3)]
    assert pages == [["q7", "q6", "q5"], ["q4", "q3", "q2"], ["q1"]]


# --- the index in the snapshot ---------------------------------------------------------------


def test_a_snapshot_without_its_search_index_is_a_clear_error(snapshot_dir):
    import shutil

    from etl.store import read_manifest

    manifest = read_manifest(snapshot_dir)
    shutil.rmtree(snapshot_dir / manifest.snapshot / INDEX_DIR)
    with pytest.raises(DataError, match="quote search index") as err:
        Database(snapshot_dir).refresh()
    assert "python -m etl build" in str(err.value)


def test_a_rebuilt_snapshot_is_searched_without_restarting(snapshot_dir):
    db = Database(snapshot_dir)
    assert ids(db, "ironclad") == ["q2"]
    tables = fixture_tables()
    tables["quotes"] = tables["quotes"].filter(pc.field("quote_id") != "q2")
    write_fixture_snapshot(snapshot_dir, tables)
    db.refresh()
    assert ids(db, "ironclad") == []
    assert q.search_quotes(db, Filters()).total == 5


# --- reading the query and highlighting ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "phrases", "literals"),
    [
        ("china pakistan", ("china", "pakistan"), (), ()),
        ('"the two sides" agreed', ("agreed",), (("the", "two", "sides"),), ()),
        ("“two sides”", (), (("two", "sides"),), ()),
        ("win-win", (), (("win", "win"),), ()),
        ("China's", (), (("china", "s"),), ()),
        ('"Sanctions"', (), (("sanctions",),), ()),
        ("100% **", ("100",), (), ("**",)),
        ('unbalanced "quote', ("unbalanced", "quote"), (), ()),
        ('"', (), (), ('"',)),
        ("Sơn", ("son",), (), ()),
        ("", (), (), ()),
    ],
)
def test_parse_query(text, words, phrases, literals):
    query = parse_query(text)
    assert (query.words, query.phrases, query.literals) == (words, phrases, literals)


def test_highlight_escapes_first_then_marks():
    text = "The friendship is 'ironclad' <script>alert(1)</script> **Friends** [x](y)"
    marked = highlight_markdown(text, match_spans(text, parse_query("friend script")))
    # "Friends" and both "script"s; "friendship" is another word than "friend"
    assert marked.count(":orange-background[") == 3
    assert "<script>" not in marked
    assert "\\*\\*:orange-background[**Friends**]\\*\\*" in marked  # the data's ** escaped
    assert ":orange-background[**script**]" in marked
    assert "\\<" in marked and "\\*\\*" in marked and "\\[x\\]\\(y\\)" in marked


def test_a_quote_spanning_paragraphs_is_marked_in_each_of_them():
    text = "Title\n\nHe said: \u201cFirst part.\n\nSecond part.\u201d Then *more*."
    start = text.index("First")
    end = text.index("part.\u201d") + len("part.")
    assert highlight_paragraphs(text, start, end) == [
        "Title",
        "He said\\: \u201c:orange-background[**First part\\.**]",
        ":orange-background[**Second part\\.**]\u201d Then \\*more\\*\\.",
    ]


def test_highlight_marks_a_phrase_only_where_the_whole_phrase_is():
    text = "The two sides agreed; two of the sides disagreed."
    spans = match_spans(text, parse_query('"two sides"'))
    assert [text[s:e] for s, e in spans] == ["two sides"]


def test_highlight_marks_symbols_searched_literally():
    text = "Growth of 100% – “win–win”"
    spans = match_spans(text, parse_query('% "'))
    assert [text[s:e] for s, e in spans] == ["%", "“", "”"]


# --- export ----------------------------------------------------------------------------------


def test_the_csv_holds_the_whole_result_in_order_with_text_as_written(db):
    rows = q.search_quotes(db, Filters(), text="Russia", page_size=10_000).rows
    table = pd.read_csv(io.BytesIO(quotes_csv(rows)), keep_default_na=False)
    assert list(table["quote_id"]) == ["q6", "q4"]
    assert table.loc[0, "text"] == 'We support "win-win" cooperation with Russia and Vietnam.'
    assert table.loc[0, "countries_mentioned"] == "RUS; VNM"
    assert list(table.columns[:3]) == ["quote_id", "speaker", "speaker_role"]


def test_the_csv_never_hands_a_spreadsheet_a_formula(tmp_path):
    db = corpus(tmp_path, {"f": '=HYPERLINK("http://x","hegemonism")', "g": "-1+1 hegemonism"})
    rows = q.search_quotes(db, Filters(), text="hegemonism").rows
    table = pd.read_csv(io.BytesIO(quotes_csv(rows)), keep_default_na=False)
    assert sorted(table["text"]) == ["'-1+1 hegemonism", '\'=HYPERLINK("http://x","hegemonism")']

"""Any real folder of documents: saved pages, feeds, exports and PDFs become articles, and what
a file says about its articles (title, date, outlet, URL) beats what the text suggests."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sample_files as sf

from etl import ingest
from etl.formats import ReaderOptions
from etl.formats.meta import DateProblem, metadata_date
from etl.formats.wrap import unwrap
from etl.pipeline import build, process_document
from etl.records import Extraction
from etl.store import read_table

REPO = Path(__file__).resolve().parent.parent


def extract(tmp_path: Path, name: str, content: bytes | str, options=None) -> Extraction:
    folder = sf.write(tmp_path / "in", {name: content})
    return process_document(ingest.read_document(folder / name, folder, options))


def test_a_saved_news_page_gives_its_main_text_and_its_own_title_date_site_and_url(tmp_path):
    found = extract(tmp_path, "page.html", sf.news_page())
    assert found.document.status == "ok" and found.document.format == "html"
    (article,) = found.articles
    assert article.title == "Wang Yi holds talks with Kenyan foreign minister"
    # The page's metadata says the 16th; the dateline's "Jan. 15" is a guess from the text.
    assert article.published == date(2024, 1, 16)
    assert (article.outlet, article.url) == (
        "Xinhua",
        "https://english.news.cn/20240116/kenya.html",
    )
    assert (article.title_source, article.date_source, article.outlet_source, article.url_source) == (
        "html_meta", "html_meta", "html_meta", "html_meta",
    )  # fmt: skip
    assert "Musalia Mudavadi" in article.text and "good friends" in article.text
    for debris in ("SCRIPT-IN-HEAD", "SCRIPT-IN-BODY", "font-family", "Home", "Copyright"):
        assert debris not in article.text
    assert [(e.country, e.type, e.date.value) for e in found.engagements] == [
        ("KEN", "talks", date(2024, 1, 15))
    ]
    assert "Wang Yi" in {q.speaker for q in found.quotes}


def test_a_page_without_a_date_in_its_metadata_keeps_the_texts_date_and_says_so(tmp_path):
    page = sf.news_page(published=None).replace("Jan. 15 (Xinhua)", "Jan. 15, 2024 (Xinhua)")
    (article,) = extract(tmp_path, "page.htm", page).articles
    assert (article.published, article.date_source) == (date(2024, 1, 15), "dateline")
    assert article.title_source == "html_meta"


def test_a_page_of_scripts_and_styles_only_is_empty(tmp_path):
    page = "<html><head><style>p{}</style></head><body><script>alert('x')</script></body></html>"
    found = extract(tmp_path, "blank.html", page)
    assert (found.document.status, found.articles) == ("empty", [])
    assert "no text" in found.document.error


def test_each_feed_item_is_an_article_with_its_own_title_date_link_and_source(tmp_path):
    found = extract(tmp_path, "world.rss", sf.rss_feed())
    assert found.document.format == "feed"
    brazil, singapore = found.articles
    assert brazil.title == "Xi Jinping holds talks with Brazilian president"
    # "Wed, 20 Nov 2024 23:30 -0300" was published on the 20th where it was written.
    assert (brazil.published, brazil.date_source) == (date(2024, 11, 20), "feed")
    assert (brazil.url, brazil.outlet) == ("https://example.org/world/brazil", "Xinhua")
    assert "Chinese President Xi Jinping held talks with Brazilian President" in brazil.text
    assert "feed script" not in brazil.text
    # No <source>: the feed's own title is the outlet; no date: undated, not invented.
    assert (singapore.outlet, singapore.outlet_source) == ("China Daily | World", "feed")
    assert singapore.published is None and singapore.date_source is None
    assert {(e.country, e.type) for e in found.engagements} >= {
        ("BRA", "talks"),
        ("SGP", "meeting"),
    }


def test_an_atom_entry_keeps_the_day_it_was_written_on(tmp_path):
    found = extract(tmp_path, "readouts.atom", sf.atom_feed())
    (article,) = found.articles
    assert (article.published, article.url) == (date(2024, 5, 31), "https://example.org/readouts/1")
    assert [(e.country, e.type) for e in found.engagements] == [("RUS", "call")]


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("records.json", sf.json_records(), "json"),
        ("records.jsonl", sf.json_lines(), "jsonl"),
        ("table.csv", sf.csv_table(), "csv"),
        ("table.tsv", sf.csv_table().replace(b",", b"\t"), "tsv"),
        ("semicolons.csv", sf.csv_table().replace(b",", b";"), "csv"),
    ],
)
def test_each_record_of_an_export_is_an_article_with_its_columns(tmp_path, name, content, fmt):
    found = extract(tmp_path, name, content)
    assert (found.document.status, found.document.format) == ("ok", fmt)
    vietnam, laos = found.articles
    assert vietnam.title == "Wang Yi meets Vietnamese deputy prime minister"
    assert (vietnam.published, vietnam.date_source) == (date(2023, 12, 12), "column")
    assert (vietnam.url, vietnam.outlet) == ("https://example.org/vn", "Xinhua")
    # "03/04/2024" could be March or April: undated, and the file's row says why.
    assert laos.published is None and laos.url is None
    assert "date not understood" in found.document.error
    assert {(e.country, e.type) for e in found.engagements} == {
        ("VNM", "meeting"),
        ("LAO", "meeting"),
    }


def test_a_json_lines_file_with_a_broken_line_keeps_the_others_and_says_which(tmp_path):
    document = extract(tmp_path, "records.jsonl", sf.json_lines()).document
    assert "1 line(s) are not JSON and were left out: 3" in document.error


def test_a_json_feed_item_gives_its_html_content_as_text(tmp_path):
    (article,) = extract(tmp_path, "feed.json", sf.json_feed()).articles
    assert article.text.endswith("met with Uruguayan President Yamandu Orsi in Montevideo.")
    assert (article.published, article.url) == (date(2025, 3, 1), "https://example.org/jf/1")


# A German export: no column has a name the reader tries by default.
HEADERS = ("Überschrift", "Datum", "Adresse", "Inhalt", "Quelle")
COLUMNS = {"title": "Überschrift", "date": "Datum", "url": "Adresse", "text": "Inhalt",
           "outlet": "Quelle"}  # fmt: skip


def test_unusual_column_names_are_named_in_the_options_or_the_file_is_refused_with_the_columns(
    tmp_path,
):
    table = sf.csv_table(HEADERS)
    refused = extract(tmp_path, "export.csv", table).document
    assert refused.status == "error"
    assert "no text or title column" in refused.error and "Inhalt" in refused.error
    options = ReaderOptions().with_columns(COLUMNS)
    found = extract(tmp_path, "export.csv", table, options)
    assert [a.title for a in found.articles] == [r["title"] for r in sf.ROWS]
    assert found.articles[0].outlet == "Xinhua"


def test_column_names_come_from_the_input_folders_settings_file_or_the_command_line(tmp_path):
    folder = sf.write(tmp_path / "in", {"export.csv": sf.csv_table(HEADERS)})
    (folder / "diplomacy-atlas.toml").write_text(
        '[columns]\ntitle = "Überschrift"\ntext = ["Text", "Inhalt"]\n', encoding="utf-8"
    )
    build(folder, tmp_path / "a")
    titles = read_table(tmp_path / "a", "articles").column("title").to_pylist()
    assert titles == [r["title"] for r in sf.ROWS]
    (folder / "diplomacy-atlas.toml").unlink()
    run = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(folder), "--out", str(tmp_path / "b"),
         "--quiet", "--column", "text=Inhalt", "--column", "date=Datum"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    articles = read_table(tmp_path / "b", "articles")
    assert articles.column("published").to_pylist()[0] == date(2023, 12, 12)


def test_an_unknown_column_field_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown column field 'body'"):
        ReaderOptions().with_columns({"body": "Text"})


def test_a_pdf_gives_its_text_with_the_lines_of_each_paragraph_joined(tmp_path):
    pdf = sf.pdf_document([sf.PDF_LINES], title="Xi Jinping meets French President")
    found = extract(tmp_path, "paris.pdf", pdf)
    (article,) = found.articles
    assert (article.title, article.title_source) == (
        "Xi Jinping meets French President",
        "pdf_meta",
    )
    assert (
        "held talks with French President Emmanuel Macron in Paris on Monday, and" in article.text
    )
    assert ("FRA", "talks") in {(e.country, e.type) for e in found.engagements}
    assert {p.country for p in found.partnerships} == {"FRA"}


def test_a_pdf_titled_after_its_file_takes_its_headline_from_the_text(tmp_path):
    pdf = sf.pdf_document([sf.PDF_LINES], title="Microsoft Word - draft3.docx")
    (article,) = extract(tmp_path, "paris.pdf", pdf).articles
    assert (article.title, article.title_source) == (
        "Xi Jinping meets French President",
        "headline",
    )


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (sf.pdf_document([[]]), "empty", "no text layer"),
        (b"%PDF-1.4\nthis is not a pdf at all", "error", "not a readable PDF"),
    ],
)
def test_a_pdf_without_text_or_broken_is_reported(tmp_path, content, status, message):
    document = extract(tmp_path, "scan.pdf", content).document
    assert document.status == status and message in document.error


def test_a_pdf_or_a_web_page_saved_as_txt_is_read_as_what_it_is(tmp_path):
    pdf = extract(tmp_path, "paris.txt", sf.pdf_document([sf.PDF_LINES])).document
    assert (pdf.status, pdf.format) == ("ok", "pdf") and "read as PDF" in pdf.error
    page = extract(tmp_path, "page.txt", sf.news_page())
    assert page.document.format == "html"
    assert "SCRIPT-IN-BODY" not in page.articles[0].text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-15T01:00:00+08:00", date(2024, 1, 15)),  # as written, not moved to UTC
        ("Mon, 15 Jan 2024 01:00:00 +0800", date(2024, 1, 15)),
        ("20240115", date(2024, 1, 15)),
        ("15/01/2024", date(2024, 1, 15)),
        ("01/15/2024", date(2024, 1, 15)),
        ("12.12.2023", date(2023, 12, 12)),
        ("January 15, 2024", date(2024, 1, 15)),
        (1705312800, date(2024, 1, 15)),
        ("", None),
        (None, None),
    ],
)
def test_a_metadata_date_is_read_as_written(value, expected):
    assert metadata_date(value) == expected


@pytest.mark.parametrize("value", ["03/04/2024", "2024-02-30", "1850-01-01", "soon", True])
def test_a_metadata_value_that_is_not_clearly_a_date_is_refused(value):
    with pytest.raises(DateProblem):
        metadata_date(value)


def test_a_saved_blog_page_keeps_each_posts_own_title_and_date_and_gives_all_its_url(tmp_path):
    import html

    seed = next((REPO / "seeds").glob("001_*.txt"))  # a blog page of posts and reprints
    lines = [line for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]
    paragraphs = lines[:160]  # a dozen posts are enough, and quick
    page = (
        '<html><head><title>China Blog</title><meta property="og:site_name" content="China Blog">'
        '<meta property="og:url" content="https://blog.example.org/page/2">'
        '<meta property="article:published_time" content="2025-03-01"></head><body><main>'
        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        + "</main></body></html>"
    )
    as_page = extract(tmp_path, "blog.html", page)
    as_text = extract(tmp_path / "text", "blog.txt", "\n".join(paragraphs))
    assert len(as_page.articles) == len(as_text.articles) > 10
    assert len(as_page.engagements) == len(as_text.engagements)
    # The page's date and title describe no single post: each keeps its own.
    assert "html_meta" not in {a.date_source for a in as_page.articles}
    titles = [[" ".join((a.title or "").split()) for a in x.articles] for x in (as_page, as_text)]
    assert titles[0] == titles[1]  # (the page's markup turned odd spaces into plain ones)
    assert {a.url for a in as_page.articles} == {"https://blog.example.org/page/2"}
    posts = [a for a in as_page.articles if a.kind == "post"]
    embedded = [a for a in as_page.articles if a.kind == "embedded"]
    assert {a.outlet for a in posts} == {"China Blog"}
    assert "China Blog" not in {a.outlet for a in embedded}  # a reprint keeps its outlet


def test_a_broken_settings_file_or_column_option_stops_the_build_with_a_message(tmp_path):
    folder = sf.write(tmp_path / "in", {"export.csv": sf.csv_table()})
    (folder / "diplomacy-atlas.toml").write_text("[columns]\nbody = 'Text'\n", encoding="utf-8")

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "etl", "build", "--input", str(folder),
             "--out", str(tmp_path / "d"), "--quiet", *extra],
            capture_output=True, text=True, cwd=REPO, check=False,
        )  # fmt: skip

    broken = run()
    assert broken.returncode == 1
    assert "diplomacy-atlas.toml: unknown column field 'body'" in broken.stderr
    (folder / "diplomacy-atlas.toml").unlink()
    usage = run("--column", "text")
    assert usage.returncode == 2 and "--column takes FIELD=NAME" in usage.stderr


HARD_WRAPPED = """China's Pacific Diplomacy
Working Paper No. 3

On 21 September 2019, State Councilor and Foreign Minister Wang Yi met
with Solomon Islands Foreign Minister Jeremiah Manele in Beijing and signed
the joint communique on establishing diplomatic relations. Premier Li Ke-
qiang held talks with Prime Minister Manasseh Sogavare on 9 October 2019
in Beijing.12 The two sides agreed to expand cooperation in trade, fishe-
ries and infrastructure, and to open direct flights between the capitals
before the end of the year, according to the joint press communique that
was released by both foreign ministries on the evening of the talks.
"""


def test_text_saved_with_a_pages_line_breaks_is_read_one_paragraph_per_line(tmp_path):
    (tmp_path / "paper.txt").write_text(HARD_WRAPPED, encoding="utf-8")
    doc = ingest.read_document(tmp_path / "paper.txt", tmp_path)
    paragraphs = [p for p in doc.text.split("\n") if p.strip()]
    assert paragraphs[:2] == ["China's Pacific Diplomacy", "Working Paper No. 3"]
    assert paragraphs[2].startswith("On 21 September 2019, State Councilor")
    assert "Premier Li Keqiang held talks" in paragraphs[2]
    assert "in Beijing. The two sides" in paragraphs[2]  # the footnote number is gone
    assert "fisheries" in paragraphs[2] and len(paragraphs) == 3


def test_paragraphs_written_one_per_line_are_left_as_they_are():
    text = "\n\n".join(
        ["A headline"] + [f"Paragraph {i} is a line of its own." * 5 for i in range(10)]
    )
    assert unwrap(text) == text


def test_a_wikis_citation_marks_are_dropped_so_sentences_end_where_they_do(tmp_path):
    (tmp_path / "wiki.txt").write_text(
        "Qin Gang\n\nOn 4 March 2023, Qin met Brazilian Foreign Minister Mauro Vieira.[12] "
        "He held talks with Dmytro Kuleba by phone.[13][a]\n",
        encoding="utf-8",
    )
    doc = ingest.read_document(tmp_path / "wiki.txt", tmp_path)
    assert "[12]" not in doc.text and "[a]" not in doc.text
    assert "Mauro Vieira. He held talks" in doc.text

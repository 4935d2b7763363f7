"""The inbox: an uploaded file's name is the user's text, never a path out of the inbox, and a
file already there is never overwritten; a build reads the earlier input plus the inbox."""

from __future__ import annotations

from pathlib import Path

import pytest
import sample_files as sf
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import inbox
from etl.pipeline import build
from etl.store import read_table


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("readout.html", "readout.html"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\report.TXT", "report.txt"),
        ("/abs/path/feed.rss", "feed.rss"),
        ("a/../../b.csv", "b.csv"),
        (".hidden.md", "hidden.md"),
        ("...", "upload"),
        ("x\x00y.txt", "xy.txt"),
        ("gnp\u202etxt.exe", "gnptxt.exe"),  # a right-to-left override hides the real suffix
        ("报告 2024.pdf", "报告 2024.pdf"),
        ("<script>alert(1)</script>.html", "script.html"),  # "/" ends a path part
        ("name with $(rm -rf ~).txt", "name with _rm -rf.txt"),
        ("a" * 300 + ".json", "a" * 115 + ".json"),
    ],
)
def test_an_upload_name_becomes_one_safe_file_name(name, safe):
    assert inbox.safe_name(name) == safe


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=80), st.sampled_from(inbox.ACCEPTED_SUFFIXES))
def test_no_upload_name_leaves_the_inbox(tmp_path_factory, name, suffix):
    data = tmp_path_factory.mktemp("data")
    try:
        stored = inbox.store_upload(data, name + suffix, b"Some text.")
    except inbox.UploadRefused:
        return
    assert stored.path.parent == data / "inbox"
    assert stored.path.resolve().parent == (data / "inbox").resolve()
    assert not stored.path.name.startswith(".")
    assert [p for p in data.rglob("*") if p.is_file()] == [stored.path]


def test_an_upload_never_overwrites_a_file_and_the_same_file_twice_is_kept_once(tmp_path):
    first = inbox.store_upload(tmp_path, "readout.txt", b"First text.")
    second = inbox.store_upload(tmp_path, "readout.txt", b"Second text.")
    again = inbox.store_upload(tmp_path, "copy of readout.txt", b"First text.")
    assert (first.path.name, second.path.name) == ("readout.txt", "readout-2.txt")
    assert first.path.read_bytes() == b"First text."
    assert again.path == first.path and again.note == "already in the inbox as readout.txt"
    assert sorted(p.name for p in (tmp_path / "inbox").iterdir()) == [
        "readout-2.txt",
        "readout.txt",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("slides.pptx", b"PK", ".pptx: not a document type read here"),
        ("noext", b"text", "no suffix: not a document type"),
        ("empty.txt", b"  \n", "the file is empty"),
    ],
)
def test_an_upload_that_is_no_document_is_refused_before_it_is_stored(
    tmp_path, name, content, reason
):
    with pytest.raises(inbox.UploadRefused, match=reason):
        inbox.store_upload(tmp_path, name, content)
    assert not (tmp_path / "inbox").exists() or not any((tmp_path / "inbox").iterdir())


def test_an_upload_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(inbox, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(inbox.UploadRefused, match="larger than 20 MB"):
        inbox.store_upload(tmp_path, "big.txt", b"x" * 11)


def test_a_build_of_the_corpus_reads_the_earlier_input_and_the_inbox(tmp_path):
    mine = sf.write(tmp_path / "mine", {"kenya.txt": sf.GOOD})
    other = sf.write(tmp_path / "other", {"feed.rss": sf.rss_feed()})
    (other / "diplomacy-atlas.toml").write_text("[columns]\ntext = 'Body'\n", encoding="utf-8")
    data = tmp_path / "data"
    inbox.store_upload(data, "page.html", sf.news_page().encode())
    corpus = inbox.corpus_with_inbox(data, mine)
    assert inbox.corpus_with_inbox(data, corpus) == corpus  # already the corpus: kept
    build(corpus, data)
    paths = set(read_table(data, "documents").column("path").to_pylist())
    assert paths == {"mine/kenya.txt", "inbox/page.html"}
    # Another input replaces the first one's link; the inbox stays; its settings come along.
    inbox.corpus_with_inbox(data, other)
    assert sorted(p.name for p in corpus.iterdir()) == ["diplomacy-atlas.toml", "inbox", "other"]
    build(corpus, data)
    assert set(read_table(data, "documents").column("path").to_pylist()) == {
        "other/feed.rss", "inbox/page.html",
    }  # fmt: skip
    assert (tmp_path / "mine" / "kenya.txt").exists()  # links removed, never their targets


def test_a_missing_earlier_input_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="the folder the data was built from is missing"):
        inbox.corpus_with_inbox(tmp_path / "data", tmp_path / "gone")


def test_discovery_follows_linked_folders_once_even_in_a_loop(tmp_path):
    from etl.ingest import discover

    folder = sf.write(tmp_path / "in", {"a.txt": sf.GOOD})
    (folder / "again").symlink_to(folder)  # a loop
    (folder / "elsewhere").symlink_to(sf.write(tmp_path / "x", {"b.md": sf.GOOD}))
    found = [p.relative_to(folder).as_posix() for p in discover(folder)]
    assert found == ["a.txt", "elsewhere/b.md"]


def test_the_corpus_folder_never_removes_a_real_file(tmp_path):
    data = tmp_path / "data"
    corpus = inbox.corpus_with_inbox(data, sf.write(tmp_path / "mine", {"a.txt": sf.GOOD}))
    (corpus / "notes.txt").write_text("mine", encoding="utf-8")
    inbox.corpus_with_inbox(data, sf.write(tmp_path / "other", {"b.txt": sf.GOOD}))
    assert (corpus / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert Path(corpus / "other").resolve() == (tmp_path / "other").resolve()

"""Bad input: every file the build cannot use gets a documents row with a status and a reason,
every file it can use is read correctly whatever its encoding, and the build goes on."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import sample_files as sf
from sample_files import BAD_INPUTS, GOOD, bad_folder

from etl import ingest
from etl.pipeline import build, process_document
from etl.store import read_table

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("name", "content", "status", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_each_kind_of_bad_input_gets_a_status_and_a_reason(
    tmp_path, name, content, status, message
):
    folder = sf.write(tmp_path, {name: content})
    document = ingest.read_document(folder / name, folder)
    assert document.status == status, document.error
    if message is None:
        assert document.error is None
    else:
        assert message in document.error
    extraction = process_document(document)  # never raises, whatever the file
    assert extraction.document.status == status


@pytest.mark.parametrize(
    "name",
    ["utf8.txt", "utf8_bom.txt", "utf16le_bom.txt", "utf16be_bom.txt", "utf16_no_bom.txt",
     "windows1252.txt", "mixed.txt"],
)  # fmt: skip
def test_every_encoding_gives_the_same_letters(tmp_path, name):
    content = next(c for n, c, _, _ in BAD_INPUTS if n == name)
    folder = sf.write(tmp_path, {name: content})
    document = ingest.read_document(folder / name, folder)
    assert document.text.startswith("Xi holds talks")  # no byte order mark left in front
    assert "Luiz Inácio Lula da Silva" in document.text
    if "1252" in name or "mixed" in name:
        assert "Mexico’s president, Enrique Peña Nieto – “a friend of China” –" in document.text
    extraction = process_document(document)
    assert ("BRA", "talks") in {(e.country, e.type) for e in extraction.engagements}


def test_a_page_saved_without_line_breaks_is_split_at_sentence_ends_and_read(tmp_path):
    # Navigation and a dozen paragraphs on one line: as one line it is all site debris.
    story = f"{sf.KENYA_TEXT} {sf.KENYA_QUOTE} "
    line = "Home | World | Africa | Opinion | " + story * 60
    assert len(line) > 15_000 and "\n" not in line
    folder = sf.write(tmp_path, {"one_line.txt": line})
    document = ingest.read_document(folder / "one_line.txt", folder)
    assert document.status == "ok"
    assert "1 line(s) longer than 10,000 characters split into paragraphs" in document.error
    extraction = process_document(document)
    assert extraction.articles and not extraction.warnings
    assert ("KEN", "talks") in {(e.country, e.type) for e in extraction.engagements}
    assert all(len(line) <= 10_000 for a in extraction.articles for line in a.text.split("\n"))


def test_a_web_page_with_scripts_and_styles_gives_none_of_their_text(tmp_path):
    folder = sf.write(tmp_path, {"page.html": sf.news_page()})
    extraction = process_document(ingest.read_document(folder / "page.html", folder))
    texts = " ".join(a.text + (a.title or "") for a in extraction.articles)
    assert "Musalia Mudavadi" in texts
    for leaked in ("SCRIPT-IN-HEAD", "SCRIPT-IN-BODY", "document.write", "font-family"):
        assert leaked not in texts
    assert {e.country for e in extraction.engagements} == {"KEN"}  # not Russia, not the US


def test_links_pipes_and_oversized_files_are_reported_without_being_opened(tmp_path, monkeypatch):
    folder = sf.write(tmp_path, {"real.txt": GOOD})
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    os.mkfifo(folder / "pipe.txt")  # opening it would wait forever for a writer
    (folder / "link.txt").symlink_to(folder / "real.txt")
    monkeypatch.setattr(ingest, "MAX_BYTES", 300)
    (folder / "big.txt").write_text(GOOD * 3, encoding="utf-8")
    found = {p.name: ingest.read_document(p, folder) for p in ingest.discover(folder)}
    status = {name: (d.status, d.error) for name, d in found.items()}
    assert status["dangling.txt"] == ("error", f"broken symbolic link (to {folder / 'gone.txt'})")
    assert status["loop_a.txt"][0] == "error" and "symbolic links" in status["loop_a.txt"][1]
    assert status["pipe.txt"] == ("error", "not a regular file (a pipe, socket or device)")
    assert status["big.txt"][0] == "error" and "larger than" in status["big.txt"][1]
    assert status["real.txt"] == status["link.txt"] == ("ok", None)


def _read_without_privileges(path: Path, folder: Path) -> tuple[str, str | None]:
    """read_document in a child process that has given up root (root reads any file)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to nobody, read, report, exit without cleanup
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            document = ingest.read_document(path, folder)
            path.stat()  # the folder is open to it: only the file itself is refused
            os.write(write_end, pickle.dumps((document.status, document.error)))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def test_a_file_the_build_may_not_read_is_an_error_naming_the_permission():
    # Not under pytest's tmp folder, which only root may enter.
    root = Path(tempfile.mkdtemp(prefix="atlas-permission-"))
    try:
        root.chmod(0o755)
        folder = sf.write(root / "in", {"secret.txt": GOOD})
        folder.chmod(0o755)
        (folder / "secret.txt").chmod(0o000)
        if os.geteuid() == 0:
            status, error = _read_without_privileges(folder / "secret.txt", folder)
        else:
            document = ingest.read_document(folder / "secret.txt", folder)
            status, error = document.status, document.error
        assert (status, error) == ("error", "cannot read file: Permission denied")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_same_file_twice_is_one_document_and_the_other_is_marked_duplicate(tmp_path):
    folder = sf.write(tmp_path / "in", {"a.txt": GOOD, "copy/a (1).txt": GOOD})
    result = build(folder, tmp_path / "data")
    documents = read_table(tmp_path / "data", "documents").to_pylist()
    by_path = {d["path"]: d for d in documents}
    assert by_path["a.txt"]["status"] == "ok" and by_path["a.txt"]["n_articles"] == 1
    copy = by_path["copy/a (1).txt"]
    assert copy["status"] == "duplicate" and copy["n_articles"] == 0
    assert copy["error"].startswith(
        f"same content as a.txt (document {by_path['a.txt']['doc_id']})"
    )
    assert len({d["doc_id"] for d in documents}) == 2
    assert read_table(tmp_path / "data", "engagements").num_rows == 1  # counted once
    assert result.failed_documents == [] and len(result.skipped_documents) == 1


def test_a_folder_of_bad_files_still_builds_and_the_cli_lists_each_one_and_exits_3(tmp_path):
    folder = bad_folder(tmp_path / "in")
    run = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(folder), "--out", str(tmp_path / "d"), "--quiet"],
        capture_output=True, text=True, cwd=REPO, check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    documents = read_table(tmp_path / "d", "documents").to_pylist()
    expected = {name: status for name, _, status, _ in BAD_INPUTS}
    expected |= {"copy_of_utf8.txt": "duplicate", "dangling.txt": "error", "pipe.txt": "error"}
    # "utf8.txt" sorts after "copy_of_utf8.txt": the first in path order is the document.
    expected["utf8.txt"] = "duplicate"
    expected["copy_of_utf8.txt"] = "ok"
    assert {d["path"]: d["status"] for d in documents} == expected
    for name, status in expected.items():
        if status in ("error", "empty", "duplicate"):
            assert f": {name}: " in run.stderr or f" {name}: " in run.stderr, name
    assert "Documents not used" in run.stderr and "Documents read with notes" in run.stderr
    assert "Built snapshot" in run.stdout
    articles = read_table(tmp_path / "d", "articles")
    assert articles.num_rows >= 7  # each readable encoding gave its article


def test_the_cli_exits_zero_when_files_are_only_empty_or_duplicates(tmp_path):
    folder = sf.write(tmp_path / "in", {"a.txt": GOOD, "b.txt": GOOD, "empty.txt": ""})
    run = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(folder), "--out", str(tmp_path / "d"), "--quiet"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "skipped: b.txt: duplicate: same content as a.txt" in run.stderr
    assert "skipped: empty.txt: empty: file is empty" in run.stderr


def test_the_exit_codes_are_documented_in_the_help_and_the_readme():
    from etl.__main__ import BUILD_EXIT_CODES

    run = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--help"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2", "3"):
        assert f"  {code}  " in run.stdout
        assert f"| `{code}` |" in readme
    assert BUILD_EXIT_CODES.splitlines()[0] in run.stdout

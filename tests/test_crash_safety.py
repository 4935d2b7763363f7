"""Crash safety: a real build killed with SIGKILL at any moment leaves the previous tables
complete and readable, and the next build succeeds; a second build started while one runs
stops at once with a clear message and harms neither.

The builds run as `python -m etl build` subprocesses on a corpus of ten documents (the seeds
twice, each copy made distinct), which takes a few seconds. The scenarios run side by side,
each on its own data folder, to keep the wall time down.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl import store
from etl.pipeline import build
from etl.schemas import TABLES
from etl.search_index import INDEX_DIR, open_quote_index

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TIMEOUT = 180  # seconds; a loaded machine is slow, a hung build is a failure

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


class Build:
    """A `python -m etl build` in a subprocess, its progress output collected as it comes."""

    def __init__(self, corpus: Path, data: Path) -> None:
        self.data = data
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--input", str(corpus), "--out", str(data)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self._stderr: list[bytes] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for chunk in iter(lambda: self.process.stderr.read1(4096), b""):  # type: ignore[union-attr]
            self._stderr.append(chunk)

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def wait_until(self, moment: Callable[[], bool], poll: float = 0.002) -> bool:
        """True when the moment came while the build still ran; False if it ended first."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if moment():
                return self.process.poll() is None
            if self.process.poll() is not None:
                return False
            time.sleep(poll)
        raise AssertionError(f"the moment never came within {TIMEOUT} s:\n{self.stderr}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(TIMEOUT)
        self._reader.join(TIMEOUT)

    def finish(self) -> int:
        code = self.process.wait(TIMEOUT)
        self._reader.join(TIMEOUT)
        return code


def big_corpus(folder: Path) -> Path:
    folder.mkdir()
    for copy in range(2):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8") + f"\n\nCopy {copy}.\n"
            (folder / f"{copy}_{seed.name}").write_text(text, encoding="utf-8")
    return folder


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Wang Yi meets Kenyan foreign minister\n\nBEIJING, Jan. 15, 2024 (Xinhua) -- Chinese "
        "Foreign Minister Wang Yi met with Kenyan Foreign Minister Musalia Mudavadi on Monday.\n",
        encoding="utf-8",
    )
    return folder


def staging_folders(data: Path) -> list[Path]:
    snapshots = data / store.SNAPSHOTS_DIR
    return [p for p in snapshots.glob(".*") if p.is_dir()] if snapshots.is_dir() else []


def finished_snapshots(data: Path) -> list[str]:
    snapshots = data / store.SNAPSHOTS_DIR
    return sorted(p.name for p in snapshots.iterdir() if p.is_dir() and not p.name.startswith("."))


def assert_complete_and_readable(data: Path) -> store.Manifest:
    """Every table of the current snapshot reads, with its schema and the manifest's counts;
    its search index opens; the app's read side opens it and answers a query."""
    from dashboard.db import Database

    manifest = store.read_manifest(data)
    assert manifest is not None
    for name, schema in TABLES.items():
        table = pq.read_table(manifest.table_path(data, name))
        assert table.schema.equals(schema), name
        assert table.num_rows == manifest.counts[name], name
    open_quote_index(data / manifest.snapshot / INDEX_DIR)
    db = Database(data)
    try:
        assert db.refresh().run_id == manifest.run_id
        assert int(db.query("SELECT count(*) AS n FROM articles")["n"][0]) > 0
    finally:
        db.close()
    return manifest


def _progress(run: Build) -> Callable[[], bool]:
    return lambda: re.search(r"\b[1-9]\d*/\d+\b", run.stderr) is not None


def _holds_lock(data: Path) -> Callable[[], bool]:
    """The lock on data/.lock is taken (read from /proc/locks: asking flock would interfere)."""

    def held() -> bool:
        try:
            inode = (data / ".lock").stat().st_ino
            return f":{inode} " in Path("/proc/locks").read_text()
        except FileNotFoundError:
            return False

    return held


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The big corpus, the small one, and a data folder holding a build of the small one."""
    root = tmp_path_factory.mktemp("crash")
    big, small = big_corpus(root / "big"), small_corpus(root / "small")
    build(small, root / "data")
    return big, small, root / "data"


def _kill_at(moment: str, big: Path, data: Path) -> tuple[str, bool, list[Path]]:
    """Start a build, SIGKILL it at `moment`; say whether it was still running then."""
    run = Build(big, data)
    initial = set(finished_snapshots(data))
    moments: dict[str, Callable[[], bool]] = {
        "starting": lambda: time.monotonic() - run.started > 0.3,
        "reading documents": _progress(run),
        "writing the snapshot": lambda: bool(staging_folders(data)),
        "making it current": lambda: bool(set(finished_snapshots(data)) - initial),
    }
    running = run.wait_until(moments[moment])
    run.kill()
    return moment, running, staging_folders(data)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks (Linux)")
def test_a_build_killed_at_any_moment_leaves_the_previous_data_and_the_next_build_works(
    corpora, tmp_path
):
    big, small, initial_data = corpora
    previous = store.read_manifest(initial_data)
    moments = ["starting", "reading documents", "writing the snapshot", "making it current"]
    folders = {m: tmp_path / m.replace(" ", "_") for m in moments}
    for folder in folders.values():
        shutil.copytree(initial_data, folder)
    with ThreadPoolExecutor(len(moments)) as pool:
        results = list(pool.map(lambda m: _kill_at(m, big, folders[m]), moments))
    for moment, running, staging in results:
        data = folders[moment]
        manifest = assert_complete_and_readable(data)
        if moment != "making it current":
            assert running, f"the build ended before '{moment}'"
            assert manifest.run_id == previous.run_id, moment
        if moment == "writing the snapshot":
            assert staging, "killed half-way through writing: its staging folder is left"
        # The next build after the crash runs, cleans up what the killed one left, and its
        # snapshot becomes current.
        rebuilt = build(small, data).manifest
        assert assert_complete_and_readable(data).run_id == rebuilt.run_id
        assert staging_folders(data) == []
        assert len(finished_snapshots(data)) <= store.KEEP_SNAPSHOTS


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks (Linux)")
def test_a_second_build_while_one_runs_stops_at_once_with_a_message_and_harms_neither(
    corpora, tmp_path
):
    big, small, initial_data = corpora
    data = tmp_path / "data"
    shutil.copytree(initial_data, data)
    first = Build(big, data)
    assert first.wait_until(_holds_lock(data)), first.stderr
    second = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--input", str(small), "--out", str(data), "--quiet"],
        cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert second.returncode == 1
    assert "another build is running on" in second.stderr
    assert first.process.poll() is None, "the first build was still running when refused"
    assert first.finish() == 0, first.stderr
    manifest = assert_complete_and_readable(data)
    assert manifest.counts["documents"] == 10  # the first build's, whole

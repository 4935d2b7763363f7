"""First start: build the data from the seed documents when there is none yet."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from dashboard.db import DATA_DIR_ENV, DataError, rebuild_command
from dashboard.display import escape_markdown
from etl.store import DataDirError, Manifest, read_manifest


@st.cache_resource(show_spinner=False)
def _build_lock() -> threading.Lock:
    """One build at a time per server, even when several sessions open at once."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def _first_start_lock() -> threading.Lock:
    """One first-start check at a time: the sessions that wait then find the data built."""
    return threading.Lock()


def show_data_error(message: str, *, detail: str | None = None) -> None:
    """A clear error (no traceback) with the command that fixes it."""
    st.error(escape_markdown(message), icon="⚠️")  # paths and file names shown literally
    st.markdown("Rebuild the data from the repository root, then reload this page:")
    st.code(rebuild_command(), language="bash")
    st.caption(f"The app reads the data directory named by ${DATA_DIR_ENV} (default: <repo>/data).")
    if detail:
        with st.expander("Details"):
            st.text(detail)


def ensure_data(data_dir: Path, seeds_dir: Path) -> Manifest:
    """The current manifest; builds data/ from `seeds_dir` first when nothing is built yet.

    Stops the script (st.stop) with a clear message when the data cannot be read or built.
    """
    try:
        manifest = read_manifest(data_dir)
    except DataDirError as exc:
        show_data_error(str(exc))
        st.stop()
    if manifest is not None and not _outdated_seed_build(manifest, data_dir, seeds_dir):
        return manifest
    with _first_start_lock():
        manifest = read_manifest(data_dir)  # another session may have built it meanwhile
        if manifest is None:
            return _build(data_dir, seeds_dir)
        if _outdated_seed_build(manifest, data_dir, seeds_dir):
            # The default data, built from the seeds by an older version of the app, lacks
            # tables this version reads: build it again rather than ask for a command.
            return _build(data_dir, seeds_dir, "The data was built by an older version: rebuilding")
        return manifest


def _outdated_seed_build(manifest: Manifest, data_dir: Path, seeds_dir: Path) -> bool:
    """A snapshot built from the bundled seeds that lacks a table of this version. Data built
    from an analyst's own folder is never rebuilt behind their back: the page says how."""
    from etl.schemas import TABLES

    built_from = Path(manifest.input_dir)
    if not built_from.is_absolute():
        built_from = Path.cwd() / built_from
    if built_from.resolve() != Path(seeds_dir).resolve():
        return False
    return any(not manifest.table_path(data_dir, table).exists() for table in TABLES)


def build_with_progress(input_dir: Path, data_dir: Path, label: str):
    """Run the ETL with a progress bar in a status box; returns its BuildResult.

    Raises what the build raises (BuildError with a message for the user); the box then says
    the build failed. A second build at the same time waits for this server's first one.
    """
    from etl.pipeline import build

    with _build_lock(), st.status(label, expanded=True) as status:
        bar = st.progress(0.0, text="Reading documents…")

        def progress(done: int, total: int, message: str) -> None:
            fraction = min(1.0, done / total) if total else 1.0
            bar.progress(fraction, text=f"{done}/{total} documents · {escape_markdown(message)}")

        try:
            result = build(Path(input_dir), Path(data_dir), progress=progress)
        except BaseException:
            status.update(label="Building the data failed", state="error", expanded=True)
            raise
        counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
        status.update(
            label=f"Data built (snapshot {result.manifest.run_id}): {counts}",
            state="complete",
            expanded=False,
        )
    return result


def _build(data_dir: Path, seeds_dir: Path, why: str = "First start: building") -> Manifest:
    try:
        from etl.pipeline import BuildError
    except ImportError as exc:
        show_data_error(f"No data yet, and the ETL cannot be loaded to build it: {exc}.")
        st.stop()
    label = f"{why} the data from {escape_markdown(seeds_dir)} …"
    try:
        result = build_with_progress(seeds_dir, data_dir, label)
    except BuildError as exc:
        show_data_error(f"Building the data failed: {exc}")
        st.stop()
    except Exception as exc:  # a bug in the ETL: still no traceback for the user
        show_data_error(
            f"Building the data failed unexpectedly: {type(exc).__name__}: {exc}",
            detail=repr(exc),
        )
        st.stop()
    if result.warnings:
        st.caption(f"{len(result.warnings)} ETL warnings: see the Sources page.")
    manifest = read_manifest(data_dir)
    if manifest is None:
        raise DataError(f"The build finished but {data_dir} has no manifest.")
    return manifest

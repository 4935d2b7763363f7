"""Adding documents from the Sources page: upload, store in the inbox, rebuild, report.

Each file's outcome is shown next to its name: refused before storing (type, size, empty),
or what the build made of it (its documents row: status, message, articles found). File
names are the user's text: shown as text, stored only under a safe name inside the inbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.bootstrap import build_with_progress
from dashboard.db import REPO_ROOT, seeds_dir
from dashboard.display import escape_markdown
from etl import inbox
from etl.store import read_manifest, read_table

_ROUND = "_upload_round"  # bumped after each upload: a fresh, empty uploader
_OUTCOMES = "_upload_outcomes"  # what the last upload gave, shown after the rerun
_REQUESTED = "_upload_requested"  # the round whose files the user asked to add


@dataclass(frozen=True)
class Outcome:
    file: str  # as uploaded
    stored_as: str | None  # path in the documents table, None when refused
    status: str  # refused | ok | empty | error | duplicate | not built
    message: str
    articles: int = 0


def upload_section(data_dir: Path) -> None:
    """The upload control, the button that adds and rebuilds, and the last outcome."""
    types = ", ".join(inbox.ACCEPTED_SUFFIXES)
    st.caption(
        f"Accepted: {escape_markdown(types)} · up to {inbox.MAX_UPLOAD_MB} MB per file. Files "
        "are kept in the data folder's inbox (under a safe name) and the data is rebuilt from "
        "the documents it was built from plus the inbox."
    )
    round_ = st.session_state.setdefault(_ROUND, 0)
    files = st.file_uploader(
        "Documents to add",
        type=[s.lstrip(".") for s in inbox.ACCEPTED_SUFFIXES],
        accept_multiple_files=True,
        max_upload_size=inbox.MAX_UPLOAD_MB,
        key=f"upload_{round_}",
    )
    # The click is kept as state, not read as the button's one-run trigger: a page may be
    # rerun once before it draws (dashboard.frame), and a trigger would be lost with it.
    if files:
        st.button(
            f"Add {len(files)} file(s) and rebuild",
            type="primary",
            on_click=st.session_state.__setitem__,
            args=(_REQUESTED, round_),
        )
    if files and st.session_state.get(_REQUESTED) == round_:
        del st.session_state[_REQUESTED]
        st.session_state[_OUTCOMES] = add_and_rebuild(
            data_dir, [(f.name, f.getvalue()) for f in files]
        )
        st.session_state[_ROUND] = round_ + 1
        st.rerun()  # every view reads the new snapshot
    outcomes: list[Outcome] | None = st.session_state.get(_OUTCOMES)
    if outcomes:
        _show(outcomes)


def add_and_rebuild(data_dir: Path, files: list[tuple[str, bytes]]) -> list[Outcome]:
    """Store each file in the inbox, rebuild once, and say what became of each, in order."""
    from etl.pipeline import BuildError

    outcomes: dict[int, Outcome] = {}
    stored: dict[int, inbox.StoredUpload] = {}
    for i, (name, content) in enumerate(files):
        try:
            stored[i] = inbox.store_upload(data_dir, name, content)
        except inbox.UploadRefused as exc:
            outcomes[i] = Outcome(name, None, "refused", str(exc))
    if stored:
        try:
            corpus = inbox.corpus_with_inbox(data_dir, current_input(data_dir))
            build_with_progress(corpus, data_dir, f"Adding {len(stored)} file(s): rebuilding …")
        except (BuildError, FileNotFoundError) as exc:
            message = f"kept in the inbox for the next build; this rebuild failed: {exc}"
            for i, upload in stored.items():
                outcomes[i] = Outcome(upload.name, upload.document_path, "not built", message)
        else:
            rows = {r["path"]: r for r in read_table(data_dir, "documents").to_pylist()}
            for i, upload in stored.items():
                outcomes[i] = _outcome(upload, rows.get(upload.document_path))
    return [outcomes[i] for i in range(len(files))]


def _outcome(upload: inbox.StoredUpload, row: dict | None) -> Outcome:
    if row is None:
        return Outcome(upload.name, upload.document_path, "error", "not found in the new build")
    message = "; ".join(m for m in (upload.note, row["error"]) if m)
    return Outcome(upload.name, upload.document_path, row["status"], message, row["n_articles"])


def current_input(data_dir: Path) -> Path:
    """The folder the current data was built from (the seeds when nothing says otherwise)."""
    manifest = read_manifest(data_dir)
    if manifest is None or not manifest.input_dir:
        return seeds_dir()
    folder = Path(manifest.input_dir)
    if not folder.is_absolute() and not folder.is_dir():
        folder = REPO_ROOT / folder  # built from the repository root with a relative --input
    return folder


def _show(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if o.status not in ("ok", "duplicate")]
    added = sum(1 for o in outcomes if o.status == "ok")
    if failed:
        st.warning(f"{added} file(s) added; {len(failed)} not used: see the reason beside each.")
    else:
        st.success(f"{added} file(s) added; the views show the new data.")
    st.dataframe(
        pd.DataFrame([o.__dict__ for o in outcomes]),
        hide_index=True,
        column_config={
            "file": st.column_config.TextColumn("File"),
            "stored_as": st.column_config.TextColumn("Stored as"),
            "status": st.column_config.TextColumn("Status"),
            "message": st.column_config.TextColumn("Reason or note", width="large"),
            "articles": st.column_config.NumberColumn("Articles"),
        },
    )

"""The frame around every page: data check, shared sidebar filters, snapshot id.

atlas.py renders the frame, then runs the page (st.navigation). Pages call :func:`page_frame`
to get it. A page can also run without atlas.py having run first in the same script run —
Streamlit's legacy `pages/` folder handling does that for the very first request of a fresh
server process and in AppTest.switch_page — and then it draws the frame itself, so filters
and error handling are the same either way.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import streamlit as st

from dashboard import queries
from dashboard.bootstrap import ensure_data, show_data_error
from dashboard.db import Database, DataError, data_dir, get_db, seeds_dir
from dashboard.display import escape_markdown
from dashboard.filters import sidebar_filters
from dashboard.queries import FilterChoices, Filters

_local = threading.local()


@dataclass(frozen=True)
class Frame:
    db: Database
    filters: Filters
    choices: FilterChoices
    link_slot: object = None  # sidebar placeholder for the share link, filled after the page


def render_frame() -> Frame:
    """Ensure data (building it on first start), draw the sidebar, return db + filters."""
    ensure_data(data_dir(), seeds_dir())
    try:
        db = get_db()
        choices = queries.filter_choices(db)
    except DataError as exc:
        show_data_error(str(exc))
        st.stop()
    filters = sidebar_filters(choices)
    link_slot = st.sidebar.empty()
    if db.manifest is not None:
        provenance = db.provenance
        st.sidebar.divider()
        st.sidebar.caption(
            f"Data snapshot `{provenance.snapshot_id}` (build `{provenance.run_id}`)  \n"
            f"from {escape_markdown(provenance.corpus)}/, built {provenance.built}"
        )
    return Frame(db=db, filters=filters, choices=choices, link_slot=link_slot)


def hand_to_page(frame: Frame) -> None:
    """Called by atlas.py right before page.run(): the page picks the frame up once."""
    _local.frame = frame


def page_frame() -> Frame:
    """The frame atlas.py drew in this run, or a freshly drawn one when the page runs alone."""
    frame = getattr(_local, "frame", None)
    _local.frame = None
    if frame is not None:
        return frame
    _leave_legacy_pages_mode()
    return render_frame()


def _leave_legacy_pages_mode() -> None:
    """Rerun through atlas.py when Streamlit ran this page in its legacy `pages/` mode.

    A fresh server that is first asked for a page URL (a shared link) runs the page file
    directly, with an automatic menu of file names, until some session has called
    st.navigation. Switching the flag off and rerunning routes the same URL through atlas.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

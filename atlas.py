"""Diplomacy Atlas: the script of every page run. Routes pages and frames them with the shared
sidebar.

Served by app.py (`streamlit run app.py`); `streamlit run atlas.py` serves it too, without
app.py's warm start. Data: $DIPLOMACY_ATLAS_DATA or ./data (built from ./seeds on first start
when missing). See docs/dashboard.md.
"""

from __future__ import annotations

import streamlit as st

from dashboard.bootstrap import show_data_error
from dashboard.db import DataError
from dashboard.filters import show_share_link
from dashboard.frame import hand_to_page, render_frame

st.set_page_config(page_title="Diplomacy Atlas", page_icon=":material/explore:", layout="wide")

PAGES = [
    st.Page(
        "pages/engagement_map.py", title="Engagement map", icon=":material/public:", default=True
    ),
    st.Page("pages/partnerships.py", title="Partnership tiers", icon=":material/stairs:"),
    st.Page("pages/quotes.py", title="Quote explorer", icon=":material/format_quote:"),
    st.Page("pages/sources.py", title="Sources", icon=":material/description:"),
]

page = st.navigation(PAGES)
frame = render_frame()
hand_to_page(frame)
try:
    page.run()
except DataError as exc:
    show_data_error(str(exc))
finally:
    # Last, also after st.stop(): the page may have put a selection into the URL.
    show_share_link(frame.link_slot)

"""Diplomacy Atlas: the entry point. `streamlit run app.py` serves the app (atlas.py).

A first page run imports pandas, Altair and DuckDB (half a second) after the browser has
connected. Serving atlas.py through an `st.App` lets that happen earlier: when the server
starts, a thread imports what the first page needs (dashboard/warm.py) while the browser
loads Streamlit's page, so the first map is drawn sooner (docs/scaling.md). Everything else
is as with `streamlit run atlas.py`: the same server, configuration (.streamlit/config.toml)
and pages.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator

import streamlit as st

from dashboard.warm import warm_imports


@contextlib.asynccontextmanager
async def _warm_start(_app: st.App) -> AsyncIterator[None]:
    threading.Thread(target=warm_imports, name="warm-imports", daemon=True).start()
    yield


app = st.App("atlas.py", lifespan=_warm_start)

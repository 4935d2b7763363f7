"""A warm start: what the first page run imports, imported while the browser loads the page.

app.py starts :func:`warm_imports` on a thread when the server starts. Light on purpose: this
module imports nothing heavy itself, so the server starts as fast as before.
"""

from __future__ import annotations

import contextlib
import importlib

# What the first page run (the engagement map) imports, slowest first.
WARM_MODULES = (
    "pandas",
    "altair",
    "duckdb",
    "dashboard.frame",
    "dashboard.charts",
    "dashboard.export",
    "dashboard.maps",
)


def warm_imports() -> None:
    """Import what the first page needs. A module that fails to import is left to the page
    run, which reports the error where the user sees it."""
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)

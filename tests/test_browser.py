"""The dashboard in a real browser, as an analyst uses it (headless Debian chromium).

Starts `streamlit run app.py` on a free localhost port over the fixture snapshot, opens it,
changes a filter and clicks a country, and checks from the page that the map drew the
countries with data (their marks' fills and a screenshot's pixels), that the URL holds the
view, and that a filter change does not send the boundaries again. The server is stopped
whatever happens (tests/atlas_browser.py).

With CI=true the test must run: a missing chromium or Playwright fails it (.ci/run installs
Debian's chromium). Elsewhere it is skipped, with the reason, when either is missing.
Set DIPLOMACY_ATLAS_SCREENSHOTS=<folder> to keep the screenshots.
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest
from atlas_browser import (
    Traffic,
    choose_in_selectbox,
    chromium_page,
    chromium_path,
    click_country,
    coloured_pixels,
    counted_countries,
    rerun,
    selectbox_value,
    streamlit_server,
    wait_for_map,
    wait_for_run,
)
from conftest import write_fixture_snapshot

from dashboard import charts, maps

IN_CI = os.environ.get("CI", "").lower() == "true"
TIME_LIMIT_S = 60
# A filter change re-sends the page's elements and the counts, never the boundaries
# (the 1:110m TopoJSON alone is 108 kB; the old inline map spec was ~250 kB).
MAX_BYTES_PER_FILTER_CHANGE = 80_000


def _chromium_or_skip() -> str:
    executable = chromium_path()
    missing = []
    if executable is None:
        missing.append("chromium (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append('playwright (python -m pip install -e ".[test]")')
    if missing:
        reason = "browser test needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(reason + "; CI=true, so it must run")
        pytest.skip(reason)
    return executable


def _keep(page, name: str) -> None:
    folder = os.environ.get("DIPLOMACY_ATLAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_the_map_in_a_real_browser_follows_the_filters_and_the_url(tmp_path):
    started = time.monotonic()
    executable = _chromium_or_skip()
    data = tmp_path / "data"
    write_fixture_snapshot(data)
    bins = [c.lower() for c in charts.BIN_COLOURS]
    with streamlit_server(data) as server, chromium_page(executable) as page:
        traffic = Traffic()
        traffic.attach(page)
        page.goto(server.url)
        wait_for_run(page)
        wait_for_map(page)
        # The first load fetches the boundaries once, as a static file (gzipped: ~40 kB).
        assert traffic.http_matching(f"/{maps.GEO_URL}/{maps.BOUNDARIES_FILE}") > 20_000
        first = counted_countries(page)
        assert set(first) == {"Pakistan", "Viet Nam", "Uruguay", "Russian Federation"}
        assert set(first.values()) <= set(bins)
        assert coloured_pixels(page, bins) > 500  # drawn, not just present in the DOM

        # Change a filter as a person does: the sidebar's region selectbox.
        traffic.reset()
        with rerun(page):
            choose_in_selectbox(page, "UN region", "Asia")
        wait_for_map(page)
        asia = counted_countries(page)
        assert set(asia) == {"Pakistan", "Viet Nam"}
        assert coloured_pixels(page, bins) > 100
        assert "region=Asia" in page.url
        sent = traffic.websocket
        assert traffic.http_matching(maps.GEO_URL) == 0, traffic.http_by_url  # from cache
        assert 0 < sent < MAX_BYTES_PER_FILTER_CHANGE, sent
        print(f"\nbytes sent per filter change: websocket {sent:,}, boundaries 0")
        _keep(page, "browser-map-asia.png")

        # Click a country on the map: it goes into the URL and its evidence is listed.
        with rerun(page):
            click_country(page, "Pakistan")
        page.wait_for_function("location.search.includes('country=PAK')", timeout=15_000)
        assert "region=Asia" in page.url
        # ... and is the country chosen below the map, whose evidence is listed
        page.wait_for_function(
            "[...document.querySelectorAll('input[aria-label=\"Country\"]')]"
            ".some((i) => i.value === 'Pakistan (PAK)')",
            timeout=15_000,
        )

        # Opening the link reproduces the view.
        link = page.url
        page.goto(link)
        wait_for_run(page)
        wait_for_map(page)
        assert set(counted_countries(page)) == {"Pakistan", "Viet Nam"}
        assert selectbox_value(page, "Country") == "Pakistan (PAK)"
        assert selectbox_value(page, "UN region") == "Asia"
        _keep(page, "browser-map-link.png")
    elapsed = time.monotonic() - started
    print(f"browser test: {elapsed:.1f} s")
    assert elapsed < TIME_LIMIT_S

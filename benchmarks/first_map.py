"""Time from `streamlit run app.py` to the first drawn map, and the app's memory.

    python benchmarks/first_map.py [--data DATA] [--runs 3]

Needs the `bench` extra (playwright) and a Chromium (default /usr/bin/chromium). The
browser is started first (its start-up is not the app's); then the clock starts with
`streamlit run app.py --server.headless true`, the page is opened as soon as the server
answers, and the clock stops when the engagement map's countries are drawn (its SVG holds the
country shapes).
With --data the app reads that data folder ($DIPLOMACY_ATLAS_DATA); without it, the
default: ./data, built from the seeds on first start when missing. Prints one JSON line:
seconds per run, the median, and the memory of the app's process tree after the map.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from _common import REPO, emit, load, tree_rss_mb

# The map is drawn when its countries are: the chart's SVG holds a path per country shape
# (over a hundred), or its canvas has colour on it. The SVG element itself appears before the
# boundaries have been fetched and drawn (0.15-0.4 s earlier), so it is not enough.
MAP_DRAWN = """() => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  if (!chart) return false;
  const svg = chart.querySelector('svg.marks');
  if (svg) {
    const shapes = Array.from(svg.querySelectorAll('path'))
      .filter(p => (p.getAttribute('d') || '').length > 20);
    return shapes.length > 100;
  }
  const canvas = chart.querySelector('canvas');
  if (!canvas || canvas.width === 0) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let coloured = 0;
  for (let i = 0; i < pixels.length; i += 64) {
    if (pixels[i + 3] > 0 && Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) < 250) coloured++;
  }
  return coloured > 2000;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, deadline: float) -> None:
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("streamlit did not answer")


def one_run(browser, data: Path | None, timeout: float) -> dict:
    port = free_port()
    env = dict(os.environ)
    if data is not None:
        env["DIPLOMACY_ATLAS_DATA"] = str(data)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_server(url, start + timeout)
        server_up = time.perf_counter() - start
        page.goto(url)
        page.wait_for_function(MAP_DRAWN, timeout=timeout * 1000)
        drawn = time.perf_counter() - start
        time.sleep(1.0)
        memory = tree_rss_mb(app.pid)
        return {"seconds_to_map": round(drawn, 2), "seconds_to_server": round(server_up, 2),
                "app_rss_mb": round(memory, 1)}  # fmt: skip
    finally:
        page.close()
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="data folder (default: ./data)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for _ in range(args.runs):
            before = load()
            runs.append({**one_run(browser, args.data, args.timeout), "load_before": before})
        browser.close()
    emit({"benchmark": "first_map", "data": str(args.data or REPO / "data"), "runs": runs,
          "median_seconds_to_map": statistics.median(r["seconds_to_map"] for r in runs),
          "max_app_rss_mb": max(r["app_rss_mb"] for r in runs)})  # fmt: skip


if __name__ == "__main__":
    main()

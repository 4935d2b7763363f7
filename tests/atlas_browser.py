"""Drive the real app in headless Chromium: start a server, open a page, change filters, measure.

Used by tests/test_browser.py and runnable by hand to make the README screenshot and to measure
what a filter change sends to the browser:

    python tests/atlas_browser.py --data data --screenshot docs/img/browser.png

The browser is Debian's chromium (never a browser downloaded by Playwright); the server listens
on a free localhost port and is stopped whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
SERVER_START_TIMEOUT = 30.0
RUN_TIMEOUT_MS = 30_000


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's chromium on the PATH (or /usr/bin/chromium)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


@contextlib.contextmanager
def streamlit_server(data_dir: Path, app_root: Path = REPO_ROOT) -> Iterator[Server]:
    """`streamlit run app.py` from the app folder (so its .streamlit/config.toml applies), on a
    free localhost port, with $DIPLOMACY_ATLAS_DATA=data_dir. Always stopped on exit."""
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"diplomacy-atlas-streamlit-{port}.log"
    env = {**os.environ, "DIPLOMACY_ATLAS_DATA": str(data_dir), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=app_root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
    url = f"http://localhost:{port}"
    try:
        _wait_healthy(url, process, log)
        yield Server(url=url, process=process, log=log)
    except BaseException:
        print(f"streamlit's log: {log}", file=sys.stderr)  # kept to read what went wrong
        raise
    else:
        log.unlink(missing_ok=True)
    finally:
        _stop(process)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(
        f"streamlit did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{log.read_text()}"
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextlib.contextmanager
def chromium_page(executable: str, *, width: int = 1400, height: int = 1000):
    """A headless Chromium page (Playwright driving Debian's chromium; nothing downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            yield context.new_page()
        finally:
            browser.close()


@dataclass
class Traffic:
    """Bytes the browser received since `reset()`: over the app's websocket (script runs:
    element deltas, chart specs, tables) and as HTTP response bodies, by URL."""

    websocket: int = 0
    http_by_url: dict[str, int] = field(default_factory=dict)

    @property
    def http(self) -> int:
        return sum(self.http_by_url.values())

    def http_matching(self, part: str) -> int:
        return sum(size for url, size in self.http_by_url.items() if part in url)

    def reset(self) -> None:
        self.websocket, self.http_by_url = 0, {}

    def attach(self, page) -> None:
        def on_frame(payload: str | bytes) -> None:
            self.websocket += len(payload.encode() if isinstance(payload, str) else payload)

        def on_finished(request) -> None:
            with contextlib.suppress(Exception):
                size = max(0, int(request.sizes()["responseBodySize"]))
                self.http_by_url[request.url] = self.http_by_url.get(request.url, 0) + size

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        page.on("requestfinished", on_finished)


APP = "[data-testid='stApp']"


def wait_for_run(page, *, settle_ms: int = 300) -> None:
    """Wait until the app is connected and its script run has finished, then let charts draw."""
    page.wait_for_selector(f"{APP}[data-test-connection-state='CONNECTED']", timeout=RUN_TIMEOUT_MS)
    page.wait_for_selector(f"{APP}[data-test-script-state='notRunning']", timeout=RUN_TIMEOUT_MS)
    page.wait_for_timeout(settle_ms)
    page.wait_for_load_state("networkidle", timeout=RUN_TIMEOUT_MS)


@contextlib.contextmanager
def rerun(page) -> Iterator[None]:
    """Around an interaction: afterwards, wait for the script run it caused to finish (not
    the end of the previous run: a watcher notes the app entering "running")."""
    page.evaluate(
        """(selector) => {
            const app = document.querySelector(selector);
            window.__atlasRan = false;
            window.__atlasWatch?.disconnect();
            window.__atlasWatch = new MutationObserver(() => {
                if (app.getAttribute('data-test-script-state') === 'running') window.__atlasRan = true;
            });
            window.__atlasWatch.observe(app, {attributes: true});
        }""",
        APP,
    )
    yield
    page.wait_for_function("window.__atlasRan === true", timeout=RUN_TIMEOUT_MS)
    wait_for_run(page)


def choose_in_selectbox(page, label: str, option: str) -> None:
    """Open the selectbox labelled `label` (sidebar or main area) and pick `option`."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    box.locator("[role='combobox'], input").first.click()
    page.get_by_role("option", name=option, exact=True).click()


def selectbox_value(page, label: str) -> str:
    """The option shown in the selectbox labelled `label`."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    return box.locator("input").first.input_value()


def map_chart(page):
    """The engagement map: the first Vega chart on the page."""
    return page.locator("[data-testid='stVegaLiteChart']").first


def wait_for_map(page) -> None:
    """Until the map has drawn its country shapes (after fetching the boundaries)."""
    map_chart(page).locator("g.mark-shape path").first.wait_for(timeout=RUN_TIMEOUT_MS)


def counted_countries(page) -> dict[str, str]:
    """Country -> fill of every shape or symbol the map drew with a count (from the marks'
    accessible labels, "Country: X; Distinct engagements: 3; ..."; legend excluded)."""
    return map_chart(page).evaluate(
        """(chart) => Object.fromEntries(Array.from(chart.querySelectorAll(
                'g.mark-shape path, g.mark-symbol path'))
            .filter((p) => !p.closest('g.role-legend'))
            .map((p) => [p.getAttribute('aria-label') || '', p.getAttribute('fill') || ''])
            .filter(([label]) => /engagements: [0-9]/.test(label))
            .map(([label, fill]) => [label.match(/Country: ([^;]+)/)[1], fill.toLowerCase()]))"""
    )


def click_country(page, name: str) -> None:
    """Click the map inside the counted shape of `name`, as a person would (a point inside
    its fill: the middle of a country's bounding box can lie in its neighbour)."""
    shape = map_chart(page).locator(f"g.mark-shape path[aria-label^='Country: {name};']")
    point = shape.last.evaluate(
        """(path) => {
            const box = path.getBBox(), matrix = path.getScreenCTM();
            for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
                const p = new DOMPoint(box.x + box.width * i / 12, box.y + box.height * j / 12);
                if (path.isPointInFill(p)) {
                    const s = p.matrixTransform(matrix);
                    return [s.x, s.y];
                }
            }
            return null;
        }"""
    )
    if point is None:
        raise AssertionError(f"no point inside {name}'s shape")
    page.mouse.click(*point)


def coloured_pixels(page, colours: list[str]) -> int:
    """Pixels of the map's screenshot in one of `colours` (hex), its legends blanked out."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    chart = map_chart(page)
    origin = chart.bounding_box()
    image = Image.open(BytesIO(chart.screenshot())).convert("RGB")
    scale = image.width / origin["width"]
    draw = ImageDraw.Draw(image)
    for legend in chart.locator("g.role-legend").all():
        box = legend.bounding_box()
        if box:
            x, y = (box["x"] - origin["x"]) * scale, (box["y"] - origin["y"]) * scale
            draw.rectangle([x, y, x + box["width"] * scale, y + box["height"] * scale], "#fff")
    wanted = {tuple(int(c.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)) for c in colours}
    return sum(count for count, rgb in image.getcolors(1 << 24) if rgb in wanted)


def measure_filter_change(page, traffic: Traffic, region: str) -> tuple[int, int]:
    """Bytes (websocket, http) the browser received while the region filter changed."""
    traffic.reset()
    with rerun(page):
        choose_in_selectbox(page, "UN region", region)
    return traffic.websocket, traffic.http


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a built data directory")
    parser.add_argument("--app", type=Path, default=REPO_ROOT, help="folder holding app.py")
    parser.add_argument("--screenshot", type=Path, help="PNG of the page after the changes")
    parser.add_argument("--width", type=int, default=1400, help="browser window width")
    parser.add_argument(
        "--regions", nargs="+", default=["Asia", "Africa", "Europe", "Americas", "All regions"]
    )
    args = parser.parse_args(argv)
    executable = chromium_path()
    if not executable:
        print("chromium not found", file=sys.stderr)
        return 1
    with (
        streamlit_server(args.data.resolve(), args.app.resolve()) as server,
        chromium_page(executable, width=args.width) as page,
    ):
        traffic = Traffic()
        traffic.attach(page)
        page.goto(server.url)
        wait_for_run(page)
        wait_for_map(page)
        page.wait_for_load_state("networkidle", timeout=RUN_TIMEOUT_MS)
        print(f"first load: websocket {traffic.websocket:,} B, http {traffic.http:,} B")
        for region in args.regions:
            websocket, http = measure_filter_change(page, traffic, region)
            wait_for_map(page)
            boundaries = traffic.http_matching("/app/static/")
            print(
                f"region -> {region}: websocket {websocket:,} B, http {http:,} B, "
                f"of which static boundaries {boundaries:,} B"
            )
        if args.screenshot:
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.screenshot), full_page=False)
            print(f"wrote {args.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

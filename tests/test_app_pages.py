"""The app end to end with streamlit.testing.v1.AppTest, on the fixture snapshot (no browser)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import types
from pathlib import Path

import pytest
import streamlit as st
from conftest import A1, A2, write_fixture_snapshot, write_synthetic_topojson
from streamlit.testing.v1 import AppTest

from etl.store import read_manifest

APP = str(Path(__file__).resolve().parents[1] / "atlas.py")
PAGES = ["pages/engagement_map.py", "pages/partnerships.py", "pages/quotes.py", "pages/sources.py"]
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def _app(**query_params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in query_params.items():
        at.query_params[name] = value
    return at


def _texts(at: AppTest) -> str:
    """All visible text of the main area and sidebar, for loose assertions."""
    parts = []
    for kind in ("title", "caption", "info", "error", "markdown", "text", "warning", "code"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app_data_dir, page):
    at = _app().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.title and at.title[0].value
    # the shared sidebar and the snapshot id are on every page
    assert at.select_slider(key="months")
    assert at.selectbox(key="region")
    manifest = read_manifest(app_data_dir)
    assert any(manifest.run_id in c.value for c in at.sidebar.caption)


def _chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_engagement_map_page(app_data_dir):
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Engagement map"
    assert len(at.get("vega_lite_chart")) == 3, "map, coverage beside it, timeline"
    assert _metric(at, "Counterpart countries") == "4"
    assert _metric(at, "Distinct engagements") == "6"
    assert "Undated: 1" in _texts(at)


def test_every_chart_has_title_subtitle_and_a_caption_with_the_snapshot(app_data_dir):
    at = _app(region="Asia").run()
    snapshot = next(c.value for c in at.sidebar.caption if "snapshot" in c.value)
    snapshot_id = snapshot.split("`")[1]
    assert len(snapshot_id) == 10
    for spec in _chart_specs(at):
        view = spec["vconcat"][0]
        assert view["title"]["text"] and view["title"]["subtitle"]
        assert spec["title"]["orient"] == "bottom"
        assert snapshot_id in " ".join(spec["title"]["text"])
    map_spec, _, _timeline_spec = _chart_specs(at)
    assert "Asia" in " ".join(map_spec["vconcat"][0]["title"]["subtitle"])
    caption = " ".join(map_spec["title"]["text"])
    assert "Source: fixture/" in caption and " built 20" in caption  # corpus and build date


def test_the_map_fetches_boundaries_by_url_and_carries_only_counts(app_data_dir):
    at = _app().run()
    map_spec = _chart_specs(at)[0]
    text = json.dumps(map_spec)
    assert "app/static/geo/countries-110m.json" in text
    assert '"arcs"' not in text and len(text) < 30_000


def test_map_offers_png_svg_and_csv_rendered_only_when_clicked(app_data_dir):
    at = _app().run()
    buttons = at.get("download_button")
    assert [b.label for b in buttons] == ["PNG", "SVG", "CSV"]
    assert all(b.proto.deferred_file_id for b in buttons)  # nothing rendered until clicked


def test_share_link_holds_every_filter_and_the_country(app_data_dir):
    at = _app(region="Asia", months=["2025-01", "2025-01"], country="PAK", weighted="true").run()
    assert not at.exception
    (link,) = [c.value for c in at.sidebar.code]
    assert link.count("months=2025-01") == 2  # a range: the parameter twice
    for part in ("region=Asia", "country=PAK", "weighted=true"):
        assert part in link
    assert len(at.dataframe[-1].value) == 2  # the view it reopens: Pakistan's evidence


@pytest.mark.parametrize(
    ("params", "countries", "events"),
    [
        ({"region": "Europe"}, "1", "1"),
        ({"region": "Asia", "subregion": "South-eastern Asia"}, "1", "2"),
        ({"months": ["2025-01", "2025-01"]}, "2", "3"),
        ({"months": ["2025-02", "2025-02"], "region": "Asia"}, "1", "1"),
    ],
)
def test_filters_from_url_change_the_map(app_data_dir, params, countries, events):
    at = _app(**params).run()
    assert not at.exception
    assert _metric(at, "Counterpart countries") == countries
    assert _metric(at, "Distinct engagements") == events


def test_month_filter_excludes_undated_and_says_so(app_data_dir):
    at = _app(months=["2025-01", "2025-01"]).run()
    assert "excluded by the month filter" in _texts(at)
    assert "Jan 2025 – Jan 2025" in _texts(at)


def test_filter_widget_interaction_changes_the_map(app_data_dir):
    at = _app().run()
    assert _metric(at, "Counterpart countries") == "4"
    # A bound widget (bind="query-params") is re-seeded from the URL on every rerun. The
    # browser updates the URL together with the widget; AppTest does not, so do both here.
    at.selectbox(key="region").set_value("Americas")
    at.query_params["region"] = "Americas"
    at.run()
    assert not at.exception
    assert at.selectbox(key="region").value == "Americas"
    assert _metric(at, "Counterpart countries") == "1"
    assert at.selectbox(key="subregion").options == [
        "All subregions",
        "Latin America and the Caribbean",
    ]


def test_filters_matching_nothing_say_so(app_data_dir):
    at = _app(months=["2025-02", "2025-02"], region="Americas").run()
    assert not at.exception
    assert any("No engagements match these filters" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_country_drilldown_from_url(app_data_dir):
    at = _app(country="RUS").run()
    assert not at.exception
    frames = at.dataframe
    evidence = frames[-1].value
    assert len(evidence) == 2
    assert set(evidence["article_title"]) == {
        "Li Qiang visits Russia",
        "Chinese premier meets Putin",
    }
    assert evidence["sentence"].str.contains("Moscow|Putin").all()


def test_country_selection_goes_to_the_url(app_data_dir):
    at = _app().run()
    at.selectbox(key="_url_country").set_value("PAK").run()
    assert not at.exception
    assert at.query_params.get("country") in ("PAK", ["PAK"])
    assert len(at.dataframe[-1].value) == 2


def _partnerships(**query_params) -> AppTest:
    at = _app(**query_params).run()
    at.switch_page("pages/partnerships.py").run()
    assert not at.exception, at.exception
    return at


def _vega_specs(at: AppTest) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_partnerships_page_groups_countries_by_tier_beside_the_reference(app_data_dir):
    at = _partnerships()
    headers = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    assert [h.split("**")[1].split(".")[0] for h in headers] == ["1", "2", "3", "4"]
    groups = [list(frame.value["name"]) for frame in at.dataframe[:4]]
    assert groups == [["Russian Federation"], ["Pakistan"], ["Viet Nam"], ["Uruguay"]]
    vietnam = at.dataframe[2].value.iloc[0]
    assert str(vietnam["first_mention"])[:10] == "2025-01-05"
    assert str(vietnam["last_mention"])[:10] == "2025-02-11"
    assert int(vietnam["mentions"]) == 2
    # The reference designation beside each, disagreements flagged.
    flags = {
        frame.value["name"].iloc[0]: frame.value["vs_reference"].iloc[0]
        for frame in at.dataframe[:4]
    }
    assert flags["Viet Nam"] == "✓ agrees with reference"
    # The fixture's reference row for Uruguay is stale (strategic, 2016).
    assert flags["Uruguay"] == "▲ corpus higher than reference"
    assert _metric(at, "Disagree with the reference") == "1"


def test_partnerships_map_is_shown_with_an_ordered_legend_and_says_what_it_counts(app_data_dir):
    at = _partnerships(region="Asia")
    assert not at.expander, "the map is not hidden in an expander"
    # The caption (source, build, snapshot id) wraps the map in a one-item vconcat.
    (framed,) = [s for s in _vega_specs(at) if "projection" in s.get("vconcat", [s])[0]]
    spec = framed["vconcat"][0]
    assert "snapshot" in " ".join(framed["title"]["text"]), "a screenshot names its data"
    assert spec["title"]["text"] == "China's partnership ladder: highest tier named per country"
    assert "all dates (incl. undated) · Asia" in spec["title"]["subtitle"]
    tier_layer = spec["layer"][-1]
    domain = tier_layer["encoding"]["color"]["scale"]["domain"]
    assert [int(label.split(".")[0]) for label in domain] == list(range(1, 10))


def test_partnerships_in_a_month_where_the_texts_name_a_lower_rung_say_so(app_data_dir):
    # In January the texts only call Vietnam's ties a strategic partnership: lower.
    at = _partnerships(months=["2025-01", "2025-01"])
    vietnam = next(f.value for f in at.dataframe if "Viet Nam" in list(f.value.get("name", [])))
    assert vietnam["vs_reference"].iloc[0] == "▼ corpus lower than reference"


def test_partnerships_reference_table_shows_each_rows_confidence_and_source(app_data_dir):
    at = _partnerships(region="Europe")
    reference = at.dataframe[-1].value
    assert list(reference["name"]) == ["Russian Federation", "France"]  # ladder order
    assert list(reference["ref_confidence"]) == ["high", "low"]
    assert reference.set_index("name").loc["France", "vs_reference"] == "– not named in the texts"
    assert reference["ref_source"].str.len().gt(0).all()


def test_a_countrys_history_marks_its_upgrade_and_shows_the_reference(app_data_dir):
    at = _partnerships(country="VNM")
    history = [s for s in _vega_specs(at) if "partnership tier over time" in s["title"]["text"]]
    (spec,) = history
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert points and set(points[0]["encoding"]["shape"]["scale"]["domain"]) >= {"upgraded"}
    assert _metric(at, "Reference designation").startswith("3.")
    reference_row = at.dataframe[-3].value
    assert reference_row["ref_confidence"].iloc[0] == "high"
    evidence = at.dataframe[-2].value
    assert set(evidence["status"]) == {"mentioned", "upgraded"}


def test_partnerships_nothing_matches(app_data_dir):
    at = _app(region="Americas", months=["2025-02", "2025-02"]).run()
    at.switch_page("pages/partnerships.py").run()
    assert any("No partnership designations match" in i.value for i in at.info)


def test_quotes_are_rendered_as_literal_text_with_the_match_marked(app_data_dir):
    at = _app(q="<script>").run()
    at.switch_page("pages/quotes.py").run()
    assert not at.exception
    quote = next(m.value for m in at.markdown if "ironclad" in m.value)
    # escaped first, then marked: the tags and the asterisks show as typed
    assert "\\<:orange-background[**script**]\\>alert" in quote
    assert "\\*\\*bold\\*\\*" in quote
    assert "<script>" not in quote
    assert any("**1** quote(s)" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("query", "expected"), [("100%", 1), ("%", 1), ("friendship", 1), ("Dar", 2), ("", 6)]
)
def test_quote_search_counts(app_data_dir, query, expected):
    at = _app(q=query).run() if query else _app().run()
    at.switch_page("pages/quotes.py").run()
    assert not at.exception
    assert any(f"**{expected}** quote(s)" in m.value for m in at.markdown)


def test_a_quote_search_matching_nothing_says_so(app_data_dir):
    at = _app(q="hegemonism").run()
    at.switch_page("pages/quotes.py").run()
    assert any("No quotes match" in i.value for i in at.info)


def test_quote_filters_from_the_url(app_data_dir):
    at = _app(kind="reported", speaker_country="PAK").run()
    at.switch_page("pages/quotes.py").run()
    assert not at.exception
    assert any("**1** quote(s)" in m.value for m in at.markdown)
    assert any("Pakistan firmly supports" in m.value for m in at.markdown)


def test_each_quote_links_to_its_article_with_the_quote_marked(app_data_dir):
    at = _app(q="ironclad").run()
    at.switch_page("pages/quotes.py").run()
    links = at.get("page_link")
    assert len(links) == 1
    link = links[0].proto
    assert "sources" in link.page
    assert "article=" + A2 in link.query_string and "quote=q2" in link.query_string
    download = at.get("download_button")[0].proto
    assert download.label.startswith("Download the 1 quote(s) of this result as CSV")


def test_sources_article_from_url(app_data_dir):
    at = _app(article=A1).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert "Xi Jinping met with Uruguayan President Yamandu Orsi in Beijing on Jan. 14." in texts
    assert "navigation text dropped" in "\n".join(
        str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()
    )


def test_a_quote_link_opens_its_article_with_the_quote_marked(app_data_dir):
    at = _app(article=A2, quote="q3").run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    marked = [m.value for m in at.markdown if ":orange-background[" in m.value]
    assert marked == [":orange-background[**Wang Yi held talks with Pakistani Deputy Prime "
                      "Minister Ishaq Dar on Jan\\. 20\\.**]"]  # fmt: skip
    assert any("paragraph 1 of 1: the reported quote of Ishaq Dar" in c.value for c in at.caption)


def test_a_quote_link_to_another_article_shows_the_article_unmarked(app_data_dir):
    at = _app(article=A1, quote="<b>q3</b>").run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    assert not any(":orange-background[" in m.value for m in at.markdown)
    assert any("\\<b\\>q3" in c.value for c in at.caption)  # escaped, not markup
    assert "Xi Jinping met with Uruguayan President" in "\n".join(t.value for t in at.text)


def test_corrupt_parquet_shows_a_clear_error(app_data_dir):
    manifest = read_manifest(app_data_dir)
    manifest.table_path(app_data_dir, "quotes").write_bytes(b"PAR1 this is not parquet")
    at = _app().run()
    assert not at.exception
    assert at.error
    assert "Cannot read snapshot" in at.error[0].value
    assert any("python -m etl build" in c.value for c in at.code)


def test_unreadable_manifest_shows_a_clear_error(app_data_dir):
    (app_data_dir / "CURRENT.json").write_text("{not json")
    at = _app().run()
    assert not at.exception
    assert "unreadable manifest" in at.error[0].value
    assert any("python -m etl build" in c.value for c in at.code)


def _fake_pipeline(monkeypatch, *, fail: bool = False) -> list:
    calls: list = []
    module = types.ModuleType("etl.pipeline")

    class BuildError(Exception):
        pass

    def build(input_dir, out_dir, progress=None):
        calls.append((Path(input_dir), Path(out_dir)))
        for i in range(3):
            if progress:
                progress(i + 1, 3, f"doc {i}")
        if fail:
            raise BuildError("seed folder has no readable documents")
        manifest = write_fixture_snapshot(Path(out_dir))
        return types.SimpleNamespace(manifest=manifest, counts=manifest.counts, warnings=["w"])

    module.BuildError = BuildError
    module.build = build
    monkeypatch.setitem(sys.modules, "etl.pipeline", module)
    return calls


def test_missing_data_triggers_the_build(tmp_path, monkeypatch, synthetic_boundaries):
    data = tmp_path / "data"
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data))
    calls = _fake_pipeline(monkeypatch)
    at = _app().run()
    assert not at.exception
    assert calls and calls[0][1] == data
    assert calls[0][0].name == "seeds"
    assert read_manifest(data) is not None
    assert _metric(at, "Counterpart countries") == "4"


def test_failed_build_shows_error_and_command(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(tmp_path / "data"))
    _fake_pipeline(monkeypatch, fail=True)
    at = _app().run()
    assert not at.exception
    assert "seed folder has no readable documents" in at.error[0].value
    assert any("python -m etl build" in c.value for c in at.code)


@pytest.mark.skipif(
    importlib.util.find_spec("etl.pipeline") is None, reason="etl.pipeline not written yet"
)
def test_first_start_with_the_real_pipeline(tmp_path, monkeypatch):
    """No data yet: the app builds it from seeds/ with the real ETL, then every page renders."""
    data = tmp_path / "data"
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    manifest = read_manifest(data)
    assert manifest is not None and manifest.counts["engagements"] > 0
    assert at.title[0].value == "Engagement map"
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])


def _url_parameters_in_code() -> set[str]:
    import re

    from dashboard import filters

    root = Path(APP).parent
    sources = [root / "dashboard" / "filters.py", *sorted((root / "pages").glob("*.py"))]
    constants = {n: getattr(filters, n) for n in dir(filters) if n.endswith("_PARAM")}
    found: set[str] = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r"key=([^,\n]+),[^()]*?bind=\"query-params\"", text, re.S):
            call = call.strip()
            found.add(call.strip('"') if call.startswith('"') else constants[call])
        found.update(re.findall(r'param="(\w+)"', text))
    return found


def test_every_url_parameter_is_documented():
    doc = (Path(APP).parent / "docs" / "dashboard.md").read_text(encoding="utf-8")
    params = _url_parameters_in_code()
    assert {"months", "region", "subregion", "country", "article", "q"} <= params
    undocumented = sorted(p for p in params if f"`{p}`" not in doc)
    assert not undocumented, f"document these URL parameters in docs/dashboard.md: {undocumented}"


def test_a_shared_link_with_months_the_data_lacks_opens_on_the_nearest_months(app_data_dir):
    at = _app(months=["1999-01", "2025-01"]).run()
    assert not at.exception
    low, high = at.select_slider(key="months").value
    assert low > "1999-01" and high == "2025-01"


def test_an_engagement_shows_its_sources_side_by_side(app_data_dir):
    at = _app(country="RUS").run()
    events = at.selectbox(key="_url_event").options
    assert events
    at.selectbox(key="_url_event").set_value(at.selectbox(key="_url_event").options[0]).run()
    assert not at.exception
    assert "Reported in" in _texts(at)


def test_the_app_listens_on_localhost_and_serves_the_boundaries_as_static_files():
    """Analysts run it on their own machine; the map's shapes are fetched from static/geo."""
    import tomllib

    from dashboard import maps

    root = Path(APP).parent
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] in ("localhost", "127.0.0.1")
    assert config["server"]["enableStaticServing"] is True
    assert root / "static" / "geo" == maps.GEO_DIR and maps.geo_available()
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "--server.address 0.0.0.0" in readme  # how to serve a team, on purpose


def test_share_url_keeps_repeated_parameters_and_drops_an_old_query():
    from dashboard.filters import share_url

    params = {"months": ["2025-01", "2025-03"], "region": "Asia", "q": "win-win & more"}
    assert share_url("http://localhost:8501/quotes?stale=1", params) == (
        "http://localhost:8501/quotes?months=2025-01&months=2025-03&region=Asia&q=win-win+%26+more"
    )
    assert share_url(None, {}) == "?"


# --- adding documents from the Sources page -------------------------------------------------


@pytest.fixture
def built_app_data(tmp_path, monkeypatch, synthetic_boundaries) -> Path:
    """A real (tiny) build of a folder with one article, as the app's data directory."""
    import sample_files as sf

    from etl.pipeline import build

    base = sf.write(tmp_path / "mine", {"kenya.txt": sf.GOOD})
    data = tmp_path / "data"
    build(base, data)
    write_synthetic_topojson(data / "geo" / "countries-110m.json", synthetic_boundaries)
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data))
    return data


def _sources(**query_params) -> AppTest:
    at = _app(**query_params).run()
    at.switch_page("pages/sources.py").run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    at.get("file_uploader")[0].set_value(files)
    at.run()
    next(b for b in at.button if b.label.startswith("Add ")).click().run()
    assert not at.exception, at.exception
    return at


def test_uploaded_files_are_added_and_each_one_says_what_became_of_it(built_app_data, tmp_path):
    import sample_files as sf

    at = _sources()
    uploader = at.get("file_uploader")[0]
    assert ".html" in "".join(uploader.proto.type) and ".pdf" in "".join(uploader.proto.type)
    assert any("up to 20 MB per file" in c.value for c in at.caption)
    at = _upload(at, [
        ("kenya-page.html", sf.news_page().encode(), "text/html"),
        ("../../escape.txt", sf.GOOD.replace("Wednesday", "Thursday").encode(), "text/plain"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "text/plain"),
        ("notes.docx", b"PK\x03\x04" + bytes(64), "application/octet-stream"),
    ])  # fmt: skip
    outcome = next(df.value for df in at.dataframe if "stored_as" in df.value.columns)
    by_file = outcome.set_index("file")
    assert by_file.loc["kenya-page.html", "status"] == "ok"
    assert by_file.loc["kenya-page.html", "articles"] == 1
    assert by_file.loc["../../escape.txt", "stored_as"] == "inbox/escape.txt"
    assert by_file.loc["photo.txt", "status"] == "error"
    assert "not text: a PNG image" in by_file.loc["photo.txt", "message"]
    assert by_file.loc["notes.docx", "status"] == "refused"
    assert ".docx: not a document type" in by_file.loc["notes.docx", "message"]
    # Stored inside the inbox only, under safe names; nothing escaped it.
    inbox = built_app_data / "inbox"
    assert sorted(p.name for p in inbox.iterdir()) == ["escape.txt", "kenya-page.html", "photo.txt"]
    assert [p for p in tmp_path.rglob("escape.txt")] == [inbox / "escape.txt"]
    # The views show the new build: the page's article, its provenance, the unused file.
    assert read_manifest(built_app_data).input_dir == str(built_app_data / "corpus")
    titles = set(
        next(df.value for df in at.dataframe if "date_source" in df.value.columns)["title"]
    )
    assert "Wang Yi holds talks with Kenyan foreign minister" in titles
    assert "Xi holds talks with Brazilian president" in titles  # the earlier input is kept
    unused_columns = ["path", "status", "error", "format", "bytes"]
    unused = next(df.value for df in at.dataframe if list(df.value.columns) == unused_columns)
    assert list(unused["path"]) == ["inbox/photo.txt"]
    assert any("1 input file(s) not used" in w.value for w in at.warning)


def test_an_upload_while_another_build_runs_says_so_and_keeps_the_file(built_app_data):
    import fcntl

    import sample_files as sf

    at = _sources()
    with (built_app_data / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        at = _upload(at, [("feed.rss", sf.rss_feed(), "application/rss+xml")])
    outcome = next(df.value for df in at.dataframe if "stored_as" in df.value.columns).iloc[0]
    assert outcome["status"] == "not built"
    assert "another build is running" in outcome["message"]
    assert (built_app_data / "inbox" / "feed.rss").is_file()


def test_an_articles_title_date_outlet_and_url_say_where_they_came_from(built_app_data):
    import sample_files as sf

    from etl.store import read_table

    _upload(_sources(), [("kenya-page.html", sf.news_page().encode(), "text/html")])
    articles = read_table(built_app_data, "articles").to_pylist()
    (article_id,) = [a["article_id"] for a in articles if "Kenyan foreign" in (a["title"] or "")]
    at = _sources(article=article_id)
    table = next(df.value for df in at.dataframe if "from" in df.value.columns)
    provenance = dict(
        zip(table["field"], zip(table["value"], table["from"], strict=True), strict=True)
    )
    assert provenance["Published"] == ("2024-01-16", "the page's metadata")
    assert provenance["Outlet"] == ("Xinhua", "the page's metadata")
    assert provenance["URL"][0] == "https://english.news.cn/20240116/kenya.html"


# --- hostile text: data is shown as text, never as markup that runs --------------------------

HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> **bold** <b>tag</b> "
    "[click](javascript:alert(1)) ![pic](https://example.org/p.png) # heading"
)
# What markdown or HTML would make of HOSTILE if it were not escaped.
RAW_MARKUP = ("<script", "<img", "<b>", "**bold**", "](javascript", "![pic]", "[click](")


@pytest.fixture
def hostile_data_dir(tmp_path, monkeypatch, synthetic_boundaries) -> Path:
    """The fixture snapshot with hostile titles, text, quotes, names, paths and messages."""
    import pyarrow as pa
    from conftest import ARTICLE_TEXTS, D1, fixture_tables

    tables = fixture_tables()

    def patch(name: str, change) -> None:
        rows = [change(dict(row)) for row in tables[name].to_pylist()]
        tables[name] = pa.Table.from_pylist(rows, schema=tables[name].schema)

    def article(row: dict) -> dict:
        if row["article_id"] == A1:
            row.update(
                title=f"Xi meets Orsi {HOSTILE}", text=f"{ARTICLE_TEXTS[A1]}\n\n{HOSTILE}",
                outlet=HOSTILE, dateline=HOSTILE, url="javascript:alert(1)",
                title_source="html_meta", date_source=HOSTILE,
            )  # fmt: skip
        return row

    patch("articles", article)
    patch("documents", lambda r: {**r, "path": f"evil {HOSTILE}.txt"} if r["doc_id"] == D1 else r)
    tables["documents"] = pa.concat_tables([tables["documents"], pa.Table.from_pylist([{
        **tables["documents"].to_pylist()[0], "doc_id": "bad0bad0bad0bad0", "status": "error",
        "path": f"x{HOSTILE}.txt", "error": HOSTILE, "n_articles": 0,
    }], schema=tables["documents"].schema)])  # fmt: skip
    patch(
        "quotes", lambda r: {**r, "text": r["text"] + " " + HOSTILE} if r["quote_id"] == "q1" else r
    )
    patch("engagements", lambda r: {**r, "foreign_actor": HOSTILE} if r["event_id"] == "ev1" else r)
    patch("events", lambda r: {**r, "foreign_actor": HOSTILE} if r["event_id"] == "ev1" else r)
    patch("warnings", lambda r: {**r, "message": HOSTILE})
    data = tmp_path / "data"
    write_fixture_snapshot(data, tables)
    write_synthetic_topojson(data / "geo" / "countries-110m.json", synthetic_boundaries)
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data))
    return data


def _markdown_rendered(at: AppTest) -> list[str]:
    """Every value Streamlit renders as markdown: text, captions, alerts, labels, links."""
    values = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "title",
        "subheader",
    ):
        values += [str(e.value) for e in getattr(at, kind)]
    values += [e.proto.label for e in at.get("page_link")]
    values += [e.label for e in at.expander] + [t.label for t in at.tabs]
    values += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    return values


def _shown_as_text(at: AppTest) -> str:
    frames = [str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()]
    return "\n".join([t.value for t in at.text] + frames)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("pages/sources.py", {"article": A1}),
        ("pages/sources.py", {"article": A1, "quote": "q1"}),
        ("pages/engagement_map.py", {"country": "URY", "event": "ev1"}),
        ("pages/quotes.py", {"q": "Uruguay"}),
        ("pages/partnerships.py", {"country": "URY"}),
    ],
)
def test_hostile_text_in_the_data_is_shown_as_text_and_never_runs(hostile_data_dir, page, params):
    at = _app(**params).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    rendered = _markdown_rendered(at)
    for value in rendered:
        unescaped = re.sub(r"\\.", "", value)  # what is left once escaped characters go
        for markup in RAW_MARKUP:
            assert markup not in unescaped, (markup, value)
    if page != "pages/partnerships.py":  # it shows no article text
        assert HOSTILE in _shown_as_text(at) or any(
            "\\<script\\>" in v and "\\*\\*bold\\*\\*" in v for v in rendered
        )


def test_the_warm_start_imports_modules_that_exist():
    """app.py imports these while the browser loads; a renamed module would silently lose it."""
    import importlib.util

    from dashboard.warm import WARM_MODULES

    assert all(importlib.util.find_spec(name) is not None for name in WARM_MODULES)


def test_seed_data_built_by_an_older_version_is_rebuilt_and_an_analysts_own_is_not(
    tmp_path, monkeypatch
):
    """The default data, built from the seeds before a table was added, is built again on
    start; data built from the analyst's own folder only gets the message with the command."""
    from etl.pipeline import build

    data = tmp_path / "data"
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data))
    old = build(Path(APP).parent / "seeds", data).manifest
    old.table_path(data, "event_months").unlink()  # as an older version wrote it
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    new = read_manifest(data)
    assert new is not None and new.run_id != old.run_id
    assert at.title[0].value == "Engagement map"

    own = tmp_path / "own"
    own.mkdir()
    (own / "note.txt").write_text(
        "BEIJING, May 5 (Xinhua) -- Wang Yi met Kenyan Foreign Minister Musalia Mudavadi.\n",
        encoding="utf-8",
    )
    data2 = tmp_path / "data2"
    monkeypatch.setenv("DIPLOMACY_ATLAS_DATA", str(data2))
    mine = build(own, data2).manifest
    mine.table_path(data2, "event_months").unlink()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert read_manifest(data2).run_id == mine.run_id  # not rebuilt
    assert at.error and "lacks event" in at.error[0].value  # with the command that fixes it

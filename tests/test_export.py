"""Exports of the engagement map: PNG (2x), SVG and CSV, each traceable to its snapshot."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from dashboard import export
from dashboard.db import Database, snapshot_id
from etl.store import read_manifest


def _snapshot_id(data) -> str:
    db = Database(data)
    db.refresh()
    return db.provenance.snapshot_id


def test_snapshot_id_names_the_data_not_the_run(snapshot_dir, tmp_path):
    manifest = read_manifest(snapshot_dir)
    first = snapshot_id(manifest, snapshot_dir)
    assert len(first) == 10 and first == snapshot_id(manifest, snapshot_dir)
    copy = tmp_path / "copy"
    shutil.copytree(snapshot_dir, copy)
    assert snapshot_id(read_manifest(copy), copy) == first  # same bytes, same id
    quotes = manifest.table_path(copy, "quotes")
    quotes.write_bytes(quotes.read_bytes() + b"\0")
    assert snapshot_id(read_manifest(copy), copy) != first  # changed data, new id


def test_csv_export_is_the_data_behind_the_map_with_its_snapshot(snapshot_dir, tmp_path):
    out = tmp_path / "map.csv"
    assert export.main(["--data", str(snapshot_dir), "--out", str(out), "--region", "Asia"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["iso3"] for r in rows} == {"PAK", "VNM"}
    assert {r["snapshot_id"] for r in rows} == {_snapshot_id(snapshot_dir)}
    assert {r["filters"] for r in rows} == {"all dates (incl. undated) · Asia"}
    pakistan = next(r for r in rows if r["iso3"] == "PAK")
    assert (pakistan["events"], pakistan["articles"], pakistan["documents"]) == ("2", "1", "1")
    assert pakistan["top_types"] == "Phone or video call 1 · Talks 1"
    assert pakistan["tier"].startswith("2. ")


def test_svg_export_names_the_snapshot_and_what_is_counted(snapshot_dir, tmp_path):
    """(PNG at 2x: tests/test_dashboard_charts.py, on small synthetic boundaries.)"""
    pytest.importorskip("vl_convert")
    svg = tmp_path / "map.svg"
    assert export.main(["--data", str(snapshot_dir), "--out", str(svg), "--weighted"]) == 0
    text = svg.read_text(encoding="utf-8")
    assert f"snapshot {_snapshot_id(snapshot_dir)}" in text
    assert "Level-weighted engagements per counterpart country" in text


def test_export_file_names_carry_the_snapshot(snapshot_dir):
    db = Database(snapshot_dir)
    db.refresh()
    name = export.file_name(db.provenance, "map", "png")
    assert name == f"diplomacy-atlas-map-{db.provenance.snapshot_id}.png"


def test_export_refuses_an_unknown_format(snapshot_dir, tmp_path):
    with pytest.raises(SystemExit):
        export.main(["--data", str(snapshot_dir), "--out", str(tmp_path / "map.gif")])

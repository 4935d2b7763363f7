"""The engagement map as a figure: the same chart in the app and in files, with its data.

The app and this command build the map with :func:`map_figure`, so an exported PNG/SVG shows
what the page shows (title, subtitle with the filters, caption with source, build date and
snapshot id). Rendering is local (vl-convert); nothing is fetched from the web: exports inline
the boundaries that the app serves as static files.

    python -m dashboard.export --data data --out docs/img/map.png
    python -m dashboard.export --data data --out map.svg --region Asia --months 2025-01 2025-06
    python -m dashboard.export --data data --out map.csv --weighted

The README's map is made this way, from the seeds, so it shows what the app draws.
"""

from __future__ import annotations

import argparse
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard import charts, maps, metrics
from dashboard import queries as q
from dashboard.charts import GeoSource
from dashboard.db import Database, Provenance

MAP_TITLE = "China's diplomatic engagements"
SUBTITLE_WIDTH = 115  # characters per subtitle line: about the width of the map
EXPORT_SCALE = 2.0  # PNG pixels per CSS pixel: sharp on high-density screens and in print
# The columns of the CSV behind the map, in order.
CSV_COLUMNS = (
    "iso3",
    "name",
    "region",
    "subregion",
    "events",
    "weighted",
    "mentions",
    "top_types",
    "last_engagement",
    "tier",
    "articles",
    "documents",
)


@dataclass(frozen=True)
class MapView:
    """What the map shows: the filters, the measure and the selected country."""

    filters: q.Filters
    measure: metrics.Measure = metrics.DISTINCT_ENGAGEMENTS
    selected: str | None = None

    @property
    def weighted(self) -> bool:
        return self.measure == metrics.WEIGHTED_ENGAGEMENTS

    def subtitle(self) -> list[str]:
        lines = [f"{self.measure.label} per counterpart country · {self.filters.describe()}"]
        if self.weighted:
            # wrapped: a subtitle line does not wrap by itself and would widen the figure
            lines += textwrap.wrap("Weights: " + metrics.LEVEL_WEIGHTS_TEXT, SUBTITLE_WIDTH)
        return lines


def map_data(db: Database, filters: q.Filters) -> pd.DataFrame:
    """The per-country rows behind the map (queries.engagement_counts + map columns)."""
    return maps.map_counts(q.engagement_counts(db, filters))


def map_figure(
    counts: pd.DataFrame, view: MapView, provenance: Provenance, geo: GeoSource
):  # returns an Altair chart
    legend = view.measure.label + (" (weights in subtitle)" if view.weighted else "")
    return charts.engagement_map(
        counts,
        geo,
        title=MAP_TITLE,
        subtitle=view.subtitle(),
        caption=provenance.caption(),
        measure=view.measure,
        legend_title=legend,
        selected=view.selected,
    )


def map_table(counts: pd.DataFrame, view: MapView, provenance: Provenance) -> pd.DataFrame:
    """The data behind the map as a flat table, each row stamped with its provenance."""
    table = counts.reindex(columns=list(CSV_COLUMNS)).copy()
    table["measure"] = view.measure.label
    table["filters"] = view.filters.describe()
    table["source"] = provenance.corpus
    table["built_at"] = provenance.built_at
    table["snapshot_id"] = provenance.snapshot_id
    return table


def map_csv(counts: pd.DataFrame, view: MapView, provenance: Provenance) -> bytes:
    return map_table(counts, view, provenance).to_csv(index=False).encode("utf-8")


def file_name(provenance: Provenance, what: str, suffix: str) -> str:
    """diplomacy-atlas-<what>-<snapshot id>.<suffix>: the file says which data it shows."""
    return f"diplomacy-atlas-{what}-{provenance.snapshot_id}.{suffix}"


def _month(text: str) -> date:
    return date.fromisoformat(text + "-01")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Export the engagement map of a build as PNG, SVG or CSV.",
    )
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--out", type=Path, required=True, help="a .png, .svg or .csv file")
    parser.add_argument("--scale", type=float, default=EXPORT_SCALE, help="PNG scale")
    parser.add_argument("--region", help="UN region, e.g. Asia")
    parser.add_argument("--subregion", help="UN subregion, e.g. South-eastern Asia")
    parser.add_argument("--months", nargs=2, metavar=("FROM", "TO"), help="e.g. 2025-01 2025-06")
    parser.add_argument("--weighted", action="store_true", help="level-weighted engagements")
    parser.add_argument("--country", help="ISO3 of a country to outline")
    args = parser.parse_args(argv)
    suffix = args.out.suffix.lower()
    if suffix not in (".png", ".svg", ".csv"):
        parser.error("--out must end in .png, .svg or .csv")
    db = Database(Path(args.data))
    db.refresh()
    filters = q.Filters(
        month_from=_month(args.months[0]) if args.months else None,
        month_to=_month(args.months[1]) if args.months else None,
        region=args.region,
        subregion=args.subregion,
    )
    measure = metrics.WEIGHTED_ENGAGEMENTS if args.weighted else metrics.DISTINCT_ENGAGEMENTS
    view = MapView(filters=filters, measure=measure, selected=args.country)
    counts = map_data(db, filters)
    provenance = db.provenance
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        args.out.write_bytes(map_csv(counts, view, provenance))
    else:
        figure = map_figure(counts, view, provenance, maps.inline_geo())
        args.out.write_bytes(charts.renderer(figure, suffix[1:], scale=args.scale)())
    print(f"wrote {args.out} (snapshot {provenance.snapshot_id})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

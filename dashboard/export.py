"""Render the default engagement map of a build to PNG or SVG, outside the app.

    python -m dashboard.export --data data --out docs/img/map.png

The README's screenshot is made this way, from the seeds, so it shows what the app draws.
Rendering is local (vl-convert); nothing is fetched from the web.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import vl_convert

from dashboard import charts, maps, metrics
from dashboard import queries as q
from dashboard.db import Database


def default_map(data: Path):  # returns an Altair chart
    db = Database(Path(data))
    db.refresh()
    filters = q.Filters()
    counts = q.engagement_counts(db, filters)
    boundaries = maps.load_boundaries(str(maps.boundaries_path()), q.numeric_to_iso3(db))
    manifest = db.refresh()
    return charts.engagement_map(
        counts,
        boundaries,
        title="China's diplomatic engagements",
        subtitle=[
            f"{metrics.DISTINCT_ENGAGEMENTS.label} per counterpart country · {filters.describe()}",
            f"Source: {Path(manifest.input_dir).name}/ · snapshot {manifest.run_id}",
        ],
        measure=metrics.DISTINCT_ENGAGEMENTS,
        legend_title=metrics.DISTINCT_ENGAGEMENTS.label,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.export", description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--out", type=Path, required=True, help="a .png or .svg file")
    parser.add_argument("--scale", type=float, default=2.0)
    args = parser.parse_args(argv)
    spec = default_map(args.data).to_dict()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix == ".svg":
        args.out.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
    else:
        args.out.write_bytes(vl_convert.vegalite_to_png(spec, scale=args.scale))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

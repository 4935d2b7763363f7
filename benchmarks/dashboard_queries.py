"""Dashboard queries at scale: p50/p95 of each page's query over repeated filter changes.

    python benchmarks/dashboard_queries.py --data BIGDATA [--repeat 60]

Runs the functions of dashboard/queries.py the pages call (the map aggregation, the
timeline, the tier table, a country drill-down, the map page's undated count and coverage, a
quote search when the snapshot's search index holds the quotes) through dashboard.db,
as the app does, each --repeat times with a different random filter (month range, region,
sub-region, country, search words), after one untimed warm-up. Prints one JSON line: row
counts, p50/p95/max per query in ms, the first (cold) call of each, and this process's
memory (DuckDB and pandas included).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from _common import emit, load, percentiles, rss_mb

from dashboard import queries as q
from dashboard.db import Database

SEARCH_WORDS = ["cooperation", "peace", "multilateralism", "Russia", "development",
                "sovereignty", "friendship", "Brazil", "investment", "one-China", "Xi",
                "win-win", "climate", "United Nations"]  # fmt: skip


def random_filters(rng: random.Random, choices: q.FilterChoices) -> q.Filters:
    months = choices.months
    month_from = month_to = None
    if months and rng.random() < 0.7:
        i, j = sorted(rng.sample(range(len(months)), 2)) if len(months) > 1 else (0, 0)
        month_from, month_to = months[i], months[j]
    region = subregion = None
    if rng.random() < 0.5 and choices.regions:
        region = rng.choice(choices.regions)
        if rng.random() < 0.3 and choices.subregions_of(region):
            subregion = rng.choice(choices.subregions_of(region))
    return q.Filters(month_from, month_to, region, subregion)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument(
        "--search-repeat", type=int, help="repeats of the quote search (default: --repeat)"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    db = Database(args.data)
    started = time.perf_counter()
    manifest = db.refresh()
    open_ms = (time.perf_counter() - started) * 1000
    choices = q.filter_choices(db)
    countries = q.engagement_counts(db, q.Filters())["iso3"].tolist()[:30]

    queries = {
        "map_aggregation": lambda f: q.engagement_counts(db, f),
        "timeline": lambda f: q.monthly_timeline(db, f),
        "tier_table": lambda f: q.partnership_tiers(db, f),
        "country_drilldown": lambda f: q.country_engagements(db, f, rng.choice(countries)),
        # the map page's other two queries, not targets of their own
        "undated_count": lambda f: q.undated_engagements(db, f),
        "coverage": lambda f: q.coverage(db, f),
        "quote_search": lambda f: q.search_quotes(
            db, f, text=rng.choice([None, *SEARCH_WORDS]) if rng.random() < 0.9 else None
        ),
    }
    indexed = db.quote_index.searcher().num_docs
    if not indexed:  # big_snapshot.py --quote-index empty: nothing to measure
        del queries["quote_search"]
    figures: dict = {"benchmark": "dashboard_queries", "run_id": manifest.run_id,
                     "rows": {t: manifest.counts.get(t) for t in
                              ("engagements", "events", "partnerships", "quotes", "articles")},
                     "quotes_indexed": indexed, "open_ms": round(open_ms, 1),
                     "load_before": load()}  # fmt: skip
    results = {}
    for name, run in queries.items():
        start = time.perf_counter()
        run(q.Filters())
        cold = (time.perf_counter() - start) * 1000
        samples = []
        repeat = args.repeat
        if name == "quote_search" and args.search_repeat is not None:
            repeat = args.search_repeat
        for _ in range(repeat):
            filters = random_filters(rng, choices)
            start = time.perf_counter()
            run(filters)
            samples.append((time.perf_counter() - start) * 1000)
        results[name] = {"first_call_ms": round(cold, 1), **percentiles(samples)}
    figures["queries"] = results
    figures["process_rss_mb"] = round(rss_mb(_pid()), 1)
    figures["load_after"] = load()
    emit(figures)


def _pid() -> int:
    import os

    return os.getpid()


if __name__ == "__main__":
    sys.exit(main())

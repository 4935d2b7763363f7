"""The map and the timeline read roll-ups (etl/rollups.py), and say exactly what the mentions say.

Each query over the roll-ups is compared with the same question asked of every engagement
row (the SQL below, the definition the roll-ups must keep), over many filters, on the
fixture, on the seeds and on a synthetic corpus, including events whose mentions lie in
several months or are partly undated. (tests/test_incremental.py checks that an incremental
build writes the roll-ups a full build writes, with every other table.)
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from conftest import fixture_tables, write_fixture_snapshot

from dashboard import queries as q
from dashboard.db import Database
from dashboard.queries import Filters
from etl import synth
from etl.pipeline import build

REPO = Path(__file__).resolve().parent.parent

# --- the same questions over every mention: what the roll-ups must answer ---------------------

_WEIGHT = (
    "COALESCE(list_extract($level_weights, list_position($levels, e.cn_level)), "
    "CAST($default_weight AS DOUBLE))"
)
_MENTIONS = f"""
    SELECT e.* REPLACE (coalesce(v.type, e.type) AS type),
           c.name AS country_name, c.region, c.subregion
    FROM engagements e JOIN countries c ON c.iso3 = e.country
    LEFT JOIN events v ON v.event_id = e.event_id
    WHERE e.country IS NOT NULL AND NOT list_contains($not_counterparts, e.country)
      AND {q._REGION_CLAUSE}
"""

COUNTS_FROM_MENTIONS = f"""
WITH e AS ({_MENTIONS} AND {q._month_clause("e.date")}),
per_event AS (
    SELECT e.country, e.event_id, max({_WEIGHT}) AS weight, count(*) AS mentions
    FROM e GROUP BY e.country, e.event_id
),
totals AS (
    SELECT country, count(*) AS events, sum(weight) AS weighted,
           CAST(sum(mentions) AS BIGINT) AS mentions
    FROM per_event GROUP BY country
),
per_type AS (SELECT country, type, count(DISTINCT event_id) AS events FROM e GROUP BY ALL),
types AS (
    SELECT country,
           CAST(to_json(list({{'type': type, 'events': events}} ORDER BY events DESC, type))
                AS VARCHAR) AS types
    FROM per_type GROUP BY country
),
reach AS (
    SELECT e.country, max(e.date) AS last_date, count(DISTINCT e.article_id) AS articles,
           count(DISTINCT a.doc_id) AS documents
    FROM e LEFT JOIN articles a ON a.article_id = e.article_id GROUP BY e.country
),
tiers AS (
    SELECT p.country, min(p.tier_rank) AS tier_rank, arg_min(p.tier, p.tier_rank) AS tier
    FROM ({q._PARTNERSHIPS}) p GROUP BY p.country
)
SELECT t.country AS iso3, c.name, c.region, c.subregion,
       t.events, t.weighted, t.mentions, ty.types, r.last_date, r.articles, r.documents,
       tr.tier, tr.tier_rank, c.iso_numeric
FROM totals t
JOIN countries c ON c.iso3 = t.country
LEFT JOIN types ty ON ty.country = t.country
LEFT JOIN reach r ON r.country = t.country
LEFT JOIN tiers tr ON tr.country = t.country
ORDER BY t.events DESC, t.weighted DESC, c.name
"""

TIMELINE_FROM_MENTIONS = f"""
WITH e AS ({_MENTIONS} AND {q._month_clause("e.date")} AND e.date IS NOT NULL)
SELECT CAST(date_trunc('month', e.date) AS DATE) AS month, e.type,
       count(DISTINCT e.event_id) AS events
FROM e GROUP BY ALL ORDER BY month, type
"""

UNDATED_FROM_MENTIONS = f"""
SELECT count(DISTINCT e.event_id) AS undated FROM ({_MENTIONS} AND e.date IS NULL) e
"""


def assert_rollups_answer_as_mentions(db: Database, filters: Filters) -> None:
    params = q._base_params(filters)
    pd.testing.assert_frame_equal(
        q.engagement_counts(db, filters), q._run(db, COUNTS_FROM_MENTIONS, params)
    )
    pd.testing.assert_frame_equal(
        q.monthly_timeline(db, filters), q._run(db, TIMELINE_FROM_MENTIONS, params)
    )
    expected = int(q._run(db, UNDATED_FROM_MENTIONS, params)["undated"].iloc[0])
    assert q.undated_engagements(db, filters) == expected


def filter_grid(db: Database) -> list[Filters]:
    """No filter, one month, ranges, open ends, each region and sub-region, and mixes."""
    choices = q.filter_choices(db)
    months = choices.months
    grid = [Filters()]
    if months:
        first, last, middle = months[0], months[-1], months[len(months) // 2]
        grid += [Filters(first, first), Filters(middle, middle), Filters(first, middle),
                 Filters(middle, last), Filters(month_from=middle), Filters(month_to=middle),
                 Filters(first - timedelta(days=400), first - timedelta(days=40))]  # fmt: skip
    for region in choices.regions:
        grid.append(Filters(region=region))
        for subregion in choices.subregions_of(region)[:2]:
            grid.append(Filters(region=region, subregion=subregion))
        if months:
            grid.append(Filters(months[0], months[len(months) // 2], region=region))
    return grid


def assert_same_over_filters(data: Path) -> None:
    db = Database(data)
    try:
        for filters in filter_grid(db):
            assert_rollups_answer_as_mentions(db, filters)
    finally:
        db.close()


# --- the promises ----------------------------------------------------------------------------


def test_the_fixture_counts_are_the_same_from_the_rollups_as_from_the_mentions(snapshot_dir):
    assert_same_over_filters(snapshot_dir)


def test_an_event_reported_over_several_months_and_undated_is_counted_once(tmp_path):
    """Pakistan's talks of 20 January also reported in February, and undated; Russia's visit
    reported undated too: each is one event over any range that holds one of its mentions,
    weighing what its mentions in range weigh."""
    tables = fixture_tables()
    rows = tables["engagements"].to_pylist()
    talks = next(r for r in rows if r["event_id"] == "ev2")
    visit = next(r for r in rows if r["event_id"] == "ev4")
    rows += [
        {**talks, "engagement_id": "e9", "date": date(2025, 2, 3), "cn_level": "head_of_state"},
        {**talks, "engagement_id": "e10", "date": None, "date_precision": None,
         "cn_level": None},
        {**visit, "engagement_id": "e11", "date": None, "date_precision": None},
    ]  # fmt: skip
    tables["engagements"] = tables["engagements"].from_pylist(
        rows, schema=tables["engagements"].schema
    )
    write_fixture_snapshot(tmp_path, tables)
    db = Database(tmp_path)
    try:
        rollup = q._run(db, "SELECT * FROM event_months WHERE event_id IS NOT NULL", {})
        assert set(rollup["event_id"]) == {"ev2", "ev4"}  # listed per month, not summed
        for filters in filter_grid(db):
            assert_rollups_answer_as_mentions(db, filters)
        pak = q.engagement_counts(db, Filters()).set_index("iso3").loc["PAK"]
        assert (pak["events"], pak["mentions"], pak["weighted"]) == (2, 4, 5.0 + 4.0)
        january = q.engagement_counts(db, Filters(date(2025, 1, 1), date(2025, 1, 1)))
        assert january.set_index("iso3").loc["PAK", "weighted"] == 3.0 + 4.0
    finally:
        db.close()


def test_the_seeds_counts_are_the_same_from_the_rollups_as_from_the_mentions(tmp_path):
    build(REPO / "seeds", tmp_path)
    assert_same_over_filters(tmp_path)


def test_a_synthetic_corpus_counts_are_the_same_from_the_rollups_as_from_the_mentions(
    tmp_path,
):
    synth.generate(tmp_path / "corpus", 60, seed=5)
    build(tmp_path / "corpus", tmp_path / "data")
    assert_same_over_filters(tmp_path / "data")


@pytest.mark.parametrize("table", ["event_months", "source_months"])
def test_every_rollup_row_counts_something(snapshot_dir, table):
    db = Database(snapshot_dir)
    try:
        count = "events" if table == "event_months" else "sources"
        item = "event_id" if table == "event_months" else "source_id"
        df = q._run(db, f"SELECT {count} AS n, {item} AS item FROM {table}", {})
        assert (df["n"] >= 1).all()
        assert (df.loc[df["item"].notna(), "n"] == 1).all()
    finally:
        db.close()

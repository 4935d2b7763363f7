"""Roll-ups: the engagement counts the map and the timeline need, summed per country and month.

The map counts *distinct* events, articles and documents per country over any month range,
and the level-weighted sum of distinct events (an event weighs the most its in-range
mentions weigh). Distinct counts do not add up across months, except for an item whose
mentions all lie in one month: that is nearly every item, and those are counted here per
(country, month). The few items whose mentions spread over several months (or are partly
undated) are listed one row per (item, month), so a query can still count each of them once
and exactly. At 1,000,000 mentions the dashboard then reads a few tens of thousands of rows
instead of a million (docs/scaling.md).

A month is the first day of the month of a mention's date; undated mentions have month null,
as the dashboard's month filter treats them. Weights are not stored, only which Chinese
levels an event's mentions name (`levels`, null for an unknown level), so the weights stay
the dashboard's to choose (dashboard.metrics) and are bound as query parameters.

Computed from the assembled tables at every build (full or incremental) with DuckDB's SQL
over the Arrow tables; the rows are ordered completely, so the same tables give the same
files. An event has one country and one type: the event's (a visit told without its rank
counts as the state visit it is part of; etl.dedupe.event_type), not each mention's.
"""

from __future__ import annotations

import pyarrow as pa

from etl import schemas

# Mentions with a counterpart country, each with its month and its article's document.
_MENTIONS = """
    SELECT e.country, CAST(date_trunc('month', e.date) AS DATE) AS month,
           coalesce(v.type, e.type) AS type,
           e.event_id, e.article_id, a.doc_id, e.cn_level, e.date
    FROM engagements e LEFT JOIN articles a ON a.article_id = e.article_id
    LEFT JOIN events v ON v.event_id = e.event_id
    WHERE e.country IS NOT NULL
"""

EVENT_MONTHS_SQL = f"""
WITH m AS ({_MENTIONS}),
per_month AS (  -- one row per event and month it has mentions in
    SELECT country, type, event_id, month,
           list(DISTINCT cn_level ORDER BY cn_level NULLS LAST) AS levels,
           count(*) AS mentions, max(date) AS last_date
    FROM m GROUP BY ALL
),
spread AS (
    SELECT country, type, event_id, count(*) > 1 AS several FROM per_month GROUP BY ALL
)
SELECT p.country, p.month, p.type, p.levels, NULL AS event_id, count(*) AS events,
       sum(p.mentions) AS mentions, max(p.last_date) AS last_date
FROM per_month p JOIN spread s USING (country, type, event_id)
WHERE NOT s.several
GROUP BY p.country, p.month, p.type, p.levels
UNION ALL
SELECT p.country, p.month, p.type, p.levels, p.event_id, 1 AS events, p.mentions, p.last_date
FROM per_month p JOIN spread s USING (country, type, event_id)
WHERE s.several
ORDER BY country, month NULLS FIRST, type, event_id NULLS FIRST, levels
"""

SOURCE_MONTHS_SQL = f"""
WITH m AS ({_MENTIONS}),
items AS (  -- one row per (country, article or document, month)
    SELECT DISTINCT country, 'article' AS source, article_id AS source_id, month FROM m
    UNION ALL
    SELECT DISTINCT country, 'document', doc_id, month FROM m WHERE doc_id IS NOT NULL
),
spread AS (
    SELECT country, source, source_id, count(*) > 1 AS several FROM items GROUP BY ALL
)
SELECT i.country, i.month, i.source, NULL AS source_id, count(*) AS sources
FROM items i JOIN spread s USING (country, source, source_id)
WHERE NOT s.several
GROUP BY i.country, i.month, i.source
UNION ALL
SELECT i.country, i.month, i.source, i.source_id, 1 AS sources
FROM items i JOIN spread s USING (country, source, source_id)
WHERE s.several
ORDER BY country, month NULLS FIRST, source, source_id NULLS FIRST
"""

ROLLUP_SQL: dict[str, str] = {
    "event_months": EVENT_MONTHS_SQL,
    "source_months": SOURCE_MONTHS_SQL,
}


def rollup_tables(
    engagements: pa.Table, articles: pa.Table, events: pa.Table
) -> dict[str, pa.Table]:
    """The roll-up tables of one build, from its engagements (event ids assigned), articles and
    events (for each event's type)."""
    import duckdb  # only here: a build that needs no roll-ups need not load it

    conn = duckdb.connect(":memory:")
    try:
        conn.register("engagements", engagements.select(
            ["country", "date", "type", "event_id", "article_id", "cn_level"]
        ))  # fmt: skip
        conn.register("articles", articles.select(["article_id", "doc_id"]))
        conn.register("events", events.select(["event_id", "type"]))
        return {
            name: _arrow(conn.sql(sql)).cast(schemas.TABLES[name])
            for name, sql in ROLLUP_SQL.items()
        }
    finally:
        conn.close()


def _arrow(relation) -> pa.Table:
    # Newer DuckDB names it to_arrow_table and deprecates the older arrow().
    if hasattr(relation, "to_arrow_table"):
        return relation.to_arrow_table()
    return relation.arrow()

"""All SQL of the dashboard. Every value is bound as a ``$name`` parameter.

Functions take the :class:`dashboard.db.Database` and a :class:`Filters` and return pandas
DataFrames of aggregated or paged rows only. The only text formatted into SQL is fixed
fragments written in this module (column names, the shared WHERE clauses); user input
never is.

Month filter: a record is in range when the month of its date lies between ``month_from``
and ``month_to`` inclusive. A record without a date is therefore outside every month range;
with no month filter (both None) it is included. Undated engagements are counted separately
by :func:`undated_engagements` so the app can say how many were left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.metrics import DEFAULT_LEVEL_WEIGHT, NOT_COUNTERPARTS, tier_agreement
from dashboard.search import QuoteFilters, SearchQuery, parse_query, run_search
from etl.vocab import LEVEL_WEIGHTS

if TYPE_CHECKING:
    from dashboard.db import Database

PAGE_SIZE = 20


@dataclass(frozen=True)
class Filters:
    month_from: date | None = None
    month_to: date | None = None
    region: str | None = None
    subregion: str | None = None

    @property
    def has_month_filter(self) -> bool:
        return self.month_from is not None or self.month_to is not None

    def params(self) -> dict[str, Any]:
        start = self.month_from.replace(day=1) if self.month_from else None
        end = _next_month(self.month_to) if self.month_to else None
        return {
            "month_from": start,
            "month_to_excl": end,
            "region": self.region or None,
            "subregion": self.subregion or None,
        }

    def describe_months(self) -> str:
        """'Jan 2025 – Feb 2025', or 'all dates (incl. undated)' without a month filter."""
        if self.month_from and self.month_to:
            return f"{_month_label(self.month_from)} – {_month_label(self.month_to)}"
        if self.month_from:
            return f"from {_month_label(self.month_from)}"
        if self.month_to:
            return f"until {_month_label(self.month_to)}"
        return "all dates (incl. undated)"

    def describe(self) -> str:
        """'Jan 2025 – Feb 2025 · Asia / South-eastern Asia' — for subtitles and captions."""
        months = self.describe_months()
        if self.subregion:
            place = f"{self.region} / {self.subregion}" if self.region else self.subregion
        else:
            place = self.region or "all regions"
        return f"{months} · {place}"


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _month_label(d: date) -> str:
    return d.strftime("%b %Y")


# --- shared SQL fragments (fixed text, never user input) ------------------------------------


def _month_clause(column: str) -> str:
    return (
        f"(CAST($month_from AS DATE) IS NULL OR {column} >= CAST($month_from AS DATE)) AND "
        f"(CAST($month_to_excl AS DATE) IS NULL OR {column} < CAST($month_to_excl AS DATE))"
    )


_REGION_CLAUSE = (
    "(CAST($region AS VARCHAR) IS NULL OR c.region = $region) AND "
    "(CAST($subregion AS VARCHAR) IS NULL OR c.subregion = $subregion)"
)


_WEIGHT_PARAMS: dict[str, Any] = {
    "levels": list(LEVEL_WEIGHTS),
    "level_weights": [float(w) for w in LEVEL_WEIGHTS.values()],
    "default_weight": DEFAULT_LEVEL_WEIGHT,
}

# Engagements with a counterpart country, joined to countries, region filter applied.
_COUNTERPART_ENGAGEMENTS = f"""
    SELECT e.*, c.name AS country_name, c.region, c.subregion
    FROM engagements e
    JOIN countries c ON c.iso3 = e.country
    WHERE e.country IS NOT NULL
      AND NOT list_contains($not_counterparts, e.country)
      AND {_REGION_CLAUSE}
"""

# Counterpart countries in the region filter (China, Taiwan, Hong Kong, Macao are not).
_COUNTERPART_COUNTRIES = f"""
    SELECT c.iso3 FROM countries c
    WHERE NOT list_contains($not_counterparts, c.iso3) AND {_REGION_CLAUSE}
"""

# The weight of a roll-up row: the highest weight among the Chinese levels its mentions name.
_LEVELS_WEIGHT_EXPR = (
    "list_max([COALESCE(list_extract($level_weights, list_position($levels, level)), "
    "CAST($default_weight AS DOUBLE)) FOR level IN r.levels])"
)

# Roll-up rows of counterpart countries in the filters, each with its weight.
_EVENT_MONTHS = f"""
    SELECT r.*, {_LEVELS_WEIGHT_EXPR} AS weight
    FROM event_months r
    WHERE r.country IN ({_COUNTERPART_COUNTRIES}) AND {_month_clause("r.month")}
"""

_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _run(db: Database, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """Bind exactly the parameters the statement names (DuckDB refuses extra ones)."""
    used = set(_PARAM_RE.findall(sql))
    missing = used - set(params)
    if missing:
        raise KeyError(f"unbound SQL parameters: {sorted(missing)}")
    return db.query(sql, {name: params[name] for name in used})


def _base_params(filters: Filters, **extra: Any) -> dict[str, Any]:
    return {
        **filters.params(),
        **_WEIGHT_PARAMS,
        "not_counterparts": list(NOT_COUNTERPARTS),
        **extra,
    }


# --- engagement map --------------------------------------------------------------------------


def engagement_counts(db: Database, filters: Filters) -> pd.DataFrame:
    """Per counterpart country: distinct events and the level-weighted sum of distinct events,
    with what the map's tooltip says about them.

    Columns: iso3, name, region, subregion, events, weighted, mentions, types (JSON text:
    [{"type", "events"}], most frequent first), last_date (latest dated engagement), articles
    and documents (the sources the counts rest on), tier and tier_rank (the highest
    partnership tier mentioned in the selection), iso_numeric (the map's key). An event
    reported at several Chinese levels takes its highest weight.

    Read from the roll-ups (`event_months`, `source_months`, see etl/rollups.py): events that
    lie in one month are counted per month there, and the few spread over several months are
    counted once here, so the result is the count over every mention, at a fraction of the rows.
    """
    sql = f"""
    WITH r AS ({_EVENT_MONTHS}),
    per_type AS (
        SELECT country, type, sum(events) AS events, sum(events * weight) AS weighted
        FROM r WHERE event_id IS NULL GROUP BY ALL
        UNION ALL
        SELECT country, type, count(*), sum(weight) FROM (
            SELECT country, type, event_id, max(weight) AS weight
            FROM r WHERE event_id IS NOT NULL GROUP BY ALL
        ) GROUP BY ALL
    ),
    type_totals AS (
        SELECT country, type, CAST(sum(events) AS BIGINT) AS events, sum(weighted) AS weighted
        FROM per_type GROUP BY ALL
    ),
    totals AS (
        SELECT country, CAST(sum(events) AS BIGINT) AS events, sum(weighted) AS weighted
        FROM type_totals GROUP BY country
    ),
    types AS (
        SELECT country,
               CAST(to_json(list({{'type': type, 'events': events}} ORDER BY events DESC, type))
                    AS VARCHAR) AS types
        FROM type_totals GROUP BY country
    ),
    mentions AS (
        SELECT country, CAST(sum(mentions) AS BIGINT) AS mentions, max(last_date) AS last_date
        FROM r GROUP BY country
    ),
    reach AS (
        SELECT s.country,
               CAST(coalesce(sum(s.sources) FILTER (s.source = 'article' AND s.source_id IS NULL),
                             0)
                    + count(DISTINCT s.source_id) FILTER (s.source = 'article') AS BIGINT)
                   AS articles,
               CAST(coalesce(sum(s.sources) FILTER (s.source = 'document' AND s.source_id IS NULL),
                             0)
                    + count(DISTINCT s.source_id) FILTER (s.source = 'document') AS BIGINT)
                   AS documents
        FROM source_months s
        WHERE s.country IN ({_COUNTERPART_COUNTRIES}) AND {_month_clause("s.month")}
        GROUP BY s.country
    ),
    tiers AS (
        SELECT p.country, min(p.tier_rank) AS tier_rank, arg_min(p.tier, p.tier_rank) AS tier
        FROM ({_PARTNERSHIPS}) p GROUP BY p.country
    )
    SELECT t.country AS iso3, c.name, c.region, c.subregion,
           t.events, t.weighted, m.mentions, ty.types, m.last_date, r.articles, r.documents,
           tr.tier, tr.tier_rank, c.iso_numeric
    FROM totals t
    JOIN countries c ON c.iso3 = t.country
    JOIN mentions m ON m.country = t.country
    LEFT JOIN types ty ON ty.country = t.country
    LEFT JOIN reach r ON r.country = t.country
    LEFT JOIN tiers tr ON tr.country = t.country
    ORDER BY t.events DESC, t.weighted DESC, c.name
    """
    return _run(db, sql, _base_params(filters))


def monthly_timeline(db: Database, filters: Filters) -> pd.DataFrame:
    """Distinct dated events per month and engagement type. Columns: month, type, events."""
    # Each row of event_months counts distinct events of its month: they add up per month.
    sql = f"""
    SELECT r.month, r.type, CAST(sum(r.events) AS BIGINT) AS events
    FROM ({_EVENT_MONTHS}) r
    WHERE r.month IS NOT NULL
    GROUP BY ALL ORDER BY month, type
    """
    return _run(db, sql, _base_params(filters))


def undated_engagements(db: Database, filters: Filters) -> int:
    """Distinct undated events matching the region filter (any month filter excludes them)."""
    sql = f"""
    SELECT CAST(coalesce(sum(r.events), 0) AS BIGINT) AS undated
    FROM event_months r
    WHERE r.month IS NULL AND r.country IN ({_COUNTERPART_COUNTRIES})
    """
    return int(_run(db, sql, _base_params(filters))["undated"].iloc[0])


def country_engagements(db: Database, filters: Filters, country: str) -> pd.DataFrame:
    """Every engagement mention with one country: the evidence behind the map's number."""
    db.ensure_article_titles()  # in memory: this country's rows lie all over the articles file
    sql = f"""
    SELECT e.date, e.date_precision, e.type, e.cn_level, e.cn_actor, e.foreign_actor,
           e.sentence, a.title AS article_title, e.article_id, e.event_id, e.engagement_id
    FROM ({_COUNTERPART_ENGAGEMENTS} AND {_month_clause("e.date")}) e
    LEFT JOIN article_titles a ON a.article_id = e.article_id
    WHERE e.country = $country
    ORDER BY e.date NULLS LAST, e.event_id, e.engagement_id
    """
    return _run(db, sql, _base_params(filters, country=country))


def event_sources(db: Database, event_id: str) -> pd.DataFrame:
    """Every report of one real-world engagement, one row per article: the sources side by side."""
    sql = """
    SELECT v.date AS event_date, v.type, v.cn_actor, v.cn_level, v.foreign_actor, v.n_sources,
           e.article_id, a.title AS article_title, a.outlet, a.published, a.dateline,
           d.path AS document, e.date, e.date_basis, e.sentence
    FROM events v
    JOIN engagements e ON e.event_id = v.event_id
    JOIN articles a ON a.article_id = e.article_id
    JOIN documents d ON d.doc_id = a.doc_id
    WHERE v.event_id = $event_id
    ORDER BY a.published NULLS LAST, e.article_id, e.span_start
    """
    return _run(db, sql, {"event_id": event_id})


# --- partnerships ----------------------------------------------------------------------------


_PARTNERSHIPS = f"""
    SELECT p.*, c.name AS country_name
    FROM partnerships p JOIN countries c ON c.iso3 = p.country
    WHERE p.framework = 'partnership' AND p.tier_rank IS NOT NULL
      AND p.status <> 'proposed'
      AND {_REGION_CLAUSE} AND {_month_clause("p.date")}
"""


def partnership_tiers(db: Database, filters: Filters) -> pd.DataFrame:
    """Per country: highest tier seen in the period (min tier_rank), its phrase, first/last
    mention, mentions, the last establishment or upgrade, and the reference designation next
    to it (ref_* columns, null when the reference table has no row) with `agreement`
    (dashboard.metrics.tier_agreement).

    Ordered by the ladder (tier_rank ascending), then country name.
    """
    sql = f"""
    WITH corpus AS (
        SELECT p.country AS iso3, p.country_name AS name,
               min(p.tier_rank) AS tier_rank,
               arg_min(p.tier, p.tier_rank) AS tier,
               arg_min(p.phrase, p.tier_rank) AS phrase,
               min(p.date) AS first_mention, max(p.date) AS last_mention,
               count(*) AS mentions,
               max(p.date) FILTER (WHERE p.status IN ('established', 'upgraded'))
                   AS last_upgrade
        FROM ({_PARTNERSHIPS}) p
        GROUP BY ALL
    )
    SELECT corpus.*, r.tier AS ref_tier, r.tier_rank AS ref_tier_rank,
           r.designation AS ref_designation, r.year AS ref_year, r.source AS ref_source,
           r.confidence AS ref_confidence
    FROM corpus LEFT JOIN partnership_reference r ON r.country = corpus.iso3
    ORDER BY tier_rank, name
    """
    df = _run(db, sql, _base_params(filters))
    df["agreement"] = [
        tier_agreement(c, r) for c, r in zip(df["tier_rank"], df["ref_tier_rank"], strict=True)
    ]
    return df


def partnership_reference(db: Database, filters: Filters) -> pd.DataFrame:
    """The reference designations of the countries in the region filter, each with the highest
    tier the texts name in the period (`tier_rank`, null when none) and `agreement`.

    The month filter does not select reference rows (they are current status), only the
    corpus side. Ordered by the reference's rung in ladder order (outside the ladder last).
    """
    sql = f"""
    WITH corpus AS (
        SELECT p.country, min(p.tier_rank) AS tier_rank, arg_min(p.tier, p.tier_rank) AS tier
        FROM ({_PARTNERSHIPS}) p GROUP BY p.country
    )
    SELECT r.country AS iso3, c.name, r.designation, r.tier AS ref_tier,
           r.tier_rank AS ref_tier_rank, r.year AS ref_year, r.source AS ref_source,
           r.confidence AS ref_confidence, corpus.tier, corpus.tier_rank
    FROM partnership_reference r
    JOIN countries c ON c.iso3 = r.country
    LEFT JOIN corpus ON corpus.country = r.country
    WHERE {_REGION_CLAUSE}
    ORDER BY CASE WHEN r.tier_rank = 0 THEN 99 ELSE r.tier_rank END, c.name
    """
    df = _run(db, sql, _base_params(filters))
    df["agreement"] = [
        tier_agreement(c, r) for c, r in zip(df["tier_rank"], df["ref_tier_rank"], strict=True)
    ]
    return df


def partnership_history(db: Database, filters: Filters, country: str) -> pd.DataFrame:
    """One country's tier mentions over time: per (date, tier, status) the number of mentions
    and one phrase. Undated mentions come last with a null date (they cannot be placed)."""
    sql = f"""
    SELECT p.date, p.date_precision, p.tier, p.tier_rank, p.status,
           count(*) AS mentions, min(p.phrase) AS phrase
    FROM ({_PARTNERSHIPS}) p
    WHERE p.country = $country
    GROUP BY ALL
    ORDER BY p.date NULLS LAST, p.tier_rank, p.status
    """
    return _run(db, sql, _base_params(filters, country=country))


def partnership_evidence(db: Database, filters: Filters, country: str) -> pd.DataFrame:
    """The sentences behind one country's partnership designations (incl. community framework)."""
    sql = f"""
    SELECT p.date, p.framework, p.tier_rank, p.tier, p.phrase, p.status, p.sentence,
           a.title AS article_title, p.article_id, p.partnership_id
    FROM partnerships p
    JOIN countries c ON c.iso3 = p.country
    LEFT JOIN articles a ON a.article_id = p.article_id
    WHERE p.country = $country AND {_REGION_CLAUSE} AND {_month_clause("p.date")}
    ORDER BY p.date NULLS LAST, p.tier_rank NULLS LAST, p.partnership_id
    """
    return _run(db, sql, _base_params(filters, country=country))


# --- quotes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotePage:
    rows: pd.DataFrame
    total: int
    page: int
    page_size: int
    query: SearchQuery = field(default_factory=SearchQuery)  # the search as read, to highlight

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def region_countries(db: Database, filters: Filters) -> tuple[str, ...] | None:
    """ISO3 codes in the chosen UN region/sub-region (China excluded); None without one."""
    if not (filters.region or filters.subregion):
        return None
    sql = f"""
    SELECT c.iso3 FROM countries c WHERE c.iso3 <> 'CHN' AND {_REGION_CLAUSE} ORDER BY c.iso3
    """
    return tuple(_run(db, sql, filters.params())["iso3"])


def search_quotes(
    db: Database,
    filters: Filters,
    *,
    text: str | None = None,
    speaker: str | None = None,
    speaker_country: str | None = None,
    mentioned: str | None = None,
    kind: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> QuotePage:
    """Quotes matching the search text (see dashboard/search.py) and the filters, one page.

    Ranked by BM25 relevance over quote text, speaker and article title; newest first when
    the text has no words. Runs on the snapshot's search index, not SQL: the only SQL here
    is the lookup of the region's countries. A quote is in a region when its speaker's
    country or a country it mentions is (China excluded).
    """
    page = max(1, int(page))
    query = parse_query(text)
    params = filters.params()
    quote_filters = QuoteFilters(
        speaker=speaker or None,
        speaker_country=speaker_country or None,
        mentioned=mentioned or None,
        kind=kind or None,
        month_from=params["month_from"],
        month_to_excl=params["month_to_excl"],
        region_countries=region_countries(db, filters),
    )
    found = run_search(
        db.quote_index,
        query,
        quote_filters,
        limit=int(page_size),
        offset=(page - 1) * int(page_size),
    )
    return QuotePage(found.rows, found.total, page, int(page_size), query)


# --- sources ---------------------------------------------------------------------------------


def documents(db: Database) -> pd.DataFrame:
    sql = """
    SELECT d.doc_id, d.path, d.format, d.bytes, d.status, d.error, d.n_articles, d.ingested_at
    FROM documents d ORDER BY d.path
    """
    return _run(db, sql, {})


def articles(db: Database, filters: Filters) -> pd.DataFrame:
    """Articles with counts of what was extracted from each. Month filter on `published`."""
    sql = f"""
    WITH eng AS (SELECT article_id, count(*) AS n FROM engagements GROUP BY ALL),
         par AS (SELECT article_id, count(*) AS n FROM partnerships GROUP BY ALL),
         quo AS (SELECT article_id, count(*) AS n FROM quotes GROUP BY ALL)
    SELECT a.article_id, a.title, a.published, a.date_source, a.outlet, a.kind,
           d.path AS document,
           coalesce(eng.n, 0) AS engagements, coalesce(par.n, 0) AS partnerships,
           coalesce(quo.n, 0) AS quotes
    FROM articles a
    LEFT JOIN documents d ON d.doc_id = a.doc_id
    LEFT JOIN eng ON eng.article_id = a.article_id
    LEFT JOIN par ON par.article_id = a.article_id
    LEFT JOIN quo ON quo.article_id = a.article_id
    WHERE {_month_clause("a.published")}
    ORDER BY d.path, a.ordinal
    """
    return _run(db, sql, filters.params())


def article(db: Database, article_id: str) -> dict[str, Any] | None:
    sql = """
    SELECT a.article_id, a.title, a.published, a.date_basis, a.dateline, a.outlet, a.kind,
           a.text, a.url, a.title_source, a.date_source, a.outlet_source, a.url_source,
           d.path AS document, d.format AS document_format
    FROM articles a LEFT JOIN documents d ON d.doc_id = a.doc_id
    WHERE a.article_id = $article_id
    """
    df = _run(db, sql, {"article_id": article_id})
    return None if df.empty else df.iloc[0].to_dict()


def article_engagements(db: Database, article_id: str) -> pd.DataFrame:
    sql = """
    SELECT e.date, e.type, e.country, e.counterpart_org, e.cn_level, e.cn_actor,
           e.foreign_actor, e.sentence, e.event_id
    FROM engagements e WHERE e.article_id = $article_id ORDER BY e.span_start
    """
    return _run(db, sql, {"article_id": article_id})


def article_partnerships(db: Database, article_id: str) -> pd.DataFrame:
    sql = """
    SELECT p.date, p.country, p.framework, p.tier, p.phrase, p.status, p.sentence
    FROM partnerships p WHERE p.article_id = $article_id ORDER BY p.span_start
    """
    return _run(db, sql, {"article_id": article_id})


def article_quotes(db: Database, article_id: str) -> pd.DataFrame:
    sql = """
    SELECT q.speaker, q.speaker_role, q.speaker_country, q.kind, q.text, q.date
    FROM quotes q WHERE q.article_id = $article_id ORDER BY q.span_start
    """
    return _run(db, sql, {"article_id": article_id})


def article_quote(db: Database, article_id: str, quote_id: str) -> dict[str, Any] | None:
    """One quote of an article, with its span in the article text (for marking it there)."""
    sql = """
    SELECT q.quote_id, q.speaker, q.kind, q.text, q.span_start, q.span_end
    FROM quotes q WHERE q.article_id = $article_id AND q.quote_id = $quote_id
    """
    df = _run(db, sql, {"article_id": article_id, "quote_id": quote_id})
    return None if df.empty else df.iloc[0].to_dict()


def etl_warnings(db: Database) -> pd.DataFrame:
    sql = """
    SELECT w.stage, w.message, d.path AS document, w.doc_id, w.article_id
    FROM warnings w LEFT JOIN documents d ON d.doc_id = w.doc_id
    ORDER BY d.path NULLS LAST, w.stage, w.article_id
    """
    return _run(db, sql, {})


def coverage(db: Database, filters: Filters | None = None) -> pd.DataFrame:
    """Documents and articles per month of publication (month is NaT for undated articles):
    what the counts rest on. The month filter applies (undated articles then drop out); the
    region filter does not, since an article is not about one region."""
    sql = f"""
    SELECT CAST(date_trunc('month', a.published) AS DATE) AS month,
           count(DISTINCT a.doc_id) AS documents, count(*) AS articles
    FROM articles a
    WHERE {_month_clause("a.published")}
    GROUP BY ALL ORDER BY month NULLS LAST
    """
    return _run(db, sql, (filters or Filters()).params())


# --- filter choices --------------------------------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    months: list[date]  # first day of every month from the first to the last dated record
    regions: list[str]
    subregions: dict[str, list[str]]  # region -> its subregions
    speakers: list[str]
    countries: pd.DataFrame  # iso3, name of countries that appear in the data

    def subregions_of(self, region: str | None) -> list[str]:
        if region:
            return self.subregions.get(region, [])
        return sorted({s for subs in self.subregions.values() for s in subs})


def filter_choices(db: Database) -> FilterChoices:
    """What the sidebar offers; read once per snapshot (a scan of every table's dates and
    countries: tens of milliseconds at a million rows, on every page run otherwise)."""
    return db.per_snapshot("filter_choices", lambda: _filter_choices(db))


def _filter_choices(db: Database) -> FilterChoices:
    span = _run(
        db,
        """
        SELECT min(d) AS first, max(d) AS last FROM (
            SELECT date AS d FROM engagements UNION ALL
            SELECT date FROM partnerships UNION ALL
            SELECT date FROM quotes)
        """,
        {},
    )
    first, last = span["first"].iloc[0], span["last"].iloc[0]
    months: list[date] = []
    if pd.notna(first) and pd.notna(last):
        cur = pd.Timestamp(first).date().replace(day=1)
        end = pd.Timestamp(last).date()
        while cur <= end:
            months.append(cur)
            cur = _next_month(cur)
    countries = _run(
        db,
        """
        SELECT c.iso3, c.name, c.region, c.subregion FROM countries c
        WHERE c.iso3 IN (
            SELECT country FROM engagements UNION SELECT country FROM partnerships
            UNION SELECT speaker_country FROM quotes
            UNION SELECT unnest(countries_mentioned) FROM quotes)
          AND NOT list_contains($not_counterparts, c.iso3)
        ORDER BY c.name
        """,
        {"not_counterparts": list(NOT_COUNTERPARTS)},
    )
    subregions: dict[str, list[str]] = {}
    for region, group in countries.dropna(subset=["region"]).groupby("region"):
        subregions[str(region)] = sorted(group["subregion"].dropna().unique().tolist())
    speakers = _run(
        db,
        "SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL ORDER BY speaker",
        {},
    )["speaker"].tolist()
    return FilterChoices(
        months=months,
        regions=sorted(subregions),
        subregions=subregions,
        speakers=speakers,
        countries=countries[["iso3", "name"]].reset_index(drop=True),
    )


def country_names(db: Database) -> dict[str, str]:
    df = _run(db, "SELECT iso3, name FROM countries", {})
    return dict(zip(df["iso3"], df["name"], strict=True))


def numeric_to_iso3(db: Database) -> dict[str, str]:
    df = _run(db, "SELECT iso_numeric, iso3 FROM countries WHERE iso_numeric IS NOT NULL", {})
    return dict(zip(df["iso_numeric"], df["iso3"], strict=True))

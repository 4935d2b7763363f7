"""The quote search: what the search box means, the index query it becomes, and highlights.

The text typed into the box is data. It is analysed into words with the analysers the ETL
indexed the quotes with (`etl.search_index`) and turned into index queries term by term;
it never reaches SQL, tantivy's query language or markdown unescaped.

- ``china pakistan``: quotes containing both words, each in the quote, the speaker's name or
  the article title, in any form ("sanction" also finds "sanctions"). Ranked by BM25.
- ``"two sides"``: the exact phrase: these words as written (case and accents aside),
  adjacent and in this order. A quoted single word matches that word form only.
- A term with inner punctuation (``win-win``, ``U.S.``, ``China's``) is a phrase of its words.
- A term without any letter or digit (``%``, ``**``, ``\\``) must occur as typed (curly
  quotes and dashes count as their plain forms); it filters but does not rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import tantivy

from etl.search_index import MAX_SYMBOL_CHARS, plain, stem, word_spans, words

TITLE_BOOST = 0.3  # an article title is shared by all its quotes: weaker evidence
WORD_FIELDS = (("text", 1.0), ("speaker", 1.0), ("title", TITLE_BOOST))
RESULT_COLUMNS = [
    "quote_id",
    "speaker",
    "speaker_role",
    "speaker_country",
    "kind",
    "text",
    "date",
    "countries_mentioned",
    "article_title",
    "article_id",
    "score",
]

_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()  # folded words, matched in any form (by stem)
    phrases: tuple[tuple[str, ...], ...] = ()  # folded words, matched as written, adjacent
    literals: tuple[str, ...] = ()  # symbol-only terms, matched as typed

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.literals)

    @property
    def ranks(self) -> bool:
        """Whether the query has words to rank by (otherwise results are newest first)."""
        return bool(self.words or self.phrases)


def parse_query(text: str | None) -> SearchQuery:
    """Read the search box: "exact phrases", words, and symbol-only literal terms."""
    if not text:
        return SearchQuery()
    text = plain(text)  # curly double quotes delimit phrases too
    found_words: dict[str, None] = {}
    phrases: dict[tuple[str, ...], None] = {}
    literals: dict[str, None] = {}

    def add(part: str, quoted: bool) -> None:
        folded = tuple(words(part))
        if not folded:
            if part.strip():
                literals[part.strip()] = None
        elif len(folded) == 1 and not quoted:
            found_words[folded[0]] = None
        else:
            phrases[folded] = None

    for match in _PHRASE.finditer(text):
        add(match.group(1), quoted=True)
    for part in _PHRASE.sub(" ", text).split():
        add(part, quoted=False)
    return SearchQuery(tuple(found_words), tuple(phrases), tuple(literals))


# --- the index query -------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteFilters:
    """The explorer's filters, as the index stores them."""

    speaker: str | None = None
    speaker_country: str | None = None
    mentioned: str | None = None
    kind: str | None = None
    month_from: date | None = None  # first day of the first month
    month_to_excl: date | None = None  # first day after the last month
    # ISO3 codes of the chosen region (China excluded); None = no region filter.
    region_countries: tuple[str, ...] | None = None


def index_query(schema: tantivy.Schema, query: SearchQuery, filters: QuoteFilters) -> tantivy.Query:
    """The tantivy query: every word, phrase and literal must match; filters do not score."""
    must: list[tantivy.Query] = []
    for word in query.words:
        must.append(_any_field(schema, "stems", [stem(word)]))
    for phrase in query.phrases:
        must.append(_any_field(schema, "words", list(phrase)))
    for literal in query.literals:
        must.append(_filter(_term(schema, "symbols", literal[:MAX_SYMBOL_CHARS])))
    must.extend(_filter(q) for q in _filter_queries(schema, filters))
    if not must:
        return tantivy.Query.all_query()
    if not query.ranks:
        must.append(tantivy.Query.all_query())
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must])


def _any_field(schema: tantivy.Schema, variant: str, terms: list[str]) -> tantivy.Query:
    """Terms (one word, or a phrase) in the quote text, the speaker or the article title."""
    should = []
    for field, boost in WORD_FIELDS:
        name = f"{field}_{variant}"
        if len(terms) == 1:
            q = tantivy.Query.term_query(schema, name, terms[0])
        else:
            q = tantivy.Query.phrase_query(schema, name, terms)
        should.append((tantivy.Occur.Should, tantivy.Query.boost_query(q, boost)))
    return tantivy.Query.boolean_query(should)


def _term(schema: tantivy.Schema, field: str, value: str) -> tantivy.Query:
    return tantivy.Query.term_query(schema, field, value)


def _filter(q: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.const_score_query(q, 0.0)


def _filter_queries(schema: tantivy.Schema, f: QuoteFilters) -> list[tantivy.Query]:
    out = []
    for field, value in (
        ("speaker", f.speaker),
        ("speaker_country", f.speaker_country),
        ("mentioned", f.mentioned),
        ("kind", f.kind),
    ):
        if value:
            out.append(_term(schema, field, value))
    if f.month_from or f.month_to_excl:
        out.append(
            tantivy.Query.range_query(
                schema,
                "day",
                tantivy.FieldType.Integer,
                f.month_from.toordinal() if f.month_from else 1,  # 0 = undated: never in range
                f.month_to_excl.toordinal() if f.month_to_excl else None,
                include_upper=f.month_to_excl is None,
            )
        )
    if f.region_countries is not None:
        countries = list(f.region_countries)
        if not countries:
            out.append(tantivy.Query.empty_query())
        else:
            out.append(
                tantivy.Query.boolean_query(
                    [
                        (
                            tantivy.Occur.Should,
                            tantivy.Query.term_set_query(schema, name, countries),
                        )
                        for name in ("speaker_country", "mentioned")
                    ]
                )
            )
    return out


@dataclass(frozen=True)
class SearchResult:
    rows: pd.DataFrame  # RESULT_COLUMNS, in rank order
    total: int


def run_search(
    index: tantivy.Index,
    query: SearchQuery,
    filters: QuoteFilters,
    *,
    limit: int,
    offset: int = 0,
) -> SearchResult:
    """One page of matching quotes (best first, or newest first without words) and the count."""
    searcher = index.searcher()
    q = index_query(index.schema, query, filters)
    if query.ranks:
        found = searcher.search(q, limit, count=True, offset=offset)
    else:
        found = searcher.search(q, limit, count=True, offset=offset, order_by_field="day")
    rows = [_row(searcher.doc(address).to_dict(), key) for key, address in found.hits]
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    return SearchResult(frame, int(found.count or 0))


def _row(stored: dict[str, list], key: float) -> dict[str, object]:
    def first(name: str) -> object:
        values = stored.get(name) or [None]
        return values[0]

    day = first("day")
    return {
        "quote_id": first("quote_id"),
        "speaker": first("speaker"),
        "speaker_role": first("speaker_role"),
        "speaker_country": first("speaker_country"),
        "kind": first("kind"),
        "text": first("text_words"),
        "date": date.fromordinal(day) if day else None,
        "countries_mentioned": list(stored.get("mentioned") or []),
        "article_title": first("title_words"),
        "article_id": first("article_id"),
        "score": float(key) if isinstance(key, float) else None,
    }


# --- highlighting ----------------------------------------------------------------------------


def match_spans(text: str | None, query: SearchQuery) -> list[tuple[int, int]]:
    """Character spans of `text` that the query matched: its words (any form) and phrases."""
    if not text or query.is_empty:
        return []
    found = word_spans(text)
    stems = {stem(w) for w in query.words}
    spans = [(start, end) for start, end, word in found if stems and stem(word) in stems]
    folded = [w for _, _, w in found]
    for phrase in query.phrases:
        n = len(phrase)
        for i in range(len(found) - n + 1):
            if tuple(folded[i : i + n]) == phrase:
                spans.append((found[i][0], found[i + n - 1][1]))
    plain_text = plain(text)  # same length: one character for one
    for literal in query.literals:
        start = plain_text.find(literal)
        while start >= 0:
            spans.append((start, start + len(literal)))
            start = plain_text.find(literal, start + len(literal))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- export ----------------------------------------------------------------------------------

CSV_COLUMNS = [c for c in RESULT_COLUMNS if c != "score"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quotes_csv(rows: pd.DataFrame) -> bytes:
    """CSV of result rows, in their order: countries joined by "; ", and no cell that a
    spreadsheet would run as a formula (one starting with = + - @ gets a leading ')."""
    out = rows.reindex(columns=CSV_COLUMNS).copy()
    out["countries_mentioned"] = [
        "; ".join(v) if isinstance(v, list | tuple) else "" for v in out["countries_mentioned"]
    ]
    for column in out.columns:
        out[column] = [_cell(v) for v in out[column]]
    return out.to_csv(index=False).encode("utf-8")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value

"""Quotes across articles: one statement with several sources, and the event it was made at.

- Statements: a blog post that quotes the original readout repeats the same statement. Two
  quotes of different articles are one statement when one's content words are mostly (60%)
  in the other, the speakers agree (or one is unknown), they name the same foreign countries
  and their dates are within a week. Candidates come from shared three-word shingles, so the
  work grows with the corpus, not with its square.
- Events: a quote spoken at an engagement (the talks, the call, the meeting the article
  reports) takes that engagement's event: the nearest engagement of its article, before it
  if there is one, whose Chinese or foreign actor is the speaker (any, for "the two sides"),
  on the same day or the day next to it (in the month or year, when that is all the
  engagement's date says), and whose counterpart the quote names when it names countries. The speaker's country, when the text gave none,
  is the engagement's side the speaker was on.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl import gazetteer
from etl.records import Engagement, Quote
from etl.schemas import QUOTES
from etl.text import STOPWORDS, contains_word, plain

_MIN_CONTAINMENT = 0.6
_MIN_WORDS = 4
_MAX_DAYS_APART = 7
_MAX_DAYS_REPORTED = 30  # a post may report a readout up to a month old
COMMON_SHINGLE = 200  # a shingle in more quotes than this is boilerplate, not evidence


def content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", plain(text)) if w not in STOPWORDS]


def same_person(a: str | None, b: str | None) -> bool:
    """The same name, or one name's words inside the other's with at least two shared."""
    if not a or not b:
        return False
    return _same_words(set(plain(a).split()), set(plain(b).split()))


def _same_words(x: set[str], y: set[str]) -> bool:
    return x == y or ((x <= y or y <= x) and len(x & y) >= 2)


def shingles(words: list[str]) -> set[int]:
    """The three-word runs of a quote's content words, each as a 64-bit number that is the
    same in every process (unlike hash()), so a build can keep them for the next one."""
    return {
        int.from_bytes(
            blake2b(" ".join(words[k : k + 3]).encode(), digest_size=8).digest(),
            "little",
            signed=True,
        )
        for k in range(max(len(words) - 2, 0))
    }


def shingle_lists(texts: Iterable[str | None]) -> pa.ListArray:
    """Each text's shingles, sorted (the `shingles` column of schemas.QUOTE_SHINGLES)."""
    return _content(texts, with_shingles=True)[1]


# The columns of a quotes table that linking reads.
STATEMENT_COLUMNS = ["quote_id", "article_id", "speaker", "text", "date", "date_precision",
                     "countries_mentioned"]  # fmt: skip
STATEMENT_SCHEMA = pa.schema([QUOTES.field(name) for name in STATEMENT_COLUMNS])


@dataclass
class Linked:
    """Each quote's statement, in the order of the quotes given."""

    statement_id: pa.Array  # the id of the statement's first quote
    statement_sources: pa.Array  # int32: how many articles hold the statement
    shingles: pa.ListArray  # each quote's shingles


def statements_of(
    quotes: pa.Table,
    quote_shingles: pa.ListArray | pa.ChunkedArray | None = None,
    common: np.ndarray | None = None,
) -> Linked:
    """Which quotes (rows of STATEMENT_COLUMNS) are one statement: repeats of it in other
    articles, by the rules at the top of this module.

    `quote_shingles`: each quote's shingles, when already known. `common`: the shingles in
    more than COMMON_SHINGLE quotes of the whole build, when `quotes` are only part of it (an
    incremental build links again only the quotes whose statements may change, see
    etl.statement_links); by default counted over `quotes`.

    Quotes, their words and the candidate pairs are arrays (NumPy), not Python objects: a
    build of 100,000 articles compares millions of pairs, which as Python tuples and sets
    cost gigabytes.
    """
    quotes = quotes.select(STATEMENT_COLUMNS).cast(STATEMENT_SCHEMA)  # null-typed columns too
    texts = (
        text
        for batch in quotes.select(["text"]).to_batches(max_chunksize=50_000)
        for text in batch.column(0).to_pylist()
    )  # a batch of Python strings at a time
    words, found = _content(texts, with_shingles=quote_shingles is None)
    if quote_shingles is not None:
        found = _one_chunk(quote_shingles)
    first, second = _candidate_pairs(found, common)
    facts = _Facts.of(quotes, words)
    first, second, shared = _same_statements(facts, words, first, second)
    # Each quote is linked to its best match in each other article only, so that one long
    # record spanning two statements chains fewer of them into one.
    links = _best_matches(facts, first, second, shared)
    statement_id, sources = _number_statements(quotes, facts, links)
    return Linked(statement_id, sources, found)


def link_statements(quotes: list[Quote]) -> None:
    """Give every quote a statement_id shared by its repeats, and the number of articles."""
    table = pa.table({
        "quote_id": pa.array([q.quote_id for q in quotes], pa.string()),
        "article_id": pa.array([q.article_id for q in quotes], pa.string()),
        "speaker": pa.array([q.speaker for q in quotes], pa.string()),
        "text": pa.array([q.text for q in quotes], pa.string()),
        "date": pa.array([q.date.value if q.date else None for q in quotes], pa.date32()),
        "date_precision": pa.array([q.date.precision if q.date else None for q in quotes],
                                   pa.string()),
        "countries_mentioned": pa.array([q.countries_mentioned for q in quotes],
                                        pa.list_(pa.string())),
    })  # fmt: skip
    linked = statements_of(table)
    for quote, statement_id, sources in zip(
        quotes, linked.statement_id.to_pylist(), linked.statement_sources.to_pylist(), strict=True
    ):
        quote.statement_id, quote.statement_sources = statement_id, sources


@dataclass
class _Lists:
    """A list of integers per quote, as one flat array and the offsets of each quote's part."""

    offsets: np.ndarray  # int64, one more than there are quotes
    values: np.ndarray  # int64

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def take(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values of these rows, and the position in `rows` each came from."""
        lengths = self.lengths()[rows]
        row_of = np.repeat(np.arange(len(rows)), lengths)
        first = np.cumsum(lengths) - lengths
        at = np.repeat(self.offsets[rows] - first, lengths) + np.arange(int(lengths.sum()))
        return self.values[at], row_of


def _content(texts: Iterable[str | None], *, with_shingles: bool) -> tuple[_Lists, pa.ListArray]:
    """Each quote's distinct content words (as word numbers) and, if asked, its shingles."""
    vocabulary: dict[str, int] = {}
    word_ids, word_ends = array("q"), array("q")
    shingle_values, shingle_ends = array("q"), array("i", [0])
    for text in texts:
        words = content_words(text or "")
        word_ids.extend({vocabulary.setdefault(w, len(vocabulary)) for w in words})
        word_ends.append(len(word_ids))
        if with_shingles:
            shingle_values.extend(sorted(shingles(words)))
            shingle_ends.append(len(shingle_values))
    words = _Lists(
        np.concatenate([[0], np.frombuffer(word_ends, np.int64)]).astype(np.int64),
        np.frombuffer(word_ids, np.int64),
    )
    found = pa.ListArray.from_arrays(
        pa.array(np.frombuffer(shingle_ends, np.int32)),
        pa.array(np.frombuffer(shingle_values, np.int64), pa.int64()),
    )
    return words, found


def _one_chunk(lists: pa.ListArray | pa.ChunkedArray) -> pa.ListArray:
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks() if lists.num_chunks else pa.array([], lists.type)
    return lists.cast(pa.list_(pa.int64()))


def _candidate_pairs(
    quote_shingles: pa.ListArray, common: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of quotes (lower index first) that share at least two usable shingles
    (not in `common`; by default, in at most COMMON_SHINGLE of these quotes)."""
    n = len(quote_shingles)
    flat = pc.list_flatten(quote_shingles).to_numpy()
    owner = pc.list_parent_indices(quote_shingles).to_numpy().astype(np.int64)
    order = np.lexsort((owner, flat))  # by shingle, then quote: each posting list ascending
    flat, owner = flat[order], owner[order]
    del order
    starts = _run_starts(flat)
    sizes = np.diff(starts, append=len(flat))
    usable = sizes <= COMMON_SHINGLE if common is None else ~np.isin(flat[starts], common)
    usable &= sizes >= 2
    starts, sizes = starts[usable], sizes[usable]
    del flat, usable
    # Every posting list of one length at once (rows of members, pairs by column), a few
    # million pairs at a time, written into one array (a pair once per shingle it shares).
    keys = np.empty(int((sizes * (sizes - 1) // 2).sum()), np.int64)
    filled = 0
    for size in np.unique(sizes).tolist():
        lower, higher = np.triu_indices(size, 1)
        group_starts = starts[sizes == size]
        per_batch = max(1, _PAIRS_PER_BATCH // len(lower))
        for b in range(0, len(group_starts), per_batch):
            members = owner[group_starts[b : b + per_batch, None] + np.arange(size)]
            batch = members[:, lower] * n + members[:, higher]
            keys[filled : filled + batch.size] = batch.ravel()
            filled += batch.size
    keys.sort()
    run_starts = _run_starts(keys)
    runs = np.diff(run_starts, append=len(keys))
    keys = keys[run_starts[runs >= 2]]
    return keys // n, keys % n


_PAIRS_PER_BATCH = 2_000_000


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array begins."""
    if not len(values):
        return np.empty(0, np.int64)
    return np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))


@dataclass
class _Facts:
    """What comparing two quotes needs, one array entry per quote."""

    article: np.ndarray  # article number
    size: np.ndarray  # how many distinct content words
    day: np.ndarray  # days since 1970 of the date, whatever its precision (see dated, has_day)
    dated: np.ndarray
    has_day: np.ndarray  # dated to the day
    speaker: np.ndarray  # speaker number, -1 for none
    speaker_words: list[frozenset[str]]  # by speaker number
    countries: np.ndarray  # number of the set of countries named
    country_sets: list[frozenset[str]]  # by that number
    quote_rank: np.ndarray  # the quote id's place in the order of ids

    @staticmethod
    def of(quotes: pa.Table, words: _Lists) -> _Facts:
        speaker = pc.if_else(pc.equal(quotes["speaker"], ""), None, quotes["speaker"])
        speaker = pc.dictionary_encode(speaker).combine_chunks()
        day = pc.cast(quotes["date"], pa.int32()).to_numpy(zero_copy_only=False)
        has_day = pc.fill_null(pc.equal(quotes["date_precision"], "day"), False)
        country_codes: dict[frozenset[str], int] = {}
        countries = [
            country_codes.setdefault(frozenset(named or ()), len(country_codes))
            for batch in quotes.select(["countries_mentioned"]).to_batches(max_chunksize=50_000)
            for named in batch.column(0).to_pylist()
        ]
        rank = np.empty(quotes.num_rows, np.int64)
        rank[pc.sort_indices(quotes["quote_id"]).to_numpy()] = np.arange(quotes.num_rows)
        return _Facts(
            article=_codes(quotes["article_id"]),
            size=words.lengths(),
            day=np.nan_to_num(day, nan=0).astype(np.int64),
            dated=~np.isnan(day),
            has_day=has_day.to_numpy(zero_copy_only=False) & ~np.isnan(day),
            speaker=pc.fill_null(speaker.indices, -1).to_numpy().astype(np.int64),
            speaker_words=[frozenset(plain(name).split())
                           for name in speaker.dictionary.to_pylist()],
            countries=np.array(countries, np.int64),
            country_sets=list(country_codes),
            quote_rank=rank,
        )  # fmt: skip


def _codes(column: pa.ChunkedArray) -> np.ndarray:
    return pc.dictionary_encode(column).combine_chunks().indices.to_numpy().astype(np.int64)


def _same_statements(
    facts: _Facts, words: _Lists, first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs that are one statement, and how many content words each shares."""
    keep = facts.article[first] != facts.article[second]
    smaller = np.minimum(facts.size[first], facts.size[second])
    keep &= smaller >= _MIN_WORDS
    both_days = facts.has_day[first] & facts.has_day[second]
    keep &= ~(both_days & (np.abs(facts.day[first] - facts.day[second]) > _MAX_DAYS_APART))
    # Two named speakers must be one person (the same name, or one inside the other).
    a, b = facts.speaker[first], facts.speaker[second]
    names = facts.speaker_words
    _check_distinct(keep, a, b, keep & (a >= 0) & (b >= 0) & (a != b),
                    lambda x, y: _same_words(names[x], names[y]))  # fmt: skip
    # "ready to work with Pakistan" is not "ready to work with Laos": one's countries must
    # be among the other's.
    a, b = facts.countries[first], facts.countries[second]
    sets = facts.country_sets
    _check_distinct(keep, a, b, keep & (a != b),
                    lambda x, y: sets[x] <= sets[y] or sets[y] <= sets[x])  # fmt: skip
    first, second, smaller = first[keep], second[keep], smaller[keep]
    shared = _shared_counts(words, first, second)
    contained = shared / np.maximum(smaller, 1) >= _MIN_CONTAINMENT
    return first[contained], second[contained], shared[contained]


def _check_distinct(
    keep: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    where: np.ndarray,
    test: Callable[[int, int], bool],
) -> None:
    """keep[k] = test(a[k], b[k]) where asked, the test run once per distinct (a, b)."""
    rows = np.flatnonzero(where)
    if not len(rows):
        return
    distinct, inverse = np.unique(np.stack([a[rows], b[rows]], axis=1), axis=0,
                                  return_inverse=True)  # fmt: skip
    passed = np.array([test(x, y) for x, y in distinct.tolist()], bool)
    keep[rows] = passed[inverse.ravel()]


def _shared_counts(words: _Lists, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """How many distinct words each pair of quotes has in common (a batch of pairs at once:
    both quotes' words keyed by pair, sorted; a key met twice is a shared word)."""
    shared = np.zeros(len(first), np.int64)
    vocabulary = int(words.values.max(initial=0)) + 1
    for start in range(0, len(first), _SHARED_BATCH):
        pairs = slice(start, start + _SHARED_BATCH)
        words_a, pair_a = words.take(first[pairs])
        words_b, pair_b = words.take(second[pairs])
        keys = np.concatenate([pair_a * vocabulary + words_a, pair_b * vocabulary + words_b])
        keys.sort()
        twice = keys[1:][keys[1:] == keys[:-1]]
        shared[pairs] = np.bincount(twice // vocabulary, minlength=len(first[pairs]))
    return shared


_SHARED_BATCH = 200_000


def _best_matches(
    facts: _Facts, first: np.ndarray, second: np.ndarray, shared: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each quote and each other article, the link to its best match there: the highest
    Jaccard score, equal scores to the lower quote id, so that the links do not depend on
    the order quotes come in."""
    score = shared / np.maximum(facts.size[first] + facts.size[second] - shared, 1)
    quote = np.concatenate([first, second])
    match = np.concatenate([second, first])
    score = np.concatenate([score, score])
    match_article = facts.article[match]
    order = np.lexsort((facts.quote_rank[match], -score, match_article, quote))
    quote, match, match_article = quote[order], match[order], match_article[order]
    best = np.ones(len(quote), bool)
    best[1:] = (quote[1:] != quote[:-1]) | (match_article[1:] != match_article[:-1])
    return quote[best], match[best]


def _number_statements(
    quotes: pa.Table, facts: _Facts, links: tuple[np.ndarray, np.ndarray]
) -> tuple[pa.Array, pa.Array]:
    """Quotes joined by links are one statement, named by its earliest quote (undated ones
    last, then the lowest id), with the number of articles it is in."""
    parent = list(range(quotes.num_rows))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*(side.tolist() for side in links), strict=True):
        parent[root(j)] = root(i)
    group = np.fromiter((root(i) for i in range(quotes.num_rows)), np.int64, quotes.num_rows)
    order = np.lexsort((facts.quote_rank, facts.day, ~facts.dated, group))
    first_of_group = np.empty(quotes.num_rows, np.int64)
    is_first = _run_starts(group[order])
    first_of_group[group[order][is_first]] = order[is_first]
    # Articles per statement: distinct (statement, article) pairs, counted per statement.
    per_group = int(facts.article.max(initial=0)) + 1
    pairs = np.unique(group * per_group + facts.article)
    articles = np.bincount(pairs // per_group, minlength=quotes.num_rows)
    statement_id = pc.take(quotes["quote_id"], pa.array(first_of_group[group]))
    return statement_id.combine_chunks(), pa.array(articles[group], pa.int32())


def link_events(quotes: list[Quote], engagements: list[Engagement]) -> None:
    """Set each quote's event_id from the engagement it was spoken at, if any."""
    by_article: dict[str, list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        by_article[engagement.article_id].append(engagement)
    for quote in quotes:
        candidates = [e for e in by_article.get(quote.article_id, []) if _spoke_at(quote, e)]
        if not candidates:
            continue
        before = [e for e in candidates if e.span_start <= quote.span_start]
        chosen = (
            max(before, key=lambda e: e.span_start)
            if before
            else min(candidates, key=lambda e: e.span_start)
        )
        quote.engagement_id = chosen.engagement_id or None
        quote.event_id = chosen.event_id or None
        if (
            chosen.date
            and chosen.date.precision == "day"
            and (quote.date is None or quote.date.basis == "published")
        ):
            quote.date = chosen.date  # said on the day of the engagement, not of the post
        # An international civil servant ("UN Secretary-General") speaks for no country.
        international = quote.speaker_role and gazetteer.find_organisations(quote.speaker_role)
        person = not (quote.speaker or "").startswith("the ") and ";" not in (quote.speaker or "")
        if quote.speaker_country is None and quote.speaker and person and not international:
            if same_person(quote.speaker, chosen.cn_actor):
                quote.speaker_country = gazetteer.CHINA
            elif same_person(quote.speaker, chosen.foreign_actor) or (
                _named_in(quote.speaker, chosen.sentence)
                and not same_person(quote.speaker, chosen.cn_actor)
                and quote.speaker_country is None
                and chosen.cn_actor
            ):
                # "In his meeting with Tanaiste ... Simon Harris, Wang said": the counterpart.
                quote.speaker_country = chosen.country
    # A speaker whose country one quote learnt has it in every quote of the document.
    known: dict[tuple[str, str], str] = {}
    for quote in quotes:
        if quote.speaker and quote.speaker_country and not quote.speaker.startswith("the "):
            known.setdefault((_document_of(quote), quote.speaker), quote.speaker_country)
    for quote in quotes:
        if quote.speaker and quote.speaker_country is None:
            quote.speaker_country = known.get((_document_of(quote), quote.speaker))


def _named_in(speaker: str, sentence: str) -> bool:
    """The speaker's full name is written in the engagement's sentence."""
    return " " in speaker and contains_word(sentence, speaker)


def _document_of(quote: Quote) -> str:
    return quote.article_id.rsplit("-", 1)[0]  # article ids are "<doc_id>-<ordinal>"


def _spoke_at(quote: Quote, engagement: Engagement) -> bool:
    if not quote.speaker:
        return False
    collective = quote.speaker.startswith("the ") or ";" in quote.speaker
    if not collective and not (
        same_person(quote.speaker, engagement.cn_actor)
        or same_person(quote.speaker, engagement.foreign_actor)
        or _named_in(quote.speaker, engagement.sentence)
    ):
        return False
    speaker_is_guest = same_person(quote.speaker, engagement.foreign_actor)
    if (
        not speaker_is_guest
        and engagement.country
        and quote.countries_mentioned
        and engagement.country not in quote.countries_mentioned
    ):
        return False  # Xi on Mongolia was not speaking at his talks with Russia
    return _same_time(quote, engagement)


def _same_time(quote: Quote, engagement: Engagement) -> bool:
    """The quote's day falls on the engagement's day (or the next), month or year. A quote
    dated only by its article's publication may report an engagement of the weeks before."""
    if quote.date is None or engagement.date is None:
        return True
    said, held = quote.date.value, engagement.date.value
    if quote.date.basis == "published":
        return -1 <= (said - held).days <= _MAX_DAYS_REPORTED
    if engagement.date.precision == "year":
        return said.year == held.year
    if engagement.date.precision == "month":
        return (said.year, said.month) == (held.year, held.month)
    if quote.date.precision != "day":
        return (said.year, said.month) == (held.year, held.month)
    return abs((said - held).days) <= 1

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

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from hashlib import blake2b

from etl import gazetteer
from etl.records import Engagement, Quote
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


def link_statements(
    quotes: list[Quote],
    quote_shingles: list[set[int]] | None = None,
    common: set[int] | None = None,
) -> list[set[int]]:
    """Give every quote a statement_id shared by its repeats, and the number of articles.
    Returns each quote's shingles.

    `quote_shingles`: each quote's shingles, when already known. `common`: the shingles in
    more than COMMON_SHINGLE quotes of the whole build, when `quotes` are only part of it (an
    incremental build links again only the quotes whose statements may change, see
    etl.statement_links); by default counted over `quotes`.
    """
    words = [content_words(q.text) for q in quotes]
    sets = [set(w) for w in words]
    if quote_shingles is None:
        quote_shingles = [shingles(w) for w in words]
    if common is None:
        frequency = Counter(s for each in quote_shingles for s in each)
        common = {s for s, n in frequency.items() if n > COMMON_SHINGLE}
    postings: dict[int, list[int]] = defaultdict(list)
    for i, each in enumerate(quote_shingles):
        for shingle in each:
            if shingle not in common:
                postings[shingle].append(i)
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    shared: Counter[tuple[int, int]] = Counter()
    for members in postings.values():
        shared.update(itertools.combinations(members, 2))  # counted in C, pairs as (lower, higher)
    names = _NameWords()
    facts = [_Facts.of(quote, names) for quote in quotes]
    # Each quote is linked to its best match in each other article only, so that one long
    # record spanning two statements chains fewer of them into one. Equal scores go to the
    # smaller quote id, so the links do not depend on the order quotes come in.
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), count in shared.items():
        if count < 2:
            continue
        shared_words = _same_statement(facts[i], facts[j], sets[i], sets[j])
        if not shared_words:
            continue
        score = shared_words / max(len(sets[i]) + len(sets[j]) - shared_words, 1)  # Jaccard
        for a, b in ((i, j), (j, i)):
            key = (a, quotes[b].article_id)
            known = best.get(key)
            if (
                known is None
                or score > known[0]
                or (score == known[0] and quotes[b].quote_id < quotes[known[1]].quote_id)
            ):
                best[key] = (score, b)
    for (i, _), (_, j) in best.items():
        parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(quotes)):
        groups[root(i)].append(i)
    for members in groups.values():
        first = min(members, key=lambda i: (_date_key(quotes[i]), quotes[i].quote_id))
        sources = len({quotes[i].article_id for i in members})
        for i in members:
            quotes[i].statement_id = quotes[first].quote_id
            quotes[i].statement_sources = sources
    return quote_shingles


class _NameWords(dict):
    """The words of each speaker's name, computed once per name (same_person on sets)."""

    def __missing__(self, name: str) -> frozenset[str]:
        words = frozenset(plain(name).split())
        self[name] = words
        return words


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to make, and these are many
class _Facts:
    """What the comparison of two quotes needs, worked out once per quote (pairs are many)."""

    article_id: str
    speaker: str | None
    speaker_words: frozenset[str]
    countries: frozenset[str]
    day: int | None  # the date's ordinal, when it is day-precise

    @staticmethod
    def of(quote: Quote, names: _NameWords) -> _Facts:
        day = quote.date.value.toordinal() if quote.date and quote.date.precision == "day" else None
        return _Facts(
            quote.article_id,
            quote.speaker or None,
            names[quote.speaker] if quote.speaker else frozenset(),
            frozenset(quote.countries_mentioned),
            day,
        )


def _same_statement(a: _Facts, b: _Facts, words_a: set[str], words_b: set[str]) -> int:
    """How many content words two quotes share when they are one statement, else 0."""
    if a.article_id == b.article_id:
        return 0
    smaller = min(len(words_a), len(words_b))
    if smaller < _MIN_WORDS:
        return 0
    shared = len(words_a & words_b)
    if shared / smaller < _MIN_CONTAINMENT:
        return 0
    if (
        a.speaker
        and b.speaker
        and not (a.speaker == b.speaker or _same_words(a.speaker_words, b.speaker_words))
    ):
        return 0
    if not (a.countries <= b.countries or b.countries <= a.countries):
        return 0  # "ready to work with Pakistan" is not "ready to work with Laos"
    if a.day is not None and b.day is not None and abs(a.day - b.day) > _MAX_DAYS_APART:
        return 0
    return shared


def _date_key(quote: Quote) -> tuple[int, str]:
    return (0, quote.date.value.isoformat()) if quote.date else (1, "")


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

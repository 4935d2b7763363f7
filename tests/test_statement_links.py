"""Statements linked again only where a change reaches are the statements of linking everything."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date, timedelta

import pyarrow as pa
import pytest

from etl import statement_links, statements
from etl.text import plain

SENTENCES = [
    "China and {} are all-weather strategic cooperative partners and always support each other "
    "on issues of core interests",
    "China is ready to work with {} to deepen practical cooperation in trade investment and "
    "connectivity under the Belt and Road Initiative",
    "The two sides agreed to strengthen exchanges between political parties of China and {} "
    "and to promote people to people friendship for the next generation",
    "China firmly opposes unilateral sanctions against {} and supports the multilateral "
    "trading system with the World Trade Organization at its core",
]
PLACES = [("Pakistan", "PAK"), ("Laos", "LAO"), ("Brazil", "BRA"), ("Kenya", "KEN"),
          ("Serbia", "SRB"), ("Peru", "PER")]  # fmt: skip
SPEAKERS = ["Wang Yi", "Xi Jinping", "Li Qiang", None, "Foreign Minister Wang Yi"]


def document(rng: random.Random, n: int) -> list[dict]:
    """The quotes of one document: a few articles repeating, trimming and mixing sentences."""
    rows = []
    for a in range(rng.randint(1, 3)):
        article = f"doc{n:04d}-{a}"
        for q in range(rng.randint(1, 4)):
            place, iso3 = rng.choice(PLACES)
            words = rng.choice(SENTENCES).format(place).split()
            if rng.random() < 0.5:  # a trimmed repeat: still mostly the same words
                cut = rng.randint(0, 4)
                words = words[cut : len(words) - rng.randint(0, 4)]
            day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 20))
            rows.append({
                "quote_id": f"q{n:04d}{a}{q}", "article_id": article,
                "speaker": rng.choice(SPEAKERS), "text": " ".join(words),
                "date": day if rng.random() < 0.8 else None, "date_precision": "day",
                "countries_mentioned": [iso3] if rng.random() < 0.9 else [],
            })  # fmt: skip
    return rows


def table(rows: list[dict], links: dict[str, tuple[str, int]]) -> pa.Table:
    """The quotes as a build holds them: a kept quote with its previous statement."""
    out = [{**r, "statement_id": links.get(r["quote_id"], (r["quote_id"], 1))[0],
            "statement_sources": links.get(r["quote_id"], (r["quote_id"], 1))[1]}
           for r in rows]  # fmt: skip
    return pa.Table.from_pylist(out)


def as_dict(quotes: pa.Table, linked: statement_links.Statements) -> dict[str, tuple[str, int]]:
    return dict(
        zip(
            quotes["quote_id"].to_pylist(),
            zip(linked.statement_id.to_pylist(), linked.statement_sources.to_pylist(), strict=True),
            strict=True,
        )
    )


@pytest.mark.parametrize("common", [2, 3, 200])  # small: shingles cross the "common" line
def test_linking_again_where_changes_reach_gives_what_linking_everything_gives(monkeypatch, common):
    monkeypatch.setattr(statements, "COMMON_SHINGLE", common)
    rng = random.Random(common)
    corpus = {n: document(rng, n) for n in range(30)}
    present = set(rng.sample(sorted(corpus), 15))
    rows = [r for n in sorted(present) for r in corpus[n]]
    quotes = table(rows, {})
    linked = statement_links.link(quotes)
    relinked_fewer = False
    for _ in range(12):
        gone = set(rng.sample(sorted(present), rng.randint(0, 3)))
        added = set(rng.sample(sorted(set(corpus) - present), rng.randint(0, 3)))
        present = (present - gone) | added
        # the previous build as its snapshot holds it: every quote with its statement
        links = as_dict(quotes, linked)
        previous, cache = table(quotes.to_pylist(), links), linked.shingles
        rows = [r for n in sorted(present) for r in corpus[n]]
        rng.shuffle(rows)  # the order quotes come in does not matter either
        quotes = table(rows, links)
        linked = statement_links.link(quotes, previous, cache)
        everything = statement_links.link(quotes)
        assert as_dict(quotes, linked) == as_dict(quotes, everything)
        assert sorted(linked.shingles["quote_id"].to_pylist()) == sorted(
            everything.shingles["quote_id"].to_pylist()
        )
        relinked_fewer |= linked.relinked < quotes.num_rows
    assert relinked_fewer  # the incremental path ran, not a full link every time


def test_repeats_are_linked_into_statements_in_this_corpus():
    """The corpus above holds real repeats, so the comparison is not between empty links."""
    rng = random.Random(1)
    quotes = table([r for n in range(10) for r in document(rng, n)], {})
    linked = statement_links.link(quotes)
    sources = linked.statement_sources.to_pylist()
    assert max(sources) > 1


def test_a_cache_that_does_not_match_the_previous_quotes_links_everything():
    rng = random.Random(2)
    quotes = table([r for n in range(6) for r in document(rng, n)], {})
    linked = statement_links.link(quotes)
    stale = linked.shingles.slice(1)  # one quote missing
    again = statement_links.link(quotes, quotes, stale)
    assert again.relinked == quotes.num_rows


def pair_by_pair(rows: list[dict], common_line: int) -> dict[str, tuple[str, int]]:
    """The statements by the rules of etl.statements, read literally: every pair of quotes
    compared in Python (the oracle for the array version, which must give the same)."""
    words = [statements.content_words(r["text"]) for r in rows]
    sets = [set(w) for w in words]
    found = [statements.shingles(w) for w in words]
    frequency = Counter(s for each in found for s in each)
    common = {s for s, n in frequency.items() if n > common_line}
    day = [r["date"] if r["date"] and r["date_precision"] == "day" else None for r in rows]
    best: dict[tuple[int, str], tuple[float, str, int]] = {}
    for i, j in itertools.combinations(range(len(rows)), 2):
        a, b = rows[i], rows[j]
        if len((found[i] & found[j]) - common) < 2 or a["article_id"] == b["article_id"]:
            continue
        smaller = min(len(sets[i]), len(sets[j]))
        shared = len(sets[i] & sets[j])
        if smaller < 4 or shared / smaller < 0.6:
            continue
        if a["speaker"] and b["speaker"]:
            x, y = set(plain(a["speaker"]).split()), set(plain(b["speaker"]).split())
            if not (x == y or ((x <= y or y <= x) and len(x & y) >= 2)):
                continue
        x, y = set(a["countries_mentioned"]), set(b["countries_mentioned"])
        if not (x <= y or y <= x):
            continue
        if day[i] and day[j] and abs((day[i] - day[j]).days) > 7:
            continue
        score = shared / max(len(sets[i]) + len(sets[j]) - shared, 1)
        for q, m in ((i, j), (j, i)):
            candidate = (-score, rows[m]["quote_id"], m)
            key = (q, rows[m]["article_id"])
            best[key] = min(best.get(key, candidate), candidate)
    group = list(range(len(rows)))

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for (q, _), (_, _, m) in best.items():
        group[root(m)] = root(q)
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(root(i), []).append(i)
    out = {}
    for each in members.values():
        first = min(each, key=lambda i: (rows[i]["date"] is None, rows[i]["date"] or date.min,
                                         rows[i]["quote_id"]))  # fmt: skip
        for i in each:
            out[rows[i]["quote_id"]] = (rows[first]["quote_id"],
                                        len({rows[k]["article_id"] for k in each}))  # fmt: skip
    return out


@pytest.mark.parametrize("seed", range(6))
def test_linking_as_arrays_finds_what_comparing_every_pair_by_the_rules_finds(monkeypatch, seed):
    rng = random.Random(seed)
    common = rng.choice([2, 3, 200])
    monkeypatch.setattr(statements, "COMMON_SHINGLE", common)
    rows = [r for n in range(rng.randint(5, 25)) for r in document(rng, n)]
    for r in list(rows):
        if rng.random() < 0.15:  # the same words twice in one article: scores tie
            rows.append({**r, "quote_id": r["quote_id"] + "b"})
        if rng.random() < 0.15:  # a short quote: too few words to be compared
            rows.append({**r, "quote_id": r["quote_id"] + "s",
                         "text": " ".join(r["text"].split()[: rng.randint(4, 8)])})  # fmt: skip
    for r in rows:  # speakers written differently, dates of every precision
        if r["speaker"] and rng.random() < 0.2:
            r["speaker"] = rng.choice(["", "Wang", "Mr Wang Yi", "Yi Wang"])
        r["date_precision"] = rng.choice(["day", "day", "month", "year"])
    rng.shuffle(rows)
    quotes = table(rows, {})
    assert as_dict(quotes, statement_links.link(quotes)) == pair_by_pair(rows, common)

"""Statements linked again only where a change reaches are the statements of linking everything."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pyarrow as pa
import pytest

from etl import statement_links, statements

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

"""Benchmark of the quote search on a synthetic corpus (plain script, not a test).

    python benchmarks/quote_search.py [--quotes 1000000] [--seed 5] [--repeat 5]

Builds the seed documents in memory, recombines their real quote sentences and article
titles with other countries and speakers into a corpus of N quotes (seeded, deterministic),
writes it as a snapshot in a scratch folder with the ETL's own step (which builds the search
index), opens it as the app does and times `dashboard.queries.search_quotes` (the call the Quote explorer
makes: result count and one page of rows) over a varied set of queries. Prints one JSON
line of figures: build times, p50/p95/max latency overall and per kind of query, the load
average before and after (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard import queries  # noqa: E402
from dashboard.db import Database  # noqa: E402
from etl import gazetteer, ingest, schemas  # noqa: E402
from etl.pipeline import (  # noqa: E402
    assemble_tables,
    process_document,
    snapshot_folders,
)
from etl.search_index import INDEX_DIR, words  # noqa: E402
from etl.store import write_snapshot  # noqa: E402
from etl.text import split_sentences  # noqa: E402

SLOT_KINDS = {"name", "short", "official"}  # country mentions that another name can replace
# China and its regions stay as written: the corpus is about China's diplomacy.
KEPT = {"CHN", "TWN", "HKG", "MAC"}


@dataclass(frozen=True)
class Template:
    """A real sentence with its country names cut out as slots."""

    pieces: tuple[str, ...]  # text between slots: len(pieces) == slots + 1

    def fill(self, names: list[str]) -> str:
        out = [self.pieces[0]]
        for name, piece in zip(names, self.pieces[1:], strict=True):
            out += [name, piece]
        return "".join(out)

    @property
    def slots(self) -> int:
        return len(self.pieces) - 1


def template(text: str) -> Template:
    mentions = [
        m for m in gazetteer.find_countries(text) if m.kind in SLOT_KINDS and m.code not in KEPT
    ]
    pieces, last = [], 0
    for m in mentions:
        pieces.append(text[last : m.start])
        last = m.end
    pieces.append(text[last:])
    return Template(tuple(pieces))


def seed_tables() -> dict[str, pa.Table]:
    seeds = REPO / "seeds"
    return assemble_tables(
        [process_document(ingest.read_document(p, seeds)) for p in ingest.discover(seeds)]
    )


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def synthetic_corpus(n_quotes: int, seed: int) -> dict[str, pa.Table]:
    """N quotes in articles of 1-9 quotes, recombined from the seed quotes (deterministic)."""
    rng = random.Random(seed)
    tables = seed_tables()
    seed_quotes = tables["quotes"].to_pylist()
    sentences = sorted(
        {
            s.text
            for q in seed_quotes
            for s in split_sentences(q["text"])
            if len(s.text.split()) >= 4
        }
    )
    sentence_templates = [template(s) for s in sentences]
    titles = sorted({t for t in tables["articles"].column("title").to_pylist() if t})
    title_templates = [template(t) for t in titles]
    countries = sorted(
        (c for c in gazetteer.countries().values() if c.iso3 not in KEPT), key=lambda c: c.iso3
    )
    rng.shuffle(countries)
    country_weights = zipf_weights(len(countries))
    roles = sorted({q["speaker_role"] for q in seed_quotes if q["speaker_role"]})
    speakers = _speakers(rng, seed_quotes, countries)
    speaker_weights = zipf_weights(len(speakers), 0.8)
    start = date(2013, 1, 1)

    quotes, articles = [], []
    article_no = 0
    while len(quotes) < n_quotes:
        article_id = f"synthetic{article_no // 1000:05d}-{article_no % 1000:03d}"
        article_no += 1
        published = start + timedelta(days=rng.randrange(13 * 365))
        title_t = rng.choice(title_templates)
        title = title_t.fill(
            [c.name for c in rng.choices(countries, country_weights, k=title_t.slots)]
        )
        parts, offset = [title], len(title) + 2
        for _ in range(min(rng.randint(1, 9), n_quotes - len(quotes))):
            chosen = rng.choices(sentence_templates, k=rng.choices([1, 2, 3], [5, 3, 2])[0])
            mentioned, texts = [], []
            for t in chosen:
                picked = rng.choices(countries, country_weights, k=t.slots)
                mentioned += [c.iso3 for c in picked]
                texts.append(t.fill([c.name for c in picked]))
            text = " ".join(texts)
            speaker, speaker_country = rng.choices(speakers, speaker_weights)[0]
            quotes.append(
                {
                    "quote_id": f"{article_id}-q{len(parts)}",
                    "article_id": article_id,
                    "speaker": speaker,
                    "speaker_country": speaker_country,
                    "speaker_role": rng.choice(roles),
                    "kind": rng.choices(["reported", "direct"], [7, 3])[0],
                    "text": text,
                    "date": published,
                    "date_precision": "day",
                    "countries_mentioned": sorted(set(mentioned)),
                    "span_start": offset,
                    "span_end": offset + len(text),
                    # each quote its own statement (the search does not read these)
                    "statement_id": f"{article_id}-q{len(parts)}",
                    "statement_sources": 1,
                }
            )
            parts.append(text)
            offset += len(text) + 2
        body = "\n\n".join(parts)
        articles.append(
            {
                "article_id": article_id,
                "doc_id": "synthetic",
                "ordinal": article_no,
                "kind": "single",
                "title": title,
                "published": published,
                "text": body,
                "doc_start": 0,
                "doc_end": len(body),
            }
        )
    out = {name: schema.empty_table() for name, schema in schemas.TABLES.items()}
    out["countries"] = tables["countries"]
    out["quotes"] = pa.Table.from_pylist(quotes, schema=schemas.QUOTES)
    out["articles"] = pa.Table.from_pylist(articles, schema=schemas.ARTICLES)
    return out


def _speakers(rng: random.Random, seed_quotes: list[dict], countries) -> list[tuple[str, str]]:
    """Seed speakers and Chinese office holders, plus names recombined from their parts."""
    known = {(q["speaker"], q["speaker_country"]) for q in seed_quotes if q["speaker"]}
    known |= {(o.name, "CHN") for o in gazetteer.chinese_officials()}
    people = sorted(p for p in known if p[1] and len(p[0].split()) >= 2)
    firsts = sorted({name.split()[0] for name, _ in people})
    lasts = sorted({name.split()[-1] for name, _ in people})
    made = {
        (f"{rng.choice(firsts)} {rng.choice(lasts)}", rng.choice(countries).iso3)
        for _ in range(3000)
    }
    pool = sorted(known | made, key=lambda p: (p[0] or "", p[1] or ""))
    rng.shuffle(pool)
    return pool


# --- the queries -----------------------------------------------------------------------------


def query_set(db: Database, quotes: pa.Table, rng: random.Random) -> list[tuple[str, dict]]:
    """(kind, search_quotes keyword arguments): single, several words, phrases, rare, filters.

    Words are drawn from a sample of the corpus and sorted by their document frequency in
    the index: common (the 30 most frequent words of 4+ letters), middle (df 1,000-20,000)
    and rare (the 30 least frequent); plus the words found in most quotes ("the", "and").
    """
    searcher = db.quote_index.searcher()
    sample = quotes.column("text").take(list(range(0, quotes.num_rows, 97))).to_pylist()
    vocabulary = sorted({w for text in sample for w in words(text) if w.isalpha() and len(w) > 3})
    df = {w: searcher.doc_freq("text_words", w) for w in vocabulary}
    by_df = sorted(vocabulary, key=lambda w: (-df[w], w))
    common, rare = by_df[:30], by_df[-30:]
    middle = [w for w in by_df if 1_000 <= df[w] <= 20_000] or by_df[30:-30]
    speakers = quotes.column("speaker").value_counts().to_pylist()
    top_speakers = [s["values"] for s in sorted(speakers, key=lambda s: -s["counts"])[:20]]
    feb = date(2020, 2, 1)
    filters = queries.Filters
    out: list[tuple[str, dict]] = []
    for word in ("the", "and", "of", "china", "cooperation"):  # in most quotes: worst cases
        out.append(("very common word", {"text": word}))
    for word in rng.sample(common, 5):
        out.append(("single common word", {"text": word}))
    for word in rng.sample(middle, 5):
        out.append(("single word", {"text": word}))
    for word in rng.sample(rare, 5):
        out.append(("single rare word", {"text": word}))
    for _ in range(5):
        out.append(("two words", {"text": " ".join(rng.sample(middle + common, 2))}))
        out.append(("three words", {"text": " ".join(rng.sample(middle, 3))}))
    for phrase in (
        "the two sides",
        "one-China principle",
        "community with a shared future",
        "win-win cooperation",
        "comprehensive strategic partnership",
        "Global South",
        "multilateralism",
        "hegemonism and power politics",
    ):
        out.append(("phrase", {"text": f'"{phrase}"'}))
    for speaker in top_speakers[:4]:
        out.append(("speaker name", {"text": speaker}))
    out += [
        ("word + speaker country", {"text": common[0], "speaker_country": "CHN"}),
        ("word + kind", {"text": middle[0], "kind": "direct"}),
        ("word + mentioned", {"text": common[2], "mentioned": "RUS"}),
        ("word + speaker", {"text": common[1], "speaker": top_speakers[0]}),
        ("word + months", {"text": common[3], "filters": filters(feb, date(2020, 7, 1))}),
        ("phrase + region", {"text": '"the two sides"', "filters": filters(region="Africa")}),
        ("words + months + kind", {"text": f"{middle[1]} {middle[2]}", "kind": "reported",
                                   "filters": filters(date(2016, 1, 1), date(2018, 12, 1))}),
        ("symbol", {"text": "%"}),
        ("symbol", {"text": '"'}),
        ("filters only: speaker", {"speaker": top_speakers[2]}),
        ("filters only: months", {"filters": filters(feb, feb)}),
        ("filters only: mentioned + kind", {"mentioned": "VNM", "kind": "direct"}),
        ("no query", {}),
        ("word, page 20", {"text": common[4], "page": 20}),
    ]  # fmt: skip
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    figures: dict[str, object] = {"quotes": args.quotes, "seed": args.seed}

    t0 = time.perf_counter()
    tables = synthetic_corpus(args.quotes, args.seed)
    figures["generate_s"] = round(time.perf_counter() - t0, 1)

    with tempfile.TemporaryDirectory(prefix="quote-search-bench-") as scratch:
        index_seconds: list[float] = []

        def timed(write: Callable[[Path], None]) -> Callable[[Path], None]:
            def run(folder: Path) -> None:
                start = time.perf_counter()
                write(folder)
                index_seconds.append(time.perf_counter() - start)

            return run

        folders = {name: timed(w) for name, w in snapshot_folders(tables).items()}
        t0 = time.perf_counter()
        manifest = write_snapshot(Path(scratch), tables, input_dir="synthetic", folders=folders)
        figures["snapshot_write_s"] = round(time.perf_counter() - t0, 1)
        figures["index_build_s"] = round(sum(index_seconds), 1)
        index_dir = Path(scratch) / manifest.snapshot / INDEX_DIR
        figures["index_mb"] = round(
            sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 2**20, 1
        )
        db = Database(Path(scratch))
        t0 = time.perf_counter()
        db.refresh()
        figures["open_s"] = round(time.perf_counter() - t0, 2)
        workload = query_set(db, tables["quotes"], random.Random(args.seed))
        del tables
        for _, kwargs in workload:  # warm-up: the first run of a query reads cold pages
            _search(db, kwargs)
        timings: dict[str, list[float]] = {}
        matches: dict[str, list[int]] = {}
        for _ in range(args.repeat):
            for kind, kwargs in workload:
                t0 = time.perf_counter()
                page = _search(db, kwargs)
                timings.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
                matches.setdefault(kind, []).append(page.total)
        db.close()
    every = [t for ts in timings.values() for t in ts]
    figures.update(
        {
            "queries": len(workload),
            "runs": len(every),
            "p50_ms": round(percentile(every, 0.50), 1),
            "p95_ms": round(percentile(every, 0.95), 1),
            "max_ms": round(max(every), 1),
            "mean_ms": round(statistics.fmean(every), 1),
            "p95_ms_by_kind": {k: round(percentile(v, 0.95), 1) for k, v in timings.items()},
            "matches_by_kind": {k: [min(v), max(v)] for k, v in matches.items()},
            "load_avg_before": [round(x, 2) for x in load_before],
            "load_avg_after": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
        }
    )
    print(json.dumps(figures))
    return 0


def _search(db: Database, kwargs: dict) -> queries.QuotePage:
    kwargs = dict(kwargs)
    filters = kwargs.pop("filters", queries.Filters())
    return queries.search_quotes(db, filters, **kwargs)


if __name__ == "__main__":
    raise SystemExit(main())

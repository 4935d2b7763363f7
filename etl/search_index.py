"""The quote search index: a tantivy full-text index over quote text, speaker and article title.

Built by the ETL from the quotes and articles tables and stored in the snapshot beside them
(`snapshots/<run_id>/quote_index/`), so the app ranks quotes with BM25 without downloading
anything (DuckDB's fts extension is not bundled with its wheel). The fields are declared in
`etl/schemas.py` (QUOTE_INDEX_FIELDS) and documented in docs/data.md.

Analysis, shared by the index and the app (which reads queries and marks matches with the
same analysers): a word is a run of letters and digits; case and accents are folded ("Sơn"
→ "son"); everything else separates words, so "win-win" is the two words "win win" and
"<script>" is the word "script". A `*_words` field keeps the folded words with their
positions (exact phrases); a `*_stems` field keeps their Snowball English stems, so a plain
query word matches every form of it ("sanction" finds "sanctions"). The `symbols` field
keeps every run of symbols (non-letters, non-digits, non-spaces) and all its substrings, so a
search for "%" or "**" can match those characters as typed.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import tantivy

from etl.schemas import QUOTE_INDEX_FIELDS
from etl.text import plain_punctuation

INDEX_DIR = "quote_index"  # folder of the index inside a snapshot

WORD_REGEX = r"[\p{L}\p{N}]+"  # tantivy (Rust) syntax
_WORD = re.compile(r"[^\W_]+")  # the same class in Python: letters and digits, no underscore
MAX_WORD_BYTES = 64  # longer "words" (UTF-8 bytes: hashes, run-together URLs) are not indexed
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]|_)+")  # runs of symbols: neither letters, digits nor spaces
MAX_SYMBOL_CHARS = 12  # substrings of a symbol run are indexed up to this length

WORDS_TOKENIZER = "words"
STEMS_TOKENIZER = "stems"
SYMBOLS_TOKENIZER = "whitespace"  # tantivy built-in: the symbols field is pre-split by us


def _analyzer(*, stemmed: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(WORD_REGEX))
        .filter(tantivy.Filter.remove_long(MAX_WORD_BYTES + 1))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stemmed:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


WORDS = _analyzer(stemmed=False)
STEMS = _analyzer(stemmed=True)


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A word as the `*_words` fields index it ("Sơn" → "son"); "" for a word not indexed."""
    folded = WORDS.analyze(word)
    return folded[0] if len(folded) == 1 else ""


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A word as the `*_stems` fields index it ("Sanctions" → "sanction")."""
    stemmed = STEMS.analyze(word)
    return stemmed[0] if len(stemmed) == 1 else ""


def word_spans(text: str | None) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of every indexed word of a text, for highlighting."""
    if not text:
        return []
    spans = []
    for m in _WORD.finditer(text):
        folded = fold(m.group())
        if folded:
            spans.append((m.start(), m.end(), folded))
    return spans


def words(text: str | None) -> list[str]:
    """The folded words of a text, in order (as indexed)."""
    return [w for _, _, w in word_spans(text)]


def plain(text: str) -> str:
    """Curly quotes straight and dashes as '-', so a typed symbol finds its typographic form."""
    return plain_punctuation(text)


def symbol_terms(*texts: str | None) -> str:
    """The symbols field's value: every symbol run of the texts and its substrings."""
    out: set[str] = set()
    for text in texts:
        for run in _SYMBOL_RUN.findall(plain(text or "")):
            for i in range(len(run)):
                for j in range(i + 1, min(len(run), i + MAX_SYMBOL_CHARS) + 1):
                    out.add(run[i:j])
    return " ".join(sorted(out))


# --- building and opening the index ----------------------------------------------------------


def _register_analyzers(index: tantivy.Index) -> tantivy.Index:
    index.register_tokenizer(WORDS_TOKENIZER, WORDS)
    index.register_tokenizer(STEMS_TOKENIZER, STEMS)
    return index


def quote_index_schema() -> tantivy.Schema:
    """The tantivy schema built from QUOTE_INDEX_FIELDS (etl/schemas.py)."""
    builder = tantivy.SchemaBuilder()
    for spec in QUOTE_INDEX_FIELDS:
        if spec.kind == "integer":
            builder.add_integer_field(spec.name, stored=spec.stored, indexed=True, fast=True)
            continue
        tokenizer = {
            "words": WORDS_TOKENIZER,
            "stems": STEMS_TOKENIZER,
            "symbols": SYMBOLS_TOKENIZER,
            "keyword": "raw",
        }[spec.kind]
        option = {"words": "position", "stems": "freq"}.get(spec.kind, "basic")
        builder.add_text_field(
            spec.name, stored=spec.stored, tokenizer_name=tokenizer, index_option=option
        )
    return builder.build()


def day_number(value: date | None) -> int:
    """The `day` field: proleptic ordinal of the date, 0 when undated (sorts last, newest first)."""
    return value.toordinal() if value else 0


class IndexCancelled(RuntimeError):
    """The build no longer needs the index being written (it failed, or was interrupted)."""


def build_quote_index(
    quotes: pa.Table, articles: pa.Table, folder: Path, cancelled: threading.Event | None = None
) -> None:
    """Write the search index of these quotes into `folder` (created; must not exist yet).

    Depends only on the two tables: the same quotes give an index that answers the same.
    When `cancelled` is set, the writer stops at its next batch of rows (IndexCancelled).
    """
    folder = Path(folder)
    folder.mkdir(parents=True)
    index = _register_analyzers(tantivy.Index(quote_index_schema(), path=str(folder)))
    _write(index, folder, quotes, articles, gone=[], cancelled=cancelled)


def update_quote_index(
    previous: Path,
    previous_quotes: pa.Table,
    quotes: pa.Table,
    articles: pa.Table,
    folder: Path,
    cancelled: threading.Event | None = None,
) -> None:
    """Write into `folder` the index of these quotes, made from the previous snapshot's index
    (`previous`, of `previous_quotes`): the quotes gone are deleted, the new ones added.

    A quote's document in the index depends only on its own row and its article's title, and
    a quote id only on its document's content (etl.pipeline): a quote kept by id is indexed
    as it was. Segment files are never changed once written, so they are hard-linked, not
    copied; the small files that change are copied. The result finds what a new index finds;
    its BM25 scores may differ in the last digits while deleted quotes still count in the
    statistics of segments not yet merged.
    """
    folder = Path(folder)
    folder.mkdir(parents=True)
    for item in Path(previous).iterdir():
        if item.name.endswith(".lock") or not item.is_file():
            continue
        if item.name.endswith(".json"):  # meta.json, .managed.json: rewritten by a commit
            shutil.copy2(item, folder / item.name)
            continue
        try:
            os.link(item, folder / item.name)
        except OSError:  # another file system
            shutil.copy2(item, folder / item.name)
    index = _register_analyzers(tantivy.Index.open(str(folder)))
    kept = pc.is_in(quotes["quote_id"], previous_quotes["quote_id"])
    gone = previous_quotes.filter(
        pc.invert(pc.is_in(previous_quotes["quote_id"], quotes["quote_id"]))
    )
    _write(index, folder, quotes.filter(pc.invert(kept)), articles, gone["quote_id"].to_pylist(),
           cancelled)  # fmt: skip


def _write(
    index: tantivy.Index,
    folder: Path,
    quotes: pa.Table,
    articles: pa.Table,
    gone: list[str],
    cancelled: threading.Event | None = None,
) -> None:
    """Delete the gone quotes, add these, commit; the folder is removed on failure."""
    schema = index.schema
    titled = articles.filter(pc.is_in(articles["article_id"], pc.unique(quotes["article_id"])))
    titles = dict(
        zip(
            titled.column("article_id").to_pylist(),
            titled.column("title").to_pylist(),
            strict=True,
        )
    )
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    try:
        for quote_id in gone:
            writer.delete_documents_by_term("quote_id", quote_id)
        for batch in quotes.to_batches(max_chunksize=20_000):  # rows as dicts, a batch at a time
            if cancelled is not None and cancelled.is_set():
                raise IndexCancelled(f"index in {folder} no longer needed")
            for row in batch.to_pylist():
                writer.add_document(_document(row, titles.get(row["article_id"]), schema))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _document(row: dict, title: str | None, schema: tantivy.Schema) -> tantivy.Document:
    text, speaker = row["text"], row["speaker"]
    values: dict[str, object] = {
        "quote_id": row["quote_id"],
        "article_id": row["article_id"],
        "text_words": text,
        "text_stems": text,
        "kind": row["kind"],
        "day": day_number(row["date"]),
        "symbols": symbol_terms(text, speaker, title),
    }
    if speaker:
        values.update(speaker=speaker, speaker_words=speaker, speaker_stems=speaker)
    if title:
        values.update(title_words=title, title_stems=title)
    if row["speaker_role"]:
        values["speaker_role"] = row["speaker_role"]
    if row["speaker_country"]:
        values["speaker_country"] = row["speaker_country"]
    if row["countries_mentioned"]:
        values["mentioned"] = list(row["countries_mentioned"])
    return tantivy.Document.from_dict(values, schema)


def open_quote_index(folder: Path) -> tantivy.Index:
    """Open a snapshot's index for searching (raises ValueError/OSError when unreadable)."""
    if not tantivy.Index.exists(str(folder)):
        raise FileNotFoundError(f"no search index in {folder}")
    index = _register_analyzers(tantivy.Index.open(str(folder)))
    index.reload()
    return index

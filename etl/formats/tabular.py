"""JSON, JSON Lines and CSV/TSV files of articles: one record (row) is one article.

The columns giving title, date, URL, text and outlet are found by name (`ReaderOptions`:
defaults such as `title`/`headline`, `date`/`published`, `text`/`body`/`content`, or names
configured for the input folder). A record without usable text or title is left out and
counted; a date that is not clearly a date leaves the record undated, and is noted.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping

from etl.formats.base import ReaderOptions, Reading, Rejected
from etl.formats.meta import (
    DateProblem,
    clean_url,
    compose_entries,
    html_fragment_text,
    looks_like_html,
    metadata_date,
    one_line,
)
from etl.formats.text import decode
from etl.records import FileMeta

# Python's csv module refuses fields over 128 KiB by default; an article's text can be longer.
# (The limit is process-wide; the file size limit of ingest bounds it anyway.)
csv.field_size_limit(64 * 1024 * 1024)

# Keys under which JSON exports commonly hold their list of records (JSON Feed: "items").
_RECORD_LISTS = ("items", "articles", "entries", "records", "data", "results", "posts", "documents")
_HTML_COLUMNS = {"contenthtml", "bodyhtml", "html"}


def read_json(raw: bytes, options: ReaderOptions) -> Reading:
    text, notes = decode(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            return read_json_lines(raw, options, fmt="json")  # JSON Lines saved as .json
        raise Rejected("error", f"not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    except RecursionError as exc:
        raise Rejected("error", "not usable JSON: nested too deeply") from exc
    records = _record_list(data)
    if records is None:
        raise Rejected(
            "error",
            "no records found: expected a list of objects, or an object with a list under "
            + ", ".join(repr(k) for k in _RECORD_LISTS),
        )
    return _reading(records, options, notes, "json", where="record")


def read_json_lines(raw: bytes, options: ReaderOptions, fmt: str = "jsonl") -> Reading:
    text, notes = decode(raw)
    records, bad = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            bad.append(number)
    if bad and not records:
        raise Rejected("error", f"not JSON Lines: no line is a JSON value (line {bad[0]} is not)")
    if bad:
        notes.append(f"{len(bad)} line(s) are not JSON and were left out: {_numbers(bad)}")
    return _reading(records, options, notes, fmt, where="line")


def read_csv(raw: bytes, options: ReaderOptions, *, tab: bool = False) -> Reading:
    text, notes = decode(raw)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if tab else _delimiter(first_line)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise Rejected(
            "error", f"not a readable CSV table: {exc} (line {reader.line_num})"
        ) from exc
    if not reader.fieldnames:
        raise Rejected("empty", "the table has no header row")
    for row in rows:
        row.pop(None, None)  # cells beyond the header's columns
    return _reading(rows, options, notes, "tsv" if tab else "csv", where="row", header=True)


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _record_list(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _RECORD_LISTS:
            if isinstance(data.get(key), list):
                return data[key]
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            return lists[0]
        return [data]  # one article as one object
    return None


def _reading(
    records: list,
    options: ReaderOptions,
    notes: list[str],
    fmt: str,
    *,
    where: str,
    header: bool = False,
) -> Reading:
    objects = [
        (i, r) for i, r in enumerate(records, start=2 if header else 1) if isinstance(r, dict)
    ]
    if len(objects) < len(records):
        notes.append(f"{len(records) - len(objects)} {where}(s) are not objects; left out")
    if not objects:
        raise Rejected("empty", f"no {where}s with fields found")
    keys = _keys([r for _, r in objects])
    columns = {name: _column(options.candidates(name), keys) for name in options.columns}
    if columns.get("text") is None and columns.get("title") is None:
        raise Rejected(
            "error",
            "no text or title column: looked for "
            + ", ".join(options.candidates("text") + options.candidates("title"))
            + f"; the {where}s have {', '.join(sorted(keys)[:20]) or 'no fields'}"
            + " (name the columns with --column text=NAME or in diplomacy-atlas.toml)",
        )
    parsed = []
    bad_dates: list[int] = []
    for number, record in objects:
        published = None
        if columns["date"] is not None:
            try:
                published = metadata_date(_value(record, columns["date"]))
            except DateProblem:
                bad_dates.append(number)
        meta = FileMeta(
            source="column",
            title=one_line(_text(_value(record, columns["title"]), columns["title"])),
            published=published,
            url=clean_url(_value(record, columns["url"])),
            outlet=one_line(_text(_value(record, columns["outlet"]), None), 120),
        )
        parsed.append((meta, _text(_value(record, columns["text"]), columns["text"]) or ""))
    if bad_dates:
        notes.append(
            f"date not understood in {len(bad_dates)} {where}(s) ({_numbers(bad_dates)}); "
            "those are undated"
        )
    text, entries = compose_entries(parsed, notes)
    if not entries:
        raise Rejected("empty", f"no {where} has a title or text")
    return Reading(text=text, format=fmt, notes=tuple(notes), entries=entries)


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).lower()


def _keys(records: Iterable[Mapping]) -> set[str]:
    keys: set[str] = set()
    for record in records:
        keys.update(str(k) for k in record)
    return keys


def _column(candidates: tuple[str, ...], keys: set[str]) -> str | None:
    """The first candidate the records have (a dotted name reaches into nested objects)."""
    by_normal = {_normal(k): k for k in sorted(keys)}
    for candidate in candidates:
        head, _, rest = candidate.partition(".")
        if _normal(head) in by_normal:
            key = by_normal[_normal(head)]
            return f"{key}.{rest}" if rest else key
    return None


def _value(record: Mapping, column: str | None) -> object:
    if column is None:
        return None
    value: object = record
    for i, part in enumerate(column.split(".")):
        if not isinstance(value, Mapping):
            return None
        if i == 0 or part in value:
            value = value.get(part)
        else:
            value = next((v for k, v in value.items() if _normal(str(k)) == _normal(part)), None)
    return value


def _text(value: object, column: str | None) -> str | None:
    """A field's text: lists of paragraphs joined, HTML turned into lines."""
    if value is None:
        return None
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if v is not None)
    elif isinstance(value, dict):
        # {"name": "Xinhua", "url": ...} as JSON exports nest a source
        value = next((value[k] for k in ("name", "title", "text", "value") if value.get(k)), "")
    text = str(value)
    if (column and _normal(column) in _HTML_COLUMNS) or looks_like_html(text):
        text = html_fragment_text(text)
    return text


def _numbers(numbers: list[int], shown: int = 8) -> str:
    text = ", ".join(str(n) for n in numbers[:shown])
    return text + (f" and {len(numbers) - shown} more" if len(numbers) > shown else "")

"""What every format reader shares: its result, its refusal, and the options it reads with."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.records import Entry, FileMeta


class Rejected(Exception):
    """A file that cannot be used: `status` (error | empty) and a message naming the problem."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Reading:
    """A file read: its text (what segmentation and extraction see), notes on how it was read,
    the page's own metadata, and the articles the file delimits itself (feeds, tables)."""

    text: str
    format: str
    notes: tuple[str, ...] = ()
    meta: FileMeta | None = None
    entries: tuple[Entry, ...] = ()


# The fields a table or feed record can give, and the column names tried for each, in order.
# Names match case-insensitively, ignoring spaces, dashes and underscores ("Published At").
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "subject", "name"),
    "date": (
        "date", "published", "published_at", "publication_date", "date_published", "pubdate",
        "pub_date", "datetime", "created_at", "created", "timestamp", "time",
    ),
    "url": ("url", "link", "href", "permalink", "source_url", "uri", "canonical_url"),
    "text": (
        "text", "body", "content", "content_text", "full_text", "article", "article_text",
        "story", "description", "summary", "content_html", "body_html", "html",
    ),
    "outlet": (
        "outlet", "source", "source.name", "publisher", "site_name", "site", "sitename",
        "media", "newspaper", "agency",
    ),
}  # fmt: skip
CONFIG_NAME = "diplomacy-atlas.toml"


@dataclass(frozen=True)
class ReaderOptions:
    """How tables and JSON records are read: which column gives which field.

    Set per input folder in `diplomacy-atlas.toml` ([columns] title = "Headline", ...) or on
    the command line (`--column title=Headline`); a name given replaces the defaults tried for
    that field. A JSON name may be a dotted path into nested objects ("source.name").
    """

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))

    def candidates(self, name: str) -> tuple[str, ...]:
        return tuple(self.columns.get(name, ()))

    def with_columns(self, overrides: Mapping[str, str | Sequence[str]]) -> ReaderOptions:
        columns = dict(self.columns)
        for name, value in overrides.items():
            if name not in DEFAULT_COLUMNS:
                raise ValueError(
                    f"unknown column field {name!r}; fields are {', '.join(DEFAULT_COLUMNS)}"
                )
            values = (value,) if isinstance(value, str) else tuple(value)
            if not values or not all(isinstance(v, str) and v.strip() for v in values):
                raise ValueError(f"column names for {name!r} must be non-empty text")
            columns[name] = tuple(v.strip() for v in values)
        return ReaderOptions(columns)

    def fingerprint(self) -> str:
        """Stable text of the options: a cache of readings keyed by content must include it."""
        return json.dumps({k: list(v) for k, v in sorted(self.columns.items())})


def parse_column_option(text: str) -> tuple[str, str]:
    """`title=Headline` → ("title", "Headline"), for the command line."""
    name, sep, column = text.partition("=")
    if not sep or not name.strip() or not column.strip():
        raise ValueError(f"--column takes FIELD=NAME (e.g. text=Body), not {text!r}")
    return name.strip().lower(), column.strip()


def options_for(input_dir: Path, overrides: Mapping[str, str | Sequence[str]] | None = None):
    """The reader options of an input folder: defaults, its config file, then `overrides`."""
    options = ReaderOptions()
    config = Path(input_dir) / CONFIG_NAME
    if config.is_file():
        try:
            settings = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{config}: {exc}") from exc
        columns = settings.get("columns", {})
        if not isinstance(columns, dict):
            raise ValueError(f"{config}: [columns] must be a table of FIELD = NAME")
        try:
            options = options.with_columns(columns)
        except ValueError as exc:
            raise ValueError(f"{config}: {exc}") from exc
    return options.with_columns(overrides) if overrides else options

"""Every table column is documented in docs/data.md (a column added without docs fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.schemas import BUILD_CACHE, QUOTE_INDEX_FIELDS, TABLES

DOC = (Path(__file__).resolve().parent.parent / "docs" / "data.md").read_text(encoding="utf-8")


def documented_columns(table: str) -> set[str]:
    section = re.search(rf"^## {table} —.*?(?=^## |\Z)", DOC, re.M | re.S)
    assert section, f"docs/data.md has no section for {table}"
    return set(re.findall(r"^\| (\w+) \|", section.group(), re.M)) - {"column"}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_of_every_table_is_documented(table):
    assert documented_columns(table) == set(TABLES[table].names)


def test_every_field_of_the_quote_search_index_is_documented():
    documented = documented_columns("quote_index") - {"field"}
    assert documented == {f.name for f in QUOTE_INDEX_FIELDS}


@pytest.mark.parametrize("table", sorted(BUILD_CACHE))
def test_every_column_of_the_build_cache_is_documented(table):
    section = re.search(r"^## build_cache —.*?(?=^## |\Z)", DOC, re.M | re.S)
    assert section, "docs/data.md has no section for the build cache"
    part = re.search(rf"^`{table}` —.*?(?=^`\w+` —|\Z)", section.group(), re.M | re.S)
    assert part, f"docs/data.md does not describe the build cache's {table}"
    columns = set(re.findall(r"^\| (\w+) \|", part.group(), re.M)) - {"column"}
    assert columns == set(BUILD_CACHE[table].names)

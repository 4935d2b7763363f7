"""The speed-ups of etl.text find exactly what the plain regular expressions they replace find.

The extractors call these helpers instead of compiling a pattern per name or scanning with
slow case-insensitive alternations; a difference here would change what is extracted, so
each helper is checked against the `re` expression it stands for, on hand-picked cases and
on generated text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import actors, dates
from etl.text import (
    contains_word,
    fast_regex,
    first_char_lookahead,
    name_words,
    occurrences,
)

# Text built from the pieces the patterns care about: names, titles, dates, punctuation.
_PIECES = [
    "Wang Yi", "President", "Xi Jinping", "met", "with", "Foreign Minister", "of", "Pakistan",
    "O'Brien", "al-Sisi", "He", "he", "said", "on", "March 3", "2024", "last year", "the",
    "Committee", "talks", "Talks", "phone call", "visit", "Visited", ",", ".", "’s", "-", "_",
    "é", "Östen", "bin", "de", "Chair", "counterpart", "in", "early", "June", "\n", "  ",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join) | st.text(max_size=60)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


# Patterns of the extractors, of every kind the helper treats differently: name-first,
# title-first, case-insensitive alternations, lookbehinds, anchored.
_PATTERNS = [
    actors._NAME_COMMA_TITLE.pattern,
    actors._TITLE_OF_NAME.pattern,
    actors._TITLE_NAME.pattern,
    actors._LOWER_CASE_ROLE.pattern,
    r"(?:(?<=\b[Ii]n\s)|(?<=\b[Ii]n\searly\s))(?P<m>March|June)\b",
    r"^(?:for|on)\s+his\s+part\b",
    r"community (?:with|of) (?:a )?shared future",
    r"x?",
]
_FLAGS = [0, re.IGNORECASE]


@pytest.mark.parametrize("flags", _FLAGS)
@pytest.mark.parametrize("source", _PATTERNS)
@settings(max_examples=60, deadline=None)
@given(text=TEXTS)
def test_a_fast_regex_finds_exactly_what_re_compile_finds(source, flags, text):
    assert _found(fast_regex(source, flags), text) == _found(re.compile(source, flags), text)


def test_first_characters_cover_every_alternative_and_skip_what_can_be_empty():
    assert first_char_lookahead(r"(?:Vice )?President|Chair|counterpart") == "(?=[CPVc])"
    assert first_char_lookahead("talks", re.IGNORECASE) == "(?=[Tt])"
    assert first_char_lookahead(r"\bMeeting") == "(?=[M])"
    assert first_char_lookahead(r"x?") == ""  # can match nothing: no lookahead
    assert first_char_lookahead(r"\w+") == ""  # too wide to list


def test_an_anchored_or_literal_pattern_is_left_as_it_is():
    assert fast_regex(r"^for his part").pattern == r"^for his part"
    assert fast_regex(r"airport\b").pattern == r"airport\b"
    assert fast_regex(r"(?:Vice )?President").pattern.startswith("(?=[PV])")


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, literal=st.sampled_from(["Wang", "Wang Yi", "aa", "He", "é", ".", "Yi Wang"]))
def test_occurrences_are_where_finditer_finds_the_literal(text, literal):
    expected = [m.start() for m in re.finditer(re.escape(literal), text)]
    assert list(occurrences(text, literal)) == expected


def test_occurrences_do_not_overlap():
    assert list(occurrences("aaaa", "aa")) == [0, 2]


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, phrase=st.sampled_from(["Wang Yi", "he", "aa", "Östen", "al-Sisi", "_"]))
def test_contains_word_is_the_whole_word_search(text, phrase):
    expected = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
    assert contains_word(text, phrase) == expected


def test_contains_word_tries_overlapping_starts():
    # The first "aa" is glued to a third "a"; the second start is the whole word.
    assert not contains_word("aaa", "aa")
    assert contains_word("xaa aa", "aa")


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, word=st.sampled_from(["he", "wang", "o'brien", "al-sisi", "de", "östen"]))
def test_name_words_hold_a_word_exactly_when_it_stands_alone_in_the_text(text, word):
    expected = re.search(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", text) is not None
    assert (word in name_words(text)) == expected


_DATE_PIECES = [
    "March 3", "2024", "3 March", "March 3-5", "3-5 March", "March 30-April 2", "2024-03-05",
    "05/03/2024", "2024.3.5", "05-Mar-2024", "12 de diciembre de 2018", "in", "early", "June",
    "last year", "this month", "Monday", "on the 15th", ",", ".", "(19/4)", "yesterday",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map(" ".join))
def test_full_dates_of_a_text_are_its_dates_written_with_day_month_and_year(text):
    expected = [m for m in dates.find_dates(text) if m.is_full]
    assert dates.find_full_dates(text) == expected

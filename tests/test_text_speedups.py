"""The speed-ups of the extractors find exactly what the slower code they replace finds.

The extractors avoid compiling a pattern per name, scanning with slow case-insensitive
alternations, and searching sentences that cannot hold what a pattern looks for. A difference
here would change what is extracted, so each speed-up is checked against what it stands for
(the plain `re` expression, the search without its gate, the previous implementation), on
hand-picked cases and on generated text that includes the letters where lower-casing and
re.IGNORECASE disagree (Turkish İ and ı, the long s, the Kelvin sign).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import actors, dates, engagements, gazetteer, partnerships, quotes, speech
from etl.fastmatch import fast_regex, first_char_lookahead, lower_for_matching
from etl.text import contains_word, name_words, occurrences

TRAPS = ["İ", "ı", "ſ", "\u212a"]  # re.IGNORECASE takes them for i, i, s, k; lower() does not

# Text built from the pieces the patterns care about: names, titles, dates, punctuation.
_PIECES = [
    "Wang Yi", "President", "Xi Jinping", "met", "with", "Foreign Minister", "of", "Pakistan",
    "O'Brien", "al-Sisi", "He", "he", "said", "on", "March 3", "2024", "last year", "the",
    "Committee", "talks", "Talks", "phone call", "visit", "Visited", ",", ".", "’s", "-", "_",
    "é", "Östen", "bin", "de", "Chair", "counterpart", "in", "early", "June", "\n", "  ",
    "VİSİTED", "vıſited", "COMMUNİTY", "\u212aing", *TRAPS,
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(_PIECES), max_size=30).map(" ".join) | st.text(max_size=60)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


# Patterns of every kind fast_regex leads with a lookahead: title-first and name-first (as
# written in etl.actors, before their own lookaheads), lookbehinds, case-insensitive ones.
_TITLE = "(?P<title>" + "|".join(f"(?:{t})" for t, _ in actors.TITLES) + ")"
_NAME = r"(?P<name>(?!(?:Committee|Council)\b)[A-ZÀ-Þ][\w’'-]*(?:\s+[A-ZÀ-Þ][\w’'-]*){0,3})"
_LED = [
    rf"\b{_TITLE}\s+{_NAME}",
    rf"{_NAME},\s+(?:the\s+)?(?P<role>[^,;.]{{3,60}}?)(?=[,;.])",
    r"(?:(?<=\b[Ii]n\s)|(?<=\b[Ii]n\searly\s))(?P<m>March|June)\b",
    r"\b(?:held|hold) (?:[\w-]+ ){0,3}(?:talks|consultations)\b|\bvisit(?:ed|ing)?\b",
]
_FLAGS = [0, re.IGNORECASE]


@pytest.mark.parametrize("flags", _FLAGS)
@pytest.mark.parametrize("source", _LED, ids=["title-first", "name-first", "lookbehind", "verbs"])
@settings(max_examples=80, deadline=None)
@given(text=TEXTS)
def test_a_fast_regex_finds_exactly_what_re_compile_finds(source, flags, text):
    fast = fast_regex(source, flags)
    if not flags:  # (case-insensitive, most are left as they are: see fast_regex)
        assert fast.pattern.startswith("(?=[") and fast.pattern != source  # it was led
    assert _found(fast, text) == _found(re.compile(source, flags), text)


# Patterns fast_regex must leave alone or treat with care: anchored, literal-first, possibly
# empty, inline flags scoped or global.
_AS_WRITTEN = [
    r"^(?:for|on)\s+his\s+part\b",
    r"airport\b",
    r"x?",
    r"(?<!x)(?i:foo|bar|visit)",
    r"(?i)\b(?:foo|visit)",
]


@pytest.mark.parametrize("flags", _FLAGS)
@pytest.mark.parametrize(
    "source", _AS_WRITTEN, ids=["anchored", "literal", "empty", "scoped-flags", "global-flags"]
)
@settings(max_examples=40, deadline=None)
@given(text=TEXTS | st.sampled_from(["FOO", "Visit", "for his part", "airport", ""]))
def test_fast_regex_is_safe_with_anchors_literals_empty_matches_and_inline_flags(
    source, flags, text
):
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


# --- gates: a sentence skipped can hold nothing the search would have found ---------------

_SENTENCE_PIECES = [
    *_PIECES, "held talks with", "had a phone call", "exchanged congratulatory messages",
    "paid a state visit to", "attended the summit", "RECEİVED", "comprehensive strategic",
    "partnership", "PARTNERSHİP", "cooperative relatıonship", "community with a shared future",
    "said that", "stressed", "according to", "quoted", "noting", "TALKS", "Talks",
]  # fmt: skip
SENTENCES = st.lists(st.sampled_from(_SENTENCE_PIECES), min_size=1, max_size=20).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES)
def test_a_sentence_the_engagement_gate_skips_has_no_engagement_verb(text):
    if engagements._triggers(text):
        assert engagements._may_engage(text)


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES)
def test_a_sentence_the_partnership_gate_skips_has_no_designation(text):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(partnerships, "_may_designate", lambda sentence: True)
        ungated = partnerships.find_designations(text)
    assert partnerships.find_designations(text) == ungated


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES)
def test_a_sentence_the_speech_gate_skips_has_no_speech_frame(text):
    def anyone(np, np_start, verb):
        return True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(speech, "may_report", lambda sentence: True)
        ungated = speech.frames(text, anyone)
    assert speech.frames(text, anyone) == ungated


def test_turkish_capitals_do_not_hide_an_engagement_or_a_designation():
    assert engagements._triggers("Chinese Foreign Minister Wang Yi VİSİTED Türkiye.")
    assert engagements._may_engage("Chinese Foreign Minister Wang Yi VİSİTED Türkiye.")
    assert partnerships.find_designations("They agreed to build a COMMUNİTY WİTH A SHARED FUTURE.")
    assert lower_for_matching("VİSİTED") is None  # matched the slow, exact way
    assert lower_for_matching("Visited Türkiye") == "visited türkiye"


# --- gazetteer: aliases matched in lower case find what re.IGNORECASE finds ----------------

_GAZETTEER_PIECES = [
    "The", "Council of the European Union", "Councıl of the European Union", "united nationſ",
    "human rights council", "Food and Agriculture Organization", "Food and Agrıculture",
    "of the United Nations", "ASEAN", "asean", "the African Union", "AFRİCAN UNİON", "SCO",
    "Pakistan", "PAKISTAN", "Côte d’Ivoire", "met", ",", ".", *TRAPS,
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_GAZETTEER_PIECES), max_size=12).map(" ".join))
def test_gazetteer_aliases_in_lower_case_are_found_as_with_re_ignorecase(text):
    for matcher in (gazetteer.country_matcher(), gazetteer.organisation_matcher()):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(gazetteer, "lower_for_matching", lambda text: None)
            with_ignorecase = matcher.find(text)  # every text the re.IGNORECASE way
        assert matcher.find(text) == with_ignorecase


# --- quotation marks: the regex scan finds the spans the character loop found ---------------


def _quote_spans_by_character(text: str) -> list[tuple[int, int]]:
    """find_quote_spans as it was written before the scan: a loop over every character."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in quotes._OPENERS or not quotes._is_opening(text, i):
            i += 1
            continue
        closer = quotes._OPENERS[ch]
        j, end = i + 1, None
        while j < n:
            c = text[j]
            if c == closer and quotes._is_closing(text, j):
                end = j + 1
                break
            if c == "\n":
                k = j
                while k < n and text[k] in "\n \t":
                    k += 1
                if k < n and text[k] == ch:
                    j = k + 1
                    continue
                end = j
                break
            j += 1
        spans.append((i, n if end is None else end))
        i = n if end is None else end
    return spans


_QUOTE_CHARS = st.sampled_from([*"“”\"‘’'«»„ \n\tab.,", " said ", "We ", "\n\n"])


@settings(max_examples=500, deadline=None)
@given(text=st.lists(_QUOTE_CHARS, max_size=40).map("".join))
def test_quotation_marks_are_found_as_the_character_loop_found_them(text):
    found = [(span.start, span.end) for span in quotes.find_quote_spans(text)]
    assert found == _quote_spans_by_character(text)


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        (r"\b[A-Z][\w\-]*(?:['’][A-Za-z]+)?", 0),  # opens with a class after \b
        (r"\b(?:president|minister|envoy|chair(?:man)?|leader)\b", re.IGNORECASE),  # wide
    ],
    ids=["class-first", "many-first-letters"],
)
@settings(max_examples=80, deadline=None)
@given(text=TEXTS)
def test_a_pattern_led_always_still_finds_what_re_compile_finds(source, flags, text):
    fast = fast_regex(source, flags, always=True)
    assert fast.pattern.startswith("(?=[")
    assert _found(fast, text) == _found(re.compile(source, flags), text)

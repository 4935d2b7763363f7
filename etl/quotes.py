"""Quotes: direct quotes and reported statements, with who said them.

Direct quotes are spans between quotation marks (curly or straight) long enough to be a
statement, not a scare-quoted term; a quote left open at the end of a paragraph continues
when the next paragraph opens with a quotation mark (the print convention). Reported speech
is "<speaker> said/stressed/noted (that) <clause>". The speaker is the named person or the
collective ("the two sides") next to the speech verb; pronouns resolve to the last named
speaker; a quote whose speaker cannot be found keeps speaker None rather than a guess.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from etl import gazetteer
from etl.actors import Person, Roster, find_people
from etl.dates import DateContext, Narrative
from etl.records import Article, DateValue, Quote
from etl.text import split_sentences

_SPEECH_VERBS = (
    r"said|says|say|noted|notes|stressed|stresses|added|adds|remarked|remarks|explained|"
    r"emphasi[sz]ed|emphasi[sz]es|pointed out|points out|underscored|underlined|stated|states|"
    r"told|urged|called for|declared|affirmed|reaffirmed|expressed|observed|asserted|warned|"
    r"highlighted|recalled|continued|concluded|argued|insisted|hoped|believes|believed|"
    r"saying|stating|adding|noting|stressing|remarking|explaining|emphasi[sz]ing|calling for"
)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b")
_OPENERS = {"“": "”", '"': '"', "‘": "’", "'": "'"}
_MIN_WORDS = 5
_COLLECTIVE = re.compile(
    r"\b(?:[Tt]he (?:two|three|four|five|six|both) (?:sides|parties|leaders|countries|ministers)"
    r"|[Bb]oth sides|[Tt]he [A-Z]\w+ side)\b"
)
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
# Reported speech: "<speaker> said (that) <clause>". The clause must open like a clause (a
# subject), so "expressed gratitude while meeting ..." is not taken for a statement.
_CLAUSE_START = r"(?:that\s+|:\s*)?(?=[A-Z]|(?:the|it|its|they|he|she|both|all|there|this|these|his|her|their|China|bilateral)\b)"
_REPORTED = re.compile(
    rf"(?P<speaker>[A-Z][^,.;:“”\"]{{1,80}}?)\s+(?:also\s+|further\s+)?(?P<verb>{_SPEECH_VERBS})\s+"
    rf"{_CLAUSE_START}(?P<clause>[^“”\"]{{30,}}?[.!?])(?=\s|$)"
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int  # exclusive, the closing quote included


def find_quote_spans(text: str) -> list[_Span]:
    """Spans of direct quotes, with quotes spanning paragraphs joined."""
    spans: list[_Span] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPENERS or not _is_opening(text, i):
            i += 1
            continue
        closer = _OPENERS[ch]
        j = i + 1
        end = None
        while j < n:
            c = text[j]
            if c == closer and _is_closing(text, j):
                end = j + 1
                break
            if c == "\n":
                # An open quote runs on when the next paragraph opens with a quote mark.
                k = j
                while k < n and text[k] in "\n \t":
                    k += 1
                if k < n and text[k] == ch:
                    j = k + 1
                    continue
                end = j
                break
            j += 1
        if end is None:
            end = n
        spans.append(_Span(i, end))
        i = end
    return spans


def _is_title(inner: str) -> bool:
    """A quoted name or theme in title case ("Practicing Multilateralism, Reforming ..."), not speech."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", inner) if len(w) > 3]
    if not words or re.search(r"[.!?]\W*$", inner.strip()):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    if ch in "'’":
        # An apostrophe inside a word ("China's") is not a quote mark.
        return not before.isalnum() and i + 1 < len(text) and text[i + 1].isalnum()
    return not before.isalnum()


def _is_closing(text: str, j: int) -> bool:
    after = text[j + 1] if j + 1 < len(text) else " "
    if text[j] in "'’":
        return not after.isalnum()
    return True


def extract_quotes(article: Article, context: DateContext) -> list[Quote]:
    text = article.text
    people = find_people(text, article.published)
    roster = Roster()
    for person in people:
        roster.add(person)
    dates = _DatesBySentence(text, context)
    quotes: list[Quote] = []
    direct_ranges: list[tuple[int, int]] = []
    spans = find_quote_spans(text)
    # Pronouns ("he said") point at people in the narrative, not at people named inside a
    # quotation or a bullet list of what the speaker said.
    narrative_people = [p for p in people if not _inside_quote_or_bullet(text, p.start, spans)]
    for span in spans:
        # The quote is what stands between the marks; its span points at exactly that text.
        start, end = _trimmed(
            text, span.start + 1, span.end - 1 if text[span.end - 1] in "”\"’'" else span.end
        )
        inner = text[start:end]
        if len(re.findall(r"\w+", inner)) < _MIN_WORDS or _is_title(inner):
            continue
        speaker = _speaker_for(text, span, people, roster, narrative_people)
        quotes.append(_quote(article, speaker, "direct", inner, start, end, dates.at(span.start)))
        direct_ranges.append((span.start, span.end))
    for match in _REPORTED.finditer(text):
        start, end = match.start("clause"), match.end("clause")
        if any(s < end and start < e for s, e in direct_ranges):
            continue
        speaker = _resolve_speaker(
            match.group("speaker"), match.start("speaker"), text, people, roster, narrative_people
        )
        if speaker is None:
            continue
        start, end = _trimmed(text, start, end)
        quotes.append(
            _quote(article, speaker, "reported", text[start:end], start, end, dates.at(start))
        )
    quotes.sort(key=lambda q: q.span_start)
    return quotes


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote(article: Article, speaker: Person | str | None, kind: str, text: str, start: int, end: int,
           date: DateValue | None) -> Quote:  # fmt: skip
    if isinstance(speaker, Person):
        name, country, role = speaker.name, speaker.country, speaker.role
    else:
        name, country, role = speaker, None, None
        if isinstance(speaker, str):
            # "the Chinese side", "the Russian side": a collective of one country.
            side = gazetteer.find_countries(speaker)
            country = side[0].code if len(side) == 1 else None
    mentioned = sorted({m.code for m in gazetteer.find_countries(text)} - {gazetteer.CHINA})
    return Quote(
        article_id=article.article_id,
        speaker=name,
        speaker_country=country,
        speaker_role=role,
        kind=kind,
        text=text,
        date=date,
        countries_mentioned=mentioned,
        span_start=start,
        span_end=end,
    )


def _inside_quote_or_bullet(text: str, offset: int, spans: list[_Span]) -> bool:
    if any(span.start <= offset < span.end for span in spans):
        return True
    line_start = text.rfind("\n", 0, offset) + 1
    return bool(re.match(r"\s*[•·▪●◦*-]\s", text[line_start : line_start + 4]))


def _speaker_for(
    text: str, span: _Span, people: list[Person], roster: Roster, narrative: list[Person]
) -> Person | str | None:
    """The speaker named next to a direct quote: after it (', Wang said') or before it."""
    after = text[span.end : span.end + 120].split("\n")[0]
    m = re.match(rf"\s*,?\s*(?P<who>[^.,;“”\"]{{1,60}}?)\s+(?:{_SPEECH_VERBS})\b", after)
    if m:
        who = _resolve_speaker(
            m.group("who"), span.end + m.start("who"), text, people, roster, narrative
        )
        if who is not None:
            return who
    m = re.match(rf"\s*,?\s*(?:{_SPEECH_VERBS})\s+(?P<who>[A-Z][^.,;“”\"]{{1,60}})", after)
    if m:
        who = _resolve_speaker(
            m.group("who"), span.end + m.start("who"), text, people, roster, narrative
        )
        if who is not None:
            return who
    para_start = text.rfind("\n", 0, span.start) + 1
    before = text[para_start : span.start]
    # The nearest speech verb before the quote in its paragraph: "Wang Yi noted that: “...”".
    candidates = list(re.finditer(
        rf"(?P<who>[A-Z][^.;“”\"]{{0,80}}?)\s+(?:also\s+|further\s+|then\s+)?(?:{_SPEECH_VERBS})\b[^“”\"]{{0,80}}$",
        before,
    ))  # fmt: skip
    if candidates:
        m = candidates[-1]
        who = _resolve_speaker(
            m.group("who"), para_start + m.start("who"), text, people, roster, narrative
        )
        if who is not None:
            return who
    # A quote that opens a paragraph continues the previous paragraph's speaker.
    if not before.strip():
        previous = [p for p in narrative if p.end <= span.start]
        if previous:
            return previous[-1]
    return None


def _resolve_speaker(
    phrase: str,
    offset: int,
    text: str,
    people: list[Person],
    roster: Roster,
    narrative: list[Person],
) -> Person | str | None:
    collective = _COLLECTIVE.search(phrase)
    if collective:
        return collective.group()[:1].lower() + collective.group()[1:]
    inside = [p for p in people if offset <= p.start < offset + len(phrase)]
    if inside:
        return inside[-1]
    for token in re.findall(r"[A-Z][\w’'\-]+", phrase):
        person = roster.lookup(token)
        if person is not None:
            return person
    if _PRONOUN.search(phrase):
        earlier = [p for p in narrative if p.end <= offset]
        if earlier:
            return earlier[-1]
    return None


class _DatesBySentence:
    """The narrative date of the sentence at any offset of the article."""

    def __init__(self, text: str, context: DateContext):
        narrative = Narrative(context)
        published = DateValue(context.published, "day", "published") if context.published else None
        self._starts: list[int] = []
        self._dates: list[DateValue | None] = []
        for sentence in split_sentences(text):
            self._starts.append(sentence.start)
            self._dates.append(narrative.date_of(sentence.text) or published)
        self._published = published

    def at(self, offset: int) -> DateValue | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._dates[i] if i >= 0 else self._published

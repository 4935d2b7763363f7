"""Quotes: direct quotes and reported statements, with who said them.

The article is read in text order, paragraph by paragraph and sentence by sentence:

- Direct quotes are the text between quotation marks (curly or straight, double or single),
  long enough to be a statement and not a title. A quote left open at the end of a paragraph
  continues when the next paragraph opens with a quotation mark; a quote broken by its tag
  ("“...,” he said. “...”") is one quote. Labelled answers of an interview or press
  conference ("Wang Wenbin: ...", after a question) are direct quotes too.
- Reported statements come from speech frames (`etl.speech`): "X said (that) ...",
  "... , X said.", "This year, he continued, ...", "X met Y, saying ...", "according to X".
  Sentences after a frame that carry on the same statement without a verb of their own
  (and the next paragraph, when it plainly goes on speaking) belong to the same record; a
  sentence of narrative ("He also met ...") ends it. A courtesy ("X thanked China ...") is not
  a statement, but the content sentences after it are X's.
- A reported sentence that carries a quoted fragment of the speaker's words is `mixed`.
- Speakers are resolved inside the article (`etl.speakers`); one that cannot be determined
  stays None rather than a guess.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from etl import gazetteer
from etl.actors import find_people
from etl.dates import DateContext, Narrative
from etl.records import Article, DateValue, Quote
from etl.speakers import Speaker, SpeakerResolver, country_before_name, organisation_before_name
from etl.speech import CEREMONIAL, Frame, frames, masked
from etl.text import Sentence, split_sentences

_OPENERS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}
_CLOSERS = "”\"’'»“"
_MIN_WORDS = 5
_BULLET = re.compile(r"^\s*(?:[•·▪●◦*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_LABEL = re.compile(r"^(?P<label>[A-Z][\w.’'\-]*(?:\s+[A-Z(][\w.’'()\-]*){0,6}):\s+(?P<body>\S.*)$")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*\s*$|[\"”’]\s*$")
# A sentence that tells what happened rather than what was said.
_NARRATIVE_VERBS = (
    r"met|meets|held|holds|visited|visits|attended|attends|arrived|arrives|left|departed|signed|"
    r"witnessed|received|receives|hosted|hosts|exchanged|discussed|briefed|conveyed|thanked|"
    r"congratulated|invited|accepted|extended|presented|awarded|paid|pays|toured|laid|"
    r"accompanied|took\s+part|chaired|co-chaired|delivered|sent|inspected|answered|spoke|talked|"
    r"(?:was|were)\s+(?:held|received|welcomed|present|accompanied|attended)|"
    r"will\s+(?:visit|attend|hold|pay|travel|meet)|is\s+scheduled|are\s+scheduled|"
    r"traveled|travelled|joined|launched|unveiled|watched|planted"
)
_NARRATIVE = re.compile(
    r"^(?:(?:also|later|earlier|then|meanwhile|afterwards|subsequently)[,\s]+)?"
    r"(?:(?:He|She|They|Both\s+sides|The\s+two\s+(?:sides|leaders|parties|ministers|delegations)|"
    r"The\s+[A-Z][\w’'\-]+\s+(?:side|delegation|leader|president|minister)|"
    r"(?:[A-Z][\w’'.\-]+\s+(?:and\s+)?){0,4}[A-Z][\w’'.\-]+)\s+"
    r"(?:also\s+|then\s+|later\s+|jointly\s+|together\s+)?(?:" + _NARRATIVE_VERBS + r")\b"
    r"|On\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|the\s+(?:morning|afternoon|"
    r"evening|sidelines)|[A-Z][a-z]+\.?\s+\d)|(?:During|After|Following|Prior\s+to|Before)\s+"
    r"(?:his|her|their|the)\s+(?:visit|talks|meeting|stay|trip|call|ceremony|event)"
    r"|(?:Earlier|Later)\s+(?:on|in\s+the\s+day|that\s+day)|Present\b|Also\s+present|"
    r"At\s+the\s+invitation\b"
    r"|The\s+(?:visit|meeting|talks|ceremony|event|trip|delegation|banquet|forum|summit|"
    r"conference|seminar|call)\b)"
)
_SPEECH_LIKE = re.compile(
    r"\b(?:should|must|will|would|can|could|need|needs|is|are|has|have|remains?|stands?|"
    r"hopes?|believes?|supports?|welcomes?|appreciates?|opposes?)\b"
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int  # exclusive, the closing quote included


@dataclass
class _Record:
    start: int
    end: int
    speaker: Speaker | None
    kind: str  # direct | reported | mixed
    paragraph: int


def find_quote_spans(text: str) -> list[_Span]:
    """Spans of quotations, with quotes spanning paragraphs joined."""
    spans: list[_Span] = []
    i, n = 0, len(text)
    while i < n:
        # Jump from quote mark to quote mark (a regex scan, not a loop over every character).
        opener = _ANY_OPENER.search(text, i)
        if opener is None:
            break
        i = opener.start()
        ch = text[i]
        if not _is_opening(text, i):
            i += 1
            continue
        closer = _OPENERS[ch]
        stop = _STOPS[closer]
        j, end = i + 1, None
        while (found := stop.search(text, j)) is not None:
            j = found.start()
            if text[j] == closer and _is_closing(text, j):
                end = j + 1
                break
            if text[j] == "\n":
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
        spans.append(_Span(i, n if end is None else end))
        i = n if end is None else end
    return spans


_ANY_OPENER = re.compile("[" + re.escape("".join(_OPENERS)) + "]")
# Where a quotation opened with one mark can end: its closing mark or the paragraph's end.
_STOPS = {closer: re.compile("[" + re.escape(closer) + "\n]") for closer in _OPENERS.values()}


def _is_title(inner: str) -> bool:
    """A quoted name or theme in title case ("Practicing Multilateralism, ..."), not speech."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", inner) if len(w) > 3]
    if not words or re.search(r"[.!?]\W*$", inner.strip()):
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "'’":
        # An apostrophe inside a word ("China's") is not a quote mark.
        return not before.isalnum() and after.isalnum()
    if ch == '"' and before.isalnum():
        return False
    return not after.isspace()


def _is_closing(text: str, j: int) -> bool:
    after = text[j + 1] if j + 1 < len(text) else " "
    if text[j] in "'’":
        return not after.isalnum()
    return True


def _inner(text: str, span: _Span) -> tuple[int, int]:
    """The quoted words of a span, without the quotation marks."""
    end = span.end - 1 if span.end > span.start + 1 and text[span.end - 1] in _CLOSERS else span.end
    return _trimmed(text, span.start + 1, end)


def _merge_broken(text: str, spans: list[_Span]) -> list[_Span]:
    """“A,” he said. “B.” is one quote: the tag between two quotes of a paragraph joins them."""
    tag = re.compile(
        r"^\s*,?\s*(?:[\w’'.\-]+\s+){1,5}?(?:said|says|added|adds|noted|continued|stressed|"
        r"explained|went\s+on|reads|read|wrote|writes)(?:\s+[\w’'.\-]+){0,5}?\s*[,.:;]?\s*$"
    )
    out: list[_Span] = []
    for span in spans:
        if out:
            gap = text[out[-1].end : span.start]
            if "\n" not in gap and tag.match(gap):
                out[-1] = _Span(out[-1].start, span.end)
                continue
        out.append(span)
    return out


def extract_quotes(article: Article, context: DateContext) -> list[Quote]:
    return _Reader(article, context).read()


class _Reader:
    """One pass over an article, in text order, so "he" can point at whoever spoke last."""

    def __init__(self, article: Article, context: DateContext):
        self.article = article
        self.text = text = article.text
        raw_spans = find_quote_spans(text)
        self.quote_ranges = [(s.start, s.end) for s in raw_spans]
        self.spans = [s for s in _merge_broken(text, raw_spans) if _is_statement(text, s)]
        people = find_people(text, article.published)
        narrative = [p for p in people if not self._in_quote_or_bullet(p.start)]
        self.speakers = SpeakerResolver(text, list(people), narrative)
        self.records: list[_Record] = []
        self.speakers.contents = self.records
        self.dates = _DatesBySentence(text, context)
        self.used_spans: set[_Span] = set()

    def read(self) -> list[Quote]:
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", self.text)]
        sentences = split_sentences(self.text)
        open_record: _Record | None = None
        pending: Speaker | None = None  # the speaker of a courtesy, for the content after it
        answer: _Record | None = None
        qa = False
        for index, (p_start, p_end) in enumerate(paragraphs):
            paragraph = self.text[p_start:p_end]
            label = _LABEL.match(paragraph)
            if paragraph.rstrip().endswith("?"):
                qa, answer, open_record, pending = True, None, None, None
                continue
            if label and qa:
                who = self.speakers.resolve(label.group("label"), p_start, "said")
                if who is not None and who.kind == "person":
                    body = p_start + label.start("body")
                    answer = _Record(body, p_end, who, "direct", index)
                    self.records.append(answer)
                    self.speakers.said(body, who)
                    open_record = pending = None
                    self._nested_in_answer(sentences, body, p_end, index)
                    continue
            if answer is not None and not label:
                answer.end = p_end
                self._nested_in_answer(sentences, p_start, p_end, index)
                continue
            answer = None
            if self._is_heading(paragraph, index):
                open_record = pending = None
                self._direct_in(p_start, p_end, index, heading=True)
                continue
            pending = None  # a courtesy lends its speaker to its own paragraph only
            for sentence in (s for s in sentences if p_start <= s.start < p_end):
                open_record, pending = self._sentence(
                    sentence, index, open_record, pending, first=sentence.start == p_start
                )
            self._direct_in(p_start, p_end, index)
        return self._quotes()

    # --- one sentence ----------------------------------------------------------------------

    def _sentence(
        self, sentence: Sentence, index: int, open_record: _Record | None,
        pending: Speaker | None, *, first: bool,
    ) -> tuple[_Record | None, Speaker | None]:  # fmt: skip
        start, end = sentence.start, sentence.end
        if self._inside_quote(start, end):
            return open_record, pending
        quotes = [(s - start, e - start) for s, e in self.quote_ranges if s < end and start < e]
        found = frames(masked(sentence.text, quotes), self._is_speaker_at(start))
        if found:
            record = None
            for frame in found:
                record = self._framed(sentence, frame, index) or record
            return record, None
        if CEREMONIAL.search(sentence.text):
            who = self._courtesy_speaker(sentence)
            return open_record, who or pending
        if quotes and self._mostly_quoted(start, end):
            return None, None  # a direct quote of its own: handled with the quotes
        bullet = bool(_BULLET.match(sentence.text))
        if open_record is not None and _continues(open_record, sentence, index, first, bullet,
                                                  self.text):  # fmt: skip
            open_record.end = end
            open_record.paragraph = index
            # Quoted phrases inside a statement that goes on are part of it ("‘the law of the
            # jungle’"), not quotes of their own.
            self.used_spans.update(s for s in self.spans if start <= s.start and s.end <= end + 1)
            if open_record.kind == "reported" and self._has_fragment(start, end):
                open_record.kind = "mixed"
            return open_record, pending
        if (
            pending is not None
            and not _NARRATIVE.match(sentence.text)
            and _looks_said(sentence.text)
        ):
            record = _Record(start, end, pending, "reported", index)
            self.records.append(record)
            return record, None
        return None, None

    def _framed(self, sentence: Sentence, frame: Frame, index: int) -> _Record | None:
        start = sentence.start + frame.content_start
        end = sentence.start + frame.content_end
        start, end = _trimmed(self.text, start, end)
        if end <= start:
            return None
        who = self.speakers.resolve(frame.np, sentence.start + frame.np_start, frame.verb)
        covering = [s for s in self.spans if s.start < end and start < s.end]
        quoted = sum(min(s.end, end) - max(s.start, start) for s in covering)
        if covering and quoted >= 0.6 * (end - start):
            # The content is the quotation: a direct quote whose speaker the frame names.
            for span in covering:
                self._add_direct(span, who, index)
            if who is not None:
                self.speakers.said(start, who)
            return None
        kind = "reported"
        for span in covering:
            inner_start, inner_end = _inner(self.text, span)
            if start <= span.start and span.end <= end + 1:
                self.used_spans.add(span)
                if len(re.findall(r"\w+", self.text[inner_start:inner_end])) >= 2:
                    kind = "mixed"
        record = _Record(start, end, who, kind, index)
        self.records.append(record)
        if who is not None:
            self.speakers.said(start, who)
        return record

    def _is_speaker_at(self, offset: int):
        def is_speaker(phrase: str, start: int, verb: str) -> bool:
            return self.speakers.resolve(phrase, offset + start, verb) is not None

        return is_speaker

    def _courtesy_speaker(self, sentence: Sentence) -> Speaker | None:
        m = CEREMONIAL.search(sentence.text)
        head = sentence.text[: m.start()]
        head = re.split(r"[,;]", head)[-1]
        offset = sentence.start + sentence.text.rfind(head, 0, m.start() + 1)
        return self.speakers.resolve(head, offset, "said")

    def _nested_in_answer(
        self, sentences: list[Sentence], start: int, end: int, index: int
    ) -> None:
        """Someone else's words reported inside an answer are a record of their own."""
        for sentence in (s for s in sentences if start <= s.start < end):
            quotes = [(s - sentence.start, e - sentence.start) for s, e in self.quote_ranges
                      if s < sentence.end and sentence.start < e]  # fmt: skip
            for frame in frames(masked(sentence.text, quotes), self._is_speaker_at(sentence.start)):
                who = self.speakers.resolve(frame.np, sentence.start + frame.np_start, frame.verb)
                if who is None or who.kind != "person" or _pronoun(frame.np):
                    continue
                s, e = _trimmed(self.text, sentence.start + frame.content_start,
                                sentence.start + frame.content_end)  # fmt: skip
                # Its next sentences without a verb of their own go on with it.
                following = [x for x in sentences if e < x.start < end]
                for nxt in following:
                    if frames(nxt.text, self._is_speaker_at(nxt.start)) or _NARRATIVE.match(
                        nxt.text
                    ):
                        break
                    e = nxt.end
                self.records.append(_Record(s, e, who, "reported", index))

    # --- direct quotes -----------------------------------------------------------------------

    def _direct_in(self, start: int, end: int, index: int, *, heading: bool = False) -> None:
        """Direct quotes that begin in this paragraph and no frame has claimed."""
        for span in self.spans:
            if not (start <= span.start < end) or span in self.used_spans:
                continue
            if heading and span.end > end:
                continue
            who = self._speaker_for(span)
            self._add_direct(span, who, index)
            if who is not None:
                self.speakers.said(span.start, who)

    def _add_direct(self, span: _Span, who: Speaker | None, index: int) -> None:
        if span in self.used_spans:
            return
        self.used_spans.add(span)
        start, end = _inner(self.text, span)
        if any(r.kind == "direct" and r.start <= start and end <= r.end for r in self.records):
            return  # inside a labelled answer
        self.records.append(_Record(start, end, who, "direct", index))

    def _speaker_for(self, span: _Span) -> Speaker | None:
        """The speaker of a quote no frame claimed: a tag after it, an introduction before it
        in its paragraph ("he explained:"), or whoever spoke just before it."""
        text = self.text
        after = text[span.end : span.end + 160].split("\n")[0]
        m = re.match(
            r"\s*,?\s*(?:(?P<who>[^.,;“”\"]{1,60}?)\s+(?:also\s+)?(?:said|says|added|noted|stressed|"
            r"told\s+\w+|wrote|explained|remarked|continued|declared|insisted|argued|warned)\b"
            r"|(?:said|says|added|noted|stressed|wrote|explained|remarked)\s+(?P<who2>[^.,;“”\"]{1,80}))",
            after,
        )
        if m:
            phrase = m.group("who") or m.group("who2")
            offset = span.end + (m.start("who") if m.group("who") else m.start("who2"))
            who = self.speakers.resolve(phrase, offset, "said")
            if who is not None:
                return who
        para_start = text.rfind("\n", 0, span.start) + 1
        before = text[para_start : span.start]
        intro = re.search(r"(?P<who>[A-Z][^.;“”\"]{0,80}?)\s+(?:also\s+|further\s+|then\s+)?"
                          r"(?:said|says|noted|stressed|added|explained|wrote|declared|told\s+[^:]{1,40}|"
                          r"remarked|stated|emphasi[sz]ed|pointed\s+out|continued)\b[^“”\"]{0,80}$", before)  # fmt: skip
        if intro:
            who = self.speakers.resolve(intro.group("who"), para_start + intro.start("who"), "said")
            if who is not None:
                return who
        if not before.strip():
            # A quote that opens a paragraph after an introduction ("he explained:").
            lead_start = text.rfind("\n", 0, max(para_start - 1, 0)) + 1
            lead = text[lead_start:para_start].strip()
            intro = re.search(r"(?P<who>[A-Z][^.;“”\"]{0,80}?)\s+\w+\s*:$", lead)
            if intro:
                offset = text.find(lead, lead_start) + intro.start("who")
                who = self.speakers.resolve(intro.group("who"), offset, "said")
                if who is not None:
                    return who
        # No tag: the speaker of the statement just before goes on ("Further: “...”").
        previous = [r for r in self.records if r.end <= span.start and r.speaker is not None]
        if previous and text[previous[-1].end : span.start].count("\n") <= 4:
            return previous[-1].speaker
        return None

    # --- helpers -----------------------------------------------------------------------------

    def _inside_quote(self, start: int, end: int) -> bool:
        return any(s.start < start and end <= s.end for s in self.spans)

    def _mostly_quoted(self, start: int, end: int) -> bool:
        quoted = sum(min(s.end, end) - max(s.start, start) for s in self.spans
                     if s.start < end and start < s.end)  # fmt: skip
        return quoted >= 0.6 * (end - start)

    def _has_fragment(self, start: int, end: int) -> bool:
        for s, e in self.quote_ranges:
            if start <= s and e <= end + 1 and len(self.text[s:e].split()) >= 2:
                return True
        return False

    def _in_quote_or_bullet(self, offset: int) -> bool:
        if any(s <= offset < e for s, e in self.quote_ranges):
            return True
        line_start = self.text.rfind("\n", 0, offset) + 1
        return bool(_BULLET.match(self.text[line_start : line_start + 6]))

    def _is_heading(self, paragraph: str, index: int) -> bool:
        if index == 0 and self.article.title and paragraph.strip() == self.article.title.strip():
            return True
        words = paragraph.split()
        return len(words) < 25 and not _TERMINAL.search(paragraph) and not _BULLET.match(paragraph)

    def _quotes(self) -> list[Quote]:
        out: list[Quote] = []
        seen: set[tuple[int, int]] = set()
        for record in sorted(self.records, key=lambda r: (r.start, -r.end)):
            start, end = _trimmed(self.text, record.start, record.end)
            if (start, end) in seen or end - start < 3:
                continue
            seen.add((start, end))
            out.append(self._quote(record, start, end))
        return out

    def _quote(self, record: _Record, start: int, end: int) -> Quote:
        text = self.text[start:end]
        speaker = record.speaker or Speaker(None, None, None, "unknown")
        mentioned = sorted({m.code for m in gazetteer.find_countries(text)} - {gazetteer.CHINA})
        return Quote(
            article_id=self.article.article_id,
            speaker=speaker.name,
            speaker_country=speaker.country,
            speaker_role=speaker.role,
            kind=record.kind,
            text=text,
            date=self.dates.at(start),
            countries_mentioned=mentioned,
            span_start=start,
            span_end=end,
        )


def canonical_speakers(quotes: list[Quote], articles: list[Article]) -> list[Quote]:
    """Speakers named short ("Putin", "Thongloun") take the full name the same document gives
    ("Vladimir Putin") when exactly one full name fits, and its country when they have none."""
    countries: dict[str, str | None] = {}
    for article in articles:
        for person in find_people(article.text, article.published):
            if countries.get(person.name) is None:
                countries[person.name] = person.country
    for quote in quotes:
        if (
            quote.speaker
            and quote.speaker not in countries
            and not quote.speaker.startswith("the ")
        ):
            countries.setdefault(quote.speaker, quote.speaker_country)
    full_names = {name: set(name.split()) for name in countries if " " in name}
    for quote in quotes:
        if not quote.speaker or quote.speaker.startswith("the ") or ";" in quote.speaker:
            continue
        tokens = set(quote.speaker.split())
        longer = [n for n, t in full_names.items() if tokens < t]
        widest = [n for n in longer if not any(set(n.split()) < full_names[o] for o in longer)]
        if len(widest) == 1:
            quote.speaker = widest[0]
        organisation = next(
            (o for a in articles if (o := organisation_before_name(a.text, quote.speaker))), None
        )
        if organisation is not None:
            # "United Nations Secretary-General António Guterres" speaks for no country.
            if organisation.lower() not in (quote.speaker_role or "").lower():
                quote.speaker_role = f"{organisation} {quote.speaker_role or ''}".strip()
            quote.speaker_country = None
            continue
        if quote.speaker_country is None and quote.speaker in countries:
            quote.speaker_country = countries[quote.speaker] or next(
                (c for a in articles if (c := country_before_name(a.text, quote.speaker))), None
            )
    return quotes


def _is_statement(text: str, span: _Span) -> bool:
    start, end = _inner(text, span)
    inner = text[start:end]
    if re.search(r"\b(?:titled|entitled|named|called|themed|theme|slogan|motto|headlined)[\s,:]*$",
                 text[max(0, span.start - 20) : span.start]):  # fmt: skip
        return False  # "a speech titled “...”": a title, however long
    return len(re.findall(r"\w+", inner)) >= _MIN_WORDS and not _is_title(inner)


def _continues(record: _Record, sentence: Sentence, index: int, first: bool, bullet: bool,
               text: str) -> bool:  # fmt: skip
    """Whether a sentence without a frame goes on with the open record."""
    if record.kind == "direct":
        return False
    if _NARRATIVE.match(sentence.text) or CEREMONIAL.search(sentence.text):
        return False
    if record.paragraph == index:
        return True
    if record.paragraph != index - 1 or not first:
        return False
    if bullet:
        return True
    # A new paragraph continues only when it plainly goes on speaking (judged on its opening).
    paragraph_end = text.find("\n", sentence.start)
    opening = text[sentence.start : paragraph_end if paragraph_end >= 0 else len(text)][:400]
    opening = re.sub(r"[“\"][^”\"]*[”\"]?", " ", opening)  # what others are quoted saying
    return _looks_said(opening) and len(sentence.text.split()) >= 6


def _looks_said(sentence: str) -> bool:
    return bool(_SPEECH_LIKE.search(sentence)) and not re.match(r"^[“\"‘']", sentence)


def _pronoun(phrase: str) -> bool:
    return bool(re.match(r"^\s*(?:he|she|they|it|we|i)\s*$", phrase, re.I))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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

"""Speech frames: where a sentence says that someone said something, and what they said.

A frame is found in the words of one sentence, without knowing who anybody is; the quote
extractor asks `etl.speakers` whether the phrase in the speaker's place names a speaker.

    frame first     Wang Yi said (that) <content>.   the two sides agreed to <content>.
    tag last        <content>, Wang said.            <content>, said Xi.
    tag inside      This year, he continued, <content>.
    participle      Xi met Erdogan, saying (that) <content>.
    according to    According to X, <content>.       <content>, according to X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.fastmatch import fast_regex
from etl.text import alternation

# Verbs that report speech with a clause or an object ("stressed the importance of ...").
_OBJECT_VERBS = (
    r"said|says|say|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|underlined|"
    r"underscored|underscores|highlighted|highlights|reiterated|reiterates|reaffirmed|reaffirms|"
    r"affirmed|affirms|urged|urges|called\s+for|calls\s+for|called\s+on|calls\s+on|pledged|"
    r"pledges|vowed|vows|recalled|recalls|pointed\s+out|points\s+out|spoke\s+highly\s+of|"
    r"described|welcomed|welcomes|commended|commends|praised|praises|appreciated|appreciates|"
    r"hailed|hails|expressed|expresses|voiced|agreed|agree|agrees|told|tells"
)
# Verbs that report speech only with a clause ("added that", "he added.", "announced that").
_CLAUSE_VERBS = (
    r"added|adds|stated|states|explained|explains|observed|remarked|declared|asserted|insisted|"
    r"warned|argued|acknowledged|announced|announces|believed|believes|hoped|hopes|maintained|"
    r"replied|responded|continued|concluded|wrote|writes|reported|reports|confirmed|mentioned|"
    r"proposed|suggested|assured|read|reads|predicted|recognised|recognized|indicated"
)
VERB = rf"(?:{_OBJECT_VERBS}|{_CLAUSE_VERBS})"
_OBJECT_ONLY = re.compile(rf"(?:{_OBJECT_VERBS})$")
_PARTICIPLES = (
    r"saying|noting|stressing|emphasi[sz]ing|underlining|underscoring|highlighting|adding|"
    r"stating|affirming|reaffirming|reiterating|pointing\s+out|urging|calling\s+for|"
    r"calling\s+on|recalling|expressing|voicing|pledging|vowing|explaining|telling\s+(?:him|her|them|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})|"
    r"warning|insisting|arguing|declaring|acknowledging|describing|welcoming|praising|commending|"
    r"hoping|believing|announcing|agreeing"
)
_ADVERBS = (
    r"(?:(?:also|further|then|again|repeatedly|once\s+again|particularly|especially|specifically|"
    r"firmly|fully|highly|strongly|warmly|positively|sincerely|earnestly|clearly|explicitly|"
    r"publicly|later|previously|recently|had|has|have|would|jointly|both|all|each|separately|"
    r"unanimously|earlier|in\s+turn)\s+)*"
)
# Objects that make "expressed ..." a courtesy, not a statement.
_CEREMONIAL_OBJECT = re.compile(
    r"(?:his|her|their|its|the|sincere|heartfelt|deep|warm|deepest|profound|\s)*"
    r"(?:gratitude|thanks|condolences|sympathy|sympathies|pleasure|congratulations|greetings|"
    r"welcome|honou?r|delight|happiness|joy)\b",
    re.I,
)
# Sentences whose act is a courtesy: they are not statements, but the content sentences that
# follow them belong to the same speaker.
CEREMONIAL = re.compile(
    r"\b(?:thanked|thanks|congratulated|congratulates|conveyed|conveys|extended|wished|invited|"
    r"asked\s+.{1,60}?\s+to\s+convey|expressed\s+(?:his|her|their|its)?\s*(?:sincere\s+|heartfelt\s+|"
    r"deep\s+|warm\s+)*(?:gratitude|thanks|condolences|sympathy|pleasure|congratulations))\b"
)
# What is said after "expressed": the hope, belief ... that <content>.
_EXPRESSED_THAT = re.compile(
    r"\s*(?:(?:his|her|their|its|the|a|firm|strong|full|great|sincere)\s+)*"
    r"(?:hope|hopes|belief|confidence|conviction|expectation|wish|trust|view|readiness|"
    r"willingness|determination)\s+(?:that\s+)?"
)
# What may stand between a speech verb and its clause: "said (on Tuesday) (that)".
_WHEN = (
    r"(?:\s+(?:on|in|at|during|last|this|earlier|later)\s+[\w’'.-]+(?:\s+[\w’'.-]+)?(?=\s+that\b))?"
)
_THAT = re.compile(rf"{_WHEN}\s*(?:that\s*[,:]?\s+|:\s*|,\s*)?")
_TOLD_OBJECT = re.compile(
    r"\s*(?:him|her|them|reporters|journalists|the\s+media|the\s+press|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})"
    r"(?:\s+(?:in|during|at|on)\s+[^,;]{1,60}?)?\s*(?:,\s*)?(?:that\s+)?"
)
_TRAILING = (
    r"(?:\s+(?:here|there|today|yesterday|again|also|later|earlier|recently|then))*"
    r"(?:\s+(?:reporters|journalists|the\s+media|the\s+press|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}))?"
    r"(?:\s+(?:here|there|today|yesterday))?"
    r"(?:\s+(?:in|at|on|during|after|before|while|when|via|through|from)\s+[^,;.]{1,80})?"
)
_TAG_END = re.compile(
    rf",[\"”’']?\s*(?:(?P<np>[^,;:“”\"]{{1,90}}?)\s+{_ADVERBS}(?P<verb>{VERB}){_TRAILING}"
    rf"|(?P<verb2>said|added|noted|stressed|continued|explained|told\s+\w+)\s+"
    rf"(?P<np2>(?:[A-Z]|the\s+|a\s+|an\s+)[^,;.\s]*(?:\s+[^,;.\s]+){{0,7}}?){_TRAILING})"
    rf"(?P<adding>,\s*(?:adding|noting|stressing|saying)\b.*)?[.!?]?[\"”’]?\s*$"
)
# A dateline before a wire story's first sentence: "DUBLIN, Feb. 17 (Xinhua) — ".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'’-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}|[A-Z][A-Z .'’-]+)\s*"
    r"(?:\([^)]{1,40}\))?\s*[—–-]+\s*"
)
_TAG_INSIDE = re.compile(
    r"^(?P<pre>[^,]{3,300}|.{3,300}?(?=,\s*(?:he|she|they)\s)),\s*"
    r"(?P<np>he|she|they|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+"
    r"(?:said|added|continued|noted|stressed|insisted|argued|explained|stated|emphasi[sz]ed),\s+(?P<post>\S.*)$"
)
_ACCORDING_FIRST = re.compile(r"^According\s+to\s+(?P<np>[^,]{2,100}),\s*(?P<content>\S.*)$")
_ACCORDING_LAST = re.compile(r",\s*according\s+to\s+(?P<np>[^,;]{2,100}?)[.!?]?\s*$")
_FRONTED_PARTICIPLE = re.compile(
    r"^(?:Noting|Stressing|Pointing\s+out|Saying|Emphasi[sz]ing|Underlining|Underscoring|"
    r"Highlighting|Acknowledging|Reiterating|Reaffirming|Recalling)\s+that\s+"
)
_VERB_AT = re.compile(rf"(?<![\w-]){_ADVERBS}(?P<verb>{VERB})(?![\w-])")
_PARTICIPLE_AT = re.compile(rf",?\s+(?:{_ADVERBS})(?P<part>{_PARTICIPLES})(?![\w-])")
# Verbs by which one source passes on another's words.
_REPORTS = re.compile(r"(?:reported|reports|said|says|wrote|writes|noted|stated)$")
_RELATIVE = re.compile(r"^(?:who|which|whose|whom)\b")
# A clause opener before a subject: "where the two officers agreed", "and Wang said".
_OPENER = re.compile(r"^(?:where|when|while|as|and|but|so|whereas|after|before|since)\s+", re.I)


def _literal_heads(alternatives: str) -> list[str]:
    """The letters each top-level alternative of a regex starts with ("emphasi[sz]ed" gives
    "emphasi", "called\\s+for" gives "called"): one of them is in every match."""
    heads, depth, current = [], 0, ""
    for char in alternatives + "|":
        if char == "|" and depth == 0:
            heads.append(re.match(r"[a-z]*", current).group())  # type: ignore[union-attr]
            current = ""
            continue
        depth += char == "("
        depth -= char == ")"
        current += char
    if not all(heads):  # an alternative that opens with a class or group would need more
        raise ValueError(f"an alternative without leading letters in {alternatives!r}")
    return heads


# Every finder of frames() needs one of these in the sentence (in lower case): a speed-up only,
# most sentences of a readout report no speech.
_MAY_REPORT = re.compile(
    alternation([*_literal_heads(VERB[3:-1]), *_literal_heads(_PARTICIPLES), "according", "quot"])
)


def may_report(text: str) -> bool:
    """Whether a sentence has a word every speech frame needs (a speed-up only). The finders
    are case-sensitive, so the lower-cased text keeps every word they can match."""
    return _MAY_REPORT.search(text.lower()) is not None


@dataclass(frozen=True, slots=True)
class Frame:
    """One speech act in a sentence; offsets are relative to the sentence."""

    np: str  # the phrase in the speaker's place
    np_start: int
    content_start: int
    content_end: int
    form: str  # first | tag | inside | participle | according
    verb: str


def masked(sentence: str, quote_ranges: list[tuple[int, int]]) -> str:
    """The sentence with quoted words blanked, so verbs inside a quotation frame nothing."""
    chars = list(sentence)
    for start, end in quote_ranges:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i].isalnum():
                chars[i] = "x"
    return "".join(chars)


def frames(sentence: str, is_speaker) -> list[Frame]:
    """Speech frames of a sentence (quotations already blanked), in order.

    `is_speaker(np, np_start, verb)` says whether a phrase names a speaker; a frame is only kept
    when its phrase does. Usually one frame; two when a second speaker joins with its own
    verb ("Milei had said A, and his advisers have said B").
    """
    text = sentence.rstrip()
    if not may_report(text):
        return []  # no speech verb, participle, "according" or "quoted": nothing to frame
    for finder in (_quoted_as_saying, _according, _tag_inside, _tag_end, _frame_first, _participle):
        found = finder(text, is_speaker)
        if found is not None:
            return _with_second_speaker(text, found, is_speaker)
    return []


_QUOTED_AS_SAYING = fast_regex(
    r"\bquot(?:ed|es|ing)\s+(?P<np>[^,;]{2,100}?)\s+as\s+(?:saying|stating|telling\s+\w+)\s*(?:that\s+|:\s*|,\s*)?"
)


def _quoted_as_saying(text: str, is_speaker) -> Frame | None:
    """ "TASS quoted Russian Presidential Aide Yury Ushakov as saying that ...": Ushakov."""
    m = _QUOTED_AS_SAYING.search(text)
    if m and len(text[m.end() :].split()) >= 3 and is_speaker(m.group("np"), m.start("np"), "said"):
        return Frame(m.group("np"), m.start("np"), m.end(), len(text), "first", "said")
    return None


def _according(text: str, is_speaker) -> Frame | None:
    m = _ACCORDING_FIRST.match(text)
    if m and is_speaker(m.group("np"), m.start("np"), "said"):
        return Frame(
            m.group("np"), m.start("np"), m.start("content"), len(text), "according", "according to"
        )
    m = _ACCORDING_LAST.search(text)
    if (
        m
        and len(text[: m.start()].split()) >= 3
        and is_speaker(m.group("np"), m.start("np"), "said")
    ):
        return Frame(m.group("np"), m.start("np"), 0, m.start() + 1, "according", "according to")
    return None


def _tag_inside(text: str, is_speaker) -> Frame | None:
    m = _TAG_INSIDE.match(text)
    if m and len(m.group("post").split()) >= 3 and is_speaker(m.group("np"), m.start("np"), "said"):
        return Frame(m.group("np"), m.start("np"), 0, len(text), "inside", "said")
    return None


def _tag_end(text: str, is_speaker) -> Frame | None:
    m = _TAG_END.search(text)
    if m is None or len(text[: m.start()].split()) < 3:
        return None
    np = m.group("np") or m.group("np2")
    np_start = m.start("np") if m.group("np") else m.start("np2")
    verb = m.group("verb") or m.group("verb2")
    if np is None or not is_speaker(np, np_start, verb):
        return None
    start = _FRONTED_PARTICIPLE.match(text) or _DATELINE.match(text)
    content_start = start.end() if start else 0
    # "<content>, Wang said, adding that <more>": one record to the end; else up to the comma.
    end = len(text) if m.group("adding") else m.start() + 1
    return Frame(np, np_start, content_start, end, "tag", verb)


def _frame_first(text: str, is_speaker) -> Frame | None:
    fronted = _FRONTED_PARTICIPLE.match(text)
    for m in _VERB_AT.finditer(text):
        verb = re.sub(r"\s+", " ", m.group("verb"))
        if m.start() == 0:
            continue
        np, np_start = _subject_before(text, m.start())
        if np is None:
            continue
        content_start = _content_start(text, m.end(), verb)
        if content_start is None:
            continue
        if not is_speaker(np, np_start, verb):
            continue
        if len(re.findall(r"\w+", text[content_start:])) < 2:
            return None
        if fronted and fronted.end() < np_start:
            content_start = fronted.end()
        inner = _frame_first(text[content_start:], is_speaker) if _REPORTS.match(verb) else None
        lead = text[content_start : content_start + inner.np_start] if inner else ""
        lead = re.sub(r"[’']s\b", "", lead)  # "China’s Ambassador to Colombia, Zhu ..."
        if (
            inner is not None
            and re.match(r"(?:reported|said|wrote|told|stated|noted|stressed|added)$", inner.verb)
            and not re.search(r"\b(?!(?:of|the|to|and|for|in)\b)[a-z]+\b", lead)
        ):
            # "Nhân Dân reported that Lukashenko wrote that ...": Lukashenko's words.
            return Frame(inner.np, content_start + inner.np_start, content_start + inner.content_start,
                         len(text), "first", inner.verb)  # fmt: skip
        return Frame(np, np_start, content_start, len(text), "first", verb)
    return None


def _participle(text: str, is_speaker) -> Frame | None:
    for m in _PARTICIPLE_AT.finditer(text):
        if m.start() < 8:
            continue
        part = m.group("part")
        start = m.end()
        after = text[start:]
        if part.startswith("expressing") or part.startswith("voicing"):
            if _CEREMONIAL_OBJECT.match(after):
                continue
            hope = _EXPRESSED_THAT.match(after)
            start += hope.end() if hope else 0
        else:
            that = re.match(r"\s*(?:that\s+|:\s*)?", after)
            start += that.end()
        if len(re.findall(r"\w+", text[start:])) < 3:
            continue
        subject = _sentence_subject(text[: m.start()])
        if subject is None or not is_speaker(subject[0], subject[1], part):
            continue
        return Frame(subject[0], subject[1], start, len(text), "participle", part)
    return None


def _with_second_speaker(text: str, frame: Frame, is_speaker) -> list[Frame]:
    """ "A said X, and B (have) said Y": two speakers, two frames."""
    body = text[frame.content_start : frame.content_end]
    m = re.search(
        rf"(?:,\s*and|;)\s+(?P<np>[^,;]{{2,60}}?)\s+{_ADVERBS}(?P<verb>said|says|noted|stressed|added|"
        rf"agreed|urged|stated|warned|argued|insisted|believe[sd]?)\s+(?:that\s+)?",
        body,
    )
    if m is None:
        return [frame]
    np_start = frame.content_start + m.start("np")
    if m.group("np").lower() in ("he", "she") or not is_speaker(
        m.group("np"), np_start, m.group("verb")
    ):
        return [frame]
    cut = frame.content_start + m.start()
    first = Frame(frame.np, frame.np_start, frame.content_start, cut, frame.form, frame.verb)
    second = Frame(m.group("np"), np_start, frame.content_start + m.end(), frame.content_end,
                   "first", m.group("verb"))  # fmt: skip
    return [first, second]


_ASIDE = re.compile(
    r"^(?:(?:for|on)\s+(?:his|her|their|its)\s+part|in\s+turn|in\s+response|in\s+reply|"
    r"meanwhile|however|moreover|furthermore|in\s+addition|likewise|similarly|separately|"
    r"for\s+example|in\s+particular|too)$",
    re.I,
)


def _subject_before(text: str, verb_start: int) -> tuple[str | None, int]:
    """The phrase before a verb that can be its subject: the last comma-free stretch,
    stepping back over a relative clause ("Abiy, who visited Beijing, said") or an aside
    ("Albares, for his part, said"). A verb joined by "and" shares the sentence's subject
    ("He thanked China ... and said that ...")."""
    head = text[:verb_start]
    if re.search(r"\band\s+$", head):
        subject = _sentence_subject(head)
        return subject if subject is not None else (None, 0)
    # "the Central Committee of the Communist Party of China (CPC) wrote": the aside goes.
    head = re.sub(r"\s*\([^()]{1,40}\)", lambda m: " " * len(m.group()), head)
    pieces = [(m.start(), m.group()) for m in re.finditer(r"[^,;:]+", head)]
    if pieces and re.fullmatch(r"\s*(?:who|whom)\s*", pieces[-1][1]):
        # "Professor Xie Bizhen, academic head of the institute, who emphasised that":
        # the relative pronoun stands for the last name before it.
        names = list(re.finditer(r"[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*)+", head[: pieces[-1][0]]))
        return (names[-1].group(), names[-1].start()) if names else (None, 0)
    for start, piece in reversed(pieces[-4:]):
        stripped = piece.strip()
        if not stripped or _ASIDE.match(stripped):
            continue
        if _RELATIVE.match(stripped):
            continue
        opener = _OPENER.match(stripped)
        if opener and len(stripped) > opener.end():
            stripped = stripped[opener.end() :]
        if len(stripped.split()) > 14:
            return None, 0
        stripped = re.sub(r"\s{2,}", " ", stripped)
        return stripped, start + len(piece) - len(piece.lstrip())
    return None, 0


_SUBJECT = fast_regex(
    r"(?P<np>(?:[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he\s+|[Bb]oth\s+)?(?:(?:two|three|four)\s+)?"
    r"(?:[A-Z][\w’'.\-]*\s+|of\s+|the\s+|and\s+|(?:bin|al|de|da|van|von)\s+)*"
    r"(?:[A-Z][\w’'.\-]*|sides|leaders|parties|side)))"
    r"(?:\s*,[^,]{1,80},)?\s+(?:also\s+|then\s+|later\s+|further\s+|had\s+|has\s+)?[a-z]"
)
_LEADING_ADVERBIAL = re.compile(
    r"^(?:(?:also|later|earlier|then|meanwhile|separately|the\s+same\s+day|later\s+that\s+day)\s+"
    r"|(?:the\s+(?:next|following|previous|same)\s+(?:day|week|month|year|morning|evening)|"
    r"last\s+\w+|this\s+\w+|earlier\s+\w+|later\s+\w+|in\s+\d{4})[^,]{0,40},\s*"
    r"|(?:on|in|at|during|after|before|following|prior\s+to|when|while|as)\b[^,]{0,80},\s*"
    r"|[A-Z][a-z]+ing\b[^,]{0,80},\s*)",
    re.I,
)


def _sentence_subject(head: str) -> tuple[str, int] | None:
    """The subject of a sentence's main clause: the name, pronoun or group that opens it,
    after leading adverbials ("On Tuesday, Xi met ...", "The same day he met ...")."""
    dateline = _DATELINE.match(head)
    offset = dateline.end() if dateline else 0
    while True:
        lead = _LEADING_ADVERBIAL.match(head[offset:])
        if lead is None or not lead.group().strip():
            break
        offset += lead.end()
    m = _SUBJECT.match(head, offset)
    if m is None:
        return None
    return m.group("np"), m.start("np")


def _content_start(text: str, after_verb: int, verb: str) -> int | None:
    """Where the content begins after a speech verb, or None when the verb does not report
    speech here ("added to", "expressed gratitude", "agreed with")."""
    rest = text[after_verb:]
    base = verb.split()[0]
    if base in ("agreed", "agree", "agrees"):
        m = re.match(r"\s*(?:that\s+|on\s+|to\s+(?=\w))", rest)
        if m is None:
            return None
        # "agreed to <content>" keeps its "to": the content is what they agreed to do.
        return after_verb + (m.start() + 1 if m.group().strip() == "to" else m.end())
    if base in ("expressed", "expresses", "voiced"):
        if _CEREMONIAL_OBJECT.match(rest):
            return None
        m = _EXPRESSED_THAT.match(rest)
        return after_verb + (m.end() if m else len(rest) - len(rest.lstrip()))
    if base in ("told", "tells"):
        m = _TOLD_OBJECT.match(rest)
        if m is None or not re.search(r"that\s+$|,\s*$", m.group()):
            return None
        return after_verb + m.end()
    # Welcoming a guest or a visit is a courtesy; welcoming a position is a statement.
    courtesy = re.match(
        r"\s*(?:(?:the|his|her|their)\s+(?:visit|delegation|arrival|guests?)\b"
        r"|(?:[A-Z][\w’'\-]+\s+){0,4}[A-Z][\w’'\-]+(?:\s+(?:to|back|on\s+(?:his|her|their)\s+visit)\b|\s*[.,]?$))",
        rest,
    )
    if base in ("welcomed", "welcomes", "commended", "commends", "praised", "praises") and courtesy:
        return None
    if base in ("read", "reads") and not re.match(r"\s*(?:that\b|:|,)", rest):
        return None
    if _OBJECT_ONLY.match(verb):
        m = _THAT.match(rest)
        return after_verb + m.end()
    # Clause-only verbs: "added that ...", "announced: ...", "wrote to its counterpart that".
    m = re.match(
        rf"{_WHEN}\s*(?:to\s+[^,;:.“”\"]{{1,60}}?\s+)?(?:,\s*)?(?:that\s*:?\s*|:\s*)", rest
    )
    return after_verb + m.end() if m else None

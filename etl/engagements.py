"""Engagements: who met, called, visited or messaged whom, when, at what level.

Works sentence by sentence over one article. A sentence yields engagements when it has an
engagement verb (trigger), a Chinese actor (named in it or carried from earlier in the
article) and a foreign counterpart (a person tied to a country, a country, or an
international organisation). Plans, invitations, hopes and refusals are not engagements.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache

from etl import gazetteer
from etl.actors import Person, Roster, find_people
from etl.dates import DateContext, Narrative, anniversary_day, find_dates
from etl.fastmatch import fast_regex, lower_for_matching
from etl.records import Article, DateValue, Engagement
from etl.segment import CHINESE_MISSION
from etl.text import DASH_CLASS, Sentence, alternation, plain, split_sentences

# Bilateral engagement verbs, strongest first: a sentence takes the first that matches.
_BILATERAL: list[tuple[str, re.Pattern[str]]] = [
    (
        "call",
        fast_regex(
            r"\b(?:(?:tele)?phone (?:calls?|conversations?|talks?)|video (?:calls?|link|conferences?|meetings?|talks)"
            r"|virtual (?:meeting|talks|summit)|(?:spoke|spoken|speaks|speaking|talked|talks) (?:with [^.;]{1,80}? )?"
            r"(?:by|on the|over the) (?:tele)?phone|speaks with|spoke with)\b",
            re.I,
        ),
    ),
    (
        "message",
        fast_regex(
            r"\b(?:exchang\w+ (?:of )?(?:congratulat\w+|condolence\w*|messages|letters|greetings)"
            r"|(?:sent|sends|send) (?:a |his |her )?(?:congratulatory |condolence )?(?:message|letter|cable)s?"
            r"|congratulatory (?:message|letter|telegram)s?|messages? of (?:congratulation|condolence|sympathy|support)s?"
            r"|(?:congratulated|congratulates|to congratulate) (?:his|her|the|[A-Z]\w+) (?:[A-Z]\w+ )?(?:counterpart|President|Prime Minister|leader|Premier|King|Emir)"
            r"|replied to (?:a |the )?letter|wrote (?:a letter|back) to|wrote to)\b",
            re.I,
        ),
    ),
    (
        "talks",
        re.compile(
            r"\b(?:held|hold|holds|holding|had) (?:[\w-]+ ){0,3}(?:talks|consultations|negotiations)\b"
            r"|\b(?:talks|consultations|negotiations) (?:[\w-]+ ){0,6}?"
            r"(?:with|between(?=[^.;]{0,160}\b(?:China|Chinese)\b))\b"
            # a chronology's cell: "State visit to Kyrgyzstan; talks on Thu 13 June"
            r"|(?:^|(?<=[;|])\s*)talks\b",
            re.I,
        ),
    ),
    (
        "meeting",
        re.compile(
            r"\b(?:met|meets|meetings?|(?:received|receives|receiving)(?!\s+(?:\w+\s+){0,2}(?:attention|support|welcome|praise|coverage|response|reply|letters?|messages?|invitations?|awards?|honou?rs?|training|aid|assistance|vaccines?|treatment|recognition|congratulations|calls?)\b)|sideline meetings?"
            r"|(?:tea|breakfast|luncheon|dinner) (?:chat|talk|meeting)s?|working (?:breakfast|lunch|dinner)"
            r"|courtesy call"
            # "Wang Yi and Dominican Foreign Minister Vargas sign the joint communiqué"
            r"|sign(?:ed|s)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:communiqu[eé]|agreements?"
            r"|memorand\w+|declaration|treaty|protocol|accord)\b"
            # "called on President Batet"; not "called on the US to stop ..."
            r"|(?:called|calls|calling) on (?=(?:[A-Z]|the [A-Z]|H\.E\.)(?![^.;]{0,80}? to [a-z]+\b))"
            r"|(?:held|hold|holds|had) (?:a |an )?(?:[\w-]+ ){0,2}meetings?)\b"
            r"|\bMeeting with\b|\bmet with\b|\bwelcomed\b(?= (?:the |a |an )?(?:[\w’'-]+ ){0,4}(?:delegation|President|Minister|Premier))",
            re.I,
        ),
    ),
]  # fmt: skip
_VISIT = fast_regex(
    r"\b(?:state visit|official visit|working visit|visit(?:ed|ing)?|visits(?=\s+[A-Z])"
    r"|paid (?:an? )?[\w ]{0,20}visit|arrived in|flew to|trip to|tour of)\b",
    re.I,
)
_ATTENDED_REMOTELY = fast_regex(
    r"\b(?:attend\w*|address\w*|join\w*|witness\w*|inaugurat\w*|open\w*|launch\w*|speak\w*"
    r"|spoke|participat\w*)\b(?:\s+the\s+[\w\s-]{0,30}?)?[\s,]*(?:by|via|through)\s+$",
    re.I,
)
# ", during which Rome signed ...": a clause with a subject of its own.
_SUBORDINATE = re.compile(r",\s+(?:during which|where|when|while)\b")
_VISIT_REPORTED = re.compile(
    r"\b(?:paid|pays|paying|made|makes|concluded|began|started)\s+(?:an?\s+|his\s+|her\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,3}visit\b|\bvisited\b|\barrived in\b"
    # a chronology's cell that names the visit: "| State visit to Tajikistan; talks on the 15th"
    r"|(?:^|[|;])\s*(?:state|official|working)\s+visit\b",
    re.I,
)
_FOR_FORUM = re.compile(
    r"[^.;]{0,60}?\b(?:to attend|to participate in|to take part in|for the)\b", re.I
)
_MULTILATERAL = re.compile(
    r"\b(?:attend(?:ed|s|ing)?|chair(?:ed|s|ing)?|co-chair(?:ed|s|ing)?|participat(?:ed|es|ing) in"
    r"|addresse[ds]|spoke at|speaks at|speaking at|t(?:ook|akes) part in|open(?:ed|s)|co-host(?:ed|s|ing)?|host(?:ed|s)|(?:is|was) hosting"
    r"|presided over|attendance at|participation in)\b[^.;]{0,140}?"
    r"\b(?:summit|meeting|conference|forum|session|dialogue|assembly|ceremony|inauguration|commemorations?"
    r"|funeral|celebrations?|parade)\b"
    # "South Korea, China and Japan held their first trilateral summit in Seoul"
    r"|\bheld\s+(?:their|its|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:trilateral|quadrilateral)?\s*summit\b"
    # "The eighth China-CEEC leaders' meeting was held in Dubrovnik ..., co-chaired by Li":
    # the forum first, then what happened to it.
    r"|\b(?:summit|meeting|conference|forum|dialogue)\b[^.;]{0,40}?\b(?:was|were)\s+"
    r"(?:held|convened|hosted|co-hosted|chaired|co-chaired)\b[^.;]{0,80}?\b(?:co-)?(?:chaired|hosted)\b",
    re.I,
)
_DELEGATION = re.compile(r"\b(?:delegations?|visitors)\b", re.I)
# A party's delegation, not "a party and state delegation" led by the NPC chairman.
_PARTY_DELEGATION = re.compile(
    r"\b(?<!and )(?:party|CPC)\s+delegations?\b"
    r"|\bdelegations?\s+(?:of|from)\s+(?:the\s+)?(?:[\w’'()-]+\s+){0,6}?(?:Party|CPC|Front)\b",
    re.I,
)


def _is_party_delegation(text: str, cn_actor: Person | None) -> bool:
    """Party-to-party exchanges: a party's delegation, or a delegation met by the CPC's
    International Department."""
    delegation = _DELEGATION.search(text)
    if not delegation:
        return False
    # "the Broad Front delegation", "a delegation of senior cadres from the JVP": a party
    # from the gazetteer next to the word.
    near_party = any(
        m.kind == "party" and abs(m.start - delegation.start()) < 100
        for m in gazetteer.find_countries(text)
    )
    return (
        near_party
        or bool(_PARTY_DELEGATION.search(text))
        or (cn_actor is not None and cn_actor.level == "party_international")
    )


# A country's own occasion: attending it is a visit to that country, not a multilateral meeting.
_NATIONAL_EVENT = fast_regex(
    r"\b(?:inauguration|swearing-in|funeral|national day|independence day|celebrations?|parade"
    r"|anniversary)\b",
    re.I,
)

# Clauses that make an engagement not (yet) real.
_IRREALIS = fast_regex(
    r"\b(?:will|would|shall|plans? to|planned|planning to|scheduled|is set to|are set to|expected to"
    r"|invit\w+ [^;]{0,60}? to (?:\w+ )?(?:visit|attend|make|pay|come)|look(?:s|ed|ing)? forward to"
    r"|(?:may|might|could) (?:\w+ )?(?:visit|meet|hold|travel|attend|go)"
    r"|hop(?:es|ed|ing)? to|wish(?:es|ed)? to|wants? to|wanted to|intends? to|aims? to"
    r"|next (?:year|month|week)|upcoming|proposed"
    r"|ready to (?:visit|meet|hold)|to be held"
    # "The program of the Ecuadorian president includes a meeting on Thursday with ..."
    r"|(?:program(?:me)?|schedule|agenda|itinerary)\b[^.;]{0,40}?\b(?:includes?|including|features?))\b",
    re.I,
    always=True,
)
# Readiness and agreement before the verb make it a plan: "China is willing to work with
# Germany to hold the eighth round of consultations", "agreed to hold biennial summits".
_HEADLINE_FUTURE = re.compile(
    r"\bto (?:attend|visit|meet|hold|pay|travel|co-host|host|tour)\b", re.I
)
_PLANNED = fast_regex(
    r"\b(?:willing|ready|prepared|agreed|decided|pledged|vowed) to\b[^.;]{0,80}$", re.I
)
# Engagements that did not happen, wherever the sentence says so.
_NEGATED = fast_regex(
    r"\b(?:refused|declined|cancel+ed|postponed|called off|no (?:meeting|talks|visit)|not on the agenda"
    r"|did not (?:meet|visit|hold)|would not|boycott\w*"
    # Counts of engagements are statements about relations, not engagements:
    # "held over 20 meetings", "frequent high-level visits".
    r"|(?:over|more than|dozens of|numerous|many|several|frequent|\d+)\s+(?:high-level\s+)?(?:meetings|visits|talks|phone calls)"
    r"|(?:met|spoke|talked)\s+(?:\w+\s+){0,4}(?:times|occasions)"
    # "for a series of meetings on August 20": a summary of meetings reported one by one.
    r"|(?:a\s+series|a\s+number)\s+of\s+(?:\w+\s+){0,2}(?:meetings|talks|visits)"
    # "Araghchi briefed Wang Yi on his meeting with Lammy": someone else's meeting, told.
    r"|(?:briefed|informed|told)\s+[^.;]{0,60}?\b(?:on|of|about)\s+(?:his|her|their|the)\b[^.;]{0,60}?"
    r"\b(?:meeting|talks|visit|call)"
    # Press conferences are not meetings with a country.
    r"|(?:met|spoke|talked)\s+(?:with|to)?\s*(?:the\s+)?(?:\w+\s+){0,2}"
    r"(?:press|reporters|journalists|media))\b",
    re.I,
    always=True,
)
_MONTH_BEFORE = fast_regex(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+$", re.I
)


def _negated(text: str) -> bool:
    """Whether the sentence says its engagement did not happen, or only counts engagements;
    "February 18 meetings" is a date, not a count."""
    return any(
        not (m.group()[:1].isdigit() and _MONTH_BEFORE.search(text, 0, m.start()))
        for m in _NEGATED.finditer(text)
    )


_SPEECH = re.compile(
    r"\b(?:said|says|stated|noted|stressed|pointed out|added|underscored|emphasi[sz]ed|recalled"
    r"|recalling)\b"
)
_CHINA_WORDS = fast_regex(
    r"\b(?:China|Chinese|Beijing|CPC|National People['’]s Congress|NPC|CPPCC|State Council)\b"
)


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    start: int
    end: int


def extract_engagements(article: Article, context: DateContext) -> list[Engagement]:
    text = article.text
    people = find_people(text, article.published)
    if article.outlet and CHINESE_MISSION.match(article.outlet):
        # On a Chinese embassy's own page "Ambassador Wu Haitao" is China's ambassador.
        people = [
            replace(p, country=gazetteer.CHINA, level="other_official")
            if p.country is None and p.role and re.fullmatch(r"(?:Chinese\s+)?Ambassador", p.role)
            else p
            for p in people
        ]
    roster = Roster()
    for person in people:
        roster.add(person)
    found: list[Engagement] = []
    last_cn: Person | None = None
    passage_country: str | None = None  # the foreign country the text is about so far
    narrative = Narrative(context)
    lead_at = len(text) + 1  # where the first current date was read
    episodes: dict[str, DateValue] = {}  # each Chinese actor's last date of their own
    for sentence in split_sentences(text):
        in_sentence = [p for p in people if sentence.start <= p.start < sentence.end]
        in_sentence += _bare_mentions(sentence, roster, in_sentence)
        in_sentence.sort(key=lambda p: p.start)
        foreign_here = {
            m.code
            for m in gazetteer.find_countries(sentence.text)
            if m.code not in gazetteer.CHINESE_REGIONS
        }
        if not foreign_here:
            # "Xi Jinping and Vladimir Putin held talks in the Kremlin": the people say it.
            foreign_here = {
                p.country
                for p in in_sentence
                if p.country is not None and p.country not in gazetteer.CHINESE_REGIONS
            }
        earlier_passage = passage_country  # whom "he" and "she" can mean in this sentence
        if len(foreign_here) == 1:
            passage_country = next(iter(foreign_here))
        chinese = _acting_first([p for p in in_sentence if p.country == gazetteer.CHINA], text)
        actor_at = chinese[0].start - sentence.start if chinese else None
        may_engage = _may_engage(sentence.text)
        triggers = _triggers(sentence.text, actor_at) if may_engage else []
        # "Meeting with Sosa, Wang Yi said that last November, President Xi held a meeting
        # with President Arce": what was said is a clause of its own, with its own date.
        speech = _SPEECH.search(sentence.text, min((t.end for t in triggers), default=0))
        cut = speech.start() if speech else None
        if sentence.start == 0 or text[sentence.start - 1] == "\n":
            # The paragraph's opening, not the sentence: "26.03.2023 — Beijing." has full stops.
            narrative.open_paragraph(text[sentence.start : sentence.start + 60].split("\n")[0])
        main_date = narrative.date_of(sentence.text, cut)
        if (main_date is None or main_date.basis in _BORROWED) and _ON_THE_ANNIVERSARY.search(
            sentence.text
        ):
            anniversary = anniversary_day(text, _year_of(context, main_date))
            main_date = DateValue(anniversary, "day", "text") if anniversary else main_date
        if chinese and main_date is not None:
            main_date = _episode_date(episodes, chinese[0].name, main_date, sentence.text)
        if (
            main_date is not None
            and main_date.basis == "context"
            and _SOME_TIME_AGO.search(sentence.text[:cut])
        ):
            main_date = None  # "Not long ago, Xi and Zardari held a successful meeting"
        if narrative.first_current is not None and lead_at > len(text):
            lead_at = sentence.end
        if not may_engage:  # no clause of it can name an engagement; the narrative went on
            if chinese:
                last_cn = chinese[0]
            continue
        # "was received by King Salman, and then held talks with the Crown Prince": one
        # clause per engagement verb joined by "and".
        # Each further coordinated part may carry its own date: "On Thursday, he met X, and on
        # Friday he met Y".
        parts = _coordinated(_clause(sentence, 0, cut))
        # (A sentence that starts with the speech verb has no clause before it: no parts.)
        # "The two leaders last met in Samarkand in September 2022, and held a video conference
        # on December 30": with several parts, each is dated by its own words first.
        clauses = [
            (part, main_date if len(parts) == 1 else narrative.own_date(part.text) or main_date)
            for part in parts
        ]
        if speech is not None:
            reported = _clause(sentence, speech.end(), None)
            reported_date = narrative.own_date(reported.text)
            if reported_date is not None:
                clauses.append((reported, reported_date))
        for clause, clause_date in clauses:
            found.extend(
                _from_clause(
                    article,
                    sentence,
                    clause,
                    clause_date,
                    in_sentence,
                    people,
                    last_cn,
                    passage_country,
                    # "The two leaders last met ..., and held a video conference ...": the
                    # subject the sentence refers back to holds for each part.
                    chinese[0]
                    if chinese
                    else last_cn
                    if _refers_back(sentence.text, last_cn)
                    else None,
                    narrative.own_date,
                    earlier_passage,
                )
            )
        if chinese:
            last_cn = chinese[0]
    _date_headline(found, narrative.first_current or _published(context), lead_at)
    return _merge_within_article(found)


# An earlier occasion the text does not date: not the day the story has reached.
_SOME_TIME_AGO = fast_regex(
    r"\b(?:[Nn]ot (?:too |so |very )?long ago|[Rr]ecently|[Pp]reviously|[Ee]arlier this year)\b"
)
# "exchanged congratulatory messages ... on the anniversary day"
_ON_THE_ANNIVERSARY = re.compile(
    r"\bon the (?:anniversary(?: day)?|day of the anniversary)\b", re.I
)


def _year_of(context: DateContext, value: DateValue | None) -> int | None:
    if value is not None:
        return value.value.year
    return context.published.year if context.published else context.publication_year


# "During his visit, Liu also met ...": the sentence goes on with an occasion told before.
_SAME_OCCASION = re.compile(
    r"\b(?:during|in the course of|on the sidelines of)\s+(?:his|her|the|this|that)\s+"
    r"(?:[\w-]+\s+){0,2}(?:visit|trip|stay|tour)\b",
    re.I,
)


def _episode_date(
    episodes: dict[str, DateValue], actor: str, value: DateValue, text: str
) -> DateValue:
    """ "In August 2024, during his visit to Uruguay, Liu ... met ... During his visit, Liu
    also met Ana Olivera": a sentence that continues an actor's earlier occasion takes that
    occasion's date, not the date the article's own story has reached."""
    if value.basis != "context":
        episodes[actor] = value
        return value
    earlier = episodes.get(actor)
    if earlier is not None and _SAME_OCCASION.search(text):
        return DateValue(earlier.value, earlier.precision, "context")
    return value


_COORDINATED_VERB = re.compile(
    r"(?:,\s*|\s+)and\s+(?:then\s+|later\s+|also\s+)?(?=(?:held|had|met|received|hosted)\b)"
    # "..., and top legislator Li Zhanshu also met with him": a second subject.
    r"|,\s*and\s+(?=(?:[\w’'-]+\s+){1,6}(?:also|separately)\s+(?:met|held|received)\b)"
    # "..., and on Friday he met with President Boric": a second engagement with its own time.
    r"|,\s*and\s+(?=(?:on|in|at|later|then)\b[^,;]{0,40}?\b(?:he|she|they)\s+(?:also\s+)?"
    r"(?:met|held|received|visited|called)\b)"
)


def _coordinated(clause: Sentence) -> list[Sentence]:
    """A clause split before each further engagement verb it coordinates with "and"."""
    splits = [(m.start(), m.end()) for m in _COORDINATED_VERB.finditer(clause.text)]
    splits += _visit_splits(clause.text)
    # "the first Chinese President to visit the country since Hu Jintao's state visit in
    # November 2006": the earlier visit is an engagement of its own.
    splits += [(m.start(), m.end()) for m in _SINCE_VISIT.finditer(clause.text)]
    for match in _SECOND_SUBJECT.finditer(clause.text):
        # "Li Qiang held talks with her on 9 July and President Xi Jinping held talks with her
        # on 10 July", but not "Xi and Marcos held talks": the first part has its own verb.
        left = clause.text[: match.start()]
        if any(pattern.search(left) for _, pattern in _BILATERAL):
            splits.append((match.start(), match.end()))
    parts, start = [], 0
    for split_start, split_end in sorted(set(splits)):
        if split_start < start:
            continue
        parts.append(_clause(clause, start, split_start))
        start = split_end
    parts.append(_clause(clause, start, None))
    return [p for p in parts if p.text.strip()]


_SINCE_VISIT = re.compile(
    r"\s+since\s+(?=(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*['’]s\s+(?:state\s+|official\s+)?visit\b)"
)


def _visit_splits(text: str) -> list[tuple[int, int]]:
    """ "Following Trong's official visit to China in October 2022, during the state visit to
    Vietnam by Xi Jinping in December 2023, ...": two visits, each dated in its own phrase, are
    two engagements; the clause splits at the comma before the later one."""
    visits = [m for m in _VISIT.finditer(text) if m.group().lower() != "visiting"]
    out = []
    for first, second in itertools.pairwise(visits):
        comma = text.rfind(",", first.end(), second.start())
        if comma < 0:
            continue
        dated = [
            any(m.month is not None or m.year is not None for m in find_dates(text[a:b]))
            for a, b in ((first.end(), comma), (second.end(), _phrase_end(text, second.end())))
        ]
        if all(dated):
            out.append((comma, comma + 1))
    return out


def _phrase_end(text: str, start: int) -> int:
    comma = text.find(",", start)
    return len(text) if comma < 0 else comma


_SECOND_SUBJECT = re.compile(
    r"\s+and\s+(?=(?:[A-Z][\w’'-]*\s+){1,5}(?:also\s+)?(?:held|met|received|hosted)\b)"
)


def _clause(sentence: Sentence, start: int, end: int | None) -> Sentence:
    end = len(sentence.text) if end is None else end
    return Sentence(sentence.start + start, sentence.start + end, sentence.text[start:end])


def _from_clause(
    article: Article,
    sentence: Sentence,
    clause: Sentence,
    clause_date: DateValue | None,
    in_sentence: list[Person],
    people: list[Person],
    last_cn: Person | None,
    passage_country: str | None,
    sentence_actor: Person | None = None,
    date_in: Callable[[str], DateValue | None] | None = None,
    earlier_passage: str | None = None,
) -> list[Engagement]:
    """Engagements of one clause; their evidence is the whole sentence."""
    here = [p for p in in_sentence if clause.start <= p.start < clause.end]
    chinese = _acting_first([p for p in here if p.country == gazetteer.CHINA], article.text)
    actor_at = chinese[0].start - clause.start if chinese else None
    triggers = _triggers(clause.text, actor_at)
    if not triggers:
        return []
    window = clause.text[: max(t.end for t in triggers) + 40]
    # "for a state visit ..., during which he will also attend ...": what follows is a plan
    # inside a real visit.
    boundary = re.search(r",\s+(?:during which|where|when|who|which)\b", window)
    if _IRREALIS.search(window[: boundary.start()] if boundary else window):
        return []
    if boundary is not None and _IRREALIS.search(clause.text[boundary.start() :]):
        triggers = [t for t in triggers if t.start < boundary.start()]
        if not triggers:
            return []
    if _PLANNED.search(clause.text[: min(t.start for t in triggers)]):
        return []
    if _negated(sentence.text):
        return []
    if _is_headline(article, sentence) and _HEADLINE_FUTURE.search(sentence.text):
        return []  # "Wang Yi to Attend the Summit of the Future": an announcement
    cn_actor = chinese[0] if chinese else None
    said = _SPEECH.search(clause.text, 0, min(t.start for t in triggers))
    if said is not None and cn_actor is not None and cn_actor.start - clause.start < said.start():
        # "Han said the meeting between President Xi Jinping and Boric last October ...": what
        # was said names its own actor.
        reported = [p for p in chinese if p.start - clause.start >= said.end()]
        cn_actor = reported[0] if reported else cn_actor
    if (
        cn_actor is None
        and clause.start > sentence.start
        # "... since Jiang Zemin's state visit in 1996": someone else's, named
        and not re.match(r"\s*(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*['’]s\s", clause.text)
    ):
        cn_actor = sentence_actor  # "..., and then held talks with ...": the same subject
    if cn_actor is None and last_cn is not None and _refers_back(clause.text, last_cn):
        cn_actor = last_cn
    if cn_actor is None and _is_headline(article, sentence):
        # "Premier meets leaders from ...": the lead names who the headline means.
        cn_actor = next(
            iter(_acting_first([p for p in people if p.country == gazetteer.CHINA], article.text)),
            None,
        )
    if cn_actor is None and not _CHINA_WORDS.search(sentence.text):
        return []
    out = []
    for trigger in triggers:
        counterparts = _counterparts(clause, trigger, here, passage_country)
        if earlier_passage and _pronoun_meets_china(clause, trigger, here):
            # "In October 2019, he held talks with President Xi in Beijing amid tensions with
            # India": "he" is the leader the passage is about, not a country named later.
            counterparts = [(earlier_passage, None, None)]
        if not counterparts and passage_country and clause.start > sentence.start:
            # "The two leaders last met in Samarkand ..., and held a video conference ...": a
            # later part shares the subject of the first; "the first ... to visit the country
            # since Hu Jintao's state visit": and its country.
            opening = sentence.text[: clause.start - sentence.start]
            if re.search(r"\b(?:[Tt]he two|[Bb]oth)\b", opening) or trigger.type == "visit":
                counterparts = [(passage_country, None, None)]
        own_dates = _dates_per_counterpart(clause, counterparts, date_in)
        for (country, org, foreign), own_date in zip(counterparts, own_dates, strict=True):
            type_ = _refine_type(trigger, clause.text, foreign, cn_actor)
            if org is not None and org.startswith("MINI:"):
                type_ = "multilateral"
            if type_ == "visit_out" and cn_actor is None:
                continue  # "Abe's visit to Yasukuni Shrine": no Chinese side, no engagement
            if type_ in ("visit_out", "state_visit") and _foreign_visitor_abroad(
                clause, trigger, here
            ):
                continue  # "Díaz-Canel paid a state visit to Laos": not China's engagement
            pairs: list[tuple[Person | None, Person | None]] = [(cn_actor, foreign)]
            if type_ in _PAIRWISE and org is None:
                pairs = _pairs(clause, here, cn_actor, foreign, country)
            for actor, counterpart in pairs:
                out.append(
                    Engagement(
                        article_id=article.article_id,
                        type=type_,
                        country=country,
                        counterpart_org=org,
                        cn_actor=actor.name if actor else None,
                        cn_level=actor.level if actor else None,
                        foreign_actor=counterpart.name if counterpart else None,
                        date=own_date or _visit_date(clause, trigger, clause_date),
                        sentence=sentence.text,
                        span_start=sentence.start,
                        span_end=sentence.end,
                    )
                )
    return out


def _dates_per_counterpart(
    clause: Sentence,
    counterparts: list[tuple[str | None, str | None, Person | None]],
    date_in: Callable[[str], DateValue | None] | None,
) -> list[DateValue | None]:
    """ "He met Lavrov on 25 July and Blinken on 27 July": each person listed with a day of
    their own takes it; otherwise the clause's date holds."""
    people = [foreign for _, _, foreign in counterparts]
    if date_in is None or len(people) < 2 or any(p is None for p in people):
        return [None] * len(counterparts)
    starts = [p.start - clause.start for p in people if p is not None]
    ends = [*starts[1:], len(clause.text)]
    out: list[DateValue | None] = []
    for person, end in zip(people, ends, strict=True):
        assert person is not None
        value = date_in(clause.text[person.end - clause.start : end])
        out.append(value if value is not None and value.precision == "day" else None)
    return out


# Engagements between one Chinese and one foreign leader each, even when a sentence lists
# several pairs: "To Lam, Luong Cuong and Pham Minh Chinh exchanged messages with Xi Jinping,
# Premier Li Qiang and Zhao Leji".
_PAIRWISE = frozenset({"message", "meeting", "talks", "call"})
# Between two names of one list only titles, commas and "and" ("Xi Jinping, Premier Li
# Qiang, Chairman of the ... Zhao Leji and ..."): no verb, so no other role in the sentence.
_LIST_GAP = re.compile(
    r"(?:[\s,]|\b(?:and|of|the|for|a|vice|chair(?:man|woman|person)?|president|premier|member"
    r"|minister|director|head|secretary|general|also|as well as|with|separately)\b"
    # "..., and H.E. WANG Huning", "(NPC)"
    r"|\bH\.\s?E\.|\b(?:Mr|Ms|Mrs|Dr)\.?(?=\s)|\([^()]{1,40}\)|[A-Z][\w’'()\-]*)*"
)


def _pairs(
    clause: Sentence,
    people: list[Person],
    cn_actor: Person | None,
    foreign: Person | None,
    country: str | None,
) -> list[tuple[Person | None, Person | None]]:
    """(Chinese actor, foreign actor) for each Chinese leader listed side by side."""
    if cn_actor is None or cn_actor not in people:
        return [(cn_actor, foreign)]
    chinese = [p for p in people if p.country == gazetteer.CHINA]
    listed = [cn_actor]
    for previous, person in itertools.pairwise(chinese[chinese.index(cn_actor) :]):
        gap = clause.text[previous.end - clause.start : person.start - clause.start]
        if not _LIST_GAP.fullmatch(gap):
            break
        if all(_different_people(p.name, person.name) for p in listed):
            listed.append(person)
    if len(listed) == 1:
        return [(cn_actor, foreign)]
    counterparts = [
        p for p in people if p.country == country or (p.country is None and p.role)
    ] or [foreign]
    return [(actor, counterparts[min(i, len(counterparts) - 1)]) for i, actor in enumerate(listed)]


def _is_headline(article: Article, sentence: Sentence) -> bool:
    return (
        bool(article.title) and sentence.start == 0 and article.text.startswith(article.title or "")
    )


def _date_headline(found: list[Engagement], lead: DateValue | None, lead_at: int) -> None:
    """A headline names what the article reports: it happened on the lead's date.

    "Xi Jinping meets leaders from Uzbekistan, Pakistan, Turkmenistan ..." is often the only
    place that names every country of a round of meetings; the body dates the round.
    """
    if lead is None:
        return
    # The headline and the opening sentences before the first date set the scene
    # ("Whilst attending the G20 foreign ministers' meeting, Wang Yi held meetings with ...";
    # "Wang met President Ramaphosa on February 20."): they share the lead's date.
    for engagement in found:
        if engagement.date is None and engagement.span_start < lead_at:
            engagement.date = DateValue(lead.value, lead.precision, "lead")


def _published(context: DateContext) -> DateValue | None:
    if context.published is None:
        return None
    return DateValue(context.published, "day", "published")


_NOT_THE_ACTOR = re.compile(
    r"(?:\bof|\bfrom|\bto|\bby|\bbehalf of|\bconvey(?:ed)?|\bsent by)\s+(?:the\s+)?"
    r"(?:(?:Chinese\s+)?(?:President|General Secretary|Premier|Chairman|Vice President)\s+)?$"
)


def _acting_first(people: list[Person], text: str) -> list[Person]:
    """Chinese people in a sentence, the one acting first: not "the greetings of President Xi"."""
    acting = [
        p
        for p in people
        if not _NOT_THE_ACTOR.search(text[max(0, p.start - 40) : p.start])
        # "Wang Wenbin: Yesterday, Qin Gang had phone calls ...": a transcript's speaker label.
        and not text[p.end : p.end + 2].lstrip().startswith(":")
        # "Xi's special envoy attends ...": the envoy acts, not Xi.
        and not _ENVOY_OF.match(text[p.end : p.end + 30])
    ]
    # "Xi's special envoy attends ...": never Xi, even when the envoy is not named.
    rest = [p for p in people if p not in acting and not _ENVOY_OF.match(text[p.end : p.end + 30])]
    return acting + rest


_ENVOY_OF = re.compile(r"['’]s\s+(?:special\s+)?(?:envoy|representative)", re.I)


_CAPITALISED = fast_regex(r"\b[A-Z][\w\-]*(?:['’][A-Za-z]+)?", always=True)


def _bare_mentions(sentence: Sentence, roster: Roster, known: list[Person]) -> list[Person]:
    """Names seen earlier with a title ("Orsi said", "Wang noted"), found again bare."""
    out = []
    for match in _CAPITALISED.finditer(sentence.text):
        name = match.group()
        if name.endswith(("'s", "’s")):
            name = name[:-2]  # "Wang’s first meetings"
        if name not in roster.by_key:
            continue  # one word is known by that word only (a speed-up: most words are not)
        start = sentence.start + match.start()
        if any(p.start <= start < p.end for p in known):
            continue
        person = roster.lookup(name)
        if person is not None and person.country is not None:
            out.append(
                Person(start, start + len(name), person.name, person.country,
                       person.role, person.level)
            )  # fmt: skip
    return out


def _refers_back(text: str, actor: Person | None = None) -> bool:
    if re.search(r"\b[Tt]he two (?:heads of state|presidents|leaders|heads of government)\b", text):
        # "The two heads of state exchanged messages", said by an ambassador, is not his.
        return actor is None or actor.level in ("head_of_state", "head_of_government")
    return bool(
        re.search(r"\b(?:he|she|He|She|his|His|her|Her|the Chinese side|[Tt]he two)\b", text)
    )


# Words one of which every engagement verb or forum noun above contains: a sentence without
# any is not searched for engagements (a speed-up only; most sentences have none).
_MAY_ENGAGE = re.compile(
    alternation([
        "phone", "video", "virtual", "spok", "speak", "talk", "exchang", "congratulat", "message",
        "letter", "cable", "telegram", "wrote", "consultation", "negotiation", "meet", "receiv",
        "tea chat", "breakfast", "lunch", "dinner", "courtesy", "sign", "call", "welcom", "visit",
        "arrived", "flew", "trip", "tour", "summit", "conference", "forum", "session", "dialogue",
        "assembl", "ceremon", "inaugurat", "commemorat", "funeral", "celebrat", "parade",
    ])
    + r"|\bmet\b"
)  # fmt: skip


def _may_engage(text: str) -> bool:
    """Whether a sentence has a word without which no engagement verb or forum noun can match
    (a speed-up only: searched in the lower-cased text, much faster than re.IGNORECASE)."""
    lower = lower_for_matching(text)
    return lower is None or _MAY_ENGAGE.search(lower) is not None


def _triggers(text: str, actor_at: int | None = None) -> list[_Trigger]:
    """Engagement verbs of a sentence: one bilateral (the strongest, or the one nearest the
    Chinese actor when several are there), any visit, and every multilateral one."""
    # Asked for each sentence and again for its clause, most often the same text.
    return list(_triggers_of(text, actor_at))


@lru_cache(maxsize=64)
def _triggers_of(text: str, actor_at: int | None) -> tuple[_Trigger, ...]:
    out: list[_Trigger] = []
    bilateral = [
        (rank, type_, match)
        for rank, (type_, pattern) in enumerate(_BILATERAL)
        if (match := _first_verb(pattern, text))
    ]
    # "Qin Gang and Honduran Foreign Minister Reina sign the communiqué": a signing is a meeting
    # of the Chinese signatory; "during which Rome signed a memorandum" is not one.
    bilateral = [
        b
        for b in bilateral
        if not b[2].group().lower().startswith("sign")
        or (
            actor_at is not None
            and actor_at < b[2].start()
            and not _SUBORDINATE.search(text[actor_at : b[2].start()])
        )
    ]
    # "At Vnukovo-2 airport the Chinese leader was welcomed by Deputy Prime Minister ...": a
    # greeting on arrival, not a meeting.
    if re.search(r"\bairport\b", text, re.I):
        bilateral = [b for b in bilateral if not re.match(r"welcomed|greeted", b[2].group(), re.I)]
    # "the two leaders attend, by video link, the inauguration of Chancay port": how they
    # attended, not a call between them.
    bilateral = [
        b
        for b in bilateral
        if b[1] != "call"
        or not _ATTENDED_REMOTELY.search(text[max(0, b[2].start() - 40) : b[2].start()])
    ]
    if bilateral:
        # A phone or video call is named as such; among the others the verb nearest the
        # Chinese actor is his ("Wang's first meeting was with Lavrov, who came from talks ...").
        if actor_at is not None and bilateral[0][1] != "call":
            bilateral.sort(key=lambda b: (abs(b[2].start() - actor_at), b[0]))
        _, type_, match = bilateral[0]
        kind = type_
        out.append(_Trigger(kind, match.start(), match.end()))
    visit = _VISIT.search(text)
    if (
        visit
        and visit.group().lower() == "visit"
        and re.search(
            r"\b(?:the|this|that|his|her|their|its)\s+(?:[\w-]+\s+)?$", text[: visit.start()], re.I
        )
        and not _VISIT_REPORTED.search(text)
        and not re.match(r"\s+(?:to|of|by)\b", text[visit.end() :])
    ):
        # "the visit, coming amid rising tensions, ...": a visit already reported, talked about.
        visit = None
    if visit and visit.group().lower() == "visit" and re.search(r"\bto\s+$", text[: visit.start()]):
        visit = None  # "to encourage Chinese tourists to visit the Maldives": not a visit made
    # A visit is its own engagement when the sentence reports it ("paid a state visit to
    # China, during which the two heads of state held talks"), not when it is only the
    # setting of a meeting ("during his visit, Liu also met ...").
    multilaterals = list(_MULTILATERAL.finditer(text))
    # "visited Russia to attend the SCO heads of government meeting": travel whose purpose is
    # a forum is the forum only.
    for_forum = (
        visit is not None
        and any(
            _FORUM_WORD.search(m.group()) and not _NATIONAL_EVENT.search(m.group())
            for m in multilaterals
        )
        and _FOR_FORUM.match(text, visit.end()) is not None
        # ... an organisation's forum, and no bilateral leg: "and to then pay a state visit".
        and bool(gazetteer.find_organisations(text[visit.end() : visit.end() + 160]))
        and not re.search(r"\b(?:state|official) visit\b", text[visit.end() :], re.I)
    )
    if visit and not for_forum and (not out or _VISIT_REPORTED.search(text)):
        out.append(_Trigger("visit", visit.start(), visit.end()))
    # "co-chaired the 21st China-EU leaders' meeting": the forum's noun is not a second meeting;
    # nor is "the three-way leaders' meeting" next to a summit the sentence reports.
    out = [
        t
        for t in out
        if not any(m.start() <= t.start < m.end() for m in multilaterals)
        and not (
            multilaterals
            and re.fullmatch(r"meetings?", text[t.start : t.end], re.I)
            and not re.match(r"\s+(?:with|between)\b", text[t.end : t.end + 12])
        )
    ]
    for multilateral in multilaterals:
        # "attended the ceremony held at Ba Dinh Square marking the 80th anniversary of ...":
        # the occasion is often named just after the forum word.
        occasion = text[multilateral.start() : multilateral.end() + 80]
        kind = "event_abroad" if _NATIONAL_EVENT.search(occasion) else "multilateral"
        # "co-chaired the third meeting of the China-Israel Joint Committee", "co-chaired the
        # summit with the two EU leaders": the forum's name or partner follows the noun.
        named = text[multilateral.start() : multilateral.end() + 60]
        if _bilateral_mechanism(multilateral.group()) or (
            re.match(r"co-chair", multilateral.group(), re.I)
            and _bilateral_mechanism(
                _FORUM_NAME.match(named).group() if _FORUM_NAME.match(named) else ""
            )
        ):
            # "co-chaired the 10th China-UK Strategic Dialogue": talks with one country.
            kind = "talks"
        if kind == "event_abroad" and any(t.type == "visit" for t in out):
            continue  # "his state visit to Egypt, when the two attended a ceremony": the visit
        out.append(_Trigger(kind, multilateral.start(), multilateral.end()))
    return tuple(out)


# The words up to the end of the forum's name ("... meeting of the China-Israel Joint
# Committee on Innovation Cooperation"), or its partner ("... summit with the two EU leaders").
_FORUM_NAME = re.compile(
    r"[^,;.]*?(?:\bof the\s+[^,;.]{0,60}|\bwith the (?:two |three )?[^,;.]{0,40})"
)


def _bilateral_mechanism(text: str) -> bool:
    """A forum named for China and one other country ("China-Pakistan Strategic Dialogue"), or
    the European Union, which meets China as one party ("the 21st China-EU leaders' meeting")."""
    if re.search(rf"\bChina\s*{DASH_CLASS}\s*(?:EU|European Union)\b(?!\s*{DASH_CLASS})", text):
        return True
    if re.search(r"\bwith the (?:two |three )?(?:EU|European Union)\b", text):
        return True  # "co-chaired the summit with the two EU leaders"
    mentions = gazetteer.find_countries(text)
    for a, b in itertools.pairwise(mentions):
        joined = text[a.end : b.start]
        if re.fullmatch(rf"\s*{DASH_CLASS}\s*", joined) and gazetteer.CHINA in (a.code, b.code):
            later = text[b.end :]
            return not re.match(rf"\s*{DASH_CLASS}", later)  # not China-Afghanistan-Pakistan
    return False


def _first_verb(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match that is a verb or common noun, not part of a name: "the 24th Meeting
    of the Council of Heads of Government" names an event, "Meeting with X, Wang said" opens
    a sentence."""
    title_case = _is_title_case(text)
    for match in pattern.finditer(text):
        word = match.group()
        if (
            not title_case
            and match.start() > 0
            and word[:1].isupper()
            and not text[: match.start()].rstrip().endswith((".", ":", "|", ";"))
        ):
            continue
        return match
    return None


@lru_cache(maxsize=256)
def _is_title_case(text: str) -> bool:
    """A headline in Title Case ("Wang Yi Meets with Australian Foreign Minister Penny Wong"),
    where capitals say nothing about names."""
    if text.rstrip().endswith("."):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
    lower = [w for w in words if w[0].islower() and w not in _HEADLINE_SMALL_WORDS]
    return len(words) >= 3 and not lower


_HEADLINE_SMALL_WORDS = frozenset(
    {"with", "from", "over", "into", "amid", "after", "about", "during", "between", "upon", "than"}
)


def _counterparts(
    sentence: Sentence, trigger: _Trigger, people: list[Person], passage_country: str | None = None
) -> list[tuple[str | None, str | None, Person | None]]:
    """(country, organisation, foreign person) for each counterpart of one trigger."""
    text = sentence.text
    orgs = gazetteer.find_organisations(text)
    if trigger.type == "multilateral":
        forums = _forums(text, orgs, trigger)
        if forums:
            return [(None, code, None) for code in forums]
        host = _forum_host(sentence, trigger, people)
        if host:
            return [(host, None, None)]
        participants = {
            m.code
            for m in gazetteer.find_countries(text)
            if m.code not in gazetteer.CHINESE_REGIONS and m.kind != "capital"
        }
        return [(None, minilateral_id(participants), None)] if len(participants) >= 2 else []
    if trigger.type == "event_abroad":
        host = _host_country(text, trigger, passage_country)
        return [(host, None, None)] if host else []
    foreign = [p for p in people if p.country and p.country not in gazetteer.CHINESE_REGIONS]
    if trigger.type == "visit":
        # "Dar said that President Zardari's visit to China ...": the visitor is whose visit it is.
        visitor = [
            p
            for p in foreign
            if re.fullmatch(
                r"['’]s\s+(?:[\w-]+\s+){0,2}", text[p.end - sentence.start : trigger.start]
            )
        ]
        foreign = visitor + [p for p in foreign if p not in visitor]
    if foreign:
        # People in a relative clause about the counterpart are not counterparts:
        # "... with Lavrov, who had come from talks with US Secretary of State Rubio".
        relative = re.search(
            r",\s+(?:who|which|whose|where)\b", text[foreign[0].end - sentence.start :]
        )
        if relative:
            cut = foreign[0].end + relative.start()
            foreign = [p for p in foreign if p.start < cut]
    out: list[tuple[str | None, str | None, Person | None]] = []
    seen: set[str] = set()
    heads = [org for org in orgs if _org_is_party(text, org)]
    # "European Council President Charles Michel" speaks for the EU, not for Belgium.
    heading = [
        p
        for p in people
        if (p in foreign or p.country is None)
        and any(0 <= p.start - sentence.start - org.end <= 45 for org in heads)
    ]
    # "February 18 meetings between Chen and both To Lam and Pham Minh Chinh", "met ...
    # separately": one meeting per person met, even of one country.
    one_each = trigger.type == "meeting" and bool(_SEPARATE_MEETINGS.search(text))
    for person in foreign:
        if (one_each or person.country not in seen) and person not in heading:
            seen.add(person.country)
            out.append((person.country, None, person))
    # Heads of organisations: "Secretary-General of the UN António Guterres", "WTO Director-General".
    for org in heads:
        code = _ORG_PARENT.get(org.code, org.code)
        if code not in seen:
            seen.add(code)
            head = next((p for p in heading if p.start - sentence.start > org.end), None)
            out.append((None, code, head))
    if out:
        return out
    foreign_countries = [
        m for m in gazetteer.find_countries(text) if m.code not in gazetteer.CHINESE_REGIONS
    ]
    titled = [p for p in people if p.country is None and p.role]
    named = [m for m in foreign_countries if m.kind != "capital"]
    if titled and not named:
        # "President Luis Arce", met in a passage about Bolivia: the passage's country;
        # "received by King Salman ... in Riyadh": the capital's.
        capitals = [m for m in foreign_countries if m.kind == "capital"]
        country = passage_country or (capitals[0].code if capitals else None)
        if country:
            return [(country, None, titled[0])]
    countries = [
        m
        for m in gazetteer.find_countries(text)
        if m.code not in gazetteer.CHINESE_REGIONS and m.kind != "capital"
    ]
    if not countries and trigger.type == "visit":
        # "Li arrived in Seoul on Saturday": a capital is where a visit went.
        countries = [m for m in foreign_countries if m.kind == "capital"][:1]
    # "is in Kenya on an official visit": for a visit the place is the counterpart.
    candidates = [
        m
        for m in countries
        if (trigger.type == "visit" or not _is_location(text, m)) and not _is_topic(text, m)
    ]
    chosen = _listed_after(text, candidates, trigger.start) or candidates[:1]
    # A person the text names without tying to a country ("Tanaiste Simon Harris") is the
    # counterpart's actor when one country is met.
    unbound = (
        [p for p in people if p.country is None and p.start - sentence.start >= trigger.start]
        if len(chosen) == 1
        else []
    )
    if trigger.type == "meeting" and _is_joint_meeting(text, chosen):
        # "the Second China+Central Asia foreign ministers' meeting, hosted by China": one
        # meeting of several countries with no organisation, named by its participants.
        return [(None, minilateral_id(m.code for m in chosen), None)]
    for mention in chosen:
        if mention.code not in seen:
            seen.add(mention.code)
            out.append((mention.code, None, unbound[0] if unbound else None))
    if not out and passage_country and _object_is_chinese(sentence, trigger, people):
        # "Samdech Thipadei also met separately with H.E. ZHAO Leji": in a passage about one
        # country, someone who is not Chinese met a Chinese leader.
        out.append((passage_country, None, None))
    if (
        not out
        and passage_country
        and re.search(
            r"\b(?:[Tt]he two|[Bb]oth|with (?:him|her|them)|met (?:him|her|them))\b"
            # "She held talks with Chinese President Xi Jinping": the passage's leader met China.
            r"|^\s*(?:She|He)\s+(?:also\s+)?(?:held|had|met)\b[^.;]{0,30}\b(?:Chinese|China['’]s)\b",
            text,
        )
    ):
        # "The two Foreign Ministers held talks": the two of the passage.
        out.append((passage_country, None, None))
    return out


def _visit_date(clause: Sentence, trigger: _Trigger, value: DateValue | None) -> DateValue | None:
    """ "Dar said that President Zardari's visit to China was a great success": a visit named
    as a past occasion has no date of its own; the date the story has reached is not its date."""
    if trigger.type != "visit" or value is None or value.basis not in _BORROWED:
        return value
    named = re.search(
        r"(?:['’]s|\b(?:his|her|their))\s+(?:[\w-]+\s+){0,2}$", clause.text[: trigger.start]
    )
    if named and not _VISIT_REPORTED.search(clause.text):
        return None
    return value


def _foreign_visitor_abroad(clause: Sentence, trigger: _Trigger, people: list[Person]) -> bool:
    """The visitor, named before the verb, is foreign, and the visit is not to China."""
    before = [p for p in people if p.start - clause.start < trigger.start]
    if not before or before[0].country in (None, gazetteer.CHINA):
        return False
    if any(p.country == gazetteer.CHINA for p in before):
        return False
    return not gazetteer.happens_in_china(clause.text[trigger.start :])


def _pronoun_meets_china(clause: Sentence, trigger: _Trigger, people: list[Person]) -> bool:
    """ "In October 2019, he held talks with President Xi": a foreign "he" meets China."""
    subject = clause.text[: trigger.start]
    return (
        trigger.type in ("meeting", "talks", "call")
        and re.fullmatch(r"(?:[^,]{0,40},\s*)?(?:he|she|He|She)\s+(?:also\s+)?", subject)
        is not None
        and not [p for p in people if p.country not in (None, gazetteer.CHINA)]
        and _object_is_chinese(clause, trigger, people)
    )


_SEPARATE_MEETINGS = re.compile(r"\bmeetings\s+(?:with|between)\b|\bseparately\b", re.I)


def _object_is_chinese(sentence: Sentence, trigger: _Trigger, people: list[Person]) -> bool:
    """The Chinese side is named only after the verb, and the subject before it is not China."""
    chinese = [p for p in people if p.country == gazetteer.CHINA]
    subject = sentence.text[: trigger.start]
    return (
        trigger.type in ("meeting", "talks", "call")
        # a verb, not "Following the meeting, Wang Yi ..." or "the leaders' meeting"
        and re.match(
            r"(?:met|meets|held|holds|had|has|received|receives|spoke|talked)\b",
            sentence.text[trigger.start : trigger.end],
            re.I,
        )
        is not None
        and bool(chinese)
        and all(p.start - sentence.start >= trigger.end for p in chinese)
        and re.search(r"[A-Z]", subject) is not None
        and not _CHINA_WORDS.search(subject)
        and not re.search(r"\b(?:I|We|we|They|they)\b", subject)
    )


_JOINT_MEETING = fast_regex(
    r"\b(?:trilateral|quadrilateral|minilateral|(?:foreign |trade |defen[cs]e )?ministers['’] meeting"
    r"|summit|leaders['’] meeting|heads of state)\b",
    re.I,
)


def _is_joint_meeting(text: str, countries: list[gazetteer.Mention]) -> bool:
    distinct = {m.code for m in countries}
    return (
        len(distinct) >= 2
        and bool(_JOINT_MEETING.search(text))
        and not re.search(r"\bseparately\b|\bon the sidelines\b|\brespectively\b", text, re.I)
    )


def minilateral_id(codes: Iterable[str]) -> str:
    """The id of a meeting of China with several countries and no organisation: MINI:A+B+C."""
    return "MINI:" + "+".join(sorted(set(codes)))


# Organs of an organisation meet China as the organisation itself.
_ORG_PARENT = {"UNSC": "UN", "UNGA": "UN", "UNHRC": "UN"}


def _listed_after(
    text: str, countries: list[gazetteer.Mention], start: int
) -> list[gazetteer.Mention]:
    """Countries after `start` that form one coordinated list: "X, Y and Z"."""
    after = [m for m in countries if m.start >= start]
    if not after:
        return []
    listed = [after[0]]
    for previous, mention in itertools.pairwise(after):
        gap = text[previous.end : mention.start]
        if re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+as well as)\s+(?:the\s+)?", gap):
            listed.append(mention)
        else:
            break
    return listed


_FORUM_WORD = fast_regex(
    r"\b(?:summits?|meetings?|conference|forum|dialogue|session|assembly)\b", re.I
)


def _forums(text: str, orgs: list[gazetteer.Mention], trigger: _Trigger) -> list[str]:
    """Organisations whose meeting the trigger names: "attended the SCO summit", also those
    coordinated after it ("... the China-Arab States Summit and the first China-GCC Summit")."""
    codes: list[str] = []
    for org in orgs:
        if org.start < trigger.start:
            continue
        inside = (
            org.start < trigger.end + 80
        )  # "the 24th Meeting of the Council of Heads of Government of the SCO"
        named_forum = _FORUM_WORD.search(text[org.end : org.end + 40])
        if inside or named_forum:
            code = _ORG_PARENT.get(org.code, org.code)
            if code not in codes:
                codes.append(code)
        if not inside and not named_forum:
            break
    return codes


def _forum_host(sentence: Sentence, trigger: _Trigger, people: list[Person]) -> str | None:
    """A meeting of several countries with no organisation counts with the country that
    hosted or chaired it: "Lavrov chaired the Informal Meeting on Afghanistan", "co-hosted
    the meeting with the Fijian Prime Minister", "the trilateral dialogue in Kabul"."""
    foreign = [p for p in people if p.country and p.country not in gazetteer.CHINESE_REGIONS]
    verb = sentence.text[trigger.start : trigger.end].lower()
    if foreign and re.search(r"chair|host", verb):
        before = [
            p for p in people if p.start - sentence.start < trigger.start and p.country is not None
        ]
        if (
            before
            and before[-1].country == gazetteer.CHINA
            and len({p.country for p in foreign}) >= 2
        ):
            # "Ma Zhaoxu hosted the trilateral meeting with Russian ... and Iranian ...": China
            # hosted; the meeting is its guests together.
            return None
        return foreign[0].country
    place = re.search(
        r"\bin\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)", sentence.text[trigger.start :]
    )
    if place:
        found = [
            m
            for m in gazetteer.find_countries(place.group(1))
            if m.code not in gazetteer.CHINESE_REGIONS
        ]
        if found:
            return found[0].code
    return None


def _host_country(text: str, trigger: _Trigger, passage_country: str | None) -> str | None:
    """The country whose occasion a Chinese official attended: named in the sentence, or the passage's."""
    if gazetteer.happens_in_china(text):
        return None
    foreign = [m for m in gazetteer.find_countries(text) if m.code not in gazetteer.CHINESE_REGIONS]
    near = [m for m in foreign if m.start >= trigger.start] or foreign
    if near:
        return near[0].code
    return passage_country


_ORG_HEAD = r"(?:Secretary[- ]General|Director[- ]General|President|Chair(?:man|person)?|Commission Chairperson|Managing Director)"


def _org_is_party(text: str, org: gazetteer.Mention) -> bool:
    """An organisation met through its head: "Secretary-General of the United Nations",
    "WTO Director-General", "African Union Commission Chairperson" — the title right next
    to the name, not an organisation merely named in the same sentence."""
    before = text[max(0, org.start - 40) : org.start]
    after = text[org.end : org.end + 40]
    return bool(
        re.search(rf"(?<!rotating ){_ORG_HEAD}\s+of\s+(?:the\s+)?$", before)
        or re.match(rf"\s*(?:\([A-Z]+\)\s*)?(?:Commission\s+)?{_ORG_HEAD}\b", after)
        # "co-chaired the summit with the two EU leaders"
        or (
            re.search(r"\bwith the (?:two |three )?$", before) is not None
            and re.match(r"\s+leaders\b", after) is not None
        )
    )


# "with whom I discussed Ukraine", "exchanged views on Gaza": what was talked about.
_TOPIC_BEFORE = re.compile(
    r"\b(?:discuss(?:ed|es|ing)?|views on|on the situation in|the situation in|the crisis in"
    r"|the war in|the conflict in|about|regarding|concerning)\s+(?:the\s+)?$"
)


def _is_topic(text: str, mention: gazetteer.Mention) -> bool:
    return _TOPIC_BEFORE.search(text, max(0, mention.start - 40), mention.start) is not None


def _is_location(text: str, mention: gazetteer.Mention) -> bool:
    before = text[max(0, mention.start - 4) : mention.start]
    return before.endswith(("in ", "at ")) and mention.kind in ("name", "capital")


def _refine_type(
    trigger: _Trigger, text: str, foreign: Person | None, cn_actor: Person | None
) -> str:
    if trigger.type == "event_abroad":
        return "visit_out"
    if trigger.type not in ("visit", "meeting"):
        return trigger.type
    if _is_party_delegation(text, cn_actor):
        return "delegation"
    if trigger.type == "meeting":
        return "meeting"
    if re.search(r"\bstate visit\b", text, re.I):
        return "state_visit"
    # A foreign visitor "arrived in Beijing", "visited China": a visit in; else the Chinese
    # official's visit abroad.
    return "visit_in" if gazetteer.happens_in_china(text) else "visit_out"


def _merge_within_article(found: list[Engagement]) -> list[Engagement]:
    """One engagement per counterpart and type in an article; later mentions add detail."""
    by_key: dict[tuple[str | None, str | None, str], list[Engagement]] = {}
    for engagement in found:
        key = (engagement.country, engagement.counterpart_org, engagement.type)
        same = by_key.setdefault(key, [])
        candidates = [
            e
            for e in same
            if _compatible_dates(e.date, engagement.date, e.cn_actor, engagement.cn_actor)
            and not _different_people(e.foreign_actor, engagement.foreign_actor)
            # Pairs listed in one sentence are separate engagements.
            and not (
                e.span_start == engagement.span_start
                and _different_people(e.cn_actor, engagement.cn_actor)
            )
        ]
        same_actor = [
            e for e in candidates if not _different_people(e.cn_actor, engagement.cn_actor)
        ]
        if engagement.type in _PAIRWISE:
            # Xi's meeting with Hun Manet is not Zhao Leji's meeting with him the same day.
            candidates = same_actor
        match = next(iter(same_actor or candidates), None)
        if match is None:
            same.append(engagement)
            continue
        if match.date is None or (
            engagement.date is not None
            and _date_strength(engagement.date) < _date_strength(match.date)
        ):
            match.date = engagement.date
        match.foreign_actor = match.foreign_actor or engagement.foreign_actor
        match.cn_actor = match.cn_actor or engagement.cn_actor
        match.cn_level = match.cn_level or engagement.cn_level
    merged = [e for items in by_key.values() for e in items]
    _start_visits_by_first_meeting(merged)
    return sorted(_visits_within_state_visits(merged), key=lambda e: e.span_start)


def _start_visits_by_first_meeting(found: list[Engagement]) -> None:
    """ "visited Vietnam to attend ... held from February 19-20"; "To Lam on February 18
    received Chen Gang": a visit began no later than the first meeting it held there."""
    for visit in found:
        if visit.type not in ("visit_out", "state_visit") or visit.date is None:
            continue
        if visit.date.precision != "day":
            continue
        earlier = [
            e.date.value
            for e in found
            if e.type in ("meeting", "talks")
            and e.country == visit.country
            and e.cn_actor is not None
            and not _different_people(e.cn_actor, visit.cn_actor)
            and e.date is not None
            and e.date.precision == "day"
            and timedelta(days=1) <= visit.date.value - e.date.value <= timedelta(days=7)
            # "had previously met President Xi in Shanghai on 4.11.2019": not on this visit
            and not gazetteer.happens_in_china(e.sentence)
        ]
        if earlier:
            visit.date = DateValue(min(earlier), "day", "context")


def _visits_within_state_visits(found: list[Engagement]) -> list[Engagement]:
    """ "Xi arrives for a state visit to Peru ... the two leaders attend the inauguration of
    Chancay port": attending an occasion during a state visit is part of that visit."""
    state_visits = [e for e in found if e.type == "state_visit"]
    return [
        e
        for e in found
        if e.type != "visit_out"
        or not any(
            s.country == e.country
            and not _different_people(s.cn_actor, e.cn_actor)
            and s.date is not None
            and e.date is not None
            and abs((s.date.value - e.date.value).days) <= 1
            for s in state_visits
        )
    ]


def _different_people(a: str | None, b: str | None) -> bool:
    """Two named foreign actors who share no name: Ramaphosa's meeting is not Lamola's."""
    if not a or not b:
        return False
    # "Putin" is "Vladimir Putin"; "Wang Yi" is not "Wang Huning", though they share a word.
    # "To Lam" is "Tô Lâm": names compare without their diacritics.
    words_a, words_b = set(plain(a).split()), set(plain(b).split())
    return not (words_a <= words_b or words_b <= words_a)


def _date_strength(value: DateValue) -> tuple[bool, int]:
    """Own words before borrowed dates; then day before month before year."""
    return value.basis in _BORROWED, {"day": 0, "month": 1, "year": 2}.get(value.precision, 3)


# Dates an engagement borrows from where it is mentioned, not from its own words.
_BORROWED = frozenset({"context", "published", "lead"})


def _compatible_dates(
    a: DateValue | None, b: DateValue | None, actor_a: str | None, actor_b: str | None
) -> bool:
    if a is None or b is None:
        return True
    # "he paid a state visit to China after taking office", read on the day of a later
    # message: the same visit the article dates elsewhere ("in October 2023, Petro paid ...").
    # Not when another Chinese leader was there: Ruto "today received" Zhao Leji is not his
    # meeting with Xi last October.
    if (a.basis in _BORROWED) != (b.basis in _BORROWED):
        return not _different_people(actor_a, actor_b)
    if a.precision == "day" and b.precision == "day":
        return abs((a.value - b.value).days) <= 1
    return a.value.year == b.value.year and (
        a.precision == "year" or b.precision == "year" or a.value.month == b.value.month
    )

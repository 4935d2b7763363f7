"""Engagements: who met, called, visited or messaged whom, when, at what level.

Works sentence by sentence over one article. A sentence yields engagements when it has an
engagement verb (trigger), a Chinese actor (named in it or carried from earlier in the
article) and a foreign counterpart (a person tied to a country, a country, or an
international organisation). Plans, invitations, hopes and refusals are not engagements.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from etl import gazetteer
from etl.actors import Person, Roster, find_people
from etl.dates import DateContext, Narrative
from etl.records import Article, DateValue, Engagement
from etl.text import DASH_CLASS, Sentence, split_sentences

# Bilateral engagement verbs, strongest first: a sentence takes the first that matches.
_BILATERAL: list[tuple[str, re.Pattern[str]]] = [
    (
        "call",
        re.compile(
            r"\b(?:(?:tele)?phone (?:calls?|conversations?|talks?)|video (?:calls?|link|conferences?|meetings?|talks)"
            r"|virtual (?:meeting|talks|summit)|(?:spoke|speaks|talked|talks) (?:with [^.;]{1,80}? )?"
            r"(?:by|on the|over the) (?:tele)?phone|speaks with|spoke with)\b",
            re.I,
        ),
    ),
    (
        "message",
        re.compile(
            r"\b(?:exchang\w+ (?:of )?(?:congratulat\w+|condolence\w*|messages|letters|greetings)"
            r"|(?:sent|sends|send) (?:a |his |her )?(?:congratulatory |condolence )?(?:message|letter|cable)s?"
            r"|congratulatory (?:message|letter|telegram)s?|messages? of (?:congratulation|condolence)s?"
            r"|(?:congratulated|congratulates|to congratulate) (?:his|her|the|[A-Z]\w+) (?:[A-Z]\w+ )?(?:counterpart|President|Prime Minister|leader|Premier|King|Emir)"
            r"|replied to (?:a |the )?letter|wrote (?:a letter|back) to|wrote to)\b",
            re.I,
        ),
    ),
    (
        "talks",
        re.compile(r"\b(?:held|hold|holds|holding|had) (?:[\w-]+ ){0,3}talks\b|\btalks with\b", re.I),
    ),
    (
        "meeting",
        re.compile(
            r"\b(?:met|meets|meetings?|received|receives|receiving|sideline meetings?"
            r"|(?:tea|breakfast|luncheon|dinner) (?:chat|talk|meeting)s?|working (?:breakfast|lunch|dinner)"
            r"|courtesy call"
            r"|(?:held|hold|holds|had) (?:a |an )?(?:[\w-]+ ){0,2}meetings?)\b"
            r"|\bMeeting with\b|\bmet with\b|\bwelcomed\b(?= [^.]{0,60}(?:delegation|President|Minister|Premier))",
            re.I,
        ),
    ),
]  # fmt: skip
_VISIT = re.compile(
    r"\b(?:state visit|official visit|working visit|visit(?:ed|ing)?|visits(?=\s+[A-Z])"
    r"|paid (?:an? )?[\w ]{0,20}visit|arrived in|flew to|trip to|tour of)\b",
    re.I,
)
_MULTILATERAL = re.compile(
    r"\b(?:attend(?:ed|s|ing)?|chair(?:ed|s|ing)?|co-chair(?:ed|s|ing)?|participat(?:ed|es|ing) in"
    r"|addressed|spoke at|speaking at|took part in|opened|co-hosted|hosted|presided over"
    r"|attendance at|participation in)\b[^.;]{0,140}?"
    r"\b(?:summit|meeting|conference|forum|session|dialogue|assembly|ceremony|inauguration|commemorations?)\b",
    re.I,
)
_DELEGATION = re.compile(r"\b(?:delegations?|visitors)\b", re.I)
# A country's own occasion: attending it is a visit to that country, not a multilateral meeting.
_NATIONAL_EVENT = re.compile(
    r"\b(?:inauguration|swearing-in|funeral|national day|independence day|celebrations?|parade"
    r"|anniversary)\b",
    re.I,
)

# Clauses that make an engagement not (yet) real.
_IRREALIS = re.compile(
    r"\b(?:will|would|shall|plans? to|planned|planning to|scheduled|is set to|are set to|expected to"
    r"|invit\w+ [^.;]{0,60}? to (?:\w+ )?(?:visit|attend|make|pay|come)|look(?:s|ed|ing)? forward to"
    r"|hopes? to|wish(?:es)? to"
    r"|next (?:year|month|week)|upcoming|proposed"
    r"|ready to (?:visit|meet|hold)|to be held)\b",
    re.I,
)
# Readiness and agreement before the verb make it a plan: "China is willing to work with
# Germany to hold the eighth round of consultations", "agreed to hold biennial summits".
_PLANNED = re.compile(
    r"\b(?:willing|ready|prepared|agreed|decided|pledged|vowed) to\b[^.;]{0,80}$", re.I
)
# Engagements that did not happen, wherever the sentence says so.
_NEGATED = re.compile(
    r"\b(?:refused|declined|cancel+ed|postponed|called off|no (?:meeting|talks|visit)|not on the agenda"
    r"|did not (?:meet|visit|hold)|would not|boycott\w*"
    # Counts of engagements are statements about relations, not engagements:
    # "held over 20 meetings", "frequent high-level visits".
    r"|(?:over|more than|dozens of|numerous|many|several|frequent|\d+)\s+(?:high-level\s+)?(?:meetings|visits|talks|phone calls)"
    r"|(?:met|spoke|talked)\s+(?:\w+\s+){0,4}(?:times|occasions))\b",
    re.I,
)
_SPEECH = re.compile(
    r"\b(?:said|says|stated|noted|stressed|pointed out|added|underscored|emphasi[sz]ed|recalled)\b"
)
_CHINA_WORDS = re.compile(r"\b(?:China|Chinese|Beijing|CPC)\b")


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    start: int
    end: int


def extract_engagements(article: Article, context: DateContext) -> list[Engagement]:
    text = article.text
    people = find_people(text, article.published)
    roster = Roster()
    for person in people:
        roster.add(person)
    found: list[Engagement] = []
    last_cn: Person | None = None
    passage_country: str | None = None  # the foreign country the text is about so far
    narrative = Narrative(context)
    lead_at = len(text) + 1  # where the first current date was read
    for sentence in split_sentences(text):
        in_sentence = [p for p in people if sentence.start <= p.start < sentence.end]
        in_sentence += _bare_mentions(sentence, roster, in_sentence)
        in_sentence.sort(key=lambda p: p.start)
        foreign_here = {
            m.code
            for m in gazetteer.find_countries(sentence.text)
            if m.code not in gazetteer.CHINESE_REGIONS
        }
        if len(foreign_here) == 1:
            passage_country = next(iter(foreign_here))
        chinese = _acting_first([p for p in in_sentence if p.country == gazetteer.CHINA], text)
        actor_at = chinese[0].start - sentence.start if chinese else None
        triggers = _triggers(sentence.text, actor_at)
        # "Meeting with Sosa, Wang Yi said that last November, President Xi held a meeting
        # with President Arce": what was said is a clause of its own, with its own date.
        speech = _SPEECH.search(sentence.text, min((t.end for t in triggers), default=0))
        cut = speech.start() if speech else None
        main_date = narrative.date_of(sentence.text, cut)
        if narrative.first_current is not None and lead_at > len(text):
            lead_at = sentence.end
        # "was received by King Salman, and then held talks with the Crown Prince": one
        # clause per engagement verb joined by "and".
        clauses = [(part, main_date) for part in _coordinated(_clause(sentence, 0, cut))]
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
                    chinese[0] if chinese else None,
                )
            )
        if chinese:
            last_cn = chinese[0]
    _date_headline(found, narrative.first_current or _published(context), lead_at)
    return _merge_within_article(found)


_COORDINATED_VERB = re.compile(
    r"(?:,\s*|\s+)and\s+(?:then\s+|later\s+|also\s+)?(?=(?:held|had|met|received|hosted)\b)"
)


def _coordinated(clause: Sentence) -> list[Sentence]:
    """A clause split before each further engagement verb it coordinates with "and"."""
    parts, start = [], 0
    for match in _COORDINATED_VERB.finditer(clause.text):
        parts.append(_clause(clause, start, match.start()))
        start = match.end()
    parts.append(_clause(clause, start, None))
    return [p for p in parts if p.text.strip()]


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
) -> list[Engagement]:
    """Engagements of one clause; their evidence is the whole sentence."""
    here = [p for p in in_sentence if clause.start <= p.start < clause.end]
    chinese = _acting_first([p for p in here if p.country == gazetteer.CHINA], article.text)
    actor_at = chinese[0].start - clause.start if chinese else None
    triggers = _triggers(clause.text, actor_at)
    if not triggers or _IRREALIS.search(clause.text[: max(t.end for t in triggers) + 40]):
        return []
    if _PLANNED.search(clause.text[: min(t.start for t in triggers)]):
        return []
    if _NEGATED.search(sentence.text):
        return []
    cn_actor = chinese[0] if chinese else None
    if cn_actor is None and clause.start > sentence.start:
        cn_actor = sentence_actor  # "..., and then held talks with ...": the same subject
    if cn_actor is None and last_cn is not None and _refers_back(clause.text):
        cn_actor = last_cn
    if cn_actor is None and _is_headline(article, sentence):
        # "Premier meets leaders from ...": the lead names who the headline means.
        cn_actor = next((p for p in people if p.country == gazetteer.CHINA), None)
    if cn_actor is None and not _CHINA_WORDS.search(sentence.text):
        return []
    out = []
    for trigger in triggers:
        for country, org, foreign in _counterparts(clause, trigger, here, passage_country):
            out.append(
                Engagement(
                    article_id=article.article_id,
                    type=_refine_type(trigger, clause.text, foreign, cn_actor),
                    country=country,
                    counterpart_org=org,
                    cn_actor=cn_actor.name if cn_actor else None,
                    cn_level=cn_actor.level if cn_actor else None,
                    foreign_actor=foreign.name if foreign else None,
                    date=clause_date,
                    sentence=sentence.text,
                    span_start=sentence.start,
                    span_end=sentence.end,
                )
            )
    return out


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
        # "Xi's special envoy attends ...": the envoy acts, not Xi.
        and not re.match(
            r"['’]s\s+(?:special\s+)?(?:envoy|representative)", text[p.end : p.end + 30], re.I
        )
    ]
    return acting + [p for p in people if p not in acting]


def _bare_mentions(sentence: Sentence, roster: Roster, known: list[Person]) -> list[Person]:
    """Names seen earlier with a title ("Orsi said", "Wang noted"), found again bare."""
    out = []
    for match in re.finditer(r"\b[A-Z][\w\-]*(?:['’][A-Za-z]+)?", sentence.text):
        start = sentence.start + match.start()
        if any(p.start <= start < p.end for p in known):
            continue
        name = re.sub(r"['’]s$", "", match.group())  # "Wang’s first meetings"
        person = roster.lookup(name)
        if person is not None and person.country is not None:
            out.append(
                Person(start, start + len(name), person.name, person.country,
                       person.role, person.level)
            )  # fmt: skip
    return out


def _refers_back(text: str) -> bool:
    return bool(re.search(r"\b(?:he|she|He|She|his|His|her|Her|the Chinese side|the two)\b", text))


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
    if bilateral:
        # A phone or video call is named as such; among the others the verb nearest the
        # Chinese actor is his ("Wang's first meeting was with Lavrov, who came from talks ...").
        if actor_at is not None and bilateral[0][1] != "call":
            bilateral.sort(key=lambda b: (abs(b[2].start() - actor_at), b[0]))
        _, type_, match = bilateral[0]
        kind = "delegation" if _DELEGATION.search(text) and type_ == "meeting" else type_
        out.append(_Trigger(kind, match.start(), match.end()))
    visit = _VISIT.search(text)
    if visit and not out:
        out.append(_Trigger("visit", visit.start(), visit.end()))
    for multilateral in _MULTILATERAL.finditer(text):
        kind = "event_abroad" if _NATIONAL_EVENT.search(multilateral.group()) else "multilateral"
        if _bilateral_mechanism(multilateral.group()):
            # "co-chaired the 10th China-UK Strategic Dialogue": talks with one country.
            kind = "talks"
        out.append(_Trigger(kind, multilateral.start(), multilateral.end()))
    return tuple(out)


def _bilateral_mechanism(text: str) -> bool:
    """A forum named for China and one other country ("China-Pakistan Strategic Dialogue")."""
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
    for match in pattern.finditer(text):
        word = match.group()
        if (
            match.start() > 0
            and word[:1].isupper()
            and not text[: match.start()].rstrip().endswith((".", ":"))
        ):
            continue
        return match
    return None


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
        return [(host, None, None)] if host else []
    if trigger.type == "event_abroad":
        host = _host_country(text, trigger, passage_country)
        return [(host, None, None)] if host else []
    foreign = [p for p in people if p.country and p.country not in gazetteer.CHINESE_REGIONS]
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
    for person in foreign:
        if person.country not in seen:
            seen.add(person.country)
            out.append((person.country, None, person))
    # Heads of organisations: "Secretary-General of the UN António Guterres", "WTO Director-General".
    for org in orgs:
        code = _ORG_PARENT.get(org.code, org.code)
        if code not in seen and _org_is_party(text, org):
            seen.add(code)
            out.append((None, code, None))
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
    # "is in Kenya on an official visit": for a visit the place is the counterpart.
    candidates = [m for m in countries if trigger.type == "visit" or not _is_location(text, m)]
    chosen = _listed_after(text, candidates, trigger.start) or candidates[:1]
    # A person the text names without tying to a country ("Tanaiste Simon Harris") is the
    # counterpart's actor when one country is met.
    unbound = (
        [p for p in people if p.country is None and p.start - sentence.start >= trigger.start]
        if len(chosen) == 1
        else []
    )
    for mention in chosen:
        if mention.code not in seen:
            seen.add(mention.code)
            out.append((mention.code, None, unbound[0] if unbound else None))
    if not out and passage_country and re.search(r"\b(?:[Tt]he two|[Bb]oth)\b", text):
        # "The two Foreign Ministers held talks": the two of the passage.
        out.append((passage_country, None, None))
    return out


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


_FORUM_WORD = re.compile(
    r"\b(?:summits?|meetings?|conference|forum|dialogue|session|assembly)\b", re.I
)


def _forums(text: str, orgs: list[gazetteer.Mention], trigger: _Trigger) -> list[str]:
    """Organisations whose meeting the trigger names: "attended the SCO summit", also those
    coordinated after it ("... the China-Arab States Summit and the first China-GCC Summit")."""
    codes: list[str] = []
    for org in orgs:
        if org.start < trigger.start:
            continue
        inside = org.start < trigger.end + 40
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
    )


def _is_location(text: str, mention: gazetteer.Mention) -> bool:
    before = text[max(0, mention.start - 4) : mention.start]
    return before.endswith(("in ", "at ")) and mention.kind in ("name", "capital")


def _refine_type(
    trigger: _Trigger, text: str, foreign: Person | None, cn_actor: Person | None
) -> str:
    if trigger.type == "event_abroad":
        return "visit_out"
    if trigger.type != "visit":
        return trigger.type
    if _DELEGATION.search(text):
        return "delegation"
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
        match = next(
            (
                e
                for e in same
                if _compatible_dates(e.date, engagement.date)
                and not _different_people(e.foreign_actor, engagement.foreign_actor)
            ),
            None,
        )
        if match is None:
            same.append(engagement)
            continue
        if match.date is None or (
            engagement.date is not None and _rank(engagement.date) < _rank(match.date)
        ):
            match.date = engagement.date
        match.foreign_actor = match.foreign_actor or engagement.foreign_actor
        match.cn_actor = match.cn_actor or engagement.cn_actor
        match.cn_level = match.cn_level or engagement.cn_level
    return sorted((e for items in by_key.values() for e in items), key=lambda e: e.span_start)


def _different_people(a: str | None, b: str | None) -> bool:
    """Two named foreign actors who share no name: Ramaphosa's meeting is not Lamola's."""
    if not a or not b:
        return False
    return not (set(a.split()) & set(b.split()))


def _rank(value: DateValue) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(value.precision, 3)


def _compatible_dates(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    if a.precision == "day" and b.precision == "day":
        return abs((a.value - b.value).days) <= 1
    return a.value.year == b.value.year and (
        a.precision == "year" or b.precision == "year" or a.value.month == b.value.month
    )

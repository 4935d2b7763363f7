"""Who is speaking: the phrase in a speech frame resolved to a person, a collective or nobody.

Inside one article, in text order:
- a name, whole or in part ("Wang Yi", "Wang", "Mr. Zhao", "Minister Liu"), is the most recent
  person so named; a name the people finder missed ("Ahmed Moalim Fiqi said") becomes a person;
- a title ("the Chinese Foreign Minister", "the Colombian president", "the Chinese leader") is
  the most recent person of that country with that title; an indefinite one ("a foreign
  ministry spokesperson") is nobody in particular: speaker unknown, country and role kept;
- "he"/"she" is the most recent speaker or sentence subject; "for his part, he" the other one;
- collectives ("the two sides", "the Chinese side", "the two leaders") stay collectives;
- the state ("China urged ...") and institutions ("the Chinese Foreign Ministry") are named as
  written; unnamed groups ("analysts", "diplomatic sources") are speakers unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl import gazetteer
from etl.actors import STOP_NAMES, TITLE_WORDS, Person
from etl.fastmatch import fast_regex
from etl.text import NAME_WORD, name_words, occurrences

_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'\-]*(?<![’'])"
_PARTICLE = r"(?:bin|binti|al|el|de|da|do|dos|van|von|der|le|la|du|ibn)"
_BARE_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,4}}$")
_NUMBER_WORDS = r"two|three|four|five|six|seven|eight|nine|ten|both|all"
_GROUP_NOUNS = (
    r"sides|parties|leaders|countries|nations|ministers|heads\s+of\s+state|presidents|"
    r"governments|delegations|presiding\s+officers|foreign\s+ministers|prime\s+ministers|"
    r"premiers|chairmen|states|participants|members"
)
_COLLECTIVE = re.compile(
    rf"^(?:(?:the|both)\s+)?(?:(?:{_NUMBER_WORDS})\s+(?:{_GROUP_NOUNS})|both\s+sides|"
    rf"(?P<adj>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\s+(?:side|leaders|leadership))$",
    re.I,
)
_PRONOUN = re.compile(r"^(?:he|she)$", re.I)
# A phrase that can name a person: capitalised words, with at most a few small words between
# ("Minister Liu", "Mr. Zhao", "Deputy Minister of Foreign Affairs Arun Hemachandra").
_NAME_LIKE = re.compile(
    r"^(?:(?:the|of|and|for|de|da|do|dos|van|von|der|bin|al|el|la|le)\s+|[A-Z(][\w’'.()\-]*\s+|"
    r"(?:interim|acting|former|then|visiting|deputy|vice)\s+){0,8}[A-Z][\w’'.\-]*$"
)
_PLURAL_PRONOUN = re.compile(r"^they$", re.I)
_FOR_HIS_PART = re.compile(
    r"^(?:(?:for|on)\s+(?:his|her|their|its)\s+part|in\s+turn|in\s+response|in\s+reply|"
    r"meanwhile|however|and|but|also|moreover|furthermore|separately|likewise|similarly)\b[,\s]*",
    re.I,
)
_TITLE_WORDS = (
    r"top\s+leader|leader|official|ambassador|special\s+envoy|envoy|president|"
    r"vice[- ]president|premier|prime\s+minister|foreign\s+minister|minister|chancellor|king|"
    r"queen|spokesperson|spokesman|spokeswoman|chairman|chairperson|chair|general\s+secretary|"
    r"secretary[- ]general|secretary|head\s+of\s+state|diplomat|governor|mayor|speaker|"
    r"taoiseach|tanaiste|counterpart|host|guest|visitor|deputy\s+foreign\s+minister|"
    r"vice\s+foreign\s+minister|representative|aide|adviser|advisor|director[- ]general"
)
_A_TITLE_WORD = fast_regex(rf"\b(?:{_TITLE_WORDS})\b", re.I, always=True)
_TITLE_PHRASE = re.compile(
    rf"^(?P<det>the|a|an|this|that|his|her|their)?\s*(?P<adj>(?:[A-Z][\w’'\-]+\s+){{0,3}})"
    rf"(?P<mods>(?:[a-z][\w\-]*\s+){{0,3}})(?P<title>{_TITLE_WORDS})$",
    re.I,
)
_GENERIC = re.compile(
    r"^(?:(?:a|an|the|some|many|several|other|his|her|their|its)\s+)?(?P<words>(?:[\w’'\-]+\s+){0,3})"
    r"(?:analysts?|experts?|observers?|officials?|sources?|diplomats?|researchers?|scholars?|"
    r"critics?|advisers?|advisors?|aides?|economists?|commentators?|insiders?|residents?|"
    r"participants?|lawmakers?|legislators?|people)$",
    re.I,
)
_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?P<name>(?:[\w’'\-]+\s+){0,6}(?:Ministry|Government|government|Embassy|"
    r"Committee|Department|Office|Council|Daily|Times|Post|News|Agency|Commission|Secretariat|"
    r"Parliament|Assembly|Administration|Xinhua|media|Foreign\s+Ministry|ministry|embassy|"
    r"Party|Cabinet|Presidency|Kremlin|White\s+House|State\s+Department)"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'\- ]+)?)$"
)
_DOCUMENT = re.compile(
    r"^(?:the|a|an|its|his|her|their)?\s*(?P<joint>joint\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:statement|message|messages|letter|report|editorial|communiqu[eé]|declaration|readout|"
    r"article|release|press\s+release)$",
    re.I,
)
# Words before a name in its clause that make the name an object, not the subject ("met with
# X", "asked X to convey", "received X").
_OBJECT_CUE = re.compile(
    r"\b(?:with|to|by|of|from|for|on|at|between|including|and|than|as|[a-z]{2,}ed|met|meets|"
    r"held|told|sent|took|made|gave|said|saw|led|visiting)\b"
)
_TITLE_OF = re.compile(r"\b([A-Z][\w’'.)-]*)\s+(?:of|and|for)\s+(?:the\s+)?(?=[A-Z(])")


def _is_subject(text: str, person: Person) -> bool:
    """Whether a person mention opens its clause (after titles and adverbials) rather than
    following a verb or a preposition: "To Lam asked Zhao Leji ..." has To Lam as subject."""
    clause_start = max(text.rfind(c, 0, person.start) for c in (". ", "\n", ",", ";", ":"))
    head = _TITLE_OF.sub(r"\1 ", text[clause_start + 1 : person.start])
    return not _OBJECT_CUE.search(head)


_PRESENT = re.compile(r"(?:says|notes|stresses|\w+s)$")
_TITLE_TOKEN = re.compile(
    r"^(?:Mr|Mrs|Ms|Dr|Madam|Comrade|His|Her|Excellency|H\.E\.|President(?:-elect)?|Premier|Minister|"
    r"Ambassador|Chairman|Chairwoman|Secretary|General|Prime|Foreign|Vice|Deputy|Special|Envoy|"
    r"Spokesperson|Spokesman|Speaker|King|Queen|Prince|Chancellor|Governor|Senator|Professor|"
    r"Prof|Director|Lieutenant|Colonel|Hon|Honourable|State|Councilor|Councillor|Taoiseach|"
    r"Tanaiste|The|A|An|Both|Reporter|Journalist|Correspondent|Host|Moderator|Interviewer|"
    r"Question|Answer|Editor|Anchor|Presenter|Q|A|FM|PM|DPM|Pres|Sec|Gen|Amb|Rep|Sen|Lt|Col)\.?$"
)
_NOT_NAMES = {
    "China", "Chinese", "He", "She", "They", "It", "We", "I", "This", "That", "There", "These",
    "Those", "Both", "All", "Each", "Some", "Many", "Beijing",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None  # canonical name, collective label, institution; None when unknown
    country: str | None
    role: str | None
    kind: str  # person | collective | state | institution | unknown


@dataclass
class SpeakerResolver:
    """Resolves speaker phrases of one article, remembering who spoke last."""

    text: str
    people: list[Person]
    narrative: list[Person]  # people outside quotations and bullet lists
    last: list[tuple[int, Speaker]] = field(default_factory=list)
    # What was said so far (objects with start/end): people named inside it are not subjects.
    contents: list = field(default_factory=list)

    def __post_init__(self) -> None:
        # Later short mentions ("Xi held talks", "Lula said") are mentions of the same people.
        short = _short_mentions(self.text, self.people)
        self.people = sorted([*self.people, *short], key=lambda p: p.start)
        self.narrative = sorted([*self.narrative, *short], key=lambda p: p.start)

    def said(self, offset: int, speaker: Speaker) -> None:
        """Record that `speaker` spoke at `offset`: the antecedent of a later "he"."""
        self.last.append((offset, speaker))

    def resolve(self, phrase: str, offset: int, verb: str = "said") -> Speaker | None:
        """The speaker a phrase names, or None when the phrase is not a speaker at all."""
        lead = _FOR_HIS_PART.match(phrase)
        other_side = bool(
            lead and re.match(r"(?:for|on)\s+\w+\s+part|in\s+turn", lead.group(), re.I)
        )
        if lead:
            offset += lead.end()
            phrase = phrase[lead.end() :]
        phrase = phrase.strip(" \t\n\"“”‘’'")
        if not phrase or len(phrase.split()) > 12:
            return None
        present = bool(_PRESENT.search(verb.split()[0])) and verb.split()[0] != "has"
        person = self._person(phrase, offset, other_side)
        if person is not None:
            return person
        if present:
            # "China appreciates ...", "the two sides agree": readouts' content, not a frame.
            return None
        for resolver in (self._collective, self._document, self._state, self._institution,
                         self._generic):  # fmt: skip
            found = resolver(phrase, offset)
            if found is not None:
                return found
        return None

    # --- people --------------------------------------------------------------------------

    def _person(self, phrase: str, offset: int, other_side: bool) -> Speaker | None:
        # "In the current situation he noted": an adverbial without a comma, then the pronoun.
        # ("Ambassador He" is a surname.)
        tail = re.search(r"(?:^|\s)(he|she)$", phrase, re.I)
        if tail and not re.search(r"[A-Z][\w’'.-]*\s+(?:He|She)$", phrase):
            return self._pronoun(offset + tail.start(1), other_side, tail.group(1).lower())
        if _PLURAL_PRONOUN.match(phrase):
            return self._they(offset)
        inside = [p for p in self.people if offset <= p.start and p.end <= offset + len(phrase)]
        if len(inside) >= 2 and re.search(r"\band\b", phrase):
            return self._group(inside)
        if inside:
            return self._speaker_of(inside[-1], phrase)
        if _GENERIC.match(phrase) and not re.match(
            r"(?:the|this|that)\s+\S+$|the\s+[A-Z]\S*\s+\S+$", phrase
        ):
            return None  # "analysts", "diplomatic sources": nobody in particular
        title = _TITLE_PHRASE.match(phrase)
        if title:
            return self._titled(title, phrase, offset)
        if not _NAME_LIKE.match(phrase):
            return None  # a clause, not a name ("the relationship was one of ...")
        # "Sen. Lt. Gen.": abbreviated ranks are not names.
        words = re.sub(r"\b[A-Z][a-z]{0,3}\.", " ", phrase)
        for token in reversed(re.findall(_NAME_WORD, words)):
            if _TITLE_TOKEN.match(token) or token in _NOT_NAMES:
                continue
            known = self._latest_named(token, offset)
            if known is not None:
                return self._speaker_of(known, phrase)
        trailing = _trailing_name(words, self.text)
        if trailing is not None and trailing != phrase.strip():
            # "Deputy Minister of National Defence Sen. Lt. Gen. Hoang Xuan Chien"
            start = offset + phrase.rfind(trailing.split()[0])
            person = Person(start, start + len(trailing), trailing,
                            self._country_of_name(trailing) or _country(phrase), None, None)  # fmt: skip
            self.people = sorted([*self.people, person], key=lambda p: p.start)
            self.narrative = sorted([*self.narrative, person], key=lambda p: p.start)
            return self._speaker_of(person, phrase)
        bare = _bare_name(phrase, self.text) or self._name_in_text(phrase)
        if bare is not None:
            person = Person(
                offset, offset + len(phrase), bare, self._country_of_name(bare), None, None
            )
            self.people = sorted([*self.people, person], key=lambda p: p.start)
            self.narrative = sorted([*self.narrative, person], key=lambda p: p.start)
            return self._speaker_of(person, phrase)
        return None

    def _speaker_of(self, person: Person, phrase: str) -> Speaker:
        country = person.country or self._country_of_name(person.name)
        title = _A_TITLE_WORD.search(phrase)
        role = person.role or self._role_of(person.name)
        if title and not re.search(re.escape(title.group()), role or "", re.I):
            role = phrase[: title.end()].strip()
            role = re.sub(r"^(?:the|a|an)\s+", "", role, flags=re.I)
        return Speaker(person.name, country, role, "person")

    def _group(self, people: list[Person]) -> Speaker:
        names = list(dict.fromkeys(p.name for p in people))
        countries = {p.country or self._country_of_name(p.name) for p in people}
        country = countries.pop() if len(countries) == 1 else None
        return Speaker("; ".join(names), country, None, "collective")

    def _pronoun(self, offset: int, other_side: bool, pronoun: str = "he") -> Speaker | None:
        """ "he"/"she": whoever spoke last or was last a sentence's subject, of a sex the text
        does not contradict; "for his part, he": the other one."""
        excluded = "f" if pronoun == "he" else "m"

        def fits(name: str | None) -> bool:
            return self._sex_of(name) != excluded

        last = next(
            ((o, s) for o, s in reversed(self.last)
             if o < offset and s.kind == "person" and fits(s.name)),
            None,
        )  # fmt: skip
        if other_side:
            spoken = last[1].name if last else None
            for person in reversed(self.narrative):
                if person.start < offset and person.name != spoken and fits(person.name):
                    return self._speaker_of(person, "")
            return None
        if pronoun == "she":
            # Most people quoted are men; "she" is the woman last named, if one was.
            woman = next((p for p in reversed(self.narrative) if p.start < offset
                          and offset - p.start < 1500 and self._sex_of(p.name) == "f"), None)  # fmt: skip
            if woman is not None:
                return self._speaker_of(woman, "")
        subject = self._latest_subject(offset, fits)
        if last is not None and (subject is None or last[0] >= subject.start):
            return last[1]
        if subject is not None:
            return self._speaker_of(subject, "")
        return last[1] if last else None

    def _sex_of(self, name: str | None) -> str | None:
        """ "f" or "m" when the pronouns that follow the person's mentions say so."""
        if not hasattr(self, "_sexes"):
            self._sexes = _sexes(self.text, self.people)
        return self._sexes.get(name or "")

    def _they(self, offset: int) -> Speaker | None:
        before = self.text[:offset]
        groups = list(
            re.finditer(rf"\b(?:the\s+)?(?:(?:{_NUMBER_WORDS})\s+(?:{_GROUP_NOUNS})|[A-Z][\w’'\-]+\s+side)\b",
                        before, re.I)
        )  # fmt: skip
        if groups:
            return self._collective(groups[-1].group(), groups[-1].start())
        return None

    def _latest_subject(self, offset: int, fits=lambda name: True) -> Person | None:
        """The most recent person mentioned as a sentence's subject (not after "with", "met")."""
        for person in reversed(self.narrative):
            if person.start >= offset or any(
                c.start <= person.start < c.end for c in self.contents
            ):
                continue
            if not fits(person.name):
                continue
            if _is_subject(self.text, person):
                return person
        return None

    def _latest_named(self, token: str, offset: int) -> Person | None:
        """The most recent person (before offset, else the first after) with this name word."""
        matching = [p for p in self.narrative if token in p.name.split()]
        if not matching:
            matching = [p for p in self.people if token in p.name.split()]
        before = [p for p in matching if p.start < offset]
        if before:
            return before[-1]
        return matching[0] if matching else None

    def _titled(self, match: re.Match[str], phrase: str, offset: int) -> Speaker | None:
        adjective = match.group("adj").strip()
        country = _country(adjective) if adjective else None
        if adjective and country is None and not re.fullmatch(r"(?:[A-Z][\w’'\-]+\s*)+", adjective):
            return None
        title = re.sub(r"\s+", " ", match.group("title").lower())
        indefinite = (match.group("det") or "").lower() in ("a", "an")
        role = re.sub(r"^(?:the|a|an|this|that|his|her|their)\s+", "", phrase, flags=re.I)
        if not indefinite and title in ("official", "leader") and country is None:
            # "the official underlined ...": the person who has been speaking.
            spoken = next(
                (s for o, s in reversed(self.last) if o < offset and s.kind == "person"), None
            )
            if spoken is not None:
                return spoken
        if not indefinite:
            for person in reversed(self.narrative):
                if person.start >= offset:
                    continue
                person_country = person.country or self._country_of_name(person.name)
                if country is not None and person_country != country:
                    continue
                if _has_title(person, title, self._role_of(person.name)):
                    return Speaker(person.name, person_country, role, "person")
        if country is None and not indefinite:
            return None
        return Speaker(None, country, role, "unknown")

    def _name_in_text(self, phrase: str) -> str | None:
        """A lone name before a speech verb ("Martin, for his part, stated", "Tang added") is
        the person the text names in full elsewhere ("Micheal Martin", "Tang Yongliang"), or
        that name alone, unless the word is an ordinary word the text also writes in lower
        case ("Addressing", "As")."""
        token = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Madam)\.?\s+", "", phrase.strip())
        if not re.fullmatch(_NAME_WORD, token) or not _could_be_name(token, self.text, first=True):
            return None
        if gazetteer.find_countries(token) or gazetteer.find_organisations(token):
            return None
        word = rf"(?:{_NAME_WORD})"
        t = re.escape(token)
        fuller = re.findall(rf"(?<![\w’'])(?:{word}\s+){{1,3}}{t}(?![\w’'])", self.text)
        fuller += re.findall(rf"(?<![\w’']){t}(?:\s+{word}){{1,2}}(?![\w’'])", self.text)
        names = []
        for candidate in fuller:
            country = gazetteer.find_countries(candidate)
            if country and country[0].start == 0:
                candidate = candidate[country[0].end :]  # "New Zealand Cindy Kiro"
            candidate = re.sub(r"^[’']s\s+", "", candidate.strip())  # "China’s Guangxi Chen"
            tokens = candidate.split()
            while (
                tokens
                and tokens[0] != token
                and not _could_be_name(tokens[0], self.text, first=True)
            ):
                tokens.pop(0)
            while tokens and tokens[-1] != token and not _could_be_name(tokens[-1], self.text):
                tokens.pop()
            if len(tokens) >= 2 and all(_could_be_name(t, self.text) for t in tokens):
                names.append(" ".join(tokens))
        return max(names, key=len) if names else token

    def _role_of(self, name: str) -> str | None:
        return next((p.role for p in self.people if p.name == name and p.role), None)

    def _country_of_name(self, name: str) -> str | None:
        known = next((p.country for p in self.people if p.name == name and p.country), None)
        return known or country_before_name(self.text, name)

    # --- collectives, the state, institutions, groups ------------------------------------

    def _collective(self, phrase: str, offset: int) -> Speaker | None:
        m = _COLLECTIVE.match(phrase.strip())
        if m is None:
            return None
        label = phrase.strip()
        if label.lower() == "both sides":
            label = "the two sides"  # the same pair, named the usual way
        if not label.lower().startswith(("the ", "both ")):
            label = "the " + label
        label = label[0].lower() + label[1:]
        country = _country(m.group("adj")) if m.group("adj") else None
        if m.group("adj") and country is None:
            return None
        return Speaker(label, country, None, "collective")

    def _document(self, phrase: str, offset: int) -> Speaker | None:
        sender = re.match(
            r"(?:the|a|an|its|his|her|their)?\s*(?:[\w-]+\s+){0,2}(?:message|letter|statement)s?\s+"
            r"(?:from|of|by)\s+(?P<who>.+)$", phrase, re.I,
        )  # fmt: skip
        if sender:
            start = offset + sender.start("who")
            return self.resolve(sender.group("who"), start, "said")
        m = _DOCUMENT.match(phrase)
        if m is None:
            return None
        if m.group("joint"):
            return Speaker("the two sides", None, None, "collective")
        source = re.match(
            r"(?:[Tt]he\s+)?(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)\s+[a-z]", phrase
        )
        if source and not _country(source.group("name")):
            # "The Shimbun Akahata report noted": the newspaper speaks.
            name = source.group("name")
            return Speaker(name, country_before_name(self.text, name), None, "institution")
        # "the message read", "the statement said": the message's sender spoke last.
        last = next((s for o, s in reversed(self.last) if o < offset), None)
        return last or Speaker(None, None, None, "unknown")

    def _state(self, phrase: str, offset: int) -> Speaker | None:
        name = re.sub(r"^the\s+", "", phrase.strip(), flags=re.I)
        mentions = gazetteer.find_countries(name)
        if (
            len(mentions) == 1
            and mentions[0].start == 0
            and mentions[0].end == len(name)
            and mentions[0].kind in ("name", "short", "official")
        ):
            return Speaker(name, mentions[0].code, None, "state")
        return None

    def _institution(self, phrase: str, offset: int) -> Speaker | None:
        m = _INSTITUTION.match(phrase.strip())
        if m is None or (not m.group("name")[0].isupper() and "media" not in m.group("name")):
            return None
        name = m.group("name")
        country = _country(name)
        if country is None and re.search(r"\b(?:Chinese|China|CPC)\b", name):
            country = gazetteer.CHINA
        return Speaker(name, country, None, "institution")

    def _generic(self, phrase: str, offset: int) -> Speaker | None:
        m = _GENERIC.match(phrase.strip())
        if m is None:
            return None
        role = re.sub(r"^(?:a|an|the|some|many|several|other)\s+", "", phrase.strip(), flags=re.I)
        country = _country(m.group("words") or "")
        if country is None and re.match(r"(?:his|her)\s", phrase.strip(), re.I):
            # "his advisers": people on the side of the man just named.
            owner = self._pronoun(offset, other_side=False)
            country = owner.country if owner else None
        return Speaker(None, country, role, "unknown")


# What may stand between a nationality and the name it belongs to: title words ("Austrian
# interim Chancellor and Foreign Minister Alexander Schallenberg", "General Secretary of the
# Communist Party of Vietnam (CPV) Central Committee To Lam").
_TITLE_GAP = re.compile(
    r"^(?:[\s(),’']|[A-Z][\w’'.\-]*|of|the|and|for|interim|acting|former|then|visiting|"
    r"deputy|vice|newly|elected|outgoing|incoming|permanent|member|s)*$"
)


_AS_TITLE_OF = re.compile(
    rf"[^.;\n]{{0,60}}?\bas\s+(?:the\s+)?(?:new\s+|newly[- ]elected\s+|incoming\s+)?"
    rf"(?:{_TITLE_WORDS})\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){{0,3}})",
    re.I,
)


_APPOSITION = re.compile(
    r",\s+(?:a|an|the)?\s*(?P<role>[^,.;\n]{0,60}?\b(?:member|researcher|scholar|professor|head|"
    r"secretary|minister|director|chairman|chairwoman|president|official|ambassador|spokesperson|"
    r"spokesman|editor|adviser|advisor|deputy|vice|chief|leader|envoy|expert|fellow|newspaper|"
    r"daily|agency|outlet|organ|broadcaster|paper)\b"
    r"(?:(?!\b(?:[a-z]+ed|met|said|says|is|was|has|will|led)\b)[^,.;\n]){0,120})",
    re.I,
)


def organisation_before_name(text: str, name: str) -> str | None:
    """An international organisation whose title stands right before the name ("World Trade
    Organisation Director-General Ngozi Okonjo-Iweala"), as written."""
    for at in occurrences(text, name):
        window = text[max(0, at - 120) : at]
        orgs = gazetteer.find_organisations(window)
        if (
            orgs
            and _TITLE_GAP.match(window[orgs[-1].end :])
            and _A_TITLE_WORD.search(window[orgs[-1].end :])
        ):
            countries = gazetteer.find_countries(window[orgs[-1].end :])
            if not countries:
                return orgs[-1].text
    return None


def country_before_name(text: str, name: str) -> str | None:
    """The country a title names right before any mention of `name` in the text ("Austrian
    Chancellor X"), or right after it ("X on his election as President of the Argentine
    Republic")."""
    for at in occurrences(text, name):
        end = at + len(name)
        after = _AS_TITLE_OF.match(text, end)
        if after and (country := _country(after.group("of"))):
            return country
        apposition = _APPOSITION.match(text, end)
        if apposition:
            # "Tang Yongliang, a researcher at ... the Chinese Academy of Social Sciences": the
            # institution named last is the one the person works for.
            mentions = gazetteer.find_countries(apposition.group("role"))
            if mentions:
                return mentions[-1].code
        window_start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at),
                           at - 160)  # fmt: skip
        window = text[window_start + 1 : at]
        mentions = gazetteer.find_countries(window)
        if not mentions:
            continue
        last = mentions[-1]
        if re.search(r"\b(?:to|in)\s+(?:the\s+)?$", window[: last.start]):
            continue  # "Ambassador to Vietnam He Wei" is not Vietnamese
        if _TITLE_GAP.match(window[last.end :]):
            return last.code
    return None


_FUNCTION_WORDS = {
    "As", "For", "In", "On", "At", "With", "By", "From", "If", "When", "While", "After",
    "Before", "Since", "Although", "Though", "Under", "Over", "Among", "Amid", "During",
    "Despite", "Upon", "Regarding", "Meanwhile", "However", "Also", "Then", "Thus",
}  # fmt: skip


# Pronouns that refer back to a sentence's subject ("him" is someone else).
_FEMININE = fast_regex(r"\b(?:she|her|hers|Madam|Mrs|Ms|Queen|Princess|Empress)\b", re.I)
_MASCULINE = fast_regex(r"\b(?:he|his|Mr|King|Prince|Emperor)\b", re.I)


def _sexes(text: str, people: list[Person]) -> dict[str, str]:
    """For each person, the sex the pronoun right after their mentions shows ("Ana Olivera,
    President of ..., fondly recalled her visit"), when the mentions agree."""
    votes: dict[str, set[str]] = {}
    ordered = sorted(people, key=lambda p: p.start)
    for i, person in enumerate(ordered):
        end = ordered[i + 1].start if i + 1 < len(ordered) else len(text)
        stretch = text[person.end : min(end, person.end + 200)]
        stretch = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", stretch, maxsplit=2)
        window = " ".join(stretch[:2])
        she, he = _FEMININE.search(window), _MASCULINE.search(window)
        first = min((m for m in (she, he) if m), key=lambda m: m.start(), default=None)
        if first is not None:
            votes.setdefault(person.name, set()).add("f" if first is she else "m")
    return {name: sex.pop() for name, sex in votes.items() if len(sex) == 1}


def _could_be_name(word: str, text: str, *, first: bool = False) -> bool:
    """A capitalised word that can be part of a person's name: not a title or function word,
    not a country; the first word of a phrase also not a word the text writes in lower case
    ("Addressing", "Analysts")."""
    if _TITLE_TOKEN.match(word) or word in _NOT_NAMES or word in TITLE_WORDS or word in STOP_NAMES:
        return False
    if word in _FUNCTION_WORDS:
        return False
    if gazetteer.find_countries(word) or gazetteer.find_organisations(word):
        return False
    if gazetteer.happens_in_china(f"in {word}") and word not in ("China",):
        return False  # "Guangxi", "Beijing": Chinese places
    if first and len(word) >= 7 and word.endswith("ing"):
        return False  # "Welcoming Chen, ...": a participle opens the sentence
    if first and len(word) >= 4:
        return not _written_in_lower_case(word, text)
    return True


# A name followed by one of these names a place or a thing: "Ho Chi Minh City".
_PLACE_AFTER = re.compile(
    r"[\w’']*\s+(?:City|Province|Mausoleum|Square|Trail|Museum|Academy|University|Street|Road|"
    r"Airport|Port|Bridge|Hall|Stilt\s+House|Thought|Era)\b"
)


def _written_in_lower_case(word: str, text: str) -> bool:
    """The text writes `word` in lower case as a whole word ("He", "To" as plain words)."""
    lower = word.lower()
    if NAME_WORD.fullmatch(lower):
        return lower in name_words(text)
    return re.search(rf"(?<![\w’'-]){re.escape(lower)}(?![\w’'-])", text) is not None


def _whole_words(text: str, words: dict[str, object]) -> list[re.Match[str]]:
    """Whole-word occurrences of any of `words` in text, left to right."""
    if all(NAME_WORD.fullmatch(w) for w in words):
        # One scan of the text's words instead of a pattern compiled for each text.
        return [m for m in NAME_WORD.finditer(text) if m.group() in words]
    pattern = r"(?<![\w’'-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w’'-])"
    return list(re.finditer(pattern, text))


def _short_mentions(text: str, people: list[Person]) -> list[Person]:
    """Mentions by surname (or by a Chinese family name) of people named in full, each bound
    to the person last named in full before it."""
    by_token: dict[str, list[Person]] = {}
    for person in people:
        tokens = person.name.split()
        if len(tokens) < 2:
            continue
        keys = {tokens[-1]}
        if person.country == gazetteer.CHINA or len(tokens[0]) <= 3:
            keys.add(tokens[0])
        for key in keys:
            if len(key) >= 2 and key not in _NOT_NAMES and not _TITLE_TOKEN.match(key):
                by_token.setdefault(key, []).append(person)
    if not by_token:
        return []
    # "He", "To": a name word the text also writes in lower case is not a mention on its own.
    by_token = {k: v for k, v in by_token.items() if not _written_in_lower_case(k, text)}
    if not by_token:
        return []
    taken = [(p.start, p.end) for p in people]
    out = []
    for m in _whole_words(text, by_token):
        if any(s <= m.start() < e for s, e in taken) or _PLACE_AFTER.match(text, m.end()):
            continue
        candidates = by_token[m.group()]
        before = [p for p in candidates if p.start < m.start()]
        person = max(before, key=lambda p: p.start) if before else candidates[0]
        out.append(
            Person(m.start(), m.end(), person.name, person.country, person.role, person.level)
        )
    return out


def _has_title(person: Person, title: str, role: str | None) -> bool:
    if title in ("leader", "top leader", "official", "head of state", "leaders", "host", "guest",
                 "visitor", "counterpart", "diplomat", "aide", "representative"):  # fmt: skip
        return title not in ("top leader", "head of state") or person.level == "head_of_state"
    wanted = title.replace("-", " ")
    roles = " ".join(r for r in (person.role, role) if r).replace("-", " ").lower()
    if wanted in roles:
        return True
    levels = {"president": "head_of_state", "premier": "head_of_government",
              "prime minister": "head_of_government", "foreign minister": "foreign_minister",
              "minister": "foreign_minister", "envoy": "special_envoy",
              "special envoy": "special_envoy"}  # fmt: skip
    return person.level is not None and levels.get(wanted) == person.level


# Seats of government that stand for their country ("the Kremlin official").
_SEATS = {
    "Kremlin": "RUS", "White House": "USA", "Elysee": "FRA", "Élysée": "FRA",
    "Downing Street": "GBR", "Zhongnanhai": "CHN", "Blue House": "KOR", "Kantei": "JPN",
}  # fmt: skip


def _country(words: str) -> str | None:
    mentions = gazetteer.find_countries(words)
    if mentions:
        return mentions[0].code
    return next((code for seat, code in _SEATS.items() if seat in words), None)


def _trailing_name(phrase: str, text: str) -> str | None:
    """The name at the end of a titled phrase: its last two to four name words."""
    tokens = phrase.split()
    name: list[str] = []
    for token in reversed(tokens):
        if len(name) == 4 or not re.fullmatch(_NAME_WORD, token) or not _could_be_name(token, text):
            break
        name.insert(0, token)
    return " ".join(name) if len(name) >= 2 else None


def _bare_name(phrase: str, text: str) -> str | None:
    """A phrase that is only a person's name ("Ahmed Moalim Fiqi"), not a place or a title."""
    name = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Madam|H\.E\.)\.?\s+", "", phrase.strip())
    if not _BARE_NAME.match(name):
        return None
    tokens = name.split()
    if not _could_be_name(tokens[0], text, first=True):
        return None
    if not all(_could_be_name(t, text) or re.fullmatch(_PARTICLE, t) for t in tokens[1:]):
        return None
    if gazetteer.find_countries(name) or gazetteer.find_organisations(name):
        return None
    return name

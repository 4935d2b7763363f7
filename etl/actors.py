"""People in an article: who they are, which country they speak for, and at what level.

Titles tie names to countries ("Russian President Vladimir Putin", "President of Uruguay
Yamandú Orsi", "Ana Olivera, President of the House of Representatives of Uruguay"). Once a
person is tied to a country in an article, later bare mentions ("Orsi said", "President
Orsi") resolve to the same person and country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from etl import gazetteer
from etl.fastmatch import fast_regex, first_char_lookahead, lookahead_of
from etl.text import alternation

# Words of institutions, never part of a person's name: "Chairman of the Chinese People’s
# Political Consultative Conference National Committee Wang Huning" names Wang Huning.
_INSTITUTION_WORDS = (
    "Committee|Council|Congress|Conference|Assembly|Parliament|Ministry|Department|Commission"
    "|Office|Front|Party|Republic|Government|National|Central|Standing|People[’']s|Political"
    "|Consultative|International|Affairs|Foreign|Union|Federation|Kingdom|Organi[sz]ation"
    "|Association|Agency|Secretariat|Senate|Court|Forces|University|Institute|Province|Embassy"
    "|Duma|Knesset|Bundestag|Majlis|Diet|Legislature"
)
_NAME_TOKEN = rf"(?:(?!(?:{_INSTITUTION_WORDS})\b)[A-ZÀ-ÖØ-Þ][\w’'\-]*(?<![’'])(?<![’']s)(?!\w)|(?:al|el|ad|ar|as|an|ash)-[A-Z][\w’'\-]*(?<![’'])(?<![’']s)(?!\w)|(?:[A-Z]\.){1, 3}|(?:bin|binti|bint|al|el|de|da|do|dos|van|von|der|le|la|du|ibn|Ould|Abu)(?=\s+[A-ZÀ-Þ]))"
# (Led by the characters a token can start with: the scan then skips most positions at once.)
_NAME_TOKEN = first_char_lookahead(_NAME_TOKEN) + _NAME_TOKEN
# Tokens of a name stay on one line: "Zardari\n\nPresident" is a name and a title.
_NAME = rf"(?P<name>{_NAME_TOKEN}(?:[ \u00a0]+{_NAME_TOKEN}){{0,5}})"

# Titles, longest first; each with the level it means for a Chinese office holder.
TITLES: list[tuple[str, str]] = [
    (r"(?:Vice[- ]|Deputy )?(?:Minister|Head) of the (?:IDCPC|International Department of the (?:CPC|Communist Party of China) Central Committee)", "party_international"),
    (r"Chairman of the (?:National People['’]s Congress|NPC) Standing Committee", "top_legislator_vp"),
    (r"Chairman of the Standing Committee of the National People['’]s Congress", "top_legislator_vp"),
    (r"Minister of the International Department of the (?:CPC|Communist Party of China) Central Committee", "party_international"),
    (r"head of the International Department of the (?:CPC|Communist Party of China) Central Committee", "party_international"),
    (r"State Councilor and Foreign Minister", "foreign_minister"),
    (r"Deputy Prime Minister and (?:Foreign Minister|Minister of Foreign Affairs)", "foreign_minister"),
    (r"Deputy Prime Minister", "head_of_government"),
    (r"Minister of Foreign Affairs(?: and [A-Z][\w ]+?)?", "foreign_minister"),
    (r"(?:Vice|Deputy|Assistant) Foreign Minister", "other_official"),
    (r"Foreign Minister", "foreign_minister"),
    (r"Foreign Secretary", "foreign_minister"),
    (r"Secretary of State", "foreign_minister"),
    (r"Vice[- ]President", "top_legislator_vp"),
    (r"Vice[- ]Premier", "other_official"),
    (r"Acting President", "head_of_state"),
    (r"President", "head_of_state"),
    (r"Prime Minister", "head_of_government"),
    (r"Premier", "head_of_government"),
    (r"Chancellor", "head_of_government"),
    (r"King|Queen|Emir|Amir|Sultan|Crown Prince|Grand Duke|Supreme Leader", "head_of_state"),
    (r"General Secretary|Secretary[- ]General|Director[- ]General|First Secretary", "other_official"),
    # "Secretary of the CPC Guangxi Zhuang Autonomous Region Committee": a party secretary
    (r"(?:Party )?Secretary(?= of the (?:CPC|Communist Party))|Party Secretary", "other_official"),
    (r"Special Envoy(?: on [A-Z][\w ]+?)?", "special_envoy"),
    (r"Speaker(?: of the [A-Z][\w ]+?)?", "other_official"),
    (r"Chairman|Chairperson|Chair", "other_official"),
    (r"Ambassador", "other_official"),
    (r"Minister(?: of [A-Z][\w ,]+?(?: and [A-Z][\w ]+?)?)?", "other_official"),
    (r"Vice[- ]Minister|Deputy Minister|Assistant Minister", "other_official"),
    (r"Governor|Mayor|Senator|Lawmaker|Spokesperson|Spokesman|Spokeswoman", "other_official"),
    (r"counterpart", "counterpart"),
]  # fmt: skip
_TITLE = "(?P<title>" + "|".join(f"(?:{t})" for t, _ in TITLES) + ")"
_TITLE = first_char_lookahead(_TITLE) + _TITLE
_TITLE_LEVELS = [(re.compile(t, re.I), level) for t, level in TITLES]

# "Russian President Vladimir Putin", "his Russian counterpart Sergei Lavrov", "China’s Minister ... Han Jun"
_ADJ_TITLE_NAME = re.compile(
    rf"(?P<adj>[A-Z][\w’'\-]+(?:\s+(?!(?:Vice|Deputy|Acting|Executive|Assistant)\b)[A-Z][\w’'\-]+)?(?:['’]s)?)"
    rf"\s+(?:(?:Deputy|Acting|Former|former|then)\s+)?"
    rf"{_TITLE}[ \u00a0]+(?:and\s+[A-Z][\w ]+?\s+)?{_NAME}"
)
# "President of Pakistan Asif Ali Zardari", "Deputy Prime Minister and Foreign Minister of Pakistan Mohammad Ishaq Dar"
_CAPS = r"[A-Z][\w’'\-]*(?:\s+(?:of\s+|and\s+)?(?:the\s+)?[A-Z][\w’'\-]*)*"
_TITLE_OF_NAME = re.compile(
    rf"{_TITLE}\s+of\s+(?:the\s+)?(?P<of>{_CAPS}?)\s+{_NAME}(?!\s+(?:{_INSTITUTION_WORDS})\b)"
)
# "Ana Olivera, President of the House of Representatives of Uruguay,"
_NAME_COMMA_TITLE = re.compile(
    rf"{_NAME},\s+(?:the\s+)?(?P<role>[^,;.]{{3,220}}?)(?=[,;.]|\s+(?:who|said|noted|met|attended|visited|held|received|paid|made|arrived|sent|spoke|was|is|has|had|will)\b)"
)
# "Yamandú Orsi was inaugurated as the new President of Uruguay"
_NAME_AS_TITLE = re.compile(
    rf"{_NAME}\s+(?:was|is|has been|had been|became|becomes)\s+(?:\w+\s+){{0,2}}?(?:as\s+)?(?:the\s+)?"
    rf"(?:new\s+|newly[- ]elected\s+|incoming\s+)?{_TITLE}\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w’'\- ]+)"
)
# "Xi’s special envoy Wang Dongming", "President Xi Jinping's special envoy, Hao Mingjin"
_XI_ENVOY_NAME = fast_regex(
    rf"(?:(?:President\s+)?Xi(?:\s+Jinping)?['’]s\s+[Ss]pecial\s+[Ee]nvoy,?"
    rf"|[Ss]pecial\s+[Ee]nvoy\s+of\s+(?:Chinese\s+)?President\s+Xi(?:\s+Jinping)?(?!\s+Jinping),)"
    rf"\s+{_NAME}"
)
# "Han Jun attended ... as the Special Envoy of President Xi Jinping"
_AS_XI_ENVOY = re.compile(
    r"\bas\s+(?:the\s+|a\s+)?(?:[Ss]pecial\s+[Ee]nvoy\s+of\s+(?:Chinese\s+)?President\s+Xi"
    r"|(?:Chinese\s+)?President\s+Xi(?:\s+Jinping)?['’]s\s+[Ss]pecial\s+[Ee]nvoy)"
)
# Bodies whose members are Chinese office holders, whatever their names: "Wang Dongming, a
# vice chairperson of the Standing Committee of the National People’s Congress".
_CHINESE_BODY = fast_regex(
    r"\b(?:National People['’]s Congress|NPC|CPPCC|Chinese People['’]s Political Consultative"
    r"|State Council|CPC|Communist Party of China|Central Military Commission|IDCPC)\b"
)
# "Vice-President Tiémoko Meyliet Koné of Côte d'Ivoire"
_TITLE_NAME_OF = fast_regex(rf"\b{_TITLE}\s+{_NAME}\s+of\s+(?:the\s+)?(?P<of>{_CAPS})")
# "Chinese Ambassador to the DPRK Wang Yajun", "Chinese Ambassador to Vietnam He Wei"
_AMBASSADOR_NAME = re.compile(
    rf"(?P<adj>[A-Z][\w’'\-]+)\s+Ambassador\s+to\s+(?:the\s+)?{_CAPS}?\s+{_NAME}"
)
# "Wang Dongming, a vice chairperson of the Standing Committee ...": a title in lower case.
_LOWER_CASE_ROLE = fast_regex(
    r"(?:(?:a|an|the)\s+)?(?:(?:vice|deputy|executive|first)[- ])?"
    r"(?:chair(?:man|person|woman)?|president|premier|minister|director|head|secretary|member"
    r"|speaker|governor|ambassador|envoy)\b"
)
_ROLE_VERB = re.compile(
    r"\b(?:exchanged|sent|held|holds|met|meets|received|hosted|signed|agreed|said|attended"
    r"|visited|called|spoke|wrote|paid|made|welcomed|congratulated|discussed)\b"
)
_LOWER_OFFICE = fast_regex(r"(?:Vice|Deputy|Assistant|Former|former|then)\b", re.I)
_TITLE_BEFORE = fast_regex(rf"(?<![\w-]){_TITLE}[ \u00a0]+$")
# "President Orsi", "Prime Minister Shehbaz"
_TITLE_NAME = fast_regex(rf"\b{_TITLE}\s+{_NAME}")

STOP_NAMES = {
    "The", "This", "That", "These", "Those", "He", "She", "They", "It", "We", "In", "On", "At",
    "For", "With", "And", "But", "As", "By", "From", "Both", "China", "Chinese", "Meeting",
    "During", "After", "Before", "When", "While", "Following", "His", "Her", "Their", "Our",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    start: int
    end: int
    name: str
    country: str | None  # ISO3; CHN for Chinese officials
    role: str | None
    level: str | None  # level of a Chinese actor (etl.vocab.CN_LEVELS)


@dataclass
class Roster:
    """People known in one article, by every form of their name that may recur."""

    by_key: dict[str, Person] = field(default_factory=dict)

    def add(self, person: Person) -> None:
        keys = _name_keys(person.name)
        tokens = person.name.split()
        if person.country == gazetteer.CHINA and len(tokens) > 1 and len(tokens[0]) == 2:
            keys.append(tokens[0])  # Chinese surnames come first and may be short: "Xi said"
        for key in keys:
            existing = self.by_key.get(key)
            # Keep the first binding that has a country; do not let a bare mention overwrite it.
            if existing is None or (existing.country is None and person.country is not None):
                self.by_key[key] = person

    def lookup(self, name: str) -> Person | None:
        keys = [name.strip(), *_name_keys(name)]
        if len(name.split()) > 1:
            # "Andrej Plenković" is not "Andrej Babiš": a full name never matches on its
            # first name alone.
            keys = [k for k in keys if k != name.split()[0]]
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        return None


def _name_keys(name: str) -> list[str]:
    return list(_keys_of_name(name))


@lru_cache(maxsize=4096)
def _keys_of_name(name: str) -> tuple[str, ...]:
    tokens = [t for t in re.split(r"\s+", name.strip()) if t]
    keys = [" ".join(tokens)]
    # "Ferdinand Marcos Jr" is "Marcos": generational suffixes are not surnames.
    while len(tokens) > 2 and tokens[-1].rstrip(".,") in ("Jr", "Sr", "II", "III", "IV"):
        tokens = tokens[:-1]
    if len(tokens) > 1:
        keys += [tokens[-1], tokens[0]]
    if len(tokens) > 3:
        # "Gustavo Francisco Petro Urrego" is "Petro": Spanish names carry two surnames.
        keys.append(tokens[-2])
    # "Abdel Fattah al-Sisi" is "Sisi".
    keys += [t.split("-", 1)[1] for t in tokens[1:] if re.match(r"(?:al|el|ad|ar|as|an|ash)-", t)]
    return tuple(
        k for k in keys if len(k) >= 3 and k not in STOP_NAMES and k not in _CALENDAR_WORDS
    )


def level_of_title(title: str) -> str | None:
    for pattern, level in _TITLE_LEVELS:
        if pattern.fullmatch(title.strip()):
            return None if level == "counterpart" else level
    return "other_official"


def _country_of(phrase: str) -> str | None:
    mentions = gazetteer.find_countries(phrase)
    return mentions[-1].code if mentions else None


# Capitalised words of titles and institutions, never the first word of a person's name.
TITLE_WORDS = {
    "Affairs", "Minister", "Ministry", "Foreign", "Relations", "Development", "Commerce",
    "Defence", "Defense", "Trade", "Agriculture", "Rural", "Security", "Cooperation", "Republic",
    "State", "Council", "Committee", "Central", "Department", "International", "National",
    "Assembly", "Congress", "Parliament", "Senate", "House", "Representatives", "Government",
    "Party", "President", "Prime", "Premier", "Vice", "Deputy", "Secretary", "General", "Envoy",
    "Special", "Chairman", "Chair", "Speaker", "Ambassador", "Office", "Commission", "Finance",
    "Economy", "Economic", "Interior", "Justice", "Education", "Health", "Energy", "Culture",
    "Tourism", "Investment", "Planning", "Industry", "Technology", "Science", "Environment",
    "Transport", "Communications", "Information", "Labour", "Labor", "Mr", "Mrs", "Ms", "Dr",
    "H.E.", "His", "Her", "Excellency", "Majesty", "Acting", "Former", "Minister’s", "Head",
    "Director", "Chief", "Member", "Councilor", "Councillor",
}  # fmt: skip


# Weekdays and the month names that are nobody's name ("Jun", "May", "June" can be).
_CALENDAR_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "July", "September", "October", "November", "December",
}  # fmt: skip


def _names_a_place(name: str) -> bool:
    mentions = gazetteer.find_countries(name) + gazetteer.find_organisations(name)
    return any(m.start == 0 and m.end == len(name) for m in mentions)


# "Ambassador Wu Haitao Meets with ...": Title Case headlines put a verb after the name.
_HEADLINE_VERBS = {
    "said", "and", "meets", "holds", "attends", "visits", "receives", "calls", "says", "talks",
    "congratulates", "sends", "hosts", "addresses",
}  # fmt: skip


def _clean_name(name: str) -> str:
    tokens = name.split()
    while tokens and (tokens[0].rstrip(".,") in TITLE_WORDS or tokens[0] in ("E.", "H.")):
        tokens.pop(0)  # "H.E. LI Qiang": the honorific, not an initial
    # "Starmer on Monday" never makes "Monday" a name.
    if any(t.rstrip(".,") in _CALENDAR_WORDS for t in tokens):
        tokens = tokens[
            : next(i for i, t in enumerate(tokens) if t.rstrip(".,") in _CALENDAR_WORDS)
        ]
    while tokens and (tokens[-1] in STOP_NAMES or tokens[-1].lower() in _HEADLINE_VERBS):
        tokens.pop()
    while tokens and tokens[0] in STOP_NAMES and not _is_surname_he(tokens):
        tokens.pop(0)
    # "Governor-General of New Zealand Cindy Kiro": the country is not part of the name.
    if len(tokens) > 2:
        lead = gazetteer.find_countries(" ".join(tokens))
        if lead and lead[0].start == 0:
            rest = " ".join(tokens)[lead[0].end :].split()
            if len(rest) >= 2:
                tokens = rest
    # "Welcoming Chen, ...": a sentence-opening participle is not a first name.
    if len(tokens) > 1 and len(tokens[0]) >= 7 and tokens[0].endswith("ing"):
        tokens.pop(0)
    return " ".join(tokens).rstrip(".,")


def _is_surname_he(tokens: list[str]) -> bool:
    """ "He Wei" after a title is a Chinese name (surname He), not the pronoun."""
    return tokens[0] == "He" and len(tokens) == 2 and tokens[1][:1].isupper()


@cache
def _official_names() -> tuple[dict[str, gazetteer.Official], re.Pattern[str]]:
    """Every name and alias of the reference Chinese office holders, as one pattern."""
    names: dict[str, gazetteer.Official] = {}
    for official in gazetteer.chinese_officials():
        for alias in (official.name, *official.aliases):
            names.setdefault(alias, official)
            surname, _, given = alias.partition(" ")
            if given:
                # "H.E. LI Qiang", "ZHAO LEJI": Cambodian, Lao and protocol styles.
                names.setdefault(f"{surname.upper()} {given}", official)
                names.setdefault(alias.upper(), official)
    # The trie takes either apostrophe for the other: names are looked up with straight ones.
    straight: dict[str, gazetteer.Official] = {}
    for name, official in names.items():
        straight.setdefault(name.replace("’", "'"), official)
    names = straight
    # A trie led by the names' first letters: a few hundred names cost one pass of the text.
    lead = lookahead_of(n[0] for n in names)
    # "Xi" is Xi Jinping, "Xi'an" is a city.
    return names, re.compile(rf"{lead}(?<!\w)(?:{alternation(names)})(?!\w|['’]an\b)")


def find_people(text: str, day: date | None = None) -> list[Person]:
    """People introduced with a title or known as Chinese office holders, in text order.

    Cached: every extractor of an article asks for the same people.
    """
    return list(_find_people(text, day))


@lru_cache(maxsize=32)
def _find_people(text: str, day: date | None) -> tuple[Person, ...]:
    people: list[Person] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str, country: str | None, role: str | None) -> None:
        name = _clean_name(name)
        if not name or name in STOP_NAMES or any(s < end and start < e for s, e in taken):
            return
        if name.isupper() and _names_a_place(name.title()):
            return  # "BEIJING, Sept 5 —": a dateline's place, not a person
        if _names_a_place(name) or gazetteer.names_chinese_place(name):
            # "visits to India and Afghanistan", "the CPC Guangxi Zhuang Autonomous Region
            # Committee": places, not people
            return
        official = chinese_official(name, day)
        if official is not None:
            country = gazetteer.CHINA
            name = official.name  # "LI Qiang", "Xi": the name the reference list gives
        elif country is None and (leader := gazetteer.leader_of(name, day)) is not None:
            country = leader.country  # "President Park Geun-hye": a known leader's country
        level = None
        if country == gazetteer.CHINA:
            level = (level_of_title(role) if role else None) or (
                official.level if official else None
            )
            # The reference list fills in a level the title leaves open, for the office held
            # that day: Qin Gang as vice foreign minister in 2019 is not the foreign minister.
            if (
                official is not None
                and level in (None, "other_official")
                and not (
                    role and _LOWER_OFFICE.match(role) and not _LOWER_OFFICE.match(official.office)
                )
                and (day is None or official.holds_office_on(day))
            ):
                level = official.level
        people.append(Person(start, end, name, country, role, level))
        taken.append((start, end))

    # Patterns that need a word the text lacks are not run (a speed-up only).
    for match in _XI_ENVOY_NAME.finditer(text) if "nvoy" in text else ():
        add(
            match.start("name"),
            match.end("name"),
            match.group("name"),
            gazetteer.CHINA,
            "Special Envoy",
        )
    for match in _AMBASSADOR_NAME.finditer(text) if "Ambassador" in text else ():
        country = _country_of(match.group("adj"))
        if country is not None:
            add(match.start("name"), match.end("name"), match.group("name"), country, "Ambassador")
    for match in _ADJ_TITLE_NAME.finditer(text):
        country = _country_of(match.group("adj"))
        if country is None and match.group("title").lower() != "counterpart":
            continue
        add(
            match.start("name"),
            match.end("name"),
            match.group("name"),
            country,
            match.group("title"),
        )
    # Patterns where a title names the country: "President of Pakistan Asif Ali Zardari",
    # "Vice-President Koné of Côte d'Ivoire", "Orsi was inaugurated as President of Uruguay".
    for pattern in (_TITLE_OF_NAME, _TITLE_NAME_OF, _NAME_AS_TITLE):
        for match in pattern.finditer(text):
            country = _country_of(match.group("of"))
            if country is not None:
                add(match.start("name"), match.end("name"), match.group("name"), country,
                    match.group("title"))  # fmt: skip
    for match in _NAME_COMMA_TITLE.finditer(text):
        role = match.group("role")
        if not (re.search(_TITLE, role) or _LOWER_CASE_ROLE.match(role)):
            continue
        if _ROLE_VERB.search(role) or re.search(r"\b[a-z]+ed\b(?<!\bbased)", role):
            continue  # a clause, not an apposition: "To Lam, ... exchanged messages with ..."
        country = _country_of(role) or (gazetteer.CHINA if _CHINESE_BODY.search(role) else None)
        if country is not None:
            add(match.start("name"), match.end("name"), match.group("name"), country, role)
    names, pattern = _official_names()
    for match in pattern.finditer(text):
        official = names[match.group().replace("’", "'")]
        # The title the text gives that day, before the reference office: "Vice Foreign
        # Minister Qin Gang" in 2019.
        titled = _TITLE_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
        role = titled.group("title") if titled else official.office
        add(match.start(), match.end(), official.name, gazetteer.CHINA, role)
    for mention in gazetteer.find_leaders(text):
        leader = gazetteer.leader_of(mention.code, day)
        if leader is not None:
            add(mention.start, mention.end, leader.name, leader.country, None)
    for match in _TITLE_NAME.finditer(text):
        add(match.start("name"), match.end("name"), match.group("name"), None, match.group("title"))
    people.sort(key=lambda p: p.start)
    return tuple(_mark_envoys(_bind_countries(people), text))


def _mark_envoys(people: list[Person], text: str) -> list[Person]:
    """A Chinese official who attends "as the Special Envoy of President Xi" acts at that level."""
    envoys = set()
    for person in people:
        if person.country == gazetteer.CHINA and _AS_XI_ENVOY.search(
            text[person.end : person.end + 260].split(".")[0]
        ):
            envoys.add(person.name)
    if not envoys:
        return people
    return [
        Person(p.start, p.end, p.name, p.country, "Special Envoy of President Xi", "special_envoy")
        if p.name in envoys else p
        for p in people
    ]  # fmt: skip


def _bind_countries(people: list[Person]) -> list[Person]:
    """A bare "President Orsi" takes the country of the Orsi introduced with one."""
    roster = Roster()
    for person in people:
        if person.country is not None:
            roster.add(person)
    out = []
    for person in people:
        if person.country is None:
            known = roster.lookup(person.name)
            if known is not None:
                person = Person(person.start, person.end, known.name, known.country,
                                person.role or known.role, known.level)  # fmt: skip
        out.append(person)
    return out


def chinese_official(name: str, day: date | None) -> gazetteer.Official | None:
    """The reference entry for a Chinese office holder, preferring the office held on `day`."""
    candidates = [o for o in gazetteer.chinese_officials() if name == o.name or name in o.aliases]
    if not candidates and name != name.title():
        return chinese_official(name.title(), day)  # "LI Qiang", "ZHAO LEJI"
    if not candidates:
        return None
    in_office = [o for o in candidates if o.holds_office_on(day)]
    ranked = sorted(in_office or candidates, key=lambda o: _LEVEL_ORDER.get(o.level, 99))
    return ranked[0]


_LEVEL_ORDER = {
    "head_of_state": 0,
    "head_of_government": 1,
    "top_legislator_vp": 2,
    "foreign_minister": 3,
    "party_international": 4,
    "special_envoy": 5,
    "other_official": 6,
}

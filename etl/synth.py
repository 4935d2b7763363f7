"""A synthetic corpus for benchmarks: `python -m etl.synth --articles N --out DIR [--seed S]`.

Documents are written by recombining the sentence patterns of the seed documents (wire
readouts with datelines, blog pages of posts with reprinted originals, single news pages with
site debris, ministry listing pages) with other countries, leaders, dates, outlets and quotes.
Names come from the reference tables (countries, demonyms, capitals, parties, Chinese office
holders in office on the date, organisations); foreign people get invented names. The
extractor therefore does the same work as on real text, and what was planted is known:

    DIR/part-NNN/<doc>.txt    the documents (only these are read by `python -m etl build`)
    DIR/.expected.json        counts of everything planted (engagements per type and country,
                              quotes, partnership mentions, articles, bytes)
    DIR/.planted.jsonl        one line per document: exactly what was planted in it

Planted records follow the gold rules of tests/gold/README.md (one engagement per real event
per document, whatever the number of reports; a visit only when reported as a fact of its
own; date = first day of a range; weekday-only dates stay undated). `score` compares a build
with what was planted, so a benchmark reports recall, not only speed.

Deterministic: the same --seed and --articles give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from etl import gazetteer

DOCS_PER_FOLDER = 1000
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2025, 12, 31)

# Invented foreign names (not anyone's real name on purpose); names that read as a place are
# dropped when the pools are loaded.
_GIVEN = [
    "Amara",
    "Anders",
    "Aziz",
    "Bruno",
    "Camila",
    "Dario",
    "Elena",
    "Emil",
    "Farid",
    "Gabriel",
    "Hana",
    "Ibrahim",
    "Ines",
    "Jonas",
    "Karim",
    "Lena",
    "Luca",
    "Malik",
    "Marta",
    "Mateo",
    "Nadia",
    "Nikolai",
    "Omar",
    "Paulo",
    "Rafael",
    "Rosa",
    "Samir",
    "Sofia",
    "Tariq",
    "Teodor",
    "Valeria",
    "Viktor",
    "Yara",
    "Yusuf",
    "Zainab",
    "Adama",
    "Kwame",
    "Thabo",
    "Aroha",
    "Tevita",
    "Sione",
    "Ilse",
    "Joao",
]
_FAMILY = [
    "Abdi",
    "Achterberg",
    "Alvarado",
    "Andersen",
    "Baptiste",
    "Barros",
    "Bekov",
    "Castellano",
    "Chaudhry",
    "Dimitrov",
    "Eriksen",
    "Fernandes",
    "Galindo",
    "Haddad",
    "Halvorsen",
    "Ibekwe",
    "Jankowski",
    "Karimov",
    "Kovacs",
    "Lindqvist",
    "Mahlangu",
    "Marchetti",
    "Mensah",
    "Moreau",
    "Nakata",
    "Novak",
    "Okafor",
    "Oyelaran",
    "Petrov",
    "Quispe",
    "Rahimi",
    "Rasmussen",
    "Salazar",
    "Sandoval",
    "Tanaka",
    "Toure",
    "Uribe",
    "Varga",
    "Vasquez",
    "Wojcik",
    "Yilmaz",
    "Zamora",
    "Ndlovu",
    "Kamau",
    "Sesay",
    "Tamboura",
    "Latu",
    "Fonoti",
    "Kealoha",
    "Virtanen",
    "Lemaire",
    "Brennan",
]

# Dependent territories and uninhabited places: they receive no foreign ministers.
_NOT_STATES = frozenset(
    [
        "ABW",
        "AIA",
        "ALA",
        "ASM",
        "ATA",
        "ATF",
        "BES",
        "BLM",
        "BMU",
        "BVT",
        "CCK",
        "COK",
        "CUW",
        "CXR",
        "CYM",
        "ESH",
        "FLK",
        "FRO",
        "GGY",
        "GIB",
        "GLP",
        "GRL",
        "GUF",
        "GUM",
        "HMD",
        "IMN",
        "IOT",
        "JEY",
        "MAF",
        "MNP",
        "MSR",
        "MTQ",
        "MYT",
        "NCL",
        "NFK",
        "NIU",
        "PCN",
        "PRI",
        "PYF",
        "REU",
        "SGS",
        "SHN",
        "SJM",
        "SPM",
        "SXM",
        "TCA",
        "TKL",
        "UMI",
        "VGB",
        "VIR",
        "WLF",
    ]
)
_CN_CITIES = ("Beijing", "Shanghai", "Hangzhou", "Xiamen", "Tianjin", "Chengdu", "Xi'an")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_ABBR = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_WIRE_OUTLETS = (("Xinhua", "Xinhua News Agency"), ("MFA", "Chinese Foreign Ministry"))
_PAGE_OUTLETS = ("Xinhua News Agency", "China Daily", "CGTN", "Global Times", "People's Daily")
_SITE_NAV = (
    "Home | World | China | Opinion | Business | Video",
    "World• Top News• Diplomatic Exchanges• FM Press Releases• People• Opinion",
    "Latest Headlines",
    "NEWS  ·  DIPLOMACY  ·  REGIONS",
)
_SITE_FOOTER = (
    "Share the news with your friends!",
    "Please enter your comment!\nPlease enter your name here",
    "About Us\nContact Us\nAdvertise with Us\nSubscribe",
    "Copyright Beijing Review All rights reserved",
)

# Multilateral forums: (org id as the extractor reports it, how a readout names the meeting).
_FORUMS = (
    ("SCO", "Meeting of the Council of Heads of State of the Shanghai Cooperation Organisation"),
    ("BRICS", "BRICS Summit"),
    ("G20", "G20 Summit"),
    ("APEC", "APEC Economic Leaders' Meeting"),
    ("EAS", "East Asia Summit"),
    ("FOCAC", "Ministerial Conference of the Forum on China-Africa Cooperation"),
    ("CASCF", "Ministerial Meeting of the China-Arab States Cooperation Forum"),
    ("UN", "session of the United Nations General Assembly"),
)

# Partnership designations as readouts write them, per rung of the ladder.
_TIER_PHRASES = {
    "comprehensive_strategic_coordination": (
        "comprehensive strategic partnership of coordination for a new era",
    ),
    "all_weather_or_permanent": ("all-weather strategic cooperative partnership",),
    "comprehensive_strategic_cooperative": ("comprehensive strategic cooperative partnership",),
    "comprehensive_strategic": ("comprehensive strategic partnership",),
    "strategic_cooperative": ("strategic cooperative partnership",),
    "strategic": ("strategic partnership",),
    "comprehensive_cooperative": ("comprehensive cooperative partnership",),
    "cooperative": ("friendly cooperative partnership",),
}

# Bilateral engagements as the seeds' readouts report them: lead sentences and a headline.
_BILATERAL_LEADS = {
    "talks": (
        ("{cn_title} {cn} held talks with {adj} {f_title} {f} in {city} on {when}, and both sides pledged to strengthen bilateral ties.",
         "{cn_title} {cn} held talks with visiting {adj} {f_title} {f} at the Great Hall of the People in Beijing on {when}."),
        "{cn} holds talks with {adj} {f_lower}",
    ),
    "meeting": (
        ("On {when}, {cn} met with his {adj} counterpart {f} in {capital}.",
         "{cn_title} {cn} met with {f_title} of {country} {f} in {city} on {when}."),
        "{cn} meets {adj} {f_lower}",
    ),
    "call": (
        ("In the afternoon of {when}, {cn_title} {cn} took a phone call from {adj} {f_title} {f}.",
         "{cn_title} {cn} and {adj} {f_title} {f} held a phone conversation on {when}."),
        "{cn} speaks with {adj} {f_lower} by phone",
    ),
    "message": (
        ("On {when}, {cn_title} {cn} and {adj} {f_title} {f} exchanged congratulatory messages on the {years} anniversary of the establishment of diplomatic relations between the two countries.",),
        "China, {country} exchange congratulatory messages on anniversary of ties",
    ),
    "state_visit": (
        ("{f_title} of {country} {f} paid a state visit to China from {range}, at the invitation of President Xi Jinping. Presidents Xi and {f_short} held talks in Beijing on the afternoon of {next_day}.",),
        "{cn} holds talks with {adj} President {f}",
    ),
    "visit_out": (
        ("From {range}, {cn_title} {cn} paid an official visit to {country} at the invitation of {f_title} {f}.",),
        "{cn} pays official visit to {country}",
    ),
    "visit_in": (
        ("{adj} {f_title} {f} arrived in Beijing on {when} for an official visit to China at the invitation of {cn_title} {cn}.",),
        "{adj} {f_lower} arrives in Beijing",
    ),
}  # fmt: skip

# Statements, from the seeds' readouts, with {country} filled in.
_CN_SAYS = (
    "China attaches great importance to the development of China-{country} relations and is willing to work hand in hand with {country} to lift bilateral relations to higher levels",
    "China stands ready to deepen cooperation with {country} in investment, energy, agriculture and other fields",
    "the two sides should strengthen friendly exchanges, deepen mutual learning of experience in state governance and promote practical cooperation in various fields",
    "China-{country} ties have stood the new test of a changing international landscape and shown strong resilience",
    "China is ready to make joint efforts with {country} to deepen mutually beneficial cooperation and take bilateral relations to new heights",
    "China firmly supports {country} in safeguarding its sovereignty, security and development interests",
    "the more volatile the world is, the more important it is for the two countries to strengthen strategic communication",
)
_FOREIGN_SAYS = (
    "{country} values its friendly exchanges with China and thanks China for its valuable support for its economic and social development",
    "successive governments of {country} have attached great importance to developing relations with China",
    "{country} firmly adheres to the one-China principle and opposes any interference in China's internal affairs",
    "{country} is willing to work with China to continuously deepen practical cooperation in various fields",
    "{country} welcomes more Chinese enterprises to invest and do business in the country",
)
_DIRECT = (
    "Both sides have a firmer will to develop bilateral relations, and stronger confidence to advance cooperation in various areas",
    "Our cooperation not only serves the interests of both peoples but also contributes to the peace, stability and development of the world",
    "Uncertainty is growing on the international stage, and countries want unity, not separation, cooperation instead of confrontation",
    "We are ready to work with our friends to open a new chapter in our relations",
    "History tells us that mutual respect, equality, fairness and justice underpin both people-to-people and state-to-state relations",
    "The friendship between our two peoples has stood the test of time and will only grow stronger",
)
# Background paragraphs of commentary, as blog posts and news pages carry them: no engagement,
# no statement, only the country they are about.
_CONTEXT = (
    "{country} and China established diplomatic relations in {year}. Since then, bilateral trade has expanded many times over, and China has become one of the largest trading partners and sources of investment of {country}. Projects in infrastructure, energy and agriculture have created thousands of local jobs.",
    "The exchange comes at a time of profound changes unseen in a century, with uncertainty growing on the international stage. Observers in {capital} regard closer ties with Beijing as a way to diversify the economic partnerships of the country and to reduce its dependence on traditional markets.",
    "Under the framework of the Belt and Road Initiative, the two countries have carried out cooperation in ports, railways, power plants and telecommunications. A new railway linking {capital} with the coast is expected to cut travel times by more than half when it opens.",
    "Analysts note that {country} has consistently supported the Global Development Initiative and the Global Security Initiative proposed by China, and that the two countries maintain close coordination in multilateral forums such as the United Nations.",
    "People-to-people exchanges have also grown. Several thousand students from {country} are studying in China, and direct flights between {capital} and several Chinese cities were resumed recently. A Confucius Institute in {capital} offers Chinese language courses to thousands of learners.",
    "The {adjective} economy has faced headwinds in recent years, including high inflation and a shortage of foreign exchange. Chinese financing and investment have helped to complete several long-delayed projects, including a new terminal at the international airport of {capital}.",
    "Western media have portrayed the relationship as a debt trap, a claim rejected by officials in both countries, who point to the concessional terms of the loans and to the roads, hospitals and schools built with Chinese support.",
    "Agricultural cooperation is another highlight. Exports of coffee, fruit and seafood from {country} to China have grown rapidly since the two countries signed phytosanitary protocols, and Chinese experts have helped local farmers to introduce hybrid rice and modern irrigation.",
    "The joint statement issued on the occasion covers cooperation in trade, investment, green development, the digital economy, science and technology, education, health and culture, and lists more than twenty cooperation documents signed by the two governments.",
    "Regional issues were also on the agenda. Both countries favour the peaceful settlement of disputes through dialogue and consultation and oppose unilateral sanctions, the politicisation of economic issues and the formation of exclusive blocs.",
)
# Sentences that are not engagements (plans, views, foreign-only news), as in the seeds.
_NEGATIVES = (
    "China is willing to work with {country} to hold the next round of strategic dialogue in {capital} next year.",
    "The two sides also exchanged views on international and regional issues of common concern.",
    "Frequent high-level visits have strongly boosted bilateral cooperation in various fields.",
    "Both sides agreed to hold the next meeting of the joint committee at an early date.",
    "{country} will host an international investment forum in {capital} later this year.",
    "Trade between China and {country} has grown steadily over the past decade, according to customs figures.",
)


@dataclass(frozen=True, slots=True)
class Place:
    iso3: str
    name: str
    adjective: str
    capital: str
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    title: str  # as a readout writes it before the name
    short: str  # how later sentences name him


@dataclass
class Planted:
    """What one document holds, as the gold rules would record it."""

    doc: str
    articles: int = 0
    engagements: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    partnerships: list[dict] = field(default_factory=list)

    def engagement(self, country: str | None, org: str | None, type_: str, day: date | None,
                   cn: Actor, foreign: Actor | None) -> None:  # fmt: skip
        self.engagements.append({
            "country": country, "org": org, "type": type_,
            "date": day.isoformat() if day else None,
            "cn_actor": cn.name, "foreign_actor": foreign.name if foreign else None,
        })  # fmt: skip

    def quote(self, speaker: str | None, country: str, kind: str, text: str) -> None:
        self.quotes.append(
            {"speaker": speaker, "speaker_country": country, "kind": kind, "text": text}
        )

    def partnership(self, country: str, framework: str, tier: str | None, status: str) -> None:
        self.partnerships.append(
            {"country": country, "framework": framework, "tier": tier, "status": status}
        )


# --- reference data ---------------------------------------------------------------------------


@cache
def _places() -> tuple[Place, ...]:
    aliases: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in gazetteer._read_csv("country_aliases.csv"):
        aliases[row["iso3"]][row["kind"]].append(row["alias"])
    parties: dict[str, list[str]] = defaultdict(list)
    for row in gazetteer._read_csv("parties.csv"):
        if row["party"] == row["alias"] and row["party"] not in parties[row["iso3"]]:
            parties[row["iso3"]].append(row["party"])
    out = []
    for iso3, country in sorted(gazetteer.countries().items()):
        kinds = aliases.get(iso3, {})
        demonyms = [d for d in kinds.get("demonym", []) if not d.endswith("s")]
        capitals = kinds.get("capital", [])
        if iso3 in gazetteer.CHINESE_REGIONS | _NOT_STATES or not demonyms or not capitals:
            continue
        if not country.region:
            continue
        out.append(Place(iso3, country.name, demonyms[0], capitals[0], tuple(parties[iso3])))
    return tuple(out)


@cache
def _name_pools() -> tuple[tuple[str, ...], tuple[str, ...]]:
    def plain(word: str) -> bool:
        return not gazetteer.find_countries(word) and not gazetteer.find_organisations(word)

    return tuple(w for w in _GIVEN if plain(w)), tuple(w for w in _FAMILY if plain(w))


def _official(office_words: str, day: date) -> gazetteer.Official | None:
    for official in gazetteer.chinese_officials():
        # Office holders with a known term only, in office on the day.
        if (
            office_words in official.office
            and official.start is not None
            and official.holds_office_on(day)
        ):
            return official
    return None


_CN_ROLES = {
    # level → (words of the office in cn_officials.csv, title as written, foreign title)
    "head_of_state": ("President of the People's Republic", "Chinese President", "President"),
    "head_of_government": ("Premier of the State Council", "Chinese Premier", "Prime Minister"),
    "foreign_minister": ("Minister of Foreign Affairs", "Chinese Foreign Minister",
                         "Foreign Minister"),
    "top_legislator_vp": ("Chairman of the Standing Committee of the National People's Congress",
                          "Chairman of the National People's Congress Standing Committee",
                          "Speaker of the National Assembly"),
}  # fmt: skip


# --- text pieces ------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day_text(day: date, with_year: bool) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if with_year else "")


def _range_text(first: date, last: date, with_year: bool) -> str:
    year = f", {first.year}" if with_year else ""
    if first.month == last.month:
        return f"{_MONTHS[first.month - 1]} {first.day}-{last.day}{year}"
    return f"{_MONTHS[first.month - 1]} {first.day}-{_MONTHS[last.month - 1]} {last.day}{year}"


class _Writer:
    """Writes one article at a time; every sentence that plants something records it."""

    def __init__(self, rng: random.Random, planted: Planted) -> None:
        self.rng = rng
        self.planted = planted

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def person(self, title: str) -> Actor:
        given, family = _name_pools()
        name = f"{self.pick(given)} {self.pick(family)}"
        return Actor(name, title, name.split()[-1])

    def chinese(self, level: str, day: date) -> Actor | None:
        office, title, _ = _CN_ROLES[level]
        official = _official(office, day)
        if official is None:
            return None
        return Actor(official.name, title, official.name.split()[0])

    def says(self, speaker: Actor, country_iso3: str, statement: str, place: Place) -> str:
        text = statement.format(country=place.name)
        if self.rng.random() < 0.5:
            sentence = f"{speaker.short} said that {text}."
        else:
            sentence = f"{text[0].upper()}{text[1:]}, {speaker.short} said."
        self.planted.quote(speaker.name, country_iso3, "reported", text)
        return sentence

    def direct(self, speaker: Actor, country_iso3: str) -> str:
        text = self.pick(_DIRECT)
        self.planted.quote(speaker.name, country_iso3, "direct", text)
        return f"“{text},” {speaker.short} said."

    def partnership(self, place: Place, day: date) -> str:
        tier = _tier_of(place.iso3)
        phrase = _TIER_PHRASES[tier][0]
        roll = self.rng.random()
        if roll < 0.15:
            self.planted.partnership(place.iso3, "community", None, "mentioned")
            return (
                f"The two sides agreed to work together to build a China-{place.name} "
                "community with a shared future."
            )
        self.planted.partnership(place.iso3, "partnership", tier, "mentioned")
        return (
            f"Both sides agreed to continuously deepen the {phrase} between China and "
            f"{place.name} and steadily strengthen practical cooperation in various fields."
        )


def _tier_of(iso3: str) -> str:
    """A country's rung, fixed per country as in reality (chosen by a stable hash of its code)."""
    tiers = list(_TIER_PHRASES)
    return tiers[sum(ord(c) * (i + 7) for i, c in enumerate(iso3)) % len(tiers)]


# --- one article of news: an engagement with its statements -----------------------------------


_WHEN = "\x00when\x00"


@dataclass
class _Story:
    title: str
    lead: str  # the sentence that reports the engagement; _WHEN stands for its date
    body: list[str]
    day: date
    with_year: bool

    def lead_dated(self) -> str:
        return self.lead.replace(_WHEN, _day_text(self.day, self.with_year))

    def lead_weekday(self) -> str:
        """As a wire original writes it under a dateline: "on Friday"."""
        weekday = _WEEKDAYS[self.day.weekday()]
        lead = self.lead.replace(f"In the afternoon of {_WHEN}", f"On {weekday} afternoon")
        lead = re.sub(r"\b(on|On|of) " + _WHEN, lambda m: f"{m.group(1)} {weekday}", lead)
        return lead.replace(_WHEN, weekday)


def _story(w: _Writer, day: date, *, with_year: bool) -> _Story | None:
    """One engagement story: its headline, lead sentence and statements, planted."""
    rng = w.rng
    place = w.pick(_places())
    kind = w.pick(("talks", "meeting", "meeting", "call", "message", "state_visit",
                   "visit_out", "visit_in", "multilateral", "delegation", "envoy"))  # fmt: skip
    when = _WHEN  # rendered per report: a date in the post, a weekday in the wire original
    p = w.planted
    if kind == "delegation":
        official = _official("Minister of the International Department", day)
        if official is None or not place.parties:
            return None
        cn = Actor(official.name, "Minister of the International Department of the CPC "
                   "Central Committee (IDCPC)", official.name.split()[0])  # fmt: skip
        party = w.pick(place.parties)
        foreign = w.person("Secretary General")
        lead = (f"{cn.name}, {cn.title}, met on {when} with a delegation led by {foreign.name}, "
                f"Secretary General of the {party} of {place.name}.")  # fmt: skip
        title = f"{cn.name} meets with a delegation of the {party}"
        p.engagement(place.iso3, None, "delegation", day, cn, foreign)
    elif kind == "envoy":
        official = _official("Vice Premier of the State Council", day) or _official(
            "Minister of Commerce", day
        )
        if official is None:
            return None
        cn = Actor(official.name, "Special Envoy of President Xi Jinping", official.name.split()[0])
        foreign = w.person("President")
        lead = (f"On {when}, {foreign.name} was inaugurated as the new President of {place.name} "
                f"in the national capital {place.capital}. {official.name} attended the "
                f"inauguration as the Special Envoy of President Xi Jinping.")  # fmt: skip
        title = f"Xi's special envoy attends inauguration of {place.adjective} president"
        p.engagement(place.iso3, None, "visit_out", day, cn, foreign)
    elif kind == "multilateral":
        cn = w.chinese(w.pick(("head_of_state", "head_of_government", "foreign_minister")), day)
        if cn is None:
            return None
        org, forum = w.pick(_FORUMS)
        host = w.pick(_places())
        lead = (f"{cn.title} {cn.name} attended the {_ordinal(rng.randint(2, 30))} {forum} in "
                f"{host.capital} on {when} and delivered a speech.")  # fmt: skip
        title = f"{cn.name} attends {forum.split(' of the ')[-1]}"
        p.engagement(None, org, "multilateral", day, cn, None)
        place, foreign = host, None
    else:
        level = "head_of_state" if kind == "state_visit" else w.pick(tuple(_CN_ROLES))
        cn = w.chinese(level, day)
        if cn is None:
            return None
        foreign = w.person(_CN_ROLES[level][2])
        fields = {
            "cn": cn.name, "cn_title": cn.title, "f": foreign.name, "f_short": foreign.short,
            "f_title": foreign.title, "f_lower": foreign.title.lower(), "adj": place.adjective,
            "country": place.name, "capital": place.capital, "city": w.pick(_CN_CITIES),
            "when": _WHEN, "next_day": _day_text(day + timedelta(days=1), False),
            "range": _range_text(day, day + timedelta(days=rng.randint(2, 4)), with_year),
            "years": _ordinal(rng.randint(10, 75)),
        }  # fmt: skip
        leads, headline = _BILATERAL_LEADS[kind]
        lead = w.pick(leads).format(**fields)
        title = headline.format(**fields)
        p.engagement(place.iso3, None, kind, day, cn, foreign)
        if kind == "state_visit":  # the visit and the talks the next day: two records
            p.engagement(place.iso3, None, "talks", day + timedelta(days=1), cn, foreign)
    body = _statements(w, cn, foreign, place, day)
    return _Story(title, lead, body, day, with_year)


def _statements(w: _Writer, cn: Actor, foreign: Actor | None, place: Place, day: date) -> list[str]:
    rng = w.rng
    body = [w.says(cn, gazetteer.CHINA, w.pick(_CN_SAYS), place)]
    if rng.random() < 0.6:
        body.append(w.direct(cn, gazetteer.CHINA))
    if foreign is not None:
        said = w.pick(_FOREIGN_SAYS).format(country=place.name)
        w.planted.quote(foreign.name, place.iso3, "reported", said)
        body.append(f"For his part, {foreign.short} said that {said}.")
        if rng.random() < 0.3:
            body.append(w.direct(foreign, place.iso3))
    if rng.random() < 0.5:
        body.append(w.partnership(place, day))
    fill = {"country": place.name, "capital": place.capital, "adjective": place.adjective,
            "year": rng.randint(1950, 1995)}  # fmt: skip
    extra = rng.sample(_NEGATIVES, rng.randint(1, 2)) + rng.sample(_CONTEXT, rng.randint(3, 6))
    rng.shuffle(extra)
    body += [sentence.format(**fill) for sentence in extra]
    return body


# --- document shapes --------------------------------------------------------------------------


def _random_day(rng: random.Random, year: int | None = None) -> date:
    if year is None:
        span = (LAST_DAY - FIRST_DAY).days
        return FIRST_DAY + timedelta(days=rng.randrange(span - 10))
    first = date(year, 1, 1)
    return first + timedelta(days=rng.randrange(350))


def _news_page(w: _Writer, story: _Story, outlet: str) -> str:
    """A single article on a news site: navigation, headline, byline, text, footer."""
    paragraphs = [w.pick(_SITE_NAV), "", story.title,
                  f"  ·  {story.day.isoformat()}  ·   Source: {outlet}", "", story.lead_dated()]  # fmt: skip
    for sentence in story.body:
        paragraphs += ["", sentence]
    paragraphs += ["", w.pick(_SITE_FOOTER)]
    w.planted.articles += 1
    return "\n".join(paragraphs) + "\n"


def _blog_page(w: _Writer, n_posts: int) -> str:
    """A blog page of posts, each retold, some followed by the original wire text reprinted."""
    year = _random_day(w.rng).year
    # Newest first, as blogs list their posts; the newest gives the year in full.
    days = sorted((_random_day(w.rng, year) for _ in range(n_posts)), reverse=True)
    parts: list[str] = []
    for i, day in enumerate(days):
        story = _story(w, day, with_year=(i == 0 or w.rng.random() < 0.4))
        if story is None:
            continue
        commentary = [story.title, "", story.lead_dated()]
        for sentence in story.body:
            commentary += ["", sentence]
        w.planted.articles += 1
        if w.rng.random() < 0.4:
            abbr, outlet = w.pick(_WIRE_OUTLETS)
            lead = story.lead_weekday()
            commentary += [
                "",
                f"The following article was originally published by the {outlet}.",
                "",
                f"BEIJING, {_MONTH_ABBR[day.month - 1]} {day.day} ({abbr}) — {lead}",
                "",
                story.body[0],
            ]
            w.planted.articles += 1
        commentary += ["", f"Continue reading {story.title}", ""]
        parts += commentary
    return "\n".join(parts) + "\n"


def _listing_page(w: _Writer, n_items: int) -> str:
    """A ministry listing page: headline and one-paragraph summary pairs, weekdays only."""
    lines = [w.pick(_SITE_NAV), "FM Press Releases"]
    for _ in range(n_items):
        place = w.pick(_places())
        weekday = w.pick(_WEEKDAYS)
        statement = w.pick(_CN_SAYS).format(country=place.name)
        lines.append(f"Spokesperson comments on relations with {place.name}")
        lines.append(f"A Chinese foreign ministry spokesperson on {weekday} said that {statement}.")
        w.planted.quote(None, gazetteer.CHINA, "reported", statement)
        w.planted.articles += 1
    lines.append("1  2  3  4  5  6  7  8  9  10")
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, n_articles: int, seed: int = 0) -> dict:
    """Write about n_articles articles (never fewer) in documents under out_dir; returns the
    expected counts also written to out_dir/.expected.json (hidden: a build of DIR skips it)."""
    gazetteer.load_all()
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total_articles = total_bytes = 0
    n_docs = 0
    with (out_dir / ".planted.jsonl").open("w", encoding="utf-8") as planted_file:
        summary = _Summary()
        while total_articles < n_articles:
            folder = f"part-{n_docs // DOCS_PER_FOLDER:03d}"
            doc = f"{folder}/{n_docs:07d}.txt"
            planted = Planted(doc)
            w = _Writer(rng, planted)
            shape = rng.random()
            if shape < 0.7:
                story = None
                while story is None:
                    story = _story(w, _random_day(rng), with_year=rng.random() < 0.5)
                text = _news_page(w, story, w.pick(_PAGE_OUTLETS))
            elif shape < 0.93:
                text = _blog_page(w, rng.randint(2, 6))
            else:
                text = _listing_page(w, rng.randint(4, 10))
            if planted.articles == 0:
                continue
            path = out_dir / doc
            path.parent.mkdir(exist_ok=True)
            data = text.encode("utf-8")
            path.write_bytes(data)
            planted_file.write(json.dumps(asdict(planted), ensure_ascii=False) + "\n")
            summary.add(planted)
            total_articles += planted.articles
            total_bytes += len(data)
            n_docs += 1
    expected = {
        "seed": seed,
        "documents": n_docs,
        "articles": total_articles,
        "bytes": total_bytes,
        **summary.counts(),
    }
    (out_dir / ".expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    return expected


class _Summary:
    def __init__(self) -> None:
        self.engagements: Counter[tuple[str, str]] = Counter()
        self.quotes: Counter[str] = Counter()
        self.partnerships: Counter[tuple[str, str]] = Counter()

    def add(self, planted: Planted) -> None:
        for e in planted.engagements:
            self.engagements[(e["type"], e["country"] or e["org"])] += 1
        for q in planted.quotes:
            self.quotes[q["kind"]] += 1
        for p in planted.partnerships:
            self.partnerships[(p["tier"] or p["framework"], p["country"])] += 1

    def counts(self) -> dict:
        by_type: dict[str, dict[str, int]] = defaultdict(dict)
        for (type_, counterpart), n in sorted(self.engagements.items()):
            by_type[type_][counterpart] = n
        by_tier: dict[str, dict[str, int]] = defaultdict(dict)
        for (tier, country), n in sorted(self.partnerships.items()):
            by_tier[tier][country] = n
        return {
            "engagements": {
                "total": sum(self.engagements.values()),
                "by_type": {t: sum(c.values()) for t, c in by_type.items()},
                "by_type_counterpart": dict(by_type),
            },
            "quotes": {"total": sum(self.quotes.values()), **dict(sorted(self.quotes.items()))},
            "partnerships": {
                "total": sum(self.partnerships.values()),
                "by_tier": {t: sum(c.values()) for t, c in by_tier.items()},
                "by_tier_country": dict(by_tier),
            },
        }


# --- what the build found of what was planted ---------------------------------------------------


def score(corpus_dir: Path, data_dir: Path) -> dict:
    """Recall (and precision) of the build in data_dir on the corpus planted in corpus_dir.

    Per document, as in docs/evaluation.md: an engagement matches a reported event with the
    same counterpart and type and a date within one day (or both undated); a quote matches an
    extracted quote covering at least half of its words; a partnership matches the same
    (country, tier) or (country, community). Matching is one-to-one.
    """
    import pyarrow.parquet as pq

    from etl.store import read_manifest

    manifest = read_manifest(data_dir)
    if manifest is None:
        raise FileNotFoundError(f"no build in {data_dir}")

    def rows(table: str, columns: list[str]) -> list[dict]:
        return pq.read_table(manifest.table_path(data_dir, table), columns=columns).to_pylist()

    path_of = {r["doc_id"]: r["path"] for r in rows("documents", ["doc_id", "path"])}
    doc_of = {
        r["article_id"]: path_of[r["doc_id"]] for r in rows("articles", ["article_id", "doc_id"])
    }
    events: dict[str, dict[str, dict]] = defaultdict(dict)  # doc → event → best row
    for r in rows("engagements", ["article_id", "event_id", "country", "counterpart_org", "type",
                                  "date", "date_precision"]):  # fmt: skip
        doc = doc_of[r["article_id"]]
        best = events[doc].get(r["event_id"])
        if best is None or _precision_rank(r) < _precision_rank(best):
            events[doc][r["event_id"]] = r
    quotes: dict[str, list[dict]] = defaultdict(list)
    for r in rows("quotes", ["article_id", "speaker", "text"]):
        quotes[doc_of[r["article_id"]]].append(r)
    partnerships: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows("partnerships", ["article_id", "country", "framework", "tier"]):
        partnerships[doc_of[r["article_id"]]].add((r["country"], r["tier"] or r["framework"]))

    found_by_type: Counter[str] = Counter()
    planted_by_type: Counter[str] = Counter()
    quote_hits = speaker_hits = planted_quotes = 0
    partner_hits = planted_partners = 0
    articles_planted = 0
    with (Path(corpus_dir) / ".planted.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            planted = json.loads(line)
            doc = planted["doc"]
            articles_planted += planted["articles"]
            system = list(events.get(doc, {}).values())
            for e in planted["engagements"]:
                planted_by_type[e["type"]] += 1
            for e in _matched_engagements(planted["engagements"], system):
                found_by_type[e["type"]] += 1
            planted_quotes += len(planted["quotes"])
            for q, s in _matched_quotes(planted["quotes"], quotes.get(doc, [])):
                quote_hits += 1
                speaker_hits += (q["speaker"] or None) == (s["speaker"] or None)
            wanted = {(p["country"], p["tier"] or p["framework"]) for p in planted["partnerships"]}
            planted_partners += len(wanted)
            partner_hits += len(wanted & partnerships.get(doc, set()))
    reported_events = sum(len(v) for v in events.values())
    found = sum(found_by_type.values())
    planted_total = sum(planted_by_type.values())
    return {
        "articles_planted": articles_planted,
        "articles_found": len(doc_of),
        "engagement_recall": _ratio(found, planted_total),
        "engagement_precision": _ratio(found, reported_events),
        "engagement_recall_by_type": {
            t: _ratio(found_by_type[t], n) for t, n in sorted(planted_by_type.items())
        },
        "quote_recall": _ratio(quote_hits, planted_quotes),
        "quote_speaker_accuracy": _ratio(speaker_hits, quote_hits),
        "partnership_recall": _ratio(partner_hits, planted_partners),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _precision_rank(row: dict) -> int:
    return {"day": 0, "month": 1, "year": 2}.get(row["date_precision"], 3)


def _matched_engagements(planted: list[dict], system: list[dict]) -> list[dict]:
    candidates = []
    for i, e in enumerate(planted):
        want = date.fromisoformat(e["date"]) if e["date"] else None
        for j, s in enumerate(system):
            if s["type"] != e["type"] or (s["country"] or s["counterpart_org"]) != (
                e["country"] or e["org"]
            ):
                continue
            if want is None or s["date"] is None:
                if want is None and s["date"] is None:
                    candidates.append((0, i, j))
                continue
            if s["date_precision"] != "day":
                continue
            gap = abs((s["date"] - want).days)
            if gap <= 1:
                candidates.append((gap, i, j))
    used_p, used_s, out = set(), set(), []
    for _, i, j in sorted(candidates):
        if i not in used_p and j not in used_s:
            used_p.add(i)
            used_s.add(j)
            out.append(planted[i])
    return out


_TOKEN = re.compile(r"[a-z0-9]+")


def _matched_quotes(planted: list[dict], system: list[dict]) -> list[tuple[dict, dict]]:
    extracted = [set(_TOKEN.findall(s["text"].lower())) for s in system]
    used, out = set(), []
    for q in planted:
        words = set(_TOKEN.findall(q["text"].lower()))
        best = max(
            (
                (len(words & tokens) / len(words), j)
                for j, tokens in enumerate(extracted)
                if j not in used and words
            ),
            default=(0.0, -1),
        )
        if best[0] >= 0.5:
            used.add(best[1])
            out.append((q, system[best[1]]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles to write")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same files)")
    parser.add_argument(
        "--score", type=Path, metavar="DATA", help="score the build in DATA against --out instead"
    )
    args = parser.parse_args(argv)
    if args.score is not None:
        print(json.dumps(score(args.out, args.score)))
        return 0
    expected = generate(args.out, args.articles, args.seed)
    print(
        f"Wrote {expected['documents']} documents, {expected['articles']} articles, "
        f"{expected['bytes'] / 1e6:.1f} MB to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

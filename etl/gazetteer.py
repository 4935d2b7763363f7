"""Gazetteers: countries, their names, demonyms and capitals; organisations; parties; officials.

The data lives in etl/reference/*.csv (general reference data, see its README); this module
loads it once and finds mentions in text with one compiled pattern per gazetteer, longest
alias first, so "Papua New Guinea" wins over "Guinea" and "South African" over "African".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from pathlib import Path

from etl.fastmatch import fast_regex, lookahead_of, lower_for_matching
from etl.text import APOSTROPHES, alternation

REFERENCE_DIR = Path(__file__).parent / "reference"

# China itself and the Chinese regions: recognised so they can be excluded as counterparts.
CHINA = "CHN"
CHINESE_REGIONS = frozenset({"CHN", "TWN", "HKG", "MAC"})

# Phrases that contain a country word but do not name the country.
_MASKS = fast_regex(
    r"\b(?:(?:Latin|South|North|Central)[ -]Americ\w*|Indian Ocean|American continent|Pan-American|South China Sea|"
    r"East China Sea|Arabian (?:Sea|Peninsula|Gulf)|Persian Gulf|Gulf of Guinea|"
    r"Korean Peninsula|Indo-Pacific|Arab (?:states|countries|world|League)|African Union|"
    r"African (?:countries|continent|states|nations)|European Union|Asian Infrastructure|"
    r"Japanese (?:Aggression|aggression|invaders|militarism))\b"
)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    iso_numeric: str
    name: str
    region: str
    subregion: str
    intermediate_region: str
    continent: str


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    code: str  # ISO3 for countries, org id for organisations
    kind: str  # name | official | short | demonym | capital | org | party
    text: str


@dataclass(frozen=True, slots=True)
class Official:
    name: str
    office: str
    level: str
    start: date | None
    end: date | None
    aliases: tuple[str, ...]

    def holds_office_on(self, day: date | None) -> bool:
        return _in_term(self.start, self.end, day)


def _in_term(start: date | None, end: date | None, day: date | None) -> bool:
    """Whether `day` falls in a term; an unknown day or an open end never excludes."""
    if day is None:
        return True
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True, slots=True)
class ForeignLeader:
    """A foreign head of state or government or foreign minister, from foreign_leaders.csv."""

    name: str
    country: str  # ISO3
    office: str  # head_of_state | head_of_government | foreign_minister
    start: date | None
    end: date | None
    aliases: tuple[str, ...]

    def holds_office_on(self, day: date | None) -> bool:
        return _in_term(self.start, self.end, day)


def _read_csv(name: str) -> list[dict[str, str]]:
    path = REFERENCE_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(handle)
            if not (row.get(next(iter(row))) or "").startswith("#")
        ]


@cache
def countries() -> dict[str, Country]:
    rows = _read_csv("countries.csv")
    return {
        row["iso3"]: Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            iso_numeric=row["iso_numeric"],
            name=row["name"],
            region=row["region"],
            subregion=row["subregion"],
            intermediate_region=row.get("intermediate_region", ""),
            continent=row.get("continent", ""),
        )
        for row in rows
    }


def country_name(iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    country = countries().get(iso3)
    return country.name if country else iso3


class Matcher:
    """Finds aliases in text. Case-sensitive aliases and case-insensitive ones are compiled apart."""

    def __init__(self, entries: list[tuple[str, str, str, bool]], *, mask: bool = False):
        # entries: (alias, code, kind, case_sensitive); mask: blank out _MASKS phrases first
        self._mask = mask
        self._lookup: dict[str, tuple[str, str]] = {}
        self._lookup_ci: dict[str, tuple[str, str]] = {}
        sensitive, insensitive = [], []
        for alias, code, kind, case_sensitive in entries:
            if not alias:
                continue
            if case_sensitive:
                self._lookup.setdefault(alias, (code, kind))
                sensitive.append(alias)
            else:
                self._lookup_ci.setdefault(alias.lower(), (code, kind))
                insensitive.append(alias)
        self._pattern = self._compile(sensitive)
        # Case-insensitive aliases are matched in the text put in lower case: the same matches
        # as re.IGNORECASE, several times faster. Text with a letter re.IGNORECASE folds
        # differently ("İ", "ı", etl.fastmatch.lower_for_matching) is matched with re.IGNORECASE.
        self._insensitive_as_written = insensitive
        self._pattern_lower = self._compile([alias.lower() for alias in insensitive])

    @staticmethod
    def _compile(aliases: list[str], flags: int = 0) -> re.Pattern[str] | None:
        if not aliases:
            return None
        # Longest alias first; curly and straight apostrophes are interchangeable in names
        # ("Côte d’Ivoire"). A trie, so thousands of aliases cost one branch per character.
        ignore_case = bool(flags & re.IGNORECASE)
        trie = alternation(aliases, ignore_case=ignore_case)
        # Led by the aliases' first letters: most positions of a text are rejected at once.
        firsts = {"'" if a[0] in APOSTROPHES else a[0] for a in aliases}
        firsts |= {"’"} if "'" in firsts else set()  # the trie takes either apostrophe
        lead = lookahead_of(firsts, ignore_case=ignore_case)
        return re.compile(lead + r"(?<![\w])(?:" + trie + r")(?![\w])", flags)

    @cached_property
    def _pattern_ci(self) -> re.Pattern[str] | None:
        return self._compile(self._insensitive_as_written, re.IGNORECASE)

    def find(self, text: str) -> list[Mention]:
        masked = _mask(text) if self._mask else text
        found: list[Mention] = []
        if self._pattern is not None:
            for match in self._pattern.finditer(masked):
                key = match.group().replace("’", "'")
                hit = self._lookup.get(key) or self._lookup.get(match.group())
                if hit is not None:
                    found.append(Mention(match.start(), match.end(), hit[0], hit[1], match.group()))
        if self._pattern_lower is not None:
            lower = lower_for_matching(masked)
            if lower is not None and len(lower) == len(masked):
                matches, pattern_text = self._pattern_lower.finditer(lower), lower
            else:
                matches, pattern_text = self._pattern_ci.finditer(masked), masked  # type: ignore[union-attr]
            for match in matches:
                start, end = match.span()
                written = masked[start:end]
                key = pattern_text[start:end].replace("’", "'").lower()
                hit = self._lookup_ci.get(key) or self._lookup_ci.get(written)
                if hit is not None:
                    found.append(Mention(start, end, hit[0], hit[1], written))
        return _without_overlaps(found)


def _mask(text: str) -> str:
    """Blank out phrases like "Latin American" so their country words are not matched."""
    return _MASKS.sub(lambda m: " " * len(m.group()), text)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    last_end = -1
    for mention in mentions:
        if mention.start >= last_end:
            out.append(mention)
            last_end = mention.end
    return out


@cache
def country_matcher() -> Matcher:
    entries = [
        (row["alias"], row["iso3"], row["kind"], row.get("case_sensitive", "1") != "0")
        for row in _read_csv("country_aliases.csv")
    ]
    for country in countries().values():
        entries.append((country.name, country.iso3, "name", True))
    for row in _read_csv("parties.csv"):
        for alias in {row["party"], row.get("alias", "")}:
            if alias:
                entries.append((alias, row["iso3"], "party", True))
    return Matcher(entries, mask=True)


@cache
def organisation_matcher() -> Matcher:
    entries = []
    for row in _read_csv("organisations.csv"):
        case_sensitive = row.get("case_sensitive", "1") != "0"
        entries.append((row["alias"], row["org_id"], "org", case_sensitive))
        entries.append((row["name"], row["org_id"], "org", False))
    return Matcher(entries)


def find_countries(text: str) -> list[Mention]:
    return list(_find_countries(text))


def find_organisations(text: str) -> list[Mention]:
    return list(_find_organisations(text))


# Every extractor asks about the same sentences: remember the answers for a while.
@lru_cache(maxsize=8192)
def _find_countries(text: str) -> tuple[Mention, ...]:
    return tuple(country_matcher().find(text))


@lru_cache(maxsize=8192)
def _find_organisations(text: str) -> tuple[Mention, ...]:
    return tuple(organisation_matcher().find(text))


def _term_fields(row: dict[str, str]) -> dict[str, object]:
    """The fields every office-holder file shares: name, term and aliases ("a|b")."""
    return {
        "name": row["name"],
        "start": _parse_date(row.get("start", "")),
        "end": _parse_date(row.get("end", "")),
        "aliases": tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip()),
    }


@cache
def chinese_officials() -> tuple[Official, ...]:
    return tuple(
        Official(office=row["office"], level=row["level"], **_term_fields(row))  # type: ignore[arg-type]
        for row in _read_csv("cn_officials.csv")
    )


@cache
def foreign_leaders() -> tuple[ForeignLeader, ...]:
    return tuple(
        ForeignLeader(country=row["country"], office=row["office"], **_term_fields(row))  # type: ignore[arg-type]
        for row in _read_csv("foreign_leaders.csv")
    )


@cache
def leader_matcher() -> Matcher:
    """Full names and aliases of foreign leaders, matched case-sensitively."""
    entries = [
        (alias, leader.name, "leader", True)
        for leader in foreign_leaders()
        for alias in (leader.name, *leader.aliases)
    ]
    return Matcher(entries)


@lru_cache(maxsize=8192)
def _find_leaders(text: str) -> tuple[Mention, ...]:
    return tuple(leader_matcher().find(text))


def find_leaders(text: str) -> list[Mention]:
    """Foreign leaders named in text; each mention's code is the leader's canonical name."""
    return list(_find_leaders(text))


@cache
def _leaders_by_name() -> dict[str, list[ForeignLeader]]:
    by_name: dict[str, list[ForeignLeader]] = {}
    for leader in foreign_leaders():
        for alias in {leader.name, *leader.aliases}:
            by_name.setdefault(alias.replace("’", "'"), []).append(leader)
    return by_name


def leader_of(name: str, day: date | None = None) -> ForeignLeader | None:
    """The foreign leader a name refers to, in office on `day` when the day is known.

    Out of office, a former leader may speak for someone else: Donald Tusk met China in 2019
    as President of the European Council, not as Poland's prime minister.
    """
    candidates = _leaders_by_name().get(name.replace("’", "'"), [])
    in_office = [leader for leader in candidates if leader.holds_office_on(day)]
    return in_office[0] if in_office else None


@cache
def _china_places_pattern() -> re.Pattern[str]:
    places = sorted((row["place"] for row in _read_csv("china_places.csv")), key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace("'", "['’]") for p in places)
    return re.compile(
        rf"\b(?:in|at|to|arrived in|visit(?:ed|s|ing)?)\s+(?:the\s+)?"
        rf"(?:China|People['’]s Republic of China|PRC|{alternatives})\b"
    )


@cache
def _china_place_names() -> re.Pattern[str]:
    places = [row["place"] for row in _read_csv("china_places.csv")]
    return re.compile(rf"\b(?:{alternation(places)})\b")


def names_chinese_place(text: str) -> bool:
    """Whether text names a Chinese province, region or city ("Guangxi", "Zhuang Autonomous
    Region" is not one, "Guangxi Zhuang Autonomous Region" is)."""
    return bool(_china_place_names().search(text)) or bool(
        re.search(r"\bAutonomous (?:Region|Prefecture|County)\b", text)
    )


def happens_in_china(text: str) -> bool:
    """Whether a sentence places its occasion in China ("in Beijing", "at Zhongnanhai",
    "visited China", "a state visit to China")."""
    return bool(_china_places_pattern().search(text))


def load_all() -> None:
    """Load every reference file now, so a missing or broken one fails the build at once."""
    countries()
    country_matcher()
    organisation_matcher()
    chinese_officials()
    foreign_leaders()
    leader_matcher()  # compiled here, so that forked workers inherit it
    _china_places_pattern()


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date.fromisoformat(value)
    except ValueError:
        return None

"""Partnership designations: which rung of China's partnership ladder a text puts a country on.

A designation is a run of qualifier words before "partnership"/"partners" (all-weather,
comprehensive, strategic, cooperative, ...) plus what may follow ("of coordination", "of
cooperation", "for a new era"). The words are normalised (hyphens, capitals, "all round",
"in the new era") and mapped to a canonical tier of the ladder in
etl/reference/partnership_ladder.csv. The country is taken from a compound before the
phrase ("China-Pakistan", "Laos–China"), from "between China and X" / "with X" after it, or
from the passage ("between the two countries"). Compounds of two foreign countries
("Vietnam-Laos") are not China's partnerships.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from etl import gazetteer
from etl.dates import DateContext, Narrative
from etl.records import Article, Partnership
from etl.text import DASH_CLASS, split_sentences

_QUALIFIER = r"(?:all[- ]weather|permanent|comprehensive|all[- ]round|all[- ]around|global|strategic|cooperative|cooperation|friendly|innovative|mutually[- ]beneficial|new[- ]type|high[- ]level|everlasting|good[- ]neighbou?rly|traditional)"
_PHRASE = re.compile(
    rf"(?P<phrase>(?:{_QUALIFIER}[\s,]+(?:and\s+)?){{1,6}}(?P<head>partnership|partners?)"
    r"(?:\s+of\s+(?:strategic\s+)?(?:coordination|cooperation))?"
    r"(?:\s+(?:for|in)\s+(?:a|the)\s+new\s+era)?)",
    re.I,
)
_PARTNER = re.compile("partner", re.I)
_COMMUNITY = re.compile(
    r"community (?:with|of) (?:a )?(?:shared|common) (?:future|destiny)(?! for (?:all )?(?:humanity|mankind))",
    re.I,
)
_UPGRADE = re.compile(
    r"\b(?:elevat\w+|upgrad\w+|lift\w*|rais\w+|promot\w+)\b[^.;]{0,120}?\bto\b", re.I
)
_ESTABLISH = re.compile(r"\b(?:establish\w*|forg\w+|set up|announced? the establishment)\b", re.I)
_TWO_COUNTRIES = re.compile(
    r"\b(?:between )?the two (?:\w+ and )?(?:countries|nations|sides|states|parties)\b", re.I
)


@dataclass(frozen=True, slots=True)
class Tier:
    tier: str
    rank: int
    label: str


@cache
def ladder() -> dict[str, Tier]:
    path = gazetteer.REFERENCE_DIR / "partnership_ladder.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["tier"]: Tier(row["tier"], int(row["tier_rank"]), row["label"])
            for row in csv.DictReader(handle)
        }


def tier_label(tier: str | None) -> str:
    """The reader's name of a canonical tier ("Comprehensive strategic partnership")."""
    if not tier:
        return ""
    found = ladder().get(tier)
    return found.label if found else tier.replace("_", " ")


def normalise_phrase(phrase: str) -> str:
    text = phrase.lower()
    text = re.sub(DASH_CLASS, " ", text)
    text = re.sub(r"[,\s]+", " ", text).strip()
    text = text.replace("all around", "all round")
    text = re.sub(r"\b(?:for|in) (?:a|the) new era\b", "for a new era", text)
    return text


def classify(phrase: str) -> Tier | None:
    """The ladder tier a designation phrase names, or None for rhetoric that is not a tier."""
    words = normalise_phrase(phrase)
    tiers = ladder()
    strategic = "strategic" in words
    cooperative = "cooperative" in words or "of cooperation" in words
    comprehensive = "comprehensive" in words or "all round" in words or "global" in words
    if strategic and "coordination" in words:
        return tiers["comprehensive_strategic_coordination"]
    if strategic and ("all weather" in words or "permanent" in words):
        return tiers["all_weather_or_permanent"]
    if strategic and comprehensive and cooperative:
        return tiers["comprehensive_strategic_cooperative"]
    if strategic and comprehensive:
        return tiers["comprehensive_strategic"]
    if strategic and cooperative:
        return tiers["strategic_cooperative"]
    if strategic:
        return tiers["strategic"]
    if comprehensive and cooperative:
        return tiers["comprehensive_cooperative"]
    if cooperative:
        return tiers["cooperative"]
    return None


def extract_partnerships(article: Article, context: DateContext) -> list[Partnership]:
    out: list[Partnership] = []
    passage_country: str | None = None
    narrative = Narrative(context)
    for sentence in split_sentences(article.text):
        s_text = sentence.text
        said_on = narrative.when_said(s_text)
        own_date = narrative.last_own_date
        countries = gazetteer.find_countries(s_text)
        found: list[tuple[re.Match[str], str, Tier | None]] = []
        # Every designation names a partner; most sentences do not, and the phrase pattern
        # is slow to rule out.
        phrases = _PHRASE.finditer(s_text) if _PARTNER.search(s_text) else ()
        for match in phrases:
            phrase = match.group("phrase").strip(" ,")
            tier = classify(phrase) if _is_designation(match, phrase, s_text) else None
            if tier is not None:
                found.append((match, phrase, tier))
        found += [(match, match.group(), None) for match in _COMMUNITY.finditer(s_text)]
        for match, phrase, tier in found:
            country = _attribute(s_text, match.start(), match.end(), countries, passage_country)
            if country is None:
                continue
            status = _status(s_text, match.start())
            out.append(
                Partnership(
                    article_id=article.article_id,
                    country=country,
                    phrase=phrase,
                    framework="partnership" if tier else "community",
                    tier=tier.tier if tier else None,
                    tier_rank=tier.rank if tier else None,
                    status=status,
                    # An upgrade is dated by the text about it; a mention by when it was said.
                    date=(own_date or said_on) if status != "mentioned" else said_on,
                    sentence=s_text,
                    span_start=sentence.start + match.start(),
                    span_end=sentence.start + match.end(),
                )
            )
        foreign = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
        if foreign:
            passage_country = next(iter(foreign)) if len(foreign) == 1 else None
    return out


def _is_designation(match: re.Match[str], phrase: str, sentence: str) -> bool:
    """ "strategic partner" alone, or "most important strategic partner", is praise: a tier
    needs the collective noun or at least two qualifiers, and no superlative before it."""
    if match.group("head").lower() == "partner" and len(normalise_phrase(phrase).split()) < 3:
        return False
    return not re.search(
        r"\b(?:most|key|important|reliable|trustworthy|good)\s+$", sentence[: match.start()]
    )


def _attribute(
    text: str,
    start: int,
    end: int,
    countries: list[gazetteer.Mention],
    passage_country: str | None,
) -> str | None:
    """The foreign country a designation belongs to, or None when it is not China's."""
    # 1. A compound right before the phrase: "the China-Pakistan all-weather ...", "Laos–China".
    before = [m for m in countries if m.end <= start and start - m.end <= 40]
    if len(before) >= 2:
        a, b = before[-2], before[-1]
        joined = text[a.end : b.start]
        if re.fullmatch(rf"\s*{DASH_CLASS}\s*", joined) and not text[b.end : start].strip(" ’'s"):
            pair = {a.code, b.code}
            if gazetteer.CHINA not in pair:
                return None  # Vietnam-Laos: not a partnership of China's
            other = pair - {gazetteer.CHINA}
            return next(iter(other)) if other else None
    # 2. "... between China and X", "... with X", "... between the two countries" after it.
    link = re.compile(r"\s*(?P<word>between|with|of)\s+").match(text, end)
    if link:
        rest = link.end()
        following = [m for m in countries if rest <= m.start <= rest + 60]
        foreign = [m for m in following if m.code not in gazetteer.CHINESE_REGIONS]
        if foreign:
            if link.group("word") == "between" and len({m.code for m in foreign}) > 1:
                return None  # between two foreign countries: not China's
            return foreign[0].code
        if _TWO_COUNTRIES.match(text, rest):
            return passage_country or _only_foreign(countries)
    # 3. "X and China are ... partners", "China and X ... partnership" in the sentence.
    foreign_codes = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
    if len(foreign_codes) == 1 and (
        any(m.code == gazetteer.CHINA for m in countries)
        or _TWO_COUNTRIES.search(text)
        or passage_country in foreign_codes
    ):
        return next(iter(foreign_codes))
    if not foreign_codes and (_TWO_COUNTRIES.search(text) or re.search(r"\bbilateral\b", text)):
        return passage_country
    return None


def _only_foreign(countries: list[gazetteer.Mention]) -> str | None:
    codes = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
    return next(iter(codes)) if len(codes) == 1 else None


def _status(text: str, start: int) -> str:
    window = text[max(0, start - 160) : start]
    if _UPGRADE.search(window):
        return "upgraded"
    if _ESTABLISH.search(window):
        return "established"
    return "mentioned"

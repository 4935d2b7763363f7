"""Partnership designations: which rung of China's partnership ladder a text puts a country on.

A designation is a run of qualifier words before "partnership"/"partners" (all-weather,
comprehensive, strategic, cooperative, ...) plus what may follow ("of coordination", "of
cooperation", "for a new era"). The words are normalised (hyphens, dashes, capitals, "all
round", "in the new era") and mapped to a canonical tier of the ladder in
etl/reference/partnership_ladder.csv by the core words they contain, in the ladder's priority
order. A few labels are not styled partnerships ("strategic cooperative relationship", Japan's
"strategic mutually beneficial relationship") and are placed as the reference note places them.

The country is taken from a compound before the phrase ("China-Pakistan", "Laos–China",
"Sino-Russian"), from "between China and X" / "with X" after it, or from the passage
("between the two countries"). Compounds of two foreign countries ("Vietnam-Laos") are not
China's partnerships, and neither are regional or organisational ones ("China-Africa",
"ASEAN-China", "with the EU", "a neighbourhood community").

Within one article a country has one designation: a shortened follow-up ("the comprehensive
strategic partnership" after "the comprehensive strategic cooperative partnership") takes
the full designation's tier, so a follow-up sentence never demotes a country.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from etl import gazetteer
from etl.dates import DateContext, Narrative, find_dates, resolve
from etl.fastmatch import fast_regex, lower_for_matching
from etl.records import Article, DateValue, Partnership
from etl.text import DASH_CLASS, split_sentences

# --- the grammar of a designation ----------------------------------------------------------

_J = rf"(?:\s*{DASH_CLASS}\s*|\s+)?"  # joins the halves of "all-weather", "all round", ...
# Words that decide the rung, grouped by the core token they stand for.
_CORE_WORDS: dict[str, str] = {
    "coordination": r"coordination",
    "all_weather": rf"all{_J}weather|unfailing",
    "permanent": rf"permanent|eternal|ever{_J}lasting",
    "comprehensive": rf"comprehensive|all{_J}a?round",
    "global": r"global|complete",  # only with "strategic" (back- and machine translations)
    "strategic": r"strategic",
    "cooperative": r"cooperative|cooperation",
    "friendly": r"friendly",
}
_CORE_WORD_PATTERNS = {
    token: re.compile(rf"\b(?:{pattern})\b", re.I) for token, pattern in _CORE_WORDS.items()
}
# Words that qualify a designation without changing its rung ("innovative", "new-type", ...).
_NEUTRAL_WORDS = (
    rf"innovative|innovation|mutually{_J}beneficial|new{_J}type(?:\s+of)?|high{_J}level"
    rf"|high{_J}quality|future{_J}oriented|forward{_J}looking|good{_J}neighbou?rly|traditional"
)
_QUALIFIER = r"\b(?i:" + "|".join([*_CORE_WORDS.values(), _NEUTRAL_WORDS]) + r")\b"
_SEP = rf"(?:\s*,\s*|\s*{DASH_CLASS}\s*|\s+)(?:and\s+)?"
_TAIL = (
    r"(?P<of>\s+of\s+(?:strategic\s+)?(?:coordination|cooperation))?"
    r"(?:\s+(?:for|in)\s+(?:a|the)\s+new\s+(?:era|epoch))?"
    r"(?P<odds>\s+against\s+all\s+odds)?"
)
_PHRASE = re.compile(
    rf"(?P<phrase>(?P<qualifiers>(?:{_QUALIFIER}{_SEP})*)"
    rf"(?P<head>partnership|partners|partner)\b{_TAIL})",
    re.I,
)
# Labels not styled partnerships: placed as the reference note places them.
_RELATIONSHIP = fast_regex(
    rf"(?P<phrase>(?:comprehensive{_SEP})?strategic{_SEP}cooperat(?:ive|ion)\s+"
    r"(?:relationship|relations)\b)",
    re.I,
)
_MUTUAL_BENEFIT = fast_regex(
    rf"(?P<phrase>strategic(?:\s+and)?\s+mutually{_J}beneficial\s+relationship"
    rf"|mutually{_J}beneficial\s+relationship\s+based\s+on\s+common\s+strategic\s+interests"
    r"|strategic\s+relationship\s+of\s+mutual\s+benefits?)\b",
    re.I,
)
_COMMUNITY = re.compile(
    r"community (?:with|of) (?:a )?(?:shared|common) (?:future|destiny)"
    r"(?! for (?:all )?(?:humanity|mankind))",
    re.I,
)
_PRAISE_BEFORE = fast_regex(
    r"\b(?:most|key|important|reliable|trustworthy|good|true|natural)\s+$", re.I
)
_TWO_COUNTRIES = fast_regex(
    r"\b(?:between )?the two (?:\w+ and )?(?:countries|nations|sides|states|parties)\b", re.I
)

# A compound of names joined by dashes: "China-Pakistan", "Laos – China", "China-Latin
# America and the Caribbean", "Sino-Russian".
_NAME = r"[A-Z][\w'’.]*(?:\s+(?:and\s+the\s+|and\s+|of\s+(?:the\s+)?)?[A-Z][\w'’.]*){0,4}"
_COMPOUND = rf"(?-i:{_NAME}(?:\s*{DASH_CLASS}\s*{_NAME})+)"
_COMPOUND_BEFORE = re.compile(rf"(?P<compound>{_COMPOUND})(?:['’]s)?\s+$")
_LEADING_QUALIFIERS = re.compile(rf"(?P<lead>(?:{_QUALIFIER}{_SEP})+)(?:{_COMPOUND})(?:['’]s)?\s+$")


@dataclass(frozen=True, slots=True)
class Tier:
    tier: str
    rank: int
    label: str


@cache
def ladder() -> dict[str, Tier]:
    """Every canonical tier of the ladder, keyed by its id (ranks: 1 = closest; 9 and 10 are
    below every partnership; 0 = outside the ladder, not comparable)."""
    path = gazetteer.REFERENCE_DIR / "partnership_ladder.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["tier"]: Tier(row["tier"], int(row["tier_rank"]), row["label"])
            for row in csv.DictReader(handle)
        }


@dataclass(frozen=True, slots=True)
class ReferenceDesignation:
    """A country's current official designation per reference research (not the corpus)."""

    country: str  # ISO3
    designation: str
    tier: str
    tier_rank: int
    year: int | None  # established or last upgraded
    source: str
    confidence: str  # high | medium | low


CONFIDENCE_LEVELS = ("high", "medium", "low")


@cache
def reference_designations() -> tuple[ReferenceDesignation, ...]:
    """etl/reference/partnership_designations.csv, checked against the ladder and countries:
    a tier the ladder lacks, a rank that disagrees with it, an unknown ISO3, a repeated
    country, a bad year or confidence raise ValueError (the build stops before it starts)."""
    tiers, countries = ladder(), gazetteer.countries()
    out, seen = [], set()
    path = gazetteer.REFERENCE_DIR / "partnership_designations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name} line {line}"
            tier = tiers.get(row["tier"])
            if tier is None or tier.rank != int(row["tier_rank"]):
                raise ValueError(f"{where}: tier {row['tier']!r} / rank {row['tier_rank']} "
                                 "is not on the ladder")  # fmt: skip
            if row["country"] not in countries or row["country"] in seen:
                raise ValueError(f"{where}: unknown or repeated country {row['country']!r}")
            if row["confidence"] not in CONFIDENCE_LEVELS:
                raise ValueError(f"{where}: confidence {row['confidence']!r}")
            year = row["year"].strip()
            if year and not re.fullmatch(r"(?:19|20)\d\d", year):
                raise ValueError(f"{where}: year {year!r}")
            seen.add(row["country"])
            out.append(
                ReferenceDesignation(
                    country=row["country"],
                    designation=row["designation"].strip(),
                    tier=tier.tier,
                    tier_rank=tier.rank,
                    year=int(year) if year else None,
                    source=row["source"].strip(),
                    confidence=row["confidence"],
                )
            )
    return tuple(out)


def ladder_order(rank: int | None) -> int:
    """Sort key of a rank in ladder order: 1 first, then down the ladder; 0 (outside) last."""
    if rank is None:
        return 99
    return rank if rank > 0 else 98


def tier_label(tier: object) -> str:
    """The reader's name of a canonical tier ("Comprehensive strategic partnership")."""
    if not isinstance(tier, str) or not tier:  # None, or NaN from a table's empty cell
        return ""
    found = ladder().get(tier)
    return found.label if found else tier.replace("_", " ")


def normalise_phrase(phrase: str) -> str:
    text = phrase.lower()
    text = re.sub(DASH_CLASS, " ", text)
    text = re.sub(r"[,\s]+", " ", text).strip()
    text = re.sub(r"\ball ?a?round\b", "all round", text)
    text = re.sub(r"\ball ?weather\b", "all weather", text)
    text = re.sub(r"\b(?:for|in) (?:a|the) new (?:era|epoch)\b", "for a new era", text)
    return text


def core_words(phrase: str) -> frozenset[str]:
    """The core tokens of a designation that decide its rung ("comprehensive", "strategic" ...)."""
    words = normalise_phrase(phrase)
    found = {token for token, pattern in _CORE_WORD_PATTERNS.items() if pattern.search(words)}
    if "against all odds" in words:  # Spanish "a toda prueba": the all-weather label
        found.add("all_weather")
    if "strategic" in found and "global" in found:  # "global strategic", "complete strategic"
        found.add("comprehensive")
    return frozenset(found - {"global"})


def classify(phrase: str) -> Tier | None:
    """The ladder tier a designation phrase names, or None for rhetoric that is not a tier.

    Core tokens in priority order: coordination > all-weather / permanent > comprehensive +
    strategic + cooperative > comprehensive + strategic > strategic + cooperative > strategic >
    comprehensive > cooperative / friendly.
    """
    tiers = ladder()
    if _MUTUAL_BENEFIT.fullmatch(phrase.strip()):
        return tiers["non_partnership_relationship"]
    tier = _rung(core_words(phrase))
    if tier is not None and re.search(r"\brelations(?:hip)?\s*$", phrase, re.I):
        # "strategic cooperative relationship" (no "partnership"): the reference note places
        # such labels at the strategic cooperative rung, never above it.
        if not {"strategic", "cooperative"} <= core_words(phrase):
            return None
        return tiers["strategic_cooperative"] if tier.rank < 5 else tier
    return tier


def _rung(words: frozenset[str]) -> Tier | None:
    tiers = ladder()
    strategic, comprehensive = "strategic" in words, "comprehensive" in words
    cooperative = "cooperative" in words
    if strategic and "coordination" in words:
        return tiers["comprehensive_strategic_coordination"]
    if "all_weather" in words or (strategic and comprehensive and "permanent" in words):
        return tiers["all_weather_or_permanent"]
    if strategic and comprehensive and cooperative:
        return tiers["comprehensive_strategic_cooperative"]
    if strategic and comprehensive:
        return tiers["comprehensive_strategic"]
    if strategic and cooperative:
        return tiers["strategic_cooperative"]
    if strategic:
        return tiers["strategic"]
    if comprehensive:
        return tiers["comprehensive_cooperative"]
    if cooperative or "friendly" in words:
        return tiers["cooperative"]
    return None


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # where the designation's own words start (after any compound in it)
    end: int
    phrase_start: int  # where the phrase as written starts ("all-weather China-Pakistan ...")
    tier: Tier | None  # None: the community framework


def _may_designate(sentence: str) -> bool:
    """Whether a sentence names a partnership, relationship or community, which every phrase
    find_designations looks for does (a speed-up only)."""
    lower = lower_for_matching(sentence)
    return lower is None or any(word in lower for word in ("partner", "relation", "community"))


def find_designations(sentence: str) -> list[_Found]:
    """Designation phrases of one sentence with their tiers (rhetoric left out)."""
    if not _may_designate(sentence):
        return []
    found: list[_Found] = []
    for match in _PHRASE.finditer(sentence):
        start, phrase_start = match.start(), match.start()
        qualifiers = match.group("qualifiers")
        # "the all-weather China-Pakistan strategic cooperative partnership": the compound
        # sits inside the phrase; its leading qualifiers belong to the designation.
        lead = _LEADING_QUALIFIERS.search(sentence[max(0, start - 160) : start])
        if lead:
            phrase_start = max(0, start - 160) + lead.start("lead")
            qualifiers = lead.group("lead") + " " + qualifiers
        words = qualifiers + " " + (match.group("of") or "") + (match.group("odds") or "")
        if not _is_designation(match, words, sentence):
            continue
        tier = _rung(core_words(words))
        if tier is not None:
            found.append(_Found(start, match.end(), phrase_start, tier))
    for pattern in (_RELATIONSHIP, _MUTUAL_BENEFIT):
        for match in pattern.finditer(sentence):
            tier = classify(match.group("phrase"))
            if tier is not None and not _PRAISE_BEFORE.search(sentence[: match.start()]):
                found.append(_Found(match.start(), match.end(), match.start(), tier))
    for match in _COMMUNITY.finditer(sentence):
        if not _regional_community(sentence, match.start(), match.end()):
            lead = _LEADING_QUALIFIERS.search(sentence[max(0, match.start() - 160) : match.start()])
            phrase_start = (
                max(0, match.start() - 160) + lead.start("lead") if lead else match.start()
            )
            era = _ERA_AFTER.match(sentence, match.end())
            end = era.end() if era else match.end()
            found.append(_Found(match.start(), end, phrase_start, None))
    return [_with_compound(sentence, f) for f in sorted(found, key=lambda f: f.start)]


_ERA_AFTER = re.compile(r"\s+(?:for|in)\s+(?:a|the)\s+new\s+(?:era|epoch)", re.I)


def _with_compound(sentence: str, found: _Found) -> _Found:
    """The phrase as written starts at the compound that names the pair ("China-Bolivia
    strategic partnership", "China-Sri Lanka community with a shared future")."""
    if found.phrase_start != found.start:
        return found  # it already starts at its leading qualifiers, before the compound
    window_start = max(0, found.start - 80)
    compound = _COMPOUND_BEFORE.search(sentence[window_start : found.start])
    if compound is None:
        return found
    return replace(found, phrase_start=window_start + compound.start("compound"))


def _is_designation(match: re.Match[str], words: str, sentence: str) -> bool:
    """A tier needs qualifiers (or "partnership of cooperation"), and no praise before it.

    "strategic partner" alone, or "most important strategic partner", is praise: a singular
    "partner" needs two core words (or all-weather); "cooperative partners" is a compliment,
    the cooperative rung needs the collective noun "partnership".
    """
    core = core_words(words)
    if not core:
        return False
    head = match.group("head").lower()
    if head == "partner" and len(core) < 2 and "all_weather" not in core:
        return False
    if head == "partners" and core <= {"cooperative", "friendly"}:
        return False
    if core == {"cooperative"} and not re.search(
        r"\bcooperative\b|\bof\s+cooperation", words, re.I
    ):
        return False  # "cooperation partnership" alone names a programme, not a rung
    return not _PRAISE_BEFORE.search(sentence[: match.start()])


# --- regional and organisational frameworks are not bilateral ------------------------------

# General words for world regions and groupings (region names themselves come from the UN
# M49 columns of countries.csv; organisation names from organisations.csv).
_REGION_WORDS = (
    r"Latin America\w*|Arab\w*|African?|Asian?|European?|Europe|Caribbean|Pacific(?: Islands?)?"
    r"|Asia[-–]Pacific|Mekong|Lancang|Nordic|Gulf|Global South|LAC|Central Asian"
    r"|(?:North|South|East|West|Central|Southeast|Northeast)(?:ern)?[\s-]*(?:Asia|Africa|Europe|America)\w*"
)
_REGIONAL_BEFORE_COMMUNITY = fast_regex(
    r"\b(?:neighbou?rhood|neighbou?ring|regional|global|maritime|ocean|health|cyberspace|"
    r"Asia[-–]Pacific|Asian|African|Arab|European|Latin American|Caribbean|Pacific)\w*\s+$",
    re.I,
)
_REGIONAL_AFTER_COMMUNITY = re.compile(
    r"^\s*(?:(?:that|which)\s+\w+\s+)?(?:for\s+(?:all\s+)?(?:humanity|mankind)|of\s+mankind"
    r"|with\s+(?:its\s+|the\s+|our\s+)?(?:neighbou?r\w*|Asian|African|Arab|Latin|Pacific|"
    r"developing|other|regional|all)\b|in\s+(?:its|the|our)\s+(?:neighbou?rhood|region|periphery)"
    r"|in\s+cyberspace|at\s+sea)",
    re.I,
)


@cache
def _regional_pattern() -> re.Pattern[str]:
    names = set()
    for country in gazetteer.countries().values():
        names.update(n for n in (country.region, country.subregion, country.intermediate_region))
    names.discard("")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives}|{_REGION_WORDS})\b")


def _names_a_region(text: str) -> bool:
    """Whether text names a region or an organisation once its country names are blanked out
    ("South Africa" is a country, "Southern Africa" and "ASEAN" are not)."""
    chars = list(text)
    for mention in gazetteer.find_countries(text):
        chars[mention.start : mention.end] = " " * (mention.end - mention.start)
    masked = "".join(chars)
    return bool(_regional_pattern().search(masked) or gazetteer.find_organisations(masked))


def _regional_compound(text: str, start: int) -> bool:
    """ "China-Africa ...", "ASEAN-China ...", "China-Latin America and the Caribbean ..."."""
    compound = _COMPOUND_BEFORE.search(text[max(0, start - 80) : start])
    return bool(compound and _names_a_region(compound.group("compound")))


def _regional_community(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 80) : start]
    return bool(
        _regional_compound(text, start)
        or _REGIONAL_BEFORE_COMMUNITY.search(before)
        or _REGIONAL_AFTER_COMMUNITY.match(text[end:])
    )


# --- attribution ---------------------------------------------------------------------------


def _attribute(
    text: str,
    start: int,
    end: int,
    countries: list[gazetteer.Mention],
    passage_country: str | None,
) -> str | None:
    """The foreign country a designation belongs to, or None when it is not China's."""
    if _regional_compound(text, start):
        return None  # China-Africa, ASEAN-China, China-EU: not a bilateral designation
    # 1. A compound right before the phrase: "the China-Pakistan all-weather ...", "Laos–China".
    before = [m for m in countries if m.end <= start and start - m.end <= 40]
    if before and not text[before[-1].end : start].strip(" ’'s"):
        last = before[-1]
        previous = before[-2] if len(before) >= 2 else None
        joined = text[previous.end : last.start] if previous else ""
        if previous is not None and re.fullmatch(rf"\s*{DASH_CLASS}\s*", joined):
            pair = {previous.code, last.code}
            if gazetteer.CHINA not in pair:
                return None  # Vietnam-Laos: not a partnership of China's
            other = pair - {gazetteer.CHINA}
            return next(iter(other)) if other else None
        if re.search(rf"\bSino\s*{DASH_CLASS}\s*$", text[: last.start]):
            return None if last.code in gazetteer.CHINESE_REGIONS else last.code
    # 2. "... between China and X", "... with X", "... between the two countries" after it.
    link = re.compile(r"\s*(?P<word>between|with|of)\s+").match(text, end)
    if link:
        rest = link.end()
        following = [m for m in countries if rest <= m.start <= rest + 60]
        foreign = [m for m in following if m.code not in gazetteer.CHINESE_REGIONS]
        if foreign:
            if link.group("word") == "between" and len({m.code for m in foreign}) > 1:
                return None  # between two foreign countries: not China's
            if _names_a_region(text[rest : foreign[0].start]):
                return None  # "with the EU and France": the framework is the region's
            return foreign[0].code
        if _TWO_COUNTRIES.match(text, rest):
            return passage_country or _only_foreign(countries)
        if _names_a_region(text[rest : rest + 60].split(",")[0]):
            return None  # "partnership with Africa", "between China and ASEAN"
    # 3. "X and China are ... partners", "China and X ... partnership" in the sentence.
    foreign_codes = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
    if len(foreign_codes) == 1 and (
        any(m.code == gazetteer.CHINA for m in countries)
        or _TWO_COUNTRIES.search(text)
        or passage_country in foreign_codes
    ):
        return next(iter(foreign_codes))
    if not foreign_codes and (
        _TWO_COUNTRIES.search(text) or re.search(r"\b(?:bilateral|their)\b", text)
    ):
        return passage_country
    # 4. Several countries: the nearest "X and China" / "China and X" before the phrase in
    # its clause ("Russia and China ..., while India and China are strategic partners").
    return _nearest_pair_with_china(text, start, countries)


def _nearest_pair_with_china(
    text: str, start: int, countries: list[gazetteer.Mention]
) -> str | None:
    china = [m for m in countries if m.code == gazetteer.CHINA]
    foreign = [m for m in countries if m.code not in gazetteer.CHINESE_REGIONS]
    for m in reversed([m for m in foreign if m.end <= start]):
        if any(m.end <= other.start < start for other in foreign if other is not m):
            return None  # another country stands between the pair and the phrase
        if re.search(r"[;:]|\b(?:while|whereas|but)\b", text[m.end : start]):
            return None
        paired = any(
            re.fullmatch(r"\s+and\s+", text[a.end : b.start])
            for a, b in ((m, c) for c in china if c.start > m.end)
        ) or any(re.fullmatch(r"\s+and\s+", text[c.end : m.start]) for c in china)
        return m.code if paired else None
    return None


def _only_foreign(countries: list[gazetteer.Mention]) -> str | None:
    codes = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
    return next(iter(codes)) if len(codes) == 1 else None


# --- establishment, upgrade or passing mention ---------------------------------------------

# What may stand between a cue and the designation: determiners, "bilateral relations", and
# a compound ("to the China-Venezuela all-weather ...").
_LEAD_IN = (
    r"(?:(?:a|an|the|their|its|bilateral|new|formal|official|level|status|of|relations|ties|"
    rf"relationship)\s+)*(?:{_COMPOUND}(?:['’]s)?\s+)?"
)
_UPGRADE = fast_regex(
    rf"\b(?:elevat|upgrad|lift|rais|promot)\w*\b[^.;:]{{0,120}}?\b(?:to|into)\s+{_LEAD_IN}$",
    re.I,
)
_ESTABLISH = fast_regex(
    rf"\b(?:establish(?:ed|es|ing)?|establishment\s+of|forg(?:e|ed|es|ing)|set(?:ting)?\s+up|"
    rf"(?:officially|formally)\s+launch(?:ed)?)\s+{_LEAD_IN}$",
    re.I,
)
# "The strategic partnership, established in 2016, ...": the cue after the phrase.
_ESTABLISHED_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:which|that)\s+(?:was|were)\s+|was\s+)?(?:established|forged|set up)\b", re.I
)
# A community is "established" when the sides agree to build it.
_COMMUNITY_AGREED = fast_regex(
    rf"\b(?:(?:agreed|decided|pledged|resolved)\s+(?:on\s+|to\s+)?|consensus\s+on\s+)"
    rf"(?:[^.;:]{{0,120}}?\b)?(?:jointly\s+)?(?:build(?:ing)?|establish(?:ing)?)\s+{_LEAD_IN}$",
    re.I,
)
# A wish is not an upgrade: "ready to elevate relations to ...", "hopes to establish ...".
_WISH = fast_regex(
    r"\b(?:hop\w*|wish\w*|willing\w*|ready|look\w*\s+forward|propos\w*|seek\w*|aim\w*|"
    r"intend\w*|plan\w*|want\w*|expect\w*|call\w*\s+for|strive\w*|desire\w*|work\s+for)\b"
    r"[^.;]{0,80}$",
    re.I,
)


def status_of(text: str, start: int, end: int, framework: str) -> str:
    """mentioned | established | upgraded | proposed (a wish to establish or upgrade)."""
    window = text[max(0, start - 200) : start]
    if framework == "community":  # agreeing to build one, or elevating ties to one
        agreed = _COMMUNITY_AGREED.search(window) or _UPGRADE.search(window)
        return "established" if agreed else "mentioned"
    for cue, status in ((_UPGRADE, "upgraded"), (_ESTABLISH, "established")):
        found = cue.search(window)
        if found:
            return "proposed" if _WISH.search(window[: found.start()]) else status
    if _ESTABLISHED_AFTER.match(text[end:]):
        return "established"
    return "mentioned"


# "upgraded from a strategic partnership to ...": the former tier, as written.
_FROM_BEFORE = re.compile(rf"\bfrom\s+{_LEAD_IN}$", re.I)
# A past establishment or upgrade the sentence does not date ("In recent years, the leaders
# agreed to elevate ...", "the 10th anniversary of the establishment of ..."): undated, not
# dated by the report.
_VAGUE_PAST = fast_regex(
    r"\b(?:in recent years|in the past|over the (?:past|last) (?:\w+ )?(?:years|decades)|"
    r"previously|years ago|anniversary)\b",
    re.I,
)
_PAREN_YEAR = re.compile(r"^\s*\((?P<year>(?:19|20)\d\d)\)")


# --- the extractor -------------------------------------------------------------------------


def extract_partnerships(article: Article, context: DateContext) -> list[Partnership]:
    out: list[Partnership] = []
    former: set[int] = set()  # indexes of mentions of a former tier ("from a ... to ...")
    passage_country: str | None = None
    narrative = Narrative(context)
    for sentence in split_sentences(article.text):
        s_text = sentence.text
        said_on = narrative.when_said(s_text)
        own_date = narrative.last_own_date
        countries = gazetteer.find_countries(s_text)
        for found in find_designations(s_text):
            country = _attribute(s_text, found.start, found.end, countries, passage_country)
            if country is None:
                continue
            framework = "partnership" if found.tier else "community"
            status = status_of(s_text, found.phrase_start, found.end, framework)
            if _FROM_BEFORE.search(s_text[max(0, found.phrase_start - 80) : found.phrase_start]):
                former.add(len(out))
            out.append(
                Partnership(
                    article_id=article.article_id,
                    country=country,
                    phrase=s_text[found.phrase_start : found.end].strip(" ,"),
                    framework=framework,
                    tier=found.tier.tier if found.tier else None,
                    tier_rank=found.tier.rank if found.tier else None,
                    status=status,
                    date=_date(status, s_text, found, context, own_date, said_on),
                    sentence=s_text,
                    span_start=sentence.start + found.phrase_start,
                    span_end=sentence.start + found.end,
                )
            )
        foreign = {m.code for m in countries if m.code not in gazetteer.CHINESE_REGIONS}
        if foreign:
            passage_country = next(iter(foreign)) if len(foreign) == 1 else None
    return resolve_shortened(out, keep=former)


def _date(
    status: str,
    sentence: str,
    found: _Found,
    context: DateContext,
    own_date: DateValue | None,
    said_on: DateValue | None,
) -> DateValue | None:
    """A mention is dated by when it was said. An upgrade or establishment is dated by the
    text about it: a year in brackets right after it ("(2008)"), a date right after it
    ("established a strategic partnership in 2016"), else the date nearest before it ("in
    December 2023, both sides agreed to ..."); with none, by the report, unless the sentence
    places it in a vague past."""
    if status not in ("upgraded", "established"):
        return said_on
    paren = _PAREN_YEAR.match(sentence[found.end :])
    if paren:
        return DateValue(date(int(paren.group("year")), 1, 1), "year", "text")
    before, after = [], []
    for mention in find_dates(sentence):
        value = resolve(mention, context)
        if value is None:
            continue
        if mention.end <= found.phrase_start:
            before.append(value)
        elif mention.start >= found.end and mention.start - found.end <= 30:
            after.append(value)
    if after:
        return after[0]
    if before:
        return before[-1]
    if _VAGUE_PAST.search(sentence):
        return None
    return own_date or said_on


def resolve_shortened(
    mentions: list[Partnership], keep: set[int] | frozenset[int] = frozenset()
) -> list[Partnership]:
    """Within one article, a passing mention whose core words are all in a higher designation
    of the same country is that designation shortened ("the comprehensive strategic
    partnership" for a CSCP, "the strategic partnership" for Pakistan's all-weather one): it
    takes the higher tier. Established/upgraded mentions keep theirs: they are history, and
    so do the mentions at indexes `keep` (a former tier: "upgraded from ... to ...")."""
    best: dict[str, list[tuple[frozenset[str], Tier]]] = {}
    tiers = ladder()
    for m in mentions:
        if m.framework == "partnership" and m.tier and m.status != "proposed":
            best.setdefault(m.country, []).append((core_words(m.phrase), tiers[m.tier]))
    out = []
    for i, m in enumerate(mentions):
        if m.framework == "partnership" and m.tier and m.status == "mentioned" and i not in keep:
            words = core_words(m.phrase)
            fuller = [
                tier
                for other_words, tier in best.get(m.country, [])
                if tier.rank < (m.tier_rank or 99) and words <= other_words and tier.rank > 0
            ]
            if fuller:
                top = min(fuller, key=lambda t: t.rank)
                m = replace(m, tier=top.tier, tier_rank=top.rank)
        out.append(m)
    return out

"""Dates in news text: find the expressions, then resolve them against what the article knows.

The year of a month-day date is never invented. Journalistic convention (AP and wire style)
omits the year for dates in the year of publication and writes it for any other year, so a
year-less date takes the article's year of publication: from its dateline or byline, else the
year of the latest fully written date in the document. The basis of each resolved date is
kept so an analyst can see which dates were inferred.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from etl.fastmatch import fast_regex
from etl.records import DateValue

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
# Bylines of outlets in other languages: "12 de diciembre de 2018", "5 juin 2024", "3. März 2023".
_FOREIGN_MONTHS = {
    1: "enero janeiro janvier januar",
    2: "febrero fevereiro février fevrier februar",
    3: "marzo março marco mars märz marz",
    4: "abril avril april",
    5: "mayo maio mai",
    6: "junio junho juin juni",
    7: "julio julho juillet juli",
    8: "agosto août aout august",
    9: "septiembre setiembre setembro septembre september",
    10: "octubre outubro octobre oktober",
    11: "noviembre novembro novembre november",
    12: "diciembre dezembro décembre decembre dezember",
}
for _number, _names in _FOREIGN_MONTHS.items():
    for _name in _names.split():
        MONTHS.setdefault(_name, _number)
_FOREIGN_MONTH = "|".join(
    sorted({n for names in _FOREIGN_MONTHS.values() for n in names.split()}, key=len, reverse=True)
)

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
    # "21 MAR 2023, 19:45": agencies' capitals
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
    r"|JAN\.?|FEB\.?|MAR\.?|APR\.?|JUN\.?|JUL\.?|AUG\.?|SEPT?\.?|OCT\.?|NOV\.?|DEC\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_DASH = r"\s*[-\u2010-\u2015]\s*"


def _m(g: str) -> str:
    return _MONTH.format(g=g)


def _d(g: str) -> str:
    return _DAY.format(g=g)


def _y(g: str) -> str:
    return _YEAR.format(g=g)


# Ordered alternatives: the longest forms first so "February 4-8, 2025" is one expression.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", fast_regex(rf"\b{_y('y')}-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    # 2015/11/01, 2015.11.01: year first, as East Asian outlets write.
    (
        "ymd_numeric",
        fast_regex(
            rf"(?<![\d./]){_y('y')}(?P<sep>[./])(?P<mn>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\d./])"
        ),
    ),
    # 02-Oct-2024 (CGTN, many content systems)
    ("d_mon_y", fast_regex(rf"\b{_d('d')}-{_m('m')}-{_y('y')}\b")),
    # 13/01/2020, 26.03.2023: day first, as outside the United States; 12/25/2020 can only be
    # month first.
    (
        "numeric",
        fast_regex(
            rf"(?<![\d./])(?P<d>[0-3]?\d)(?P<sep>[./])(?P<mn>[0-3]?\d)(?P=sep){_y('y')}(?![\d./])"
        ),
    ),
    # October 30-November 1(, 2025)
    (
        "md_md_range",
        fast_regex(rf"\b{_m('m')}\s+{_d('d')}{_DASH}{_m('m2')}\s+{_d('d2')}(?:,?\s+{_y('y')})?\b"),
    ),
    # November 17-24(, 2025)
    ("md_range", fast_regex(rf"\b{_m('m')}\s+{_d('d')}{_DASH}{_d('d2')}(?:,?\s+{_y('y')})?\b")),
    # 22 to 26 November 1943 / 22-26 November
    (
        "dm_range",
        fast_regex(rf"\b{_d('d')}(?:{_DASH}|\s+to\s+){_d('d2')}\s+{_m('m')}(?:,?\s+{_y('y')})?\b"),
    ),
    # February 24, 2025 / February 24 / Feb. 7 / March 1st
    ("md", fast_regex(rf"\b{_m('m')}\s+{_d('d')}(?!\d)(?:,?\s+{_y('y')})?\b(?!\s*(?:%|percent))")),
    # 11 November 2025 / 24 February
    ("dm", fast_regex(rf"\b{_d('d')}\s+{_m('m')}(?:,?\s+{_y('y')})?\b")),
    # 12 de diciembre de 2018 / 5 juin 2024 / 3. März 2023: only with day and year
    (
        "dm_foreign",
        fast_regex(
            rf"\b{_d('d')}\.?\s+(?:de\s+)?(?P<m>(?i:{_FOREIGN_MONTH}))(?:\s+de)?\s+{_y('y')}\b"
        ),
    ),
    # (in) August 2024
    ("my", fast_regex(rf"\b{_m('m')},?\s+{_y('y')}\b")),
    # January this year / in March last year
    ("month_this_year", fast_regex(rf"\b{_m('m')}\s+(?:of\s+)?this\s+year\b")),
    ("month_last_year", fast_regex(rf"\b{_m('m')}\s+(?:of\s+)?last\s+year\b")),
    # last November / last September
    ("last_month", fast_regex(rf"\b[Ll]ast\s+{_m('m')}\b")),
    # "during his visit to Kazakhstan in 2013": a year alone
    ("year", fast_regex(rf"\b(?<=[Ii]n\s){_y('y')}\b(?![-–/]\d)")),
    ("last_year", fast_regex(r"\b[Ll]ast\s+year\b")),
    ("this_year", fast_regex(r"\b[Tt]his\s+year\b")),
    # Days and months relative to the publication date.
    ("today", fast_regex(r"\b(?:[Tt]oday|[Tt]his (?:morning|afternoon|evening))\b")),
    ("yesterday", fast_regex(r"\b[Yy]esterday\b")),
    ("last_month_rel", fast_regex(r"\b[Ll]ast\s+month\b")),
    ("this_month", fast_regex(r"\b(?:[Ee]arlier\s+)?[Tt]his\s+month\b")),
    # "who last visited Beijing in October": a month of the last twelve
    # "in early September", "in mid-March": the part of the month does not change the month.
    (
        "in_month",
        fast_regex(
            rf"(?:(?<=\b[Ii]n\s)|(?<=\b[Ii]n\searly\s)|(?<=\b[Ii]n\slate\s)|(?<=\b[Ii]n\smid-))"
            rf"{_m('m')}\b"
            r"(?!\s+\d)"
        ),
    ),
    # "(19/4)": day/month in brackets after a weekday, as Indonesian and European releases write.
    ("day_slash_month", fast_regex(r"\((?P<d>[0-3]?\d)/(?P<mn>[01]?\d)\)")),
    # "talks on the 15th": a day of the month the narrative is in.
    ("day_of_month", fast_regex(r"(?<=\b[Oo]n\s)the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b")),
    # on Thursday
    (
        "weekday",
        fast_regex(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
    ),
]


# The patterns up to the last that can give a full date (day, month and year).
_FULL_KINDS = 1 + max(
    i
    for i, (kind, _) in enumerate(_PATTERNS)
    if kind in {"iso", "ymd_numeric", "d_mon_y", "numeric", "md_md_range", "md_range", "dm_range",
                "md", "dm", "dm_foreign"}
)  # fmt: skip
# Most text has no month name, many sentences no digit: the patterns that need one are
# skipped there (a speed-up only; the same mentions are found).
_ANY_MONTH = re.compile(_m("m"))
_ANY_DIGIT = re.compile(r"\d")
_NEEDS_MONTH = frozenset(
    {"md_md_range", "md_range", "dm_range", "md", "dm", "my", "month_this_year",
     "month_last_year", "last_month", "in_month"}
)  # fmt: skip
_NEEDS_DIGIT = frozenset(
    {"iso", "md_md_range", "md_range", "dm_range", "md", "dm", "my", "year", "day_slash_month",
     "dm_foreign"}
)  # fmt: skip
# Words without which a pattern cannot match (any one of them).
_NEEDS_WORD = {
    "month_this_year": {"year"}, "month_last_year": {"year"}, "last_year": {"year"},
    "this_year": {"year"}, "today": {"oday", "his "}, "yesterday": {"esterday"},
    "last_month_rel": {"month"}, "this_month": {"month"}, "weekday": {"day"},
}  # fmt: skip
_WORDS = frozenset().union(*_NEEDS_WORD.values())


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    kind: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None
    text: str

    @property
    def is_full(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None


def find_dates(text: str) -> list[DateMention]:
    """All date expressions in text, left to right, longest match first, no overlaps."""
    return list(_find_dates(text))


def find_full_dates(text: str) -> list[DateMention]:
    """The dates of text written with day, month and year: what find_dates finds that is_full,
    without running the patterns that cannot give one (whole documents are asked this)."""
    return [m for m in _find_dates(text, _FULL_KINDS) if m.is_full]


@lru_cache(maxsize=8192)
def _find_dates(text: str, kinds: int | None = None) -> tuple[DateMention, ...]:
    """Mentions found by the first `kinds` patterns (all by default). A pattern can only lose
    a span to the patterns before it, so a prefix of the list finds the same mentions of its
    own kinds as the whole list."""
    found: list[DateMention] = []
    # Spans taken so far: disjoint, kept sorted, so an overlap is found by bisection even in
    # a whole document with hundreds of dates.
    starts: list[int] = []
    ends: list[int] = []
    skip = set()
    if not _ANY_MONTH.search(text):
        skip |= _NEEDS_MONTH
    if not _ANY_DIGIT.search(text):
        skip |= _NEEDS_DIGIT
    present = {word for word in _WORDS if word in text}
    for kind, pattern in _PATTERNS[:kinds]:
        words = _NEEDS_WORD.get(kind)
        if kind in skip or (words and present.isdisjoint(words)):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            before = bisect.bisect_left(starts, end)  # spans starting before this one ends
            if before and ends[before - 1] > start:
                continue
            mention = _to_mention(kind, match)
            if mention is None:
                continue
            found.append(mention)
            starts.insert(before, start)
            ends.insert(before, end)
    found.sort(key=lambda m: m.start)
    # "On Saturday, July 9", "Tue 13 May 2025": the weekday names the date that follows it.
    return tuple(
        m
        for i, m in enumerate(found)
        if not (
            m.kind == "weekday"
            and i + 1 < len(found)
            and found[i + 1].day is not None
            # "last Tuesday (1 December)"
            and re.fullmatch(r"[\s,.(]*", text[m.end : found[i + 1].start])
        )
    )


def _to_mention(kind: str, match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if kind in ("iso", "ymd_numeric"):
        month, day = int(groups["mn"]), int(groups["d"])
    elif kind == "year":
        return DateMention(match.start(), match.end(), kind, year, None, None, None, match.group())
    elif kind == "day_of_month":
        day = int(groups["d"])
        if not 1 <= day <= 31:
            return None
        return DateMention(match.start(), match.end(), kind, None, None, day, None, match.group())
    elif kind in ("last_year", "this_year", "today", "yesterday", "last_month_rel", "this_month"):
        return DateMention(match.start(), match.end(), kind, None, None, None, None, match.group())
    elif kind == "day_slash_month":
        month, day = int(groups["mn"]), int(groups["d"])
    elif kind == "numeric":
        day, month = int(groups["d"]), int(groups["mn"])
        if month > 12 >= day:
            day, month = month, day
    elif kind == "weekday":
        return DateMention(
            match.start(), match.end(), kind, None, None, None,
            WEEKDAYS[groups["w"].lower()], match.group(),
        )  # fmt: skip
    else:
        month = MONTHS[groups["m"].lower().rstrip(".")]
        day = int(groups["d"]) if groups.get("d") else None
    if not 1 <= month <= 12 or (day is not None and not _valid_day(year or 2000, month, day)):
        return None  # "2024-13-01" or "February 30" is not a date
    return DateMention(match.start(), match.end(), kind, year, month, day, None, match.group())


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


@dataclass(frozen=True, slots=True)
class DateContext:
    """What an article knows about when it was written."""

    published: date | None = None  # from a dateline or byline
    publication_year: int | None = None  # best estimate when no published date
    latest_full_date: date | None = None  # latest fully written date in the document


_NTH_ANNIVERSARY = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:founding\s+)?anniversary\b", re.I)


def anniversary_day(text: str, year: int | None) -> date | None:
    """The day an article's anniversary falls on: "the 75th anniversary of diplomatic
    relations ... On January 18, 1950, ..." in 2025 is January 18, 2025."""
    if year is None:
        return None
    counts = {int(m.group(1)) for m in _NTH_ANNIVERSARY.finditer(text)}
    days = {
        date(m.year + n, m.month, m.day)
        for m in find_dates(text)
        if m.is_full
        for n in counts
        if m.year is not None
        and abs(m.year + n - year) <= 1
        and m.month is not None
        and m.day is not None
        and _valid_day(m.year + n, m.month, m.day)
    }
    return next(iter(days)) if len(days) == 1 else None


def resolve(mention: DateMention, context: DateContext) -> DateValue | None:
    """Turn a mention into a date, or None when the text does not fix it."""
    if mention.kind == "weekday":
        if context.published is None or mention.weekday is None:
            return None
        back = (context.published.weekday() - mention.weekday) % 7
        return DateValue(context.published - timedelta(days=back), "day", "weekday")
    if mention.kind in ("last_year", "this_year", "month_this_year", "month_last_year"):
        return _relative_year(mention, context)
    if mention.kind in ("today", "yesterday", "last_month_rel", "this_month"):
        return _relative_to_published(mention.kind, context.published)
    if mention.kind == "year" and mention.year is not None:
        return DateValue(date(mention.year, 1, 1), "year", "text")
    if mention.month is None:
        return None
    if mention.kind == "in_month":
        reference = context.published or context.latest_full_date
        if reference is None:
            return None
        year = reference.year if mention.month <= reference.month else reference.year - 1
        return DateValue(date(year, mention.month, 1), "month", "inferred_year")
    if mention.kind == "last_month":
        reference = context.published or context.latest_full_date
        if reference is not None:
            year = reference.year if mention.month < reference.month else reference.year - 1
            return DateValue(date(year, mention.month, 1), "month", "inferred_year")
        if context.publication_year is not None:
            return DateValue(
                date(context.publication_year - 1, mention.month, 1), "month", "inferred_year"
            )
        return None
    if mention.year is not None:
        if mention.day is None:
            return DateValue(date(mention.year, mention.month, 1), "month", "text")
        return DateValue(date(mention.year, mention.month, mention.day), "day", "text")
    if mention.day is None:
        return None
    year, basis = _infer_year(mention.month, mention.day, context)
    if year is None or not _valid_day(year, mention.month, mention.day):
        return None
    return DateValue(date(year, mention.month, mention.day), "day", basis)


def _relative_to_published(kind: str, published: date | None) -> DateValue | None:
    """ "today", "yesterday", "last month" need the day the article was written."""
    if published is None:
        return None
    if kind == "today":
        return DateValue(published, "day", "relative")
    if kind == "yesterday":
        return DateValue(published - timedelta(days=1), "day", "relative")
    first = published.replace(day=1)
    if kind == "this_month":
        return DateValue(first, "month", "relative")
    previous = (first - timedelta(days=1)).replace(day=1)
    return DateValue(previous, "month", "relative")


def _relative_year(mention: DateMention, context: DateContext) -> DateValue | None:
    year = context.published.year if context.published else context.publication_year
    if year is None:
        return None
    if "last" in mention.kind:
        year -= 1
    if mention.month is None:
        return DateValue(date(year, 1, 1), "year", "relative")
    return DateValue(date(year, mention.month, 1), "month", "relative")


def _infer_year(month: int, day: int, context: DateContext) -> tuple[int | None, str]:
    if context.published is not None:
        year = context.published.year
        # A December event reported in January belongs to the year before.
        if _safe_date(year, month, day) > context.published + timedelta(days=31):
            year -= 1
        return year, "dateline_year"
    if context.publication_year is not None:
        year = context.publication_year
        latest = context.latest_full_date
        if latest is not None and _safe_date(year, month, day) > latest + timedelta(days=180):
            year -= 1
        return year, "inferred_year"
    return None, ""


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def masthead_year(text: str, head: int = 600) -> int | None:
    """The year a page's masthead or title gives without a full date ("Issue 41 | July 2024"),
    for pages that write no full date at all."""
    years = [m.year for m in find_dates(text[:head]) if m.kind == "my" and m.year is not None]
    return max(years, default=None)


def latest_full_date(text: str, not_after: date | None = None) -> date | None:
    """The latest date written out in full (day, month and year) in text."""
    dates = [
        date(m.year, m.month, m.day)
        for m in find_full_dates(text)
        if m.year is not None and m.month is not None and m.day is not None
    ]
    if not_after is not None:
        dates = [d for d in dates if d <= not_after]
    return max(dates, default=None)


# Datelines: "BEIJING, Jan. 18 (Xinhua) —", "Feb. 19 (MFA) —", "Beijing, October 17th (IDCPC) –",
# and the wire style without an outlet: "BEIJING, Sept 5 —", "SUVA, May 30 --".
DATELINE = re.compile(
    rf"^\s*(?:(?P<place>[A-Z][A-Za-z .'’-]{{1,40}}),\s+)?{_m('m')}\s+{_d('d')}(?:,?\s+{_y('y')})?"
    r"\s*(?:\((?P<outlet>[^()]{2,40})\)\s*[-\u2010-\u2015:]+"
    # "MOSCOW, March 21. /TASS/."
    r"|\.?\s*/(?P<slashed>[A-Z][\w -]{1,20})/\.?"
    r"|(?:(?<=\d)|(?<=\dst)|(?<=\dnd)|(?<=\drd)|(?<=\dth))\s*(?:--|[\u2013\u2014]))\s*"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # as written, without the trailing dash
    place: str | None
    month: int
    day: int
    year: int | None
    outlet: str | None
    end: int  # where the body text after the dateline starts


def parse_dateline(paragraph: str) -> Dateline | None:
    match = DATELINE.match(paragraph)
    if not match:
        return None
    month = MONTHS[match.group("m").lower().rstrip(".")]
    day = int(match.group("d"))
    year = int(match.group("y")) if match.group("y") else None
    if not _valid_day(year or 2000, month, day):
        return None
    place = match.group("place") or ""
    outlet = match.group("outlet") or match.group("slashed")
    if outlet is None and not (place.isupper() or _is_known_place(place)):
        return None  # "On May 30 -- ..." is prose; a dateline names a place ("Havana, ...")
    raw = match.group().strip()
    return Dateline(
        text=re.sub(r"\s*[-\u2010-\u2015:]+$", "", raw),
        place=match.group("place"),
        month=month,
        day=day,
        year=year,
        outlet=(outlet or "").strip() or None,
        end=match.end(),
    )


def _is_known_place(place: str) -> bool:
    from etl import gazetteer  # the gazetteer reads reference files; dates stay importable alone

    mentions = gazetteer.find_countries(place)
    return any(m.start == 0 and m.end == len(place.strip()) for m in mentions)


def dateline_year(
    dateline: Dateline, text: str, fallback_year: int | None
) -> tuple[int | None, str]:
    """The year of a dateline: written, or fixed by a weekday in the text, or the fallback.

    "BEIJING, Jan. 18 (Xinhua) — Xi said on Saturday ..." names a weekday; among the years
    near the fallback only one puts Jan. 18 on a Saturday (or the day before for
    "on Friday"), which turns a guess into a check.
    """
    if dateline.year is not None:
        return dateline.year, "dateline"
    if fallback_year is None:
        return None, ""
    weekday_match = re.search(
        r"\b(?:on|On)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text[:400]
    )
    if weekday_match:
        weekday = WEEKDAYS[weekday_match.group(1).lower()]
        for candidate in (fallback_year, fallback_year - 1, fallback_year + 1):
            if not _valid_day(candidate, dateline.month, dateline.day):
                continue
            stamped = date(candidate, dateline.month, dateline.day)
            if (stamped.weekday() - weekday) % 7 <= 1:
                return candidate, "dateline_weekday"
    return fallback_year, "inferred_year"


_RELATIVE_DAY = fast_regex(
    r"\b(?P<rel>the next day|the following day|the day after|the previous day|the day before"
    r"|the same day|that day|later that day|earlier (?:that|in the|the same) day"
    r"|the same (?:morning|afternoon|evening)|that (?:morning|afternoon|evening)"
    r"|later in the day)\b",
    re.I,
)


_DAY_WORD = re.compile("day", re.I)


_SINCE = re.compile(
    r"\bsince\s+(?:(?:(?:he|she|they|it|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+)?"
    r"(?:took|taking|assumed|assuming|came|coming|was\s+elected|being\s+elected|returned"
    r"|returning)\b[^,.;()]{0,40})?$",
    re.I,
)
_SINCE_WHEN = re.compile(r",?\s+when\b")
_DATELINE_END = re.compile(r"\s*(?P<outlet>\([^()]{1,30}\))?\s*(?:[—–]|--?)\s")
_DATELINE_PLACE = re.compile(r"\s*[A-Z][\w .'’-]{1,40},\s*")


def _is_dateline(sentence: str, mention: DateMention) -> bool:
    """A date that opens the sentence's paragraph as its dateline ("BEIJING, Jan. 15 (Xinhua)
    --", "Feb. 19 (MFA) —")."""
    end = _DATELINE_END.match(sentence, mention.end)
    if mention.start > 45 or end is None:
        return False
    # Not a chronology entry ("• 1–5 Nov. 2018 — Dominican President ..."): a dateline names
    # its outlet or opens with its place.
    return bool(end.group("outlet")) or bool(_DATELINE_PLACE.fullmatch(sentence[: mention.start]))


@dataclass
class Narrative:
    """Dates sentence by sentence through one article.

    A sentence with no date of its own continues the last day-precise date near the
    article's time ("On February 18, Wang Yi met ... Meeting with Somali Foreign Minister ...,
    Wang said"); "the next day" moves it on. A background date (1950, "last year") is used
    for its own sentence but does not become the narrative's date.
    """

    context: DateContext
    current: DateValue | None = field(default=None)
    last_own_date: DateValue | None = field(default=None)  # the last sentence's own date
    first_current: DateValue | None = field(default=None)  # the lead's date
    paragraph_date: DateValue | None = field(default=None)  # a chronology entry's own date
    paragraph_shift: DateValue | None = field(default=None)  # "the next day", in this paragraph

    def date_of(self, sentence: str, reported_from: int | None = None) -> DateValue | None:
        """The sentence's date. Text from `reported_from` on is what someone said ("..., Wang
        said that last November ..."): its dates are about other occasions, not this one."""
        own_text = sentence if reported_from is None else sentence[:reported_from]
        entry = self.paragraph_date
        if entry is not None:
            # "• Thu 14 Nov 2024 — Lima. Xi arrives for a state visit to Peru and the APEC
            # Leaders' Meeting (15–16 Nov)": a date in brackets is the forum's, not the entry's.
            own_text = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), own_text)
        value = self._own_date(own_text)
        if value is not None and value.basis == "weekday" and entry and entry.precision == "day":
            # "• 26.03.2023 — ... on Sunday": the weekday near the entry's date, not the page's.
            weekday = value.value.weekday()
            shift = min(
                range(-6, 7),
                key=lambda k: (
                    (abs(k), k) if (entry.value.weekday() + k) % 7 == weekday else (99, 0)
                ),
            )
            value = DateValue(entry.value + timedelta(days=shift), "day", "weekday")
        self.last_own_date = value
        relative = _RELATIVE_DAY.search(own_text)
        if relative is not None and not any(
            m.start < relative.start() for m in find_dates(own_text)
        ):
            # "On the same day, Wang Yi ... met Prabowo, who visited Beijing earlier this
            # month": the phrase that opens the sentence dates it, not a later clause.
            value = self._relative(own_text) or value
        if value is None:
            value = self._relative(sentence)
        if value is None and self.paragraph_shift is not None:
            value = DateValue(self.paragraph_shift.value, "day", "context")
        if value is None and self.current is not None:
            value = DateValue(self.current.value, self.current.precision, "context")
        if value is not None and value.basis == "relative" and self._shifted_from_story(own_text):
            # "The next day he met Lamola": the rest of the paragraph goes on from that day;
            # the next paragraph is back on the story's own date.
            self.paragraph_shift = value
        elif value is not None and value.basis != "context" and self._is_current(value):
            self.current = value
            self.first_current = self.first_current or value
        return value

    def _shifted_from_story(self, text: str) -> bool:
        """ "the next day", "the previous day": a day counted from the story's, not "today"."""
        relative = _RELATIVE_DAY.search(text)
        return relative is not None and bool(
            re.search(r"\b(?:next|following|after|previous|before)\b", relative.group("rel"), re.I)
        )

    def open_paragraph(self, paragraph_start: str) -> None:
        """A paragraph that opens with its own date ("• Wed 14 May 2025 — Beijing.", "| 12–14
        June 2019 |") is an entry of a chronology: its date holds for the paragraph, however far
        it is from the article's own time."""
        self.paragraph_date = None
        self.paragraph_shift = None
        mentions = find_dates(paragraph_start[:40])
        if not mentions or mentions[0].month is None or _is_dateline(paragraph_start, mentions[0]):
            return  # a dateline says when the page was written, not when its story happened
        lead_in = paragraph_start[: mentions[0].start]
        if not re.fullmatch(
            r"[\s•·▪●◦*\-–|]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.?,?\s*)?", lead_in
        ):
            return
        value = resolve(mentions[0], self.context)
        if value is not None and value.precision in ("day", "month"):
            self.current = value
            self.paragraph_date = value

    def when_said(self, sentence: str) -> DateValue | None:
        """The date of the occasion a sentence reports on, not a date it talks about.

        "Since ties were established in 1950, ..." said at a meeting on 18 January 2025 was
        said on 18 January 2025: background dates do not date a statement.
        """
        value = self.date_of(sentence)
        if value is not None and (value.basis == "context" or self._is_current(value)):
            return value
        if self.current is not None:
            return DateValue(self.current.value, self.current.precision, "context")
        if self.context.published is not None:
            return DateValue(self.context.published, "day", "published")
        return None

    def own_date(self, text: str) -> DateValue | None:
        """The date a piece of text gives itself, leaving the narrative as it is."""
        return self._own_date(text)

    def _own_date(self, sentence: str) -> DateValue | None:
        coarse = None
        mentions = find_dates(sentence)
        if (
            len(mentions) > 1
            and _is_dateline(sentence, mentions[0])
            and self._story_follows(mentions)
        ):
            # "Feb. 19 (MFA) — On February 18, 2025 local time, Wang Yi met ...": the dateline
            # says when it was written; the sentence's own date follows.
            mentions = mentions[1:]
        for mention in mentions:
            years = {
                m.year
                for m in mentions
                if m.year is not None and m.start < mention.start and m.kind in ("my", "year")
            }
            if mention.year is None and mention.month is not None and len(years) == 1:
                # "In May 2022, Wang Yi visited Kiribati, where he met Maamau on 27 May": the
                # year the sentence gave just before, not one guessed from the article.
                mention = replace(mention, year=next(iter(years)))
            if _SINCE.search(sentence, max(0, mention.start - 60), mention.start) and not (
                _SINCE_WHEN.match(sentence, mention.end)
            ):
                # "his fourth visit since he took office in 2018", "the first since 2010":
                # where a count starts. "since December 2011, when Noda met Hu" dates a meeting.
                continue
            value = resolve(mention, self.context)
            if mention.kind == "day_of_month":
                value = self._day_of_current_month(mention.day)
            if value is None:
                continue
            if value.precision == "day":
                return value
            coarse = coarse or value
        return coarse

    def _story_follows(self, mentions: list[DateMention]) -> bool:
        """After a dateline, a written date of the days just before it dates the story
        (not "today", and not "January 18, 1950" of the anniversary it marks)."""
        dateline = resolve(mentions[0], self.context)
        if dateline is None:
            return False
        for mention in mentions[1:]:
            value = resolve(mention, self.context) if mention.month is not None else None
            if value is not None and value.precision == "day":
                return timedelta(0) <= dateline.value - value.value <= timedelta(days=31)
        return False

    def _day_of_current_month(self, day: int | None) -> DateValue | None:
        if day is None or self.current is None:
            return None
        month_start = self.current.value.replace(day=1)
        if not _valid_day(month_start.year, month_start.month, day):
            return None
        return DateValue(month_start.replace(day=day), "day", "context")

    def _relative(self, sentence: str) -> DateValue | None:
        if self.current is None or not _DAY_WORD.search(sentence):
            return None  # every relative day says "day"; most sentences do not
        relative = _RELATIVE_DAY.search(sentence)
        if relative is None or self.current is None:
            return None
        rel = relative.group("rel").lower()
        shift = 0
        if re.search(r"\b(?:next|following|after)\b", rel):  # not "the same afternoon"
            shift = 1
        elif re.search(r"\b(?:previous|before)\b", rel):
            shift = -1
        return DateValue(self.current.value + timedelta(days=shift), "day", "relative")

    def _is_current(self, value: DateValue) -> bool:
        """A day-precise date of the article's own story, not background.

        Near the year of publication, and not more than a month before the lead's date:
        "Orsi was inaugurated on March 1 ... Orsi was elected on November 24, 2024" keeps
        the narrative on March 1.
        """
        if value.precision != "day":
            return False
        year = (
            self.context.published.year if self.context.published else self.context.publication_year
        )
        if year is not None and abs(value.value.year - year) > 1:
            return False
        lead = self.first_current
        return lead is None or value.value >= lead.value - timedelta(days=31)

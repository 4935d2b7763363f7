"""Every measure the dashboard shows, defined once (column name, label, description, format).

The column name is what queries.py returns; charts and pages take label and description
from here so the map legend, tooltip, table header and caption always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.vocab import CN_LEVELS, ENGAGEMENT_TYPES, LEVEL_WEIGHTS

# Not counterparts: China is the origin of every engagement; Taiwan, Hong Kong and Macao are
# Chinese regions. The map marks them apart and the queries never count them as counterparts.
ORIGIN_ISO3 = "CHN"
NOT_COUNTERPARTS: tuple[str, ...] = ("CHN", "TWN", "HKG", "MAC")
DEFAULT_LEVEL_WEIGHT = 1.0  # an engagement whose Chinese actor's level is unknown


@dataclass(frozen=True)
class Measure:
    name: str  # column name in query results
    label: str
    description: str
    format: str = ",d"  # d3-format for tooltips and axes


DISTINCT_ENGAGEMENTS = Measure(
    name="events",
    label="Distinct engagements",
    description=(
        "Real-world engagements (distinct event ids after de-duplication): one meeting "
        "reported by three articles counts once."
    ),
)


def _weights_text() -> str:
    parts = [f"{CN_LEVELS[level].lower()} ×{weight:g}" for level, weight in LEVEL_WEIGHTS.items()]
    return ", ".join(parts) + f"; unknown level ×{DEFAULT_LEVEL_WEIGHT:g}"


LEVEL_WEIGHTS_TEXT = _weights_text()

WEIGHTED_ENGAGEMENTS = Measure(
    name="weighted",
    label="Level-weighted engagements",
    description=(
        "Distinct engagements, each weighted by the level of its Chinese actor: "
        + LEVEL_WEIGHTS_TEXT
    ),
    format=",.0f",
)

MENTIONS = Measure(
    name="mentions",
    label="Mentions",
    description="Sentences in the articles that report an engagement or designation.",
)

QUOTES = Measure(name="quotes", label="Quotes", description="Direct and reported quotes.")

ARTICLES = Measure(name="articles", label="Articles", description="Articles found in documents.")

DOCUMENTS = Measure(name="documents", label="Documents", description="Input files ingested.")

UNDATED = Measure(
    name="undated",
    label="Undated engagements",
    description=(
        "Engagements whose date the text does not give. They are never placed on the timeline; "
        "a month filter excludes them."
    ),
)

MAP_MEASURES: dict[str, Measure] = {m.name: m for m in (DISTINCT_ENGAGEMENTS, WEIGHTED_ENGAGEMENTS)}


def type_label(code: str | None) -> str:
    if code is None:
        return "Unknown"
    return ENGAGEMENT_TYPES.get(code, code)


def level_label(code: str | None) -> str:
    if code is None:
        return "Unknown"
    return CN_LEVELS.get(code, code)


TYPE_LABELS_IN_ORDER: list[str] = list(ENGAGEMENT_TYPES.values())


# --- partnership tiers: the corpus beside the reference table --------------------------------

AGREES = "agrees with reference"
CORPUS_LOWER = "corpus lower than reference"
CORPUS_HIGHER = "corpus higher than reference"
NOT_IN_REFERENCE = "not in reference"
NOT_IN_CORPUS = "not named in the texts"
NOT_COMPARABLE = "reference: outside the ladder"
NO_REFERENCE_LABEL_RANK = 10  # the reference's "no partnership label"
OUTSIDE_LADDER_RANK = 0  # the reference's "outside the ladder" (treaty ally, comrades)


def tier_rank_or_none(value: object) -> int | None:
    """An int rank, or None for a missing one (None, NaN or pd.NA from a LEFT JOIN)."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def tier_agreement(corpus_rank: object, reference_rank: object) -> str:
    """How the highest tier the texts name compares with the reference designation.

    A higher rung has a smaller rank (1 = closest): a corpus rank above the reference's means
    the texts show a lower rung than the reference (a stale text, or a shortened label), below
    it a higher one (an upgrade the reference misses, or a reference row out of date).
    """
    corpus, reference = tier_rank_or_none(corpus_rank), tier_rank_or_none(reference_rank)
    if reference is None:
        return NOT_IN_REFERENCE
    if corpus is None:
        return NOT_IN_CORPUS
    if reference == OUTSIDE_LADDER_RANK:
        return NOT_COMPARABLE
    if corpus == reference:
        return AGREES
    return CORPUS_LOWER if corpus > reference else CORPUS_HIGHER


# How the pages flag each comparison: a disagreement stands out in a column of ticks.
AGREEMENT_MARKS = {
    AGREES: "✓",
    CORPUS_LOWER: "▼",
    CORPUS_HIGHER: "▲",
    NOT_IN_REFERENCE: "?",
    NOT_IN_CORPUS: "–",
    NOT_COMPARABLE: "≠",
}


def agreement_text(agreement: str) -> str:
    """ "▼ corpus lower than reference": the comparison with its mark."""
    mark = AGREEMENT_MARKS.get(agreement)
    return f"{mark} {agreement}" if mark else agreement


def year_text(year: object) -> str:
    """A reference year as written ("2019"), or "year unknown"."""
    value = tier_rank_or_none(year)
    return str(value) if value is not None else "year unknown"

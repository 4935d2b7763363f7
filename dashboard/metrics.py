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

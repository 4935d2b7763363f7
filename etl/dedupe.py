"""De-duplication: engagement mentions → real-world events.

The same call is reported by a blog summary, the original readout and a second outlet. Mentions
with the same counterpart and type whose dates are within one day are one event; an undated
mention joins the event of the same counterpart, type and actors in the same document when
there is exactly one, and otherwise stands alone (an undated event is never merged on a guess).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from etl.records import Engagement
from etl.text import plain


@dataclass(slots=True)
class Event:
    event_id: str
    members: list[Engagement]


def assign_events(engagements: list[Engagement], doc_of: dict[str, str]) -> list[Event]:
    """Group engagements into events and set each engagement's event_id. `doc_of`: article → doc."""
    groups: dict[tuple[str | None, str | None, str], list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        key = (engagement.country, engagement.counterpart_org, event_group(engagement.type))
        groups[key].append(engagement)
    events: list[Event] = []
    for key, members in sorted(groups.items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        dated = sorted((e for e in members if e.date is not None and e.date.precision == "day"),
                       key=lambda e: (e.date.value, e.engagement_id))  # type: ignore[union-attr]  # fmt: skip
        # A forum runs for days: its reports a few days apart are one event; a bilateral
        # meeting is dated to the day, give or take the time zone.
        window = 3 if key[2] == "multilateral" and key[1] is not None else 1
        clusters: list[list[Engagement]] = []
        for engagement in dated:
            # The same day's event with the same people; Xi's message to To Lam and Li Qiang's
            # to Pham Minh Chinh on the same anniversary are two events.
            homes = [
                c
                for c in reversed(clusters)
                if (engagement.date.value - c[-1].date.value).days <= window  # type: ignore[union-attr]
                and _actors_agree(engagement, c)
                and _types_agree(engagement, c)
            ]
            # Among the events it could join, the one that names the same foreign person
            # ("Tô Lâm" is "To Lam", not "Pham Minh Chinh" met the same day).
            home = next(
                (
                    c
                    for c in homes
                    if any(_same(engagement.foreign_actor, e.foreign_actor) for e in c)
                ),
                next(iter(homes), None),
            )
            if home is None:
                clusters.append([engagement])
            else:
                home.append(engagement)
        coarse = [e for e in members if e.date is None or e.date.precision != "day"]
        # Month-dated mentions first, so that "in 2023" can join "in December 2023".
        for engagement in sorted(coarse, key=lambda e: (_coarseness(e), e.engagement_id)):
            home = _unique_home(engagement, clusters, doc_of)
            if home is None:
                clusters.append([engagement])
            else:
                home.append(engagement)
        for cluster in clusters:
            event_id = _event_id(key, cluster)
            for engagement in cluster:
                engagement.event_id = event_id
            events.append(Event(event_id, cluster))
    return events


def _coarseness(engagement: Engagement) -> int:
    if engagement.date is None:
        return 3
    return {"day": 0, "month": 1, "year": 2}.get(engagement.date.precision, 3)


def _unique_home(
    engagement: Engagement, clusters: list[list[Engagement]], doc_of: dict[str, str]
) -> list[Engagement] | None:
    doc = doc_of.get(engagement.article_id)
    candidates = []
    for cluster in clusters:
        same_doc = any(doc_of.get(e.article_id) == doc for e in cluster)
        if not same_doc:
            continue
        if engagement.date is not None:  # month or year precision must agree
            anchor = cluster[0].date
            if anchor is None or anchor.value.year != engagement.date.value.year:
                continue
            if (
                engagement.date.precision == "month"
                and anchor.value.month != engagement.date.value.month
            ):
                continue
        if _actors_agree(engagement, cluster) and _types_agree(engagement, cluster):
            candidates.append(cluster)
    if len(candidates) > 1:
        # "Xi met Thongloun in Beijing on Thursday" in an undated article, beside Li Shulei's
        # meeting with Thongloun in November and Xi's with him dated September 4: the event
        # of the same two people, dated to the day.
        same_people = [
            c
            for c in candidates
            if c[0].date is not None
            and c[0].date.precision == "day"
            and any(_same(engagement.cn_actor, e.cn_actor) for e in c)
            and any(_same(engagement.foreign_actor, e.foreign_actor) for e in c)
        ]
        candidates = same_people
    return candidates[0] if len(candidates) == 1 else None


def _different_days(a: Engagement, b: Engagement) -> bool:
    return (
        a.date is not None
        and b.date is not None
        and a.date.precision == b.date.precision == "day"
        and a.date.value != b.date.value
    )


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and not _different(a, b)


# "Zardari paid a state visit to China", "Dar said that Zardari's visit to China was a great
# success", "Recalling his successful visit to Vietnam in 2023": one visit, told with and
# without its protocol rank; a visit in and a visit out are still two.
VISIT_TYPES = frozenset({"visit_in", "visit_out", "state_visit"})


# "Xi and Zardari held talks", "Not long ago, Xi and Zardari held a successful meeting": the
# same encounter, named formally or not.
MEETING_TYPES = frozenset({"meeting", "talks"})


def event_group(type_: str) -> str:
    """The types whose mentions may be one event: every kind of visit is a visit, and talks
    are a meeting."""
    if type_ in VISIT_TYPES:
        return "visit"
    return "meeting" if type_ in MEETING_TYPES else type_


def event_type(types: list[str]) -> str:
    """An event's type from its mentions' types: a state visit is the most specific visit,
    talks the most specific meeting."""
    for specific in ("state_visit", "talks"):
        if specific in types:
            return specific
    return Counter(types).most_common(1)[0][0]


def _types_agree(engagement: Engagement, cluster: list[Engagement]) -> bool:
    types = {e.type for e in cluster} | {engagement.type}
    if len(types) == 1:
        return True
    if types <= MEETING_TYPES:
        # Talks and a meeting are one event only between the same two people on the same day
        # (an informal meeting on Monday and official talks on Tuesday are two).
        return any(
            _same(engagement.cn_actor, e.cn_actor)
            and _same(engagement.foreign_actor, e.foreign_actor)
            and not _different_days(engagement, e)
            for e in cluster
        )
    if len(types - {"state_visit"}) > 1:
        return False
    # A visit joins a state visit only when they name the same person: Zhao Leji's visit to
    # Vietnam is not Xi's state visit there.
    return any(
        _same(engagement.cn_actor, e.cn_actor) or _same(engagement.foreign_actor, e.foreign_actor)
        for e in cluster
    )


def _actors_agree(engagement: Engagement, cluster: list[Engagement]) -> bool:
    """No one in the cluster, in the same article, names a different Chinese or foreign actor.

    Within one article two Chinese actors mean two events ("On the same day, Premier Li
    Qiang exchanged messages with ..."), and so do two foreign actors on different days
    (Wang Yi met Ramaphosa, and the next day Lamola; on one day, "messages to To Lam and
    Luong Cuong" may be one exchange); across
    articles a differing actor is more often a reporting difference (a headline's "Xi's
    envoy" against the body's envoy by name), so it does not split an event.
    """
    return not any(
        other.article_id == engagement.article_id
        and (
            _different(engagement.cn_actor, other.cn_actor)
            or (
                _different(engagement.foreign_actor, other.foreign_actor)
                # Meetings with two people the same day are two meetings.
                and (engagement.date != other.date or engagement.type in MEETING_TYPES)
            )
        )
        for other in cluster
    )


def _different(a: str | None, b: str | None) -> bool:
    """Two names of different people: both given and sharing no word ("Putin" is "Vladimir Putin")."""
    if not a or not b:
        return False
    # "Putin" is "Vladimir Putin"; "Wang Yi" is not "Wang Huning", though they share a word.
    # "To Lam" is "Tô Lâm": names compare without their diacritics.
    words_a, words_b = set(plain(a).split()), set(plain(b).split())
    return not (words_a <= words_b or words_b <= words_a)


def _event_id(key: tuple[str | None, str | None, str], cluster: list[Engagement]) -> str:
    first = min(cluster, key=lambda e: e.engagement_id)
    raw = "|".join(str(k) for k in key) + "|" + first.engagement_id
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def most_common(values: list[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None

"""Evaluation: compare a build with hand-checked gold files (protocol in docs/evaluation.md).

Engagements are compared per document: one system record per (document, event) against one
gold record per real engagement. A pair matches when the counterpart and the type agree and
the dates agree (within one day when both give a day; inside the coarser period when one is
month- or year-precise; or both undated). Matching is one-to-one, nearest date first.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from etl.dedupe import event_type
from etl.store import read_manifest
from etl.text import plain

# Gold files name a few organisations by other ids than etl/reference/organisations.csv.
# Gold ids that name the same counterpart as ours: the China-Arab States Cooperation Forum and
# its summits meet the Arab League's members, which annotators code as LAS.
ORG_SYNONYMS = {"ASEAN+3": "APT", "LAS": "CASCF"}


@dataclass(frozen=True, slots=True)
class Record:
    doc: str
    key: str  # gold_id or system event id
    counterpart: str
    type: str
    day: date | None
    precision: str | None
    cn_actor: str
    cn_level: str
    foreign_actor: str
    event_key: str = ""
    evidence: str = ""


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EngagementReport:
    overall: Scores
    by_type: dict[str, Scores]
    field_accuracy: dict[str, float]
    counterpart_accuracy: float
    duplicate_rate: float
    misses: list[Record] = field(default_factory=list)
    false_hits: list[Record] = field(default_factory=list)
    pairs: list[tuple[Record, Record]] = field(default_factory=list)


def _parse_day(value: str) -> tuple[date | None, str | None]:
    value = (value or "").strip()
    if not value:
        return None, None
    parts = value.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    return date.fromisoformat(value), "day"


def load_gold_engagements(path: Path, include_background: bool = True) -> list[Record]:
    out = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not include_background and row.get("background", "0") == "1":
                continue
            day, precision = _parse_day(row["date"])
            if row.get("date_precision") in ("month", "year", "day"):
                precision = row["date_precision"] if day else None
            org = ORG_SYNONYMS.get(row["counterpart_org"], row["counterpart_org"])
            out.append(
                Record(
                    doc=row["doc"],
                    key=row["gold_id"],
                    counterpart=row["country"] or org,
                    type=row["type"],
                    day=day,
                    precision=precision,
                    cn_actor=row.get("cn_actor", ""),
                    cn_level=row.get("cn_level", ""),
                    foreign_actor=row.get("foreign_actor", ""),
                    event_key=row.get("event_key", ""),
                    evidence=row.get("evidence", ""),
                )
            )
    return out


def _rows_with_document(data_dir: Path, table: str) -> list[tuple[str, dict]]:
    """Rows of an article-level table of the current build, each with its document's path,
    in reading order (document, article, place in the text) whatever order they are stored in."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        raise FileNotFoundError(f"no build in {data_dir}; run `python -m etl build` first")

    def read(name: str, columns: list[str] | None = None) -> list[dict]:
        return pq.read_table(manifest.table_path(data_dir, name), columns=columns).to_pylist()

    doc_of = {a["article_id"]: a["doc_id"] for a in read("articles", ["article_id", "doc_id"])}
    path_of = {d["doc_id"]: d["path"] for d in read("documents", ["doc_id", "path"])}
    rows = [(path_of[doc_of[row["article_id"]]], row) for row in read(table)]
    ordinal = {a["article_id"]: a["ordinal"] for a in read("articles", ["article_id", "ordinal"])}
    rows.sort(key=lambda pr: (pr[0], ordinal[pr[1]["article_id"]], pr[1]["span_start"]))
    return rows


def load_system_engagements(data_dir: Path) -> list[Record]:
    """One record per (document, event) from the current build in data_dir."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for path, row in _rows_with_document(data_dir, "engagements"):
        grouped[(path, row["event_id"])].append(row)
    out = []
    for (path, event_id), rows in grouped.items():
        best = min(
            rows, key=lambda r: {"day": 0, "month": 1, "year": 2}.get(r["date_precision"], 3)
        )
        out.append(
            Record(
                doc=path,
                key=event_id,
                counterpart=best["country"] or best["counterpart_org"] or "",
                type=event_type([r["type"] for r in rows]),
                day=best["date"],
                precision=best["date_precision"],
                cn_actor=next((r["cn_actor"] for r in rows if r["cn_actor"]), "") or "",
                cn_level=next((r["cn_level"] for r in rows if r["cn_level"]), "") or "",
                foreign_actor=next((r["foreign_actor"] for r in rows if r["foreign_actor"]), "")
                or "",
                evidence=best["sentence"][:200],
            )
        )
    return out


def same_document(gold_doc: str, system_path: str) -> bool:
    name = Path(system_path).name
    return name == gold_doc or name.startswith(gold_doc + "_") or Path(system_path).stem == gold_doc


def date_distance(a: Record, b: Record) -> int | None:
    """Days between two records' dates for matching, or None when they cannot match."""
    if a.day is None and b.day is None:
        return 0
    if a.day is None or b.day is None:
        return None
    if a.precision == "day" and b.precision == "day":
        gap = abs((a.day - b.day).days)
        return gap if gap <= 1 else None
    coarse = a if a.precision != "day" else b
    other = b if coarse is a else a
    if coarse.precision == "year":
        return 0 if other.day.year == coarse.day.year else None
    return 0 if (other.day.year, other.day.month) == (coarse.day.year, coarse.day.month) else None


def _match(
    gold: list[Record], system: list[Record], *, need_counterpart: bool = True
) -> list[tuple[Record, Record]]:
    candidates = []
    for g in gold:
        for s in system:
            if not same_document(g.doc, s.doc) or g.type != s.type:
                continue
            if need_counterpart and g.counterpart != s.counterpart:
                continue
            gap = date_distance(g, s)
            if gap is not None:
                # Same counterpart first, so the loose match pairs what the strict one would;
                # then, among equally close dates, the same Chinese actor (Li Keqiang's meeting
                # and Li Zhanshu's on one day are not swapped).
                other_actors = (
                    not _same_person(g.cn_actor, s.cn_actor),
                    not _same_person(g.foreign_actor, s.foreign_actor),
                )
                candidates.append(
                    (g.counterpart != s.counterpart, gap, other_actors, g.key, s.key, g, s)
                )
    candidates.sort(key=lambda c: c[:5])
    used_gold, used_system, pairs = set(), set(), []
    for _, _, _, g_key, s_key, g, s in candidates:
        if g_key in used_gold or (s.doc, s_key) in used_system:
            continue
        used_gold.add(g_key)
        used_system.add((s.doc, s_key))
        pairs.append((g, s))
    return pairs


def evaluate_engagements(gold: list[Record], system: list[Record]) -> EngagementReport:
    docs = {g.doc for g in gold}
    system = [s for s in system if any(same_document(d, s.doc) for d in docs)]
    pairs = _match(gold, system)
    matched_gold = {g.key for g, _ in pairs}
    matched_system = {(s.doc, s.key) for _, s in pairs}
    misses = [g for g in gold if g.key not in matched_gold]
    false_hits = [s for s in system if (s.doc, s.key) not in matched_system]
    overall = Scores(len(pairs), len(false_hits), len(misses))
    by_type: dict[str, Scores] = defaultdict(Scores)
    for g, _ in pairs:
        by_type[g.type].tp += 1
    for g in misses:
        by_type[g.type].fn += 1
    for s in false_hits:
        by_type[s.type].fp += 1
    n = len(pairs) or 1
    dated = [(g, s) for g, s in pairs if g.precision == "day"]
    field_accuracy = {
        "date_exact": sum(1 for g, s in dated if s.precision == "day" and g.day == s.day) / (len(dated) or 1),
        "date_within_1_day": sum(1 for g, s in dated if s.precision == "day" and abs((g.day - s.day).days) <= 1)
        / (len(dated) or 1),
        "cn_actor": sum(1 for g, s in pairs if _same_person(g.cn_actor, s.cn_actor)) / n,
        "foreign_actor": sum(1 for g, s in pairs if _same_person(g.foreign_actor, s.foreign_actor)) / n,
        "cn_level": sum(1 for g, s in pairs if (g.cn_level or "") == (s.cn_level or "")) / n,
    }  # fmt: skip
    # Counterpart accuracy: match on document, type and date only, then compare counterparts.
    loose = _match(gold, system, need_counterpart=False)
    counterpart_accuracy = (
        sum(1 for g, s in loose if g.counterpart == s.counterpart) / len(loose) if loose else 0.0
    )
    duplicate_rate = _duplicate_rate(gold, pairs, false_hits)
    return EngagementReport(overall, dict(by_type), field_accuracy, counterpart_accuracy,
                            duplicate_rate, misses, false_hits, pairs)  # fmt: skip


def _same_person(gold_name: str, system_name: str | None) -> bool:
    gold_name, system_name = (gold_name or "").strip(), (system_name or "").strip()
    if not gold_name or not system_name:
        return gold_name == system_name
    # "Xi" is "Xi Jinping" and "To Lam" is "Tô Lâm"; "Li Keqiang" is not "Li Zhanshu".
    g_tokens, s_tokens = set(plain(gold_name).split()), set(plain(system_name).split())
    return g_tokens <= s_tokens or s_tokens <= g_tokens


def _duplicate_rate(
    gold: list[Record], pairs: list[tuple[Record, Record]], false_hits: list[Record]
) -> float:
    """1 - (gold events matched / system events reported for them), as evaluation.md defines."""
    events_matched: set[str] = set()
    system_events: set[tuple[str, str]] = set()
    for g, s in pairs:
        events_matched.add(g.event_key or g.key)
        system_events.add((s.doc, s.key))
        for extra in false_hits:  # a second record of the same engagement is a duplicate
            same = extra.doc == s.doc and (extra.counterpart, extra.type) == (s.counterpart, s.type)
            if same and date_distance(g, extra) is not None:
                system_events.add((extra.doc, extra.key))
    if not system_events:
        return 0.0
    return 1 - len(events_matched) / len(system_events)


def format_engagement_report(report: EngagementReport, title: str, show_lists: bool = True) -> str:
    o = report.overall
    lines = [
        f"== {title} ==",
        f"engagements  precision {o.precision:.3f}  recall {o.recall:.3f}  F1 {o.f1:.3f}"
        f"  (tp {o.tp}, fp {o.fp}, fn {o.fn})",
        f"counterpart accuracy {report.counterpart_accuracy:.3f}   duplicate rate {report.duplicate_rate:.3f}",
        "field accuracy on matched: "
        + ", ".join(f"{k} {v:.3f}" for k, v in report.field_accuracy.items()),
        "by type:",
    ]
    for type_, s in sorted(report.by_type.items()):
        lines.append(
            f"  {type_:<13} P {s.precision:.2f}  R {s.recall:.2f}  F1 {s.f1:.2f}  (tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )
    if show_lists:
        lines.append(f"misses ({len(report.misses)}):")
        for g in report.misses:
            lines.append(
                f"  - [{g.doc}] {g.key} {g.type} {g.counterpart} {g.day or 'undated'}  {g.evidence[:110]}"
            )
        lines.append(f"false hits ({len(report.false_hits)}):")
        for s in report.false_hits:
            lines.append(
                f"  + [{Path(s.doc).name[:3]}] {s.type} {s.counterpart} {s.day or 'undated'}  {s.evidence[:110]}"
            )
    return "\n".join(lines)


# --- partnerships --------------------------------------------------------------------------


@dataclass
class PartnershipReport:
    tiers: Scores  # units (document, country, tier) of the partnership framework
    communities: Scores  # units (document, country) of the community framework
    attribution_accuracy: float  # of system units whose tier is in the gold document at all
    status_accuracy: float  # on matched tier units: strongest status agrees
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_hits: list[tuple[str, str, str]] = field(default_factory=list)


_STATUS_ORDER = {"mentioned": 0, "established": 1, "upgraded": 2}


def load_gold_partnerships(path: Path) -> dict[tuple[str, str, str], str]:
    """(doc, country, tier or 'community') → the strongest status the gold gives it."""
    units: dict[tuple[str, str, str], str] = {}
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["doc"], row["country"], row["tier"] or "community")
            status = row["status"]
            if _STATUS_ORDER[status] >= _STATUS_ORDER.get(units.get(key, "mentioned"), 0):
                units[key] = status
    return units


def load_system_partnerships(data_dir: Path) -> dict[tuple[str, str, str], str]:
    """(document path, country, tier or 'community') → strongest status, from a build."""
    units: dict[tuple[str, str, str], str] = {}
    for path, row in _rows_with_document(data_dir, "partnerships"):
        if row["status"] not in _STATUS_ORDER:
            continue  # "proposed": a wish to upgrade is not a designation the country holds
        key = (path, row["country"], row["tier"] or "community")
        if _STATUS_ORDER[row["status"]] >= _STATUS_ORDER.get(units.get(key, "mentioned"), 0):
            units[key] = row["status"]
    return units


def evaluate_partnerships(
    gold: dict[tuple[str, str, str], str], system: dict[tuple[str, str, str], str]
) -> PartnershipReport:
    docs = {doc for doc, _, _ in gold}
    system = {k: v for k, v in system.items() if any(same_document(d, k[0]) for d in docs)}

    def gold_key(key: tuple[str, str, str]) -> tuple[str, str, str] | None:
        return next((g for g in gold if same_document(g[0], key[0]) and g[1:] == key[1:]), None)

    matched = {s: gold_key(s) for s in system}
    hits = {s: g for s, g in matched.items() if g is not None}
    tiers, communities = Scores(), Scores()
    for s, g in matched.items():
        bucket = communities if s[2] == "community" else tiers
        if g is None:
            bucket.fp += 1
        else:
            bucket.tp += 1
    found_gold = set(hits.values())
    for g in gold:
        if g not in found_gold:
            (communities if g[2] == "community" else tiers).fn += 1
    # Attribution: a system tier that the gold gives some country in the document — is it
    # the same country?
    same_tier = [s for s in system if any(same_document(g[0], s[0]) and g[2] == s[2] for g in gold)]
    attribution = sum(1 for s in same_tier if s in hits) / len(same_tier) if same_tier else 0.0
    status = [s for s in hits if s[2] != "community"]
    status_accuracy = (
        sum(1 for s in status if system[s] == gold[hits[s]]) / len(status) if status else 0.0
    )
    return PartnershipReport(
        tiers, communities, attribution, status_accuracy,
        sorted(g for g in gold if g not in found_gold),
        sorted((Path(s[0]).name[:3], s[1], s[2]) for s in system if s not in hits),
    )  # fmt: skip


def format_partnership_report(report: PartnershipReport, show_lists: bool = True) -> str:
    t, c = report.tiers, report.communities
    lines = [
        "== partnerships, seed gold ==",
        f"tier mentions  precision {t.precision:.3f}  recall {t.recall:.3f}  F1 {t.f1:.3f}"
        f"  (tp {t.tp}, fp {t.fp}, fn {t.fn})",
        f"community      precision {c.precision:.3f}  recall {c.recall:.3f}  F1 {c.f1:.3f}"
        f"  (tp {c.tp}, fp {c.fp}, fn {c.fn})",
        f"country attribution accuracy {report.attribution_accuracy:.3f}   "
        f"status accuracy on matched {report.status_accuracy:.3f}",
    ]
    if show_lists:
        lines += [f"  - {d} {country} {tier}" for d, country, tier in report.misses]
        lines += [f"  + {d} {country} {tier}" for d, country, tier in report.false_hits]
    return "\n".join(lines)


# --- hard negatives ------------------------------------------------------------------------


def negatives_reported(negatives_path: Path, data_dir: Path) -> tuple[int, list[str]]:
    """How many hand-listed non-engagements (plans, refusals, statements, Taiwan ...) the build
    reports anyway: a mention in the same document, with that counterpart, in that sentence."""
    from etl.text import fold

    rows = _rows_with_document(data_dir, "engagements")
    total, hits = 0, []
    with Path(negatives_path).open(encoding="utf-8", newline="") as handle:
        for negative in csv.DictReader(handle):
            total += 1
            evidence = fold(negative["evidence"])[:60]
            for path, row in rows:
                counterpart = row["country"] or row["counterpart_org"]
                if (
                    same_document(negative["doc"], path)
                    and counterpart == negative["country"]
                    and evidence
                    and evidence in fold(row["sentence"])
                ):
                    hits.append(
                        f"  ! [{negative['doc']}] {counterpart} {row['type']}: {negative['reason'][:90]}"
                    )
                    break
    return total, hits

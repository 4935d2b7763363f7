"""Quote evaluation, as docs/evaluation.md states it (Quotes).

- Unit: one direct, reported or mixed quote. The gold gives its first and last words and the
  lines it is on; its full text is cut from the document between them, so a quote whose
  fragments span paragraphs is one unit. Consecutive system fragments of one direct quote
  (same article, same speaker, only whitespace between them) are merged the same way.
- Match: the system text covers at least 50% of the gold's content tokens (30%, 80% and exact
  are reported too), in the same document and on the gold's lines when the system quote can
  be placed in the document. One-to-one, best coverage first.
- Speaker: the same person by canonical name (token sets, one inside the other, at least two
  tokens shared); a collective is right when it has the gold's label or its members. Speaker
  country is scored separately. End-to-end attribution counts a match with the right speaker.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from etl.evaluate import Scores, same_document
from etl.store import read_manifest
from etl.text import STOPWORDS, plain

THRESHOLDS = (0.3, 0.5, 0.8)
MAIN_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class GoldQuote:
    doc: str
    key: str
    kind: str  # direct | reported | mixed
    speaker: str
    speaker_country: str
    members: tuple[str, ...]  # of a collective, from the notes ("set: A, B")
    text: str
    lines: tuple[int, int]  # first and last line the quote is on, 1-based
    statement_key: str
    borderline: bool


@dataclass(frozen=True, slots=True)
class SystemQuote:
    doc: str  # document path
    key: str
    kind: str
    speaker: str
    speaker_country: str
    text: str
    lines: tuple[int, int] | None  # where the text was found in the document, if it was
    statement_id: str = ""


@dataclass
class QuoteReport:
    all_quotes: dict[str, Scores]  # by threshold label ("30%", "50%", "80%", "exact")
    direct: dict[str, Scores]  # gold direct quotes against system direct quotes
    speaker_accuracy: float  # on matched quotes at 50%
    speaker_country_accuracy: float
    attribution: Scores  # a match with the right speaker
    statements: Scores  # distinct gold statements, any record of the statement matched
    without_borderline: Scores
    statement_links: Scores  # pairs of matched quotes: same gold statement vs same statement_id
    pairs: list[tuple[GoldQuote, SystemQuote]] = field(default_factory=list)
    misses: list[GoldQuote] = field(default_factory=list)
    false_hits: list[SystemQuote] = field(default_factory=list)


# --- tokens and names ----------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", plain(text))


@functools.lru_cache(maxsize=65536)
def content_tokens(text: str) -> tuple[str, ...]:
    words = _words(text)
    return tuple(w for w in words if w not in STOPWORDS) or tuple(words)


def coverage(gold_text: str, system_text: str) -> float:
    """Share of the gold's content words that the system text holds, in the gold's order
    (longest common subsequence), so shared vocabulary alone does not make a match."""
    gold, system = content_tokens(gold_text), content_tokens(system_text)
    if not gold:
        return 0.0
    wanted = set(gold)
    system = tuple(w for w in system if w in wanted)
    previous = [0] * (len(system) + 1)
    for word in gold:
        current = [0]
        for j, other in enumerate(system):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(gold)


def same_name(gold: str, system: str) -> bool:
    """The same person: one name's words inside the other's, at least two of them shared
    ("Miguel Díaz-Canel" is "Miguel Díaz-Canel Bermúdez"; "Wang" is not "Wang Yi")."""
    g, s = set(_words(gold)), set(_words(system))
    if not g or not s:
        return False
    if g == s:
        return True
    smaller = g if len(g) <= len(s) else s
    return (g <= s or s <= g) and len(smaller) >= 2


def _label(name: str) -> str:
    return " ".join(w for w in _words(name) if w != "the")


def speaker_correct(gold: GoldQuote, system_speaker: str) -> bool:
    if not gold.speaker or not system_speaker:
        return not gold.speaker and not system_speaker
    if _label(gold.speaker) == _label(system_speaker):
        return True
    names = [n for n in system_speaker.split(";") if n.strip()]
    for group in (gold.speaker.split(";"), gold.members):
        group = [n for n in group if n.strip()]
        if len(group) == len(names) and all(any(same_name(g, n) for n in names) for g in group):
            return True
    return False


# --- loading ---------------------------------------------------------------------------------


def _members(notes: str) -> tuple[str, ...]:
    found = re.search(r"set:\s*([^;]+)", notes)
    if not found:
        return ()
    names = (re.sub(r"\([A-Z]{3}\)", "", n).strip() for n in found.group(1).split(","))
    return tuple(n for n in names if n and not re.fullmatch(r"[A-Z]{3}", n))


def _gold_text(lines: list[str], numbers: list[int], first: str, last: str) -> str:
    """The quote's full text: from its first words to its last words, on its lines."""
    joined = re.sub(r"\s+", " ", " ".join(lines[n - 1] for n in numbers))
    start = joined.find(first)
    end = joined.find(last, max(start, 0))
    if start < 0 or end < 0:
        return f"{first} {last}"
    return joined[start : end + len(last)]


def _document_lines(docs_dir: Path, doc: str) -> list[str]:
    path = next((p for p in sorted(Path(docs_dir).iterdir()) if same_document(doc, str(p))), None)
    if path is None:
        raise FileNotFoundError(f"no document for gold doc {doc!r} in {docs_dir}")
    return path.read_text(encoding="utf-8").split("\n")


def load_gold_quotes(gold_path: Path, docs_dir: Path) -> list[GoldQuote]:
    with Path(gold_path).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lines_of = {doc: _document_lines(docs_dir, doc) for doc in {r["doc"] for r in rows}}
    out = []
    for row in rows:
        numbers = [int(n) for n in row["lines"].split(";") if n.strip()]
        first = re.sub(r"\s+", " ", row["first_words"]).strip()
        last = re.sub(r"\s+", " ", row["last_words"]).strip()
        out.append(
            GoldQuote(
                doc=row["doc"],
                key=row["quote_id"],
                kind=row["kind"],
                speaker=row["speaker"].strip(),
                speaker_country=row["speaker_country"].strip(),
                members=_members(row.get("notes", "")),
                text=_gold_text(lines_of[row["doc"]], numbers, first, last),
                lines=(min(numbers), max(numbers)),
                statement_key=row.get("statement_key", "") or row["quote_id"],
                borderline="borderline" in row.get("notes", ""),
            )
        )
    return out


def _locate(document: str, line_starts: list[int], text: str, lo: int, hi: int) -> int | None:
    """Line (1-based) of the document where `text` begins, searched first inside [lo, hi)."""
    words = re.findall(r"\w+", text)[:8]
    if not words:
        return None
    pattern = re.compile(r"\W+".join(re.escape(w) for w in words))
    found = pattern.search(document, lo, hi) or pattern.search(document)
    if found is None:
        return None
    return _line_at(line_starts, found.start())


def _line_at(line_starts: list[int], offset: int) -> int:
    return bisect.bisect_right(line_starts, offset)


def load_system_quotes(data_dir: Path, docs_dir: Path) -> list[SystemQuote]:
    """The quotes of a build, each placed on the lines of its document where its text is."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        raise FileNotFoundError(f"no build in {data_dir}; run `python -m etl build` first")

    def read(name: str) -> list[dict]:
        return pq.read_table(manifest.table_path(data_dir, name)).to_pylist()

    articles = {a["article_id"]: a for a in read("articles")}
    paths = {d["doc_id"]: d["path"] for d in read("documents")}
    texts: dict[str, tuple[str, list[int]]] = {}
    out = []
    for row in _merged_fragments(read("quotes"), articles):
        article = articles[row["article_id"]]
        path = paths[article["doc_id"]]
        if path not in texts:
            document = (Path(docs_dir) / path).read_text(encoding="utf-8")
            starts = [0] + [m.end() for m in re.finditer("\n", document)]
            texts[path] = (document, starts)
        document, starts = texts[path]
        words = re.findall(r"\w+", row["text"])
        first = _locate(document, starts, row["text"], article["doc_start"], article["doc_end"])
        last = _locate(
            document, starts, " ".join(words[-8:]), article["doc_start"], article["doc_end"]
        )
        lines = (first, max(first, last or first)) if first is not None else None
        out.append(
            SystemQuote(
                doc=path,
                key=row["quote_id"],
                kind=row["kind"],
                speaker=row["speaker"] or "",
                speaker_country=row["speaker_country"] or "",
                text=row["text"],
                lines=lines,
                statement_id=row.get("statement_id") or row["quote_id"],
            )
        )
    return out


def _merged_fragments(rows: list[dict], articles: dict[str, dict]) -> list[dict]:
    """Consecutive direct fragments of one quote (same article and speaker, nothing but
    whitespace and quotation marks between them) become one row."""
    rows = sorted(rows, key=lambda r: (r["article_id"], r["span_start"]))
    out: list[dict] = []
    for row in rows:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous["kind"] == row["kind"] == "direct"
            and previous["article_id"] == row["article_id"]
            and previous["speaker"] == row["speaker"]
        ):
            text = articles[row["article_id"]]["text"]
            gap = text[previous["span_end"] : row["span_start"]]
            if not re.sub(r"[\s\"'“”‘’]", "", gap):
                out[-1] = {**previous, "span_end": row["span_end"],
                           "text": text[previous["span_start"] : row["span_end"]]}  # fmt: skip
                continue
        out.append(row)
    return out


# --- matching --------------------------------------------------------------------------------


def _exact(gold: GoldQuote, system: SystemQuote) -> bool:
    return _words(gold.text) == _words(system.text)


def _placed(gold: GoldQuote, system: SystemQuote) -> bool:
    """On the gold's lines, when the system quote could be placed in the document."""
    if system.lines is None:
        return True
    return system.lines[0] <= gold.lines[1] and gold.lines[0] <= system.lines[1]


def match_quotes(
    gold: list[GoldQuote], system: list[SystemQuote], threshold: float | None
) -> list[tuple[GoldQuote, SystemQuote]]:
    """One-to-one pairs; threshold None means exact text."""
    candidates = []
    for g in gold:
        for s in system:
            if not same_document(g.doc, s.doc) or not _placed(g, s):
                continue
            if threshold is None:
                if _exact(g, s):
                    candidates.append(((0.0, 0.0, g.key, s.key), g, s))
                continue
            cover = coverage(g.text, s.text)
            if cover >= threshold:
                # Of equal coverage, the system quote with less beyond the gold fits better.
                fit = coverage(s.text, g.text)
                candidates.append(((-cover, -fit, g.key, s.key), g, s))
    candidates.sort(key=lambda c: c[0])
    used_gold, used_system, pairs = set(), set(), []
    for _, g, s in candidates:
        if g.key in used_gold or s.key in used_system:
            continue
        used_gold.add(g.key)
        used_system.add(s.key)
        pairs.append((g, s))
    return pairs


def _scores(gold: list[GoldQuote], system: list[SystemQuote], pairs: list) -> Scores:
    return Scores(len(pairs), len(system) - len(pairs), len(gold) - len(pairs))


def evaluate_quotes(gold: list[GoldQuote], system: list[SystemQuote]) -> QuoteReport:
    docs = {g.doc for g in gold}
    system = [s for s in system if any(same_document(d, s.doc) for d in docs)]
    all_quotes, direct = {}, {}
    gold_direct = [g for g in gold if g.kind == "direct"]
    gold_mixed = [g for g in gold if g.kind == "mixed"]
    # A system direct quote that is the quoted fragment of a gold mixed quote is neither
    # right nor wrong for the direct-only score.
    system_direct = [
        s
        for s in system
        if s.kind == "direct"
        and not any(
            same_document(g.doc, s.doc) and _placed(g, s) and coverage(s.text, g.text) >= 0.5
            for g in gold_mixed
        )
    ]
    main_pairs: list[tuple[GoldQuote, SystemQuote]] = []
    for threshold in (*THRESHOLDS, None):
        label = "exact" if threshold is None else f"{threshold:.0%}"
        pairs = match_quotes(gold, system, threshold)
        all_quotes[label] = _scores(gold, system, pairs)
        direct[label] = _scores(
            gold_direct, system_direct, match_quotes(gold_direct, system_direct, threshold)
        )
        if threshold == MAIN_THRESHOLD:
            main_pairs = pairs
    n = len(main_pairs) or 1
    right = [(g, s) for g, s in main_pairs if speaker_correct(g, s.speaker)]
    matched_gold = {g.key for g, _ in main_pairs}
    matched_system = {s.key for _, s in main_pairs}
    statements_found = {g.statement_key for g, _ in main_pairs}
    statements = {g.statement_key for g in gold}
    clean_gold = [g for g in gold if not g.borderline]
    clean_pairs = [(g, s) for g, s in main_pairs if not g.borderline]
    borderline_system = {s.key for g, s in main_pairs if g.borderline}
    return QuoteReport(
        all_quotes=all_quotes,
        direct=direct,
        speaker_accuracy=len(right) / n,
        speaker_country_accuracy=sum(
            1 for g, s in main_pairs if g.speaker_country == s.speaker_country
        )
        / n,
        attribution=Scores(len(right), len(system) - len(right), len(gold) - len(right)),
        statements=Scores(
            len(statements_found),
            len(system) - len(main_pairs),
            len(statements) - len(statements_found),
        ),
        without_borderline=_scores(
            clean_gold, [s for s in system if s.key not in borderline_system], clean_pairs
        ),
        statement_links=_statement_links(main_pairs),
        pairs=main_pairs,
        misses=[g for g in gold if g.key not in matched_gold],
        false_hits=[s for s in system if s.key not in matched_system],
    )


def _statement_links(pairs: list[tuple[GoldQuote, SystemQuote]]) -> Scores:
    """Over pairs of matched quotes in a document: the system links two quotes as one
    statement (same statement_id) when the gold does (same statement_key)?"""
    links = Scores()
    for i, (g1, s1) in enumerate(pairs):
        for g2, s2 in pairs[i + 1 :]:
            if g1.doc != g2.doc:
                continue
            gold_same = g1.statement_key == g2.statement_key
            system_same = s1.statement_id == s2.statement_id
            if gold_same and system_same:
                links.tp += 1
            elif system_same:
                links.fp += 1
            elif gold_same:
                links.fn += 1
    return links


def format_quote_report(report: QuoteReport, title: str, show_lists: bool = True) -> str:
    def line(label: str, s: Scores) -> str:
        return (
            f"{label:<26} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
            f"  (tp {s.tp}, fp {s.fp}, fn {s.fn})"
        )

    lines = [
        f"== quotes, {title} (match: system text covers >= 50% of the gold's content words) =="
    ]
    lines.append(line("direct quotes", report.direct["50%"]))
    lines.append(line("all quotes", report.all_quotes["50%"]))
    lines.append(
        f"speaker accuracy on matched {report.speaker_accuracy:.3f}   "
        f"speaker country {report.speaker_country_accuracy:.3f}"
    )
    lines.append(line("attribution (end to end)", report.attribution))
    lines.append(line("distinct statements", report.statements))
    lines.append(line("all, without borderline", report.without_borderline))
    lines.append(line("repeats linked (pairs)", report.statement_links))
    for label in ("30%", "80%", "exact"):
        lines.append(line(f"direct at {label}", report.direct[label]))
        lines.append(line(f"all at {label}", report.all_quotes[label]))
    if show_lists:
        wrong = [(g, s) for g, s in report.pairs if not speaker_correct(g, s.speaker)]
        lines.append(f"wrong speaker ({len(wrong)}):")
        lines += [
            f"  ~ {g.key} gold {g.speaker or '?'} / system {s.speaker or '?'}: {g.text[:80]}"
            for g, s in wrong
        ]
        lines.append(f"misses ({len(report.misses)}):")
        lines += [f"  - {g.key} {g.kind} {g.speaker or '?'}: {g.text[:100]}" for g in report.misses]
        lines.append(f"false hits ({len(report.false_hits)}):")
        lines += [
            f"  + [{Path(s.doc).name[:3]}] {s.kind} {s.speaker or '?'}: {s.text[:100]}"
            for s in report.false_hits
        ]
    return "\n".join(lines)

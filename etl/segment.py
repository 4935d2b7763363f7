"""Segmentation: one document's text → the articles in it.

Pages come in three shapes, and one line-level model covers them all:

* a listing page: headline / one-paragraph summary pairs between navigation;
* a blog page of many posts: a title line, commentary, "Continue reading <title>", and often
  the original wire or ministry text again after "The following article was originally
  published by ...", with its own title and dateline ("BEIJING, Jan. 18 (Xinhua) —");
* a single article with site debris (breadcrumbs, teasers, comment forms) around it.

Every non-empty line is classified (title candidate, body, dateline, byline, marker, debris);
titles are candidates followed by body text, or named elsewhere on the page (a "Continue
reading" line or a breadcrumb); articles are a title and the body lines until the next title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from etl import dates as dates_mod
from etl.records import Article, Document, Entry, FileMeta, Warning
from etl.text import fold

_CONTINUE = re.compile(
    r"^\s*(?:Continue reading|Read more|Read the full (?:article|story))\s*[:\-–—]?\s*(?P<title>.*?)\s*[→»›]?\s*$",
    re.I,
)
_ORIGIN = re.compile(r"\b(?:originally|first)\s+(?:published|carried|appeared)\b", re.I)
_BULLET = re.compile(r"^\s*[•·▪●◦\-*–]\s+")
_BYLINE = re.compile(
    r"(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)|Source:\s*(?P<outlet>[^|·•]+?)\s*(?:[|·•]|$)", re.I
)
# Site furniture that is never article text, in any outlet's template.
_BOILERPLATE = re.compile(
    r"^(?:latest (?:news|headlines)|must read|related\b|read also|"
    r"read more|tags?|share (?:this|on)|follow us|subscribe|advertise|about us|contact us|"
    r"please enter your|leave a (?:reply|comment)|copyright|all rights reserved|photo:|"
    r"send your stories|get more from|you may also like|recommended|trending|"
    r"previous (?:article|post)|next (?:article|post)|sign up|log ?in|skip to content)",
    re.I,
)
# "... next year. Read more »": a link glued to the end of a summary line.
_TRAILING_LINK = re.compile(r"\s*(?:Read more|Continue reading|Full story|More)\s*[»›→]+\s*$", re.I)
# "Updated: March 26, 2024 21:40", "Posted on December 11, 2022 by R. Haddad",
# "Nairobi, Thursday, 18th January 2024", "Jakarta, 18 April 2024", "By Staff Reporter".
_META_PREFIX = re.compile(
    r"^(?:Updated|Published|Posted|Date|Released|Last updated|Issued|Modified)\b(?:\s+on)?\s*:?\s*",
    re.I,
)
_AUTHOR = re.compile(r"^By\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}$")
# A headline carrying its date in front: "[2023-11-07] Chinese ambassador meets ...".
_DATED_TITLE = re.compile(r"^\[(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)\]\s*")
_BOILERPLATE_ANYWHERE = re.compile(
    r"share (?:the news|this (?:article|story)) with|with your friends|cookie|newsletter", re.I
)
_TERMINAL = re.compile(r"[.!?…:,;][\"'”’)\]]*\s*$")
_TITLE_END_BAD = re.compile(r"[.,;:][\"'”’)\]]*\s*$")
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’\-]*")

KNOWN_OUTLETS = {
    # Abbreviations in datelines and bylines → the outlet's usual English name.
    "xinhua": "Xinhua News Agency",
    "xinhua news agency": "Xinhua News Agency",
    "mfa": "Chinese Foreign Ministry",
    "fmprc": "Chinese Foreign Ministry",
    "idcpc": "IDCPC",
    "cgtn": "CGTN",
    "china daily": "China Daily",
    "global times": "Global Times",
    "people's daily": "People's Daily",
    "tass": "TASS",
    "ap": "Associated Press",
    "afp": "AFP",
    "reuters": "Reuters",
    "kpl": "KPL Lao News Agency",
    "vna": "Vietnam News Agency",
}


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    kind: str = "body"  # title? | body | debris | continue | origin | byline
    blank_before: bool = True


@dataclass(slots=True)
class _Draft:
    title: str | None
    kind: str
    lines: list[_Line] = field(default_factory=list)
    parent: int | None = None  # index of the parent draft for embedded originals
    title_line: _Line | None = None  # the headline line, when the article has its own
    outlet: str | None = None
    published: date | None = None
    date_basis: str | None = None
    dateline: str | None = None
    title_source: str | None = None  # headline | post
    outlet_source: str | None = None  # dateline | byline | origin_note


# How a date read from the text was read (date_basis) → where it came from (date_source).
_DATE_SOURCE = {
    "byline": "byline",
    "dateline": "dateline",
    "dateline_weekday": "dateline",
    "inferred_year": "inferred",
}


def segment(document: Document) -> tuple[list[Article], list[Warning]]:
    """Split a document into articles. Pure: same document, same articles.

    A file that delimits its articles itself (feed items, table rows) gives one article per
    entry; a page's own metadata (HTML, PDF) then beats what the text suggests.
    """
    if document.entries:
        return _entry_articles(document)
    text = document.text
    lines = _classify(_lines(text))
    continued = {fold(t) for t in (_continue_title(ln.text) for ln in lines) if t}
    _mark_titles(lines, continued)
    drafts = _assemble(lines, continued)
    drafts = [d for d in drafts if not _is_teaser(d)]
    mission = _chinese_mission(lines)
    for draft in drafts:
        # A Chinese embassy's news page: its items are the mission's, named by its masthead.
        draft.outlet = draft.outlet or mission
    warnings: list[Warning] = []
    if not drafts and text.strip():
        warnings.append(Warning(document.doc_id, None, "segment", "no article text found"))
    articles = _to_articles(document, drafts)
    if document.meta is not None:
        articles = apply_file_meta(articles, document.meta)
    return articles, warnings


# "Embassy of the People's Republic of China in the Kingdom of Spain", "Chinese Embassy in
# Kenya", "Consulate General of China in Houston": the site of a Chinese diplomatic mission.
CHINESE_MISSION = re.compile(
    r"^(?:(?:the\s+)?(?:Embassy|Consulate[- ]General|Consulate|Mission)\s+of\s+(?:the\s+)?"
    r"(?:People['’]s\s+Republic\s+of\s+China|PRC|China)\b|Chinese\s+(?:Embassy|Consulate"
    r"(?:[- ]General)?|Mission)\b)",
    re.I,
)


def _chinese_mission(lines: list[_Line]) -> str | None:
    """The masthead of a Chinese mission's site, from the page's first lines."""
    for line in lines[:6]:
        if line.kind != "body" and len(line.text) < 140 and CHINESE_MISSION.match(line.text):
            return line.text
    return None


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    previous_blank = True
    position = 0
    for raw in text.split("\n"):
        start, position = position, position + len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            previous_blank = True
            continue
        if any(arrow in stripped for arrow in "»›→"):  # the link needs one; most lines have none
            stripped = _TRAILING_LINK.sub("", stripped).rstrip() or stripped
        lead = len(raw) - len(raw.lstrip())
        begin = start + lead
        out.append(_Line(begin, begin + len(stripped), stripped, blank_before=previous_blank))
        previous_blank = False
    return out


def _continue_title(line: str) -> str | None:
    match = _CONTINUE.match(line)
    return match.group("title") if match and match.group("title") else None


# "Related:" blocks list other reports of the same outlet; a dated headline there is a
# report in its own right ("- Wang Yi Meets with Australian Foreign Minister Penny Wong
# (2024-03-20)"), an undated one is navigation.
_RELATED_HEADER = re.compile(
    r"^(?:related(?: (?:news|stories|articles|reports))?|see also)\s*:?$", re.I
)
_RELATED_ITEM = re.compile(
    r"^\s*[•·▪●◦\-*–]\s+(?P<title>.{12,240}?)\s*\((?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)\)$"
)


_TABLE_ROW = re.compile(r"^\|(?:[^|]*\|){3,}\s*$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-{2,}:?\s*\|)+\s*$")


def _classify(lines: list[_Line]) -> list[_Line]:
    in_related = False
    for line in lines:
        text = line.text
        if _RELATED_HEADER.match(text):
            in_related = True
            line.kind = "debris"
            continue
        if in_related and _BULLET.match(text):
            line.kind = "related" if _RELATED_ITEM.match(text) else "debris"
            continue
        in_related = False
        if _TABLE_ROW.match(text):
            # A chronology's table row is one record of the text; its separator row is not.
            line.kind = "debris" if _TABLE_RULE.match(text) else "body"
            continue
        if _CONTINUE.match(text):
            line.kind = "continue"
        elif _ORIGIN.search(text) and len(text) < 400:
            line.kind = "origin"
        elif _is_metadata(text):
            line.kind = "byline"
        elif _is_boilerplate(text):
            line.kind = "debris"
        elif _BULLET.match(text) or _TERMINAL.search(text):
            line.kind = "body"
        elif _looks_like_title(text):
            line.kind = "title?"
        elif len(text) >= 150:
            line.kind = "body"
        else:
            line.kind = "debris"
    return lines


def _is_metadata(text: str) -> bool:
    """A byline or date line: a date (or author, or source) and little else."""
    if len(text) >= 120 or _DATED_TITLE.match(text):
        return False
    if _AUTHOR.match(text):
        return True
    if _BYLINE.search(text) and not _TERMINAL.search(text):
        return True
    full_dates = dates_mod.find_full_dates(text)
    if not full_dates:
        return False
    if _META_PREFIX.match(text) or re.match(r"By\s+[A-Z]", text):
        return True  # "By Wang Lei (People's Daily)  13:52, April 14, 2019"
    rest = text
    for mention in full_dates:
        rest = rest.replace(mention.text, " ")
    rest = re.sub(
        r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\d{1,2}:\d\d|GMT|UTC",
        " ",
        rest,
    )
    # What is left once dates, weekdays and times are gone: a few words, no sentence end.
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 3 and not re.search(
        r"[.!?…][\"'”’)\]]*$", rest.strip(" ,;:|\t")
    )


def _is_boilerplate(text: str) -> bool:
    if _BOILERPLATE.match(text) or text.count("|") >= 3 or text.count("•") >= 3:
        return True
    # Breadcrumbs: "Home > Minister > Activities", "Beranda / Berita / Siaran Pers".
    if len(text) < 120 and (text.count(" > ") >= 2 or text.count(" / ") >= 2):
        return True
    return len(text) < 200 and bool(_BOILERPLATE_ANYWHERE.search(text))


def _looks_like_title(text: str) -> bool:
    text = _DATED_TITLE.sub("", text)
    if len(text) < 12 or len(text) > 260 or _TITLE_END_BAD.search(text):
        return False
    words = _WORD.findall(text)
    if len(words) < 3 or text[0] in "([{":
        return False
    # A headline has some lower-case words ("Munich, February 14, 2025" and "ABOUT US" do not),
    # unless it is a long all-capitals headline of a press release.
    # Title Case headlines ("CPC Delegation Visits Cuba") count too; they must still be followed
    # by body text or a byline to be kept (_mark_titles).
    return (
        any(w[0].islower() for w in words)
        or (len(words) >= 5 and text.isupper())
        or (not text.isupper() and not dates_mod.find_dates(text))
    )


def _mark_titles(lines: list[_Line], continued: set[str]) -> None:
    """Keep a title candidate when body text follows it, or when the page names it elsewhere."""
    all_text = [fold(ln.text) for ln in lines]
    for i, line in enumerate(lines):
        if line.kind != "title?":
            continue
        folded = fold(line.text)
        named = folded in continued or any(d.endswith(folded) and d != folded for d in all_text)
        following = _next_meaningful(lines, i)
        if named or (following is not None and following.kind in ("body", "byline")):
            line.kind = "title"
        else:
            line.kind = "debris"
    # A teaser is a headline with a one-line truncated summary ("... resulted in..."): debris.
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if line.kind == "title" and nxt.kind == "body" and _is_truncated(nxt.text):
            line.kind = nxt.kind = "debris"


def _next_meaningful(lines: list[_Line], i: int) -> _Line | None:
    for line in lines[i + 1 :]:
        if line.kind != "debris":
            return line
    return None


def _is_truncated(text: str) -> bool:
    return len(text) < 300 and bool(re.search(r"(?:\.\.\.|…)\s*$", text))


def _assemble(lines: list[_Line], continued: set[str]) -> list[_Draft]:
    """Group lines into articles.

    A title named by a "Continue reading" line always opens a new post. After an "originally
    published" marker, the lines that follow are the embedded original(s); a marker that
    announces one article ("The following article was ...") holds exactly one, so the next
    title after it opens a new post even when that post has no "Continue reading" line.
    """
    has_posts = bool(continued)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    post_index: int | None = None  # the post whose embedded originals we are in
    originals_left = 0  # how many more embedded originals the marker announced
    origin_outlets: list[str] = []
    pending_meta: list[str] = []  # byline lines seen before the headline they belong to

    def open_draft(title_line: _Line | None) -> _Draft:
        nonlocal originals_left, post_index
        title = title_line.text if title_line else None
        dated = _DATED_TITLE.match(title) if title else None
        if dated:
            title = title[dated.end() :]
        if post_index is not None and originals_left > 0:
            originals_left -= 1
            parent_title = drafts[post_index].title
            draft = _Draft(title or parent_title, "embedded", parent=post_index)
            draft.title_source = "headline" if title else "post" if parent_title else None
            if len(origin_outlets) == 1:
                draft.outlet, draft.outlet_source = origin_outlets[0], "origin_note"
        else:
            post_index = None
            draft = _Draft(title, "post" if has_posts else "single")
            draft.title_source = "headline" if title else None
        draft.title_line = title_line
        if dated and (headline_date := _iso_date(dated.group("date"))) is not None:
            draft.published = headline_date
            draft.date_basis = "byline"
        for meta in pending_meta:
            _apply_byline(draft, meta)
        pending_meta.clear()
        if drafts and not drafts[-1].lines:
            # A kicker with its date line ("PRESS RELEASE" / "Nairobi, Thursday, 18th January
            # 2024") above the real headline: the date belongs to the article that follows.
            kicker = drafts[-1]
            draft.published = draft.published or kicker.published
            draft.date_basis = draft.date_basis or kicker.date_basis
            if draft.outlet is None:
                draft.outlet, draft.outlet_source = kicker.outlet, kicker.outlet_source
        drafts.append(draft)
        return draft

    for line in lines:
        if line.kind == "continue":
            current, post_index, originals_left, origin_outlets = None, None, 0, []
        elif line.kind == "origin":
            if current is not None:
                post_index = post_index if post_index is not None else drafts.index(current)
                origin_outlets = _outlets_named(line.text) or origin_outlets
                originals_left = (
                    1
                    if re.search(
                        r"\b(?:article|speech|text|report|statement) (?:was|is)\b|\bthe full text\b",
                        line.text,
                        re.I,
                    )
                    else 10**6
                )
                current = None  # the original starts with the next title or body line
        elif line.kind == "title":
            folded = fold(line.text)
            # An original often repeats its post's headline; any other named title is a post.
            same_as_post = post_index is not None and fold(drafts[post_index].title or "") == folded
            if folded in continued and not same_as_post:
                post_index, originals_left, origin_outlets = None, 0, []
            current = open_draft(line)
        elif line.kind == "related":
            item = _RELATED_ITEM.match(line.text)
            assert item is not None  # classified by the same pattern
            current = open_draft(None)
            current.title, current.title_source = item.group("title"), "headline"
            current.published = _iso_date(item.group("date"))
            current.date_basis = "byline" if current.published else None
            current.lines.append(
                _Line(line.start + item.start("title"), line.start + item.end("title"),
                      item.group("title"), line.blank_before)
            )  # fmt: skip
            current = None
        elif line.kind == "byline":
            # Right under a headline it is that article's; above one, the next article's.
            if current is not None and not current.lines:
                _apply_byline(current, line.text)
            else:
                pending_meta.append(line.text)
        elif line.kind == "body":
            if current is None:
                current = open_draft(None)
            if not current.lines:
                _apply_dateline(current, line.text)
            current.lines.append(line)
    if pending_meta and drafts and drafts[-1].published is None:
        for meta in pending_meta:  # a footer byline below the last article
            _apply_byline(drafts[-1], meta)
    drafts = [d for d in drafts if d.lines]
    if not has_posts:
        drafts = _merge_crossheads(drafts)
    _mark_listing(drafts, has_posts)
    return drafts


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # "[2024-02-30]" is no date


def _outlets_named(text: str) -> list[str]:
    match = re.search(
        r"(?:published|carried|appeared)\s+(?:on|by|in)\s+(?P<rest>.+?)(?:\.\s|\.$|$)", text
    )
    if not match:
        return []
    rest = re.sub(r"\bthe (?:official )?website of\b", "", match.group("rest"), flags=re.I)
    parts = re.split(r",\s*|\s+and\s+(?:by\s+|on\s+)?", rest)
    outlets = []
    for part in parts:
        name = re.sub(r"^(?:by|on|in)\s+", "", part.strip(), flags=re.I)
        name = re.sub(r"^the\s+", "", name, flags=re.I).strip(" .")
        if name and len(name) < 80:
            outlets.append(canonical_outlet(name))
    return outlets


def canonical_outlet(name: str) -> str:
    return KNOWN_OUTLETS.get(fold(name), name)


def _apply_dateline(draft: _Draft, first_line: str) -> None:
    dateline = dates_mod.parse_dateline(first_line)
    if dateline is None:
        return
    draft.dateline = dateline.text
    if dateline.outlet:
        draft.outlet, draft.outlet_source = canonical_outlet(dateline.outlet), "dateline"


def _apply_byline(draft: _Draft, text: str) -> None:
    full = dates_mod.find_full_dates(text)
    if full and draft.published is None:
        m = full[0]
        draft.published = date(m.year, m.month, m.day)  # type: ignore[arg-type]
        draft.date_basis = "byline"
    for match in _BYLINE.finditer(text):
        if match.group("outlet"):
            draft.outlet = canonical_outlet(match.group("outlet").strip())
            draft.outlet_source = "byline"


def _merge_crossheads(drafts: list[_Draft]) -> list[_Draft]:
    """Cross-heads ("Brussels: a joint statement after all") inside a dated article.

    On a page whose first article has its own date or dateline, a later headline with no date,
    dateline or byline of its own is a section of that article, not a new one. Listing pages
    (headline + summary, none dated) are left as they are.
    """
    if not drafts or (drafts[0].published is None and drafts[0].dateline is None):
        return drafts
    merged = [drafts[0]]
    for draft in drafts[1:]:
        own_date = draft.published or draft.dateline or draft.outlet
        if own_date or draft.title_line is None or draft.kind != "single":
            merged.append(draft)
            continue
        parent = merged[-1]
        parent.lines.append(draft.title_line)
        parent.lines.extend(draft.lines)
    return merged


def _mark_listing(drafts: list[_Draft], has_posts: bool) -> None:
    """Many short single-paragraph items with headlines, and no posts: a listing page."""
    if has_posts or len(drafts) < 3:
        return
    single_paragraph = sum(1 for d in drafts if len(d.lines) == 1 and d.title)
    if single_paragraph >= 0.6 * len(drafts):
        for d in drafts:
            d.kind = "listing_item"


def _is_teaser(draft: _Draft) -> bool:
    body = " ".join(line.text for line in draft.lines)
    return len(body) < 40 or (len(draft.lines) == 1 and _is_truncated(body))


def _to_articles(document: Document, drafts: list[_Draft]) -> list[Article]:
    text = document.text
    doc_latest = dates_mod.latest_full_date(text)
    articles: list[Article] = []
    ids: list[str] = []
    for ordinal, draft in enumerate(drafts):
        article_id = f"{document.doc_id}-{ordinal:03d}"
        ids.append(article_id)
        # The headline is part of the article text: it is often the only place that names
        # every country of a round of meetings ("Xi meets leaders from ...").
        kept = ([draft.title_line] if draft.title_line else []) + draft.lines
        start, end = kept[0].start, kept[-1].end
        # Paragraphs kept, debris between them (teasers, "READ ALSO", bylines) left out.
        body = "\n\n".join(line.text for line in kept)
        published, basis = draft.published, draft.date_basis
        if published is None and draft.dateline is not None:
            published, basis = _dateline_date(draft, doc_latest)
        parent_id = ids[draft.parent] if draft.parent is not None else None
        articles.append(
            Article(
                article_id=article_id,
                doc_id=document.doc_id,
                ordinal=ordinal,
                kind=draft.kind,
                parent_article_id=parent_id,
                title=draft.title,
                published=published,
                date_basis=basis,
                dateline=draft.dateline,
                outlet=draft.outlet,
                text=body,
                doc_start=start,
                doc_end=end,
                context_year=doc_latest.year if doc_latest else dates_mod.masthead_year(text),
                document_latest=doc_latest,
                title_source=draft.title_source if draft.title else None,
                date_source=_DATE_SOURCE.get(basis or "") if published else None,
                outlet_source=draft.outlet_source if draft.outlet else None,
            )
        )
    return articles


def apply_file_meta(articles: list[Article], meta: FileMeta) -> list[Article]:
    """A page's own title, date, site and URL over what its text suggests.

    They describe the page's article: the one whose headline is the page's title, or the only
    one on the page. Every article read on the page gets its URL; a post without an outlet of
    its own takes the site's name; a page's date gives undated articles their context year.
    """
    top = [a for a in articles if a.kind != "embedded"]
    main = next(
        (a for a in articles if a.title and meta.title and fold(a.title) == fold(meta.title)),
        top[0] if len(top) == 1 else None,
    )
    out = []
    for article in articles:
        changes: dict[str, object] = {}
        if meta.url:
            changes.update(url=meta.url, url_source=meta.source)
        if article is main:
            if meta.title:
                changes.update(title=meta.title, title_source=meta.source)
            if meta.published:
                changes.update(
                    published=meta.published, date_basis="metadata", date_source=meta.source
                )
            if meta.outlet:
                changes.update(outlet=meta.outlet, outlet_source=meta.source)
        elif meta.outlet and article.outlet is None and article.kind != "embedded":
            changes.update(outlet=meta.outlet, outlet_source=meta.source)
        if meta.published and article.context_year is None:
            changes.update(context_year=meta.published.year)
        out.append(replace(article, **changes) if changes else article)
    return out


def _entry_articles(document: Document) -> tuple[list[Article], list[Warning]]:
    """One article per entry the file delimits (feed item, record, row), in file order."""
    lines = _lines(document.text)
    # An entry without a full date of its own takes its year context from the whole file.
    doc_latest = dates_mod.latest_full_date(document.text)
    articles: list[Article] = []
    warnings: list[Warning] = []
    i = 0
    for number, entry in enumerate(document.entries, start=1):
        while i < len(lines) and lines[i].start < entry.start:
            i += 1
        j = i
        while j < len(lines) and lines[j].start < entry.end:
            j += 1
        own = _classify(lines[i:j])
        i = j
        latest = dates_mod.latest_full_date(document.text[entry.start : entry.end])
        article = _entry_article(document, entry, own, len(articles), latest or doc_latest)
        if article is None:
            warnings.append(
                Warning(document.doc_id, None, "segment", f"{document.path}: entry {number} has no article text")
            )  # fmt: skip
            continue
        articles.append(article)
    return articles, warnings


def _entry_article(
    document: Document, entry: Entry, lines: list[_Line], ordinal: int, latest: date | None
) -> Article | None:
    meta = entry.meta
    draft = _Draft(meta.title, "single")
    body = lines
    if body and meta.title and fold(body[0].text) == fold(meta.title):
        draft.title_line, body = body[0], body[1:]
    elif body and not meta.title and body[0].kind == "title?" and len(body) > 1:
        draft.title_line, body = body[0], body[1:]
        draft.title, draft.title_source = draft.title_line.text, "headline"
    for line in body:
        if line.kind in ("debris", "continue"):
            continue
        if line.kind == "byline":
            _apply_byline(draft, line.text)
            continue
        if not draft.lines:
            _apply_dateline(draft, line.text)
        draft.lines.append(line)
    kept = ([draft.title_line] if draft.title_line else []) + draft.lines
    if not kept:
        return None
    published, basis, date_source = meta.published, "metadata", meta.source
    if published is None:
        published, basis = draft.published, draft.date_basis
        if published is None and draft.dateline is not None:
            published, basis = _dateline_date(draft, latest)
        date_source = _DATE_SOURCE.get(basis or "") if published else None
    title, title_source = (
        (meta.title, meta.source) if meta.title else (draft.title, draft.title_source)
    )
    outlet, outlet_source = (
        (meta.outlet, meta.source) if meta.outlet else (draft.outlet, draft.outlet_source)
    )
    block = document.text[entry.start : entry.end]
    return Article(
        article_id=f"{document.doc_id}-{ordinal:03d}",
        doc_id=document.doc_id,
        ordinal=ordinal,
        kind="single",
        parent_article_id=None,
        title=title,
        published=published,
        date_basis=basis if published else None,
        dateline=draft.dateline,
        outlet=outlet,
        text="\n\n".join(line.text for line in kept),
        doc_start=kept[0].start,
        doc_end=kept[-1].end,
        context_year=(published or latest).year if (published or latest) else dates_mod.masthead_year(block),
        document_latest=latest,
        url=meta.url,
        title_source=title_source if title else None,
        date_source=date_source,
        outlet_source=outlet_source if outlet else None,
        url_source=meta.source if meta.url else None,
    )  # fmt: skip


def _dateline_date(draft: _Draft, doc_latest: date | None) -> tuple[date | None, str | None]:
    body = "\n".join(line.text for line in draft.lines)
    dateline = dates_mod.parse_dateline(body)
    if dateline is None:
        return None, None
    # The document's latest full date, not the article's: an anniversary piece may write
    # only the historical date ("January 18, 1950") in full.
    fallback = doc_latest or dates_mod.latest_full_date(body)
    year, basis = dates_mod.dateline_year(dateline, body, fallback.year if fallback else None)
    if year is None:
        return None, None
    try:
        return date(year, dateline.month, dateline.day), basis
    except ValueError:
        return None, None

"""Regular expressions that match exactly what `re` matches, faster.

Python's regex engine tries every alternative of a pattern at every position of a text unless
the pattern opens with a plain character or class, and re.IGNORECASE makes every comparison
slow. The extractors run dozens of patterns over every sentence, so:

- :func:`fast_regex` compiles a pattern led by a lookahead of the characters its matches can
  start with (worked out from the parsed pattern), so most positions are rejected at once;
- :func:`lower_for_matching` gives the lower-cased text in which lower-case words can be
  searched case-sensitively, where that finds what re.IGNORECASE would.

Both are speed-ups only: tests/test_text_speedups.py checks them against plain `re`.
"""

from __future__ import annotations

import re
import re._constants as _sre  # CPython's own regex parser, to read a pattern's first characters
import re._parser as _sre_parser
from collections.abc import Iterable

# Letters that re.IGNORECASE takes for an ASCII letter but str.lower() does not turn into one:
# Turkish dotted capital I and dotless i, the long s, the Kelvin sign.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def lower_for_matching(text: str) -> str | None:
    """text.lower(), for matching lower-case words where re.IGNORECASE would be slow: the
    same positions and the same matches as re.IGNORECASE on ASCII words. None for the rare
    text where that does not hold (it holds a letter of _CASE_TRAPS): match it the slow way."""
    if _CASE_TRAPS.search(text):
        return None
    return text.lower()


def fast_regex(pattern: str, flags: int = 0, *, always: bool = False) -> re.Pattern[str]:
    """re.compile, matching exactly the same, but quick to reject the positions no match can
    start at: a pattern that does not open with a plain character or class (an alternation of
    words, a lookbehind, anything case-insensitive) is led by a lookahead of its first
    characters (see first_char_lookahead). For the extractors' fixed patterns, not for the
    gazetteers' large generated ones (they would be parsed a second time here).

    `always`: lead it even where the rule of thumb would not (a pattern that opens with a
    class, or whose first characters are many), for patterns measured to gain anyway."""
    items = _parsed(pattern, flags)
    if items is None or _anchored(items):
        return re.compile(pattern, flags)  # unparsed here, or tried at the start only
    if not always and not flags & re.IGNORECASE and _opens_plainly(items):
        return re.compile(pattern, flags)  # the engine already skips ahead by itself
    lead = _lookahead(items, flags, selective=not always)
    return re.compile(lead + pattern, flags)


def _parsed(pattern: str, flags: int) -> list | None:
    """The pattern as CPython's parser sees it; None for global inline flags ("(?i)...":
    nothing may stand before them) or anything the parser refuses."""
    if _GLOBAL_FLAGS.match(pattern):
        return None
    try:
        return _sre_parser.parse(pattern, flags).data
    except Exception:  # the parser is CPython's own; any surprise just skips the speed-up
        return None


def _anchored(items: list) -> bool:
    return items[:1] in ([(_sre.AT, _sre.AT_BEGINNING)], [(_sre.AT, _sre.AT_BEGINNING_STRING)])


def _opens_plainly(items: list) -> bool:
    while items and items[0][0] is _sre.SUBPATTERN:
        items = items[0][1][3].data
    if not items:
        return True
    op, av = items[0]
    if op is _sre.BRANCH:
        return all(branch.data and branch.data[0][0] is _sre.LITERAL for branch in av[1])
    return op in (_sre.LITERAL, _sre.IN)


def first_char_lookahead(pattern: str, flags: int = 0, *, selective: bool = True) -> str:
    """A lookahead ``(?=[...])`` of the characters any match of `pattern` can start with, to
    put in front of it: the regex engine then rejects most positions of a text at once
    instead of trying every alternative there. A speed-up only: "" when the set is unknown
    (a pattern that can match the empty string, or an unusual construct)."""
    items = _parsed(pattern, flags)
    return "" if items is None else _lookahead(items, flags, selective=selective)


def _lookahead(items: list, flags: int, *, selective: bool) -> str:
    first = _first_chars(items)
    if first is None or first[1]:
        return ""
    return lookahead_of(first[0], ignore_case=bool(flags & re.IGNORECASE), selective=selective)


def lookahead_of(
    members: Iterable[str], *, ignore_case: bool = False, selective: bool = True
) -> str:
    """A lookahead ``(?=[...])`` of these characters (or classes such as ``\\d``), both cases
    of each letter with `ignore_case`. "" when there are none, or (when `selective`) when it
    would let through more than a dozen lower-case letters: most positions of English text
    would pass anyway."""
    members = set(members)
    if ignore_case:
        members = {c for m in members for c in ({m, m.lower(), m.upper()} if len(m) == 1 else {m})}
    if not members or (selective and sum(m.islower() for m in members) > 12):
        return ""
    escaped = sorted(m if len(m) > 1 else re.escape(m) for m in members)
    return "(?=[" + "".join(escaped) + "])"


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
# Classes that can lead the lookahead as they are; \w and the negated ones let too much through.
_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s"}


def _first_chars(items: list) -> tuple[set[str], bool] | None:
    """What a parsed sequence can start with (characters, and classes such as \\d), and
    whether it can match without consuming a character; None when unknown."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            return out | {chr(av)}, False
        if op is _sre.IN:
            for kind, value in av:
                if kind is _sre.LITERAL:
                    out.add(chr(value))
                elif kind is _sre.RANGE and value[1] - value[0] < 512:
                    out |= {chr(c) for c in range(value[0], value[1] + 1)}
                elif kind is _sre.CATEGORY and value in _CATEGORIES:
                    out.add(_CATEGORIES[value])
                else:  # \w, a negated set, a wide range: too much to list
                    return None
            return out, False
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero width: the match starts with what follows
        if op is _sre.BRANCH:
            parts = [_first_chars(branch.data) for branch in av[1]]
        elif op is _sre.SUBPATTERN:
            if av[1] or av[2]:
                return None  # a group with flags of its own, "(?i:...)": not worked out here
            parts = [_first_chars(av[3].data)]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            sub = _first_chars(av[2].data)
            parts = [sub, (set(), True)] if av[0] == 0 else [sub]
        else:
            return None
        if any(part is None for part in parts):
            return None
        for chars, _ in parts:  # type: ignore[misc]
            out |= chars
        if not any(nullable for _, nullable in parts):  # type: ignore[misc]
            return out, False
        # The part can match nothing: what follows may start the match too.
    return out, True

"""Small text utilities shared by the stages: normalisation and sentence splitting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

# Dashes of every width that news text uses between two names ("China–Laos", "China — Russia").
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_CLASS = "[" + re.escape(DASHES) + "]"

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        **{d: "-" for d in DASHES[1:]},
        "\u00a0": " ",
    }
)


def plain_punctuation(text: str) -> str:
    """Curly quotes straight, dashes as '-', NBSP as space: one character for one."""
    return text.translate(_QUOTE_MAP)


APOSTROPHES = "'’"


def alternation(words: Iterable[str], *, ignore_case: bool = False) -> str:
    """A regex matching any of `words`, the longest first, as a character trie.

    It matches exactly what ``"|".join(sorted(words, key=len, reverse=True))`` (each word
    escaped) matches, including after backtracking, but Python's re tries one branch per
    character instead of every word, which makes gazetteers of thousands of names fast.
    Straight and curly apostrophes are interchangeable, as everywhere in names. With
    `ignore_case`, compile the pattern with re.IGNORECASE.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            key = "'" if char in APOSTROPHES else char
            if ignore_case and len(key.lower()) == 1:
                key = key.lower()
            node = node.setdefault(key, {})
        node[""] = {}  # a word ends here

    def branch(char: str) -> str:
        return "['’]" if char == "'" else re.escape(char)

    def build(node: dict[str, dict]) -> str:
        branches = [branch(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longer words first: the shorter one ending here is tried only when they fail.
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def occurrences(text: str, literal: str) -> Iterator[int]:
    """Where `literal` starts in text, left to right, without overlaps: what
    ``re.finditer(re.escape(literal), text)`` finds, without compiling a pattern per name."""
    if not literal:
        return
    at = text.find(literal)
    while at >= 0:
        yield at
        at = text.find(literal, at + len(literal))


def is_word_char(char: str) -> bool:
    """What ``\\w`` matches: letters and digits of any script, and the underscore."""
    return char.isalnum() or char == "_"


def contains_word(text: str, phrase: str) -> bool:
    """`phrase` occurs in text with no word character either side: ``(?<!\\w)phrase(?!\\w)``."""
    if not phrase:
        return False
    at = text.find(phrase)
    while at >= 0:  # every start, overlapping ones too, as re.search tries them
        end = at + len(phrase)
        if (at == 0 or not is_word_char(text[at - 1])) and (
            end == len(text) or not is_word_char(text[end])
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


# A name's word: letters, digits, apostrophes and hyphens ("O'Brien", "Okonjo-Iweala").
NAME_WORD = re.compile(r"[\w’'-]+")


@lru_cache(maxsize=64)
def name_words(text: str) -> frozenset[str]:
    """Every whole name word of text, as written. A word made of name-word characters is in
    the set exactly when ``(?<![\\w’'-])word(?![\\w’'-])`` matches the text."""
    return frozenset(NAME_WORD.findall(text))


def fold(text: str) -> str:
    """Straight quotes, ASCII hyphens, single spaces, lower case: for comparing, never for storing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_MAP)
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offsets into the text the sentence was split from
    end: int
    text: str


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "rev", "st", "sr", "jr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "nos", "vol", "art", "para", "fig", "inc", "ltd", "co", "corp", "vs", "etc", "e.g",
    "i.e", "h.e", "u.s", "u.k", "u.n", "u.s.a", "d.c", "p.m", "a.m", "approx", "dept", "est",
    "govt", "hon", "excellency",
}  # fmt: skip

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9À-Ý•]")


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Split text into sentences, keeping character offsets.

    Paragraph breaks always end a sentence. Inside a paragraph a boundary needs terminal
    punctuation followed by a capital, and is skipped after known abbreviations and
    initials ("U.S.", "Jan. 18", "H.E. Wang Yi").
    """
    # Every extractor splits the same article: remember the last few.
    return list(_split_sentences(text, offset))


_PARAGRAPH = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"([A-Za-z.]+)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


@lru_cache(maxsize=16)
def _split_sentences(text: str, offset: int) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        p_start, p_text = para.start(), para.group()
        cursor = 0
        for match in _BOUNDARY.finditer(p_text):
            end = match.end()
            if not _NEXT_STARTS_SENTENCE.match(p_text, end):
                continue
            if _is_abbreviation(p_text, match.start()):
                continue
            _append(sentences, text, p_start + cursor, p_start + end, offset)
            cursor = end
        _append(sentences, text, p_start + cursor, p_start + len(p_text), offset)
    return tuple(sentences)


def _is_abbreviation(paragraph: str, dot_index: int) -> bool:
    if paragraph[dot_index] != ".":
        return False
    word = _LAST_WORD.search(paragraph[:dot_index])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    # Single initials ("J. Smith") and dotted acronyms ("U.S") do not end sentences.
    return len(token) == 1 or bool(_DOTTED.fullmatch(token))


def _append(out: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start + offset, end + offset, text[start:end]))


# Function words: they carry no content when two texts are compared word by word.
STOPWORDS = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "for", "by", "with", "from",
    "as", "is", "are", "was", "were", "be", "been", "being", "that", "this", "these", "those",
    "it", "its", "their", "his", "her", "he", "she", "they", "we", "our", "us", "i", "you",
    "which", "who", "whom", "will", "would", "should", "can", "could", "has", "have", "had",
    "not", "no", "but", "also", "into", "than", "so", "such", "there",
})  # fmt: skip


def plain(text: str) -> str:
    """Folded text without diacritics ("Nicolás" is "nicolas"), for comparing words and names."""
    folded = fold(text)
    if folded.isascii():
        return folded  # nothing to strip (most English text)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

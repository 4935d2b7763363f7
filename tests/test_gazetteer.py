"""Countries by name, official and short form, demonym, capital and compound; organisations apart."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import gazetteer
from etl.text import alternation


def codes(text: str) -> list[str]:
    return [m.code for m in gazetteer.find_countries(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wang Yi met the Vietnamese Deputy Prime Minister", ["VNM"]),
        ("relations with the DPRK and the ROK", ["PRK", "KOR"]),
        ("Türkiye and Turkey and Turkish", ["TUR", "TUR", "TUR"]),
        ("Côte d'Ivoire and Côte d’Ivoire", ["CIV", "CIV"]),
        ("the Lao PDR and the Lao People's Democratic Republic", ["LAO", "LAO"]),
        ("the China-Vietnam relationship", ["CHN", "VNM"]),
        ("Laos–China railway", ["LAO", "CHN"]),
        ("China—Pakistan ties", ["CHN", "PAK"]),
        ("President of Uruguay", ["URY"]),
        ("talks in Hanoi", ["VNM"]),
        ("Papua New Guinea is not Guinea-Bissau", ["PNG", "GNB"]),
        ("Equatorial Guinea", ["GNQ"]),
        ("Nigeria and Niger", ["NGA", "NER"]),
    ],
)
def test_countries_are_found_in_every_form_a_news_text_uses(text, expected):
    assert codes(text) == expected


def test_short_upper_case_forms_do_not_match_ordinary_words():
    assert codes("let us meet in the US") == ["USA"]


def test_regions_and_seas_named_after_countries_are_not_the_countries():
    assert codes("Latin American countries and the Indian Ocean and the South China Sea") == []


def test_ruling_parties_name_their_country():
    assert codes("a delegation of the Broad Front") == ["URY"]


def test_organisations_are_counterparts_of_their_own_kind_not_countries():
    orgs = [
        m.code for m in gazetteer.find_organisations("the SCO, ASEAN, the African Union and the UN")
    ]
    assert orgs == ["SCO", "ASEAN", "AU", "UN"]
    assert codes("the African Union") == []


def test_china_and_its_regions_are_recognised_so_they_can_be_excluded():
    found = set(codes("China, Taiwan, Hong Kong and Macao"))
    assert found == {"CHN", "TWN", "HKG", "MAC"} == set(gazetteer.CHINESE_REGIONS)


def test_every_un_region_is_known_for_every_country_with_a_boundary():
    countries = gazetteer.countries()
    assert len(countries) >= 240
    assert countries["URY"].region == "Americas"
    assert countries["VNM"].subregion == "South-eastern Asia"
    assert countries["NAM"].iso2 == "NA"


# The gazetteer pattern is a character trie for speed; it must match exactly what the plain
# longest-first alternation of the aliases matches (apostrophes interchangeable), wherever
# the text cuts a name short.
_WORDS = st.sampled_from(["Guinea", "Guinea-Bissau", "Papua New Guinea", "New", "Niger", "Nigeria",
                          "Côte d'Ivoire", "Côte d’Ivoire", "US", "U.S.", "USA", "Ivory"])  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    aliases=st.lists(_WORDS, min_size=1, max_size=8, unique=True),
    pieces=st.lists(st.one_of(_WORDS, st.sampled_from([" ", "-", "n", "ia", "’", "'", ". "]))),
    ignore_case=st.booleans(),
)
def test_the_trie_pattern_matches_what_the_plain_alternation_matches(aliases, pieces, ignore_case):
    flags = re.IGNORECASE if ignore_case else 0
    plain = "|".join(
        re.sub("['’]", "['’]", re.escape(a)) for a in sorted(set(aliases), key=len, reverse=True)
    )
    text = "".join(pieces)
    expected = [m.span() for m in re.finditer(rf"(?<!\w)(?:{plain})(?!\w)", text, flags)]
    trie = alternation(aliases, ignore_case=ignore_case)
    assert [m.span() for m in re.finditer(rf"(?<!\w)(?:{trie})(?!\w)", text, flags)] == expected

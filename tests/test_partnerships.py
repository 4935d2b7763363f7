"""Partnership designation promises: every wording of the ladder, attribution, rhetoric,
follow-ups and upgrades, each on a passage the way readouts and wire stories write it."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from test_extraction import article

from etl import gazetteer
from etl.partnerships import (
    extract_partnerships,
    ladder,
    ladder_order,
    reference_designations,
    tier_label,
)


def designations(text: str, year: int = 2025) -> list[tuple[str, str | None, str]]:
    """(country, tier or None for the community framework, status) of each mention."""
    a, ctx = article(text, year=year)
    return [(p.country, p.tier, p.status) for p in extract_partnerships(a, ctx)]


def tiers_of(text: str) -> set[tuple[str, str | None]]:
    return {(country, tier) for country, tier, _ in designations(text)}


# --- the ladder: every wording and spelling the reference note lists ------------------------

WORDINGS = {
    "comprehensive_strategic_coordination": [
        "comprehensive strategic partnership of coordination",
        "comprehensive strategic partnership of coordination for a new era",
        "comprehensive strategic partnership of coordination for the new era",
        "comprehensive strategic partnership of coordination in the new era",
        "Comprehensive Strategic Partnership of Coordination for a New Era",
        "strategic partnership of coordination",
        "partnership of strategic coordination",
    ],
    "all_weather_or_permanent": [
        "all-weather strategic cooperative partnership",
        "All-Weather Strategic Cooperative Partnership",
        "all weather strategic cooperative partnership",
        "all-weather strategic partnership of cooperation",
        "all–weather comprehensive strategic partnership",
        "all-weather comprehensive strategic partnership for a new era",
        "all-weather comprehensive strategic partnership for the new era",
        "all-weather partnership for a new era",
        "all-weather strategic partnership",
        "all-weather and all-round strategic partnership",
        "strategic partnership against all odds",
        "permanent comprehensive strategic partnership",
        "eternal comprehensive strategic partnership",
        "everlasting comprehensive strategic partnership",
        "eternal all-round strategic partnership",
        "unfailing comprehensive strategic partnership for the new epoch",
    ],
    "comprehensive_strategic_cooperative": [
        "comprehensive strategic cooperative partnership",
        "Comprehensive Strategic Cooperative Partnership",
        "comprehensive strategic partnership of cooperation",
        "comprehensive strategic cooperation partnership",
        "comprehensive and strategic cooperative partnership",
        "comprehensive strategic and cooperative partnership",
        "comprehensive strategic cooperative partnership in the new era",
        "comprehensive strategic cooperative partnership for a new era",
        "all-round strategic cooperative partnership in the new era",
    ],
    "comprehensive_strategic": [
        "comprehensive strategic partnership",
        "comprehensive strategic partnership for a new era",
        "comprehensive strategic partnership in the new era",
        "comprehensive-strategic partnership",
        "global comprehensive strategic partnership for the 21st century",
        "comprehensive strategic partnership featuring mutual respect and common development",
        "global strategic partnership",
        "complete strategic partnership",
        "all-round strategic partnership",
        "all-around strategic partnership",
        "all round strategic partnership",
    ],
    "strategic_cooperative": [
        "strategic cooperative partnership",
        "strategic partnership of cooperation",
        "strategic and cooperative partnership",
        "strategic cooperation partnership",
        "strategic partnership of cooperation featuring ever-lasting friendship",
        "strategic cooperative relationship",
        "comprehensive strategic cooperative relations",
    ],
    "strategic": [
        "strategic partnership",
        "Strategic Partnership",
        "innovative strategic partnership",
        "strategic innovative partnership",
        "friendly strategic partnership",
        "mutually beneficial strategic partnership",
        "strategic partnership for mutual benefit",
        "new type of strategic partnership",
        "new-type strategic partnership",
    ],
    "comprehensive_cooperative": [
        "comprehensive cooperative partnership",
        "comprehensive partnership of cooperation",
        "comprehensive cooperation partnership",
        "all-round cooperative partnership",
        "all-around partnership featuring equality, mutual trust and win-win cooperation",
        "open and pragmatic comprehensive cooperative partnership",
        "all-round friendly and cooperative partnership",
        "comprehensive friendly cooperative partnership",
        "innovative comprehensive partnership",
        "comprehensive innovation partnership",
        "all-round high-quality future-oriented partnership",
        "comprehensive, high-quality and forward-looking partnership",
        "all-round and high-quality forward-looking partnership",
    ],
    "cooperative": [
        "cooperative partnership",
        "friendly cooperative partnership",
        "friendly partnership",
        "future-oriented new-type cooperative partnership",
        "partnership of cooperation",
    ],
    "non_partnership_relationship": [
        "strategic mutually beneficial relationship",
        "mutually beneficial relationship based on common strategic interests",
        "strategic relationship of mutual benefit",
    ],
}


@pytest.mark.parametrize(
    ("wording", "tier"),
    [(wording, tier) for tier, wordings in WORDINGS.items() for wording in wordings],
)
def test_every_wording_of_a_rung_is_read_as_that_rung(wording, tier):
    text = f"Xi said China is ready to deepen the {wording} between China and Kenya."
    assert tiers_of(text) == {("KEN", tier)}


def _reference_labels() -> list[tuple[str, str, str]]:
    """(country, label, tier) of every reference row that quotes a label: the note in brackets
    dropped; rows without a label (inferred, "no partnership", outside the ladder) left out."""
    out = []
    for row in reference_designations():
        label = re.sub(r"\s*\(.*?\)", "", row.designation)
        if 1 <= row.tier_rank <= 9 and re.search(r"(?:partnership|relationship)$", label):
            out.append((row.country, label, row.tier))
    return out


@pytest.mark.parametrize(("country", "label", "tier"), _reference_labels())
def test_every_label_of_the_reference_table_is_read_as_its_reference_rung(country, label, tier):
    name = gazetteer.country_name(country)
    text = f"Both sides pledged to deepen the {label} between China and {name}."
    assert tiers_of(text) == {(country, tier)}


def test_a_community_rows_missing_tier_has_a_blank_label():
    assert [tier_label(t) for t in (None, float("nan"), "")] == ["", "", ""]
    assert tier_label("strategic") == "Strategic partnership"


def test_the_ladder_runs_from_the_closest_rung_down_and_keeps_outside_last():
    ranks = {t.tier: t.rank for t in ladder().values()}
    ordered = sorted(ranks, key=lambda tier: ladder_order(ranks[tier]))
    assert ordered[:3] == [
        "comprehensive_strategic_coordination",
        "all_weather_or_permanent",
        "comprehensive_strategic_cooperative",
    ]
    assert ordered[-1] == "outside_ladder"


def test_a_compound_inside_the_designation_keeps_its_leading_qualifier():
    text = (
        "Both sides will advance the all-weather China-Pakistan strategic cooperative partnership."
    )
    a, ctx = article(text, year=2025)
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.country, mention.tier) == ("PAK", "all_weather_or_permanent")
    assert mention.phrase == "all-weather China-Pakistan strategic cooperative partnership"


def test_the_phrase_as_written_starts_at_the_pair_it_names():
    text = (
        "China will take the China-Bolivia strategic partnership to new heights and build an "
        "all-weather Cambodia-China community with a shared future in the new era."
    )
    a, ctx = article(text, year=2025)
    phrases = [text[p.span_start : p.span_end] for p in extract_partnerships(a, ctx)]
    assert phrases == [
        "China-Bolivia strategic partnership",
        "all-weather Cambodia-China community with a shared future in the new era",
    ]


def test_unicode_spaces_inside_a_designation_are_spaces():
    text = "China and Mongolia will deepen their comprehensive\u2002strategic\u00a0partnership."
    assert tiers_of(text) == {("MNG", "comprehensive_strategic")}


# --- friendship rhetoric is not a tier -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Xi said China and Pakistan are all-weather friends and iron brothers.",
        "The all-weather friendship between China and Zimbabwe has stood the test of time.",
        "Hun Manet said the ironclad friendship between Cambodia and China is unbreakable.",
        "Serbia and China enjoy a steel friendship, Vucic said.",
        "China and Cuba are good comrades, good friends and good brothers.",
        "Zardari said Pakistan and China are all-weather good friends and partners.",
        "China will always be a trustworthy and reliable partner of Uganda.",
        "Wang Yi described Russia as China's most important strategic partner.",
        "Kenya regards China as a strategic partner.",
        "China and Brazil are cooperative partners in the Global South.",
        "He congratulated Bolivia on becoming a BRICS partner country.",
        "Ireland is willing to develop a closer partnership with China.",
        "China and Kenya launched a Belt and Road cooperation partnership programme.",
    ],
)
def test_friendship_rhetoric_and_praise_are_not_a_tier(text):
    assert [t for t in tiers_of(text) if t[1] is not None] == []


# --- attribution ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Laos–China comprehensive strategic cooperative partnership is at its best.", "LAO"),
        ("Both sides hailed the Sino-Russian comprehensive strategic partnership of "
         "coordination.", "RUS"),
        ("Wang said the China-Pakistan all-weather strategic cooperative partnership is solid.",
         "PAK"),
        ("Pakistan's all-weather strategic cooperative partnership with China is solid.", "PAK"),
        ("France and China are comprehensive strategic partners, Macron said.", "FRA"),
        ("The comprehensive strategic partnership between China and Egypt keeps growing.", "EGY"),
        ("Xi said China is ready to work with South Africa to deepen the China-South Africa "
         "all-round strategic cooperative partnership in the new era.", "ZAF"),
    ],
)  # fmt: skip
def test_the_partner_is_the_country_named_with_china(text, expected):
    assert {country for country, _ in tiers_of(text)} == {expected}


def test_with_several_countries_the_pair_with_china_in_the_clause_names_the_partner():
    text = (
        "Russia and China have a comprehensive strategic partnership of coordination, while "
        "India and China are strategic cooperative partners."
    )
    assert tiers_of(text) == {
        ("RUS", "comprehensive_strategic_coordination"),
        ("IND", "strategic_cooperative"),
    }


def test_the_two_countries_names_the_counterpart_of_the_passage():
    text = (
        "Wang Yi met Egyptian Foreign Minister Badr Abdelatty in Beijing. He said China is ready "
        "to deepen the comprehensive strategic partnership between the two countries."
    )
    assert tiers_of(text) == {("EGY", "comprehensive_strategic")}


@pytest.mark.parametrize(
    "text",
    [
        "The Vietnam-Laos special relationship and their strategic partnership were praised.",
        "The Vietnam-Laos comprehensive strategic cooperative partnership is special.",
        "He hailed the strategic partnership between Vietnam and Laos.",
        "Wang said the China-Africa comprehensive strategic and cooperative partnership, which "
        "Kenya supports, keeps deepening.",
        "Wang told his Malaysian counterpart that the ASEAN-China comprehensive strategic "
        "partnership has grown.",
        "Macron said France supports the China-EU comprehensive strategic partnership.",
        "Colombia will deepen the China-Arab strategic partnership, Petro said in Beijing.",
        "Xi said Spain should support China's comprehensive strategic partnership with the EU.",
    ],
)
def test_regional_and_foreign_foreign_partnerships_are_not_chinas_bilateral_ones(text):
    assert [t for t in tiers_of(text) if t[1] is not None] == []


@pytest.mark.parametrize(
    "text",
    [
        "Xi said he is willing to work with Petro to deepen the strategic partnership between "
        "the two countries in efforts to jointly build a China-Latin America and the Caribbean "
        "community with a shared future.",
        "China will work with Pakistan to promote the building of a neighbourhood community "
        "with a shared future.",
        "Pakistan is at the forefront of China's building a community with a shared future "
        "with neighbouring countries.",
        "Kenya supports building a community with a shared future for mankind.",
        "Egypt welcomes the all-weather China-Africa community with a shared future for the "
        "new era.",
    ],
)
def test_regional_and_global_communities_are_not_bilateral_frameworks(text):
    assert [t for t in tiers_of(text) if t[1] is None] == []


def test_a_bilateral_community_is_recorded_beside_the_tier_not_as_a_rung():
    text = (
        "Xi said China and Vietnam will deepen their comprehensive strategic cooperative "
        "partnership and build a China-Vietnam community with a shared future that carries "
        "strategic significance."
    )
    a, ctx = article(text, year=2025)
    rows = {(p.country, p.framework, p.tier, p.tier_rank) for p in extract_partnerships(a, ctx)}
    assert rows == {
        ("VNM", "partnership", "comprehensive_strategic_cooperative", 3),
        ("VNM", "community", None, None),
    }


# --- follow-ups do not demote a country ----------------------------------------------------


def test_a_shortened_follow_up_takes_the_full_designations_tier():
    text = (
        "Xi said China and Pakistan are all-weather strategic cooperative partners. Dar said "
        "Pakistan will deepen the strategic partnership between the two countries. China and "
        "Vietnam agreed to deepen their comprehensive strategic cooperative partnership. Both "
        "sides will keep elevating the comprehensive strategic partnership between the two "
        "countries."
    )
    assert tiers_of(text) == {
        ("PAK", "all_weather_or_permanent"),
        ("VNM", "comprehensive_strategic_cooperative"),
    }


def test_a_different_designation_is_not_a_shortened_one():
    # "strategic cooperative" is not a shortening of "comprehensive strategic": both stay.
    text = (
        "Seoul and Beijing hailed their strategic cooperative partnership. Lee said South Korea "
        "and China would build a comprehensive strategic partnership."
    )
    assert tiers_of(text) == {("KOR", "strategic_cooperative"), ("KOR", "comprehensive_strategic")}


def test_the_former_tier_of_an_upgrade_keeps_its_own_rung():
    text = (
        "In 2019, China and Kazakhstan upgraded ties from a comprehensive strategic partnership "
        "to a permanent comprehensive strategic partnership."
    )
    found = designations(text)
    assert ("KAZ", "comprehensive_strategic", "mentioned") in found
    assert ("KAZ", "all_weather_or_permanent", "upgraded") in found


# --- establishments and upgrades are told apart from passing mentions ----------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("The two heads of state agreed to elevate China-Azerbaijan relations to a "
         "comprehensive strategic partnership.", "upgraded"),
        ("Last year the presidents decided to upgrade bilateral relations to a strategic "
         "partnership with Somalia.", "upgraded"),
        ("In September 2023, Xi and Maduro jointly announced the elevation of China-Venezuela "
         "relations to an all-weather strategic partnership.", "upgraded"),
        ("China and Nicaragua officially established a strategic partnership in 2023.",
         "established"),
        ("China and Colombia jointly announced the establishment of a strategic partnership.",
         "established"),
        ("The two sides issued the Joint Statement between China and Armenia on Establishing "
         "the Strategic Partnership.", "established"),
        ("The China-Serbia strategic partnership, established in 2009, has grown.",
         "established"),
        ("Since the establishment of diplomatic ties 50 years ago, the China-Brazil "
         "comprehensive strategic partnership has grown.", "mentioned"),
        ("China is ready to elevate the China-Ghana strategic partnership to new heights.",
         "mentioned"),
        ("Bolivia will take the China-Bolivia strategic partnership to new heights.",
         "mentioned"),
        ("China is ready to work with Uruguay to raise awareness and deepen the comprehensive "
         "strategic partnership between the two countries.", "mentioned"),
        ("Azerbaijan hopes to upgrade relations with China to a comprehensive strategic "
         "partnership.", "proposed"),
    ],
)  # fmt: skip
def test_establishments_and_upgrades_are_told_apart_from_passing_mentions(text, status):
    (found,) = [d for d in designations(text) if d[1] is not None]
    assert found[2] == status


def test_an_upgrade_is_dated_by_the_date_the_text_gives_it():
    text = (
        "Wang said that in September 2023, Xi and Maduro jointly announced the elevation of "
        "China-Venezuela relations to an all-weather strategic partnership."
    )
    a, ctx = article(text, published=date(2025, 1, 10))
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.date.value, mention.date.precision) == (date(2023, 9, 1), "month")


def test_an_establishment_is_dated_by_the_date_right_after_it_not_by_the_report():
    text = "Xi said on Monday that China and Serbia established a strategic partnership in 2009."
    a, ctx = article(text, published=date(2025, 5, 5))
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.status, mention.date.value.year, mention.date.precision) == (
        "established",
        2009,
        "year",
    )


def test_an_upgrade_in_a_vague_past_is_undated():
    text = (
        "In recent years, leaders of the two countries agreed to elevate the bilateral "
        "relationship to a comprehensive strategic cooperative partnership with Laos."
    )
    a, ctx = article(text, published=date(2025, 1, 20))
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.status, mention.date) == ("upgraded", None)


def test_a_report_of_todays_upgrade_is_dated_by_the_report():
    text = "The two sides agreed to elevate China-Nigeria relations to a comprehensive strategic partnership."
    a, ctx = article(text, published=date(2024, 9, 3))
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.status, mention.date.value) == ("upgraded", date(2024, 9, 3))


def test_an_establishment_year_in_brackets_dates_it():
    text = (
        "In 2025 both sides recalled that they agreed to establish the Vietnam-China "
        "comprehensive strategic cooperative partnership (2008)."
    )
    a, ctx = article(text, published=date(2025, 1, 18))
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.status, mention.date.value.year, mention.date.precision) == (
        "established",
        2008,
        "year",
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Both sides agreed to build a China-Sri Lanka community with a shared future.",
         "established"),
        ("Xi and Dissanayake reached important consensus on building a China-Sri Lanka "
         "community with a shared future.", "established"),
        ("Xi said he is ready to push for building a China-Sri Lanka community with a shared "
         "future.", "mentioned"),
    ],
)  # fmt: skip
def test_a_community_is_established_when_the_sides_agree_to_build_it(text, status):
    assert designations(text) == [("LKA", None, status)]


# --- the reference table ---------------------------------------------------------------------


def test_the_reference_table_has_one_checked_row_per_country_with_a_confidence():
    rows = reference_designations()
    assert len(rows) == len({r.country for r in rows}) == 148
    assert Counter(r.confidence for r in rows) == {"high": 99, "medium": 39, "low": 10}
    ranks = {t.tier: t.rank for t in ladder().values()}
    assert all(ranks[r.tier] == r.tier_rank for r in rows)
    vietnam = next(r for r in rows if r.country == "VNM")
    assert (vietnam.tier, vietnam.year, vietnam.confidence) == (
        "comprehensive_strategic_cooperative",
        2008,
        "high",
    )


def test_a_reference_row_off_the_ladder_is_refused(tmp_path, monkeypatch):
    for source in gazetteer.REFERENCE_DIR.glob("*.csv"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    path = tmp_path / "partnership_designations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",strategic,6,", ",strategic,5,", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(gazetteer, "REFERENCE_DIR", tmp_path)
    reference_designations.cache_clear()
    try:
        with pytest.raises(ValueError, match="not on the ladder"):
            reference_designations()
    finally:
        monkeypatch.undo()
        reference_designations.cache_clear()

"""Dates: found in any common form, and a year is taken from the article, never invented."""

from __future__ import annotations

from datetime import date

import pytest

from etl.dates import DateContext, find_dates, parse_dateline, resolve


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on February 24, 2025 local time", (2025, 2, 24)),
        ("The meeting took place on 11 November 2025 at", (2025, 11, 11)),
        ("From November 17-24, Chinese Premier Li Qiang visited", (None, 11, 17)),
        ("visited the ROK from October 30-November 1 to attend", (None, 10, 30)),
        ("paid a state visit to China from February 4-8, 2025", (2025, 2, 4)),
        ("On March 1st, Yamandú Orsi was inaugurated", (None, 3, 1)),
        ("BEIJING, Feb. 7 (Xinhua)", (None, 2, 7)),
        ("  ·  2022-03-31  ·   Source: Xinhua", (2022, 3, 31)),
        ("In August 2024, during his visit", (2024, 8, None)),
        ("during his visit to Kazakhstan in 2013.", (2013, None, None)),
    ],
)
def test_date_expressions_are_found_with_their_parts(text, expected):
    mention = find_dates(text)[0]
    assert (mention.year, mention.month, mention.day) == expected


def test_numbers_that_are_not_dates_are_not_dates():
    assert find_dates("It grew by 5 percent in 2024 and 24 of 56 countries agreed.") == [] or all(
        m.month is None or m.kind != "md" for m in find_dates("It grew by 5 percent")
    )
    assert find_dates("the 24th Meeting of the Council") == []


def test_a_month_day_date_takes_the_year_of_the_dateline():
    mention = find_dates("on January 15")[0]
    value = resolve(mention, DateContext(published=date(2025, 1, 18)))
    assert value is not None and value.value == date(2025, 1, 15) and value.basis == "dateline_year"


def test_a_december_event_reported_in_january_belongs_to_the_year_before():
    mention = find_dates("on December 28")[0]
    value = resolve(mention, DateContext(published=date(2025, 1, 5)))
    assert value is not None and value.value == date(2024, 12, 28)


def test_without_any_year_in_the_article_or_document_a_month_day_date_stays_undated():
    mention = find_dates("met on March 2nd")[0]
    assert resolve(mention, DateContext()) is None


def test_a_weekday_resolves_against_the_dateline_and_is_otherwise_unknown():
    mention = find_dates("said here on Thursday that")[0]
    # 13 Feb 2025 was a Thursday: the same day.
    assert resolve(mention, DateContext(published=date(2025, 2, 13))).value == date(2025, 2, 13)
    # A Saturday dateline: the Thursday before.
    assert resolve(mention, DateContext(published=date(2025, 2, 15))).value == date(2025, 2, 13)
    assert resolve(mention, DateContext(publication_year=2025)) is None


def test_last_month_name_is_the_most_recent_such_month_before_the_article():
    mention = find_dates("last November, President Xi Jinping held a meeting")[0]
    value = resolve(mention, DateContext(published=date(2025, 2, 19)))
    assert value is not None and value.value == date(2024, 11, 1) and value.precision == "month"


@pytest.mark.parametrize(
    ("line", "place", "outlet", "month", "day"),
    [
        ("BEIJING, Jan. 18 (Xinhua) — Chinese President", "BEIJING", "Xinhua", 1, 18),
        ("Feb. 19 (MFA) — On February 18, 2025 local time", None, "MFA", 2, 19),
        ("Beijing, October 17th (IDCPC) – Liu Haixing", "Beijing", "IDCPC", 10, 17),
        ("September 29 (China Daily) – On the sidelines", None, "China Daily", 9, 29),
    ],
)
def test_datelines_give_place_date_and_outlet(line, place, outlet, month, day):
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.place, dateline.outlet, dateline.month, dateline.day) == (
        place,
        outlet,
        month,
        day,
    )


def test_an_ordinary_sentence_is_not_a_dateline():
    assert parse_dateline("On February 7, Chinese President Xi Jinping and Colombian") is None


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("President Ruto today received the delegation", date(2024, 1, 18), "day"),
        ("Yesterday, the minister had phone calls with", date(2024, 1, 17), "day"),
        ("Ardern, who met Xi in Bangkok last month, said", date(2023, 12, 1), "month"),
        ("who visited Beijing earlier this month.", date(2024, 1, 1), "month"),
        ("On Friday (19/1), the two ministers co-chaired", date(2024, 1, 19), "day"),
        ("Abiy, who last visited Beijing in October, said", date(2023, 10, 1), "month"),
        ("his meeting in Bali in November last year", date(2023, 11, 1), "month"),
    ],
)
def test_dates_relative_to_the_day_of_publication(text, expected, precision):
    context = DateContext(published=date(2024, 1, 18))
    values = [resolve(m, context) for m in find_dates(text)]
    values = [v for v in values if v is not None]
    assert (values[-1].value, values[-1].precision) == (expected, precision)


def test_day_first_numeric_dates_and_a_weekday_before_a_date_give_that_date():
    from etl.dates import find_dates

    assert [(m.year, m.month, m.day) for m in find_dates("Issued on: 13/01/2020 - 16:42")] == [
        (2020, 1, 13)
    ]
    assert [(m.year, m.month, m.day) for m in find_dates("26.03.2023 — Beijing")] == [(2023, 3, 26)]
    on_saturday = find_dates("On Saturday, July 9, President Xi sent a message")
    assert [(m.kind, m.month, m.day) for m in on_saturday] == [("md", 7, 9)]


def test_content_system_dates_and_a_masthead_month_give_the_year():
    from etl.dates import find_dates, masthead_year

    assert [(m.year, m.month, m.day) for m in find_dates("Updated 18:42, 02-Oct-2024")] == [
        (2024, 10, 2)
    ]
    masthead = "THE BEIJING BRIEF\nA monthly digest | Issue 41 | July 2024\n\n— 8 July | Beijing."
    assert masthead_year(masthead) == 2024


def test_the_same_afternoon_is_the_same_day_not_the_next():
    from etl.dates import DateContext, Narrative

    narrative = Narrative(DateContext(publication_year=2019))
    narrative.date_of("In Zagreb on April 10, Li held talks with Prime Minister Plenković.")
    value = narrative.date_of("The same afternoon Li met President Grabar-Kitarović.")
    assert value is not None and value.value == date(2019, 4, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21 MAR 2023, 19:45", (2023, 3, 21)),
        ("12 de diciembre de 2018, 16:05", (2018, 12, 12)),
        ("Publicado em 5 de junho de 2024", (2024, 6, 5)),
        ("Mis à jour le 5 juin 2024", (2024, 6, 5)),
        ("Stand: 3. März 2023", (2023, 3, 3)),
    ],
)
def test_bylines_in_capitals_and_in_other_languages_are_dates(text, expected):
    (mention,) = find_dates(text)
    assert (mention.year, mention.month, mention.day) == expected


def test_a_tass_dateline_with_its_outlet_between_slashes_is_a_dateline():
    dateline = parse_dateline("MOSCOW, March 21. /TASS/. Russian President Vladimir Putin said")
    assert dateline is not None
    assert (dateline.month, dateline.day, dateline.outlet) == (3, 21, "TASS")


def test_a_modal_may_is_not_a_month():
    assert find_dates("China may hold talks with Chile in 12 days") == []

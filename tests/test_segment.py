"""Segmentation: the three kinds of seed page become the articles a reader sees in them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl.ingest import read_document
from etl.records import Document
from etl.segment import segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    articles, warnings = segment(read_document(path, SEEDS))
    return articles, warnings


def _doc(text: str) -> Document:
    return Document("d0", "x.txt", "text", len(text), datetime.now(UTC), "ok", None, text)


def test_a_listing_page_becomes_one_item_per_headline_without_the_navigation():
    articles, warnings = _seed("000")
    assert warnings == []
    assert len(articles) == 10
    assert {a.kind for a in articles} == {"listing_item"}
    assert (
        articles[0].title == "China urges US to stop official interactions of any form with Taiwan"
    )
    assert all("Top News" not in a.text and "Send your stories" not in a.text for a in articles)


def test_a_blog_page_splits_into_posts_at_continue_reading_and_keeps_embedded_originals():
    articles, _ = _seed("001")
    posts = [a for a in articles if a.kind == "post"]
    embedded = [a for a in articles if a.kind == "embedded"]
    assert posts[0].title == "Xi’s special envoy attends inauguration of Uruguay’s new president"
    assert "Continue reading" not in posts[0].text
    assert len(posts) >= 20 and len(embedded) >= 15
    # Every embedded original points at the post it sits in.
    ids = {a.article_id for a in articles}
    assert all(a.parent_article_id in ids for a in embedded)


def test_an_embedded_wire_text_keeps_its_dateline_outlet_and_a_date_checked_by_its_weekday():
    articles, _ = _seed("001")
    xinhua = next(a for a in articles if a.dateline == "BEIJING, Jan. 18 (Xinhua)")
    assert xinhua.kind == "embedded"
    assert xinhua.outlet == "Xinhua News Agency"
    # "Xi Jinping said on Saturday": 18 January is a Saturday in 2025, not in 2024 or 2026.
    assert xinhua.published == date(2025, 1, 18)
    assert xinhua.date_basis == "dateline_weekday"


def test_a_ministry_original_takes_its_outlet_from_the_dateline_abbreviation():
    articles, _ = _seed("004")
    mfa = next(a for a in articles if a.dateline == "September 26 (MFA)")
    assert mfa.outlet == "Chinese Foreign Ministry"
    assert mfa.published == date(2025, 9, 26)


def test_a_single_article_keeps_title_byline_date_and_outlet_and_drops_site_debris():
    articles, _ = _seed("003")
    assert len(articles) == 1
    article = articles[0]
    assert article.title == "Chinese FM holds talks with Russian counterpart"
    assert article.published == date(2022, 3, 31)
    assert article.outlet == "Xinhua News Agency"
    assert article.text.startswith(
        "Chinese FM holds talks with Russian counterpart\n\nChinese State Councilor"
    )
    assert "Source:" not in article.text
    assert "Copyright" not in article.text and "Advertise with Us" not in article.text


def test_a_single_article_with_teasers_and_a_comment_form_keeps_only_the_story():
    articles, _ = _seed("002")
    assert len(articles) == 1
    article = articles[0]
    assert article.title == "China – Russia: “Our cooperation contributes to world peace”"
    assert article.text.startswith(article.title + "\n\nOn Monday, China reaffirmed")
    for debris in ("Please enter your comment", "Kyrgyzstan and Tajikistan", "Share the news"):
        assert debris not in article.text


def test_every_paragraph_of_an_article_is_in_its_document_in_order():
    path = next(SEEDS.glob("004_*.txt"))
    document = read_document(path, SEEDS)
    articles, _ = segment(document)
    for article in articles:
        envelope = document.text[article.doc_start : article.doc_end]
        position = 0
        for paragraph in article.text.split("\n\n"):
            position = envelope.index(paragraph, position) + len(paragraph)


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "x", "Short line\n", "• • •\n| a | b | c |\n"],
)
def test_text_without_an_article_gives_no_articles_and_does_not_raise(text):
    articles, _ = segment(_doc(text))
    assert articles == []


def test_a_plain_text_file_with_a_headline_and_paragraphs_is_one_article():
    text = (
        "Xi holds talks with Brazilian president\n\n"
        "BRASILIA, Nov. 20 (Xinhua) -- Chinese President Xi Jinping held talks with Brazilian "
        "President Luiz Inacio Lula da Silva on Wednesday.\n\n"
        "The two heads of state agreed to elevate bilateral ties.\n"
    )
    articles, _ = segment(_doc(text))
    assert len(articles) == 1
    assert articles[0].title == "Xi holds talks with Brazilian president"
    assert articles[0].dateline == "BRASILIA, Nov. 20 (Xinhua)"
    assert articles[0].outlet == "Xinhua News Agency"


@pytest.mark.parametrize(
    ("text", "title", "published"),
    [
        (
            "Home > News > Diplomacy\nMinister meets visiting counterpart in the capital\n"
            "Updated: March 26, 2024 21:40\n\nThe two ministers held talks on Tuesday and agreed "
            "to deepen cooperation.\n",
            "Minister meets visiting counterpart in the capital",
            date(2024, 3, 26),
        ),
        (
            "PRESS RELEASE\nNairobi, Thursday, 18th January 2024\n\nPRESIDENT HOSTS A VISITING "
            "DELEGATION FROM ABROAD\n\nThe President today received the delegation at State "
            "House and discussed trade.\n",
            "PRESIDENT HOSTS A VISITING DELEGATION FROM ABROAD",
            date(2024, 1, 18),
        ),
        (
            "A blog on foreign relations\nPosts | Archive | Tags | About\n\nThree summits in one "
            "trip\nPosted on December 11, 2022 by R. Haddad\n\nThe president paid a state visit "
            "and attended two summits.\n",
            "Three summits in one trip",
            date(2022, 12, 11),
        ),
    ],
)
def test_bylines_and_date_lines_give_the_publication_date_wherever_the_template_puts_them(
    text, title, published
):
    (article,) = segment(_doc(text))[0]
    assert (article.title, article.published, article.date_basis) == (title, published, "byline")
    assert "Posts |" not in article.text and "Home >" not in article.text


def test_a_listing_of_dated_headlines_dates_each_item_by_its_own_headline():
    text = (
        "Archive\n\n[2023-11-07] Ambassador meets regional bloc chief\nJAKARTA -- The ambassador "
        "met the secretary-general on Tuesday. Read more »\n\n[2022-05-30] Minister visits "
        "island nation\nSUVA, May 30 -- The minister co-hosted a meeting on Monday. Read more »\n\n"
        "[2021-08-16] Envoy calls on prime minister\nThe envoy paid a courtesy call on Monday. "
        "Read more »\n"
    )
    articles, _ = segment(_doc(text))
    assert [(a.title, a.published) for a in articles] == [
        ("Ambassador meets regional bloc chief", date(2023, 11, 7)),
        ("Minister visits island nation", date(2022, 5, 30)),
        ("Envoy calls on prime minister", date(2021, 8, 16)),
    ]
    assert all("Read more" not in a.text for a in articles)
    assert articles[1].dateline == "SUVA, May 30"


def test_a_date_line_under_a_kicker_dates_the_headline_that_follows():
    text = (
        "THE PRESIDENCY\nOffice of the President | State House, Nairobi\n\nPRESS RELEASE\n"
        "Nairobi, Thursday, 18th January 2024\n\n"
        "PRESIDENT RUTO HOSTS CHINA'S TOP LEGISLATOR\n\n"
        "President William Ruto today received Mr. Zhao Leji, Chairman of the Standing Committee "
        "of the National People's Congress, at State House, Nairobi.\n"
    )
    (only,) = segment(_doc(text))[0]
    assert only.title == "PRESIDENT RUTO HOSTS CHINA'S TOP LEGISLATOR"
    assert only.published == date(2024, 1, 18)


def test_a_dated_headline_in_a_related_block_is_a_report_and_undated_links_are_navigation():
    text = (
        "Vice President Han Zheng Meets with Nepali Foreign Minister\n\n"
        "On the morning of March 27, 2024, Vice President Han Zheng met with Deputy Prime "
        "Minister and Foreign Minister Narayan Kaji Shrestha of Nepal in Beijing.\n\n"
        "Related:\n"
        "- Foreign Ministry Spokesperson's Remarks on the Situation in the Red Sea\n"
        "- Wang Yi Meets with Australian Foreign Minister Penny Wong (2024-03-20)\n"
    )
    articles, _ = segment(_doc(text))
    assert [a.title for a in articles] == [
        "Vice President Han Zheng Meets with Nepali Foreign Minister",
        "Wang Yi Meets with Australian Foreign Minister Penny Wong",
    ]
    assert articles[1].published == date(2024, 3, 20)
    assert "Red Sea" not in articles[0].text and "Penny Wong" not in articles[0].text


def test_cross_heads_in_a_dated_article_stay_in_that_article():
    text = (
        "Premier Li's Europe trip: three capitals, two summits\n\n"
        "By Wang Lei (People's Daily)  13:52, April 14, 2019\n\n"
        "Chinese Premier Li Keqiang returned to Beijing on Saturday night, wrapping up a five-day "
        "trip to Brussels and Croatia.\n\n"
        "Brussels: a joint statement after all\n\n"
        "On Tuesday, April 9, Li met with Belgian Prime Minister Charles Michel at the Egmont "
        "Palace in Brussels.\n"
    )
    (only,) = segment(_doc(text))[0]
    assert only.published == date(2019, 4, 14)
    assert "Brussels: a joint statement after all" in only.text
    assert "Charles Michel" in only.text


def test_a_title_case_headline_with_its_date_line_opens_its_own_article():
    text = (
        "Ma Hui Meets with Delegation of Brazil's Workers' Party\nDate: 2026-02-27\n\n"
        "Beijing, February 26th -- Ma Hui, Vice Minister of the IDCPC, met here today with a "
        "delegation of the Workers' Party of Brazil.\n\n"
        "CPC Delegation Visits Cuba\nDate: 2026-01-26\n\n"
        "Havana, January 24th -- At the invitation of the Communist Party of Cuba, a CPC "
        "delegation led by Liu Haixing visited Cuba from January 20 to 24.\n"
    )
    articles, _ = segment(_doc(text))
    assert [a.title for a in articles] == [
        "Ma Hui Meets with Delegation of Brazil's Workers' Party",
        "CPC Delegation Visits Cuba",
    ]
    assert articles[1].dateline == "Havana, January 24th"


def test_a_page_without_any_full_date_takes_its_year_from_the_masthead():
    text = (
        "THE BEIJING BRIEF\nA monthly digest of Chinese foreign policy | Issue 41 | July 2024\n\n"
        "Xi meets Orbán\n\n"
        "— 8 July | Beijing. President Xi Jinping met Hungarian Prime Minister Viktor Orbán, who "
        "described his trip as a peace mission.\n"
    )
    articles, _ = segment(_doc(text))
    assert {a.context_year for a in articles} == {2024}


def test_a_weekday_date_line_above_the_headline_dates_the_article():
    text = (
        "KYODO NEWS\nTop | Japan | Asia | World | Business | Sports\nMonday, Nov. 10, 2014\n\n"
        "Abe, Xi hold 1st summit, agree to work toward improving ties\n\n"
        "Japanese Prime Minister Shinzo Abe and Chinese President Xi Jinping held their first "
        "formal meeting Monday on the sidelines of the APEC forum in Beijing.\n"
    )
    (only,) = segment(_doc(text))[0]
    assert only.published == date(2014, 11, 10)

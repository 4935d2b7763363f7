"""Extraction promises, each on a passage the way real readouts and wire stories write it."""

from __future__ import annotations

from datetime import date

import pytest

from etl.dates import DateContext
from etl.engagements import extract_engagements
from etl.partnerships import classify, extract_partnerships
from etl.quotes import extract_quotes
from etl.records import Article


def article(
    text: str, published: date | None = None, year: int | None = None
) -> tuple[Article, DateContext]:
    a = Article(
        article_id="doc-000", doc_id="doc", ordinal=0, kind="single", parent_article_id=None,
        title=None, published=published, date_basis=None, dateline=None, outlet=None,
        text=text, doc_start=0, doc_end=len(text), context_year=year,
    )  # fmt: skip
    context = DateContext(
        published=published, publication_year=published.year if published else year
    )
    return a, context


# --- engagements ---------------------------------------------------------------------------


def test_a_phone_call_in_a_xinhua_readout_becomes_one_engagement_with_its_date_and_both_actors():
    a, ctx = article(
        "BEIJING, Feb. 24 (Xinhua) -- In the afternoon of February 24, President Xi Jinping took "
        "a phone call from Russian President Vladimir Putin. The two sides agreed to maintain "
        "communication.",
        published=date(2025, 2, 24),
    )
    (call,) = extract_engagements(a, ctx)
    assert call.type == "call"
    assert call.country == "RUS"
    assert call.date is not None and call.date.value == date(2025, 2, 24)
    assert call.cn_actor == "Xi Jinping" and call.cn_level == "head_of_state"
    assert call.foreign_actor == "Vladimir Putin"
    assert a.text[call.span_start : call.span_end] == call.sentence


def test_a_meeting_named_by_title_and_surname_resolves_to_the_country_named_earlier():
    a, ctx = article(
        "On March 1st, Yamandú Orsi was inaugurated as the new President of Uruguay. "
        "China’s Minister of Agriculture and Rural Affairs Han Jun attended as the Special Envoy "
        "of President Xi Jinping.\n\nMeeting with President Orsi on March 2nd, Han conveyed the "
        "greetings of Xi Jinping.",
        year=2025,
    )
    meetings = [e for e in extract_engagements(a, ctx) if e.type == "meeting"]
    assert [(m.country, m.date.value if m.date else None) for m in meetings] == [
        ("URY", date(2025, 3, 2))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Chinese Foreign Minister Wang Yi will visit Brazil next week.",
        "Wang Yi is scheduled to hold talks with the French Foreign Minister.",
        "Xi Jinping looks forward to meeting Argentine President Javier Milei.",
        "The Chinese side invited the Kenyan President to visit China at his convenience.",
    ],
)
def test_plans_invitations_and_hopes_are_not_engagements(sentence):
    a, ctx = article(sentence, published=date(2025, 5, 1))
    assert extract_engagements(a, ctx) == []


def test_taiwan_hong_kong_and_macao_are_never_foreign_counterparts():
    a, ctx = article(
        "Chinese Vice Premier Ding Xuexiang met with the Hong Kong Chief Executive in Beijing on "
        "May 3, 2025, and later met representatives from Taiwan and Macao.",
    )
    assert all(e.country not in {"TWN", "HKG", "MAC", "CHN"} for e in extract_engagements(a, ctx))


def test_an_engagement_between_two_foreign_countries_is_not_chinas():
    a, ctx = article(
        "Lao President Thongloun Sisoulith met with Vietnamese General Secretary To Lam in Hanoi on "
        "September 2, 2025.",
    )
    assert extract_engagements(a, ctx) == []


def test_a_meeting_with_the_un_secretary_general_has_the_un_as_counterpart():
    a, ctx = article(
        "On February 18, 2025, Chinese Foreign Minister Wang Yi met with Secretary-General of the "
        "United Nations António Guterres in New York.",
    )
    engagements = extract_engagements(a, ctx)
    assert [(e.country, e.counterpart_org, e.type) for e in engagements] == [
        (None, "UN", "meeting")
    ]


def test_a_state_visit_reported_with_its_talks_gives_both_the_visit_and_the_talks():
    a, ctx = article(
        "In October 2023, President Alberto Fernández of Argentina paid a state visit to China, "
        "during which the two heads of state held talks in Beijing.",
        year=2023,
    )
    found = {(e.type, e.country) for e in extract_engagements(a, ctx)}
    assert found == {("state_visit", "ARG"), ("talks", "ARG")}


def test_a_visit_that_is_only_the_setting_of_a_meeting_is_not_a_visit_of_its_own():
    a, ctx = article(
        "During his visit to Nairobi on May 3, Wang Yi met with Kenyan President William Ruto.",
        year=2024,
    )
    assert [(e.type, e.country) for e in extract_engagements(a, ctx)] == [("meeting", "KEN")]


def test_a_later_undated_mention_of_a_visit_joins_the_visit_the_article_dates():
    a, ctx = article(
        "BEIJING, Feb. 7 (Xinhua) -- Chinese President Xi Jinping on Friday exchanged "
        "congratulations with Peruvian President Dina Boluarte. Xi noted that in November 2024, "
        "he paid a state visit to Peru. Boluarte said that Xi paid a state visit to Peru and "
        "the two sides signed many agreements.",
        published=date(2025, 2, 7),
    )
    visits = [e for e in extract_engagements(a, ctx) if e.type == "state_visit"]
    assert [(v.country, v.date.value if v.date else None) for v in visits] == [
        ("PER", date(2024, 11, 1))
    ]


def test_a_spokesperson_label_in_a_transcript_is_not_the_chinese_actor():
    a, ctx = article(
        "Mao Ning: Yesterday, Foreign Minister Wang Yi had a phone call with Egyptian Foreign "
        "Minister Badr Abdelatty.",
        published=date(2025, 3, 4),
    )
    (call,) = extract_engagements(a, ctx)
    assert (call.type, call.country, call.cn_actor) == ("call", "EGY", "Wang Yi")
    assert call.date is not None and call.date.value == date(2025, 3, 3)


def test_messages_between_several_leaders_listed_in_one_sentence_are_one_record_per_chinese_leader():
    a, ctx = article(
        "HANOI, Jan. 18 -- General Secretary To Lam, State President Luong Cuong and Prime "
        "Minister Pham Minh Chinh of Vietnam exchanged congratulatory messages with General "
        "Secretary of the Communist Party of China Central Committee and President of China Xi "
        "Jinping, Premier Li Qiang and Chairman of the Standing Committee of the National "
        "People’s Congress of China Zhao Leji.",
        published=date(2025, 1, 18),
    )
    messages = extract_engagements(a, ctx)
    assert {(m.type, m.country) for m in messages} == {("message", "VNM")}
    assert sorted(m.cn_actor for m in messages) == ["Li Qiang", "Xi Jinping", "Zhao Leji"]


def test_an_envoy_named_by_a_chinese_body_acts_for_china_and_xi_is_not_the_actor():
    a, ctx = article(
        "Wang Dongming, a vice chairperson of the Standing Committee of the National People’s "
        "Congress (NPC) attended the inauguration in Caracas on January 10 as the Special Envoy "
        "of Chinese President Xi Jinping.",
        year=2025,
    )
    (visit,) = extract_engagements(a, ctx)
    assert (visit.type, visit.country, visit.cn_actor) == ("visit_out", "VEN", "Wang Dongming")
    assert visit.cn_level == "special_envoy"


def test_travel_to_attend_a_forum_is_the_forum_not_a_visit_to_the_host():
    a, ctx = article(
        "From November 17-19, Chinese Premier Li Qiang visited Russia to attend the 24th Meeting "
        "of the Council of Heads of Government of the Shanghai Cooperation Organisation (SCO) "
        "Member States in Moscow.",
        year=2025,
    )
    assert [(e.type, e.counterpart_org) for e in extract_engagements(a, ctx)] == [
        ("multilateral", "SCO")
    ]


def test_a_summit_trip_with_a_state_visit_leg_keeps_the_state_visit():
    a, ctx = article(
        "Chinese President Xi Jinping visited the Republic of Korea (ROK) from October 30 to "
        "November 1 to attend the APEC Economic Leaders' Meeting and to then pay a state visit "
        "to the ROK.",
        year=2025,
    )
    found = {(e.type, e.country or e.counterpart_org) for e in extract_engagements(a, ctx)}
    assert ("state_visit", "KOR") in found


def test_a_press_conference_and_a_series_of_meetings_are_not_meetings_of_their_own():
    a, ctx = article(
        "Wang Yi flew to Kabul, Afghanistan, for a series of meetings on August 20. "
        "After their talks, Wang Yi and Afghan Foreign Minister Amir Khan Muttaqi jointly met "
        "the press.",
        year=2025,
    )
    assert [e.type for e in extract_engagements(a, ctx) if e.type == "meeting"] == []


def test_a_title_case_headline_reports_its_meeting():
    a, ctx = article(
        "Wang Yi Holds Talks with Brazilian Foreign Minister Mauro Vieira",
        published=date(2024, 5, 8),
    )
    (talks,) = extract_engagements(a, ctx)
    assert (talks.type, talks.country, talks.cn_actor) == ("talks", "BRA", "Wang Yi")


def test_a_sentence_opened_by_on_the_same_day_takes_that_day_not_a_later_clause_date():
    a, ctx = article(
        "On April 18, Wang Yi held talks with Foreign Minister Retno Marsudi of Indonesia in "
        "Jakarta. On the same day, Wang Yi paid a courtesy call on President Joko Widodo of "
        "Indonesia, who had visited Chengdu on July 27 last year.",
        year=2024,
    )
    dates = {e.type: e.date.value for e in extract_engagements(a, ctx) if e.date}
    assert dates["meeting"] == date(2024, 4, 18)


def test_vice_ministerial_consultations_are_talks_at_the_level_the_title_gives_that_year():
    a, ctx = article(
        "Vice Foreign Minister Qin Gang held political consultations with Polish Deputy Foreign "
        "Minister Marcin Przydacz in Warsaw on 16 September 2019.",
        year=2019,
    )
    (talks,) = extract_engagements(a, ctx)
    assert (talks.type, talks.country, talks.cn_actor) == ("talks", "POL", "Qin Gang")
    assert talks.cn_level == "other_official"


def test_a_second_chinese_leader_who_also_met_the_visitor_is_a_second_meeting():
    a, ctx = article(
        "Chinese Premier Li Keqiang met with Philippine President Ferdinand Marcos at the Great "
        "Hall of the People on January 4, and top legislator Li Zhanshu also met with him.",
        year=2023,
    )
    meetings = extract_engagements(a, ctx)
    assert sorted((m.country, m.cn_actor) for m in meetings) == [
        ("PHL", "Li Keqiang"),
        ("PHL", "Li Zhanshu"),
    ]


def test_xi_alone_is_xi_jinping_and_xian_is_a_city():
    a, ctx = article(
        "Xi met with Kazakh President Kassym-Jomart Tokayev in Xi'an on May 17.", year=2023
    )
    (meeting,) = extract_engagements(a, ctx)
    assert (meeting.country, meeting.cn_actor) == ("KAZ", "Xi Jinping")


def test_a_china_eu_summit_is_talks_with_the_eu_and_first_names_do_not_mix_people_up():
    a, ctx = article(
        "On April 9, Li Keqiang co-chaired the 21st China-EU leaders' meeting with President of "
        "the European Council Donald Tusk. On April 12, Li met Czech Prime Minister Andrej "
        "Babiš. On April 10, Li held talks with Prime Minister Andrej Plenković of Croatia.",
        published=date(2019, 4, 13),
    )
    found = {(e.type, e.country or e.counterpart_org) for e in extract_engagements(a, ctx)}
    assert found == {("talks", "EU"), ("meeting", "CZE"), ("talks", "HRV")}


def test_a_china_hosted_meeting_of_several_countries_is_one_minilateral_not_one_meeting_each():
    a, ctx = article(
        "On 12 May 2021, Wang Yi hosted the second China+Central Asia foreign ministers' meeting "
        "in Xi'an with the foreign ministers of Kazakhstan, Kyrgyzstan, Tajikistan, "
        "Turkmenistan and Uzbekistan.",
        year=2021,
    )
    found = [(e.type, e.counterpart_org) for e in extract_engagements(a, ctx)]
    assert found == [("multilateral", "MINI:KAZ+KGZ+TJK+TKM+UZB")]


def test_a_row_of_a_chronology_table_is_read_as_a_record():
    from datetime import UTC, datetime

    from etl.records import Document
    from etl.segment import segment

    text = (
        "Chronology: China and Central Asia\n\n"
        "| Date | Place | Engagement | Chinese side | Partner side |\n"
        "|---|---|---|---|---|\n"
        "| 14–16 June 2019 (range) | Dushanbe | State visit to Tajikistan | Xi Jinping | "
        "President Emomali Rahmon |\n"
    )
    doc = Document("d0", "x.txt", "text", len(text), datetime.now(UTC), "ok", None, text)
    (only,) = segment(doc)[0]
    (visit,) = extract_engagements(only, DateContext(publication_year=2019))
    assert (visit.type, visit.country, visit.cn_actor) == ("state_visit", "TJK", "Xi Jinping")
    assert visit.date is not None and visit.date.value == date(2019, 6, 14)


def test_a_state_visit_is_real_though_a_forum_it_will_attend_is_still_a_plan():
    a, ctx = article(
        "Egyptian President Abdel Fattah al-Sisi arrived in Beijing on Tuesday for a state visit "
        "to China from May 28 to June 1, during which he will also attend the opening ceremony of "
        "the China-Arab States Cooperation Forum. Also on Wednesday, Chinese Premier Li Qiang and "
        "Zhao Leji, chairman of the National People's Congress Standing Committee, met with Sisi "
        "separately.",
        published=date(2024, 5, 29),
    )
    found = sorted(
        (e.type, e.country or e.counterpart_org, e.cn_actor or "")
        for e in extract_engagements(a, ctx)
    )
    assert found == [
        ("meeting", "EGY", "Li Qiang"),
        ("meeting", "EGY", "Zhao Leji"),
        ("state_visit", "EGY", ""),
    ]


def test_each_entry_of_a_dated_timeline_takes_its_own_date_whatever_the_year():
    a, ctx = article(
        "• 01/05/2018 — Beijing. Foreign Minister Wang Yi met Dominican Foreign Minister Miguel "
        "Vargas Maldonado.\n\n"
        "• Wed 14 May 2025 — Beijing. Xi Jinping met Colombian President Gustavo Petro.",
        published=date(2025, 6, 29),
    )
    dated = {e.country: e.date.value for e in extract_engagements(a, ctx) if e.date}
    assert dated == {"DOM": date(2018, 5, 1), "COL": date(2025, 5, 14)}


def test_protocol_capitals_and_honorifics_name_the_chinese_official():
    a, ctx = article(
        "On 15 September 2023, Prime Minister Hun Manet of Cambodia held official talks with "
        "H.E. LI Qiang at the Great Hall of the People.",
        year=2023,
    )
    (talks,) = extract_engagements(a, ctx)
    assert (talks.type, talks.country, talks.cn_actor) == ("talks", "KHM", "Li Qiang")


def test_announcements_and_briefings_about_other_meetings_are_not_engagements():
    a, ctx = article(
        "Kim may visit Beijing later this year. Iranian Foreign Minister Abbas Araghchi briefed "
        "Wang Yi on his meeting with British Foreign Secretary David Lammy the previous day.",
        published=date(2024, 9, 25),
    )
    assert extract_engagements(a, ctx) == []


def test_a_leader_named_without_a_country_is_tied_to_it_by_the_reference_list_of_leaders():
    a, ctx = article(
        "President Park Geun-hye held talks with Chinese Premier Li Keqiang at Cheong Wa Dae on "
        "Saturday. Park and Li agreed to launch maritime talks.",
        published=date(2015, 11, 1),
    )
    (talks,) = extract_engagements(a, ctx)
    assert (talks.type, talks.country, talks.foreign_actor) == ("talks", "KOR", "Park Geun-hye")


def test_speaking_to_journalists_is_not_a_call():
    a, ctx = article(
        "On January 26, Belarusian President Alexander Lukashenko spoke with Chinese journalists "
        "after casting his vote.",
        year=2025,
    )
    assert extract_engagements(a, ctx) == []


def test_a_forum_held_and_co_chaired_abroad_counts_with_its_foreign_chair():
    a, ctx = article(
        "The eighth China-CEEC leaders' meeting was held in Dubrovnik on April 12, co-chaired by "
        "Premier Li Keqiang and Croatian Prime Minister Andrej Plenković.",
        published=date(2019, 4, 14),
    )
    assert [(e.type, e.country) for e in extract_engagements(a, ctx)] == [("multilateral", "HRV")]


def test_on_the_12th_is_a_day_of_the_month_the_text_is_in():
    a, ctx = article(
        "• 9 June 2023 — Beijing. Honduran President Xiomara Castro arrives for a state visit. "
        "Xi held talks with Castro on the 12th.",
        published=date(2025, 6, 29),
    )
    talks = [e for e in extract_engagements(a, ctx) if e.type == "talks"]
    assert [t.date.value for t in talks if t.date] == [date(2023, 6, 12)]


def test_a_phone_call_spoken_by_phone_and_a_message_of_sympathy_are_engagements():
    a, ctx = article(
        "On Saturday, January 4, Wang Yi had spoken by phone with Iranian Foreign Minister Mohammad "
        "Javad Zarif. On Aug 30, Xi sent a message of sympathy to Pakistani President Arif Alvi.",
        published=date(2020, 1, 13),
    )
    assert {(e.type, e.country) for e in extract_engagements(a, ctx)} == {
        ("call", "IRN"),
        ("message", "PAK"),
    }


def test_each_person_met_in_a_list_takes_the_day_written_after_them():
    a, ctx = article(
        "On the sidelines Wang Yi met Russian Foreign Minister Sergey Lavrov on 25 July and US "
        "Secretary of State Antony Blinken on 27 July.",
        year=2024,
    )
    dated = {e.country: e.date.value for e in extract_engagements(a, ctx) if e.date}
    assert dated == {"RUS": date(2024, 7, 25), "USA": date(2024, 7, 27)}


def test_a_second_meeting_on_another_day_in_the_same_sentence_keeps_its_own_day():
    a, ctx = article(
        "From Oct. 2 to 5, Han Zheng paid an official visit to Chile. On Thursday, he met with "
        "President of the Senate of Chile José García Ruminot in Valparaiso, and on Friday he met "
        "with Chilean President Gabriel Boric at the La Moneda Palace.",
        published=date(2024, 10, 9),
    )
    meetings = sorted(
        (e.date.value, e.foreign_actor)
        for e in extract_engagements(a, ctx)
        if e.type == "meeting" and e.date
    )
    assert meetings == [
        (date(2024, 10, 3), "José García Ruminot"),
        (date(2024, 10, 4), "Gabriel Boric"),
    ]


def test_calling_on_a_leader_is_a_meeting_and_calling_on_a_country_to_act_is_not():
    a, ctx = article(
        "The same day, Li Qiang called on Sultan Ibrahim of Malaysia at Istana Negara. Wang Yi "
        "called on the United States to stop interfering in China's internal affairs.",
        published=date(2024, 6, 19),
    )
    assert [(e.type, e.country) for e in extract_engagements(a, ctx)] == [("meeting", "MYS")]


def test_an_organisations_head_meets_china_for_the_organisation_not_their_country():
    a, ctx = article(
        "Belgian Prime Minister Charles Michel spoke in Brussels. Later on Tuesday, Xi met "
        "European Council President Charles Michel, who said the EU was ready to hold a summit.",
        published=date(2022, 11, 15),
    )
    assert [(e.type, e.country, e.counterpart_org) for e in extract_engagements(a, ctx)] == [
        ("meeting", None, "EU")
    ]


def test_two_leaders_holding_talks_on_two_days_are_two_talks_each_with_its_day():
    a, ctx = article(
        "Bangladeshi Prime Minister Sheikh Hasina paid an official visit to China. Premier Li "
        "Qiang held talks with her on 9 July and President Xi Jinping held talks with her on "
        "Wednesday, 10 July.",
        published=date(2024, 7, 31),
    )
    talks = sorted(
        (e.date.value, e.cn_actor)
        for e in extract_engagements(a, ctx)
        if e.type == "talks" and e.date
    )
    assert talks == [(date(2024, 7, 9), "Li Qiang"), (date(2024, 7, 10), "Xi Jinping")]


def test_a_visit_talked_about_later_is_not_a_new_visit():
    a, ctx = article(
        "Regional analysts said the visit, coming amid rising tensions, showed Manila's effort "
        "to balance its ties with Beijing.",
        published=date(2023, 1, 4),
    )
    assert extract_engagements(a, ctx) == []


def test_a_party_delegation_is_a_delegation_and_a_party_and_state_delegation_is_a_visit():
    a, ctx = article(
        "On January 8, Ma Hui, Vice-Minister of the IDCPC, met with a delegation of the Communist "
        "Party of Spain led by Enrique Santiago. From August 31 to September 2, Zhao Leji, "
        "Chairman of the Standing Committee of the National People's Congress, visited Vietnam, "
        "leading a party and state delegation.",
        year=2025,
    )
    found = {(e.type, e.country) for e in extract_engagements(a, ctx)}
    assert found == {("delegation", "ESP"), ("visit_out", "VNM")}


def test_receiving_attention_or_support_is_not_a_meeting():
    a, ctx = article(
        "Since their arrival in Hanoi, the Chinese delegations had received warm attention from "
        "Vietnamese leaders and the public.",
        year=2025,
    )
    assert [e.type for e in extract_engagements(a, ctx)] == []


def test_negotiations_with_a_president_are_talks():
    a, ctx = article(
        "Today, on 18 May, the negotiations of President Shavkat Mirziyoyev of Uzbekistan with "
        "President Xi Jinping took place in Xi'an.",
        year=2023,
    )
    (talks,) = extract_engagements(a, ctx)
    assert (talks.type, talks.country, talks.cn_actor) == ("talks", "UZB", "Xi Jinping")


def test_a_summit_held_in_a_capital_counts_once_with_its_host():
    a, ctx = article(
        "SEOUL, Nov. 1 (Yonhap) -- South Korea, China and Japan held their first trilateral "
        "summit in three and a half years in Seoul on Sunday, agreeing to restore the three-way "
        "leaders' meeting.",
        published=date(2015, 11, 1),
    )
    assert [(e.type, e.country) for e in extract_engagements(a, ctx)] == [("multilateral", "KOR")]


# --- partnerships --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "tier", "rank"),
    [
        (
            "comprehensive strategic partnership of coordination for a new era",
            "comprehensive_strategic_coordination",
            1,
        ),
        ("all-weather strategic cooperative partnership", "all_weather_or_permanent", 2),
        (
            "All-Weather Comprehensive Strategic Partnership for the New Era",
            "all_weather_or_permanent",
            2,
        ),
        (
            "comprehensive strategic cooperative partnership",
            "comprehensive_strategic_cooperative",
            3,
        ),
        (
            "comprehensive strategic partnership of cooperation",
            "comprehensive_strategic_cooperative",
            3,
        ),
        (
            "all-round strategic cooperative partnership in the new era",
            "comprehensive_strategic_cooperative",
            3,
        ),
        ("comprehensive strategic partnership", "comprehensive_strategic", 4),
        ("all-round strategic partnership", "comprehensive_strategic", 4),
        ("strategic cooperative partnership", "strategic_cooperative", 5),
        ("strategic partnership", "strategic", 6),
        ("comprehensive cooperative partnership", "comprehensive_cooperative", 7),
        ("friendly cooperative partnership", "cooperative", 8),
    ],
)
def test_designation_wordings_map_to_their_rung_of_the_ladder(phrase, tier, rank):
    found = classify(phrase)
    assert found is not None and (found.tier, found.rank) == (tier, rank)


def test_a_compound_before_the_phrase_names_the_partner():
    a, ctx = article(
        "Dar said the visit took the all-weather strategic cooperative partnership between "
        "Pakistan and China to a new height. Wang said the China-Russia comprehensive strategic "
        "partnership of coordination for a new era is advancing.",
        year=2025,
    )
    found = {(p.country, p.tier_rank) for p in extract_partnerships(a, ctx)}
    assert found == {("PAK", 2), ("RUS", 1)}


def test_a_partnership_between_two_foreign_countries_is_not_chinas():
    a, ctx = article(
        "The Vietnam-Laos comprehensive strategic cooperative partnership is special.", year=2025
    )
    assert extract_partnerships(a, ctx) == []


def test_friendship_rhetoric_is_not_a_tier():
    a, ctx = article(
        "China and Pakistan are ironclad friends and iron brothers, and the all-weather "
        "friendship between China and Pakistan is unbreakable.",
        year=2025,
    )
    assert extract_partnerships(a, ctx) == []


def test_the_two_countries_refers_to_the_counterpart_of_the_passage():
    a, ctx = article(
        "Orsi said successive governments of Uruguay have attached great importance to relations "
        "with China. The new government is willing to deepen the comprehensive strategic "
        "partnership between the two countries.",
        year=2025,
    )
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.country, mention.tier) == ("URY", "comprehensive_strategic")


def test_an_upgrade_is_told_apart_from_a_passing_mention():
    a, ctx = article(
        "Last year, the two presidents decided to upgrade China-Somalia relations to a strategic "
        "partnership.",
        year=2025,
    )
    (mention,) = extract_partnerships(a, ctx)
    assert (mention.country, mention.status) == ("SOM", "upgraded")


# --- quotes --------------------------------------------------------------------------------


def test_a_direct_quote_keeps_its_text_and_the_speaker_named_after_it():
    a, ctx = article(
        "Chinese Foreign Minister Wang Yi spoke to reporters.\n\n"
        "“Both sides have a firmer will to develop bilateral relations,” Wang said.",
        published=date(2022, 3, 31),
    )
    (quote,) = extract_quotes(a, ctx)
    assert quote.kind == "direct"
    assert quote.text == "Both sides have a firmer will to develop bilateral relations,"
    assert quote.speaker == "Wang Yi" and quote.speaker_country == "CHN"
    assert quote.date is not None and quote.date.value == date(2022, 3, 31)


def test_a_quote_spanning_paragraphs_is_one_quote():
    a, ctx = article(
        "Wang Yi noted that: “The first paragraph of the speech goes on here.\n\n"
        "“And the second paragraph ends the speech for good.”",
    )
    quotes = [q for q in extract_quotes(a, ctx) if q.kind == "direct"]
    assert len(quotes) == 1
    assert "second paragraph" in quotes[0].text and quotes[0].speaker == "Wang Yi"


def test_scare_quotes_are_not_quotes():
    a, ctx = article("China has expressed “regret” over the “de-risking” remarks.")
    assert [q for q in extract_quotes(a, ctx) if q.kind == "direct"] == []


def test_a_quote_whose_speaker_the_text_does_not_give_keeps_speaker_unknown():
    a, ctx = article(
        "“Uncertainty is growing on the international stage, which is becoming complex.”"
    )
    (quote,) = extract_quotes(a, ctx)
    assert quote.speaker is None


def test_countries_named_only_in_a_headline_are_met_on_the_date_the_lead_gives():
    text = (
        "Premier meets leaders from Chile, Peru and Ecuador\n\n"
        "On November 14, 2024, Chinese Premier Li Qiang met in Lima with the leaders of several "
        "Latin American countries."
    )
    _, ctx = article(text, year=2024)
    found = extract_engagements(
        Article(
            article_id="doc-000",
            doc_id="doc",
            ordinal=0,
            kind="single",
            parent_article_id=None,
            title="Premier meets leaders from Chile, Peru and Ecuador",
            published=None,
            date_basis=None,
            dateline=None,
            outlet=None,
            text=text,
            doc_start=0,
            doc_end=len(text),
            context_year=2024,
        ),
        ctx,
    )
    assert {(e.country, e.type, e.date.value if e.date else None) for e in found} == {
        ("CHL", "meeting", date(2024, 11, 14)),
        ("PER", "meeting", date(2024, 11, 14)),
        ("ECU", "meeting", date(2024, 11, 14)),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "A meeting between Chinese Foreign Minister Qin Gang and the Korean minister has been cancelled.",
        "Officials said that no meeting between Premier Li Keqiang and the Canadian Prime Minister was held.",
        "Kenyan President William Ruto invited President Xi Jinping to make a state visit to Kenya.",
    ],
)
def test_cancelled_refused_and_invited_engagements_are_not_engagements(sentence):
    a, ctx = article(sentence, published=date(2023, 6, 14))
    assert extract_engagements(a, ctx) == []


def test_people_keep_their_whole_name_and_calendar_words_are_never_names():
    from etl.actors import find_people

    text = (
        "China’s Minister of Agriculture and Rural Affairs Han Jun attended as the Special Envoy "
        "of President Xi Jinping. On Monday, British Prime Minister Keir Starmer met Xi in Rio."
    )
    people = {(p.name, p.country, p.level) for p in find_people(text)}
    assert ("Han Jun", "CHN", "special_envoy") in people
    assert ("Keir Starmer", "GBR", None) in people
    assert not any(name in {"Monday", "Jinping", "Han"} for name, _, _ in people)


def test_between_the_two_parties_and_nations_is_the_counterpart_of_the_passage():
    a, ctx = article(
        "Lao President Thongloun Sisoulith received the delegation from China. He noted that the "
        "visit strengthened the comprehensive strategic partnership between the two Parties and "
        "nations.",
        year=2025,
    )
    assert [(p.country, p.tier_rank) for p in extract_partnerships(a, ctx)] == [("LAO", 4)]


def test_a_collective_speaker_keeps_its_country_and_quote_spans_point_at_the_quote():
    a, ctx = article(
        "The Chinese side said that it is ready to work with all parties for peace.\n\n"
        "“We will keep talking to everyone who wants peace,” Wang Yi said.",
        published=date(2025, 1, 1),
    )
    quotes = extract_quotes(a, ctx)
    assert ("the Chinese side", "CHN", "reported") in {
        (q.speaker, q.speaker_country, q.kind) for q in quotes
    }
    assert all(a.text[q.span_start : q.span_end] == q.text for q in quotes)


def test_two_engagement_verbs_joined_by_and_are_two_engagements():
    a, ctx = article(
        "On Thursday, Chinese President Xi Jinping was received by Saudi King Salman bin "
        "Abdulaziz Al Saud in Riyadh, and then held talks with Saudi Crown Prince Mohammed bin "
        "Salman.",
        published=date(2022, 12, 9),
    )
    found = {(e.type, e.country, e.date.value) for e in extract_engagements(a, ctx)}
    assert ("talks", "SAU", date(2022, 12, 8)) in found
    assert ("meeting", "SAU", date(2022, 12, 8)) in found


@pytest.mark.parametrize(
    ("sentence", "counterparts"),
    [
        (
            "On Friday, Chinese President Xi Jinping attended the first China-Arab States Summit "
            "and the first China-Gulf Cooperation Council (GCC) Summit in Riyadh.",
            {"GCC"},
        ),
        (
            "On September 25, 2025, Russian Foreign Minister Sergei Lavrov chaired an informal "
            "meeting on Afghanistan of the foreign ministers of China, Iran and Pakistan.",
            {"RUS"},
        ),
        (
            "Chinese Foreign Minister Wang Yi on Monday co-hosted the foreign ministers' meeting "
            "with Fijian Prime Minister Frank Bainimarama.",
            {"FJI"},
        ),
    ],
)
def test_a_multilateral_meeting_counts_with_its_forum_or_else_its_host(sentence, counterparts):
    a, ctx = article(sentence, published=date(2025, 9, 26))
    found = {
        e.counterpart_org or e.country
        for e in extract_engagements(a, ctx)
        if e.type == "multilateral"
    }
    assert counterparts <= found


def test_a_dialogue_mechanism_named_for_china_and_one_country_is_talks_with_it():
    a, ctx = article(
        "Wang Yi co-chaired the 10th China-UK Strategic Dialogue with Foreign Secretary David "
        "Lammy in London on February 13.",
        published=date(2025, 2, 14),
    )
    assert ("talks", "GBR") in {(e.type, e.country) for e in extract_engagements(a, ctx)}


def test_high_level_visits_in_general_are_not_a_visit():
    a, ctx = article(
        "In recent years, leaders of China and Vietnam have paid mutual high-level visits.",
        published=date(2025, 1, 20),
    )
    assert extract_engagements(a, ctx) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Since the beginning of 2024, Chinese and Vietnamese leaders have held over 20 meetings.",
        "Frequent high-level visits between China and Colombia have boosted cooperation.",
    ],
)
def test_counts_of_engagements_are_statements_about_relations_not_engagements(sentence):
    a, ctx = article(sentence, published=date(2025, 1, 15))
    assert extract_engagements(a, ctx) == []


def test_an_organisation_named_in_passing_is_not_the_counterpart_of_a_meeting():
    a, ctx = article(
        "On August 30, the eve of the SCO Summit, President Xi Jinping met in Tianjin with "
        "United Nations Secretary-General António Guterres and Egyptian Prime Minister Mostafa "
        "Madbouly.",
        published=date(2025, 8, 31),
    )
    found = {
        (e.country, e.counterpart_org) for e in extract_engagements(a, ctx) if e.type == "meeting"
    }
    assert found == {(None, "UN"), ("EGY", None)}


def test_the_envoy_acts_not_the_leader_who_sent_him_and_places_are_not_people():
    from etl.actors import find_people

    a, ctx = article(
        "Xi’s special envoy Wang Dongming attended the inauguration of Venezuelan President "
        "Nicolas Maduro in Caracas on January 10.",
        year=2025,
    )
    (visit,) = [e for e in extract_engagements(a, ctx) if e.type == "visit_out"]
    assert (visit.country, visit.cn_actor, visit.cn_level) == (
        "VEN",
        "Wang Dongming",
        "special_envoy",
    )
    names = {
        p.name for p in find_people("Following his visits to India and Afghanistan, Wang Yi said")
    }
    assert "Afghanistan" not in names
    ambassador = find_people("He met Chinese Ambassador to the DPRK Wang Yajun on Tuesday.")
    assert [(p.name, p.country) for p in ambassador] == [("Wang Yajun", "CHN")]


def test_separate_phone_calls_and_courtesy_calls():
    a, ctx = article(
        "Yesterday, Chinese Foreign Minister Qin Gang had separate phone calls with Saudi Foreign "
        "Minister Prince Faisal bin Farhan and Iranian Foreign Minister Hossein Amir-Abdollahian.\n\n"
        "On the same day, the Chinese ambassador paid a courtesy call on Kenyan President William "
        "Ruto.",
        published=date(2023, 4, 12),
    )
    found = {(e.type, e.country, e.date.value) for e in extract_engagements(a, ctx)}
    assert ("call", "SAU", date(2023, 4, 11)) in found and (
        "call",
        "IRN",
        date(2023, 4, 11),
    ) in found
    assert ("meeting", "KEN", date(2023, 4, 11)) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "China is willing to work with Germany to hold the eighth round of consultations in China.",
        "The two sides agreed to hold a meeting between the Chinese and Saudi heads of state every two years.",
        "The Vietnamese President invited the Chinese leader to soon visit Vietnam again.",
    ],
)
def test_readiness_agreements_and_invitations_to_engage_are_plans(sentence):
    a, ctx = article(sentence, published=date(2025, 1, 20))
    assert extract_engagements(a, ctx) == []


def test_on_a_chinese_embassys_page_its_ambassador_is_chinas():
    from datetime import UTC, datetime

    from etl.records import Document
    from etl.segment import segment

    text = (
        "Embassy of the People's Republic of China in the Kingdom of Spain\n"
        "Home | About Us | Embassy News | China-Spain Relations | Consular Services\n\n"
        "Ambassador Wu Haitao Meets with Minister of Foreign Affairs José Manuel Albares\n"
        "2023-03-15 10:20\n\n"
        "On 14 March 2023, Ambassador Wu Haitao met with Minister of Foreign Affairs, European "
        "Union and Cooperation of the Kingdom of Spain José Manuel Albares at the ministry.\n"
    )
    doc = Document("d0", "x.txt", "text", len(text), datetime.now(UTC), "ok", None, text)
    (page,) = segment(doc)[0]
    (meeting,) = extract_engagements(page, DateContext(published=date(2023, 3, 15)))
    assert (meeting.type, meeting.country, meeting.cn_actor) == ("meeting", "ESP", "Wu Haitao")
    assert meeting.date is not None and meeting.date.value == date(2023, 3, 14)


def test_an_ambassador_on_any_other_page_is_not_assumed_chinese():
    a, ctx = article(
        "On 14 March 2023, Ambassador Jane Smith met with the Minister of Foreign Affairs of the "
        "Kingdom of Spain José Manuel Albares.",
        published=date(2023, 3, 15),
    )
    assert extract_engagements(a, ctx) == []


def test_signing_a_communique_in_a_chronology_entry_is_a_meeting_on_the_entrys_day():
    a, ctx = article(
        "• 26.03.2023 — Beijing. Foreign Minister Qin Gang and Honduran Foreign Minister Eduardo "
        "Enrique Reina sign the communiqué on establishing diplomatic relations on Sunday.",
        published=date(2025, 6, 29),
    )
    (meeting,) = extract_engagements(a, ctx)
    assert (meeting.type, meeting.country, meeting.cn_actor) == ("meeting", "HND", "Qin Gang")
    assert meeting.date is not None and meeting.date.value == date(2023, 3, 26)


def test_a_signing_by_the_host_during_a_visit_is_not_a_meeting():
    a, ctx = article(
        "President Xi Jinping paid a state visit to Italy in March, during which Rome signed a "
        "memorandum on the Belt and Road.",
        year=2019,
    )
    assert [e.type for e in extract_engagements(a, ctx)] == ["state_visit"]


def test_a_chronology_cell_naming_talks_is_talks():
    a, ctx = article(
        "| 14–16 June 2019 (range) | Dushanbe | State visit to Tajikistan; talks on the 15th | "
        "Xi Jinping | President Emomali Rahmon |",
        year=2019,
    )
    found = {(e.type, e.country) for e in extract_engagements(a, ctx)}
    assert ("talks", "TJK") in found and ("state_visit", "TJK") in found


def test_two_visits_each_dated_in_one_sentence_are_two_engagements_with_their_own_dates():
    a, ctx = article(
        "Following Kenyan President William Ruto's official visit to China in October 2023, "
        "during the visit to Kenya by Premier Li Qiang in May 2024, the two sides signed ten "
        "agreements.",
        published=date(2024, 6, 1),
    )
    found = {(e.type, e.country, e.date.value) for e in extract_engagements(a, ctx) if e.date}
    assert found == {("visit_in", "KEN", date(2023, 10, 1)), ("visit_out", "KEN", date(2024, 5, 1))}


def test_a_sentence_going_on_with_an_earlier_visit_takes_that_visits_date():
    a, ctx = article(
        "On 3 March 2025, Foreign Minister Wang Yi met Peruvian Foreign Minister Elmer Schialer "
        "in Beijing. In May 2024, during his visit to Peru, Vice Premier Ding Xuexiang met "
        "President Dina Boluarte. During his visit, Ding also met Eduardo Salhuana, President of "
        "the Congress of Peru.",
        published=date(2025, 3, 3),
    )
    by_foreign = {e.foreign_actor: e.date for e in extract_engagements(a, ctx)}
    salhuana = next(v for k, v in by_foreign.items() if k and "Salhuana" in k)
    assert salhuana is not None and (salhuana.value, salhuana.precision) == (
        date(2024, 5, 1),
        "month",
    )


def test_arriving_in_a_capital_is_a_visit_to_its_country():
    a, ctx = article(
        "Chinese Premier Li Qiang arrived in Canberra on Saturday for a four-day official visit.",
        published=date(2024, 6, 16),
    )
    (visit,) = extract_engagements(a, ctx)
    assert (visit.type, visit.country, visit.cn_actor) == ("visit_out", "AUS", "Li Qiang")
    assert visit.date is not None and visit.date.value == date(2024, 6, 15)


def test_a_foreign_leader_named_by_pronoun_who_held_talks_with_xi_is_the_passages_country():
    a, ctx = article(
        "Chilean President Gabriel Boric arrived in Shanghai on Monday. He held talks with "
        "Chinese President Xi Jinping in Beijing in early October.",
        published=date(2023, 10, 20),
    )
    talks = [e for e in extract_engagements(a, ctx) if e.type == "talks"]
    assert [(e.country, e.cn_actor) for e in talks] == [("CHL", "Xi Jinping")]
    assert talks[0].date is not None and talks[0].date.value == date(2023, 10, 1)


def test_attending_a_state_funeral_abroad_is_a_visit_to_that_country():
    a, ctx = article(
        "Vice President Han Zheng, as President Xi's special envoy, attended the state funeral "
        "of former Prime Minister Shinzo Abe in Tokyo on September 27.",
        published=date(2022, 9, 28),
    )
    (visit,) = extract_engagements(a, ctx)
    assert (visit.type, visit.country, visit.cn_actor) == ("visit_out", "JPN", "Han Zheng")


def test_attending_an_event_by_video_link_is_not_a_call():
    a, ctx = article(
        "The same day Xi held talks with President Lula, and the two leaders attended, by video "
        "link, the launch of a satellite.",
        published=date(2023, 4, 14),
    )
    assert [e.type for e in extract_engagements(a, ctx)] == ["talks"]


def test_a_date_in_brackets_in_a_chronology_entry_dates_the_forum_not_the_entry():
    a, ctx = article(
        "• Sat 9 Nov 2024 — Rio de Janeiro. Xi Jinping arrives for a state visit to Brazil and "
        "the G20 summit (18–19 Nov).",
        published=date(2024, 12, 1),
    )
    state_visit = next(e for e in extract_engagements(a, ctx) if e.type == "state_visit")
    assert state_visit.date is not None and state_visit.date.value == date(2024, 11, 9)


def test_a_visitor_meeting_two_chinese_leaders_the_same_day_has_two_meetings():
    a, ctx = article(
        "On 15 May, Xi Jinping met Lao Prime Minister Sonexay Siphandone. On the same day, "
        "Sonexay also met separately with Zhao Leji, Chairman of the NPC Standing Committee.",
        published=date(2024, 5, 16),
    )
    meetings = [e for e in extract_engagements(a, ctx) if e.type == "meeting"]
    assert sorted(e.cn_actor for e in meetings) == ["Xi Jinping", "Zhao Leji"]
    assert {e.country for e in meetings} == {"LAO"}


def test_a_foreign_leaders_visit_to_a_third_country_is_not_chinas_engagement():
    a, ctx = article(
        "Xi Jinping met Cuban President Miguel Díaz-Canel in Beijing on 2 September. "
        "Cuban President Miguel Díaz-Canel then paid a state visit to Laos, September 6-7.",
        published=date(2025, 9, 8),
    )
    assert [(e.type, e.country) for e in extract_engagements(a, ctx)] == [("meeting", "CUB")]


def test_a_visit_talked_about_as_past_has_its_visitor_and_no_borrowed_date():
    a, ctx = article(
        "On February 18, Wang Yi met Pakistani Foreign Minister Mohammad Ishaq Dar. Dar said "
        "that President Asif Ali Zardari's visit to China was a great success.",
        published=date(2025, 2, 19),
    )
    (visit,) = [e for e in extract_engagements(a, ctx) if e.type == "visit_in"]
    assert visit.foreign_actor == "Asif Ali Zardari" and visit.date is None


def test_messages_on_the_anniversary_day_are_dated_to_the_anniversary():
    a, ctx = article(
        "China and Laos mark the 65th anniversary of diplomatic relations. On April 25, 1961, "
        "the two countries established ties. President Xi Jinping exchanged congratulatory "
        "messages with Lao President Thongloun Sisoulith on the anniversary day.",
        published=date(2026, 4, 28),
    )
    (message,) = extract_engagements(a, ctx)
    assert message.type == "message" and message.date is not None
    assert message.date.value == date(2026, 4, 25)


def test_a_call_recalling_an_earlier_visit_keeps_the_days_date_and_the_visit_its_own():
    a, ctx = article(
        "BEIJING, Jan. 15 (Xinhua) -- Xi Jinping on Wednesday held phone talks with Vietnamese "
        "leader To Lam. Xi said he is glad to hold phone talks with To Lam at the turn of the "
        "year, recalling that during To Lam's state visit to China last August, the two leaders "
        "had in-depth exchanges.",
        published=date(2025, 1, 15),
    )
    found = {(e.type, e.date.value if e.date else None) for e in extract_engagements(a, ctx)}
    assert ("call", date(2025, 1, 15)) in found
    assert ("call", date(2024, 8, 1)) not in found
    assert ("state_visit", date(2024, 8, 1)) in found


def test_a_dateline_gives_way_to_the_meetings_own_date_just_before_it():
    a, ctx = article(
        "Feb. 19 (MFA) — On February 18, 2025 local time, Foreign Minister Wang Yi met with "
        "Brazilian Foreign Minister Mauro Vieira in New York.",
        published=date(2025, 2, 19),
    )
    (meeting,) = extract_engagements(a, ctx)
    assert meeting.date is not None and meeting.date.value == date(2025, 2, 18)


def test_a_dateline_stays_when_the_later_date_is_the_anniversary_it_marks():
    a, ctx = article(
        "Jan. 18 (VNA) — Xi Jinping exchanged messages of congratulations with Vietnamese "
        "President Luong Cuong on the 75th anniversary of diplomatic ties (January 18, 1950).",
        published=date(2025, 1, 18),
    )
    (message,) = extract_engagements(a, ctx)
    assert message.date is not None and message.date.value == date(2025, 1, 18)


def test_the_next_day_holds_for_its_paragraph_and_the_next_paragraph_is_back_on_the_story():
    a, ctx = article(
        "Wang Yi met President Cyril Ramaphosa on February 20. The next day he met Foreign "
        "Minister Ronald Lamola.\n\nWang Yi also met Turkish Foreign Minister Hakan Fidan.",
        published=date(2025, 2, 22),
    )
    by_foreign = {e.foreign_actor: e.date.value for e in extract_engagements(a, ctx) if e.date}
    assert by_foreign["Ronald Lamola"] == date(2025, 2, 21)
    assert by_foreign["Hakan Fidan"] == date(2025, 2, 20)


def test_a_visit_began_no_later_than_the_first_meeting_it_held():
    a, ctx = article(
        "Vice Premier Ding Xuexiang visited Vietnam to attend a trade forum held in Ha Long on "
        "March 12. On March 11, Prime Minister Pham Minh Chinh received Ding Xuexiang in Hanoi.",
        published=date(2025, 3, 13),
    )
    visit = next(e for e in extract_engagements(a, ctx) if e.type == "visit_out")
    assert visit.date is not None and visit.date.value == date(2025, 3, 11)


def test_a_south_american_leader_is_not_an_american_one():
    a, ctx = article(
        "Xi Jinping held talks with Ecuadorian President Lenin Moreno on Wednesday. Later on "
        "Wednesday, top legislator Li Zhanshu met with the South American leader.",
        published=date(2018, 12, 13),
    )
    assert {e.country for e in extract_engagements(a, ctx)} == {"ECU"}


def test_a_trilateral_hosted_by_china_is_one_meeting_of_its_guests():
    a, ctx = article(
        "China's Executive Vice Foreign Minister Ma Zhaoxu hosted the trilateral meeting on "
        "Friday with Russian Deputy Foreign Minister Sergei Ryabkov and Iranian Deputy Foreign "
        "Minister Kazem Gharibabadi.",
        published=date(2025, 3, 15),
    )
    (meeting,) = extract_engagements(a, ctx)
    assert (meeting.type, meeting.counterpart_org) == ("multilateral", "MINI:IRN+RUS")


@pytest.mark.parametrize(
    "sentence",
    [
        "The program of the Ecuadorian president includes a meeting on Thursday with Premier "
        "Li Keqiang.",
        "Li Qiang said China is willing to import more Maldivian products and to encourage "
        "Chinese tourists to visit the Maldives.",
    ],
)
def test_a_programme_and_an_encouragement_to_visit_are_not_engagements(sentence):
    a, ctx = article(sentence, published=date(2018, 12, 13))
    assert extract_engagements(a, ctx) == []


def test_the_year_a_count_starts_from_does_not_date_the_engagement():
    a, ctx = article(
        "PM Imran Khan arrived in Beijing on Thursday. This was Mr Khan's fourth visit to China "
        "since he took office in 2018.",
        published=date(2022, 2, 4),
    )
    years = {e.date.value.year for e in extract_engagements(a, ctx) if e.date}
    assert years == {2022}


def test_each_coordinated_part_is_dated_by_its_own_words():
    a, ctx = article(
        "Xi Jinping and Vladimir Putin held talks in the Kremlin on Tuesday. The two leaders "
        "last met in person in Samarkand in September 2022, and held a video conference on "
        "December 30.",
        published=date(2023, 3, 21),
    )
    found = {(e.type, e.date.value) for e in extract_engagements(a, ctx) if e.date}
    assert ("call", date(2022, 12, 30)) in found
    assert ("meeting", date(2022, 9, 1)) in found


def test_a_welcome_at_the_airport_is_not_a_meeting():
    a, ctx = article(
        "Xi Jinping arrived in Moscow on Monday on a state visit. At Vnukovo-2 airport the "
        "Chinese leader was welcomed by Deputy Prime Minister Dmitry Chernyshenko.",
        published=date(2023, 3, 21),
    )
    assert [e.type for e in extract_engagements(a, ctx)] == ["state_visit"]


def test_the_two_heads_of_state_recalled_by_an_ambassador_are_not_the_ambassadors_exchange():
    a, ctx = article(
        "On 14 March 2023, Ambassador Wu Haitao met Spanish Foreign Minister José Manuel "
        "Albares in Madrid. Wu said this year marks an anniversary. The two heads of state "
        "exchanged congratulatory messages, charting the course for the relationship.",
        published=date(2023, 3, 15),
    )
    assert all(
        e.cn_actor != "Wu Haitao" for e in extract_engagements(a, ctx) if e.type == "message"
    )


def test_he_who_held_talks_with_xi_is_the_passages_leader_not_a_country_named_later():
    a, ctx = article(
        "Pakistani Prime Minister Imran Khan arrived in Beijing on Thursday. In October 2019, he "
        "held talks with President Xi in Beijing amid tensions with India over Kashmir.",
        published=date(2022, 2, 4),
    )
    talks = [e for e in extract_engagements(a, ctx) if e.type == "talks"]
    assert [(e.country, e.date.value.year) for e in talks if e.date] == [("PAK", 2019)]


@pytest.mark.parametrize(
    ("sentence", "counterpart"),
    [
        (
            "Vice Premier Liu Yandong and Netanyahu co-chaired the third meeting of the "
            "China-Israel Joint Committee on Innovation Cooperation on March 20.",
            "ISR",
        ),
        ("Premier Li Qiang co-chaired the summit with the two EU leaders on December 7.", "EU"),
    ],
)
def test_a_co_chaired_meeting_of_china_and_one_partner_is_talks_with_it(sentence, counterpart):
    a, ctx = article(sentence, published=date(2023, 12, 8))
    (talks,) = extract_engagements(a, ctx)
    assert talks.type == "talks" and counterpart in (talks.country, talks.counterpart_org)


def test_talks_between_two_foreign_countries_held_in_beijing_are_not_chinas():
    a, ctx = article(
        "Qin Gang said that since the talks between Saudi Arabia and Iran held in Beijing last "
        "month, the two countries have restored relations.",
        published=date(2023, 4, 7),
    )
    assert extract_engagements(a, ctx) == []


def test_an_encounter_placed_only_as_not_long_ago_borrows_no_date():
    a, ctx = article(
        "On February 18, Wang Yi met Pakistani Foreign Minister Ishaq Dar. Not long ago, "
        "President Xi Jinping and President Asif Ali Zardari held a successful meeting.",
        published=date(2025, 2, 19),
    )
    by_foreign = {e.foreign_actor: e.date for e in extract_engagements(a, ctx)}
    assert by_foreign["Asif Ali Zardari"] is None


def test_a_day_without_a_year_takes_the_year_its_sentence_gave_just_before():
    a, ctx = article(
        "In May 2022, Wang Yi visited Kiribati, where he met President Taneti Maamau on 27 May.",
        published=date(2025, 6, 1),
    )
    meeting = next(e for e in extract_engagements(a, ctx) if e.type == "meeting")
    assert meeting.date is not None and meeting.date.value == date(2022, 5, 27)


def test_a_country_that_was_only_discussed_is_not_the_counterpart():
    a, ctx = article(
        "British Foreign Secretary David Lammy met Foreign Minister Wang Yi in Beijing on 18 "
        "October, and Wang Yi also met a delegation with whom he discussed Ukraine.",
        published=date(2024, 10, 19),
    )
    assert "UKR" not in {e.country for e in extract_engagements(a, ctx)}


def test_a_visitor_meeting_leaders_listed_with_protocol_honorifics_meets_each():
    a, ctx = article(
        "Cambodian Prime Minister Hun Manet held talks with Premier Li Qiang on 15 September. "
        "In the afternoon of 15 September 2023, Samdech Thipadei also met separately with H.E. "
        "ZHAO Leji, Chairman of the Standing Committee of the National People's Congress, and "
        "H.E. WANG Huning, Chairman of the National Committee of the Chinese People's Political "
        "Consultative Conference.",
        published=date(2023, 9, 16),
    )
    meetings = [e for e in extract_engagements(a, ctx) if e.type == "meeting"]
    assert sorted(e.cn_actor for e in meetings) == ["Wang Huning", "Zhao Leji"]


def test_a_provincial_party_secretary_is_chinese_and_his_province_is_not_a_person():
    a, ctx = article(
        "Chen Gang, Secretary of the CPC Guangxi Zhuang Autonomous Region Committee, visited "
        "Vietnam, with February 18 meetings between Chen and both General Secretary To Lam and "
        "Prime Minister Pham Minh Chinh.",
        published=date(2025, 2, 19),
    )
    meetings = [e for e in extract_engagements(a, ctx) if e.type == "meeting"]
    assert {e.cn_actor for e in meetings} == {"Chen Gang"}
    assert len(meetings) == 2  # one per leader met: "meetings ... with both"
    assert all(m.date is not None and m.date.value == date(2025, 2, 18) for m in meetings)


def test_welcoming_someones_attendance_is_not_a_meeting():
    a, ctx = article(
        "Afghan Foreign Minister Amir Khan Muttaqi welcomed the attendance of the Chinese and "
        "Pakistani foreign ministers at the dialogue.",
        published=date(2025, 8, 21),
    )
    assert [e.type for e in extract_engagements(a, ctx) if e.type == "meeting"] == []


def test_the_visit_a_first_is_counted_since_is_an_engagement_of_its_own():
    a, ctx = article(
        "Xi landed in Harare last Tuesday (1 December) for a two-day state visit to Zimbabwe, "
        "the first by a Chinese head of state since Jiang Zemin's state visit in 1996.",
        published=date(2015, 12, 8),
    )
    found = {(e.type, e.country, e.date.value, e.cn_actor) for e in extract_engagements(a, ctx)}
    assert ("state_visit", "ZWE", date(2015, 12, 1), "Xi Jinping") in found  # the bracketed day
    assert ("state_visit", "ZWE", date(1996, 1, 1), None) in found  # not Xi's


def test_a_chinese_vice_president_is_at_the_vice_presidents_level_and_a_duma_is_not_a_name():
    from etl.actors import find_people

    people = {
        (p.name, p.country, p.level)
        for p in find_people(
            "Chinese Vice President Han Zheng met Brazilian President Lula. Zhao Leji held talks "
            "with Speaker of the Russian State Duma Vyacheslav Volodin.",
            date(2024, 11, 19),
        )
    }
    assert ("Han Zheng", "CHN", "top_legislator_vp") in people
    assert any(name == "Vyacheslav Volodin" for name, _, _ in people)


def test_a_meeting_someone_reports_is_the_meeting_of_the_leaders_it_names():
    a, ctx = article(
        "Vice President Han Zheng met Chilean Foreign Minister Alberto van Klaveren on Tuesday. "
        "Han said the meeting between President Xi Jinping and President Gabriel Boric in "
        "Beijing last October charted the course of relations.",
        published=date(2024, 10, 9),
    )
    reported = [e for e in extract_engagements(a, ctx) if e.foreign_actor == "Gabriel Boric"]
    assert [e.cn_actor for e in reported] == ["Xi Jinping"]


def test_the_head_of_an_organisation_named_after_it_is_the_foreign_actor():
    a, ctx = article(
        "Wang Yi Meets with U.N. Secretary-General António Guterres",
        published=date(2025, 2, 19),
    )
    (meeting,) = extract_engagements(a, ctx)
    assert (meeting.counterpart_org, meeting.foreign_actor) == ("UN", "António Guterres")

"""De-duplication: one real engagement is one event, whoever reports it; two are two."""

from __future__ import annotations

from datetime import date

from etl.dedupe import assign_events
from etl.records import DateValue, Engagement


def mention(eid, article, day=None, cn="Xi Jinping", country="VNM", type_="message") -> Engagement:
    return Engagement(
        article_id=article, type=type_, country=country, counterpart_org=None, cn_actor=cn,
        cn_level=None, foreign_actor=None,
        date=DateValue(day, "day", "text") if day else None,
        sentence="...", span_start=0, span_end=3, engagement_id=eid,
    )  # fmt: skip


DOC = {"blog-000": "blog", "blog-001": "blog", "wire-000": "wire"}


def test_the_same_message_in_a_blog_its_reprinted_original_and_a_wire_story_is_one_event():
    mentions = [
        mention("a", "blog-000", date(2025, 1, 18)),
        mention("b", "blog-001", date(2025, 1, 18)),
        mention("c", "wire-000", date(2025, 1, 19), cn="Xi"),
    ]
    (event,) = assign_events(mentions, DOC)
    assert len(event.members) == 3 and len({m.event_id for m in mentions}) == 1


def test_two_chinese_leaders_messages_on_the_same_day_in_one_article_are_two_events():
    mentions = [
        mention("a", "blog-001", date(2025, 1, 18)),
        mention("b", "blog-001", date(2025, 1, 18), cn="Li Qiang"),
    ]
    assert len(assign_events(mentions, DOC)) == 2


def test_an_undated_mention_joins_the_only_matching_event_of_its_document_and_never_guesses():
    one = [mention("a", "blog-001", date(2025, 1, 18)), mention("u", "blog-000")]
    assert len(assign_events(one, DOC)) == 1
    two_candidates = [
        mention("a", "blog-001", date(2025, 1, 18)),
        mention("b", "blog-001", date(2025, 3, 1)),
        mention("u", "blog-000"),
    ]
    assert len(assign_events(two_candidates, DOC)) == 3


def test_meetings_with_two_people_on_consecutive_days_in_one_article_are_two_events():
    first = mention(
        "a", "blog-001", date(2025, 2, 20), cn="Wang Yi", country="ZAF", type_="meeting"
    )
    second = mention(
        "b", "blog-001", date(2025, 2, 21), cn="Wang Yi", country="ZAF", type_="meeting"
    )
    first.foreign_actor, second.foreign_actor = "Cyril Ramaphosa", "Ronald Lamola"
    assert len(assign_events([first, second], DOC)) == 2


def test_reports_of_a_summit_a_few_days_apart_are_one_event_but_bilateral_meetings_are_not():
    def forum(eid, article, day):
        m = mention(eid, article, day, type_="multilateral", country=None)
        m.counterpart_org = "SCO"
        return m

    summit = [forum("a", "blog-000", date(2025, 8, 31)), forum("b", "blog-001", date(2025, 9, 2))]
    assert len(assign_events(summit, DOC)) == 1
    meetings = [
        mention("c", "blog-000", date(2025, 8, 31), type_="meeting"),
        mention("d", "wire-000", date(2025, 9, 2), type_="meeting"),
    ]
    assert len(assign_events(meetings, DOC)) == 2


def test_an_undated_mention_joins_the_day_dated_event_of_the_same_two_people():
    def meeting(eid, article, day, cn, foreign):
        m = mention(eid, article, day, cn=cn, country="LAO", type_="meeting")
        m.foreign_actor = foreign
        return m

    mentions = [
        meeting("a", "blog-001", date(2025, 9, 4), "Xi Jinping", "Thongloun Sisoulith"),
        meeting("b", "blog-001", date(2025, 11, 11), "Li Shulei", "Thongloun Sisoulith"),
        meeting("u", "blog-000", None, "Xi Jinping", "Thongloun"),
    ]
    events = assign_events(mentions, DOC)
    assert len(events) == 2
    assert mentions[2].event_id == mentions[0].event_id != mentions[1].event_id


def test_a_visit_named_without_its_rank_joins_the_state_visit_of_the_same_visitor():
    def visit(eid, article, day, type_, cn, foreign, precision="day"):
        m = mention(eid, article, day, cn=cn, country="PAK", type_=type_)
        m.foreign_actor = foreign
        if day is not None:
            m.date = DateValue(day, precision, "text")
        return m

    mentions = [
        visit("a", "blog-001", date(2025, 2, 4), "state_visit", "Xi Jinping", "Asif Ali Zardari"),
        visit("u", "blog-000", None, "visit_in", None, "Asif Ali Zardari"),
        visit("z", "blog-000", None, "visit_out", "Zhao Leji", None),
    ]
    events = assign_events(mentions, DOC)
    assert mentions[1].event_id == mentions[0].event_id
    assert mentions[2].event_id != mentions[0].event_id  # someone else's visit
    assert len(events) == 2


def test_a_visit_dated_by_year_joins_the_same_visit_dated_by_month_whatever_their_order():
    def visit(eid, day, precision, type_):
        m = mention(eid, "blog-001", None, country="VNM", type_=type_)
        m.date = DateValue(day, precision, "text")
        return m

    mentions = [
        visit("a", date(2023, 1, 1), "year", "visit_out"),
        visit("b", date(2023, 12, 1), "month", "state_visit"),
    ]
    assert len(assign_events(mentions, DOC)) == 1


def test_talks_and_a_meeting_of_the_same_two_people_are_one_event_only_on_the_same_day():
    def encounter(eid, article, day, type_):
        m = mention(eid, article, day, cn="Xi Jinping", country="PAK", type_=type_)
        m.foreign_actor = "Asif Ali Zardari"
        return m

    same_day = [
        encounter("a", "blog-001", date(2025, 2, 5), "talks"),
        encounter("b", "wire-000", date(2025, 2, 5), "meeting"),
        encounter("u", "blog-000", None, "meeting"),  # "Not long ago, ... held a meeting"
    ]
    (event,) = assign_events(same_day, DOC)
    assert len(event.members) == 3
    next_day = [
        encounter("a", "blog-001", date(2025, 2, 5), "meeting"),
        encounter("b", "blog-001", date(2025, 2, 6), "talks"),
    ]
    assert len(assign_events(next_day, DOC)) == 2


def test_meetings_with_two_leaders_on_one_day_are_two_events_and_diacritics_do_not_split_one():
    def meeting(eid, article, foreign):
        m = mention(eid, article, date(2025, 2, 18), cn="Chen Gang", type_="meeting")
        m.foreign_actor = foreign
        return m

    mentions = [
        meeting("a", "blog-001", "To Lam"),
        meeting("b", "blog-001", "Pham Minh Chinh"),
        meeting("c", "wire-000", "Tô Lâm"),
    ]
    assign_events(mentions, DOC)
    assert mentions[0].event_id == mentions[2].event_id != mentions[1].event_id

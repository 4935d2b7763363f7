"""Repeats of one statement across articles, and the engagement a quote was spoken at."""

from __future__ import annotations

from datetime import date

from etl.records import DateValue, Engagement, Quote
from etl.statements import link_events, link_statements


def quote(qid, article, text, speaker="Wang Yi", day=date(2025, 2, 18), countries=("PAK",)):
    return Quote(article_id=article, speaker=speaker, speaker_country=None, speaker_role=None,
                 kind="reported", text=text, date=DateValue(day, "day", "text") if day else None,
                 countries_mentioned=list(countries), span_start=100, span_end=100 + len(text),
                 quote_id=qid)  # fmt: skip


ORIGINAL = (
    "China and Pakistan are all-weather strategic cooperative partners, and the two sides have "
    "always trusted and supported each other on issues of core interests."
)


def test_a_blog_quoting_the_readout_is_one_statement_with_two_sources():
    readout = quote("q1", "docA-001", ORIGINAL)
    blog = quote("q2", "docB-000", "China and Pakistan are all-weather strategic cooperative partners.",
                 day=date(2025, 2, 20))  # fmt: skip
    other = quote(
        "q3", "docB-000", "China supports Pakistan in safeguarding its national security."
    )
    link_statements([readout, blog, other])
    assert readout.statement_id == blog.statement_id == "q1"
    assert readout.statement_sources == blog.statement_sources == 2
    assert other.statement_id == "q3" and other.statement_sources == 1


def test_the_same_formula_about_another_country_or_by_another_speaker_is_another_statement():
    pakistan = quote("q1", "docA-001", ORIGINAL)
    laos = quote("q2", "docA-002", ORIGINAL.replace("Pakistan", "Laos"), countries=("LAO",))
    lavrov = quote("q3", "docA-003", ORIGINAL, speaker="Sergei Lavrov")
    link_statements([pakistan, laos, lavrov])
    assert len({pakistan.statement_id, laos.statement_id, lavrov.statement_id}) == 3


def engagement(eid, start, cn="Wang Yi", foreign="Mohammad Ishaq Dar", country="PAK",
               day=date(2025, 2, 18)):  # fmt: skip
    return Engagement(article_id="docA-001", type="talks", country=country, counterpart_org=None,
                      cn_actor=cn, cn_level="foreign_minister", foreign_actor=foreign,
                      date=DateValue(day, "day", "text"), sentence="...", span_start=start,
                      span_end=start + 50, engagement_id=eid, event_id="ev-" + eid)  # fmt: skip


def test_a_quote_takes_the_event_of_the_engagement_it_was_spoken_at_and_its_speakers_country():
    talks = engagement("e1", 0)
    later = engagement("e2", 900, foreign="Celinda Sosa Lunda", country="BOL")
    by_dar = quote("q1", "docA-001", ORIGINAL, speaker="Mohammad Ishaq Dar")
    unnamed = quote("q2", "docA-001", ORIGINAL, speaker=None)
    link_events([by_dar, unnamed], [talks, later])
    assert by_dar.event_id == "ev-e1" and by_dar.speaker_country == "PAK"
    assert unnamed.event_id is None


def test_a_quote_on_another_day_or_about_another_country_is_not_spoken_at_the_engagement():
    talks = engagement("e1", 0)
    next_week = quote("q1", "docA-001", ORIGINAL, day=date(2025, 2, 25))
    about_laos = quote("q2", "docA-001", "China is ready to deepen cooperation with Laos.",
                       countries=("LAO",))  # fmt: skip
    link_events([next_week, about_laos], [talks])
    assert next_week.event_id is None and about_laos.event_id is None


def test_a_post_dated_only_by_publication_takes_the_day_of_the_engagement_it_reports():
    talks = engagement("e1", 0, day=date(2025, 2, 18))
    in_post = quote("q1", "docA-001", ORIGINAL, speaker="Mohammad Ishaq Dar")
    in_post.date = DateValue(date(2025, 2, 24), "day", "published")
    link_events([in_post], [talks])
    assert in_post.event_id == "ev-e1" and in_post.date.value == date(2025, 2, 18)


def test_no_quotes_or_quotes_without_any_speaker_are_linked_without_error():
    link_statements([])
    readout = quote("q1", "docA-001", ORIGINAL, speaker=None)
    blog = quote("q2", "docB-000", ORIGINAL, speaker=None, day=None, countries=())
    link_statements([readout, blog])
    assert readout.statement_id == blog.statement_id == "q1"

"""The evaluator's matching rules, as docs/evaluation.md states them."""

from __future__ import annotations

from datetime import date

from etl.evaluate import Record, evaluate_engagements


def rec(key, counterpart="RUS", type_="call", day=None, precision=None, doc="001", **kw) -> Record:
    return Record(
        doc=doc, key=key, counterpart=counterpart, type=type_, day=day,
        precision=precision or ("day" if day else None), cn_actor=kw.get("cn", ""),
        cn_level="", foreign_actor="", event_key=key,
    )  # fmt: skip


def test_a_date_one_day_off_still_matches_and_two_days_off_does_not():
    gold = [rec("g1", day=date(2025, 2, 24)), rec("g2", counterpart="PAK", day=date(2025, 2, 5))]
    system = [
        rec("s1", day=date(2025, 2, 25), doc="001_x.txt"),
        rec("s2", counterpart="PAK", day=date(2025, 2, 7), doc="001_x.txt"),
    ]
    report = evaluate_engagements(gold, system)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 1)
    assert report.field_accuracy["date_exact"] == 0.0
    assert report.field_accuracy["date_within_1_day"] == 1.0


def test_both_undated_match_and_a_month_precise_gold_takes_any_day_of_its_month():
    gold = [
        rec("g1"),
        rec("g2", counterpart="URY", type_="delegation", day=date(2024, 8, 1), precision="month"),
    ]
    system = [
        rec("s1", doc="001_x.txt"),
        rec("s2", counterpart="URY", type_="delegation", day=date(2024, 8, 19), doc="001_x.txt"),
    ]
    assert evaluate_engagements(gold, system).overall.tp == 2


def test_counterpart_and_type_must_agree_and_matching_is_one_to_one():
    gold = [rec("g1", day=date(2025, 2, 24))]
    system = [
        rec("s1", day=date(2025, 2, 24), doc="001_x.txt"),
        rec("s2", day=date(2025, 2, 24), doc="001_x.txt"),
        rec("s3", counterpart="UKR", day=date(2025, 2, 24), doc="001_x.txt"),
        rec("s4", type_="meeting", day=date(2025, 2, 24), doc="001_x.txt"),
    ]
    report = evaluate_engagements(gold, system)
    assert (report.overall.tp, report.overall.fp) == (1, 3)
    assert report.duplicate_rate == 0.5  # one gold event, reported as two system events


def test_records_of_another_document_never_match():
    report = evaluate_engagements([rec("g1")], [rec("s1", doc="004_y.txt")])
    assert report.overall.tp == 0


def test_partnership_units_are_document_country_and_tier_with_the_strongest_status():
    from etl.evaluate import evaluate_partnerships

    gold = {
        ("001", "PAK", "all_weather_or_permanent"): "mentioned",
        ("001", "SOM", "strategic"): "upgraded",
    }
    system = {
        ("001_x.txt", "PAK", "all_weather_or_permanent"): "mentioned",
        ("001_x.txt", "SOM", "strategic"): "mentioned",
        ("001_x.txt", "RUS", "strategic"): "mentioned",
    }
    report = evaluate_partnerships(gold, system)
    assert (report.tiers.tp, report.tiers.fp, report.tiers.fn) == (2, 1, 0)
    assert report.status_accuracy == 0.5
    # Three system units carry a tier the gold document has; RUS is the wrong country for it.
    assert report.attribution_accuracy == 2 / 3


# --- quotes ----------------------------------------------------------------------------------


def gq(key, text, speaker="Wang Yi", kind="reported", lines=(5, 5), members=(), doc="001"):
    from etl.evaluate_quotes import GoldQuote

    return GoldQuote(doc=doc, key=key, kind=kind, speaker=speaker, speaker_country="CHN",
                     members=members, text=text, lines=lines, statement_key=key, borderline=False)  # fmt: skip


def sq(key, text, speaker="Wang Yi", kind="reported", lines=(5, 5), doc="001_x.txt"):
    from etl.evaluate_quotes import SystemQuote

    return SystemQuote(doc=doc, key=key, kind=kind, speaker=speaker, speaker_country="CHN",
                       text=text, lines=lines)  # fmt: skip


GOLD_TEXT = (
    "China is ready to work with Nepal to accelerate the connectivity network across the Himalayas."
)


def test_a_quote_matches_when_it_covers_half_the_gold_content_words_and_exact_needs_all():
    from etl.evaluate_quotes import evaluate_quotes

    half = "China is ready to work with Nepal to accelerate"  # china ready work nepal accelerate
    report = evaluate_quotes([gq("g1", GOLD_TEXT)], [sq("s1", half)])
    assert report.all_quotes["30%"].tp == 1 and report.all_quotes["50%"].tp == 1
    assert report.all_quotes["80%"].tp == 0 and report.all_quotes["exact"].tp == 0
    whole = evaluate_quotes([gq("g1", GOLD_TEXT)], [sq("s1", GOLD_TEXT)])
    assert whole.all_quotes["exact"].tp == 1


def test_shared_vocabulary_out_of_order_or_on_other_lines_is_no_match():
    from etl.evaluate_quotes import evaluate_quotes

    shuffled = " ".join(reversed(GOLD_TEXT.split()))
    assert evaluate_quotes([gq("g1", GOLD_TEXT)], [sq("s1", shuffled)]).all_quotes["50%"].tp == 0
    elsewhere = sq("s1", GOLD_TEXT, lines=(40, 41))  # the same words, repeated further down
    assert evaluate_quotes([gq("g1", GOLD_TEXT)], [elsewhere]).all_quotes["50%"].tp == 0


def test_a_speaker_is_right_only_when_it_is_the_same_person_or_the_same_collective():
    from etl.evaluate_quotes import speaker_correct

    assert speaker_correct(gq("g", "x", speaker="Miguel Díaz-Canel Bermúdez"), "Miguel Diaz-Canel")
    assert not speaker_correct(gq("g", "x", speaker="Wang Yajun"), "Wang Yi")
    assert not speaker_correct(gq("g", "x", speaker="Wang Yi"), "Wang")
    two_sides = gq("g", "x", speaker="the two sides", members=("Xi Jinping", "Vladimir Putin"))
    assert speaker_correct(two_sides, "the two sides")
    assert speaker_correct(two_sides, "Vladimir Putin; Xi Jinping")
    assert not speaker_correct(two_sides, "Xi Jinping")
    assert speaker_correct(gq("g", "x", speaker=""), "") and not speaker_correct(
        gq("g", "x", speaker=""), "Mao Ning"
    )


def test_the_direct_score_compares_direct_quotes_only():
    from etl.evaluate_quotes import evaluate_quotes

    gold = [
        gq("g1", GOLD_TEXT, kind="direct"),
        gq("g2", "Nepal firmly adheres to the one-China principle."),
    ]
    system = [
        sq("s1", GOLD_TEXT, kind="direct"),
        sq("s2", "Nepal firmly adheres to the one-China principle."),
    ]
    report = evaluate_quotes(gold, system)
    direct = report.direct["50%"]
    assert (direct.tp, direct.fp, direct.fn) == (1, 0, 0)
    assert report.all_quotes["50%"].tp == 2


def test_two_leaders_meetings_on_one_day_pair_with_the_gold_of_the_same_leader():
    day = date(2023, 1, 4)
    gold = [
        rec("g1", "PHL", "meeting", day, "day", cn="Li Keqiang"),
        rec("g2", "PHL", "meeting", day, "day", cn="Li Zhanshu"),
    ]
    system = [
        rec("s1", "PHL", "meeting", day, "day", doc="001.txt", cn="Li Zhanshu"),
        rec("s2", "PHL", "meeting", day, "day", doc="001.txt", cn="Li Keqiang"),
    ]
    report = evaluate_engagements(gold, system)
    assert {(g.key, s.key) for g, s in report.pairs} == {("g1", "s2"), ("g2", "s1")}
    assert report.field_accuracy["cn_actor"] == 1.0

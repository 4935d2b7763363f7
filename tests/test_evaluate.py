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

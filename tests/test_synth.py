"""The synthetic corpus: seeded, reproducible, and the build finds what was planted in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl import gazetteer, synth
from etl.pipeline import build


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_the_same_seed_writes_the_same_corpus_and_another_seed_a_different_one(tmp_path):
    synth.generate(tmp_path / "a", 40, seed=7)
    synth.generate(tmp_path / "b", 40, seed=7)
    synth.generate(tmp_path / "c", 40, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


@pytest.fixture(scope="module")
def planted_corpus(tmp_path_factory) -> tuple[Path, Path, dict]:
    corpus = tmp_path_factory.mktemp("corpus")
    expected = synth.generate(corpus, 60, seed=3)
    data = tmp_path_factory.mktemp("data")
    build(corpus, data)
    return corpus, data, expected


def test_expected_counts_add_up_to_what_was_planted(planted_corpus):
    corpus, _, expected = planted_corpus
    lines = [json.loads(line) for line in (corpus / ".planted.jsonl").read_text().splitlines()]
    assert expected["articles"] >= 60
    assert sum(doc["articles"] for doc in lines) == expected["articles"]
    assert len(lines) == expected["documents"] == len(list(corpus.rglob("*.txt")))
    engagements = [e for doc in lines for e in doc["engagements"]]
    assert len(engagements) == expected["engagements"]["total"]
    for type_, n in expected["engagements"]["by_type"].items():
        assert n == sum(1 for e in engagements if e["type"] == type_)
        assert n == sum(expected["engagements"]["by_type_counterpart"][type_].values())
    assert expected["quotes"]["total"] == sum(len(doc["quotes"]) for doc in lines)


def test_planted_people_and_places_are_real_names_from_the_reference_tables(planted_corpus):
    corpus, _, _ = planted_corpus
    lines = [json.loads(line) for line in (corpus / ".planted.jsonl").read_text().splitlines()]
    officials = {o.name for o in gazetteer.chinese_officials()}
    countries = set(gazetteer.countries()) - gazetteer.CHINESE_REGIONS
    for doc in lines:
        for e in doc["engagements"]:
            assert e["cn_actor"] in officials
            assert (e["country"] in countries) != (e["org"] is not None)


def test_the_build_finds_every_planted_article_and_most_engagements(planted_corpus):
    corpus, data, _ = planted_corpus
    scores = synth.score(corpus, data)
    assert scores["articles_found"] == scores["articles_planted"]
    assert scores["engagement_recall"] >= 0.8
    assert scores["engagement_precision"] >= 0.8
    assert scores["partnership_recall"] >= 0.8

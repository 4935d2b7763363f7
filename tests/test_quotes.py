"""Quote promises: what was said, by whom, on passages written the way readouts and wire
stories write them (none of them taken from the seed documents)."""

from __future__ import annotations

from datetime import date

from etl.quotes import extract_quotes
from tests.test_extraction import article


def quotes_of(text: str, **kw):
    a, ctx = article(text, published=kw.pop("published", date(2024, 5, 6)), **kw)
    found = extract_quotes(a, ctx)
    assert all(a.text[q.span_start : q.span_end] == q.text for q in found)
    return found


def test_reported_speech_runs_over_the_sentences_that_go_on_saying_it_and_stops_at_narrative():
    (quote,) = quotes_of(
        "Premier Li Qiang met Kazakh President Kassym-Jomart Tokayev in Astana on Monday.\n\n"
        "Tokayev said that Kazakhstan values its friendship with China. The two countries should "
        "expand trade in grain and energy. Li also visited a logistics hub in the city."
    )
    assert (quote.speaker, quote.speaker_country, quote.kind) == (
        "Kassym-Jomart Tokayev",
        "KAZ",
        "reported",
    )
    assert quote.text.startswith("Kazakhstan values") and quote.text.endswith("grain and energy.")


def test_a_statement_before_its_tag_is_the_quote_and_the_surname_is_the_person():
    (quote,) = quotes_of(
        "Chinese Premier Li Qiang visited the plant.\n\n"
        "Cooperation in new energy has broad prospects, Li said."
    )
    assert quote.text == "Cooperation in new energy has broad prospects,"
    assert (quote.speaker, quote.speaker_country) == ("Li Qiang", "CHN")


def test_for_his_part_pronouns_and_titles_point_at_the_right_person():
    quotes = quotes_of(
        "Chinese Foreign Minister Wang Yi held talks with Brazilian Foreign Minister Mauro Vieira "
        "in Beijing.\n\n"
        "Wang said China is ready to deepen cooperation with Brazil in green industries.\n\n"
        "For his part, Vieira said Brazil values China's role in the Global South. He added that "
        "Brazil supports more flights between the two countries.\n\n"
        "The Chinese Foreign Minister stressed that the two countries share broad interests."
    )
    assert [(q.speaker, q.speaker_country) for q in quotes] == [
        ("Wang Yi", "CHN"), ("Mauro Vieira", "BRA"), ("Mauro Vieira", "BRA"), ("Wang Yi", "CHN"),
    ]  # fmt: skip


def test_the_two_sides_stay_a_collective_and_what_they_agreed_keeps_its_to():
    (quote,) = quotes_of("The two sides agreed to expand cooperation in agriculture and education.")
    assert quote.speaker == "the two sides" and quote.speaker_country is None
    assert quote.text == "to expand cooperation in agriculture and education."


def test_unnamed_speakers_stay_unknown_with_the_country_and_role_the_text_gives():
    quotes = quotes_of(
        "A Chinese foreign ministry spokesperson said that China opposes unilateral sanctions.\n\n"
        "Analysts said the new rules would slow investment in the region."
    )
    assert [(q.speaker, q.speaker_country) for q in quotes] == [(None, "CHN"), (None, None)]
    assert quotes[0].speaker_role == "Chinese foreign ministry spokesperson"


def test_a_quote_broken_by_its_tag_is_one_quote():
    (quote,) = quotes_of(
        "Mexican President Claudia Sheinbaum spoke after the meeting.\n\n"
        "“We want a relationship of respect and cooperation,” she said. “Trade with Asia will "
        "keep growing this year.”"
    )
    assert quote.kind == "direct" and quote.speaker == "Claudia Sheinbaum"
    assert quote.text.startswith("We want") and quote.text.endswith("this year.")


def test_a_labelled_answer_after_a_question_is_the_spokespersons_direct_quote():
    quotes = quotes_of(
        "Reuters: Will China send a delegation to the conference next week?\n\n"
        "Spokesperson Lin Jian: China supports the conference and will send a delegation. "
        "We will release information in due course."
    )
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Lin Jian")]
    assert quotes[0].text.startswith("China supports")


def test_a_reported_sentence_with_a_quoted_fragment_is_mixed():
    (quote,) = quotes_of(
        "Chinese Foreign Minister Wang Yi met his Thai counterpart.\n\n"
        "Wang described the ties as “a model of friendship between neighbours” and called for "
        "closer cooperation on security."
    )
    assert quote.kind == "mixed" and quote.speaker == "Wang Yi"


def test_courtesies_are_not_statements_but_the_content_after_them_is():
    quotes = quotes_of(
        "Kenyan President William Ruto received Chinese Foreign Minister Wang Yi.\n\n"
        "Ruto thanked China for its support. Kenya is ready to expand cooperation in agriculture."
    )
    assert [(q.speaker, q.text) for q in quotes] == [
        ("William Ruto", "Kenya is ready to expand cooperation in agriculture.")
    ]


def test_a_surname_named_in_full_elsewhere_is_that_person_and_a_title_gives_the_country():
    quotes = quotes_of(
        "Wang Yi met Austrian interim Chancellor and Foreign Minister Alexander Schallenberg "
        "in Vienna.\n\n"
        "Schallenberg, for his part, said that Austria values its dialogue with China."
    )
    assert [(q.speaker, q.speaker_country) for q in quotes] == [("Alexander Schallenberg", "AUT")]


def test_a_capitalised_ordinary_word_is_never_a_speaker():
    (quote,) = quotes_of(
        "Vietnamese Deputy Foreign Minister Nguyen Minh Vu attended the ceremony.\n\n"
        "Addressing the event, Vu said that the two countries will expand their trade."
    )
    assert quote.speaker == "Nguyen Minh Vu"


def test_she_is_the_woman_last_named_not_the_man_who_spoke_before():
    quotes = quotes_of(
        "Chinese Foreign Minister Wang Yi met Ana Olivera, President of the House of "
        "Representatives of Uruguay. Wang said that China values its ties with Uruguay.\n\n"
        "Olivera thanked him for the invitation to her delegation. She said that Uruguay "
        "supports closer trade links."
    )
    assert [(q.speaker, q.speaker_country) for q in quotes] == [
        ("Wang Yi", "CHN"), ("Ana Olivera", "URY"),
    ]  # fmt: skip


def test_a_newspapers_report_speaks_for_the_newspaper_and_a_reported_speaker_for_himself():
    quotes = quotes_of(
        "Shimbun Akahata, the JCP’s daily newspaper, covered the debate.\n\n"
        "The Shimbun Akahata report noted that the government should withdraw the plan.\n\n"
        "Xinhua reported that Kazakh President Kassym-Jomart Tokayev said that Kazakhstan "
        "supports the initiative."
    )
    assert [(q.speaker, q.speaker_country) for q in quotes] == [
        ("Shimbun Akahata", "JPN"), ("Kassym-Jomart Tokayev", "KAZ"),
    ]  # fmt: skip


def test_a_speech_title_in_quotation_marks_is_not_a_quote():
    quotes = quotes_of(
        'President Xi Jinping delivered a speech titled "Working Together for a Better Future '
        'of Our Shared Home." at the summit.'
    )
    assert [q for q in quotes if q.kind == "direct"] == []


def test_when_the_statement_was_made_stands_between_the_verb_and_its_clause():
    (quote,) = quotes_of(
        "OTTAWA -- Canadian officials said on Tuesday that no meeting with the Chinese premier "
        "was planned."
    )
    assert quote.text == "no meeting with the Chinese premier was planned."
    assert (quote.speaker, quote.speaker_country) == (None, "CAN")

"""Words for numbers, dates, flows and estimates."""

from __future__ import annotations

import pytest

from axiswatch.report.prose import (
    actor_name,
    date_words,
    estimative_clause,
    event_phrase,
    flow_phrase,
    format_number,
    quantity_phrase,
)


@pytest.mark.parametrize(("value", "words"), [(6_000_000, "6 million"), (11_000, "11,000"), (2.5e9, "2.5 billion"),
                                             (1_250_000, "1.2 million"), (0.5, "0.5"), (None, "?")])
def test_format_number(value, words):
    assert format_number(value) == words


def test_quantities_keep_ranges_and_units():
    assert quantity_phrase({"low": 3e6, "high": 6e6, "unit": "rounds", "events": 2}) == (
        "between 3 million and 6 million rounds over 2 reported events")
    assert quantity_phrase({"low": 1e10, "high": 1e10, "unit": "USD", "events": 1}) == "$10 billion"
    assert quantity_phrase(None) == ""


@pytest.mark.parametrize(("value", "words"), [("2024-06-19", "19 June 2024"), ("2024-06", "June 2024"),
                                             ("1948", "1948"), (None, "undated")])
def test_date_words(value, words):
    assert date_words(value) == words


@pytest.mark.parametrize(("words", "sentence"), [
    ("likely", "It is likely that X"), ("almost certain", "It is almost certain that X"),
    ("roughly even chance", "There is a roughly even chance that X"),
    ("almost no chance", "There is almost no chance that X")])
def test_estimative_clause(words, sentence):
    assert estimative_clause(words, "X") == sentence


def test_phrases_name_actors_with_articles(profile):
    assert actor_name(profile, "USA") == "the United States" and actor_name(profile, "PRK") == "North Korea"
    assert actor_name(profile, "XYZ") == "XYZ"
    assert event_phrase(profile, "SANCTION", "EU", "RUS") == "the European Union imposed sanctions on Russia"
    assert event_phrase(profile, "MOBILIZE", "PRK", "PRK").startswith("North Korea staged a show of force")
    assert flow_phrase(profile, "PRK", "RUS", "weapons_systems") == (
        "North Korea has provided Russia with weapons systems")
    assert flow_phrase(profile, "RUS", "PRK", "diplomatic_support") == "Russia has given North Korea diplomatic support"

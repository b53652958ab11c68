from __future__ import annotations

import pytest

from axiswatch.extract.dates import find_dates, parse_published
from axiswatch.extract.quantities import find_quantities
from axiswatch.extract.text import split_sentences, tokenize

PUB = parse_published("2024-06-21")  # a Friday


@pytest.mark.parametrize(("text", "value"), [
    ("on June 19, 2024", "2024-06-19"), ("on 6 July 1961", "1961-07-06"), ("in March 2023", "2023-03"),
    ("since mid-2022", "2022"), ("on Tuesday", "2024-06-18"), ("yesterday", "2024-06-20"),
    ("last year", "2023"), ("last month", "2024-05"), ("two weeks ago", "2024-06"), ("in March", "2024-03"),
    ("in the 1950s", "1950"), ("on 2024-01-02", "2024-01-02"), ("in September", "2023-09"),
    ("in the last three months of 2022", "2022-10"), ("in the first quarter of 2023", "2023-01"),
    ("since the September summit", "2023-09"), ("since the June summit", "2024-06"),
    ("this summer", "2024"), ("last winter", "2023"), ("three days before", "2024-06-18"),
    ("between August 2023 and March this year", "2023-08"), ("from May to July", "2024-05"),
    ("in March last year", "2023-03"), ("troops have been there since 2019", "2019"),
    ("a decade ago", "2014"), ("two decades ago", "2004"),
    ("Sixty-three years ago today", "1961-06-21"), ("twenty-four years ago", "2000"),
    ("thirteen years ago today", "2011-06-21"), ("twenty four years ago today", "2000-06-21"),
    ("at the end of March", "2024-03"), ("in the first ten days of April", "2024-04"),
    ("in the first week of February", "2024-02"), ("on 5 October last year", "2023-10-05"),
    ("March 3 this year", "2024-03-03"),
])
def test_dates(text, value):
    assert [d.value for d in find_dates(text, PUB)] == [value]


def test_numbers_are_not_years():
    assert find_dates("11,000 troops and $2,024 and 2024 troops", PUB) == []
    assert find_dates("the council adopted resolution 1874, widening sanctions", PUB) == []
    assert [d.value for d in find_dates("In 2023, Russia sent more troops", PUB)] == ["2023"]


@pytest.mark.parametrize(("text", "value", "money"), [
    ("6 million shells", 6e6, False), ("six million shells", 6e6, False), ("11,000 troops", 11000, False),
    ("roughly eleven thousand troops", 11000, False), ("over 1 million barrels", 1e6, False),
    ("$2.5 billion", 2.5e9, True), ("25,000 to 30,000 troops", 25000, False),
])
def test_quantities(text, value, money):
    (q,) = find_quantities(tokenize(text))
    assert q.value == value and q.money is money


def test_sentence_offsets_are_exact():
    text = "The U.S. said N. Korea sent shells. Kim met Putin in Vladivostok!  Mr. Kim left."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["The U.S. said N. Korea sent shells.", "Kim met Putin in Vladivostok!",
                                       "Mr. Kim left."]
    for s in sents:
        assert text[s.start:s.end] == s.text


@pytest.mark.parametrize("text, expected", [
    ("The U.S. Treasury named two firms. They deny it.", ["The U.S. Treasury named two firms.", "They deny it."]),
    ("He met U.N. Secretary-General Antonio Guterres.", ["He met U.N. Secretary-General Antonio Guterres."]),
    ("It fired at 9:59 a.m. Japan time on Wednesday. It flew far.",
     ["It fired at 9:59 a.m. Japan time on Wednesday.", "It flew far."]),
    ("Ships were seized by the U.S. The owners protested.", ["Ships were seized by the U.S.", "The owners protested."]),
    ("The rocket rose at 10 a.m. Officials said it fell.", ["The rocket rose at 10 a.m.", "Officials said it fell."]),
    ("He urged Russia to halt it. 16:20 — Zinoviev retorted.",
     ["He urged Russia to halt it.", "16:20 — Zinoviev retorted."]),
])
def test_acronyms_clock_times_and_live_blog_stamps_at_sentence_ends(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_span_between_two_months_takes_its_start():
    from datetime import date as _d

    from axiswatch.extract.dates import find_dates
    got = [d.value for d in find_dates("oil shipped between March and November", _d(2024, 11, 22))]
    assert got[0] == "2024-03"


def test_the_end_of_a_year_is_its_december():
    from datetime import date as _d

    from axiswatch.extract.dates import find_dates
    assert [d.value for d in find_dates("pulled out at the end of 1948", _d(2020, 1, 1))] == ["1948-12"]


def test_a_span_before_a_named_event_is_not_dated_from_publication():
    assert find_dates("a small number were sent a few months before the invasion", PUB) == []


def test_names_joined_by_a_hyphen_are_separate_tokens_with_exact_offsets():
    text = "the Russia-North Korea treaty and the Hwasong-11 and Kim Jong-un"
    toks = tokenize(text)
    assert [t.text for t in toks[1:5]] == ["Russia", "-", "North", "Korea"]
    assert "Hwasong-11" in [t.text for t in toks] and "Jong-un" in [t.text for t in toks]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_a_superlative_since_names_the_previous_time_not_this_one():
    assert find_dates("his first trip to China since 2019", PUB) == []
    assert find_dates("the first time a Russian naval flotilla had entered North Korean waters since 1990", PUB) == []
    assert find_dates("trade reached its highest level since the September summit", PUB) == []


def test_a_past_era_fades_and_last_month_names_count_from_publication():
    from axiswatch.extract.run import extract_text
    from axiswatch.profiles import load_profile

    text = ("In the whole of 2018, by comparison, some 3,200 North Koreans came to Russia to study. Officials met "
            "often. Trade grew. Russia's science minister received the North's education minister in April, when the "
            "two sides agreed to take more students.")
    dates = {e.date for e in extract_text(text, load_profile(), published="2024-10-02") if e.event_type == "AGREE"}
    assert dates == {"2024-04"}


def test_a_count_of_containers_covers_every_cargo_listed():
    from axiswatch.extract import extract_text
    from axiswatch.profiles import load_profile

    evs = extract_text("North Korea has delivered more than 1,000 containers of military equipment and munitions to "
                       "Russia.", load_profile(), published="2023-10-14")
    got = {(e.commodity, e.quantity.value if e.quantity else None, e.quantity.unit if e.quantity else None)
           for e in evs if e.event_type == "AID"}
    assert got == {("other", 1000.0, "containers"), ("munitions", 1000.0, "containers")}


def test_each_year_of_trade_keeps_its_own_figure():
    from axiswatch.extract import extract_text
    from axiswatch.profiles import load_profile

    evs = extract_text("China's trade with North Korea collapsed from almost $2.8 billion in 2019 to $539 million in "
                       "2020.", load_profile(), published="2024-05-10")
    assert {(e.date, e.quantity.value) for e in evs if e.quantity} == {("2019", 2.8e9), ("2020", 5.39e8)}


@pytest.mark.parametrize(("text", "value"), [
    ("troops sent since the start of the year", "2025-01"),
    ("the soldiers who arrived at the end of last year", "2024-12"),
    ("after reporting 15,279 barrels for January", "2025-01"),
])
def test_the_start_and_end_of_a_year_and_a_month_a_figure_is_for(text, value):
    from datetime import date as _d

    from axiswatch.extract.dates import find_dates
    assert [d.value for d in find_dates(text, _d(2025, 2, 28))] == [value]

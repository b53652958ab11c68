"""The dependency parse gives the roles of verb triggers where word order misleads the rules."""

from __future__ import annotations

import pytest

from axiswatch.extract import syntax
from axiswatch.extract.engine import Extractor
from axiswatch.profiles import load_profile
from axiswatch.records import Document

# these tests pin the sentence rules: the learned models are off (conftest.py)
pytestmark = [pytest.mark.skipif(not syntax.available(), reason="spaCy or its English model is not installed"),
              pytest.mark.usefixtures("no_models")]


def _code(text: str, *, parse: bool) -> set[tuple]:
    ex = Extractor(load_profile())
    ex.use_syntax = parse
    return {(e.event_type, e.source, e.target, e.commodity)
            for e in ex.extract(Document(id="t", text=text, published="2024-06-21"))}


@pytest.mark.parametrize(("text", "expected", "rules_alone"), [
    # a relative clause between the subject and its verb
    ("North Korea, which has been under UN sanctions since 2006, sent artillery shells to Russia last year.",
     ("AID", "PRK", "RUS", "munitions"), ("AID", "UN", "RUS", "munitions")),
    ("Russia, which Ukraine accuses of war crimes, received ballistic missiles from North Korea.",
     ("AID", "PRK", "RUS", "missiles"), ("AID", "PRK", "UKR", "missiles")),
    # the host of a visit is the subject of the main verb, not the person in the clause before it
    ("Kim Jong Un, who met Putin in Vladivostok in 2019, hosted Sergei Lavrov in Pyongyang on Saturday.",
     ("CONSULT", "RUS", "PRK", None), None),
])
def test_parse_finds_the_subject_the_rules_miss(text, expected, rules_alone):
    with_parse = _code(text, parse=True)
    without = _code(text, parse=False)
    assert expected in with_parse
    assert expected not in without
    if rules_alone is not None:
        assert rules_alone in without and rules_alone not in with_parse


def test_a_participle_clause_does_not_make_its_patient_the_agent():
    # "Asked about it, Lavrov said ...": Lavrov was asked; nobody asked North Korea anything
    got = _code("Asked about the deployment, Lavrov said such decisions were for North Korea to take.", parse=True)
    assert not any(t == "REQUEST" for t, *_ in got)


def test_a_clause_after_the_reporting_verb_is_content_not_the_speaker():
    text = ("Iran has delivered ballistic missiles to Russia, US Secretary of State Antony Blinken said on Tuesday, "
            "warning that Moscow would likely fire them at Ukraine within weeks.")
    ex = Extractor(load_profile())
    evs = ex.extract(Document(id="t", text=text, published="2024-09-11"))
    (strike,) = [e for e in evs if e.event_type == "ASSAULT"]
    assert (strike.source, strike.target, strike.certainty, strike.date) == ("RUS", "UKR", "speculative", None)
    assert ("AID", "IRN", "RUS") in {(e.event_type, e.source, e.target) for e in evs}


def test_two_actors_named_by_one_phrase_both_act():
    ex = Extractor(load_profile())
    text = ("Russia and North Korea held talks in Moscow in June. "
            "After the talks the two leaders signed a joint declaration.")
    got = {(e.event_type, e.source, e.target) for e in ex.extract(Document(id="t", text=text, published="2024-07-01"))}
    assert {("AGREE", "RUS", "PRK"), ("AGREE", "PRK", "RUS")} <= got


def test_documents_coded_in_a_batch_match_one_by_one():
    ex = Extractor(load_profile())
    docs = [Document(id=f"d{n}", text=t, published="2024-06-21") for n, t in enumerate([
        "North Korea shipped artillery shells to Russia.",
        "Kim Jong Un, who met Putin in 2019, hosted Sergei Lavrov in Pyongyang on Saturday.",
        "",
        "Seoul accused Moscow of supplying Pyongyang with air-defence systems.",
    ])]
    batched = [[e.to_dict() for e in evs] for evs in ex.extract_many(docs)]
    single = [[e.to_dict() for e in ex.extract(d)] for d in docs]
    assert batched == single
    assert batched[0] and batched[1] and not batched[2]


def test_the_date_of_a_report_does_not_date_the_act_it_reports():
    got = {(e.event_type, e.date) for e in Extractor(load_profile()).extract(Document(
        id="t", published="2022-11-03",
        text="The White House on Wednesday accused North Korea of covertly supplying Russia with artillery shells."))}
    assert ("ACCUSE", "2022-11-02") in got  # the accusation was made on Wednesday
    assert ("AID", None) in got  # the supply itself is not dated by the text

"""The learned date fallback: its features, what it may date and how, the shipped model, the engine."""

from __future__ import annotations

from datetime import date

import pytest

from axiswatch.extract import engine
from axiswatch.extract.dating import (
    apply_date_model,
    date_features,
    load_date_model,
    sentence_index,
)
from axiswatch.extract.engine import Extractor
from axiswatch.extract.pairs import PairModel
from axiswatch.profiles import load_profile
from axiswatch.records import Document, Event, Evidence

TEXT = ("Kim Jong Un met Putin in Vladivostok on 13 September. Seoul condemned the meeting. "
        "Moscow plans to send more wheat. North Korea has long relied on Soviet aid.")


def _ev(etype: str, src: str, tgt: str, sentence: str, when: str | None = None,
        certainty: str = "confirmed") -> Event:
    start = TEXT.index(sentence)
    return Event(etype, src, tgt, date=when, certainty=certainty, confidence=0.7,
                 evidence=[Evidence(sentence, start, start + len(sentence), "d")], document_id="d")


def _events() -> list[Event]:
    return [_ev("CONSULT", "PRK", "RUS", "Kim Jong Un met Putin in Vladivostok on 13 September.", "2023-09-13"),
            _ev("ACCUSE", "KOR", "RUS", "Seoul condemned the meeting."),
            _ev("AID", "RUS", "PRK", "Moscow plans to send more wheat.", certainty="speculative"),
            _ev("AID", "SUN", "PRK", "North Korea has long relied on Soviet aid.")]


# a toy model that dates what a sentence about condemning or relying says
TOY = PairModel(("pub",), (-3.0,), {"w=condemned": (6.0,), "w=relied": (6.0,)}, 0.5)


def test_features_see_the_sentence_and_the_dates_around_it() -> None:
    evs = _events()
    f = date_features(evs[1], evs, TEXT, "2023-09")
    assert f["t=ACCUSE"] == f["c=confirmed"] == f["w=condemned"] == f["b=the_meeting"] == 1.0
    assert f["idx=1"] == 1.0 and f["prev=pub"] == 1.0 and f["next=none"] == 1.0 and f["anypub"] == 1.0
    assert f["tw=ACCUSE_no"] == 1.0
    assert date_features(evs[3], evs, TEXT, "2024-01")["prev=other"] == 1.0
    assert sentence_index(TEXT, 0) == 0 and sentence_index(TEXT, TEXT.index("North")) == 3


def test_an_undated_event_takes_the_occasion_it_follows_or_the_month() -> None:
    evs = apply_date_model(TOY, _events(), TEXT, date(2023, 9, 14))
    by = {(e.event_type, e.source): e for e in evs}
    # the reaction follows the meeting dated in the month of publication: it takes that day
    assert by[("ACCUSE", "KOR")].date == "2023-09-13"
    assert by[("ACCUSE", "KOR")].confidence <= 0.7
    # the model is confident about "relied" too, and the day before it is the meeting's
    assert by[("AID", "SUN")].date == "2023-09-13"
    # a plan is never dated this way, however sure the model is
    assert by[("AID", "RUS")].date is None
    # published in another month: the month of publication itself
    later = apply_date_model(TOY, _events(), TEXT, date(2023, 10, 2))
    assert next(e for e in later if e.event_type == "ACCUSE").date == "2023-10"


def test_nothing_changes_without_a_publication_date_or_a_confident_model() -> None:
    assert [e.date for e in apply_date_model(TOY, _events(), TEXT, None)] == [e.date for e in _events()]
    shy = PairModel(("pub",), (-9.0,), {}, 0.5)
    assert [e.date for e in apply_date_model(shy, _events(), TEXT, date(2023, 9, 14))] == \
        [e.date for e in _events()]


def test_events_that_come_to_share_a_key_are_merged() -> None:
    first = _ev("ACCUSE", "KOR", "RUS", "Kim Jong Un met Putin in Vladivostok on 13 September.", "2023-09-13")
    again = _ev("ACCUSE", "KOR", "RUS", "Seoul condemned the meeting.", certainty="reported")
    out = apply_date_model(TOY, [first, again], TEXT, date(2023, 9, 14))
    assert len(out) == 1 and len(out[0].evidence) == 2 and out[0].certainty == "confirmed"


def test_the_shipped_model_was_trained_on_development_sets_only() -> None:
    m = load_date_model()
    assert m is not None and m.types == ("pub",) and 0 < m.threshold < 1
    assert all(not s.startswith("heldout") for s in m.trained_on) and len(m.trained_on) >= 16
    bad = m.to_dict()
    bad["format"] = 2
    with pytest.raises(ValueError, match="date_model.json"):
        PairModel.from_dict(bad, "date_model.json")


def test_the_engine_dates_through_the_model_only_when_it_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document(id="d", text="Kim Jong Un condemned the United States for its drills with South Korea.",
                   published="2024-11-06")
    ex = Extractor(load_profile())
    ex.dates = None
    plain = {(e.event_type, e.source, e.target): e.date for e in ex.extract(doc)}
    assert plain[("ACCUSE", "PRK", "USA")] is None
    ex.dates = TOY
    dated = {(e.event_type, e.source, e.target): e.date for e in ex.extract(doc)}
    assert dated[("ACCUSE", "PRK", "USA")] == "2024-11"
    # only a month, not a day, is taken from the publication date; a year-only date is no month
    assert all(e.date is None for e in ex.extract(Document(id="d", text=doc.text, published="2024")))
    monkeypatch.setattr(engine, "load_date_model", lambda: None)
    assert Extractor(load_profile()).dates is None

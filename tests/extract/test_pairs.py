"""The pair classifier: its features, its scoring, the shipped model, and how the engine uses it."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from axiswatch.extract.actors import Mention
from axiswatch.extract.engine import Extractor
from axiswatch.extract.pairs import PairModel, candidate_codes, load_pair_model, pair_features, sentence_features
from axiswatch.extract.text import tokenize
from axiswatch.profiles import load_profile
from axiswatch.records import Document


def _sentence() -> tuple[list, list[Mention]]:
    toks = tokenize("Seoul says Pyongyang shipped shells to Moscow")
    low = [t.lower for t in toks]
    return toks, [Mention(low.index("seoul"), low.index("seoul") + 1, "KOR", "Seoul", "capital"),
                  Mention(low.index("pyongyang"), low.index("pyongyang") + 1, "PRK", "Pyongyang", "capital"),
                  Mention(low.index("moscow"), low.index("moscow") + 1, "RUS", "Moscow", "capital")]


def test_features_read_the_words_between_in_order() -> None:
    toks, ments = _sentence()
    f = pair_features(toks, ments, ["KOR"], [("AID", "PRK", "RUS")], "PRK", "RUS", 3)
    assert f["bw=shipped"] == 1.0 and f["bw=shells"] == 1.0 and f["a_first"] == 1.0
    assert f["r_ab=AID"] == 1.0 and f["dyad=main"] == 1.0 and "spk_a" not in f
    back = pair_features(toks, ments, ["KOR"], [("AID", "PRK", "RUS")], "RUS", "PRK", 3)
    assert back["bw=shipped_r"] == 1.0 and back["a_first"] == 0.0 and back["r_ba=AID"] == 1.0
    shipped = [t.lower for t in toks].index("shipped")
    says = [t.lower for t in toks].index("says")
    trig = [(says, frozenset({"ACCUSE"})), (shipped, frozenset({"AID", "MOBILIZE"}))]
    with_trig = pair_features(toks, ments, ["KOR"], [], "PRK", "RUS", 3, triggers=trig)
    assert with_trig["tb=AID"] == with_trig["tb=MOBILIZE"] == with_trig["tf=ACCUSE"] == 1.0
    said = pair_features(toks, ments, ["KOR"], [], "KOR", "PRK", 3)
    assert said["spk_a"] == 1.0 and said["r_none"] == 1.0 and said["dyad=one"] == 1.0
    # the sentence's words are the same for every pair: kept apart when asked, the rest unchanged
    apart = pair_features(toks, ments, ["KOR"], [("AID", "PRK", "RUS")], "PRK", "RUS", 3, words=False)
    assert f["w=shipped"] == 1.0 and "w=shipped" not in apart
    assert apart | sentence_features(toks) == f


def test_candidate_codes_include_actors_only_the_rules_named() -> None:
    _, ments = _sentence()
    assert candidate_codes(ments, [("CONSULT", "CHN", "PRK")]) == ["CHN", "KOR", "PRK", "RUS"]


def test_scores_are_the_logistic_of_the_weighted_sum() -> None:
    m = PairModel(("AID", "ACCUSE"), (-1.0, 0.5), {"w=shipped": (2.0, -1.0), "dist": (1.0, 0.0)}, 0.5)
    s = m.scores({"w=shipped": 1.0, "dist": 0.5, "w=unknown": 1.0})
    assert s["AID"] == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert s["ACCUSE"] == pytest.approx(1 / (1 + math.exp(0.5)))
    assert PairModel.from_dict(m.to_dict()) == m
    # several pairs at once, the features they share counted once for each
    many = m.scores_many([{"dist": 0.5}, {}], shared={"w=shipped": 1.0})
    assert many[0][0] == pytest.approx(s["AID"]) and many[1][0] == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_a_model_file_that_does_not_fit_is_refused() -> None:
    bad = PairModel(("AID",), (0.0,), {"x": (1.0,)}, 0.5).to_dict()
    bad["weights"]["y"] = [1.0, 2.0]
    with pytest.raises(ValueError, match="do not match"):
        PairModel.from_dict(bad)


def test_the_shipped_model_covers_every_type() -> None:
    m = load_pair_model()
    assert m is not None and len(m.types) == 16 and 0 < m.threshold < 1
    assert all(not s.startswith("heldout") for s in m.trained_on) and len(m.trained_on) >= 32
    assert len(m.weights) > 1000
    assert m.threshold <= m.repeat < 1  # a second month or cargo of a triple needs at least the usual score


TEXT = "Moscow and Pyongyang have deepened their partnership. Kim Jong Un met Putin in Vladivostok on 13 September."


def test_the_engine_adds_a_proposal_only_for_what_the_rules_missed() -> None:
    ex = Extractor(load_profile())
    assert ex.pairs is not None
    ex.pairs = None
    rules = {(e.event_type, e.source, e.target) for e in ex.extract(Document(id="d", text=TEXT,
                                                                              published="2023-09-20"))}
    # a model that proposes every type for every pair adds each (type, source, target) once, never twice
    eager = PairModel(("AID", "CONSULT"), (5.0, 5.0), {}, 0.5)
    ex.pairs = eager
    events = ex.extract(Document(id="d", text=TEXT, published="2023-09-20"))
    keys = [(e.event_type, e.source, e.target) for e in events]
    assert len(keys) == len(set((k, e.commodity, e.date) for k, e in zip(keys, events, strict=True)))
    assert ("CONSULT", "PRK", "RUS") in rules and keys.count(("CONSULT", "PRK", "RUS")) == 1
    assert ("AID", "PRK", "RUS") in keys and ("AID", "RUS", "PRK") in keys
    added = next(e for e in events if (e.event_type, e.source, e.target) == ("AID", "RUS", "PRK"))
    assert added.evidence and 0 < added.confidence <= 0.8
    # a model that proposes nothing leaves the rules' output as it is
    ex.pairs = replace(eager, bias=(-5.0, -5.0))
    assert {(e.event_type, e.source, e.target) for e in ex.extract(Document(
        id="d", text=TEXT, published="2023-09-20"))} == rules


def test_the_training_log_records_every_ordered_pair() -> None:
    ex = Extractor(load_profile())
    ex.pairs, ex.pair_log = None, []
    ex.extract(Document(id="d", text=TEXT, published="2023-09-20"))
    pairs = {(doc, a, b) for doc, _, a, b, _ in ex.pair_log}
    assert {("d", "RUS", "PRK"), ("d", "PRK", "RUS")} <= pairs


def test_training_learns_a_separable_pattern() -> None:
    pytest.importorskip("sklearn")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import train_pairs

    feats = [{"bw=shipped": 1.0, "w=shells": 1.0}] * 30 + [{"bw=met": 1.0}] * 30 + [{"bw=said": 1.0}] * 60
    ys = [{"AID"}] * 30 + [{"CONSULT"}] * 30 + [set()] * 60
    m = train_pairs.train(feats, ys, ["toy"])
    assert m.types == train_pairs.TYPES and m.trained_on == ("toy",)
    assert m.scores({"bw=shipped": 1.0, "w=shells": 1.0})["AID"] > 0.5 > m.scores({"bw=said": 1.0})["AID"]
    assert m.scores({"bw=met": 1.0})["CONSULT"] > 0.5 and m.scores({"bw=met": 1.0})["AID"] < 0.5
    assert m.bias[train_pairs.TYPES.index("RETREAT")] == -30.0  # no examples: never proposed


@pytest.mark.parametrize(("text", "ruled_out"), [
    ("North Korea denied that it had sent weapons to Russia.", ("AID", "PRK", "RUS")),  # a denial
    ("Russia did not send fighter jets to North Korea.", ("AID", "RUS", "PRK")),  # negated
    ("Moscow warned Seoul against sending weapons to Ukraine.", ("AID", "KOR", "UKR")),  # warned against
])
def test_the_classifier_cannot_code_what_the_rules_ruled_out(text: str, ruled_out: tuple[str, str, str]) -> None:
    ex = Extractor(load_profile())
    ex.pairs = PairModel(("AID", "CONSULT"), (5.0, 5.0), {}, 0.5)  # proposes everything it may
    keys = {(e.event_type, e.source, e.target) for e in ex.extract(Document(id="d", text=text,
                                                                            published="2024-06-21"))}
    assert ruled_out not in keys
    assert ("CONSULT", ruled_out[1], ruled_out[2]) in keys  # the pair itself was scored


def test_a_forecast_gets_nothing_from_the_classifier() -> None:
    ex = Extractor(load_profile())
    ex.pairs = PairModel(("AID", "CONSULT"), (5.0, 5.0), {}, 0.5)
    assert ex.extract(Document(id="d", text="Seoul also warned that Moscow might repay the North with military "
                                            "technology.", published="2024-06-21")) == []


def test_a_long_list_of_actors_is_left_to_the_rules() -> None:
    # the pairs grow as the square of the actors: past twelve the classifier stays out (no development sentence
    # names more), so a sentence listing signatories costs what the rules cost
    many = ("Canada, France, Germany, Italy, Japan, Spain, Poland, Sweden, Norway, Denmark, Finland, Estonia, "
            "Latvia and Lithuania condemned the transfer of North Korean missiles to Russia.")
    ex = Extractor(load_profile())
    ex.pairs = None
    rules = {(e.event_type, e.source, e.target) for e in ex.extract(Document(id="d", text=many,
                                                                              published="2024-06-21"))}
    ex.pairs = PairModel(("AID", "CONSULT"), (5.0, 5.0), {}, 0.5)  # would propose every pair
    assert {(e.event_type, e.source, e.target) for e in ex.extract(Document(
        id="d", text=many, published="2024-06-21"))} == rules
    few = "Canada and France condemned the transfer of North Korean missiles to Russia."
    assert ("CONSULT", "CAN", "FRA") in {(e.event_type, e.source, e.target) for e in ex.extract(Document(
        id="d", text=few, published="2024-06-21"))}


def test_the_version_names_the_shipped_models() -> None:
    # a retrained model is a new extractor: workspaces re-code what the old one coded
    from axiswatch.extract.pairs import models_digest

    digest = models_digest(("pair_model.json", "date_model.json"))
    assert Extractor.version.endswith("+" + digest) and len(digest) == 8
    assert models_digest(("pair_model.json",)) != models_digest(("pair_model.json", "date_model.json"))
    assert models_digest(("pair_model.json", "no_such_model.json")) != models_digest(("pair_model.json",))
    assert models_digest(("pair_model.json",)) == models_digest(("pair_model.json",))


def _cand(etype: str, date: str | None, commodity: str | None = None):
    from axiswatch.extract.engine import _Candidate
    return _Candidate(etype, "PRK", "RUS", commodity, None, date, None, "confirmed", 0.8, None, None)


def _sent(start: int):
    from axiswatch.extract.text import Sentence
    return Sentence("x", start, start + 1, start, [])


def test_a_second_month_or_cargo_of_a_coded_triple_needs_the_repeat_score() -> None:
    from axiswatch.extract.engine import _with_proposals
    coded = [(_sent(0), _cand("CONSULT", "2023-09-13"))]
    other_month = (0.45, _sent(5), _cand("CONSULT", "2024-06-19"))
    same_month = (0.9, _sent(6), _cand("CONSULT", "2023-09-20"))
    undated = (0.9, _sent(7), _cand("CONSULT", None))
    new_triple = (0.35, _sent(8), _cand("AGREE", None))
    props = [other_month, same_month, undated, new_triple]
    # without a repeat score only the (type, source, target) the document lacks is added
    assert [c.event_type for _, c in _with_proposals(coded, props)] == ["CONSULT", "AGREE"]
    # with it, another month too; never the same month again, nor an undated restatement without cargo
    got = _with_proposals(coded, props, repeat=0.4)
    assert [(c.event_type, c.date) for _, c in got] == [("CONSULT", "2023-09-13"), ("CONSULT", "2024-06-19"),
                                                        ("AGREE", None)]
    # scored below the repeat score it stays out
    assert len(_with_proposals(coded, props, repeat=0.5)) == 2
    # another cargo of a flow the document has counts as a new event
    flows = [(_sent(0), _cand("AID", "2024", "munitions"))]
    assert len(_with_proposals(flows, [(0.6, _sent(3), _cand("AID", "2024", "missiles"))], repeat=0.4)) == 2


def test_the_repeat_score_travels_with_the_model_file() -> None:
    m = PairModel(("AID",), (0.0,), {"x": (1.0,)}, 0.3, ("dev_a",), 0.1, 0.4)
    again = PairModel.from_dict(m.to_dict())
    assert (again.threshold, again.doubt, again.repeat) == (0.3, 0.1, 0.4)
    old = m.to_dict()
    del old["repeat"]  # a model file from before the repeat score: never adds a second event of a triple
    assert PairModel.from_dict(old).repeat == 1.0

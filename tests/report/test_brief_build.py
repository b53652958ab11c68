"""The brief's content: cited findings, judgements that follow the confidence rule, honest gaps."""

from __future__ import annotations

import pytest
from brief_fixture import add_documents, read_jsonl, to_event

from axiswatch.analysis.confidence import estimative
from axiswatch.analysis.ledger import build_ledger
from axiswatch.analysis.timeline import build_timeline
from axiswatch.ontology import load_ontology
from axiswatch.report import build_brief
from axiswatch.report.model import Brief, Citation
from axiswatch.report.prose import date_words


def _stored(ws, c: Citation) -> bool:
    row = ws.fetchone("SELECT count(*) FROM evidence WHERE document_id IS NOT DISTINCT FROM ? AND text = ? "
                      "AND start_char IS NOT DISTINCT FROM ? AND end_char IS NOT DISTINCT FROM ?",
                      [c.document_id, c.text, c.start, c.end])
    return bool(row and row[0])


def test_every_finding_cites_stored_evidence(shared_ws, brief, profile):
    findings = [p for p in brief.paragraphs() if p.kind == "finding"]
    assert len(findings) >= 10
    for p in findings:
        assert p.citations(), " ".join(s.text for s in p.sentences)
    cites = brief.citations()
    assert len(cites) >= 30
    for c in cites:
        assert _stored(shared_ws, c), c
        source = brief.sources[c.number - 1]
        assert source.number == c.number
        assert c.anchor in {e.anchor for e in source.excerpts}
        assert source.key == f"doc:{c.document_id}"


def test_sources_numbered_in_order_of_first_use_with_publisher_grade_and_link(shared_ws, brief, profile):
    first_use: list[int] = []
    for c in brief.citations():
        if c.number not in first_use:
            first_use.append(c.number)
    assert sorted(first_use) == list(range(1, len(brief.sources) + 1))
    by_doc = {s.key.removeprefix("doc:"): s for s in brief.sources}
    shells = by_doc["shells-2024"]
    assert (shells.publisher, shells.grade, shells.published) == ("Axiswatch Sample Daily", "C", "2024-02-27")
    assert shells.link == "https://daily.example.org/shells"
    media = by_doc["treaty-2024b"]  # no URL: the file it came from, not a link
    assert media.link is None and media.origin == "corpus/treaty-2024b.txt" and media.grade == "D"
    assert by_doc["hist-1"].title == "Россия и КНДР: a short history (북러 관계)"


def test_judgements_follow_the_confidence_rule_and_the_ledger(shared_ws, brief, profile):
    ledger = {(ln.source, ln.target, ln.commodity): ln for ln in build_ledger(shared_ws, profile)}
    assert len(brief.judgements) >= 4
    for j in brief.judgements:
        assert j.estimative == estimative(j.confidence) == load_ontology().estimative_words(j.confidence)
        assert j.estimative in j.text and j.cites
    munitions = next(j for j in brief.judgements if "with munitions" in j.text)
    line = ledger[("PRK", "RUS", "munitions")]
    assert munitions.confidence == line.confidence == 0.65
    assert munitions.text.startswith("It is likely that North Korea has provided Russia with munitions")
    assert "1,000 containers; 3 million rounds" in munitions.text
    money = next(j for j in brief.judgements if "with money" in j.text)
    assert money.estimative == "very likely" and "$10 billion; 2014" in money.text
    assert money.basis == "best report confirmed, 1 independent source, best source grade C"


def test_ledger_tables_are_the_ledger(shared_ws, brief, profile):
    lines = build_ledger(shared_ws, profile)
    rows = [r for f in brief.flows for r in f.rows]
    assert sorted((r.source, r.target, r.commodity, r.confidence, r.estimative) for r in rows) == sorted(
        (ln.source, ln.target, ln.commodity, ln.confidence, ln.estimative) for ln in lines)
    for f in brief.flows:
        for row, para in zip(f.rows, f.paragraphs, strict=True):
            assert row.estimative == estimative(row.confidence)
            assert para.sentences[0].text.startswith(f"It is {row.estimative} that ")
            assert f"(confidence {row.confidence:.2f}; " in para.sentences[0].text
    russia = next(f for f in brief.flows if f.recipient == "RUS")
    assert russia.title == "What Russia gets"
    troops = next(r for r in russia.rows if r.commodity == "troops")
    assert troops.quantity == "12,500 troops over 2 reported events"
    assert troops.period == "October 2024 to November 2024"
    korea = next(f for f in brief.flows if f.recipient == "PRK")
    assert [r.commodity for r in korea.rows][:2] == ["diplomatic_support", "money"]


def test_background_why_now_reactions_and_watch(shared_ws, brief, profile):
    history = " ".join(s.text for p in brief.background for s in p.sentences)
    assert history.startswith("In 1948, the Soviet Union backed North Korea.")
    assert "In July 1961, North Korea and the Soviet Union signed an agreement." in history
    why = " ".join(s.text for p in brief.why_now for s in p.sentences)
    recent = build_timeline(shared_ws, profile).change_points[-3:]  # the brief tells the analysis' own changes
    assert recent
    for k, cp in enumerate(recent, start=1):
        verb = "deepened" if cp["shift"] == "deepening" else "cooled"
        assert (f"From {date_words(cp['date'][:7])} (point {k} on the chart) the relationship {verb}: the monthly "
                f"net cooperation score went from {cp['before']:+.1f} to {cp['after']:+.1f} on average.") in why
    assert why.count("signed an agreement") == 1  # the treaty, coded both ways, told once
    reactions = " ".join(s.text for p in brief.reactions for s in p.sentences)
    assert "The United States imposed sanctions on North Korea, latest on 5 November 2024." in reactions
    assert "Soviet Union" not in reactions  # a predecessor state is not a third party
    watch = {w.id: w for w in brief.watch}
    assert watch["troop_deployment"].status == "escalating"
    assert watch["oil_beyond_cap"].last is not None and watch["oil_beyond_cap"].last.cites
    assert [w.status for w in brief.watch] == sorted(
        (w.status for w in brief.watch), key=["escalating", "observed", "not observed"].index)
    assert brief.as_of == "2024-12-16"
    assert set(brief.charts) == {"trend", "ledger"}


def test_the_brief_does_not_write_indicator_history(shared_ws, brief):
    assert shared_ws.fetchone("SELECT count(*) FROM indicator_status")[0] == 0
    assert shared_ws.fetchone("SELECT count(*) FROM alerts")[0] == 0


def test_same_workspace_same_brief(shared_ws, brief, profile):
    again = build_brief(shared_ws, profile)
    assert again.to_dict() == brief.to_dict()
    assert again.charts == brief.charts


def test_period_filters(shared_ws, profile):
    brief = build_brief(shared_ws, profile, since="2024-06", until="2024-12")
    assert brief.as_of == "2024-12-31" and brief.period == "the period from June 2024 to December 2024"
    rows = [r for f in brief.flows for r in f.rows]
    assert {r.commodity for r in rows} == {"troops", "military_technology"}
    assert brief.background  # history stays as context whatever --since says
    assert all(s.text[:7] != "In 2025" for p in brief.why_now for s in p.sentences)


def test_empty_workspace_gives_a_short_honest_brief(ws, profile):
    brief = build_brief(ws, profile)
    assert isinstance(brief, Brief) and brief.empty
    assert [a for a, _ in brief.sections()] == ["bluf", "missing", "sources"]
    assert brief.missing[0] == "No documents: nothing has been ingested into this workspace."
    assert brief.citations() == [] and brief.sources == [] and brief.judgements == []
    assert all(p.kind == "note" for p in brief.paragraphs())


@pytest.mark.parametrize("keep", [["summit-2019"]])
def test_thin_workspace_says_what_is_missing(ws, profile, keep):
    from axiswatch.store.events import write_events

    with ws.transaction():
        add_documents(ws, [d for d in read_jsonl("documents.jsonl") if d["id"] in keep])
        write_events(ws, [to_event(r) for r in read_jsonl("events.jsonl") if r["origin"]["document_id"] in keep])
    brief = build_brief(ws, profile)
    assert not brief.empty and brief.counts["dyad_events"] == 1
    assert "No ledger flow towards Russia: nothing recorded as provided to it." in brief.missing
    assert any("change points need at least five" in m for m in brief.missing)
    assert any(m.startswith("1 source cannot be graded") for m in brief.missing)  # no publishers table
    assert brief.judgements == []
    assert [p.kind for p in brief.flows[0].paragraphs] == ["note"]


def test_dataset_evidence_is_cited_as_a_dataset_record(ws, profile):
    from axiswatch.records import Event, Evidence
    from axiswatch.store.events import write_events

    row = "GDELT 2.0 row 7: PRK→RUS CAMEO 070 (provide aid)"
    with ws.transaction():
        write_events(ws, [Event("AID", "PRK", "RUS", commodity="other", date="2024-05-02", origin_kind="gdelt",
                                origin={"dataset": "gdelt", "file": "events.csv", "key": "k7"},
                                evidence=[Evidence(row, 0, len(row))])])
    brief = build_brief(ws, profile)
    (source,) = brief.sources
    assert (source.title, source.grade, source.publisher, source.link) == (
        "gdelt record (events.csv)", "D", "gdelt", None)
    assert source.excerpts[0].text == row
    assert all(c.number == 1 for c in brief.citations())


def test_long_evidence_is_clipped_in_the_sources_list(ws, profile):
    from axiswatch.records import Event, Evidence
    from axiswatch.store.events import write_events

    text = "North Korea sent shells to Russia. " * 100
    with ws.transaction():
        add_documents(ws, [{"id": "long", "published": "2024-01-01", "title": "T" * 1000, "text": text}])
        write_events(ws, [Event("AID", "PRK", "RUS", commodity="munitions", date="2024-01", document_id="long",
                                evidence=[Evidence(text, 0, len(text), "long")])])
    brief = build_brief(ws, profile)
    source = brief.sources[0]
    assert len(source.title) == 300 and source.title.endswith("…")
    assert len(source.excerpts[0].text) == 800
    assert _stored(ws, brief.citations()[0])  # the citation still names the stored sentence exactly


def test_undated_events_give_no_date_of_today(ws, profile):
    from axiswatch.records import Event, Evidence
    from axiswatch.store.events import write_events

    text = "Russia could send fuel to North Korea."
    with ws.transaction():
        add_documents(ws, [{"id": "u", "published": None, "title": "Undated", "text": text}])
        write_events(ws, [Event("AID", "RUS", "PRK", commodity="fuel", certainty="speculative", document_id="u",
                                evidence=[Evidence(text, 0, len(text), "u")])])
    brief = build_brief(ws, profile)
    assert brief.as_of is None and brief.watch == []
    assert "No dated event, so the indicators cannot be evaluated." in brief.missing
    assert brief.judgements[0].text == "It is very unlikely that Russia has provided North Korea with fuel (undated)."

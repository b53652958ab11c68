from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from axiswatch.extract import extract_workspace
from axiswatch.extract.engine import Extractor
from axiswatch.extract.evaluate import read_gold, score_documents
from axiswatch.profiles import load_profile

DOCS = [
    {"id": "d1", "published": "2024-06-21", "title": "Treaty",
     "text": "Putin and Kim Jong Un signed a treaty in Pyongyang on Wednesday. The weather was mild."},
    {"id": "d2", "published": "2023-10-14", "title": "Shells",
     "text": "The White House said North Korea had shipped more than 1,000 containers of munitions to Russia."},
    {"id": "d3", "published": "2024-01-01", "title": "Empty", "text": "   "},
    {"id": "d4", "published": "2024-01-01", "title": "Russian", "text": "Россия и КНДР подписали договор о "
                                                                          "всеобъемлющем стратегическом партнёрстве."},
]


def _insert_docs(ws):
    for d in DOCS:
        ws.execute("INSERT INTO documents (document_id, content_hash, title, text, published, kind) "
                   "VALUES (?, ?, ?, ?, ?, 'jsonl')", [d["id"], d["id"], d["title"], d["text"], d["published"]])


def test_workspace_extraction_is_incremental_and_keeps_superseded(ws, monkeypatch):
    _insert_docs(ws)
    profile = load_profile()
    s1 = extract_workspace(ws, profile)
    assert (s1.documents, s1.coded, s1.skipped) == (4, 2, 2)
    events = ws.fetchall("SELECT event_type, source, target, commodity, date FROM events ORDER BY 1, 2")
    assert ("AGREE", "PRK", "RUS", None, "2024-06-19") in events
    assert ("AGREE", "RUS", "PRK", None, "2024-06-19") in events
    assert ("AID", "PRK", "RUS", "munitions", None) in events
    # evidence spans point into the stored text
    for text, start, end, doc in ws.fetchall(
            "SELECT v.text, v.start_char, v.end_char, d.text FROM evidence v JOIN documents d USING (document_id)"):
        assert doc[start:end] == text
    # nothing new to code: a second run adds nothing
    s2 = extract_workspace(ws, profile)
    assert s2.documents == 0
    n = ws.fetchone("SELECT count(*) FROM events")[0]
    # a new extractor version re-codes and keeps the old codings, marked superseded
    monkeypatch.setattr(Extractor, "version", "rules-test-next")
    s3 = extract_workspace(ws, profile)
    assert s3.coded == 2 and s3.superseded == n
    assert ws.fetchone("SELECT count(*) FROM events WHERE superseded")[0] == n
    assert ws.fetchone("SELECT count(*) FROM events WHERE NOT superseded")[0] == n
    orphans = ws.fetchone("SELECT count(*) FROM evidence v LEFT JOIN events e USING (event_id) "
                          "WHERE e.event_id IS NULL")[0]
    assert orphans == 0


def test_stateless_cli_and_eval(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in DOCS) + "\n{not json\n", "utf-8")
    out = tmp_path / "events.jsonl"
    r = subprocess.run([sys.executable, "-m", "axiswatch", "extract", "--input", str(docs), "--output", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 1  # the broken line is reported, the rest coded
    assert "docs.jsonl:5" in r.stderr and "not JSON" in r.stderr
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["d1", "d2", "d3", "d4"]
    ev = lines[1]["events"][0]
    assert {k: ev[k] for k in ("event_type", "source", "target", "commodity", "certainty")} == {
        "event_type": "AID", "source": "PRK", "target": "RUS", "commodity": "munitions", "certainty": "reported"}
    assert ev["quantity"] == {"value": 1000, "unit": "containers"}
    assert 0 <= ev["confidence"] <= 1 and ev["evidence"][0]["document_id"] == "d2"
    # scoring the output against a gold file
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"id": "d1", "events": [
            {"event_type": "AGREE", "source": "RUS", "target": "PRK", "date": "2024-06-19", "certainty": "confirmed"},
            {"event_type": "AGREE", "source": "PRK", "target": "RUS", "date": "2024-06-19", "certainty": "confirmed"},
            {"event_type": "CONSULT", "source": "RUS", "target": "PRK", "date": "2024-06-19"}]},
        {"id": "d2", "events": [{"event_type": "AID", "source": "PRK", "target": "RUS", "commodity": "munitions",
                                 "quantity": {"value": 1000, "unit": "containers"}, "certainty": "reported"}]},
    ]) + "\n", "utf-8")
    rep = score_documents(read_gold(gold), {x["id"]: x["events"] for x in lines})
    assert (rep.overall.tp, rep.overall.fp, rep.overall.fn) == (4, 0, 0)
    assert rep.accuracy("quantity") == 1.0 and rep.accuracy("commodity") == 1.0


def test_coding_does_not_depend_on_the_hash_seed(tmp_path):
    # set iteration order changes with PYTHONHASHSEED; the events (and the order they come out in) must not
    src = Path(__file__).resolve().parents[2] / "benchmarks" / "dev_i" / "dev_i.docs.jsonl"
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:25]), encoding="utf-8")
    outs = []
    for seed in ("1", "5"):
        out = tmp_path / f"events{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "axiswatch", "extract", "--input", str(docs), "--output", str(out)],
                       check=True, capture_output=True, env=env)
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] and outs[0] == outs[1]


def test_worker_processes_code_the_same_events_in_the_same_order():
    from axiswatch.extract.run import ExtractSummary, iter_extract, read_documents_jsonl
    from axiswatch.records import Document

    src = Path(__file__).resolve().parents[2] / "benchmarks" / "dev_i" / "dev_i.docs.jsonl"
    docs = list(read_documents_jsonl(src, []))[:45]
    # skipped documents keep their place in the order, between batches that workers code
    docs.insert(20, Document(id="empty", text="  ", published="2024-01-01"))
    docs.insert(40, Document(id="ru", text=DOCS[3]["text"], published="2024-01-01"))
    runs = []
    for jobs in (1, 2):
        summary = ExtractSummary()
        out = [(d.id, [e.to_dict() for e in evs]) for d, evs in iter_extract(iter(docs), load_profile(), summary,
                                                                             jobs=jobs)]
        runs.append((out, summary.to_dict()))
    assert [i for i, _ in runs[0][0]] == [d.id for d in docs]
    assert runs[0] == runs[1]
    assert runs[1][1]["skipped"] == 2 and runs[1][1]["coded"] == 45

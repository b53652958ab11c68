from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sourcehelpers import encrypted_pdf, make_pdf, slow_route

from axiswatch.errors import UsageError
from axiswatch.settings import Settings
from axiswatch.sources import base, writer
from axiswatch.sources.base import IngestOutcome
from axiswatch.sources.ingest import expand_inputs, ingest_paths
from axiswatch.store.documents import get_document, list_documents

WIRE = ("Russia and North Korea agreed on Tuesday to expand rail freight through the Khasan crossing, "
        "the two transport ministries said in a joint statement issued after talks in Vladivostok. "
        "Officials said more wagons would run each week from the spring, carrying coal, fertiliser "
        "and building materials, and that a new road bridge over the Tumen river would open next year.")


@pytest.fixture
def settings(ws_path) -> Settings:
    return Settings(workspace=ws_path, quiet=True)


@pytest.fixture
def batch(tmp_path, src_fixtures) -> Path:
    """A folder with every text-like kind, good and bad, some in a subfolder."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for name in ("article.html", "briefing.md", "latin1.txt", "corpus.jsonl", "rss.xml", "atom.xml",
                 "no_article.html", "not_a_feed.xml"):
        shutil.copy(src_fixtures / name, d / ("sub" if name.endswith(".xml") else "") / name)
    (d / "empty.txt").write_bytes(b"")
    (d / "blob.bin").write_bytes(bytes(range(256)) * 8)
    pdf = make_pdf("<html><head><title>Доклад</title></head><body><p>Северная Корея отправила "
                   "в Россию артиллерийские снаряды, сообщило министерство 20 июня 2024 года.</p></body></html>")
    (d / "report.pdf").write_bytes(pdf)
    (d / "cut.pdf").write_bytes(pdf[: len(pdf) // 2])
    (d / "locked.pdf").write_bytes(encrypted_pdf())
    (d / ".hidden.txt").write_text("never read")
    return d


def _reasons(summary) -> dict[str, str]:
    return {Path(f.where).name if "/" in f.where else f.where: f.reason for f in summary.failures}


def test_folder_of_every_kind(ws, settings, batch):
    s = ingest_paths(ws, [batch], settings)
    # article, briefing, latin1, 3 jsonl docs, 2 rss entries, 1 atom entry, report.pdf
    assert s.added == 10
    assert s.by_kind == {"html": 1, "text": 2, "jsonl": 3, "feed": 3, "pdf": 1}
    reasons = _reasons(s)
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert reasons["blob.bin"] == "binary content, not text"
    assert "damaged or truncated PDF" in reasons["cut.pdf"]
    assert reasons["locked.pdf"] == "password-protected PDF; cannot read it"
    assert "no article text" in reasons["no_article.html"]
    assert reasons["not_a_feed.xml"].startswith("not an RSS or Atom feed")
    assert {k for k in reasons if k.startswith("corpus.jsonl:")} == {
        "corpus.jsonl:4", "corpus.jsonl:5", "corpus.jsonl:6"}
    assert s.failed == 9 and s.status == "partial" and s.exit_code == 1
    assert ".hidden.txt" not in json.dumps(s.to_dict())

    # every refusal is in quarantine, and the run is recorded
    q = ws.fetchall("SELECT origin, location, reason FROM quarantine WHERE run_id = ?", [s.run_id])
    assert len(q) == 9
    assert (str(batch / "corpus.jsonl") + ":5", "5", "field 'text' is missing or empty") in q
    run = ws.records("SELECT * FROM ingest_runs WHERE run_id = ?", [s.run_id])[0]
    assert (run["status"], run["inputs"], run["added"], run["failed"]) == ("partial", 13, 10, 9)
    assert json.loads(run["summary"])["by_kind"]["pdf"] == 1

    # provenance
    docs = {d["title"]: d for d in list_documents(ws, limit=None)}
    art = get_document(ws, docs["Rail shipments to Russia continue, ministry says"]["document_id"])
    assert art["origin"] == str(batch / "article.html")
    assert (art["published"], art["published_from"], art["language"]) == ("2024-06-19", "metadata", "en")
    assert art["url"] == "https://wire.example.org/world/rail-shipments-2024-06-19/"
    assert art["retrieved_at"] is not None and len(art["content_hash"]) == 64
    # an unlisted site: graded F, and one publisher for the page and the feed entries of the same host
    assert art["publisher_grade"] == "F"
    assert art["publisher"] == docs["Oil tankers seen off Vostochny"]["publisher"]
    latin = next(d for d in docs.values() if d["origin"].endswith("latin1.txt"))
    assert (latin["published"], latin["published_from"], latin["language"]) == ("2023-09-12", "text", "fr")
    pdf = next(d for d in docs.values() if d["kind"] == "pdf")
    assert (pdf["title"], pdf["language"], pdf["published"]) == ("Доклад", "ru", "2024-06-20")
    assert docs["No date given"]["published"] is None  # never silently today
    assert docs["No date given"]["published_from"] == "unknown"
    assert docs["Treaty signed in Pyongyang"]["document_id"] == "t-001"
    assert docs["Treaty signed in Pyongyang"]["publisher_grade"] == "B"
    assert docs["Weekly note on the Rajin terminal"]["publisher"] == "38 North"


def test_reingest_adds_nothing(ws, settings, batch, monkeypatch):
    first = ingest_paths(ws, [batch], settings)
    n = ws.fetchone("SELECT count(*) FROM documents")[0]
    parsed: list[str] = []
    from axiswatch.sources import ingest as ingest_mod

    real = ingest_mod.parse_file
    monkeypatch.setattr(ingest_mod, "parse_file", lambda job: parsed.append(Path(job.path).name) or real(job))
    second = ingest_paths(ws, [batch], settings)
    assert second.added == 0 and second.unchanged == first.added
    assert ws.fetchone("SELECT count(*) FROM documents")[0] == n
    assert ws.fetchone("SELECT count(*) FROM ingest_runs")[0] == 2
    # files whose bytes are already stored are not parsed again (multi-document files and failures are)
    assert not {"article.html", "briefing.md", "latin1.txt", "report.pdf"} & set(parsed)
    assert {"corpus.jsonl", "rss.xml", "empty.txt"} <= set(parsed)


def test_changed_file_becomes_new_version(ws, settings, tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("First version of the note about rail links between Khasan and Rajin.")
    ingest_paths(ws, [f], settings)
    f.write_text("Second version of the note about rail links between Khasan and Rajin, now updated.")
    s = ingest_paths(ws, [f], settings)
    assert (s.added, s.versions) == (1, 1)
    rows = ws.records("SELECT document_id, version_of, text FROM documents ORDER BY retrieved_at, text")
    old = next(r for r in rows if r["text"].startswith("First"))
    new = next(r for r in rows if r["text"].startswith("Second"))
    assert new["version_of"] == old["document_id"] and old["version_of"] is None
    f.write_text("Third version of the note, rewritten again with new facts about the rail links.")
    ingest_paths(ws, [f], settings)
    third = ws.records("SELECT version_of FROM documents WHERE text LIKE 'Third%'")[0]
    assert third["version_of"] == new["document_id"]  # chains on the newest version
    assert get_document(ws, old["document_id"])["newer_versions"] == [new["document_id"]]


def test_near_duplicates_linked_across_runs(ws, settings, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "wire.txt").write_text(WIRE)
    ingest_paths(ws, [tmp_path / "a"], settings)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "copy1.txt").write_text("By Example Daily staff. " + WIRE.replace("Tuesday", "Tuesday,"))
    (tmp_path / "b" / "copy2.txt").write_text(WIRE + " Reporting by the desk.")
    (tmp_path / "b" / "other.txt").write_text(
        "A South Korean court sentenced two men for smuggling cigarettes across the border, prosecutors "
        "said, in a case unrelated to trade with Russia or the port of Rajin.")
    s = ingest_paths(ws, [tmp_path / "b"], settings)
    assert (s.added, s.duplicates) == (3, 2)
    original = ws.fetchone("SELECT document_id FROM documents WHERE origin LIKE '%wire.txt'")[0]
    dups = ws.fetchall("SELECT origin, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL ORDER BY origin")
    assert [(Path(o).name, d) for o, d in dups] == [("copy1.txt", original), ("copy2.txt", original)]
    assert len(get_document(ws, original)["duplicates"]) == 2
    assert len(list_documents(ws, include_duplicates=False, limit=None)) == 2
    assert ws.fetchone("SELECT count(*) FROM document_minhash")[0] == 4


def test_jsonl_same_id_new_text_is_updated(ws, settings, tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "x-1", "text": "Old text of the document about a summit in Vladivostok."}\n')
    ingest_paths(ws, [f], settings)
    f.write_text('{"id": "x-1", "text": "New text of the document about a summit in Vladivostok."}\n')
    s = ingest_paths(ws, [f], settings)
    assert (s.added, s.updated) == (0, 1)
    assert ws.fetchall("SELECT document_id, text FROM documents") == [
        ("x-1", "New text of the document about a summit in Vladivostok.")]


def test_oversized_file_refused_by_limit(ws, tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("word " * 400)
    s = ingest_paths(ws, [f], Settings(workspace=ws.path, max_file_bytes=1000))
    assert s.failed == 1 and "file too large: 2000 bytes (limit 1000" in s.failures[0].reason


def test_missing_path_and_unknown_kind(ws, settings, tmp_path):
    s = ingest_paths(ws, [tmp_path / "nope.txt"], settings)
    assert s.failures[0].reason == "no such file or directory"
    with pytest.raises(UsageError, match="unknown kind 'doc'"):
        ingest_paths(ws, [tmp_path], settings, kind="doc")


def test_explicit_kind_overrides_detection(ws, settings, tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("<p>This is shown as markup because the user asked for plain text ingestion of it.</p>")
    s = ingest_paths(ws, [f], settings, kind="text")
    assert s.by_kind == {"text": 1}
    assert ws.fetchone("SELECT text FROM documents")[0].startswith("<p>This is shown")


def test_urls_from_local_server(ws, settings, server, src_fixtures):
    server.routes["/article"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                                 (src_fixtures / "article.html").read_bytes())
    server.routes["/moved"] = (301, {"Location": "/article"}, b"")
    server.routes["/slow"] = slow_route(2.0)
    server.routes["/redirect-private"] = (302, {"Location": "http://10.0.0.7/"}, b"")
    refused = ingest_paths(ws, [server.url("/article")], settings)
    assert "non-public address 127.0.0.1" in refused.failures[0].reason
    local = settings.with_fetch(allow_private=True, timeout_s=0.5)
    s = ingest_paths(ws, [server.url("/moved"), server.url("/slow"), server.url("/missing")], local)
    assert s.added == 1 and s.failed == 2
    reasons = {f.where: f.reason for f in s.failures}
    assert reasons[server.url("/slow")] == "timed out after 0.5 s"
    assert reasons[server.url("/missing")].startswith("HTTP 404")
    doc = ws.records("SELECT origin, url, meta, kind FROM documents")[0]
    assert doc["origin"] == server.url("/moved") and doc["kind"] == "html"
    meta = json.loads(doc["meta"])
    assert meta["final_url"] == server.url("/article") and meta["redirects"] == [server.url("/moved")]
    # the same URL again adds nothing
    assert ingest_paths(ws, [server.url("/moved")], local).unchanged == 1


def test_feed_url_with_fetch_links(ws, settings, server):
    page = (b"<html><head><title>Delegation</title></head><body><article><p>A North Korean delegation "
            b"arrived in Moscow on Wednesday for three days of talks on trade, transport and tourism, "
            b"the foreign ministry said.</p></article></body></html>")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Delegation in Moscow</title><link>{server.url('/story')}</link>
<pubDate>Wed, 06 Mar 2024 11:15:00 GMT</pubDate><description>Short summary.</description></item>
<item><title>Broken link</title><link>{server.url('/gone')}</link><description>Only this.</description></item>
</channel></rss>""".encode()
    server.routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, feed)
    server.routes["/story"] = (200, {"Content-Type": "text/html"}, page)
    local = settings.with_fetch(allow_private=True)
    s = ingest_paths(ws, [server.url("/feed")], local, options={"fetch_links": True})
    assert s.added == 2 and s.failed == 0
    assert [w.where for w in s.warnings] == [server.url("/gone")]
    texts = dict(ws.fetchall("SELECT title, text FROM documents"))
    assert texts["Delegation in Moscow"].startswith("A North Korean delegation arrived in Moscow")
    assert texts["Broken link"] == "Only this."


def test_dataset_kinds_get_path_and_options(ws, settings, tmp_path, monkeypatch):
    seen: list[tuple[str, dict]] = []

    def sniff(path, head):
        return head.startswith(b"FAKEDATA")

    def ingest(ws_, path, run_id, options):
        seen.append((Path(path).name, options))
        return IngestOutcome(added=3, unchanged=1, failed=1,
                             details={"rows": 5})

    monkeypatch.setitem(base.DATASET_KINDS, "fakeds", base.DatasetKind("fakeds", sniff, ingest))
    f = tmp_path / "rows.csv"
    f.write_bytes(b"FAKEDATA\n1,2\n")
    s = ingest_paths(ws, [f], settings, options={"actors": ["RUS", "PRK"], "mentions": "m.csv"})
    assert seen == [("rows.csv", {"actors": ["RUS", "PRK"], "mentions": "m.csv"})]
    assert (s.added, s.unchanged, s.failed) == (3, 1, 1)
    assert s.datasets["fakeds"] == {"files": 1, "added": 3, "unchanged": 1, "failed": 1, "rows": 5}
    # an explicit kind skips sniffing
    g = tmp_path / "other.dat"
    g.write_bytes(b"no magic here")
    ingest_paths(ws, [g], settings, kind="fakeds")
    assert seen[-1][0] == "other.dat"


def test_a_document_that_cannot_be_stored_does_not_take_the_batch_down(ws, settings, tmp_path, monkeypatch):
    real = writer.insert_documents

    def flaky(ws_, rows, signatures=None):
        if any("POISON" in r["text"] for r in rows):
            raise RuntimeError("disk says no")
        return real(ws_, rows, signatures)

    monkeypatch.setattr(writer, "insert_documents", flaky)
    for i in range(3):
        (tmp_path / f"ok{i}.txt").write_text(f"Good document number {i} about talks between Moscow and Pyongyang "
                                                  f"on rail links, port access and labour, part {i}.")
    (tmp_path / "bad.txt").write_text("POISON document that the store refuses to take.")
    s = ingest_paths(ws, [tmp_path], settings)  # the folder holds the workspace too: it is skipped
    assert s.inputs == 4
    assert s.added == 3 and s.failed == 1
    assert "could not be stored: disk says no" in s.failures[0].reason
    assert ws.fetchone("SELECT count(*) FROM documents WHERE text LIKE 'POISON%'")[0] == 0
    assert ws.fetchone("SELECT count(*) FROM document_minhash")[0] == 3


def test_expand_inputs_skips_hidden_and_sorts(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x").write_text("x")
    assert [Path(p).name for p in expand_inputs([tmp_path, "https://x.org/f"])][:2] == ["a.txt", "b.txt"]
    assert expand_inputs(["https://x.org/f"]) == ["https://x.org/f"]


def test_worker_pool_gives_the_same_documents(tmp_path, src_fixtures):
    from axiswatch.store import open_workspace

    d = tmp_path / "in"
    d.mkdir()
    for name in ("article.html", "briefing.md", "latin1.txt", "corpus.jsonl", "rss.xml", "no_article.html"):
        shutil.copy(src_fixtures / name, d / name)
    results = []
    for workers in (1, 2):
        path = tmp_path / f"w{workers}.duckdb"
        with open_workspace(path) as w:
            s = ingest_paths(w, [d], Settings(workspace=path), options={"workers": workers})
            rows = w.fetchall("SELECT document_id, title, published, language, publisher_id FROM documents "
                              "ORDER BY document_id")
        results.append((s.added, s.failed, sorted(f.reason for f in s.failures), rows))
    assert results[0] == results[1]
    assert results[0][0] == 8


def test_near_duplicates_inside_one_jsonl_file(ws, settings, tmp_path):
    f = tmp_path / "corpus.jsonl"
    lines = [{"id": "w-1", "text": WIRE, "publisher": "Axiswatch Sample Wire"},
             {"id": "w-2", "text": "MOSCOW (Daily) - " + WIRE.replace("next year", "in 2026"),
              "publisher": "Axiswatch Sample Daily"},
             {"id": "w-3", "text": "An unrelated story about fishing quotas in the Sea of Okhotsk, agreed by "
                                   "the two fisheries agencies after a week of talks in Sakhalin."}]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    s = ingest_paths(ws, [f], settings)
    assert s.duplicates == 1
    assert ws.fetchall("SELECT document_id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL") == [
        ("w-2", "w-1")]
    # a later run still sees copies of documents from that file
    g = tmp_path / "more.jsonl"
    g.write_text(json.dumps({"id": "w-4", "text": WIRE + " Reporting by our correspondent."}) + "\n")
    assert ingest_paths(ws, [g], settings).duplicates == 1
    assert ws.fetchone("SELECT duplicate_of FROM documents WHERE document_id = 'w-4'")[0] == "w-1"


def test_interrupted_run_is_marked_failed(ws, settings, tmp_path, monkeypatch):
    from axiswatch.sources import ingest as ingest_mod

    (tmp_path / "a.txt").write_text("A short note about ferry links between Vladivostok and Rajin.")

    def boom(self, parsed):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_mod._Run, "consume", boom)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths(ws, [tmp_path / "a.txt"], settings)
    status, summary = ws.fetchone("SELECT status, summary FROM ingest_runs")
    assert status == "failed" and "KeyboardInterrupt" in summary
    assert ws.fetchone("SELECT count(*) FROM documents")[0] == 0


def test_pdf_and_non_feed_by_url_and_dataset_kind_refuses_urls(ws, settings, server, monkeypatch):
    pdf = make_pdf("<html><body><p>Доклад о поставках топлива из России в КНДР в 2024 году.</p></body></html>")
    server.routes["/report"] = (200, {"Content-Type": "application/pdf"}, pdf)
    server.routes["/page"] = (200, {"Content-Type": "text/html"}, b"<html><body><p>Not a feed</p></body></html>")
    # the declared charset is used: guessing would read these ISO-8859-2 bytes as Windows-1252
    server.routes["/latin"] = (200, {"Content-Type": "text/plain; charset=iso-8859-2"},
                               "Rozmowy w Łodzi o żegludze i kolei między Rosją a Koreą.".encode("iso-8859-2"))
    local = settings.with_fetch(allow_private=True)
    s = ingest_paths(ws, [server.url("/report"), server.url("/latin")], local)
    assert s.by_kind == {"pdf": 1, "text": 1}
    texts = [r[0] for r in ws.fetchall("SELECT text FROM documents ORDER BY kind")]
    assert texts[0].startswith("Доклад о поставках топлива")
    assert texts[1] == "Rozmowy w Łodzi o żegludze i kolei między Rosją a Koreą."
    bad = ingest_paths(ws, [server.url("/page")], local, kind="feed")
    assert bad.failures[0].reason.startswith("not an RSS or Atom feed")
    monkeypatch.setitem(base.DATASET_KINDS, "fakeds",
                        base.DatasetKind("fakeds", lambda p, h: False, lambda *a, **k: IngestOutcome()))
    ds = ingest_paths(ws, [server.url("/report")], local, kind="fakeds")
    assert "reads files, not URLs" in ds.failures[0].reason

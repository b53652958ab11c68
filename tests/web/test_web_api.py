"""Every page and its JSON twin, in-process: real values from the fixture workspace (read-only tests share one
app)."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

PAGES = ["/", "/timeline", "/ledger", "/events", "/documents", "/indicators", "/network", "/map", "/brief",
         "/ingest", "/alerts"]


def test_every_page_and_its_twin_answer(shared_client: TestClient) -> None:
    for page in PAGES:
        r = shared_client.get(page)
        assert r.status_code == 200, page
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        api = "/api" if page == "/" else "/api" + page
        j = shared_client.get(api)
        assert j.status_code == 200, api
        assert j.headers["content-type"] == "application/json"


def test_overview_counts_and_bottom_line(shared_client: TestClient) -> None:
    d = shared_client.get("/api").json()
    assert d["counts"]["documents"] == 5
    assert d["counts"]["events"] == 12
    assert d["profile"]["dyad"] == ["RUS", "PRK"]
    assert d["bottom_line"] and all(isinstance(p, str) and p for p in d["bottom_line"])
    assert shared_client.get("/api/overview").json() == d
    page = shared_client.get("/").text
    assert d["bottom_line"][0].split(".")[0][:40].replace("'", "&#39;") in page


def test_ledger_lines_carry_events_and_evidence(shared_client: TestClient) -> None:
    lines = shared_client.get("/api/ledger").json()["lines"]
    by = {(ln["source"], ln["target"], ln["commodity"]): ln for ln in lines}
    troops = by[("PRK", "RUS", "troops")]
    # the Seoul report and the hostile page give the same undated sending ("said on Friday" dates the report,
    # not the sending): one resolved event of 11,000 with two mentions, not 22,000
    assert troops["quantity"] == {"low": 11000, "high": 11000, "unit": "troops", "events": 1}
    assert troops["mentions"] == 2
    fuel = by[("RUS", "PRK", "fuel")]
    # two reports of one delivery resolve to one event with two mentions
    assert len(fuel["events"]) == 1 and fuel["mentions"] == 2
    assert any("barrels" in e["text"] for e in fuel["evidence"])
    page = shared_client.get("/ledger").text
    assert f'/events?resolved={fuel["events"][0]}' in page
    rows = shared_client.get(f"/api/events?resolved={fuel['events'][0]}").json()["events"]
    assert {e["origin"]["document_id"] for e in rows} == {"w-003", "w-004"}


def test_events_filters_and_paging(shared_client: TestClient) -> None:
    d = shared_client.get("/api/events?type=AID&source=PRK").json()
    assert d["events"] and all(e["event_type"] == "AID" and e["source"] == "PRK" for e in d["events"])
    assert {e["commodity"] for e in d["events"]} == {"troops", "munitions"}
    both = shared_client.get("/api/events?type=AID,SANCTION").json()["events"]
    assert {e["event_type"] for e in both} == {"AID", "SANCTION"}
    rep = shared_client.get("/api/events", params=[("type", "AID"), ("type", "SANCTION")]).json()["events"]
    assert [e["id"] for e in rep] == [e["id"] for e in both]
    p1 = shared_client.get("/api/events?limit=4").json()
    assert len(p1["events"]) == 4 and p1["next_offset"] == 4
    p3 = shared_client.get("/api/events?limit=4&offset=8").json()
    assert len(p3["events"]) == 4 and p3["next_offset"] is None
    ids = [e["id"] for o in (0, 4, 8) for e in shared_client.get(f"/api/events?limit=4&offset={o}").json()["events"]]
    assert len(set(ids)) == 12
    dated = shared_client.get("/api/events?since=2024-03&until=2024-06").json()["events"]
    assert {e["date"] for e in dated} == {"2024-03", "2024-06-19"}
    assert shared_client.get("/api/events?certainty=sure").status_code == 400
    assert shared_client.get("/api/events?since=2024-13").status_code == 400
    assert shared_client.get("/api/events?since=yesterday").status_code == 422
    page = shared_client.get("/events?type=SANCTION").text
    assert "JPN" in page and "Japan imposed new sanctions" in page and "troops to Russia" not in page


def test_documents_search_and_document_page(shared_client: TestClient) -> None:
    found = shared_client.get("/api/documents?search=barrels").json()["documents"]
    assert {d["document_id"] for d in found} == {"w-003", "w-004"}
    assert all("barrels" in d["snippet"] for d in found)
    assert shared_client.get("/api/documents?search=Kursk").json()["documents"][0]["document_id"] == "w-002"
    listing = shared_client.get("/api/documents").json()
    assert len(listing["documents"]) == 5 and "text" not in listing["documents"][0]
    d = shared_client.get("/api/documents/w-002").json()
    assert d["document"]["title"] == "Seoul says North Korean troops are in Russia"
    marked = [s for s in d["segments"] if s["events"]]
    assert "".join(s["text"] for s in d["segments"]) == d["document"]["text"]
    assert any("11,000 troops" in s["text"] for s in marked)
    page = shared_client.get("/documents/w-002").text
    assert page.count("<mark ") == len(marked)
    assert shared_client.get("/api/documents/nope").status_code == 404
    assert shared_client.get("/documents/nope").status_code == 404


def test_same_event_links_across_documents(shared_client: TestClient) -> None:
    d = shared_client.get("/api/documents/w-003").json()
    fuel = next(e for e in d["events"] if e["commodity"] == "fuel")
    assert fuel["resolved"]["resolved_id"]
    assert [o["document_id"] for o in fuel["resolved"]["others"]] == ["w-004"]
    assert 'href="/documents/w-004#' in shared_client.get("/documents/w-003").text


def test_timeline_indicators_network_map_brief(shared_client: TestClient) -> None:
    tl = shared_client.get("/api/timeline").json()
    assert tl["freq"] == "month" and len(tl["periods"]) == len(tl["ranges"]) == len(tl["index"])
    i = tl["periods"].index("2024-03-01")
    assert tl["ranges"][i] == ["2024-03", "2024-03"]
    aid = [s for s in tl["series"] if s["event_type"] == "AID" and s["direction"] == "RUS->PRK"]
    assert aid and aid[0]["counts"][i] == 1
    only = shared_client.get("/api/timeline?type=AID&actor=PRK").json()["series"]
    assert only and all(s["event_type"] == "AID" and "PRK" in s["direction"] for s in only)
    ind = shared_client.get("/api/indicators").json()["indicators"]
    assert ind and all({"id", "status", "trend", "last_evidence"} <= set(x) for x in ind)
    net = shared_client.get("/api/network").json()
    assert {"RUS", "PRK", "JPN"} <= {n["id"] for n in net["nodes"]}
    assert any(r["actor"] == "JPN" and r["stance"] == "pushback" for r in net["reactions"])
    fc = shared_client.get("/api/map").json()
    assert fc["type"] == "FeatureCollection"
    assert any(f["properties"]["layer"] == "place" and f["properties"]["country"] == "PRK" for f in fc["features"])
    brief = shared_client.get("/api/brief").json()
    assert brief["available"] and brief["dyad"] == ["RUS", "PRK"] and brief["sources"]
    html = shared_client.get("/api/brief?format=html")
    assert html.headers["content-type"].startswith("text/html") and "default-src 'none'" in \
        html.headers["content-security-policy"]
    md = shared_client.get("/api/brief?format=md")
    assert md.headers["content-disposition"] == 'attachment; filename="briefing.md"' and md.text.startswith("#")


def test_brief_pdf_download(shared_client: TestClient) -> None:
    pdf = shared_client.get("/api/brief?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_csv_exports(shared_client: TestClient) -> None:
    r = shared_client.get("/api/events?type=AID&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and {row["event_type"] for row in rows} == {"AID"}
    assert "evidence" in rows[0] and rows[0]["evidence"].startswith("[")
    ledger = list(csv.DictReader(io.StringIO(shared_client.get("/api/ledger?format=csv").text)))
    assert {(x["source"], x["commodity"]) for x in ledger} >= {("PRK", "troops"), ("RUS", "fuel")}
    for path in ("/api/documents", "/api/indicators", "/api/alerts", "/api/timeline"):
        assert shared_client.get(path + "?format=csv").headers["content-type"].startswith("text/csv"), path


def test_results_are_cached_per_workspace_state(shared_client: TestClient) -> None:
    state = shared_client.app.state.web  # type: ignore[attr-defined]
    from axiswatch.web import data

    first = data.ledger_data(state)
    assert data.ledger_data(state) is first
    before = state.fingerprint
    state.after_write()  # nothing changed: same fingerprint, fresh cache
    assert state.fingerprint == before
    assert data.ledger_data(state) is not first and data.ledger_data(state) == first


def test_docs_page_lists_the_api_without_a_cdn(shared_client: TestClient) -> None:
    r = shared_client.get("/docs")
    assert r.status_code == 200 and "GET /api/events" in r.text
    assert "cdn" not in r.text.lower() and "https://" not in r.text
    spec = shared_client.get("/openapi.json").json()
    want = {"/api", "/api/events", "/api/documents", "/api/documents/{document_id}", "/api/ingest"}
    assert want <= set(spec["paths"])
    assert shared_client.get("/vendor/plotly.min.js").headers["content-type"].startswith("application/javascript")
    assert shared_client.get("/static/topojson/world_110m.json").json()["type"] == "Topology"


def test_blank_form_fields_mean_no_filter(shared_client: TestClient) -> None:
    blank = shared_client.get("/api/events?since=&until=&type=SANCTION&actor=&certainty=&limit=").json()
    assert [e["event_type"] for e in blank["events"]] == ["SANCTION"]
    assert shared_client.get("/ledger?since=&until=&min_confidence=").status_code == 200

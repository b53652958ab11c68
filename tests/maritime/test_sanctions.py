"""Sanctions lists, SANCTION events, screening, suppressions, and detections as events."""

from __future__ import annotations

import pytest

from axiswatch.errors import InputError, NotFound
from axiswatch.maritime.ais import ingest_ais
from axiswatch.maritime.events import map_features, refresh
from axiswatch.maritime.listing import list_detections
from axiswatch.maritime.sanctions import country_code, ingest_sanctions
from axiswatch.maritime.screen import list_matches, matches_for, normalize_name, suppress, unsuppress
from axiswatch.maritime.vessels import list_vessels
from axiswatch.profiles import load_profile
from axiswatch.store.events import query_events

S = "maritime/sanctions"


def test_un_xml_entries_and_sanction_events(ws, fixtures):
    out = ingest_sanctions(ws, fixtures / S / "un_small.xml", run_id="r")
    assert (out.added, out.failed) == (3, 1)
    assert out.rejected[0].reason == "record without DATAID or name"
    row = ws.fetchone("SELECT name, country, authority, designated_on::VARCHAR, programs FROM sanction_entries "
                      "WHERE list_entry_id = '900001'")
    assert row == ("PAK TEST CHOL", "PRK", "UNSC", "2017-08-05", ["DPRK", "KPi.901"])
    assert ws.fetchone("SELECT alias FROM sanction_aliases")[0] in ("Pak Chol Test", "KOTEC")
    events = query_events(ws, origin_kinds=["sanctions"])
    # Somalia is not an actor of this profile, so only the DPRK designations become an event
    assert len(events) == 1
    ev = events[0]
    assert (ev["event_type"], ev["source"], ev["target"], ev["date"]) == ("SANCTION", "UNSC", "PRK", "2017-08-05")
    assert ev["quantity"] == {"value": 2, "unit": "designations"}
    assert "KORYO TEST TRADING CORPORATION" in ev["evidence"][0]["text"]
    again = ingest_sanctions(ws, fixtures / S / "un_small.xml")
    assert (again.added, again.unchanged) == (0, 3)
    assert len(query_events(ws, origin_kinds=["sanctions"])) == 1


def test_ofac_legacy_csv_with_aliases(ws, fixtures):
    out = ingest_sanctions(ws, fixtures / S / "sdn_small.csv", run_id="r")
    assert out.added == 4 and out.failed == 1
    assert out.rejected[0].reason == "expected 12 columns, found 3"
    assert out.details["aliases"] == 2
    vessel = ws.records("SELECT * FROM sanction_entries WHERE schema = 'vessel'")[0]
    assert (vessel["name"], vessel["imo"], vessel["mmsi"], vessel["flag"], vessel["country"]) == \
        ("RYONG MA 7", 9123453, 445555550, "PRK", "PRK")
    assert ws.fetchone("SELECT name, country FROM sanction_entries WHERE list_entry_id = '90004'") == \
        ("MÜLLER TEST HANDELS GMBH", "RUS")  # cp1252 decoded; RUSSIA-EO14024 -> RUS
    assert ws.fetchone("SELECT call_sign, remarks FROM sanction_entries WHERE list_entry_id = '90002'") == \
        (None, "Invented record for axiswatch tests.")  # '-0- ' is null
    targets = {(e["source"], e["target"], e["date"]) for e in query_events(ws, origin_kinds=["sanctions"])}
    assert targets == {("USA", "PRK", None), ("USA", "RUS", None)}


def test_ftm_entities_and_delta(ws, fixtures):
    out = ingest_sanctions(ws, fixtures / S / "ftm_small.entities.ftm.json", run_id="r")
    assert (out.added, out.failed) == (2, 1)
    person = ws.records("SELECT * FROM sanction_entries WHERE schema = 'person'")[0]
    assert (person["name"], person["country"], person["authority"], str(person["designated_on"])) == \
        ("Ivan Petrovich TESTOV", "RUS", "GBR", "2024-05-09")
    delta = ingest_sanctions(ws, fixtures / S / "ftm_small.delta.json")
    assert delta.details["deleted"] == 1
    assert ws.fetchall("SELECT schema, name FROM sanction_entries") == [("vessel", "VOLNA TEST II")]


def test_unknown_list_is_refused(ws, tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("hello")
    with pytest.raises(InputError):
        ingest_sanctions(ws, p)


def test_names_and_countries():
    assert normalize_name("KIM, Jong-Ün") == "kim jong un"
    assert country_code("Korea, North") == "PRK" and country_code("Russia") == "RUS"
    assert country_code("eu") == "EU" and country_code("Atlantis") is None


@pytest.fixture
def listed_tanker(ws, fixtures):
    ingest_ais(ws, fixtures / "maritime" / "tanker_2024.csv")
    ingest_ais(ws, fixtures / "maritime" / "shuttle_dark.nm4")
    ingest_sanctions(ws, fixtures / S / "sdn_small.csv")
    ingest_sanctions(ws, fixtures / S / "ftm_small.entities.ftm.json")
    return ws


def test_listed_tanker_calling_at_a_watched_port(listed_tanker):
    ws, profile = listed_tanker, load_profile()
    summary = refresh(ws, profile)
    assert summary["refreshed"] and refresh(ws, profile) == {"refreshed": False}
    hits = matches_for(ws, "vessel", "445555550")
    # one match per entry and vessel, on its strongest evidence: the IMO number
    assert [(h["method"], h["score"], h["entry_name"]) for h in hits] == [("imo", 1.0, "RYONG MA 7")]
    # the FtM vessel shares SEA FALCON's IMO (and MMSI)
    assert [h["method"] for h in matches_for(ws, "vessel", "273111110")] == ["imo"]
    vessel = {v["mmsi"]: v for v in list_vessels(ws, profile)}[445555550]
    assert vessel["sanctions"][0]["name"] == "RYONG MA 7"
    call = list_detections(ws, "portcalls", mmsi=445555550)[0]
    assert call["place_id"] == "vostochny" and call["load"] == "loaded" and call["sanctioned"]
    events = [e for e in query_events(ws, origin_kinds=["ais"]) if e["origin"]["mmsi"] == 445555550]
    assert len(events) == 1
    ev = events[0]
    assert (ev["event_type"], ev["source"], ev["target"], ev["commodity"], ev["certainty"]) == \
        ("COOPERATE", "RUS", "PRK", "fuel", "alleged")
    assert ev["evidence"][0]["document_id"] is None
    assert "draught 4.0 m before and 8.5 m after (loaded)" in ev["evidence"][0]["text"]
    assert ev["attrs"]["sanctions"][0]["name"] == "RYONG MA 7"


def test_suppressing_a_false_positive(listed_tanker):
    ws, profile = listed_tanker, load_profile()
    refresh(ws, profile)
    entry = matches_for(ws, "vessel", "445555550")[0]["entry_id"]
    with pytest.raises(NotFound):
        suppress(ws, "sanc-nope")
    suppress(ws, entry, "445555550", "test: known false positive")
    refresh(ws, profile)
    assert matches_for(ws, "vessel", "445555550") == []
    assert any(m["suppressed"] for m in list_matches(ws, include_suppressed=True))
    assert unsuppress(ws, entry, "445555550") == 1
    ws.set_setting("sanctions.suppress", [{"entry_id": entry, "reason": "from settings"}])
    refresh(ws, profile)
    assert matches_for(ws, "vessel", "445555550") == []


def test_actor_screening_against_profile_members(ws, fixtures):
    ingest_sanctions(ws, fixtures / S / "un_small.xml")
    refresh(ws, load_profile())
    # no profile member is called anything like the invented parties
    assert list_matches(ws, subject_kind="actor") == []


def test_map_features(listed_tanker):
    ws, profile = listed_tanker, load_profile()
    refresh(ws, profile)
    fc = map_features(ws, profile)
    places = [f for f in fc["features"] if f["properties"]["layer"] == "place"]
    assert len(places) == 8
    rajin = next(f for f in places if f["properties"]["id"] == "rajin")
    assert rajin["geometry"] == {"type": "Point", "coordinates": [130.30, 42.25]}
    kinds = {f["properties"]["kind"] for f in fc["features"] if f["properties"]["layer"] == "detection"}
    assert kinds == {"port_call", "gap", "dark_port_call", "shuttle"}
    call = next(f for f in fc["features"] if f["properties"].get("mmsi") == 445555550)
    assert call["properties"]["sanctioned"] is True


def test_shared_un_list(ws, shared_data):
    out = ingest_sanctions(ws, shared_data / "sanctions" / "un_sc" / "UN_consolidated_2026-02-27.xml")
    assert out.added == 1003
    n = ws.fetchone("SELECT count(*) FROM sanction_entries WHERE 'DPRK' = programs[1] AND country = 'PRK'")[0]
    assert n == 155
    prk = [e for e in query_events(ws, origin_kinds=["sanctions"]) if e["target"] == "PRK"]
    assert prk and all(e["source"] == "UNSC" for e in prk)
    assert sum(e["quantity"]["value"] for e in prk) == 155


def test_shared_ofac_sdn_vessels(ws, shared_data):
    out = ingest_sanctions(ws, shared_data / "sanctions" / "ofac" / "sdn_2021-07.csv")
    assert out.failed == 0 and out.details["aliases"] == 11910
    row = ws.fetchone("SELECT name, country FROM sanction_entries WHERE imo = 8660313")
    assert row == ("CHON MA SAN", "PRK")


def test_event_names_are_screened(ws, fixtures):
    from axiswatch.records import Event, Evidence
    from axiswatch.store.events import write_events

    ingest_sanctions(ws, fixtures / S / "un_small.xml")
    text = "Koryo Test Trading Corporation shipped the cargo."
    ev = Event(event_type="AID", source="PRK", target="RUS", commodity="other", source_name="Koryo Test Trading "
               "Corporation", document_id="doc-1", evidence=[Evidence(text, 0, len(text), "doc-1")])
    with ws.transaction():
        write_events(ws, [ev])
    refresh(ws, load_profile())
    hits = matches_for(ws, "event", ev.id)
    assert [(h["entry_name"], h["method"], h["score"]) for h in hits] == \
        [("KORYO TEST TRADING CORPORATION", "name", 1.0)]


def test_shared_ftm_files_and_deltas(ws, shared_data):
    d = shared_data / "sanctions" / "opensanctions_ftm"
    out = ingest_sanctions(ws, d / "zala_aero_cluster.entities.ftm.json")
    assert out.failed == 0 and out.added == 17
    row = ws.fetchone("SELECT count(*) FROM sanction_entries WHERE is_target AND designated_on IS NOT NULL")
    assert row[0] > 0
    first = ingest_sanctions(ws, d / "t2_20240527194702.entities.delta.json")
    second = ingest_sanctions(ws, d / "t2_20240528014702.entities.delta.json")
    assert (first.added, second.added, second.unchanged) == (2, 1, 1)  # ADD, ADD + MOD

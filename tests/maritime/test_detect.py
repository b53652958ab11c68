"""Detections on tracks whose right answers are known (see tests/fixtures/maritime/make_tracks.py)."""

from __future__ import annotations

import json

import pytest

from axiswatch.maritime.ais import ingest_ais
from axiswatch.maritime.detect import run_detection
from axiswatch.maritime.places import maritime_params, valid_imo, watched_places
from axiswatch.maritime.vessels import list_vessels
from axiswatch.profiles import load_profile


@pytest.fixture
def tracks(ws, fixtures):
    for name in ("shuttle_dark.nm4", "encounter_legacy.csv", "tanker_2024.csv"):
        ingest_ais(ws, fixtures / "maritime" / name)
    return ws


def _detections(ws, kind):
    rows = ws.records("SELECT * FROM maritime_detections WHERE kind = ? ORDER BY start_t", [kind])
    for r in rows:
        r["details"] = json.loads(r["details"])
        r["evidence"] = json.loads(r["evidence"])
    return rows


def test_profile_places_are_validated():
    profile = load_profile()
    places = {p.id: p for p in watched_places(profile)}
    assert set(places) == {"rajin", "chongjin", "nampo", "vostochny", "nakhodka", "dunai", "vladivostok",
                           "tumangang_khasan"}
    assert places["rajin"].confidence == "low" and places["rajin"].sources
    assert places["tumangang_khasan"].kind == "crossing"
    assert maritime_params(profile).gap_hours == 12


def test_imo_check_digit():
    assert valid_imo(8660313) and valid_imo(9123453)
    assert not valid_imo(9123454) and not valid_imo(123)


def test_ship_going_dark_leaving_rajin_reappears_off_vostochny(tracks):
    profile = load_profile()
    counts = run_detection(tracks, watched_places(profile), maritime_params(profile))
    assert counts["dark_port_call"] == 3 and counts["gap"] == 3
    dark = _detections(tracks, "dark_port_call")
    assert {d["mmsi"] for d in dark} == {273111110}
    assert {d["place_id"] for d in dark} == {"vostochny"}
    first = dark[0]
    assert first["hours"] == 30.0
    assert first["details"]["rule"] == ["leaving port"]
    assert first["details"]["implied_speed_kn"] < maritime_params(profile).dark_call_max_speed_kn
    # the evidence is the last fix before the silence and the first after it
    assert [e["t"] for e in first["evidence"]] == ["2023-09-01T15:00:00", "2023-09-02T21:00:00"]
    gap = _detections(tracks, "gap")[0]
    assert gap["place_id"] == "rajin" and gap["details"]["open_ocean"] is False
    assert gap["details"]["dark_port_call"] == "vostochny"


def test_port_calls_with_dwell_and_draught(tracks):
    profile = load_profile()
    run_detection(tracks, watched_places(profile), maritime_params(profile))
    calls = _detections(tracks, "port_call")
    rajin = [c for c in calls if c["place_id"] == "rajin"]
    assert len(rajin) == 3 and all(c["mmsi"] == 273111110 for c in rajin)
    assert all(11.5 < c["hours"] < 12.5 for c in rajin)
    tanker = [c for c in calls if c["mmsi"] == 445555550]
    assert len(tanker) == 1
    t = tanker[0]
    assert t["place_id"] == "vostochny" and t["hours"] > 29
    assert (t["details"]["draught_before"], t["details"]["draught_after"], t["details"]["load"]) == \
        (4.0, 8.5, "loaded")


def test_two_ships_meeting_at_sea(tracks):
    profile = load_profile()
    run_detection(tracks, watched_places(profile), maritime_params(profile))
    enc = _detections(tracks, "encounter")
    assert len(enc) == 1
    e = enc[0]
    assert {e["mmsi"], e["other_mmsi"]} == {445222220, 273444440}
    assert e["hours"] == 4.0 and e["details"]["max_distance_m"] <= 500
    assert e["details"]["nearest_watched_place_km"] > 10
    loiter = _detections(tracks, "loitering")
    assert {d["mmsi"] for d in loiter} == {445222220, 273444440}


def test_shuttle_between_rajin_and_vostochny(tracks):
    profile = load_profile()
    run_detection(tracks, watched_places(profile), maritime_params(profile))
    shuttles = _detections(tracks, "shuttle")
    assert len(shuttles) == 1
    s = shuttles[0]
    assert (s["mmsi"], s["place_id"], s["other_place"]) == (273111110, "rajin", "vostochny")
    assert s["details"]["voyages"] == 5 and s["details"]["dark_legs"] == 5


def test_detection_is_idempotent_and_follows_parameters(tracks):
    profile = load_profile()
    places, params = watched_places(profile), maritime_params(profile)
    run_detection(tracks, places, params)
    first = [r[0] for r in tracks.fetchall("SELECT detection_id FROM maritime_detections ORDER BY 1")]
    run_detection(tracks, places, params)
    assert [r[0] for r in tracks.fetchall("SELECT detection_id FROM maritime_detections ORDER BY 1")] == first
    strict = maritime_params(profile, gap_hours=48, dark_call_min_hours=48, encounter_min_hours=5)
    counts = run_detection(tracks, places, strict)
    assert counts["gap"] == counts["dark_port_call"] == counts["encounter"] == 0


def test_vessel_identity_and_anomalies(ws, tmp_path):
    p = tmp_path / "ids.csv"
    p.write_text(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,"
        "Cargo,TransceiverClass\n"
        "273000010,2024-01-01T00:00:00,42.0,131.0,5,90,511,OLD NAME,IMO9123453,UAAA,80,0,,,6.0,,A\n"
        "273000010,2024-01-02T00:00:00,42.1,131.0,5,90,511,NEW NAME,IMO9123453,UAAA,80,0,,,6.0,,A\n"
        "445000020,2024-01-03T00:00:00,41.0,131.0,5,90,511,NEW NAME,IMO9123453,HMAA,80,0,,,6.0,,A\n"
        "273000030,2024-01-03T00:00:00,41.0,132.0,5,90,511,ODD,IMO1234568,UBBB,70,0,,,6.0,,A\n"
    )
    ingest_ais(ws, p)
    v = {r["mmsi"]: r for r in list_vessels(ws, load_profile())}
    a = v[273000010]
    assert (a["name"], a["flag"], a["imo"]) == ("NEW NAME", "RUS", 9123453)
    assert "name changed 'OLD NAME' -> 'NEW NAME' (2024-01-02T00:00:00)" in a["anomalies"]
    assert "IMO/MMSI mismatch: IMO 9123453 also reported by MMSI 445000020 (flag change RUS -> PRK)" \
        in a["anomalies"]
    assert v[445000020]["flag"] == "PRK"
    assert "IMO 1234568 fails its check digit" in v[273000030]["anomalies"]


def test_a_bad_place_fails_profile_loading(tmp_path):
    import yaml

    from axiswatch.errors import ProfileError
    from axiswatch.profiles import _resolve_path

    raw = yaml.safe_load(_resolve_path("russia_dprk").read_text("utf-8"))
    raw["places"][0]["lat"] = 142.0
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ProfileError, match="invalid 'places' section"):
        load_profile(str(p))

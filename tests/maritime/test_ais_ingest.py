"""AIS ingest: NMEA framing and decoding, MarineCadastre layouts, quarantine, idempotence."""

from __future__ import annotations

from datetime import datetime

import pytest

from axiswatch.errors import InputError
from axiswatch.maritime.ais import ingest_ais, sniff
from axiswatch.maritime.nmea import checksum, parse_nmea

FIX = "maritime"


def test_checksum_matches_a_known_sentence():
    body = "AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0"
    assert checksum(body) == "23"


def test_tag_block_gives_time_and_station():
    line = "\\s:42809,c:1635731889,t:1635731965*6A\\!AIVDM,1,1,,,15Di=4002i<chWiba2`rPpD:04;`,0*37"
    res = parse_nmea([line])
    assert len(res.rows) == 1
    row = res.rows[0]
    assert row.t == datetime(2021, 11, 1, 1, 58, 9)
    assert row.station == "42809"
    assert row.lat is not None and -90 <= row.lat <= 90


def test_multipart_static_message_is_reassembled(fixtures):
    res = parse_nmea((fixtures / FIX / "shuttle_dark.nm4").read_text().splitlines()[:3])
    static = [r for r in res.rows if r.msg_type == 5]
    assert len(static) == 1
    s = static[0]
    assert (s.mmsi, s.imo, s.name, s.draught, s.ship_type) == (273111110, 9179842, "SEA FALCON", 6.0, 70)


def test_malformed_lines_have_reasons():
    lines = [
        "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*24",  # wrong checksum
        "!AIVDM,1,1,,B,,0*25",  # empty payload
        "!AIVDO,2,2,7,A,00000000000,2*21",  # second fragment alone
        "$GPGGA,184353.07,1929.045,S,02410.506,E,1,04,2.6,100.00,M,-33.9,M,,0000*6D",
        "garbage",
        "# comment",
    ]
    res = parse_nmea(lines)
    reasons = [r[1] for r in res.rejected]
    assert reasons[0] == "checksum mismatch (computed 23, line says 24)"
    assert reasons[1] == "empty payload"
    assert reasons[2].startswith("fragment 2 of 2 without")
    assert res.ignored_lines == 2 and res.rows == []


def test_sniff_recognises_both_formats(fixtures):
    for name in ("shuttle_dark.nm4", "encounter_legacy.csv", "tanker_2024.csv"):
        p = fixtures / FIX / name
        assert sniff(p, p.read_bytes()[:4096])
    assert not sniff(fixtures / FIX / "make_tracks.py", b"import math\n")


def test_nmea_ingest_quarantines_bad_lines_and_is_idempotent(ws, fixtures):
    path = fixtures / FIX / "shuttle_dark.nm4"
    out = ingest_ais(ws, path, run_id="run-1")
    assert out.added == 309 and out.failed == 5
    reasons = [r[0] for r in ws.fetchall("SELECT reason FROM quarantine WHERE run_id = 'run-1' ORDER BY location")]
    assert reasons == [
        "checksum mismatch (computed 23, line says 24)",
        "fragment 2 of 2 without the ones before it",
        "duplicate message: same MMSI and time as line 312",
        "impossible speed: 3414.1 kn from the report before",
        "impossible position lat=95.0 lon=131.0",
    ]
    again = ingest_ais(ws, path, run_id="run-2")
    assert (again.added, again.unchanged) == (0, 309)
    assert ws.fetchone("SELECT count(*) FROM ais_positions")[0] == 309
    # the teleporting fix went, its honest neighbours stayed
    assert ws.fetchone("SELECT count(*) FROM ais_positions WHERE mmsi = 273999990")[0] == 3


def test_marinecadastre_2024_layout_reads_longitude_first(ws, fixtures):
    out = ingest_ais(ws, fixtures / FIX / "tanker_2024.csv")
    assert out.details["layout"] == "marinecadastre-2024" and out.added == 55
    lat, lon = ws.fetchone("SELECT avg(lat), avg(lon) FROM ais_positions")
    assert 42 < lat < 43 and 132 < lon < 134
    drafts = [r[0] for r in ws.fetchall("SELECT draught FROM ais_static ORDER BY t")]
    assert drafts == [4.0, 8.5]  # only changes are kept
    assert ws.fetchone("SELECT DISTINCT imo FROM ais_static")[0] == 9123453


def test_bad_csv_rows_are_quarantined_and_the_rest_goes_in(ws, tmp_path):
    p = tmp_path / "day.csv"
    p.write_text(
        "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,"
        "Cargo,TransceiverClass\n"
        "273000001,2024-01-01T00:00:00,42.0,131.0,5.0,90.0,511,A,,,70,0,,,,,A\n"
        "27300000X,2024-01-01T00:00:00,42.0,131.0,5.0,90.0,511,B,,,70,0,,,,,A\n"
        "273000002,yesterday,42.0,131.0,5.0,90.0,511,C,,,70,0,,,,,A\n"
        "273000003,2024-01-01T00:00:00,91.5,131.0,5.0,90.0,511,D,,,70,0,,,,,A\n"
        "273000001,2024-01-01T00:10:00,42.01,131.0,102.3,360.0,511,A,,,70,0,,,,,A\n"
    )
    out = ingest_ais(ws, p, run_id="r")
    assert out.added == 2 and out.failed == 3
    assert {r.reason for r in out.rejected} == {
        "MMSI missing or not a number: 27300000X",
        "BaseDateTime is not a timestamp: yesterday",
        "impossible position lat=91.5 lon=131.0",
    }
    # SOG 102.3 and COG 360 mean "not available"
    assert ws.fetchone("SELECT sog, cog FROM ais_positions WHERE t = '2024-01-01 00:10:00'") == (None, None)


def test_unknown_file_is_refused_without_writing(ws, tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello\n")
    with pytest.raises(InputError, match="neither a MarineCadastre CSV nor NMEA"):
        ingest_ais(ws, p)
    assert ws.fetchone("SELECT count(*) FROM ais_positions")[0] == 0


def test_shared_marinecadastre_sample(ws, shared_data):
    out = ingest_ais(ws, shared_data / "ais" / "marinecadastre_AIS_sample_2023-01-11_1000rows.csv")
    assert out.details["layout"] == "marinecadastre-legacy"
    assert out.added == 998 and out.details["not_ship_mmsi"] == 2 and out.failed == 0
    row = ws.fetchone("SELECT lat, lon, name, imo FROM ais_positions JOIN ais_static USING (mmsi) "
                      "WHERE mmsi = 636021061")
    assert row == (26.09241, -80.04806, "MSC NAISHA III", 9307839)


@pytest.mark.parametrize("name, timed, rejected", [
    ("aisdb_test_data_20211101_tagblock.nm4", 902, 8),
    ("aisdb_test_data_201201.nmea", 3, 2),
    ("pyais_mixed.txt", 1, 1),
])
def test_shared_nmea_samples(ws, shared_data, name, timed, rejected):
    out = ingest_ais(ws, shared_data / "ais" / "nmea" / name)
    assert (out.added, out.failed) == (timed, rejected)


def test_untimed_messages_can_be_stamped(ws, shared_data):
    p = shared_data / "ais" / "nmea" / "pyais_nmea_data_sample.txt"
    plain = ingest_ais(ws, p)
    assert plain.added == 0 and plain.details["untimed_positions"] > 700
    stamped = ingest_ais(ws, p, options={"received_at": "2020-01-01T00:00:00"})
    # one time for every message: each vessel keeps its first report, the others are duplicates
    vessels = ws.fetchone("SELECT count(DISTINCT mmsi) FROM ais_positions")[0]
    assert stamped.added == vessels == 163
    reasons = ws.fetchall("SELECT split_part(reason, ':', 1), count(*) FROM quarantine "
                          "WHERE reason LIKE 'duplicate%' GROUP BY 1")
    assert reasons == [("duplicate message", 595)]


def test_gzip_files_are_read(ws, fixtures, tmp_path):
    import gzip

    for name in ("tanker_2024.csv", "shuttle_dark.nm4"):
        (tmp_path / f"{name}.gz").write_bytes(gzip.compress((fixtures / FIX / name).read_bytes()))
    assert ingest_ais(ws, tmp_path / "tanker_2024.csv.gz").added == 55
    assert ingest_ais(ws, tmp_path / "shuttle_dark.nm4.gz").added == 309

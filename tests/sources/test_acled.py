"""ACLED exports (legacy cp1252 layout and the current layout) -> PLOVER events, with quarantine."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiswatch.errors import InputError
from axiswatch.sources import acled
from axiswatch.store.events import query_events


@pytest.fixture
def ds(fixtures: Path) -> Path:
    return fixtures / "datasets"


@pytest.mark.parametrize(("etype", "sub", "expected"), [
    ("Battles", "Armed clash", ("ASSAULT", "military")),
    ("Battle-No change of territory", "", ("ASSAULT", "military")),
    ("Explosions/Remote violence", "Air/drone strike", ("ASSAULT", "aerial")),
    ("Protests", "Peaceful protest", ("PROTEST", "demo")),
    ("Riots/Protests", "", ("PROTEST", "demo")),
    ("Strategic developments", "Arrests", ("COERCE", "arrest")),
    ("Strategic developments", "Agreement", ("AGREE", None)),
    ("Strategic development", "", None),
])
def test_type_mapping(etype: str, sub: str, expected: tuple[str, str | None] | None) -> None:
    assert acled.map_acled(etype, sub) == expected


def test_legacy_layout_cp1252_and_bad_rows(ws, ds: Path) -> None:
    out = acled.ingest(ws, ds / "acled_legacy.csv", run_id="r")
    assert out.details["layout"] == "legacy" and out.details["encoding"] == "cp1252"
    assert (out.added, out.failed, out.details["unmapped"]) == (3, 3, 1)
    reasons = dict(ws.fetchall("SELECT location, reason FROM quarantine"))
    assert reasons == {"line 5": "unparseable event_date '31/02/2016'", "line 6": "broken quotes",
                       "line 7": "wrong column count: 10 fields, header has 32"}
    battle = query_events(ws, types=["ASSAULT"], actors=["SDN"])[0]
    assert (battle["source"], battle["target"], battle["date"]) == ("SDN", "SDN", "2016-01-03")
    assert battle["quantity"] == {"value": 7, "unit": "fatalities"}
    assert "“repelled”" in battle["evidence"][0]["text"]   # 0x93/0x94 decoded as Windows-1252 quotes
    assert battle["origin"] | {"file": ""} == {"kind": "acled", "document_id": None, "dataset": "acled",
                                              "layout": "legacy", "file": "", "row": 2, "key": "9001SUD"}
    assert battle["attrs"]["notes"].startswith("Clashes near Dilling")
    again = acled.ingest(ws, ds / "acled_legacy.csv")
    assert (again.added, again.unchanged) == (0, 3)


def test_current_layout_states_and_dyad_filter(ws, ds: Path) -> None:
    out = acled.ingest(ws, ds / "acled_current.csv", options={"actors": ["RUS", "PRK"], "actor_match": "dyad"})
    assert out.details["layout"] == "current" and out.failed == 1
    evs = query_events(ws, origin_kinds=["acled"])
    assert [(e["event_type"], e["source"], e["target"]) for e in evs] == [("AGREE", "RUS", "PRK")]
    everything = acled.ingest(ws, ds / "acled_current.csv")
    assert everything.added == 3
    clash = query_events(ws, types=["ASSAULT"], actors=["PRK"])[0]
    assert (clash["source"], clash["target"], clash["mode"]) == ("UKR", "PRK", "military")
    assert clash["attrs"]["fatalities"] == 12 and clash["attrs"]["source_scale"] == "National"
    protest = query_events(ws, types=["PROTEST"])[0]
    assert protest["date"] == "2024-06-19"  # '19 June 2024'


def test_non_acled_file_is_refused(ws, ds: Path, shared_data: Path) -> None:
    with pytest.raises(InputError, match="not an ACLED event export"):
        acled.ingest(ws, shared_data / "acled" / "hdx_hapi_conflict_event_2025_RUS_PRK_KOR_plus_UKR200.csv")


def test_shared_legacy_sample(ws, shared_data: Path) -> None:
    out = acled.ingest(ws, shared_data / "acled" / "acled_all_africa_20160101-20160528_first300.csv")
    assert (out.details["rows_read"], out.failed, out.details["unmapped"], out.added) == (300, 0, 14, 286)
    counts = dict(ws.fetchall("SELECT event_type, count(*) FROM events GROUP BY 1"))
    assert counts == {"PROTEST": 173, "ASSAULT": 113}
    first = next(e for e in query_events(ws, actors=["DZA"]) if e["origin"]["key"] == "1RTA")
    assert (first["event_type"], first["date"], first["source_name"]) == ("PROTEST", "2015-12-29",
                                                                          "Protesters (Algeria)")

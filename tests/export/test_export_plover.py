"""POLECAT-style records and CAMEO rows from events in the ``axiswatch events`` JSON form."""

from __future__ import annotations

import pytest

from axiswatch.export.plover import ExportCount, cameo_code, cameo_rows, polecat_record, polecat_records, quad_class
from axiswatch.ontology import EVENT_TYPES
from axiswatch.sources.cameo import map_cameo

SHELLS = {
    "id": "ev-1", "event_type": "AID", "mode": "military", "source": "PRK", "target": "RUS",
    "source_name": "Pyongyang", "target_name": None, "commodity": "munitions", "date": "2023-08",
    "quantity": {"value": 10000, "unit": "containers"}, "certainty": "reported", "confidence": 0.55,
    "evidence": [{"document_id": "d1", "text": "North Korea has shipped 10,000 containers.", "start": 0,
                  "end": 42}],
    "origin": {"kind": "text", "document_id": "d1"}, "extractor_version": "rules-1.0", "attrs": {},
}
DOC = {"document_id": "d1", "title": "Containers", "url": "https://example.org/d1", "publisher": "Wire",
       "language": "en", "published": "2024-06-20"}


def test_polecat_record_has_the_required_fields():
    rec = polecat_record(SHELLS, DOC)
    assert rec is not None
    assert rec["id"] == "ev-1" and rec["date"] == "2023-08-01" and rec["enddate"] == "2023-08-31"
    assert rec["actor"] == [{"code": "PRK", "entity_text": "Pyongyang"}]
    assert rec["recipient"] == [{"code": "RUS"}]
    assert rec["event"] == ["AID"] and rec["mode"] == ["military"] and rec["context"] == ["military"]
    assert rec["quad_code"] == 2  # material cooperation
    assert rec["event_text"] == "North Korea has shipped 10,000 containers."
    assert rec["text_info"] == {"start": 0, "end": 42}
    assert rec["cite_info"]["url"] == "https://example.org/d1" and rec["cite_info"]["publication"] == "Wire"
    ext = rec["axiswatch"]
    assert ext["commodity"] == "munitions" and ext["quantity"] == {"value": 10000, "unit": "containers"}
    assert ext["date_from"] == "event"


def test_undated_event_takes_the_publication_date_or_is_left_out():
    undated = {**SHELLS, "date": None}
    rec = polecat_record(undated, DOC)
    assert rec is not None and rec["date"] == "2024-06-20" and "enddate" not in rec
    assert rec["axiswatch"]["date_from"] == "published" and rec["axiswatch"]["date"] is None
    count = ExportCount()
    out = list(polecat_records([SHELLS, undated], {}, count))
    assert [r["id"] for r in out] == ["ev-1"]
    assert count.to_dict() == {"written": 1, "skipped": 1,
                               "reasons": {"no event or publication date (POLECAT records need one)": 1}}


@pytest.mark.parametrize("event, code", [
    ({"event_type": "AID", "commodity": "munitions"}, "072"),
    ({"event_type": "AID", "commodity": "food"}, "073"),
    ({"event_type": "AID", "commodity": "money"}, "071"),
    ({"event_type": "AID"}, "070"),
    ({"event_type": "COOPERATE", "mode": "economic"}, "061"),
    ({"event_type": "CONSULT", "mode": "visit"}, "042"),
    ({"event_type": "SANCTION"}, "163"),
    ({"event_type": "MOBILIZE", "mode": "troops"}, "154"),
    ({"event_type": "ASSAULT"}, "190"),
    ({"event_type": "SUPPORT"}, "050"),
])
def test_cameo_code_reverses_the_crosswalk(event, code):
    m = cameo_code(event)
    assert m is not None and m.code == code


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_plover_type_maps_back_to_itself(event_type):
    m = cameo_code({"event_type": event_type})
    assert m is not None
    mapped = map_cameo(m.code)
    assert mapped is not None and mapped.plover_type == event_type


def test_cameo_rows_and_quad_classes():
    count = ExportCount()
    rows = list(cameo_rows([SHELLS, {**SHELLS, "id": "ev-2", "event_type": "INVENT"}], count))
    assert len(rows) == 1 and count.skipped == 1
    row = rows[0]
    assert (row["event_code"], row["event_base_code"], row["event_root_code"], row["quad_class"]) == \
        ("072", "072", "07", 2)
    assert (row["actor1_code"], row["actor2_code"], row["sqldate"]) == ("PRK", "RUS", "20230801")
    assert (row["commodity"], row["quantity_value"], row["quantity_unit"]) == ("munitions", 10000, "containers")
    assert [quad_class(c) for c in ("042", "057", "072", "091", "112", "145", "163", "190")] == \
        [1, 1, 2, 2, 3, 3, 4, 4]

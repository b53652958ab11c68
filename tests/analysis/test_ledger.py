"""The exchange ledger: one shipment counted once, ranges kept, SUPPORT as diplomatic support."""

from __future__ import annotations

from analysis_builders import SHIPMENT, add_document, ev, write

from axiswatch.analysis.ledger import build_ledger


def test_ledger_counts_each_shipment_once(shipment_ws, profile):
    lines = build_ledger(shipment_ws, profile)
    assert len(lines) == 1
    line = lines[0].to_dict()
    assert (line["source"], line["target"], line["commodity"]) == ("PRK", "RUS", "munitions")
    assert line["first_date"] == "2023-10-01" and line["last_date"] == "2024-03-28"
    # 1000..1200 containers (one shipment, three reports) + 300 containers
    assert line["quantity"] == {"low": 1300, "high": 1500, "unit": "containers", "events": 2}
    assert line["confidence"] == 0.755 and line["estimative"] == "likely"
    assert len(line["events"]) == 2 and line["mentions"] == 4 and line["contested"] == 1
    texts = [e["text"] for e in line["evidence"]]
    assert texts[0] == SHIPMENT
    assert {"document_id", "text", "start", "end"} <= set(line["evidence"][0])


def test_support_is_diplomatic_support_and_filters(shipment_ws, profile):
    add_document(shipment_ws, "d9", None, "2024-03-29")
    write(shipment_ws, [ev("SUPPORT", "RUS", "PRK", "2024-03-28", doc="d9",
                           text="Russia vetoed the renewal of the panel of experts.")])
    lines = {(x.source, x.commodity): x for x in build_ledger(shipment_ws, profile)}
    support = lines[("RUS", "diplomatic_support")]
    assert support.quantity is None and support.confidence == 0.55
    assert support.estimative == "likely"  # 0.55 is the lower edge of "likely"
    only_2024 = build_ledger(shipment_ws, profile, since="2024")
    assert [(x.commodity, x.quantity["low"] if x.quantity else None) for x in only_2024] == [
        ("munitions", 300), ("diplomatic_support", None)]
    assert build_ledger(shipment_ws, profile, until="2023-09") == []
    assert [x.commodity for x in build_ledger(shipment_ws, profile, min_confidence=0.7)] == ["munitions"]


def test_speculation_is_listed_but_not_added(ws, profile):
    write(ws, [
        ev("AID", "PRK", "RUS", "2024-10-20", commodity="troops", qty=(11000, "soldiers"), key="sent"),
        ev("AID", "PRK", "RUS", "2024-12-01", commodity="troops", qty=(25000, "troops"), certainty="speculative",
           key="expected"),
        ev("AID", "PRK", "RUS", "2024-12-20", commodity="troops", qty=(1000, "sappers"), key="sappers"),
    ])
    (line,) = build_ledger(ws, profile)
    assert len(line.events) == 3
    assert line.quantity == {"low": 12000, "high": 12000, "unit": "troops", "events": 2}
    assert line.uncounted == [{"low": 25000, "high": 25000, "unit": "troops", "events": 1}]
    (everything,) = build_ledger(ws, profile, quantity_min_confidence=0.0)
    assert everything.quantity["low"] == 37000 and everything.uncounted == []

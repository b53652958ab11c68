"""Fixtures for the analysis tests: the packaged profile and a workspace with a known answer."""

from __future__ import annotations

import pytest
from analysis_builders import SHIPMENT, add_document, add_publisher, ev, write

from axiswatch.profiles import Profile, load_profile
from axiswatch.store.workspace import Workspace


@pytest.fixture
def profile() -> Profile:
    """The packaged Russia-DPRK profile."""
    return load_profile("russia_dprk")


@pytest.fixture
def shipment_ws(ws: Workspace) -> Workspace:
    """Three reports of one munitions shipment from two publishers (one syndicated copy) and a denial.

    d1 (publisher pa, grade B) and its syndicated copy d3 (publisher pc, grade D) count as one
    source; d2 (publisher pb, grade C) is the second. d4 carries the DPRK's denial.
    A fourth report half a year later is a different shipment.
    """
    for pid, grade in (("pa", "B"), ("pb", "C"), ("pc", "D"), ("pk", "E")):
        add_publisher(ws, pid, grade)
    add_document(ws, "d1", "pa", "2023-10-14")
    add_document(ws, "d2", "pb", "2023-10-15")
    add_document(ws, "d3", "pc", "2023-10-16", duplicate_of="d1")
    add_document(ws, "d4", "pk", "2023-10-20")
    add_document(ws, "d5", "pa", "2024-04-02")
    write(ws, [
        ev("AID", "PRK", "RUS", "2023-10-13", doc="d1", commodity="munitions", qty=(1000, "containers"),
           text=SHIPMENT),
        ev("AID", "PRK", "RUS", "2023-10-12", doc="d2", commodity="munitions", qty=(1200, "containers"),
           certainty="alleged", text="Officials said 1,200 containers of shells had crossed the border."),
        ev("AID", "PRK", "RUS", "2023-10", doc="d3", commodity="munitions", qty=(1000, "container"),
           text=SHIPMENT),
        ev("REJECT", "PRK", "RUS", "2023-10-19", doc="d4", certainty="confirmed",
           text="Pyongyang denied that it had shipped any arms to Russia."),
        ev("AID", "PRK", "RUS", "2024-03-28", doc="d5", commodity="munitions", qty=(300, "containers"),
           text="Another 300 containers were loaded at Rajin."),
    ])
    return ws

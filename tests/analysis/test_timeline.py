"""The trend: series per type and direction, the cooperation–conflict index and change points."""

from __future__ import annotations

import numpy as np
from analysis_builders import ev, write

from axiswatch.analysis.timeline import build_timeline, detect_change_points

COMMODITIES = ("munitions", "troops", "missiles")


def _stepped(ws):
    """Jan–Jun 2022: one meeting a month; Jul–Dec 2022: three transfers a month; plus a year-only date."""
    events = [ev("CONSULT", "RUS", "PRK", f"2022-{m:02d}-10", key=f"c{m}") for m in range(1, 7)]
    events += [ev("AID", "PRK", "RUS", f"2022-{m:02d}-15", commodity=c, key=f"a{m}{c}")
               for m in range(7, 13) for c in COMMODITIES]
    events.append(ev("ASSAULT", "PRK", "RUS", "2022", key="y"))
    write(ws, events)


def test_series_index_and_change_point(ws, profile):
    _stepped(ws)
    tl = build_timeline(ws, profile)
    assert tl.periods[0] == "2022-01-01" and tl.periods[-1] == "2022-12-01" and len(tl.periods) == 12
    by_key = {(s["event_type"], s["direction"]): s for s in tl.series}
    assert set(by_key) == {("CONSULT", "RUS->PRK"), ("AID", "PRK->RUS")}  # the year-only ASSAULT is left out
    assert by_key[("AID", "PRK->RUS")]["counts"] == [0] * 6 + [3] * 6
    assert by_key[("CONSULT", "RUS->PRK")]["counts"] == [1] * 6 + [0] * 6
    # confidence of a single ungraded report: 0.55; CONSULT scores 2.5, AID 10
    assert tl.index[0] == {"period": "2022-01-01", "events": 1, "cooperation": 1.375, "conflict": 0.0,
                           "net": 1.375, "index": 2.5}
    assert tl.index[11]["net"] == 16.5 and tl.index[11]["index"] == 10.0
    assert [c["date"] for c in tl.change_points] == ["2022-07-01"]
    change = tl.change_points[0]
    assert change["shift"] == "deepening" and change["before"] == 1.375 and change["after"] == 16.5
    assert change["events"][0]["event_type"] == "AID" and change["events"][0]["date"].startswith("2022-07")
    data = tl.to_dict()
    assert set(data) >= {"series", "change_points", "index", "periods", "method"}


def test_weekly_and_filters(ws, profile):
    _stepped(ws)
    tl = build_timeline(ws, profile, since="2022-07", until="2022-08", freq="week")
    assert tl.periods[0] == "2022-06-27"  # the Monday of the week holding 1 July
    assert sum(r["events"] for r in tl.index) == 6
    assert build_timeline(ws, profile, since="2030").periods == []


def test_flat_signal_has_no_change_point():
    assert detect_change_points(np.array([2.0] * 20)) == []
    noisy = np.array([1.0, 1.2, 0.9, 1.1, 1.0, 0.8, 1.1, 9.0, 9.2, 8.9, 9.1, 9.0, 8.8, 9.1])
    assert detect_change_points(noisy) == [7]

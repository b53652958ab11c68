"""Properties of resolve: every mention lands in exactly one event, and the result does not depend on
the order the events were written in (ids come from content, never from row positions)."""

from __future__ import annotations

import random

from analysis_builders import ev, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axiswatch.analysis.resolve import resolve_events
from axiswatch.store import open_workspace

DATES = ["2024-03-01", "2024-03-02", "2024-03-04", "2024-03-09", "2024-03-20", "2024-03", "2024-04", "2024", None]
mention = st.tuples(
    st.sampled_from(["AID", "COOPERATE", "REJECT"]),
    st.sampled_from([("PRK", "RUS"), ("RUS", "PRK")]),
    st.sampled_from(["munitions", "fuel", None]),
    st.sampled_from(DATES),
    st.sampled_from([None, 100.0, 150.0, 400.0, 5000.0]),
    st.sampled_from(["text", "gdelt", "acled"]),
)


def _resolved(path, events, profile):
    with open_workspace(path) as ws:
        write(ws, events)
        resolve_events(ws, profile)
        rows = ws.fetchall("SELECT resolved_id, mentions, date, quantity_low, quantity_high, confidence "
                           "FROM resolved_events ORDER BY resolved_id")
        members = ws.fetchall("SELECT event_id, resolved_id FROM resolved_members ORDER BY event_id")
    return rows, members


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mention, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_order_does_not_matter_and_mentions_add_up(tmp_path_factory, profile, mentions, rnd):
    events = [ev(t, s, tg, d, commodity=c, qty=(q, "units") if q else None, origin_kind=k, key=f"m{i}")
              for i, (t, (s, tg), c, d, q, k) in enumerate(mentions)]
    unique = {e.id: e for e in events}  # two identical mentions are one row (ids from content)
    folder = tmp_path_factory.mktemp("prop")
    rows, members = _resolved(folder / "a.duckdb", list(unique.values()), profile)
    shuffled = list(unique.values())
    random.Random(rnd.random()).shuffle(shuffled)
    rows2, members2 = _resolved(folder / "b.duckdb", shuffled, profile)
    assert (rows, members) == (rows2, members2)
    assert len(members) == len(unique) == sum(r[1] for r in rows)
    assert len({m[0] for m in members}) == len(members)

"""UN General Assembly votes: the unvotes CSV layouts and Voeten's raw layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiswatch.errors import InputError
from axiswatch.sources import unvotes


@pytest.fixture
def ds(fixtures: Path) -> Path:
    return fixtures / "datasets"


def test_layouts_are_sniffed(ds: Path) -> None:
    for name, layout in [("un_votes.csv", "votes"), ("un_roll_calls.csv", "roll_calls"),
                         ("un_roll_call_issues.csv", "issues"), ("voeten_votes.csv", "voeten")]:
        assert unvotes.layout_of(unvotes._header(ds / name)) == layout
        assert unvotes.sniff(ds / name, (ds / name).read_bytes()[:500])


def test_unvotes_files(ws, ds: Path) -> None:
    issues = unvotes.ingest(ws, ds / "un_roll_call_issues.csv")
    calls = unvotes.ingest(ws, ds / "un_roll_calls.csv", run_id="r")
    assert calls.details["roll_calls"] == 4 and calls.failed == 1
    assert issues.details["issue_tags"] == 3
    row = ws.fetchone("SELECT session, year, important_vote, issues FROM un_roll_calls WHERE rcid = 9001")
    assert row == (73, 2018, False, ["nu"])  # issues loaded first survive the roll-call load
    votes = unvotes.ingest(ws, ds / "un_votes.csv", run_id="r")
    assert (votes.added, votes.failed) == (16, 2)
    reasons = sorted(r[0] for r in ws.fetchall("SELECT reason FROM quarantine"))
    assert reasons == ["unknown vote maybe", "unparseable date not-a-date", "unparseable state code"]
    states = dict(ws.fetchall("SELECT state, count(*) FROM un_votes GROUP BY 1"))
    assert states == {"RUS": 4, "PRK": 4, "USA": 4, "CHN": 4}  # ISO-2 RU/KP became ISO-3
    again = unvotes.ingest(ws, ds / "un_votes.csv")
    assert (again.added, again.unchanged) == (0, 16)


def test_voeten_vote_codes_and_cow_states(ws, ds: Path) -> None:
    out = unvotes.ingest(ws, ds / "voeten_votes.csv")
    assert out.failed == 1  # vote code 7 does not exist
    votes = dict(((r, s), v) for r, s, v in ws.fetchall("SELECT rcid, state, vote FROM un_votes"))
    assert votes[(8001, "RUS")] == "no" and votes[(8001, "PRK")] == "nonmember"
    assert votes[(8003, "RUS")] == "abstain" and votes[(8003, "PRK")] == "no"
    call = ws.fetchone("SELECT session, year, date, issues FROM un_roll_calls WHERE rcid = 8002")
    assert call is not None and call[0:2] == (46, 1991) and str(call[2]) == "1991-12-10" and call[3] == ["nu"]


def test_not_a_votes_file(ws, ds: Path) -> None:
    with pytest.raises(InputError, match="not a UN votes file"):
        unvotes.ingest(ws, ds / "acled_current.csv")


def test_shared_unvotes(ws, shared_data: Path) -> None:
    u = shared_data / "unvotes"
    assert unvotes.ingest(ws, u / "un_votes_RU_KP_all_sessions.csv").added == 8250
    both = unvotes.ingest(ws, u / "un_votes_sessions73-74_all_countries.csv")
    assert both.details["votes"] == 33279 and both.failed == 0
    assert unvotes.ingest(ws, u / "un_roll_calls.csv").details["roll_calls"] == 6202
    voeten = unvotes.ingest(ws, u / "voeten_UNVotesPublished2016_slice.csv")
    assert voeten.details["votes"] == 24801 and voeten.failed == 0
    n = ws.fetchone("SELECT count(DISTINCT state) FROM un_votes WHERE state IN ('RUS', 'PRK')")
    assert n == (2,)


def test_broken_quote_and_wrong_width_lines(ws, ds: Path) -> None:
    out = unvotes.ingest(ws, ds / "un_votes_bad.csv", run_id="r")
    assert (out.added, out.failed) == (3, 1)
    assert ws.fetchall("SELECT location, reason FROM quarantine") == [
        ("line 4", "TOO MANY COLUMNS: Expected Number of Columns: 4 Found: 5")]
    # the unbalanced quote on line 3 does not swallow the lines after it
    assert dict(ws.fetchall("SELECT state, vote FROM un_votes")) == {"RUS": "yes", "PRK": "yes", "USA": "no"}

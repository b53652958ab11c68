"""Regression tests for what the fuzzer found (one test per finding, named after it)."""

from __future__ import annotations

from pathlib import Path

from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.store.check import check_path


def _gdelt1_line(event_id: int, extra: int = 0, cut: int | None = None) -> bytes:
    """A GDELT 1.0 daily line (58 fields) of RUSGOV -> PRKGOV, with extra fields or cut short."""
    f = [""] * 58
    f[0], f[1], f[2], f[3], f[4] = str(event_id), "20190425", "201904", "2019", "2019.0332"
    f[5], f[6], f[7] = "RUSGOV", "RUSSIA", "RUS"
    f[15], f[16], f[17] = "PRKGOV", "NORTH KOREA", "PRK"
    f[25], f[26], f[27], f[28], f[29] = "1", "036", "036", "03", "1"
    f[30], f[31], f[32], f[33], f[34] = "4.0", "2", "1", "2", "1.5"
    f[49], f[50], f[51] = "4", "Moscow, Moskva, Russia", "RS"
    f[57] = "20190425"
    f += ["junk"] * extra
    if cut is not None:
        f = f[:cut]
    return "\t".join(f).encode() + b"\n"


def test_gdelt_lines_of_every_width_with_bad_utf8_do_not_kill_the_database(tmp_path: Path) -> None:
    """Finding: a GDELT 1.0 file with bad UTF-8 (so the careful reader runs) and lines too long and too
    short made DuckDB raise an internal error that invalidated the whole database for the process."""
    data = (_gdelt1_line(500000001) + _gdelt1_line(500000002, extra=2).replace(b"Moscow", b"Mos\xe9\x1bcow")
            + _gdelt1_line(500000003, extra=25) + _gdelt1_line(500000004, cut=21))
    path = tmp_path / "20190425.export.CSV"
    path.write_bytes(data)
    ws_path = tmp_path / "ws.duckdb"
    with open_workspace(ws_path) as ws:
        summary = ingest_paths(ws, [path], Settings.from_env(quiet=True), kind="gdelt")
        rows = ws.fetchall("SELECT global_event_id FROM gdelt_rows")
        reasons = ws.fetchall("SELECT location, reason FROM quarantine ORDER BY location")
    assert rows == [(500000001,)]
    assert summary.failed == 3
    assert len(reasons) == 3 and all(r for _, r in reasons)
    assert check_path(ws_path).ok


def test_pdf_whose_page_tree_lies_is_refused_with_a_reason() -> None:
    """Finding: a PDF whose catalogue counts a page that cannot be loaded raised PdfiumError."""
    from axiswatch.errors import InputError
    from axiswatch.sources.pdf import parse_pdf

    data = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Pagez>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    try:
        parse_pdf(data, "lying.pdf")
    except InputError as exc:
        assert exc.where.startswith("lying.pdf") and exc.reason
    else:
        raise AssertionError("a PDF without a loadable page was accepted")


def test_feed_with_bytes_that_fit_no_encoding_is_refused_with_a_reason() -> None:
    """Finding: feedparser raised UnicodeDecodeError on a feed whose encoding name is itself damaged."""
    import pytest

    from axiswatch.errors import InputError
    from axiswatch.sources.feed import parse_feed

    data = (b'<?xml version="1.0" encoding="ut\xd8-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            b"<title>t</title><entry><title>a</title><summary>Moscow</summary></entry></feed>")
    with pytest.raises(InputError) as err:
        parse_feed(data, "lying.xml")
    assert err.value.where == "lying.xml" and "encoding" in err.value.reason


def test_voeten_row_short_of_a_column_does_not_kill_the_database(tmp_path: Path) -> None:
    """Finding: a Voeten votes row missing a separator (a byte that is not UTF-8 in its place) made
    DuckDB raise an internal error that invalidated the database for the process."""
    header = b"rcid,session,vote,ccode,member,importantvote,date,unres,me,nu,di,hr,co,ec,year\n"
    rows = (b"8101,46,1,365,1,0,12/10/1991,R/46/1,0,1,0,0,0,0,1991\n"
            b"8101,46,1,731,1,0,12/10/1991,R/46/1,0,1,0,0,0,0,1991\n"
            b"8102,46,2\xbb365,1,0,12/11/1991,R/46/2,0,0,0,1,0,0,1991\n"
            b"8102,46,3,731,1,0,12/11/1991,R/46/2,0,0,0,1,0,0,1991\n")
    path = tmp_path / "voeten_votes.csv"
    path.write_bytes(header + rows)
    ws_path = tmp_path / "ws.duckdb"
    with open_workspace(ws_path) as ws:
        summary = ingest_paths(ws, [path], Settings.from_env(quiet=True), kind="unvotes")
        votes = ws.fetchall("SELECT rcid, state, vote FROM un_votes ORDER BY rcid, state")
        reasons = ws.fetchall("SELECT reason FROM quarantine")
    assert summary.failed >= 1 and all(r.strip() for (r,) in reasons)
    assert (8101, "RUS", "yes") in votes and (8101, "PRK", "yes") in votes
    assert check_path(ws_path).ok

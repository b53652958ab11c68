"""Watched sources: intervals, add/list/remove, folders, conditional requests, failures and backoff."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from watch_helpers import Route, Site

from axiswatch.errors import NotFound, UsageError
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace
from axiswatch.watch.sources import (
    add_source,
    check_source,
    due_sources,
    format_interval,
    get_source,
    list_sources,
    parse_interval,
    remove_source,
)

T0 = datetime(2026, 1, 5, 9, 0, 0)


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400),
                                               ("45", 45), (" 10 m ", 600)])
def test_parse_interval(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds
    assert parse_interval(format_interval(seconds)) == seconds


@pytest.mark.parametrize("text", ["5s", "soon", "15 minutes", "-3m", ""])
def test_parse_interval_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_interval(text)


def test_add_list_remove(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    a = add_source(ws, str(folder), every="15m")
    assert (a.kind, a.location, a.interval_s, a.health) == ("folder", str(folder), 900, "new")
    b = add_source(ws, "https://feeds.example.org/korea.xml", every="1h")
    assert (b.kind, b.interval_s) == ("url", 3600)
    again = add_source(ws, str(folder) + "/", every="30m")  # the same folder: updated, not added
    assert again.source_id == a.source_id
    assert [(s.location, s.interval_s) for s in list_sources(ws)] == [(str(folder), 1800),
                                                                      ("https://feeds.example.org/korea.xml", 3600)]
    assert remove_source(ws, a.source_id[:10]).source_id == a.source_id
    assert [s.source_id for s in list_sources(ws)] == [b.source_id]
    with pytest.raises(NotFound):
        get_source(ws, a.source_id)


def test_add_refuses_bad_locations(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        add_source(ws, str(tmp_path / "missing"))
    with pytest.raises(Exception, match="only http and https"):
        add_source(ws, "ftp://example.org/feed.xml")


def test_folder_brings_new_and_changed_files_once(ws: Workspace, tmp_path: Path, fix: Path,
                                                  settings: Settings) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(fix / "note_1.txt", inbox / "note_1.txt")
    src = add_source(ws, str(inbox), every="1m")
    first = check_source(ws, src, settings, T0)
    assert (first.status, first.inputs, first.added) == ("changed", 1, 1)
    second = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(minutes=1))
    assert (second.status, second.inputs, second.added) == ("unchanged", 0, 0)  # nothing re-read
    shutil.copy(fix / "note_2.txt", inbox / "note_2.txt")
    (inbox / "partial.txt.part").write_text("still downloading")
    third = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(minutes=2))
    assert (third.status, third.inputs, third.added) == ("changed", 1, 1)
    # touching a file without changing it is read again, and ingest finds it unchanged
    os.utime(inbox / "note_1.txt", ns=(1, 1))
    fourth = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(minutes=3))
    assert (fourth.inputs, fourth.added, fourth.unchanged) == (1, 0, 1)
    assert ws.fetchone("SELECT count(*) FROM documents")[0] == 2
    s = get_source(ws, src.source_id)
    assert (s.health, s.checks, s.documents_added, s.last_change_at) == ("ok", 4, 2, T0 + timedelta(minutes=2))


def test_bad_file_in_folder_is_quarantined_once(ws: Workspace, tmp_path: Path, fix: Path,
                                                settings: Settings) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    shutil.copy(fix / "note_1.txt", inbox / "note_1.txt")
    src = add_source(ws, str(inbox))
    check = check_source(ws, src, settings, T0)
    assert (check.status, check.added, check.refused) == ("changed", 1, 1)
    assert "empty file" in check.failures[0]["reason"]
    check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(hours=1))
    assert ws.fetchone("SELECT count(*) FROM quarantine WHERE origin LIKE '%empty.txt'")[0] == 1
    assert get_source(ws, src.source_id).health == "ok"


def test_feed_conditional_requests(ws: Workspace, site: Site, fix: Path, settings: Settings) -> None:
    site.routes["/feed.xml"] = Route((fix / "feed_v1.xml").read_bytes(), "application/rss+xml", etag='"v1"',
                                     last_modified="Wed, 11 Jun 2025 08:00:00 GMT")
    src = add_source(ws, site.url("/feed.xml"), every="15m", allow_private=True)
    first = check_source(ws, src, settings, T0)
    assert (first.status, first.added) == ("changed", 2)
    src = get_source(ws, src.source_id)
    assert (src.kind, src.etag, src.last_modified) == ("feed", '"v1"', "Wed, 11 Jun 2025 08:00:00 GMT")
    second = check_source(ws, src, settings, T0 + timedelta(minutes=15))
    assert second.status == "not_modified"
    assert site.hits("/feed.xml")[-1]["if_none_match"] == '"v1"'
    assert site.hits("/feed.xml")[-1]["if_modified_since"] == "Wed, 11 Jun 2025 08:00:00 GMT"
    site.routes["/feed.xml"] = Route((fix / "feed_v2.xml").read_bytes(), "application/rss+xml", etag='"v2"')
    third = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(minutes=30))
    assert (third.status, third.added, third.unchanged) == ("changed", 2, 2)
    assert ws.fetchone("SELECT count(*) FROM documents WHERE kind = 'feed'")[0] == 4


def test_server_ignoring_conditions_is_unchanged_by_hash(ws: Workspace, site: Site, fix: Path,
                                                         settings: Settings) -> None:
    site.routes["/page"] = Route((fix / "page.html").read_bytes())
    src = add_source(ws, site.url("/page"), allow_private=True)
    assert check_source(ws, src, settings, T0).added == 1
    again = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(hours=1))
    assert again.status == "unchanged"
    assert get_source(ws, src.source_id).kind == "page"
    assert ws.fetchone("SELECT count(*) FROM ingest_runs")[0] == 1  # the same body was not ingested again


def test_private_address_refused_unless_allowed(ws: Workspace, site: Site, fix: Path, settings: Settings) -> None:
    site.routes["/page"] = Route((fix / "page.html").read_bytes())
    src = add_source(ws, site.url("/page"))
    check = check_source(ws, src, settings, T0)
    assert check.status == "failed"
    assert "non-public address 127.0.0.1" in (check.error or "")
    assert site.hits("/page") == []


@pytest.mark.parametrize(("route", "reason"), [
    (Route(b"\x00\x01garbage \xff", "application/rss+xml"), "not an RSS or Atom feed"),
    (Route(b"", endless=True), "too large"),
    (Route(b"<html></html>", hang_s=1.5), "timed out"),
    (Route(b"gone", status=500), "HTTP 500"),
])
def test_bad_feeds_are_cut_off_and_back_off(ws: Workspace, site: Site, fix: Path, settings: Settings,
                                            route: Route, reason: str) -> None:
    settings = settings.with_fetch(timeout_s=1.0)
    site.routes["/bad"] = route
    site.routes["/good"] = Route((fix / "page.html").read_bytes())
    bad = add_source(ws, site.url("/bad"), every="10m", allow_private=True)
    good = add_source(ws, site.url("/good"), every="10m", allow_private=True)
    results = [check_source(ws, s, settings, T0) for s in due_sources(ws, T0)]
    assert [r.status for r in results] == ["failed", "changed"]
    assert reason in (results[0].error or "")
    b = get_source(ws, bad.source_id)
    assert (b.health, b.consecutive_failures, b.next_due_at) == ("failing", 1, T0 + timedelta(minutes=10))
    assert b.last_error and reason in b.last_error
    check_source(ws, b, settings, T0 + timedelta(minutes=10))
    b = get_source(ws, bad.source_id)
    assert (b.consecutive_failures, b.next_due_at) == (2, T0 + timedelta(minutes=30))  # backed off: 20 min
    assert get_source(ws, good.source_id).health == "ok"
    assert [s.source_id for s in due_sources(ws, T0 + timedelta(minutes=20))] == [good.source_id]


def test_recovery_clears_the_error(ws: Workspace, site: Site, fix: Path, settings: Settings) -> None:
    site.routes["/feed"] = Route(b"gone", status=503)
    src = add_source(ws, site.url("/feed"), allow_private=True)
    check_source(ws, src, settings, T0)
    site.routes["/feed"] = Route((fix / "feed_v1.xml").read_bytes(), "application/rss+xml")
    check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(hours=1))
    s = get_source(ws, src.source_id)
    assert (s.health, s.last_error, s.consecutive_failures) == ("ok", None, 0)
    assert s.last_error_at == T0  # when it last failed stays visible


def test_gdelt_update_folder(ws: Workspace, tmp_path: Path, fixtures: Path, settings: Settings) -> None:
    """A GDELT-style update folder: each new 15-minute file (plain or zipped) is ingested as GDELT rows."""
    updates = tmp_path / "gdelt"
    updates.mkdir()
    src = add_source(ws, str(updates), kind="gdelt", every="15m")
    assert (src.kind, src.ingest_kind) == ("gdelt", "gdelt")
    shutil.copy(fixtures / "datasets" / "gdelt2_dyad.export.CSV", updates / "20250101000000.export.CSV")
    first = check_source(ws, src, settings, T0)
    assert first.status == "changed" and first.added > 0
    # the fixture carries bad rows on purpose: they are refused with the row and the reason, the rest goes in
    assert any(f["reason"] == "unparseable CAMEO EventCode 0X4" for f in first.failures)
    rows = ws.fetchone("SELECT count(*) FROM gdelt_rows")[0]
    assert rows > 0 and ws.fetchone("SELECT count(*) FROM events WHERE origin_kind = 'gdelt'")[0] > 0
    shutil.copy(fixtures / "datasets" / "gdelt2_clean.export.CSV.zip", updates / "20250101001500.export.CSV.zip")
    second = check_source(ws, get_source(ws, src.source_id), settings, T0 + timedelta(minutes=15))
    # only the new file is read; its rows are already held (the same global event ids), so nothing is added
    assert (second.inputs, second.added, second.unchanged, second.refused) == (1, 0, 3, 0)
    assert ws.fetchone("SELECT count(*) FROM gdelt_rows")[0] == rows

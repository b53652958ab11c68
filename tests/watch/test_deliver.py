"""Delivery: JSON-lines log, signed webhooks, SMTP (aiosmtpd on 127.0.0.1), digests, retries and give-up."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from watch_helpers import Receiver

from axiswatch.errors import UsageError
from axiswatch.store.workspace import Workspace
from axiswatch.watch.deliver import (
    add_channel,
    deliver_pending,
    delivery_status,
    enqueue,
    list_channels,
    remove_channel,
    sign,
)

T0 = datetime(2030, 1, 1, 12, 0, 0)  # after the alerts' created_at, so every delivery is due


def _alert(ws: Workspace, alert_id: str, severity: str = "medium", summary: str = "Something changed") -> None:
    ws.execute("INSERT INTO alerts (alert_id, kind, severity, summary, evidence) VALUES (?, 'new_flow', ?, ?, ?)",
               [alert_id, severity, summary, json.dumps({"evidence": [{"text": "Oil went north.",
                                                                      "document_id": "d1"}]})])


def test_jsonl_log_each_alert_once(ws: Workspace, tmp_path: Path) -> None:
    log = tmp_path / "alerts.jsonl"
    add_channel(ws, "jsonl", str(log))
    _alert(ws, "al-1", summary="First")
    _alert(ws, "al-2", summary="Second")
    assert enqueue(ws) == 2
    report = deliver_pending(ws, now=T0)
    assert (report.sent, report.retrying, report.failed) == (2, 0, 0)
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [(x["alert_id"], x["summary"]) for x in lines] == [("al-1", "First"), ("al-2", "Second")]
    assert enqueue(ws) == 0 and deliver_pending(ws, now=T0).sent == 0  # nothing twice
    assert len(log.read_text().splitlines()) == 2


def test_channel_only_gets_alerts_raised_after_it_was_added(ws: Workspace, tmp_path: Path) -> None:
    _alert(ws, "al-old")
    ws.execute("UPDATE alerts SET created_at = TIMESTAMP '2020-01-01'")
    add_channel(ws, "jsonl", str(tmp_path / "a.jsonl"))
    _alert(ws, "al-new")
    assert enqueue(ws) == 1


def test_webhook_body_is_signed(ws: Workspace, receiver: Receiver) -> None:
    add_channel(ws, "webhook", receiver.url, secret="s3cret", allow_private=True)
    _alert(ws, "al-1", severity="high", summary="Large quantity: 1,000,000 barrels")
    enqueue(ws)
    assert deliver_pending(ws, now=T0).sent == 1
    post = receiver.posts[0]
    expected = "sha256=" + hmac.new(b"s3cret", post["body"], hashlib.sha256).hexdigest()
    assert post["headers"]["x-axiswatch-signature"] == expected == sign(post["body"], "s3cret")
    body = json.loads(post["body"])
    assert (body["type"], body["delivery_id"], body["alert"]["summary"]) == (
        "alert", "al-1", "Large quantity: 1,000,000 barrels")
    assert post["headers"]["x-axiswatch-delivery"] == "al-1"


def test_webhook_to_private_address_needs_permission(ws: Workspace, receiver: Receiver) -> None:
    add_channel(ws, "webhook", receiver.url, secret="k")
    _alert(ws, "al-1")
    enqueue(ws)
    report = deliver_pending(ws, now=T0)
    assert report.retrying == 1 and "non-public address" in report.errors[0]["error"]
    assert receiver.posts == []


def test_failures_retry_with_backoff_then_give_up(ws: Workspace, receiver: Receiver) -> None:
    receiver.status = 500
    ch = add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True, max_attempts=3)
    _alert(ws, "al-1")
    enqueue(ws)
    first = deliver_pending(ws, now=T0)
    assert (first.retrying, first.errors[0]["error"]) == (1, f"webhook {receiver.url}: HTTP 500")
    assert deliver_pending(ws, now=T0 + timedelta(seconds=30)).retrying == 0  # not due before 1 min
    assert deliver_pending(ws, now=T0 + timedelta(seconds=61)).retrying == 1
    row = ws.fetchone("SELECT attempts, next_attempt_at FROM alert_deliveries")
    assert row == (2, T0 + timedelta(seconds=61 + 120))
    last = deliver_pending(ws, now=T0 + timedelta(hours=1))
    assert last.failed == 1
    status = delivery_status(ws)[0]
    assert (status["channel_id"], status["failed"], status["sent"]) == (ch.id, 1, 0)
    assert status["last_error"] == f"webhook {receiver.url}: HTTP 500"
    assert len(receiver.posts) == 3


def test_a_channel_that_is_down_is_tried_once_per_pass(ws: Workspace, receiver: Receiver) -> None:
    receiver.status = 502
    add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True)
    for i in range(3):
        _alert(ws, f"al-{i}")
    enqueue(ws)
    report = deliver_pending(ws, now=T0)
    assert (report.retrying, report.deferred, len(receiver.posts)) == (1, 2, 1)
    receiver.status = 200
    assert deliver_pending(ws, now=T0 + timedelta(minutes=2)).sent == 3


def test_recovered_receiver_gets_the_alert(ws: Workspace, receiver: Receiver) -> None:
    receiver.status = 503
    add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True)
    _alert(ws, "al-1")
    enqueue(ws)
    deliver_pending(ws, now=T0)
    receiver.status = 204
    assert deliver_pending(ws, now=T0 + timedelta(minutes=2)).sent == 1
    assert ws.fetchone("SELECT status, attempts FROM alert_deliveries") == ("sent", 2)


def test_digest_groups_a_cycle_and_min_severity_filters(ws: Workspace, receiver: Receiver) -> None:
    add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True, digest=True, min_severity="medium")
    for i, sev in enumerate(("high", "medium", "low", "high")):
        _alert(ws, f"al-{i}", severity=sev, summary=f"alert {i}")
    assert enqueue(ws) == 3
    assert deliver_pending(ws, now=T0).sent == 1
    body = json.loads(receiver.posts[0]["body"])
    assert (body["type"], body["count"], body["by_severity"]) == ("digest", 3, {"high": 2, "medium": 1})
    assert sorted(a["alert_id"] for a in body["alerts"]) == ["al-0", "al-1", "al-3"]


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
    """aiosmtpd on 127.0.0.1 keeping the messages it receives."""
    from aiosmtpd.controller import Controller

    got: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            got.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port)
    ctl.start()
    yield port, got
    ctl.stop()


def test_smtp_mail(ws: Workspace, smtp_server: tuple[int, list[Any]]) -> None:
    port, got = smtp_server
    add_channel(ws, "smtp", "127.0.0.1", port=port, sender="watch@example.org",
                recipients=["analyst@example.org"], timeout_s=5)
    _alert(ws, "al-1", severity="high", summary="Spike: 6 RUS–PRK events\nBcc: evil@example.org")
    enqueue(ws)
    assert deliver_pending(ws, now=T0).sent == 1
    env = got[0]
    assert (env.mail_from, env.rcpt_tos) == ("watch@example.org", ["analyst@example.org"])
    msg = message_from_bytes(env.content, policy=policy.default)
    assert msg["Subject"] == "[axiswatch] high: Spike: 6 RUS–PRK events Bcc: evil@example.org"
    assert msg["Bcc"] is None  # a newline in a summary cannot add a header
    text = msg.get_content()
    assert '"Oil went north."' in text and "alert id al-1" in text


def test_smtp_down_is_reported_not_raised(ws: Workspace) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    add_channel(ws, "smtp", "127.0.0.1", port=port, recipients=["a@example.org"], timeout_s=2)
    _alert(ws, "al-1")
    enqueue(ws)
    report = deliver_pending(ws, now=T0)
    assert report.retrying == 1 and "ConnectionRefusedError" in report.errors[0]["error"]


def test_channel_config(ws: Workspace, tmp_path: Path, receiver: Receiver) -> None:
    with pytest.raises(UsageError, match="--secret"):
        add_channel(ws, "webhook", receiver.url)
    with pytest.raises(UsageError, match="--to"):
        add_channel(ws, "smtp", "mail.example.org")
    ch = add_channel(ws, "webhook", receiver.url, secret="k", allow_private=True)
    assert ch.public()["secret"] == "***"
    again = add_channel(ws, "webhook", receiver.url, secret="k2", allow_private=True, digest=True)
    assert [c.id for c in list_channels(ws)] == [ch.id] and list_channels(ws)[0].digest is True
    assert again.added_at == ch.added_at
    remove_channel(ws, receiver.url)
    assert list_channels(ws) == []

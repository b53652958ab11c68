"""Delivering alerts: a JSON-lines log, webhooks (HMAC-SHA256 signed body) and e-mail over SMTP.

Channels are kept in the workspace settings (``watch.channels``). Delivery is
an outbox: ``enqueue`` writes one ``alert_deliveries`` row per alert and
channel (or one digest per channel and cycle) in one transaction, then
``deliver_pending`` sends what is due, each attempt bounded by the channel's
timeout, and records the outcome. A failure is retried with backoff (1 min,
doubling, at most an hour) up to ``max_attempts``, then reported as failed;
it never raises into the cycle. A watcher killed after sending but before
recording resends that one message, so receivers should treat the delivery id
(``X-Axiswatch-Delivery``) as idempotency key.

Webhook signature: ``X-Axiswatch-Signature: sha256=<hex HMAC-SHA256 of the
raw body with the channel's secret>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx

from axiswatch.errors import AxiswatchError, NotFound, UsageError
from axiswatch.ids import make_id
from axiswatch.sources.fetch import check_url
from axiswatch.store.workspace import Workspace
from axiswatch.watch.alerts import SEVERITIES, severity_at_least, with_links
from axiswatch.watch.sources import now_utc

CHANNELS_KEY = "watch.channels"
TYPES = ("jsonl", "webhook", "smtp")
MAX_BODY = 1_000_000  # a webhook or mail body is cut at this many bytes of JSON
_SECRET_FIELDS = ("secret", "password")


class DeliveryError(AxiswatchError):
    """A channel that could not take a message (recorded and retried, never raised into a cycle)."""


@dataclass
class Channel:
    """One delivery channel and its options."""

    id: str
    type: str  # jsonl | webhook | smtp
    target: str  # file path | URL | SMTP host
    digest: bool = False
    min_severity: str = "low"
    timeout_s: float = 10.0
    max_attempts: int = 8
    secret: str | None = None  # webhook HMAC key
    allow_private: bool = False  # webhook to a private address (an internal receiver)
    port: int = 25
    sender: str = "axiswatch@localhost"
    recipients: list[str] = field(default_factory=list)
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    added_at: str | None = None

    def public(self) -> dict[str, Any]:
        """JSON form with secrets masked (listing, API)."""
        out = dict(self.__dict__)
        for k in _SECRET_FIELDS:
            if out.get(k):
                out[k] = "***"
        return out


def list_channels(ws: Workspace) -> list[Channel]:
    """The configured channels."""
    return [Channel(**c) for c in ws.get_setting(CHANNELS_KEY, [])]


def add_channel(ws: Workspace, type_: str, target: str, **options: Any) -> Channel:
    """Configure a channel (same type and target: updated in place)."""
    if type_ not in TYPES:
        raise UsageError(f"unknown channel type {type_!r} (known: {', '.join(TYPES)})")
    if options.get("min_severity", "low") not in SEVERITIES:
        raise UsageError(f"--min-severity must be one of {', '.join(SEVERITIES)}")
    if type_ == "jsonl":
        target = str(Path(target).expanduser().resolve())
    elif type_ == "webhook":
        check_url(target, allow_private=True)  # scheme now; the address is checked at each delivery
        if not options.get("secret"):
            raise UsageError("a webhook needs --secret (the body is signed with HMAC-SHA256)")
    elif not options.get("recipients"):
        raise UsageError("an smtp channel needs at least one --to address")
    row = ws.fetchone("SELECT CAST(current_timestamp AS TIMESTAMP)")
    ch = Channel(id=make_id("ch", type_, target), type=type_, target=target,
                 added_at=str(row[0]) if row else None,
                 **{k: v for k, v in options.items() if v is not None})
    others = [c for c in list_channels(ws) if c.id != ch.id]
    old = next((c for c in list_channels(ws) if c.id == ch.id), None)
    if old is not None:
        ch.added_at = old.added_at  # re-configuring does not re-send older alerts
    ws.set_setting(CHANNELS_KEY, [c.__dict__ for c in [*others, ch]])
    return ch


def remove_channel(ws: Workspace, ref: str) -> Channel:
    """Remove a channel by id (or target); its pending deliveries are dropped."""
    chans = list_channels(ws)
    hit = [c for c in chans if ref in (c.id, c.target)]
    if not hit:
        raise NotFound(f"no channel {ref!r}")
    with ws.transaction():
        ws.set_setting(CHANNELS_KEY, [c.__dict__ for c in chans if c.id != hit[0].id])
        ws.execute("DELETE FROM alert_deliveries WHERE channel_id = ? AND status = 'pending'", [hit[0].id])
    return hit[0]


# -- outbox -------------------------------------------------------------------------------------------

def enqueue(ws: Workspace, channels: list[Channel] | None = None) -> int:
    """Queue every alert raised since a channel was added that it has not had; returns rows queued."""
    channels = list_channels(ws) if channels is None else channels
    queued = 0
    with ws.transaction() as con:
        for ch in channels:
            rows = con.execute(
                "SELECT a.alert_id, a.severity FROM alerts a WHERE a.created_at >= CAST(? AS TIMESTAMP) "
                "AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.alert_id "
                "AND d.channel_id = ?) ORDER BY a.created_at, a.alert_id",
                [ch.added_at or "1970-01-01", ch.id]).fetchall()
            ids = [r[0] for r in rows if severity_at_least(r[1], ch.min_severity)]
            if not ids:
                continue
            digest = make_id("dg", ch.id, *ids) if ch.digest else None
            con.execute("INSERT OR IGNORE INTO alert_deliveries (alert_id, channel_id, digest_id) "
                        "SELECT unnest(?), ?, ?", [ids, ch.id, digest])
            queued += len(ids)
    return queued


@dataclass
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    deferred: int = 0  # not tried this time because their channel just failed
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed, "deferred": self.deferred,
                "errors": self.errors}


def _alerts(ws: Workspace, ids: list[str]) -> list[dict[str, Any]]:
    rows = ws.records("SELECT alert_id, created_at, kind, severity, summary, indicator, evidence FROM alerts "
                      "WHERE list_contains(?, alert_id) ORDER BY created_at, alert_id", [ids])
    for r in rows:
        r["evidence"] = json.loads(r["evidence"]) if r.get("evidence") else None
        r["created_at"] = r["created_at"].isoformat() if r.get("created_at") else None
    return with_links(ws, rows)


def _payload(unit_id: str, alerts: list[dict[str, Any]], digest: bool) -> dict[str, Any]:
    sent_at = now_utc().isoformat(timespec="seconds")
    if digest:
        by: dict[str, int] = {}
        for a in alerts:
            by[a["severity"]] = by.get(a["severity"], 0) + 1
        return {"type": "digest", "delivery_id": unit_id, "sent_at": sent_at, "count": len(alerts),
                "by_severity": by, "alerts": alerts}
    return {"type": "alert", "delivery_id": unit_id, "sent_at": sent_at, "alert": alerts[0]}


def deliver_pending(ws: Workspace, channels: list[Channel] | None = None, now: datetime | None = None,
                    ) -> DeliveryReport:
    """Send every due delivery (an alert, or a digest), record the outcome; never raises."""
    now = now or now_utc()
    channels = list_channels(ws) if channels is None else channels
    report = DeliveryReport()
    for ch in channels:
        units = ws.fetchall(
            "SELECT coalesce(digest_id, alert_id) AS unit, list(alert_id ORDER BY alert_id), max(attempts) "
            "FROM alert_deliveries WHERE channel_id = ? AND status = 'pending' "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) GROUP BY unit ORDER BY min(created_at), unit",
            [ch.id, now])
        by_id = {a["alert_id"]: a for a in _alerts(ws, [i for u in units for i in u[1]])} if units else {}
        for pos, (unit, ids, attempts) in enumerate(units):
            alerts = [by_id[i] for i in ids if i in by_id]
            if not alerts:
                continue
            body = _payload(unit, alerts, ch.digest)
            try:
                send(ch, body)
            except Exception as exc:  # noqa: BLE001 - a channel's failure is reported, never fatal to the cycle
                n = int(attempts) + 1
                gave_up = n >= ch.max_attempts
                reason = _reason(exc)
                report.errors.append({"channel": ch.id, "delivery": unit, "error": reason})
                if gave_up:
                    report.failed += 1
                else:
                    report.retrying += 1
                ws.execute("UPDATE alert_deliveries SET attempts = ?, status = ?, last_error = ?, "
                           "next_attempt_at = ? WHERE channel_id = ? AND list_contains(?, alert_id)",
                           [n, "failed" if gave_up else "pending", reason[:500],
                            now + timedelta(seconds=min(60 * 2 ** (n - 1), 3600)), ch.id, list(ids)])
                # a channel that is down would cost its timeout once per message: try the rest next cycle
                report.deferred += len(units) - 1 - pos
                break
            report.sent += 1
            ws.execute("UPDATE alert_deliveries SET attempts = attempts + 1, status = 'sent', delivered_at = ?, "
                       "last_error = NULL WHERE channel_id = ? AND list_contains(?, alert_id)",
                       [now, ch.id, list(ids)])
    return report


def pending_deliveries(ws: Workspace, now: datetime) -> int:
    """Deliveries due for a (re)try now."""
    row = ws.fetchone("SELECT count(*) FROM alert_deliveries WHERE status = 'pending' "
                      "AND (next_attempt_at IS NULL OR next_attempt_at <= ?)", [now])
    return int(row[0]) if row else 0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, AxiswatchError):
        return str(exc)
    return f"{exc.__class__.__name__}: {exc}"


def delivery_status(ws: Workspace) -> list[dict[str, Any]]:
    """Per channel: deliveries sent, pending, failed and the last error (CLI and dashboard)."""
    rows = ws.records(
        "SELECT channel_id, count(*) FILTER (WHERE status = 'sent') AS sent, "
        "count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'failed') "
        "AS failed, max(delivered_at) AS last_delivered, arg_max(last_error, coalesce(next_attempt_at, "
        "created_at)) FILTER (WHERE last_error IS NOT NULL) AS last_error FROM alert_deliveries GROUP BY 1")
    return rows


# -- channels -----------------------------------------------------------------------------------------

def send(ch: Channel, payload: dict[str, Any]) -> None:
    """Send one payload over a channel; raises on failure."""
    if ch.type == "jsonl":
        send_jsonl(Path(ch.target), payload)
    elif ch.type == "webhook":
        send_webhook(ch.target, payload, ch.secret or "", timeout_s=ch.timeout_s, allow_private=ch.allow_private)
    elif ch.type == "smtp":
        send_mail(ch, payload)
    else:
        raise UsageError(f"unknown channel type {ch.type!r}")


def send_jsonl(path: Path, payload: dict[str, Any]) -> None:
    """Append the alert(s) to a JSON-lines log, one alert per line (a digest is its alerts)."""
    alerts = payload["alerts"] if payload["type"] == "digest" else [payload["alert"]]
    lines = "".join(json.dumps({"delivery_id": payload["delivery_id"], **a}, ensure_ascii=False, default=str)
                    + "\n" for a in alerts)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(lines)
        fh.flush()


def sign(body: bytes, secret: str) -> str:
    """The ``X-Axiswatch-Signature`` value: ``sha256=`` + hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _body(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    if len(body) > MAX_BODY and payload["type"] == "digest":
        # a huge digest keeps its count and summaries; evidence is in the workspace
        slim = dict(payload, alerts=[{k: a[k] for k in ("alert_id", "kind", "severity", "summary")}
                                     for a in payload["alerts"]])
        body = json.dumps(slim, ensure_ascii=False, default=str).encode("utf-8")
    return body[:MAX_BODY] if len(body) > MAX_BODY else body


def send_webhook(url: str, payload: dict[str, Any], secret: str, *, timeout_s: float = 10.0,
                 allow_private: bool = False) -> None:
    """POST the payload as JSON with its HMAC signature; any non-2xx answer is a failure."""
    check_url(url, allow_private=allow_private)
    body = _body(payload)
    headers = {"Content-Type": "application/json", "User-Agent": "axiswatch-webhook/0.1",
               "X-Axiswatch-Delivery": payload["delivery_id"], "X-Axiswatch-Signature": sign(body, secret)}
    try:
        with httpx.Client(follow_redirects=False, timeout=httpx.Timeout(timeout_s)) as http:
            resp = http.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook {url}: {exc.__class__.__name__}: {exc}") from exc
    if not 200 <= resp.status_code < 300:
        raise DeliveryError(f"webhook {url}: HTTP {resp.status_code}")


def _mail_text(payload: dict[str, Any]) -> tuple[str, str]:
    alerts = payload["alerts"] if payload["type"] == "digest" else [payload["alert"]]
    if payload["type"] == "digest":
        subject = f"[axiswatch] {len(alerts)} alert(s): " + ", ".join(
            f"{n} {s}" for s, n in sorted(payload["by_severity"].items()))
    else:
        subject = f"[axiswatch] {alerts[0]['severity']}: {alerts[0]['summary']}"
    lines = []
    for a in alerts:
        lines.append(f"[{a['severity']}] {a['summary']}")
        ev = a.get("evidence") or {}
        for s in (ev.get("evidence") or [])[:2]:
            lines.append(f"    \"{s.get('text', '')}\"")
        for d in (ev.get("documents") or [])[:3]:
            if d.get("url"):
                lines.append(f"    {d['url']}")
        lines.append(f"    alert id {a['alert_id']}")
        lines.append("")
    # one line each: a header with a newline in it would be refused (or worse, injected)
    return " ".join(subject.split())[:200], "\n".join(lines)


def send_mail(ch: Channel, payload: dict[str, Any]) -> None:
    """Send the alert(s) as a plain-text e-mail over SMTP (STARTTLS and login when configured)."""
    subject, text = _mail_text(payload)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = ch.sender
    msg["To"] = ", ".join(ch.recipients)
    msg["X-Axiswatch-Delivery"] = payload["delivery_id"]
    msg.set_content(text[:MAX_BODY])
    try:
        with smtplib.SMTP(ch.target, ch.port, timeout=ch.timeout_s) as smtp:
            if ch.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if ch.username:
                smtp.login(ch.username, ch.password or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"smtp {ch.target}:{ch.port}: {exc.__class__.__name__}: {exc}") from exc

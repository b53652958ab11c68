"""Hostile input: script payloads shown on every page and in the brief stay inert text; URLs aimed at
private, loopback, link-local and odd-scheme addresses (directly or through DNS) are refused with a reason
before any connection is made."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from axiswatch.profiles import load_profile
from axiswatch.report import build_brief, render
from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace
from axiswatch.web import WebConfig, create_app

# Each payload with the fragment that would be live markup if it came out unescaped.
XSS = {
    "<script>alert('t')</script>": "<script>alert(",
    '"><img src=x onerror=alert(1)>': "<img src=x onerror",
    "<svg/onload=alert(2)>": "<svg/onload",
    "</title><iframe src=//evil.example>": "<iframe src=//evil",
    "<a href=\"javascript:alert(3)\">x</a>": 'href="javascript:alert',
    "<body onload=alert(4)>": "<body onload",
}
PAGES = ["/", "/timeline", "/ledger", "/events", "/documents", "/indicators", "/network", "/map", "/alerts",
         "/brief"]


@pytest.fixture(scope="module")
def hostile_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Documents whose titles and text carry the payloads, and events whose actor names do."""
    folder = tmp_path_factory.mktemp("xss")
    lines = []
    for i, payload in enumerate(XSS):
        lines.append(json.dumps({"id": f"x-{i}", "published": f"2024-0{i + 1}-10", "title": f"Shells {payload}",
                                 "publisher": f"Wire {payload}",
                                 "text": f"Russia received 1,000 artillery shells from North Korea in 2024, "
                                         f"officials said. {payload} Moscow thanked Pyongyang."}))
    src = folder / "hostile.docs.jsonl"
    src.write_text("\n".join(lines) + "\n", "utf-8")
    path = folder / "ws.duckdb"
    with open_workspace(path) as ws:
        ingest_paths(ws, [src], Settings(workspace=path, quiet=True))
        from axiswatch.extract import extract_workspace

        extract_workspace(ws, load_profile("russia_dprk"))
        for i, payload in enumerate(XSS):
            ws.execute("INSERT INTO events (event_id, origin_kind, document_id, event_type, source, target, "
                       "source_name, target_name, commodity, date, date_start, certainty, confidence) "
                       "VALUES (?, 'text', 'x-0', 'AID', 'RUS', 'PRK', ?, ?, 'fuel', '2024-05-01', "
                       "DATE '2024-05-01', 'reported', 0.8)", [f"ev-x{i}", payload, payload])
            ws.execute("INSERT INTO evidence VALUES (?, 0, 'x-0', ?, 0, 10)", [f"ev-x{i}", payload])
        n = ws.fetchone("SELECT count(*) FROM documents")
    assert n == (len(XSS),)
    return path


def _assert_inert(body: str, where: str) -> None:
    for payload, live in XSS.items():
        assert live not in body, f"{where}: {payload!r} came out as markup"


def test_payloads_are_inert_on_every_page(hostile_ws: Path) -> None:
    app = create_app(Settings(workspace=hostile_ws, quiet=True), WebConfig())
    with TestClient(app) as client:
        docs = client.get("/api/documents").json()
        rows = docs["documents"] if isinstance(docs, dict) else docs
        doc_pages = [f"/documents/{r['document_id']}" for r in rows]
        assert len(doc_pages) == len(XSS)
        shown = 0
        for page in PAGES + doc_pages:
            r = client.get(page)
            assert r.status_code == 200, page
            _assert_inert(r.text, page)
            shown += "&lt;" in r.text or "\\u003c" in r.text
        assert shown >= len(doc_pages)  # the payloads are there, as text


def test_payloads_are_inert_in_the_brief(hostile_ws: Path) -> None:
    with open_workspace(hostile_ws) as ws:
        brief = build_brief(ws, load_profile("russia_dprk"))
    html = render(brief, "html").decode("utf-8")
    _assert_inert(html, "brief.html")


SSRF = [
    "http://127.0.0.1:{port}/secret", "http://localhost:{port}/secret", "http://[::1]:{port}/secret",
    "http://0.0.0.0:{port}/secret", "http://127.1:{port}/secret", "http://2130706433:{port}/secret",
    "http://0x7f000001:{port}/secret", "http://[::ffff:127.0.0.1]:{port}/secret", "http://10.0.0.1/",
    "http://192.168.1.1/", "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/", "http://100.64.0.1/", "http://user:pw@example.org/", "file:///etc/passwd",
    "ftp://example.org/x", "gopher://127.0.0.1:{port}/_x", "http://rebind.example:{port}/secret",
]


@pytest.fixture
def listener():
    """A TCP listener on loopback that counts the connections it gets (none are allowed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.01)
    yield sock
    sock.close()


def _connections(sock: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return n
        conn.close()
        n += 1


def test_ssrf_corpus_through_url_ingest(listener: socket.socket, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    port = listener.getsockname()[1]
    real = socket.getaddrinfo

    def fake_dns(host, *args, **kw):  # noqa: ANN001, ANN002, ANN003 - socket's own signature
        # a public-looking name that resolves to loopback (DNS rebinding / internal names)
        return real("127.0.0.1" if host == "rebind.example" else host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake_dns)
    urls = [u.format(port=port) for u in SSRF]
    with open_workspace(tmp_path / "ws.duckdb") as ws:
        summary = ingest_paths(ws, urls, Settings(workspace=tmp_path / "ws.duckdb", quiet=True))
        quarantined = ws.fetchall("SELECT origin, reason FROM quarantine")
    assert summary.added == 0
    assert summary.failed == len(urls)
    assert len(quarantined) == len(urls) and all(reason.strip() for _, reason in quarantined)
    assert _connections(listener) == 0


TRAVERSAL = ["../../escape.txt", "..\\..\\escape.txt", "/etc/escape.txt", "....//....//escape.txt",
             "%2e%2e%2fescape.txt", "sub/../../escape.txt", ".hidden.txt", "escape.txt\x00.pdf"]


def test_upload_names_sizes_and_login_guessing(tmp_path: Path) -> None:
    """Hostile upload names land inside the upload folder; oversized uploads get 413; anonymous writes
    get 401; the sixth wrong password in a row gets 429 even with the right one."""
    from axiswatch.web.auth import add_user, create_token

    path = tmp_path / "ws" / "ws.duckdb"
    with open_workspace(path) as ws:
        add_user(ws, "analyst", "correct horse battery")
        token = create_token(ws, "analyst", "robustness")
    uploads = tmp_path / "ws" / "uploads"
    app = create_app(Settings(workspace=path, quiet=True),
                     WebConfig(max_upload_bytes=4096, upload_dir=uploads, run_jobs=False))
    auth = {"Authorization": f"Bearer {token}"}
    body = b"Russia shipped fuel to North Korea in March 2024."
    with TestClient(app) as client:
        assert client.post("/api/ingest", files={"file": ("a.txt", body, "text/plain")}).status_code == 401
        refused = 0
        for name in TRAVERSAL:
            r = client.post("/api/ingest", files={"file": (name, body, "text/plain")}, headers=auth)
            assert r.status_code in (202, 400, 422), (name, r.status_code)
            refused += r.status_code != 202
        big = client.post("/api/ingest", files={"file": ("big.txt", b"x" * 10_000, "text/plain")}, headers=auth)
        assert big.status_code == 413
        codes = [client.post("/login", data={"username": "analyst", "password": f"guess {i}", "next": "/"},
                             follow_redirects=False).status_code for i in range(6)]
        right = client.post("/login", data={"username": "analyst", "password": "correct horse battery",
                                            "next": "/"}, follow_redirects=False)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".txt", ".pdf")]
    assert written and all(uploads in p.parents for p in written), written
    assert not any(p.name.startswith(".") for p in written)
    assert len(written) + refused == len(TRAVERSAL)
    assert codes[-1] == 429 and 303 not in codes
    assert right.status_code == 429

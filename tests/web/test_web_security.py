"""Writing needs a user; text renders inert; uploads are bounded; logins are rate-limited; one writer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from axiswatch.web import auth

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "web"


def _hostile_id(client: TestClient) -> str:
    docs = client.get("/api/documents").json()["documents"]
    return next(d["document_id"] for d in docs if d["kind"] == "html")


def test_hostile_document_renders_inert(client: TestClient) -> None:
    doc_id = _hostile_id(client)
    text = client.get(f"/api/documents/{doc_id}").json()["document"]["text"]
    assert "<script>" in text or "window.__pwned" in text  # the stored text really is hostile
    for page in (f"/documents/{doc_id}", "/documents", "/documents?search=pwned", "/events?type=AID"):
        html = client.get(page).text
        assert "<script>window" not in html and "<script>alert" not in html, page
        assert 'href="javascript:' not in html.lower(), page
        assert "<img" not in html and 'onerror="' not in html and "onmouseover" not in html, page
    body = client.get(f"/documents/{doc_id}").text
    # the markup-looking text is shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=&#34;" in body
    # scripts come only from this server, and inline ones never run
    scripts = [s.split('"', 1)[0] for s in body.split('<script src="')[1:]]
    assert scripts == ["/static/app.js"]


def test_page_json_block_cannot_be_closed_by_text(client: TestClient) -> None:
    from axiswatch.web.app import page_json

    out = page_json({"t": "</script><script>alert(1)</script>&"})
    assert "<" not in out and ">" not in out and "&" not in out


def test_anonymous_ingest_is_refused_before_anything_else(client: TestClient) -> None:
    for kwargs in ({"json": {"url": "http://127.0.0.1/x"}}, {"content": b"not json at all"},
                   {"files": {"file": ("a.exe", b"MZ")}},
                   {"content": b"x", "headers": {"content-length": str(10**12)}}):
        r = client.post("/api/ingest", **kwargs)  # type: ignore[arg-type]
        assert r.status_code == 401, kwargs
    r = client.post("/api/ingest", json={"url": "https://example.org"}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert client.post("/ingest", files={"file": ("a.txt", b"hello")}).status_code == 303  # to the login page
    assert client.app.state.jobs.list() == []  # type: ignore[attr-defined]


def test_token_upload_runs_the_pipeline_and_is_idempotent(client: TestClient, token: str) -> None:
    auth_h = {"Authorization": f"Bearer {token}"}
    before = client.get("/api").json()["counts"]
    r = client.post("/api/ingest", headers=auth_h, files={"file": ("wheat.txt", (FIX / "upload.txt").read_bytes())})
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["user"] == "analyst" and job["inputs"] == ["wheat.txt"] and job["status"] in ("queued", "running")
    done = client.app.state.jobs.wait(job["id"])  # type: ignore[attr-defined]
    assert done.status == "done", done.error
    assert client.get(f"/api/jobs/{job['id']}").json()["summary"]["ingest"]["added"] == 1
    after = client.get("/api").json()["counts"]
    assert after["documents"] == before["documents"] + 1 and after["events"] > before["events"]
    food = client.get("/api/events?commodity=food").json()["events"]
    assert food and food[0]["source"] == "RUS" and food[0]["target"] == "PRK"
    again = client.post("/api/ingest", headers=auth_h, files={"file": ("wheat.txt", (FIX / "upload.txt").read_bytes())})
    j2 = client.app.state.jobs.wait(again.json()["id"])  # type: ignore[attr-defined]
    assert j2.summary["ingest"]["added"] == 0 and j2.summary["ingest"]["unchanged"] == 1
    assert client.get("/api").json()["counts"] == after


def test_session_upload_needs_csrf(client: TestClient, login: Callable[..., str]) -> None:
    csrf = login(client)
    assert csrf
    no = client.post("/ingest", files={"file": ("wheat.txt", b"Russia sent wheat to North Korea.")})
    assert no.status_code == 403
    bad = client.post("/api/ingest", json={"url": "https://example.org/"}, headers={"X-CSRF-Token": "forged"})
    assert bad.status_code == 403
    ok = client.post("/ingest", data={"csrf": csrf},
                     files={"file": ("wheat.txt", (FIX / "upload.txt").read_bytes())})
    assert ok.status_code == 303 and ok.headers["location"].startswith("/ingest?job=job-")
    job_id = ok.headers["location"].split("=", 1)[1]
    assert client.app.state.jobs.wait(job_id).status == "done"  # type: ignore[attr-defined]
    assert job_id in client.get("/ingest").text


def test_upload_limits_and_names(web_ws: Path, make_client: Callable[..., TestClient], token: str) -> None:
    h = {"Authorization": f"Bearer {token}"}
    with make_client(web_ws, max_upload_bytes=1000, run_jobs=False) as c:
        big = c.post("/api/ingest", headers=h, files={"file": ("big.txt", b"x" * 5000)})
        assert big.status_code == 413
        exe = c.post("/api/ingest", headers=h, files={"file": ("tool.exe", b"MZ")})
        assert exe.status_code == 400 and "not accepted" in exe.json()["message"]
        ok = c.post("/api/ingest", headers=h, files={"file": ("../../../etc/evil.txt", b"Russia and North Korea.")})
        assert ok.status_code == 202
        job = c.app.state.jobs.get(ok.json()["id"])  # type: ignore[attr-defined]
        stored = Path(job.inputs[0])
        upload_dir = c.app.state.web.upload_dir  # type: ignore[attr-defined]
        assert stored.name == "evil.txt" and stored.resolve().parent.parent == upload_dir.resolve()
        assert ok.json()["inputs"] == ["evil.txt"]  # no server paths in the API
    assert c.get("/static/../auth.py").status_code == 404


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://10.0.0.1/", "file:///etc/passwd",
                                 "ftp://example.org/x"])
def test_url_submissions_obey_the_fetch_rules(client: TestClient, token: str, url: str) -> None:
    r = client.post("/api/ingest", json={"url": url}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422, r.text
    assert client.app.state.jobs.list() == []  # type: ignore[attr-defined]


def test_login_is_rate_limited(client: TestClient, login: Callable[..., str]) -> None:
    for _ in range(5):
        r = client.post("/login", data={"username": "analyst", "password": "wrong password"})
        assert r.status_code == 401 and "Wrong user name or password" in r.text
    r = client.post("/login", data={"username": "analyst", "password": "correct horse battery"})
    assert r.status_code == 429


def test_session_cookie_flags_and_logout(client: TestClient, login: Callable[..., str]) -> None:
    r = client.post("/login", data={"username": "analyst", "password": "correct horse battery", "next": "//evil.org"})
    assert r.headers["location"] == "/"  # no open redirect
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    csrf = login(client)
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303


def test_reading_can_require_login(web_ws: Path, make_client: Callable[..., TestClient], token: str,
                                   login: Callable[..., str]) -> None:
    with make_client(web_ws, read_requires_login=True) as c:
        assert c.get("/api/events").status_code == 401
        page = c.get("/events")
        assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fevents"
        assert c.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        login(c)
        assert c.get("/timeline").status_code == 200


def test_sessions_cannot_be_forged_or_outlive_their_expiry() -> None:
    secret = b"k" * 32
    cookie = auth.make_session_cookie(secret, "analyst", now=1000.0)
    assert auth.read_session_cookie(secret, cookie, now=2000.0).user == "analyst"  # type: ignore[union-attr]
    assert auth.read_session_cookie(secret, cookie, now=1000.0 + auth.SESSION_SECONDS + 1) is None
    assert auth.read_session_cookie(b"x" * 32, cookie, now=2000.0) is None
    assert auth.read_session_cookie(secret, cookie.replace("analyst", "admin"), now=2000.0) is None


def test_passwords_and_tokens_are_stored_hashed(web_template: dict[str, Any]) -> None:
    import duckdb

    con = duckdb.connect(str(web_template["path"]), read_only=True)
    try:
        (stored,) = con.execute("SELECT password_hash FROM web_users WHERE name = 'analyst'").fetchone()
        (digest,) = con.execute("SELECT token_hash FROM web_tokens").fetchone()
    finally:
        con.close()
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert auth.verify_password("correct horse battery", stored)
    assert not auth.verify_password("correct horse batterY", stored)
    assert web_template["token"] not in digest and len(digest) == 64


def test_cli_writer_gets_in_use_while_serving(client: TestClient, web_ws: Path) -> None:
    env = {**os.environ, "AXISWATCH_WORKSPACE": str(web_ws)}
    r = subprocess.run([sys.executable, "-m", "axiswatch", "ingest", str(FIX / "upload.txt")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 3, r.stderr
    assert "in use" in r.stderr


def test_rerun_needs_a_user_and_runs(client: TestClient, token: str) -> None:
    assert client.post("/api/rerun").status_code == 401
    r = client.post("/api/rerun", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 202 and r.json()["kind"] == "rerun"
    job = client.app.state.jobs.wait(r.json()["id"])  # type: ignore[attr-defined]
    assert job.status == "done" and job.summary["extract"]["coded"] == 0  # everything was coded already

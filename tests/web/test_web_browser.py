"""Headless Chromium (Debian's, driven by playwright): every page draws, filters work, a chart click opens
evidence, a logged-in upload runs, an anonymous one is refused. Screenshots land in
``$AXISWATCH_SCREENSHOTS`` (default: the test's tmp dir) for a person to look at."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (scripts/system-deps.sh installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "web"
PAGES = {"overview": "/", "timeline": "/timeline", "ledger": "/ledger", "events": "/events",
         "documents": "/documents", "indicators": "/indicators", "network": "/network", "map": "/map",
         "brief": "/brief", "alerts": "/alerts", "ingest": "/ingest", "docs": "/docs"}
CHARTS = {"overview": "#chart-index", "timeline": "#chart-timeline", "ledger": "#chart-ledger",
          "network": "#chart-network", "map": "#chart-map"}


@pytest.fixture(scope="module")
def server(web_template: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """uvicorn on a free loopback port over a copy of the fixture workspace, in a thread."""
    import uvicorn

    from axiswatch.settings import Settings
    from axiswatch.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    path = folder / "ws.duckdb"
    shutil.copy(web_template["path"], path)
    app = create_app(Settings(workspace=path, quiet=True))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    shots = Path(os.environ.get("AXISWATCH_SCREENSHOTS") or folder / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    yield {"base": f"http://127.0.0.1:{port}", "app": app, "shots": shots}
    srv.should_exit = True
    thread.join(30)


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    """Debian's Chromium, headless; never playwright's own download."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    """A fresh page that records console errors, page errors and any request leaving the server."""
    ctx = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = ctx.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("request", lambda r: None if r.url.startswith((server["base"], "data:", "blob:", "about:"))
          else pg.problems.append(f"external request: {r.url}"))
    yield pg
    ctx.close()


def _login(page: Any, base: str) -> None:
    page.goto(base + "/login?next=/ingest")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/ingest")


def test_every_page_draws_locally(page: Any, server: dict[str, Any]) -> None:
    base = server["base"]
    for name, path in PAGES.items():
        page.goto(base + path, wait_until="networkidle")
        assert page.title(), name
        if name in CHARTS:
            page.wait_for_selector(f"{CHARTS[name]} .main-svg", timeout=15000)
        if name == "map":
            page.wait_for_selector("#chart-map .geo path", timeout=15000)  # country shapes from our topojson
        page.screenshot(path=str(server["shots"] / f"{name}.png"), full_page=True)
    doc = server["app"].state.web.reader().fetchone("SELECT document_id FROM documents WHERE document_id = 'w-002'")
    page.goto(base + f"/documents/{doc[0]}", wait_until="networkidle")
    page.click("mark >> nth=0")
    assert page.locator(".event.on").count() >= 1
    page.screenshot(path=str(server["shots"] / "document.png"), full_page=True)
    assert page.problems == []


def test_hostile_document_stays_inert(page: Any, server: dict[str, Any]) -> None:
    ws = server["app"].state.web.reader()
    (doc_id,) = ws.fetchone("SELECT document_id FROM documents WHERE kind = 'html'")
    page.goto(server["base"] + f"/documents/{doc_id}", wait_until="networkidle")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("article.text").inner_text().count("<script>") >= 1  # shown as text
    page.screenshot(path=str(server["shots"] / "hostile.png"), full_page=True)
    assert page.problems == []


def test_event_filter(page: Any, server: dict[str, Any]) -> None:
    page.goto(server["base"] + "/events")
    page.fill("input[name=type]", "SANCTION")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?**type=SANCTION**")
    cells = page.locator("table.events tbody tr td:nth-child(2)").all_inner_texts()
    assert cells and set(cells) == {"SANCTION"}
    page.screenshot(path=str(server["shots"] / "events-filtered.png"), full_page=True)


def test_timeline_bar_opens_its_evidence(page: Any, server: dict[str, Any]) -> None:
    page.goto(server["base"] + "/timeline?type=AID&actor=PRK", wait_until="networkidle")
    page.wait_for_selector("#chart-timeline .main-svg", timeout=15000)
    bars = page.locator("#chart-timeline .bars .point path")
    # empty periods have zero-height bars; click the middle of the first bar that has a height
    box = next(b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b and b["height"] > 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/events?**", timeout=15000)
    # the first dated AID bar touching PRK is the oil delivery "since March" 2024 (RUS -> PRK)
    assert "type=AID" in page.url and "source=RUS" in page.url and "target=PRK" in page.url
    rows = page.locator("table.events tbody tr")
    assert rows.count() >= 1
    assert "fuel" in page.locator("table.events").inner_text()
    assert page.locator("table.events .ev").count() >= 1  # the evidence sentence is there
    page.screenshot(path=str(server["shots"] / "timeline-click.png"), full_page=True)


def test_upload_as_user_and_refusal_as_anonymous(page: Any, server: dict[str, Any]) -> None:
    base = server["base"]
    page.goto(base + "/ingest")
    assert page.locator("#ingest-form").count() == 0 and page.locator("a[href='/login?next=/ingest']").count() >= 1
    status = page.evaluate("""async () => {
        const fd = new FormData(); fd.append('file', new Blob(['Russia sent wheat.']), 'a.txt');
        return (await fetch('/api/ingest', {method: 'POST', body: fd})).status; }""")
    assert status == 401
    assert page.problems == ["console error: Failed to load resource: the server responded with a status of 401 "
                             "(Unauthorized)"]  # the refusal we asked for, nothing else
    page.problems.clear()
    page.screenshot(path=str(server["shots"] / "ingest-anonymous.png"), full_page=True)
    _login(page, base)
    page.set_input_files("input[name=file]", str(FIX / "upload.txt"))
    page.click("#ingest-form button[type=submit]")
    page.wait_for_url("**/ingest?job=**")
    # the page polls /api/jobs/{id} and updates the row (the CSP forbids eval, so no wait_for_function)
    sync_api.expect(page.locator("tr.hl .status")).to_have_text("done", timeout=60000)
    assert "1 added" in page.locator("tr.hl .result").inner_text()
    page.screenshot(path=str(server["shots"] / "ingest-done.png"), full_page=True)
    page.goto(base + "/events?commodity=food")
    assert "wheat" in page.locator("table.events").inner_text()
    assert page.problems == []

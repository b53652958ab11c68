"""Fixtures for the watch tests: a feed/page server that changes between cycles, a webhook receiver."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from watch_helpers import FIX, Receiver, Site, make_handler

from axiswatch.settings import Settings


@pytest.fixture
def site() -> Iterator[Site]:
    """A feed and page server on 127.0.0.1."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(Site("")))
    s = Site(f"http://127.0.0.1:{srv.server_address[1]}")
    srv.RequestHandlerClass = make_handler(s)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield s
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on 127.0.0.1."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n)
            box[0].posts.append({"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
            self.send_response(box[0].status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    box.append(Receiver(f"http://127.0.0.1:{srv.server_address[1]}/hook"))
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield box[0]
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def settings(ws_path: Path) -> Settings:
    """Settings for a test workspace with short fetch limits."""
    return Settings(workspace=ws_path, quiet=True).with_fetch(timeout_s=2.0, max_bytes=200_000)


@pytest.fixture
def fix() -> Path:
    """tests/fixtures/watch."""
    return FIX

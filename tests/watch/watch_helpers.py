"""Helpers for the watch tests: a local feed/page server whose routes change between cycles."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "watch"


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    hang_s: float = 0.0  # sleep before answering
    endless: bool = False  # stream without end (and without Content-Length)


@dataclass
class Site:
    """A local HTTP server whose routes tests change between cycles; it records every request."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def url(self, path: str) -> str:
        """Absolute URL of a path."""
        return self.base + path

    def hits(self, path: str) -> list[dict[str, Any]]:
        """Requests made to a path."""
        return [r for r in self.requests if r["path"] == path]


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append({"path": self.path, "if_none_match": self.headers.get("If-None-Match"),
                                  "if_modified_since": self.headers.get("If-Modified-Since")})
            route = site.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hang_s:
                time.sleep(route.hang_s)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.endless:
                self.end_headers()
                try:
                    while True:
                        self.wfile.write(b"<p>more</p>" * 1000)
                except OSError:
                    return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@dataclass
class Receiver:
    """A webhook receiver: keeps each POST's headers and body; answers ``status``."""

    url: str
    posts: list[dict[str, Any]] = field(default_factory=list)
    status: int = 200

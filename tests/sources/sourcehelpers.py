"""Helpers for the source tests: a local HTTP server (127.0.0.1 only), slow and endless routes, PDFs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path -> (status, headers, body) or a callable(handler) that writes the response itself
Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """Serves the routes it is given; ``url(path)`` builds an absolute URL."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                hits.append(self.path)
                route = routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def slow_route(seconds: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that waits before answering (for timeouts)."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", "2")
            h.end_headers()
            h.wfile.write(b"ok")
        except OSError:
            pass

    return handle


def endless_route(chunk: bytes = b"x" * 4096, chunks: int = 1000) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route that streams a large body with no Content-Length."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        try:
            for _ in range(chunks):
                h.wfile.write(chunk)
        except OSError:
            pass
        h.close_connection = True

    return handle


_PDF_CACHE: dict[str, bytes] = {}


def make_pdf(html: str) -> bytes:
    """A PDF rendered by WeasyPrint (cached: the first render costs about a second)."""
    if html not in _PDF_CACHE:
        from weasyprint import HTML

        _PDF_CACHE[html] = HTML(string=html).write_pdf()
    return _PDF_CACHE[html]


def encrypted_pdf() -> bytes:
    """A tiny PDF whose trailer asks for the standard security handler (a password we do not have)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objs) + 1) + b"33" * 16
            + b"> <" + b"33" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)

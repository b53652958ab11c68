"""The FastAPI app factory: workspace hold, security headers, error pages, who is asking, rendering.

``create_app(settings)`` opens the workspace read-write (so the server is its
single writer; a second writer gets "in use"), builds the state and the job
runner, and mounts the routes from ``routes``. Every page is server-rendered
from a Jinja2 template with autoescaping; the charts draw from JSON embedded
in a non-executable ``<script type="application/json">`` block by our own
static script. No inline script runs: the Content-Security-Policy allows
scripts from this server only, so stored text can never execute.
"""

from __future__ import annotations

import contextlib
import csv
import io
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from axiswatch.errors import AxiswatchError
from axiswatch.jsonio import dumps
from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.store.workspace import open_workspace
from axiswatch.web import auth
from axiswatch.web.jobs import JobRunner
from axiswatch.web.state import WebConfig, WebState

WEB_DIR = Path(str(resources.files("axiswatch.web")))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; "
       "object-src 'none'")
_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"SAMEORIGIN")]
NAV = [("/", "Overview"), ("/timeline", "Timeline"), ("/ledger", "Ledger"), ("/events", "Events"),
       ("/documents", "Documents"), ("/indicators", "Indicators"), ("/network", "Network"), ("/map", "Map"),
       ("/brief", "Brief"), ("/alerts", "Alerts"), ("/ingest", "Ingest")]


class SecurityHeaders:
    """ASGI middleware adding the CSP and friends to every response (cheaper than BaseHTTPMiddleware)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in _HEADERS:
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DropEmptyQuery:
    """ASGI middleware: ``?since=&type=AID`` means no ``since`` at all (what an HTML form sends for blanks)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            parts = [p for p in scope["query_string"].split(b"&") if p and not p.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(parts)}
        await self.app(scope, receive, send)


class AuthRequired(AxiswatchError):
    """The request needs a logged-in user or an API token."""

    http_status = 401


class Forbidden(AxiswatchError):
    """A form or script call without a valid CSRF token."""

    http_status = 403


class TooLarge(AxiswatchError):
    """An upload over the size limit."""

    http_status = 413


class TooMany(AxiswatchError):
    """Too many failed logins; try later."""

    http_status = 429


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def templates() -> Environment:
    """The page templates, autoescaped."""
    env = Environment(loader=FileSystemLoader(str(WEB_DIR / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["qs"] = lambda params: urlencode([(k, v) for k, v in params.items() if v not in (None, "")],
                                                 doseq=True)
    env.filters["num"] = _num
    return env


def _num(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and not v.is_integer():
        return f"{v:,.2f}"
    try:
        return f"{int(v):,}"
    except (TypeError, ValueError):
        return str(v)


def get_state(request: Request) -> WebState:
    """The app's WebState."""
    return request.app.state.web  # type: ignore[no-any-return]


def current_user(request: Request) -> str | None:
    """The user behind an API token (``Authorization: Bearer``) or a signed session cookie, else None."""
    if hasattr(request.state, "user"):
        return request.state.user  # type: ignore[no-any-return]
    state = get_state(request)
    user: str | None = None
    request.state.session = None
    request.state.via_token = False
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = auth.user_for_token(state.reader(), header[7:].strip())
        request.state.via_token = user is not None
    else:
        session = auth.read_session_cookie(state.secret, request.cookies.get(auth.SESSION_COOKIE))
        if session and state.reader().fetchone(
                "SELECT 1 FROM web_users WHERE name = ? AND NOT disabled", [session.user]):
            user = session.user
            request.state.session = session
    request.state.user = user
    return user


def csrf_for(request: Request) -> str:
    """The CSRF token for the caller's session ('' when not logged in)."""
    current_user(request)
    return auth.csrf_token(get_state(request).secret, request.state.session)


async def require_reader(request: Request) -> str | None:
    """Dependency: pass when reading is open or the caller is logged in (async: no thread hop per request)."""
    user = current_user(request)
    if get_state(request).config.read_requires_login and user is None:
        raise AuthRequired("log in or send an API token to read this workspace")
    return user


def require_writer(request: Request, form_csrf: str | None = None) -> str:
    """The user allowed to write: a token holder, or a session whose CSRF token matches."""
    user = current_user(request)
    if user is None:
        raise AuthRequired("writing needs a logged-in user or an API token")
    if not request.state.via_token:
        sent = form_csrf or request.headers.get("x-csrf-token", "")
        if not sent or sent != csrf_for(request):
            raise Forbidden("missing or wrong CSRF token; reload the page and try again")
    return user


def render(request: Request, template: str, status_code: int = 200, *, cache: bool = True,
           **context: Any) -> HTMLResponse:
    """A page from its template, with the navigation, user and CSRF token filled in."""
    env: Environment = request.app.state.templates
    state = get_state(request)
    user = current_user(request)

    def html() -> str:
        return env.get_template(template).render(
            request=request, nav=NAV, path=request.url.path, user=user, csrf=csrf_for(request),
            profile=state.profile, **context)

    if cache and user is None and status_code == 200 and request.method == "GET":
        # an anonymous page depends only on the URL and the workspace state: render it once
        key = (template, request.url.path, tuple(sorted(request.query_params.multi_items())))
        return HTMLResponse(state.cached("html", key, html))
    return HTMLResponse(html(), status_code=status_code)


def api_json(request: Request, fn: Callable[[], Any]) -> Response:
    """``fn()``'s result as JSON, the encoded bytes cached per workspace state and query string."""
    key = (request.url.path, tuple(sorted(request.query_params.multi_items())))
    body = get_state(request).cached("json", key, lambda: dumps(fn()).encode("utf-8"))
    return Response(body, media_type="application/json")


def json_response(obj: Any, status_code: int = 200) -> Response:
    """JSON with dates and decimals handled the same way as the CLI's ``--format json``."""
    return Response(dumps(obj), status_code=status_code, media_type="application/json")


def table_response(rows: list[dict[str, Any]], fmt: str, name: str) -> Response:
    """A table as a CSV or JSON download (the exports of every listing)."""
    if fmt == "csv":
        cols: list[str] = []
        for r in rows:
            cols += [c for c in r if c not in cols]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for r in rows:
            w.writerow([dumps(r.get(c)) if isinstance(r.get(c), dict | list) else
                        ("" if r.get(c) is None else _csv_safe(r.get(c))) for c in cols])
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(dumps(rows), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}.json"'})


def _csv_safe(v: Any) -> Any:
    # A cell starting with = + - @ is a formula in spreadsheets; prefix it so a document cannot run one.
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def _wants_html(request: Request) -> bool:
    # pages answer in HTML (browsers and TestClient alike); /api and the OpenAPI document in JSON
    return not request.url.path.startswith(("/api", "/openapi"))


async def _error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "http_status", 500)
    message = str(exc) if isinstance(exc, AxiswatchError) else "internal error"
    if status == 401 and _wants_html(request):
        from fastapi.responses import RedirectResponse

        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": nxt}), status_code=303)
    if _wants_html(request):
        try:
            return render(request, "error.html.j2", status_code=status, status=status, message=message)
        except Exception:  # noqa: BLE001 - the error page itself failed; fall back to plain text
            return HTMLResponse("error", status_code=status)
    return JSONResponse({"error": type(exc).__name__, "status": status, "message": message}, status_code=status)


def create_app(settings: Settings, config: WebConfig | None = None) -> FastAPI:
    """The dashboard and JSON API over ``settings.workspace`` (opened read-write, held until shutdown)."""
    config = config or WebConfig()
    profile = load_profile(settings.profile)
    ws = open_workspace(settings.workspace)
    try:
        state = WebState(ws, profile, settings, config)
    except BaseException:
        ws.close()
        raise
    runner = JobRunner(state)

    stop_watching = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runner.start()
        if config.warm:
            threading.Thread(target=_warm, args=(state,), name="axiswatch-warm", daemon=True).start()
        watcher = None
        if config.watch:
            watcher = threading.Thread(target=_watch, args=(state, stop_watching), name="axiswatch-watch",
                                       daemon=True)
            watcher.start()
        try:
            yield
        finally:
            stop_watching.set()
            if watcher is not None:
                watcher.join(timeout=30)
            runner.stop()
            state.close()

    # Swagger UI would load from a CDN; /docs is our own page over the same OpenAPI document instead.
    app = FastAPI(title="axiswatch", version="0.1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Dashboard and JSON API of an axiswatch workspace. Every page has a JSON twin "
                              "under /api at the same path.")
    app.state.web = state
    app.state.jobs = runner
    app.state.templates = templates()
    app.state.limiter = auth.LoginLimiter()

    app.add_middleware(SecurityHeaders)
    app.add_middleware(DropEmptyQuery)
    app.add_exception_handler(AxiswatchError, _error)
    app.add_exception_handler(ValueError, _value_error)
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    plotly_js = _plotly_js()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_bundle() -> FileResponse:
        return FileResponse(plotly_js, media_type="application/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    from axiswatch.web import routes

    routes.register(app)
    return app


def _watch(state: WebState, stop: threading.Event) -> None:
    """The same watcher as ``axiswatch watch``, in the server: cycles hold the server's write lock."""
    import logging

    from axiswatch.watch.cycle import run_watcher

    log = logging.getLogger("axiswatch.watch")
    run_watcher(state.settings.workspace, state.settings, stop, lock=state.write_lock,
                max_sleep_s=state.config.watch_poll_s, on_error=lambda exc: log.warning("watch cycle: %s", exc))


def _warm(state: WebState) -> None:
    """Fill the cache with the overview (and so the brief, timeline and indicators) before anyone asks."""
    from axiswatch.web import data

    with contextlib.suppress(Exception):  # a failure here shows again, with its message, on the page
        data.overview_data(state)


async def _value_error(request: Request, exc: Exception) -> Response:
    # Analysis functions raise ValueError for bad parameters (freq, scope); that is the caller's mistake.
    from axiswatch.errors import UsageError

    return await _error(request, UsageError(str(exc)))


def page_json(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: '<', '>' and '&' escaped so text cannot close it."""
    return (dumps(obj).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


__all__ = ["WebConfig", "create_app"]

"""Pages and their JSON twins. Each pair calls the same function of ``web.data``; routes only parse.

Stable routes: pages ``/``, ``/timeline``, ``/ledger``, ``/events``, ``/documents``,
``/documents/{id}``, ``/indicators``, ``/network``, ``/map``, ``/brief``, ``/ingest``,
``/alerts``; their twins under ``/api`` (``/api`` itself is the overview).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from axiswatch.errors import NotFound, UsageError
from axiswatch.web import auth, data
from axiswatch.web.app import (
    AuthRequired,
    TooLarge,
    TooMany,
    api_json,
    current_user,
    get_state,
    json_response,
    page_json,
    render,
    require_reader,
    require_writer,
    table_response,
)
from axiswatch.web.jobs import Job

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Since = Annotated[str | None, Query(pattern=DATE, description="From this date (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, Query(pattern=DATE, description="Up to this date, inclusive (YYYY[-MM[-DD]]).")]
Export = Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv (a download).")]
ListParam = Annotated[list[str] | None, Query(max_length=200, description="Repeat or comma-separate.")]
Limit = Annotated[int, Query(ge=1, le=data.MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Reader = [Depends(require_reader)]
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_BRIEF_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
                "pdf": "application/pdf"}


def event_filters(since: Since = None, until: Until = None, type: ListParam = None, actor: ListParam = None,
                  certainty: ListParam = None, source_kind: ListParam = None, source: ListParam = None,
                  target: ListParam = None, commodity: ListParam = None,
                  document_id: Annotated[str | None, Query(max_length=200)] = None,
                  resolved: Annotated[str | None, Query(max_length=200)] = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The events filters, shared by ``/events`` and ``/api/events``."""
    return {"since": since, "until": until, "types": data.split_list(type), "actors": data.split_list(actor),
            "certainty": data.split_list(certainty), "source_kinds": data.split_list(source_kind),
            "sources": data.split_list(source), "targets": data.split_list(target),
            "commodities": data.split_list(commodity), "document_id": document_id, "resolved": resolved,
            "limit": limit, "offset": offset}


def document_filters(search: Annotated[str | None, Query(max_length=200)] = None, since: Since = None,
                     until: Until = None, kind: Annotated[str | None, Query(max_length=40)] = None,
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The documents filters, shared by ``/documents`` and ``/api/documents``."""
    return {"search": search, "since": since, "until": until, "kind": kind, "limit": limit, "offset": offset}


EventFilters = Annotated[dict[str, Any], Depends(event_filters)]
DocFilters = Annotated[dict[str, Any], Depends(document_filters)]


def _timeline(request: Request, since: str | None, until: str | None, freq: str,
              types: list[str] | None, actors: list[str] | None) -> dict[str, Any]:
    tl = dict(data.timeline_data(get_state(request), since, until, freq))
    if types or actors:
        # choosing which series to show; the index and change points stay those of the whole dyad
        tl["series"] = [s for s in tl["series"] if (not types or s["event_type"] in types)
                        and (not actors or any(a in s["direction"].split("->") for a in actors))]
    return tl


def register(app: FastAPI) -> None:
    """Add every page and API route to the app."""

    # -- overview ----------------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        d = data.overview_data(get_state(request))
        return render(request, "overview.html.j2", d=d, page="overview", page_data=page_json(d))

    @app.get("/api", dependencies=Reader, tags=["pages"])
    @app.get("/api/overview", dependencies=Reader, tags=["pages"])
    def overview_api(request: Request) -> Response:
        """The overview: bottom line, index and change points, latest events, lit indicators, alerts."""
        return api_json(request, lambda: data.overview_data(get_state(request)))

    # -- timeline ----------------------------------------------------------------------------------------
    @app.get("/timeline", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def timeline_page(request: Request, since: Since = None, until: Until = None,
                      freq: Annotated[str, Query(pattern="^(month|week)$")] = "month", type: ListParam = None,
                      actor: ListParam = None, certainty: ListParam = None,
                      source_kind: ListParam = None) -> HTMLResponse:
        tl = _timeline(request, since, until, freq, data.split_list(type), data.split_list(actor))
        extra = {"certainty": ",".join(data.split_list(certainty) or []),
                 "source_kind": ",".join(data.split_list(source_kind) or [])}
        form = {"since": since, "until": until, "freq": freq, "type": ",".join(data.split_list(type) or []),
                "actor": ",".join(data.split_list(actor) or []), **extra}
        return render(request, "timeline.html.j2", d=tl, form=form, page="timeline",
                      page_data=page_json({**tl, "click_filters": extra}))

    @app.get("/api/timeline", dependencies=Reader, tags=["pages"])
    def timeline_api(request: Request, since: Since = None, until: Until = None,
                     freq: Annotated[str, Query(pattern="^(month|week)$")] = "month", type: ListParam = None,
                     actor: ListParam = None, format: Export = "json") -> Response:
        """Series per type and direction, the cooperation index and change points; ``format=csv`` exports."""
        tl = _timeline(request, since, until, freq, data.split_list(type), data.split_list(actor))
        if format == "csv":
            rows = []
            for i, p in enumerate(tl["periods"]):
                row = dict(tl["index"][i])
                row["period"] = p
                for s in tl["series"]:
                    row[f"{s['event_type']} {s['direction']}"] = s["counts"][i]
                rows.append(row)
            return table_response(rows, "csv", "timeline")
        return api_json(request, lambda: tl)

    # -- ledger ------------------------------------------------------------------------------------------
    @app.get("/ledger", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def ledger_page(request: Request, since: Since = None, until: Until = None,
                    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0) -> HTMLResponse:
        d = data.ledger_data(get_state(request), since, until, min_confidence)
        form = {"since": since, "until": until, "min_confidence": min_confidence or None}
        return render(request, "ledger.html.j2", d=d, form=form, page="ledger", page_data=page_json(d))

    @app.get("/api/ledger", dependencies=Reader, tags=["pages"])
    def ledger_api(request: Request, since: Since = None, until: Until = None,
                   min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0, format: Export = "json") -> Response:
        """Ledger lines each way with their resolved events and evidence; ``format=csv`` exports the lines."""
        d = data.ledger_data(get_state(request), since, until, min_confidence)
        if format == "csv":
            return table_response(d["lines"], "csv", "ledger")
        return api_json(request, lambda: d)

    # -- events ------------------------------------------------------------------------------------------
    @app.get("/events", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def events_page(request: Request, f: EventFilters) -> HTMLResponse:
        d = data.events_data(get_state(request), **f)
        return render(request, "events.html.j2", d=d, form=_form(request), page="events")

    @app.get("/api/events", dependencies=Reader, tags=["pages"])
    def events_api(request: Request, f: EventFilters, format: Export = "json") -> Response:
        """A page of events with evidence, filtered like ``axiswatch events``; ``format=csv`` exports the page."""
        d = data.events_data(get_state(request), **f)
        if format == "csv":
            return table_response(d["events"], "csv", "events")
        return api_json(request, lambda: d)

    # -- documents ---------------------------------------------------------------------------------------
    @app.get("/documents", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def documents_page(request: Request, f: DocFilters) -> HTMLResponse:
        d = data.documents_data(get_state(request), **f)
        return render(request, "documents.html.j2", d=d, form=_form(request), page="documents")

    @app.get("/api/documents", dependencies=Reader, tags=["pages"])
    def documents_api(request: Request, f: DocFilters, format: Export = "json") -> Response:
        """A page of documents; ``search=`` searches texts and titles (BM25); ``format=csv`` exports."""
        d = data.documents_data(get_state(request), **f)
        if format == "csv":
            return table_response(d["documents"], "csv", "documents")
        return api_json(request, lambda: d)

    @app.get("/documents/{document_id}", response_class=HTMLResponse, dependencies=Reader,
             include_in_schema=False)
    def document_page(request: Request, document_id: str) -> HTMLResponse:
        d = data.document_data(get_state(request), document_id)
        return render(request, "document.html.j2", d=d, page="document")

    @app.get("/api/documents/{document_id}", dependencies=Reader, tags=["pages"],
             responses={404: {"description": "No such document"}})
    def document_api(request: Request, document_id: str) -> Response:
        """One document with its text, events, evidence segments and links to other mentions."""
        return api_json(request, lambda: data.document_data(get_state(request), document_id))

    # -- indicators, network, map, alerts ------------------------------------------------------------------
    @app.get("/indicators", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def indicators_page(request: Request, since: Since = None, until: Until = None) -> HTMLResponse:
        d = data.indicators_data(get_state(request), since, until)
        return render(request, "indicators.html.j2", d=d, form={"since": since, "until": until},
                      page="indicators")

    @app.get("/api/indicators", dependencies=Reader, tags=["pages"])
    def indicators_api(request: Request, since: Since = None, until: Until = None,
                       format: Export = "json") -> Response:
        """Each indicator's status, trend and last evidence; ``format=csv`` exports."""
        d = data.indicators_data(get_state(request), since, until)
        return table_response(d["indicators"], "csv", "indicators") if format == "csv" else api_json(request, lambda: d)

    @app.get("/network", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def network_page(request: Request, since: Since = None, until: Until = None,
                     scope: Annotated[str, Query(pattern="^(dyad|all)$")] = "dyad") -> HTMLResponse:
        d = data.network_data(get_state(request), since, until, scope)
        return render(request, "network.html.j2", d=d, form={"since": since, "until": until, "scope": scope},
                      page="network", page_data=page_json(d))

    @app.get("/api/network", dependencies=Reader, tags=["pages"])
    def network_api(request: Request, since: Since = None, until: Until = None,
                    scope: Annotated[str, Query(pattern="^(dyad|all)$")] = "dyad") -> Response:
        """Actors, edges, third-party reactions and bloc alignment around the dyad."""
        return api_json(request, lambda: data.network_data(get_state(request), since, until, scope))

    @app.get("/map", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        d = data.map_data(get_state(request))
        return render(request, "map.html.j2", d=d, page="map", page_data=page_json(d))

    @app.get("/api/map", dependencies=Reader, tags=["pages"])
    def map_api(request: Request) -> Response:
        """Watched places and located detections as a GeoJSON FeatureCollection."""
        return api_json(request, lambda: data.map_data(get_state(request)))

    @app.get("/alerts", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def alerts_page(request: Request, kind: Annotated[str | None, Query(max_length=40)] = None,
                    unacknowledged: bool = False) -> HTMLResponse:
        d = data.alerts_data(get_state(request), kind, unacknowledged)
        return render(request, "alerts.html.j2", d=d, page="alerts")

    @app.get("/api/alerts", dependencies=Reader, tags=["pages"])
    def alerts_api(request: Request, kind: Annotated[str | None, Query(max_length=40)] = None,
                   unacknowledged: bool = False, limit: Limit = 100, format: Export = "json") -> Response:
        """The alerts raised, newest first; ``format=csv`` exports."""
        d = data.alerts_data(get_state(request), kind, unacknowledged, limit)
        return table_response(d["alerts"], "csv", "alerts") if format == "csv" else api_json(request, lambda: d)

    # -- brief -------------------------------------------------------------------------------------------
    @app.get("/brief", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def brief_page(request: Request, since: Since = None, until: Until = None) -> HTMLResponse:
        d = data.brief_data(get_state(request), since, until)
        return render(request, "brief.html.j2", d=d, form={"since": since, "until": until}, page="brief")

    @app.get("/api/brief", dependencies=Reader, tags=["pages"])
    def brief_api(request: Request, since: Since = None, until: Until = None,
                  format: Annotated[str, Query(pattern="^(json|html|md|pdf)$")] = "json",
                  download: bool = False) -> Response:
        """The brief as JSON, or rendered as html, md or pdf (``download=true`` saves it as a file)."""
        state = get_state(request)
        if format == "json":
            return api_json(request, lambda: data.brief_data(state, since, until))
        body = data.brief_file(state, format, since, until)
        headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                              "frame-ancestors 'self'"}
        if download or format != "html":
            headers["Content-Disposition"] = f'attachment; filename="briefing.{format}"'
        return Response(body, media_type=_BRIEF_TYPES[format], headers=headers)

    # -- ingest and jobs ---------------------------------------------------------------------------------
    @app.get("/ingest", response_class=HTMLResponse, dependencies=Reader, include_in_schema=False)
    def ingest_page(request: Request, job: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
        jobs = [j.to_dict() for j in request.app.state.jobs.list()]
        cfg = get_state(request).config
        # never cached: the job list changes while jobs run, before the workspace state does
        return render(request, "ingest.html.j2", cache=False, jobs=jobs, highlight=job, page="ingest",
                      max_mb=cfg.max_upload_bytes // (1024 * 1024), suffixes=", ".join(cfg.upload_suffixes))

    @app.get("/api/ingest", dependencies=Reader, tags=["pages"])
    @app.get("/api/jobs", dependencies=Reader, tags=["jobs"])
    def jobs_api(request: Request) -> Response:
        """The ingest jobs of this server run, newest first, with stage and progress."""
        return json_response({"jobs": [j.to_dict() for j in request.app.state.jobs.list()]})

    @app.get("/api/jobs/{job_id}", dependencies=Reader, tags=["jobs"],
             responses={404: {"description": "No such job"}})
    def job_api(request: Request, job_id: str) -> Response:
        """One job: status, stage, progress, summary and error."""
        job = request.app.state.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}")
        return json_response(job.to_dict())

    @app.post("/api/ingest", tags=["jobs"], status_code=202, openapi_extra=_INGEST_BODY,
              responses={401: {"description": "Not logged in"}, 403: {"description": "Bad CSRF token"},
                         413: {"description": "Upload too large"}, 422: {"description": "Refused input"}})
    async def ingest_api(request: Request) -> Response:
        """Queue an ingest -> extract -> analysis job: JSON ``{"url": ...}`` or a multipart ``file`` upload."""
        user = current_user(request)
        if user is None:  # before the body is read or anything else looked at
            raise AuthRequired("writing needs a logged-in user or an API token")
        job = await _submit(request, api=True)
        return json_response(job.to_dict(), status_code=202)

    @app.post("/api/rerun", tags=["jobs"], status_code=202,
              responses={401: {"description": "Not logged in"}, 403: {"description": "Bad CSRF token"}})
    def rerun_api(request: Request) -> Response:
        """Queue a job that extracts documents not yet coded and brings every analysis up to date."""
        user = require_writer(request)
        return json_response(request.app.state.jobs.submit(user, [], "rerun").to_dict(), status_code=202)

    @app.post("/rerun", include_in_schema=False)
    def rerun_form(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        user = require_writer(request, csrf)
        job = request.app.state.jobs.submit(user, [], "rerun")
        return RedirectResponse(f"/ingest?job={job.id}", status_code=303)

    @app.post("/ingest", include_in_schema=False)
    async def ingest_form(request: Request) -> Response:
        if current_user(request) is None:
            raise AuthRequired("log in to add documents")
        job = await _submit(request, api=False)
        return RedirectResponse(f"/ingest?job={job.id}", status_code=303)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        ops = []
        for path, methods in app.openapi().get("paths", {}).items():
            for method, op in methods.items():
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "description": op.get("description", ""),
                            "params": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "description": p.get("description", ""),
                                        "schema": json.dumps(p.get("schema", {}))} for p in op.get("parameters", [])]})
        return render(request, "docs.html.j2", ops=ops, page="docs")

    # -- accounts ----------------------------------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: Annotated[str, Query(max_length=500)] = "/") -> HTMLResponse:
        return render(request, "login.html.j2", next=_local(next), error=None, page="login")

    @app.post("/login", include_in_schema=False)
    def login(request: Request, username: Annotated[str, Form(max_length=64)],
              password: Annotated[str, Form(max_length=200)],
              next: Annotated[str, Form(max_length=500)] = "/") -> Response:
        state = get_state(request)
        limiter = request.app.state.limiter
        host = request.client.host if request.client else "?"
        keys = (f"ip:{host}", f"user:{username.lower()}")
        if limiter.blocked(*keys):
            raise TooMany("too many failed logins; wait a few minutes")
        if not auth.check_login(state.reader(), username, password):
            limiter.failed(*keys)
            return render(request, "login.html.j2", status_code=401, next=_local(next),
                          error="Wrong user name or password.", page="login")
        resp = RedirectResponse(_local(next), status_code=303)
        secure = state.config.secure_cookies
        resp.set_cookie(auth.SESSION_COOKIE, auth.make_session_cookie(state.secret, username),
                        max_age=auth.SESSION_SECONDS, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https" if secure is None else secure)
        return resp

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        require_writer(request, csrf)
        resp = RedirectResponse("/", status_code=303)
        resp.delete_cookie(auth.SESSION_COOKIE)
        return resp


def _form(request: Request) -> dict[str, str]:
    """The query parameters as one comma-joined string each (to refill the filter form and page links)."""
    out: dict[str, str] = {}
    for k in request.query_params:
        out[k] = ",".join(v for v in request.query_params.getlist(k) if v)
    return out


def _local(target: str) -> str:
    """Only same-site paths as redirect targets (no open redirect)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


async def _read_limited(request: Request, limit: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"request body over {limit} bytes")
    return bytes(body)


async def _submit(request: Request, *, api: bool) -> Job:
    """Validate an upload or URL submission (CSRF, size, type, fetch rules) and queue its job."""
    from axiswatch.sources.fetch import check_url

    state = get_state(request)
    cfg = state.config
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cfg.max_upload_bytes + 65536:
        raise TooLarge(f"upload over the limit of {cfg.max_upload_bytes // (1024 * 1024)} MB")
    if ctype == "application/json":
        user = require_writer(request)
        try:
            body = json.loads(await _read_limited(request, 65536))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"request body: not JSON ({exc})") from exc
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(url, str) or not url.strip() or len(url) > 2000:
            raise UsageError('send {"url": "https://..."} (a string up to 2000 characters)')
        check_url(url.strip(), cfg.allow_private)
        return request.app.state.jobs.submit(user, [url.strip()], "url")  # type: ignore[no-any-return]
    if ctype != "multipart/form-data":
        raise UsageError('send JSON {"url": ...} or a multipart/form-data upload with a "file" field')
    form = await request.form(max_files=10, max_fields=20, max_part_size=65536)
    user = require_writer(request, str(form.get("csrf") or ""))
    url = str(form.get("url") or "").strip()
    files = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
    if url and not files:
        if len(url) > 2000:
            raise UsageError("url: at most 2000 characters")
        check_url(url, cfg.allow_private)
        return request.app.state.jobs.submit(user, [url], "url")  # type: ignore[no-any-return]
    if not files:
        raise UsageError("choose a file to upload or give a URL")
    folder = state.upload_dir / secrets.token_hex(8)
    paths = []
    for f in files:
        name = _SAFE_NAME.sub("_", (f.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]).lstrip(".")
        name = name[-120:] or "upload.txt"
        if not name.lower().endswith(cfg.upload_suffixes):
            raise UsageError(f"{name}: file type not accepted (use {', '.join(cfg.upload_suffixes)})")
        content = await f.read(cfg.max_upload_bytes + 1)
        if len(content) > cfg.max_upload_bytes:
            raise TooLarge(f"{name}: over the limit of {cfg.max_upload_bytes // (1024 * 1024)} MB")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(content)
        paths.append(str(path))
    return request.app.state.jobs.submit(user, paths, "upload")  # type: ignore[no-any-return]


_INGEST_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["url"],
                                    "properties": {"url": {"type": "string", "maxLength": 2000}}}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}, "url": {"type": "string"},
        "csrf": {"type": "string"}}}},
}}}


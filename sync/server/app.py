"""The HTTP face of the server (FastAPI): the station API under /v1, the province's admin
API under /admin (its own token), and the public lookup page for the receipt's QR.

Every error is JSON `{"protocol": 1, "code": …, "message": <Vietnamese>}` with a 4xx
status; a 2xx answer to a push is sent only after its transaction committed.
"""

import asyncio
import hashlib
import html
import logging
import threading
import time
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from desk.errors import DeskError
from sync import protocol as p
from sync.errors import ServerError, TooMany, Unacceptable
from sync.server import admin
from sync.server.core import Server, StationSession, count_cut_chunk

log = logging.getLogger("desk.server")
SHA = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the whole file")]
CODE = Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z.\-]+$")]
MAX_JSON_BODY = 4 * 1024 * 1024
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": p.ErrorReply} for s in (400, 401, 403, 404, 409, 410, 413, 422, 429)
}


class RateLimiter:
    """A token bucket per client address (monotonic time: not office time)."""

    def __init__(self, per_minute: int = 30, burst: int = 10):
        self.rate = per_minute / 60.0
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                raise TooMany("Tra cứu quá nhiều lần; hãy thử lại sau một phút.")
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 50_000:  # forget the oldest callers
                for old in sorted(self._buckets, key=lambda k: self._buckets[k][1])[:10_000]:
                    del self._buckets[old]


class BodyLimit:
    """Refuse a body declared larger than the route takes before reading any of it.

    Plain ASGI: Starlette's `@app.middleware("http")` wraps every request and response in
    tasks and streams, which was a third of the server's time per push.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            limit = p.MAX_CHUNK + 1024 if scope["method"] == "PUT" else MAX_JSON_BODY
            for name, value in scope["headers"]:
                if name == b"content-length" and (not value.isdigit() or int(value) > limit):
                    await _error(413, "too_large", "Yêu cầu quá lớn.")(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        status_code=status, content={"protocol": 1, "code": code, "message": message}
    )


def create_app(server: Server, *, lookup_per_minute: int = 30) -> FastAPI:
    app = FastAPI(
        title="Máy chủ đồng bộ Bộ phận Một cửa",
        version=str(p.PROTOCOL),
        description="Đồng bộ hồ sơ, tệp số hóa, trạng thái và danh mục giữa máy trạm và cấp tỉnh.",
    )
    app.state.server = server
    limiter = RateLimiter(per_minute=lookup_per_minute)
    bearer = HTTPBearer(auto_error=False, description="Mã của máy trạm (sau khi đăng ký)")
    admin_bearer = HTTPBearer(
        auto_error=False, scheme_name="AdminToken", description="Mã quản trị của máy chủ"
    )

    @app.exception_handler(ServerError)
    async def _server_error(_request, exc: ServerError):
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(DeskError)
    async def _desk_error(_request, exc: DeskError):
        return _error(422, "invalid", exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, "invalid", f"Yêu cầu không hợp lệ ({where}: {first.get('msg', '')}).")

    app.add_middleware(BodyLimit)

    async def station(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> StationSession:
        token = cred.credentials if cred else None
        if server.db.postgres:  # a network round trip: never on the event loop
            return await run_in_threadpool(server.session, token)
        # One indexed SQLite read (~0.1 ms) costs less here than a hop to a worker thread,
        # which is what keeps 200 stations pushing at once inside the latency goal.
        return server.session(token)

    def admin_only(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(admin_bearer)],
    ) -> None:
        admin.check_admin(server, cred.credentials if cred else None)

    Station = Annotated[StationSession, Depends(station)]
    Admin = Depends(admin_only)

    # --- stations -----------------------------------------------------------------
    @app.post("/v1/enrol", response_model=p.EnrolReply, responses=ERRORS, tags=["station"])
    def enrol(request: p.EnrolRequest) -> p.EnrolReply:
        """Enrol a desk with its one-time code; the desk sends the hash of its own secret."""
        return server.enrol(request)

    @app.get("/v1/hello", response_model=p.HelloReply, responses=ERRORS, tags=["station"])
    def hello(session: Station) -> p.HelloReply:
        """Who am I to the server, and the server's time (the desk measures its clock skew)."""
        return session.hello()

    @app.post("/v1/ops", response_model=p.PushReply, responses=ERRORS, tags=["station"])
    async def push(request: p.PushRequest, session: Station) -> Response:
        """Push a batch of operations; answered with a result per operation after commit."""
        # Applied by the group-commit thread, not a worker thread of its own; the reply is
        # our own model already, so it is sent as is rather than validated a second time.
        reply = await asyncio.wrap_future(session.push_later(request))
        return Response(reply.model_dump_json(), media_type="application/json")

    @app.get("/v1/files/{sha256}", response_model=p.FileState, responses=ERRORS, tags=["station"])
    def file_state(
        sha256: SHA, session: Station, size: Annotated[int, Query(ge=0, le=p.MAX_FILE)]
    ) -> p.FileState:
        """How much of a file the server holds: send the rest from `offset`."""
        return session.file_state(sha256, size)

    @app.put(
        "/v1/files/{sha256}",
        response_model=p.FileState,
        responses=ERRORS,
        tags=["station"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def put_chunk(
        request: Request,
        sha256: SHA,
        session: Station,
        size: Annotated[int, Query(ge=0, le=p.MAX_FILE)],
        offset: Annotated[int, Query(ge=0, le=p.MAX_FILE)],
    ) -> Any:
        """One chunk of a file at `offset`; the file is present once its SHA-256 is verified."""
        chunks: list[bytes] = []
        got = 0
        try:
            async for part in request.stream():
                got += len(part)
                if got > p.MAX_CHUNK:
                    raise Unacceptable("Đoạn tệp quá lớn.", code="too_large", status=413)
                chunks.append(part)
        except ClientDisconnect:
            await run_in_threadpool(count_cut_chunk, server, sha256, got)
            return _error(400, "cut", "Kết nối bị cắt giữa chừng; đoạn tệp không được ghi.")
        data = b"".join(chunks)
        expected = request.headers.get(p.CHUNK_SHA_HEADER)
        if expected and hashlib.sha256(data).hexdigest() != expected.lower():
            raise Unacceptable("Đoạn tệp bị hỏng trên đường truyền.", code="chunk_mismatch")
        return await run_in_threadpool(session.put_chunk, sha256, size, offset, data)

    @app.get("/v1/changes", response_model=p.ChangesReply, responses=ERRORS, tags=["station"])
    def changes(
        session: Station,
        after: Annotated[str, Query(max_length=100, pattern=r"^[0-9A-Za-z.:-]*$")] = "",
        limit: Annotated[int, Query(ge=1, le=2000)] = p.CHANGES_PAGE,
    ) -> p.ChangesReply:
        """Changes for this station's unit after `after`; 410 when the cursor is unknown."""
        return session.changes(after, limit)

    @app.get("/v1/snapshot", response_model=p.ChangesReply, responses=ERRORS, tags=["station"])
    def snapshot(session: Station) -> p.ChangesReply:
        """Everything the station should hold (full resync)."""
        return session.snapshot()

    @app.post(
        "/v1/codes/reserve", response_model=p.ReserveReply, responses=ERRORS, tags=["station"]
    )
    def reserve(request: p.ReserveRequest, session: Station) -> p.ReserveReply:
        """Reserve a block of 4-digit dossier numbers of this unit for one day."""
        return session.reserve(request)

    @app.get("/v1/dossiers/{code}", responses=ERRORS, tags=["station"])
    def own_dossier(code: CODE, session: Station) -> dict:
        """A dossier of this station's unit as the server holds it."""
        return session.dossier(code)

    # --- the province -------------------------------------------------------------
    @app.get("/admin/stations", dependencies=[Admin], responses=ERRORS, tags=["admin"])
    def stations(
        unit: Annotated[str | None, Query(max_length=64, pattern=r"^[0-9A-Za-z.]+$")] = None,
    ) -> list[dict]:
        """Each station's last contact and backlog."""
        return admin.stations_overview(server, unit)

    @app.post("/admin/stations", dependencies=[Admin], responses=ERRORS, tags=["admin"])
    def add_station(body: p.StationAdd) -> dict:
        """A new station and its one-time enrolment code."""
        station, code = server.add_station(body.unit, name=body.name, number=body.number)
        return {"station": station, "enrol_code": code}

    @app.post(
        "/admin/stations/{station_id}/revoke",
        dependencies=[Admin],
        responses=ERRORS,
        tags=["admin"],
    )
    def revoke(station_id: Annotated[str, Path(max_length=64, pattern=r"^[0-9a-f-]+$")]) -> dict:
        return server.revoke(station_id)

    @app.get("/admin/dossiers", dependencies=[Admin], responses=ERRORS, tags=["admin"])
    def dossiers(unit: Annotated[str, Query(max_length=64, pattern=r"^[0-9A-Za-z.]+$")]) -> list:
        return admin.dossiers(server, unit)

    @app.post(
        "/admin/dossiers/{code}/status", dependencies=[Admin], responses=ERRORS, tags=["admin"]
    )
    def set_status(code: CODE, body: p.StatusChange) -> dict:
        """Change a dossier's processing status; it flows back to the desk."""
        return admin.set_status(server, code, body.status, note=body.note, due_at=body.due_at)

    @app.post("/admin/snapshots/{kind}", dependencies=[Admin], responses=ERRORS, tags=["admin"])
    def publish(
        kind: Annotated[str, Path(pattern=r"^(catalog|calendar)$")],
        data: Annotated[dict, Body()],
    ) -> dict:
        """Publish a catalog or holiday snapshot to every desk."""
        return admin.publish(server, kind, data)

    @app.post(
        "/admin/units/{unit}/online-dossiers",
        dependencies=[Admin],
        responses=ERRORS,
        tags=["admin"],
    )
    def online_dossier(
        unit: Annotated[str, Path(max_length=64, pattern=r"^[0-9A-Za-z.]+$")],
        intake: p.OnlineIntake,
    ) -> dict:
        """An online dossier addressed to a commune; its desks receive it on their next pull."""
        return admin.add_online_dossier(server, unit, intake.model_dump())

    # --- the public lookup --------------------------------------------------------
    def _looked_up(request: Request, code: str) -> dict:
        limiter.check(request.client.host if request.client else "?")
        return admin.lookup(server, code)

    @app.get("/v1/lookup/{code}", responses=ERRORS, tags=["public"])
    def lookup_json(request: Request, code: CODE) -> dict:
        """The receipt's QR, as data: procedure, status, appointment; the name masked."""
        return _looked_up(request, code)

    @app.get("/tra-cuu/{code}", response_class=HTMLResponse, responses=ERRORS, tags=["public"])
    def lookup_page(request: Request, code: CODE) -> HTMLResponse:
        return _page(request, code)

    @app.get("/tra-cuu", response_class=HTMLResponse, responses=ERRORS, tags=["public"])
    def lookup_query(
        request: Request,
        ma: Annotated[str, Query(max_length=64, pattern=r"^[0-9A-Za-z.\-]*$")] = "",
    ) -> HTMLResponse:
        return _page(request, ma)

    def _page(request: Request, code: str) -> HTMLResponse:
        try:
            found = _looked_up(request, code) if code else None
        except ServerError as exc:
            return HTMLResponse(lookup_html(None, exc.message), status_code=exc.status)
        return HTMLResponse(lookup_html(found, "" if found else "Hãy nhập mã hồ sơ."))

    @app.get("/healthz", tags=["public"])
    def healthz() -> dict:
        return {"protocol": p.PROTOCOL, "ok": True}

    return app


def _fmt(text: str | None) -> str:
    if not text:
        return ""
    from desk import clock

    moment = clock.parse(text)
    return f"{moment:%H:%M ngày %d/%m/%Y}"


def lookup_html(found: dict | None, message: str) -> str:
    e = html.escape
    if found:
        body = (
            f"<h1>Hồ sơ {e(found['code'])}</h1><dl>"
            f"<dt>Thủ tục</dt><dd>{e(found['procedure'])}</dd>"
            f"<dt>Người nộp</dt><dd>{e(found['applicant'])}</dd>"
            f"<dt>Trạng thái</dt><dd><b>{e(found['status_label'])}</b></dd>"
            f"<dt>Ngày tiếp nhận</dt><dd>{e(_fmt(found['received_at']))}</dd>"
            f"<dt>Ngày hẹn trả kết quả</dt><dd>{e(_fmt(found['appointment']))}</dd></dl>"
        )
    else:
        body = f"<h1>Tra cứu hồ sơ</h1><p>{e(message)}</p>"
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Tra cứu hồ sơ</title><style>body{font-family:sans-serif;font-size:20px;"
        "max-width:40em;margin:1em auto;padding:0 1em}dt{color:#555;margin-top:.6em}"
        "dd{margin:0;font-size:1.1em}</style></head><body>"
        f'{body}<form action="/tra-cuu"><input name="ma" placeholder="Mã hồ sơ" '
        'aria-label="Mã hồ sơ"> <button>Tra cứu</button></form></body></html>'
    )

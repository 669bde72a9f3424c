"""The desk's HTTP client for its upstream: every reply checked before it counts.

A reply counts only if it has our status code, `Content-Type: application/json`, parses,
and validates against the protocol model: a captive portal's login page, a proxy's empty
200, a body cut short are `UpstreamProtocolError`, and nothing is marked sent. TLS is
verified against the system's authorities, or only against the certificate file the
province gave (`cert`: their own CA, or the server's certificate itself, pinned).
"""

import hashlib
import logging
import ssl
from pathlib import Path
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from sync import protocol as p
from sync.errors import (
    TlsError,
    UpstreamBusy,
    UpstreamProtocolError,
    UpstreamUnreachable,
    client_error,
)

M = TypeVar("M", bound=BaseModel)
logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise in the log
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)
NOT_OURS = (
    "Máy chủ trả lời không đúng giao thức đồng bộ (có thể mạng đang yêu cầu đăng nhập "
    "Wi-Fi, hoặc địa chỉ máy chủ sai). Chưa có gì được đánh dấu là đã gửi."
)


def _verify(cert: str | Path | None):
    if not cert:
        return True
    try:
        return ssl.create_default_context(cafile=str(cert))
    except (OSError, ssl.SSLError) as exc:
        raise TlsError(f"Không đọc được tệp chứng chỉ {cert}: {exc}") from exc


class HttpUpstream:
    """`sync.protocol.Upstream` over HTTP(S)."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        cert: str | Path | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        app_version: str = "",
    ):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.app_version = app_version
        headers = {"User-Agent": f"desk-sync/{p.PROTOCOL}"}
        if token:
            headers[p.TOKEN_HEADER] = f"Bearer {token}"
        self.client = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=timeout,
            verify=_verify(cert),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the one way to ask -------------------------------------------------------
    def _call(self, method: str, path: str, model: type[M], **kwargs) -> M:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.ConnectError as exc:
            if _is_tls(exc):
                raise TlsError(
                    f"Chứng chỉ của máy chủ {self.base_url} không được tin cậy ({_root(exc)}). "
                    "Có thể đây không phải máy chủ của tỉnh, hoặc cần tệp chứng chỉ của tỉnh."
                ) from exc
            raise UpstreamUnreachable(
                f"Không kết nối được máy chủ {self.base_url}: {_root(exc)}."
            ) from exc
        except httpx.TimeoutException as exc:
            raise UpstreamUnreachable(f"Máy chủ {self.base_url} không trả lời kịp.") from exc
        except httpx.HTTPError as exc:
            raise UpstreamUnreachable(
                f"Kết nối tới máy chủ {self.base_url} bị ngắt: {_root(exc)}."
            ) from exc
        if 200 <= response.status_code < 300:
            return self._parse(response, model)
        raise self._failure(response)

    def _parse(self, response: httpx.Response, model: type[M]) -> M:
        kind = response.headers.get("content-type", "")
        if not kind.startswith("application/json"):
            raise UpstreamProtocolError(NOT_OURS)
        try:
            return model.model_validate_json(response.content)
        except (ValidationError, ValueError) as exc:
            raise UpstreamProtocolError(NOT_OURS) from exc

    def _failure(self, response: httpx.Response) -> Exception:
        status = response.status_code
        error = None
        if response.headers.get("content-type", "").startswith("application/json"):
            try:
                error = p.ErrorReply.model_validate_json(response.content)
            except (ValidationError, ValueError):
                error = None
        if status == 429 or status >= 500:
            return UpstreamBusy(
                error.message
                if error
                else f"Máy chủ đang bận hoặc gặp lỗi (mã {status}); sẽ thử lại."
            )
        if error is None:  # a 4xx that is not ours: a proxy, a portal, a wrong address
            return UpstreamProtocolError(NOT_OURS)
        return client_error(status, error.code, error.message)

    # --- the protocol ---------------------------------------------------------------
    def enrol(self, request: p.EnrolRequest) -> p.EnrolReply:
        return self._call("POST", f"{p.API}/enrol", p.EnrolReply, json=request.model_dump())

    def hello(self) -> p.HelloReply:
        return self._call("GET", f"{p.API}/hello", p.HelloReply)

    def push(self, request: p.PushRequest) -> p.PushReply:
        body = request.model_dump_json().encode("utf-8")
        reply = self._call(
            "POST",
            f"{p.API}/ops",
            p.PushReply,
            content=body,
            headers={"Content-Type": "application/json"},
        )
        sent = [op.op_id for op in request.ops]
        if [r.op_id for r in reply.results] != sent:
            raise UpstreamProtocolError(NOT_OURS)
        return reply

    def file_state(self, sha256: str, size: int) -> p.FileState:
        state = self._call("GET", f"{p.API}/files/{sha256}", p.FileState, params={"size": size})
        if state.sha256 != sha256:
            raise UpstreamProtocolError(NOT_OURS)
        return state

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes) -> p.FileState:
        state = self._call(
            "PUT",
            f"{p.API}/files/{sha256}",
            p.FileState,
            params={"size": size, "offset": offset},
            content=data,
            headers={
                "Content-Type": "application/octet-stream",
                p.CHUNK_SHA_HEADER: hashlib.sha256(data).hexdigest(),
            },
        )
        if state.sha256 != sha256:
            raise UpstreamProtocolError(NOT_OURS)
        return state

    def changes(self, after: str, limit: int = p.CHANGES_PAGE) -> p.ChangesReply:
        return self._call(
            "GET", f"{p.API}/changes", p.ChangesReply, params={"after": after, "limit": limit}
        )

    def snapshot(self) -> p.ChangesReply:
        return self._call("GET", f"{p.API}/snapshot", p.ChangesReply)

    def reserve(self, request: p.ReserveRequest) -> p.ReserveReply:
        return self._call(
            "POST", f"{p.API}/codes/reserve", p.ReserveReply, json=request.model_dump()
        )


def _root(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return str(exc) or type(exc).__name__


def _is_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False

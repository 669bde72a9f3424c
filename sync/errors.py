"""What can go wrong between a desk and its upstream, with Vietnamese messages.

Client side: every failure is a `SyncError` (desk.errors); `retryable` ones keep the
operations queued and the worker tries again with backoff, the others stop the queue
until a person acts (a revoked station, an incompatible server). Server side: a
`ServerError` carries the HTTP status the API answers with.
"""

from desk.errors import DeskError, SyncError


class UpstreamUnreachable(SyncError):
    """No answer: the line is down, the server is off, the connection was cut."""

    retryable = True


class UpstreamProtocolError(SyncError):
    """An answer that is not our protocol: a Wi-Fi login page, a proxy's empty reply."""

    retryable = True


class UpstreamBusy(SyncError):
    """The server answered 5xx or 429: try again later."""

    retryable = True


class UpstreamAuthError(SyncError):
    """The station's credential was refused (revoked, or never enrolled there)."""

    retryable = False


class UpstreamRefused(SyncError):
    """The server refused the request itself (4xx): a person must look."""

    retryable = False


class TlsError(SyncError):
    """The server's certificate is not trusted (wrong server, or a pinned one changed)."""

    retryable = False


class CursorGone(SyncError):
    """The server no longer knows our change cursor: a full resync follows."""

    retryable = True


class OffsetMismatch(SyncError):
    """An upload chunk did not start where the server's copy ends: ask again."""

    retryable = True


class CodesExhausted(SyncError):
    """Upstream has no dossier-number block for that day: number from the station's space."""

    retryable = True


class NotEnrolled(SyncError):
    retryable = False


class ServerError(DeskError):
    """An error the server answers with: HTTP `status`, machine `code`, Vietnamese message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        if code:
            self.code = code
        if status:
            self.status = status


class Unauthorized(ServerError):
    status = 401
    code = "unauthorized"


class Forbidden(ServerError):
    status = 403
    code = "forbidden"


class Missing(ServerError):
    status = 404
    code = "not_found"


class Clash(ServerError):
    status = 409
    code = "conflict"


class Gone(ServerError):
    status = 410
    code = "cursor_gone"


class Unacceptable(ServerError):
    status = 422
    code = "invalid"


class TooMany(ServerError):
    status = 429
    code = "rate_limited"


def client_error(status: int, code: str, message: str) -> SyncError:
    """What a server's error means to the desk (the same over HTTP and in-process)."""
    if status == 429 or status >= 500:
        return UpstreamBusy(message)
    if status == 401:
        return UpstreamAuthError(message)
    if status == 410 and code == "cursor_gone":
        return CursorGone(message)
    if status == 409 and code == "codes_exhausted":
        return CodesExhausted(message)
    if (status == 409 and code == "offset_mismatch") or (
        status == 422 and code in ("hash_mismatch", "chunk_mismatch")
    ):
        return OffsetMismatch(message)
    return UpstreamRefused(message)

"""The sync protocol between a desk and its upstream (office hub or provincial server).

Both sides speak these messages; the HTTP client (`sync.client.http.HttpUpstream`) and the
server's own handler (`sync.server.core.StationSession`) implement `Upstream`, so a test can
plug the server straight into the client or go through a real socket. The protocol is
written up in docs/sync.md.

Every reply carries `protocol`: a body that does not validate against these models (a
captive portal's HTML page, a proxy's empty 200, truncated JSON) is a failure, never an
acknowledgement.
"""

import hashlib
import json
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL = 1
API = "/v1"
CHUNK_SIZE = 256 * 1024  # a cut costs at most this much re-sent (≈1 s at 2 Mbit/s)
MAX_CHUNK = 4 * 1024 * 1024
MAX_FILE = 1024 * 1024 * 1024
MAX_BATCH_OPS = 200
MAX_BATCH_BYTES = 1024 * 1024
CHANGES_PAGE = 500
TOKEN_HEADER = "Authorization"  # "Bearer <station token>", never in the URL
CHUNK_SHA_HEADER = "X-Chunk-Sha256"

# Text fields: no control characters (PostgreSQL refuses NUL), bounded lengths.
_SAFE = r"^[^\x00-\x1f\x7f]*$"
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z._:-]+$")]
Kind = Annotated[str, StringConstraints(max_length=64, pattern=r"^[a-z_]{1,32}\.[a-z_]{1,32}$")]
Entity = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, StringConstraints(max_length=2000, pattern=_SAFE)]
Stamp = Annotated[str, StringConstraints(max_length=40, pattern=r"^[0-9T:+\-. Z]{10,40}$")]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Cursor = Annotated[str, StringConstraints(max_length=100, pattern=r"^[0-9A-Za-z.:-]*$")]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]
Count = Annotated[int, Field(ge=0, le=2**53)]


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Op(Model):
    """One outbox operation: idempotent by `op_id`, ordered per station by `seq`."""

    op_id: Id
    seq: Annotated[int, Field(ge=1, le=2**53)]
    entity: Entity
    entity_id: Id
    kind: Kind
    payload: dict[str, Any]
    base_version: Version | None = None
    created_at: Stamp


class PushRequest(Model):
    ops: Annotated[list[Op], Field(max_length=MAX_BATCH_OPS)]
    pending: Count | None = None  # how many operations the desk still holds (the backlog)
    app_version: Text | None = None


class DossierState(Model):
    """What the province holds about a dossier's processing (its owned fields)."""

    id: Id
    code: Text
    status: Text
    version: Version
    due_at: Stamp | None = None


class OpResult(Model):
    op_id: Id
    status: Literal["applied", "duplicate", "rejected", "retry"]
    code: Text | None = None  # machine reason: conflict, code_taken, not_found, …
    reason: Text | None = None  # Vietnamese, for the officer
    state: DossierState | None = None


class PushReply(Model):
    protocol: Literal[1]
    server_time: Stamp
    results: list[OpResult]


class FileState(Model):
    protocol: Literal[1]
    sha256: Sha256
    size: Count
    offset: Count  # bytes the server holds; send from here
    present: bool  # all bytes there and the hash verified


class Change(Model):
    seq: Count
    kind: Kind
    entity_id: Id
    payload: dict[str, Any]


class ChangesReply(Model):
    protocol: Literal[1]
    server_time: Stamp
    cursor: Cursor
    changes: list[Change]
    more: bool
    full: bool = False  # a snapshot: everything the station should hold, not only news


class StationInfo(Model):
    id: Id
    unit_code: Text
    unit_name: Text = ""
    number: Annotated[int, Field(ge=1, le=99)]
    name: Text
    mode: Literal["standalone", "member", "hub"]  # hub: an office hub relaying for its unit


class HelloReply(Model):
    protocol: Literal[1]
    server_time: Stamp
    server_id: Id
    station: StationInfo


class EnrolRequest(Model):
    code: Annotated[str, StringConstraints(min_length=4, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]
    token_sha256: Sha256  # the desk makes its own secret; the server keeps only its hash
    unit_code: Text
    station_name: Text = ""
    app_version: Text = ""
    mode: Literal["member", "hub"] = "member"  # hub: an office hub enrolling for its unit


class EnrolReply(Model):
    protocol: Literal[1]
    server_time: Stamp
    server_id: Id
    station: StationInfo


class ReserveRequest(Model):
    day: Day
    size: Annotated[int, Field(ge=1, le=1000)]
    floor: Annotated[int, Field(ge=0, le=9999)] = 0  # the highest number the desk already used


class ReserveReply(Model):
    protocol: Literal[1]
    day: Day
    first: Annotated[int, Field(ge=1, le=9999)]
    last: Annotated[int, Field(ge=1, le=9999)]


class PersonIn(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_SAFE)]
    id_number: Annotated[str, StringConstraints(max_length=12, pattern=r"^[0-9]*$")] = ""
    dob: Day | None = None
    sex: Annotated[str, StringConstraints(max_length=10, pattern=_SAFE)] = ""
    address: Annotated[str, StringConstraints(max_length=500, pattern=_SAFE)] = ""
    phone: Annotated[str, StringConstraints(max_length=20, pattern=r"^[0-9+ .-]*$")] = ""
    email: Annotated[str, StringConstraints(max_length=200, pattern=_SAFE)] = ""


class PaperIn(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=_SAFE)]
    kind: Literal["original", "certified", "photo"] = "original"


class OnlineIntake(Model):
    """A dossier filed online at the province for a commune (admin API)."""

    procedure: Annotated[
        str, StringConstraints(min_length=1, max_length=100, pattern=r"^[0-9A-Za-z._-]+$")
    ]
    procedure_name: Annotated[str, StringConstraints(max_length=1000, pattern=_SAFE)] = ""
    applicant: PersonIn
    papers: Annotated[list[PaperIn], Field(max_length=50)] = []
    fee: Annotated[int, Field(ge=0, le=10**12)] = 0
    delivery: Literal["counter", "post"] = "counter"
    received_at: Stamp | None = None
    due_at: Stamp | None = None


class StatusChange(Model):
    """The province moves a dossier on (admin API)."""

    status: Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]+$")]
    note: Annotated[str, StringConstraints(max_length=2000, pattern=_SAFE)] = ""
    due_at: Stamp | None = None


class StationAdd(Model):
    unit: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z.]+$")]
    name: Annotated[str, StringConstraints(max_length=200, pattern=_SAFE)] = ""
    number: Annotated[int, Field(ge=1, le=99)] | None = None


class ErrorReply(Model):
    protocol: Literal[1]
    code: Text
    message: Text  # Vietnamese


def canonical(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def op_body_sha256(op: Op) -> str:
    """What makes an op itself: the same op id with another body is refused, not applied."""
    body = {
        "entity": op.entity,
        "entity_id": op.entity_id,
        "kind": op.kind,
        "payload": op.payload,
        "base_version": op.base_version,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Upstream(Protocol):
    """What a desk asks of its upstream, over HTTP or in-process."""

    def hello(self) -> HelloReply: ...

    def push(self, request: PushRequest) -> PushReply: ...

    def file_state(self, sha256: str, size: int) -> FileState: ...

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes) -> FileState: ...

    def changes(self, after: str, limit: int = CHANGES_PAGE) -> ChangesReply: ...

    def snapshot(self) -> ChangesReply: ...

    def reserve(self, request: ReserveRequest) -> ReserveReply: ...

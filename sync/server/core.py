"""The server's handler: one object per data directory, one session per station request.

`Server` owns the database, the uploaded files and the server's own clock (injected like
the desk's: tests give a fixed or shifted one). `StationSession` is what an enrolled
station may do; it implements `sync.protocol.Upstream`, so the desk's sync engine can use
it in-process exactly as it uses the HTTP client.
"""

import hashlib
import json
import secrets
import threading
import time
from concurrent.futures import Future
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from desk import clock as clock_mod
from desk.ids import uuid7
from sync import protocol as p
from sync.errors import Clash, Forbidden, Gone, Missing, Unacceptable, Unauthorized
from sync.server import pool, schema
from sync.server.blobs import BlobStore
from sync.server.db import ServerDB, Tx
from sync.server.ops import Station, process
from sync.server.writer import writer_for

DB_NAME = "server.sqlite"
ENROL_DAYS = 7
ENROL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CONTACT_EVERY = 60.0  # seconds between last-contact writes for requests that change nothing
OFFICE_UNIT_KEY = "office_unit"  # in `meta`: set, the server is an office hub of that one unit


def enrol_hash(code: str) -> str:
    norm = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(norm.encode()).hexdigest()


def new_enrol_code() -> str:
    raw = "".join(secrets.choice(ENROL_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


class Server:
    def __init__(self, data_dir: Path, db_url: str | None = None, *, clock=None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = ServerDB(db_url or str(self.data_dir / DB_NAME))
        self.blobs = BlobStore(self.data_dir)
        self.clock = clock or clock_mod.SYSTEM
        self._contact: dict[str, float] = {}
        self._finish_lock = threading.Lock()
        self.news = threading.Event()  # set when a push applied something (wakes a hub's relay)
        self.writer = writer_for(self.db)
        with self.db.tx() as tx:
            schema.apply(tx)
            self.server_id = tx.scalar("SELECT value FROM meta WHERE key = 'server_id'")
            if self.server_id is None:
                self.server_id = uuid7()
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES ('server_id', ?)", [self.server_id]
                )

    def now(self) -> str:
        return clock_mod.iso(self.clock.now())

    def close(self) -> None:
        self.writer.close()
        self.db.close()

    # --- stations ---------------------------------------------------------------
    def authenticate(self, token: str | None) -> Station:
        if not token:
            raise Unauthorized("Thiếu thông tin xác thực của máy trạm.")
        with self.db.tx(write=False) as tx:
            row = tx.one(
                "SELECT id, unit_code, number, name, mode, revoked_at FROM stations WHERE token_hash = ?",
                [p.token_sha256(token)],
            )
        if row is None:
            raise Unauthorized("Máy trạm chưa được đăng ký với máy chủ này.")
        if row[5] is not None:
            raise Unauthorized(
                "Quyền đồng bộ của máy trạm này đã bị thu hồi; hãy xin mã đăng ký mới.",
                code="revoked",
            )
        return Station(row[0], row[1], row[2], row[3], row[4])

    def session(self, token: str | None) -> "StationSession":
        return StationSession(self, self.authenticate(token))

    def touch(self, station: Station, tx: Tx | None = None, **extra) -> None:
        """Remember when a station was last heard from (at most once a minute unless pushing)."""
        mono = time.monotonic()
        if tx is None and not extra and mono - self._contact.get(station.id, -1e9) < CONTACT_EVERY:
            return
        self._contact[station.id] = mono
        sets = ["last_contact_at = ?"]
        values: list = [self.now()]
        for key, value in extra.items():
            sets.append(f"{key} = ?")
            values.append(value)
        sql = f"UPDATE stations SET {', '.join(sets)} WHERE id = ?"
        if tx is not None:
            tx.execute(sql, [*values, station.id])
        else:
            with self.db.tx() as own:
                own.execute(sql, [*values, station.id])

    def add_station(
        self, unit_code: str, *, name: str = "", number: int | None = None, unit_name: str = ""
    ) -> tuple[dict, str]:
        """A new station for `unit_code` and its one-time enrolment code."""
        from desk.setup import _valid_unit

        unit_code = _valid_unit(unit_code)
        code = new_enrol_code()
        now = self.clock.now()
        with self.db.tx() as tx:
            office = tx.scalar("SELECT value FROM meta WHERE key = ?", [OFFICE_UNIT_KEY])
            if office is not None and office != unit_code:
                raise Forbidden(
                    f"Máy chủ văn phòng này chỉ phục vụ đơn vị {office}; không thêm máy trạm "
                    f"của đơn vị {unit_code} được.",
                    code="wrong_unit",
                )
            tx.execute(
                "INSERT INTO units (code, name, created_at) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING",
                [unit_code, unit_name, clock_mod.iso(now)],
            )
            if unit_name:
                tx.execute("UPDATE units SET name = ? WHERE code = ?", [unit_name, unit_code])
            taken = {
                r[0] for r in tx.all("SELECT number FROM stations WHERE unit_code = ?", [unit_code])
            }
            if number is None:
                free = [n for n in range(1, 100) if n not in taken]
                if not free:
                    raise Clash(f"Đơn vị {unit_code} đã có đủ 99 máy trạm.")
                number = free[0]
            elif not 1 <= number <= 99 or number in taken:
                raise Clash(f"Số máy {number} đã có hoặc không hợp lệ trong đơn vị {unit_code}.")
            station_id = uuid7()
            tx.execute(
                "INSERT INTO stations (id, unit_code, number, name, mode, enrol_hash, enrol_expires,"
                " created_at) VALUES (?, ?, ?, ?, 'member', ?, ?, ?)",
                [
                    station_id,
                    unit_code,
                    number,
                    name or f"Quầy {number}",
                    enrol_hash(code),
                    clock_mod.iso(now + timedelta(days=ENROL_DAYS)),
                    clock_mod.iso(now),
                ],
            )
        return self.station(station_id), code

    def station(self, station_id: str) -> dict:
        rows = self.stations(station_id=station_id)
        if not rows:
            raise Missing(f"Không có máy trạm {station_id}.")
        return rows[0]

    def stations(
        self, unit_code: str | None = None, *, station_id: str | None = None
    ) -> list[dict]:
        where, args = "1 = 1", []
        if unit_code:
            where, args = "s.unit_code = ?", [unit_code]
        if station_id:
            where, args = "s.id = ?", [station_id]
        with self.db.tx(write=False) as tx:
            rows = tx.dicts(
                "SELECT s.id, s.unit_code, s.number, s.name, s.mode, s.enrolled_at, s.revoked_at,"
                " s.enrol_expires, s.created_at, s.last_contact_at, s.last_push_at, s.backlog,"
                f" s.app_version FROM stations s WHERE {where} ORDER BY s.unit_code, s.number",
                args,
            )
        for row in rows:
            row["state"] = (
                "revoked"
                if row["revoked_at"]
                else "enrolled"
                if row["enrolled_at"]
                else "waiting_enrolment"
            )
        return rows

    def revoke(self, station_id: str) -> dict:
        with self.db.tx() as tx:
            done = tx.one(
                "UPDATE stations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id",
                [self.now(), station_id],
            )
            if done is None and tx.one("SELECT 1 FROM stations WHERE id = ?", [station_id]) is None:
                raise Missing(f"Không có máy trạm {station_id}.")
        return self.station(station_id)

    def enrol(self, request: p.EnrolRequest) -> p.EnrolReply:
        now = self.now()
        with self.db.tx() as tx:
            row = tx.one(
                "SELECT id, unit_code, token_hash, revoked_at, enrol_expires FROM stations"
                " WHERE enrol_hash = ?" + tx.for_update,
                [enrol_hash(request.code)],
            )
            if row is None:
                raise Unauthorized("Mã đăng ký không đúng.", code="bad_enrol_code")
            station_id, unit, token_hash, revoked, expires = row
            if revoked:
                raise Unauthorized("Máy trạm này đã bị thu hồi; hãy xin mã đăng ký mới.")
            if token_hash is not None and token_hash != request.token_sha256:
                raise Clash("Mã đăng ký đã được dùng cho một máy khác.", code="enrol_code_used")
            if token_hash is None and clock_mod.parse(expires) < self.clock.now():
                raise Gone("Mã đăng ký đã hết hạn; hãy xin mã mới.", code="enrol_code_expired")
            if request.unit_code and request.unit_code != unit:
                raise Forbidden(
                    f"Mã đăng ký dành cho đơn vị {unit}, còn máy này thuộc đơn vị "
                    f"{request.unit_code}.",
                    code="wrong_unit",
                )
            if token_hash is None:
                _one_upstream_per_unit(tx, station_id, unit, request.mode)
                tx.execute(
                    "UPDATE stations SET token_hash = ?, enrolled_at = ?, app_version = ?,"
                    " last_contact_at = ?, name = CASE WHEN ? = '' THEN name ELSE ? END,"
                    " mode = ? WHERE id = ?",
                    [
                        request.token_sha256,
                        now,
                        request.app_version,
                        now,
                        request.station_name,
                        request.station_name,
                        request.mode,
                        station_id,
                    ],
                )
        return p.EnrolReply(
            protocol=1,
            server_time=self.now(),
            server_id=self.server_id,
            station=self._station_info(station_id),
        )

    def _station_info(self, station_id: str) -> p.StationInfo:
        with self.db.tx(write=False) as tx:
            row = tx.one(
                "SELECT s.id, s.unit_code, u.name, s.number, s.name, s.mode FROM stations s"
                " JOIN units u ON u.code = s.unit_code WHERE s.id = ?",
                [station_id],
            )
        assert row is not None
        return p.StationInfo(
            id=row[0], unit_code=row[1], unit_name=row[2], number=row[3], name=row[4], mode=row[5]
        )

    # --- the change feed ----------------------------------------------------------
    def add_change(self, tx: Tx, unit_code: str, kind: str, entity_id: str, payload: dict) -> int:
        """Append to the feed. The counter row stays locked until commit, so sequence
        numbers become visible in order and a reader's cursor never passes a gap."""
        seq = tx.scalar(
            "UPDATE counters SET value = value + 1 WHERE name = 'changes' RETURNING value"
        )
        tx.execute(
            "INSERT INTO changes (seq, unit_code, kind, entity_id, payload, at) VALUES (?, ?, ?, ?, ?, ?)",
            [seq, unit_code, kind, entity_id, json.dumps(payload, ensure_ascii=False), self.now()],
        )
        return int(seq)

    def cursor(self, seq: int) -> str:
        return f"{self.server_id}:{seq}"

    def parse_cursor(self, tx: Tx, cursor: str) -> int:
        if not cursor:
            return 0
        server_id, _, seq_text = cursor.rpartition(":")
        if server_id != self.server_id or not seq_text.isdigit():
            raise Gone("Máy chủ không còn nhận ra vị trí đồng bộ này; cần đồng bộ lại toàn bộ.")
        seq = int(seq_text)
        top = tx.scalar("SELECT value FROM counters WHERE name = 'changes'")
        floor = tx.scalar("SELECT value FROM counters WHERE name = 'changes_floor'")
        if seq > top or (seq < floor and seq != 0) or (seq == 0 and floor > 0):
            raise Gone("Máy chủ không còn nhận ra vị trí đồng bộ này; cần đồng bộ lại toàn bộ.")
        return seq

    def prune_changes(self, below: int) -> None:
        """Forget feed rows before `below`; stations behind it do a full resync."""
        with self.db.tx() as tx:
            tx.execute("DELETE FROM changes WHERE seq < ?", [below])
            tx.execute("UPDATE counters SET value = ? WHERE name = 'changes_floor'", [below])


def _one_upstream_per_unit(tx: Tx, station_id: str, unit: str, mode: str) -> None:
    """A unit syncs through its office hub or straight to the province, never both: the hub
    numbers its counters itself, so a PC enrolled here beside it could share a station
    number (and print the same station-scoped code), and the hub would hold only part of
    the unit."""
    others = tx.all(
        "SELECT mode FROM stations WHERE unit_code = ? AND id <> ? AND enrolled_at IS NOT NULL"
        " AND revoked_at IS NULL",
        [unit, station_id],
    )
    if mode == "hub" and others:
        raise Clash(
            f"Đơn vị {unit} đã có máy trạm đăng ký trực tiếp với máy chủ này; hãy thu hồi chúng "
            "trước khi đăng ký máy chủ văn phòng.",
            code="unit_has_stations",
        )
    if mode != "hub" and any(r[0] == "hub" for r in others):
        raise Clash(
            f"Đơn vị {unit} đồng bộ qua máy chủ văn phòng; hãy đăng ký máy này với máy chủ "
            "văn phòng của đơn vị.",
            code="unit_has_hub",
        )


class StationSession:
    """What one enrolled station may ask: only its own unit's dossiers."""

    def __init__(self, server: Server, station: Station):
        self.server = server
        self.station = station

    def hello(self) -> p.HelloReply:
        self.server.touch(self.station)
        return p.HelloReply(
            protocol=1,
            server_time=self.server.now(),
            server_id=self.server.server_id,
            station=self.server._station_info(self.station.id),
        )

    def push(self, request: p.PushRequest) -> p.PushReply:
        return self.push_later(request).result()

    def push_later(self, request: p.PushRequest) -> Future:
        """The push applied by the server's writer (sync.server.writer: group commit on
        SQLite); the future's PushReply exists only once its transaction committed."""
        future = self.server.writer.submit(partial(self._apply_push, request))
        future.add_done_callback(self._news)
        return future

    def _news(self, future: Future) -> None:
        """After the commit: an office hub's relay has something new to take up."""
        if (
            not future.cancelled()
            and future.exception() is None
            and any(r.status == "applied" for r in future.result().results)
        ):
            self.server.news.set()

    def _apply_push(self, request: p.PushRequest, tx: Tx) -> p.PushReply:
        now = self.server.now()
        results = [process(tx, self.station, op, now) for op in request.ops]
        extra = {"last_push_at": now}
        if request.pending is not None:
            extra["backlog"] = request.pending
        if request.app_version:
            extra["app_version"] = request.app_version
        self.server.touch(self.station, tx, **extra)
        return p.PushReply(protocol=1, server_time=now, results=results)

    # --- files --------------------------------------------------------------------
    def file_state(self, sha256: str, size: int) -> p.FileState:
        return file_state(self.server, sha256, size)

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes) -> p.FileState:
        return put_chunk(self.server, sha256, size, offset, data)

    # --- pull ---------------------------------------------------------------------
    def changes(self, after: str, limit: int = p.CHANGES_PAGE) -> p.ChangesReply:
        limit = max(1, min(limit, 2000))
        unit = self.station.unit_code
        with self.server.db.tx(write=False) as tx:
            start = self.server.parse_cursor(tx, after)
            # The committed top first: every seq up to it is committed (see add_change).
            top = tx.scalar("SELECT value FROM counters WHERE name = 'changes'")
            rows = tx.all(
                "SELECT seq, kind, entity_id, payload FROM changes WHERE seq > ? AND seq <= ?"
                " AND unit_code IN (?, '*') ORDER BY seq LIMIT ?",
                [start, top, unit, limit + 1],
            )
        more = len(rows) > limit
        rows = rows[:limit]
        end = rows[-1][0] if more else top
        self.server.touch(self.station)
        return p.ChangesReply(
            protocol=1,
            server_time=self.server.now(),
            cursor=self.server.cursor(int(end)),
            changes=[
                p.Change(seq=r[0], kind=r[1], entity_id=r[2], payload=json.loads(r[3]))
                for r in rows
            ],
            more=more,
        )

    def snapshot(self) -> p.ChangesReply:
        """Everything the station should hold now, for a full resync."""
        from sync.server.admin import snapshot_changes

        with self.server.db.tx(write=False) as tx:
            top = tx.scalar("SELECT value FROM counters WHERE name = 'changes'")
            changes = snapshot_changes(tx, self.station.unit_code)
        return p.ChangesReply(
            protocol=1,
            server_time=self.server.now(),
            cursor=self.server.cursor(int(top)),
            changes=changes,
            more=False,
            full=True,
        )

    # --- dossier codes --------------------------------------------------------------
    def reserve(self, request: p.ReserveRequest) -> p.ReserveReply:
        try:
            date.fromisoformat(request.day)
        except ValueError as exc:
            raise Unacceptable("Ngày không hợp lệ.") from exc
        unit = self.station.unit_code
        with self.server.db.tx() as tx:
            if pool.from_pool(tx):  # an office hub enrolled with the province
                return pool.hand_out(tx, unit, self.station.id, request, self.server.now())
            tx.execute(
                "INSERT INTO code_next (unit_code, day, next) VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
                [unit, request.day],
            )
            nxt = tx.scalar(
                "SELECT next FROM code_next WHERE unit_code = ? AND day = ?" + tx.for_update,
                [unit, request.day],
            )
            first = max(int(nxt), request.floor + 1)
            last = min(first + request.size - 1, 9999)
            if first > 9999:
                raise Clash(
                    "Đã hết số hồ sơ 4 chữ số cho ngày này; máy trạm dùng số theo máy.",
                    code="codes_exhausted",
                )
            tx.execute(
                "UPDATE code_next SET next = ? WHERE unit_code = ? AND day = ?",
                [last + 1, unit, request.day],
            )
            tx.execute(
                "INSERT INTO code_blocks (id, unit_code, day, first, last, station_id, reserved_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [uuid7(), unit, request.day, first, last, self.station.id, self.server.now()],
            )
        return p.ReserveReply(protocol=1, day=request.day, first=first, last=last)

    # --- reading one's own dossiers ---------------------------------------------------
    def dossier(self, code: str) -> dict:
        from sync.server.admin import dossier_json

        found = dossier_json(self.server, code=code)
        if found is None or found["unit_code"] != self.station.unit_code:
            raise Missing(f"Không tìm thấy hồ sơ {code}.")
        return found


class LocalUpstream:
    """A station session used in-process as the desk's upstream (tests, USB tools, a hub
    relaying): the same `Upstream` as the HTTP client, with the same client-side errors."""

    def __init__(self, session: StationSession):
        self.session = session

    def _call(self, name: str, *args):
        from sync.errors import ServerError, client_error

        try:
            return getattr(self.session, name)(*args)
        except ServerError as exc:
            raise client_error(exc.status, exc.code, exc.message) from exc

    def hello(self) -> p.HelloReply:
        return self._call("hello")

    def push(self, request: p.PushRequest) -> p.PushReply:
        return self._call("push", request)

    def file_state(self, sha256: str, size: int) -> p.FileState:
        return self._call("file_state", sha256, size)

    def put_chunk(self, sha256: str, size: int, offset: int, data: bytes) -> p.FileState:
        return self._call("put_chunk", sha256, size, offset, data)

    def changes(self, after: str, limit: int = p.CHANGES_PAGE) -> p.ChangesReply:
        return self._call("changes", after, limit)

    def snapshot(self) -> p.ChangesReply:
        return self._call("snapshot")

    def reserve(self, request: p.ReserveRequest) -> p.ReserveReply:
        return self._call("reserve", request)

    def close(self) -> None:
        pass


def file_state(server: Server, sha256: str, size: int) -> p.FileState:
    if not 0 <= size <= p.MAX_FILE:
        raise Unacceptable("Kích thước tệp không hợp lệ.")
    with server.db.tx(write=False) as tx:
        row = tx.one("SELECT size, received, present FROM files WHERE sha256 = ?", [sha256])
    if row is None:
        return p.FileState(protocol=1, sha256=sha256, size=size, offset=0, present=False)
    if row[0] != size:
        raise Clash("Kích thước tệp khác với lần gửi trước.", code="size_mismatch")
    return p.FileState(protocol=1, sha256=sha256, size=size, offset=row[1], present=bool(row[2]))


def put_chunk(server: Server, sha256: str, size: int, offset: int, data: bytes) -> p.FileState:
    """Write one chunk at `offset` (≤ what the server holds); verify and finish at the end."""
    if not 0 <= size <= p.MAX_FILE or len(data) > p.MAX_CHUNK:
        raise Unacceptable("Kích thước tệp hoặc đoạn tệp không hợp lệ.")
    if offset < 0 or offset + len(data) > size:
        raise Unacceptable("Đoạn tệp nằm ngoài kích thước tệp.")
    now = server.now()
    with server.db.tx() as tx:
        tx.execute(
            "INSERT INTO files (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [sha256, size, now],
        )
        row = tx.one("SELECT size, received, present FROM files WHERE sha256 = ?", [sha256])
    assert row is not None
    known_size, received, present = row
    if known_size != size:
        raise Clash("Kích thước tệp khác với lần gửi trước.", code="size_mismatch")
    if present:
        _count_wire(server, sha256, len(data))
        return p.FileState(protocol=1, sha256=sha256, size=size, offset=size, present=True)
    if offset > received:
        raise Clash(
            f"Đoạn tệp bắt đầu ở byte {offset} nhưng máy chủ mới có {received} byte.",
            code="offset_mismatch",
        )
    if data:
        server.blobs.write_chunk(sha256, offset, data)
    end = offset + len(data)
    with server.db.tx() as tx:
        moved = tx.one(
            "UPDATE files SET received = CASE WHEN received > ? THEN received ELSE ? END,"
            " wire_bytes = wire_bytes + ? WHERE sha256 = ? AND received >= ? AND present = 0"
            " RETURNING received",
            [end, end, len(data), sha256, offset],
        )
    if moved is None:
        return file_state(server, sha256, size)
    if moved[0] >= size:
        return _finish(server, sha256, size)
    return p.FileState(protocol=1, sha256=sha256, size=size, offset=moved[0], present=False)


def _count_wire(server: Server, sha256: str, n: int) -> None:
    if n:
        with server.db.tx() as tx:
            tx.execute("UPDATE files SET wire_bytes = wire_bytes + ? WHERE sha256 = ?", [n, sha256])


def count_cut_chunk(server: Server, sha256: str, n: int) -> None:
    """Bytes of a chunk whose request was cut: they reached us and must be sent again."""
    _count_wire(server, sha256, n)


def _finish(server: Server, sha256: str, size: int) -> p.FileState:
    with server._finish_lock:
        ok = server.blobs.finish(sha256, size)
        with server.db.tx() as tx:
            if ok:
                tx.execute(
                    "UPDATE files SET present = 1, received = size, completed_at = ? WHERE sha256 = ?",
                    [server.now(), sha256],
                )
            else:
                tx.execute("UPDATE files SET received = 0 WHERE sha256 = ?", [sha256])
    if not ok:
        raise Unacceptable(
            "Tệp nhận được không khớp mã băm SHA-256; máy trạm sẽ gửi lại từ đầu.",
            code="hash_mismatch",
        )
    return p.FileState(protocol=1, sha256=sha256, size=size, offset=size, present=True)

"""Dossier numbers at an office hub enrolled with the province: blocks of the province's.

The province numbers its online dossiers for the unit from the same per-day sequence it
reserves blocks from. A hub handing out blocks from its own counter would therefore give a
counter a number the province later gives an online dossier. So an enrolled hub keeps a pool
of numbers reserved from the province (`hub_blocks`: today and tomorrow, refilled by the
relay while the line is up) and its stations' blocks come out of that pool. With the pool
empty (the line down since the day began) a station is told so (`codes_exhausted`) and
numbers from its own station-scoped space, which no one else uses. A hub not enrolled is the
unit's only numbering authority and counts on its own, as before.
"""

from datetime import date, timedelta

from desk import clock as clock_mod
from desk.ids import uuid7
from sync import protocol as p
from sync.errors import Clash, CodesExhausted
from sync.server.db import Tx

POOL_SIZE = 200
POOL_LOW = 100
UPSTREAM_KEY = "hub_upstream"  # in `meta`: set once an office hub is enrolled (sync.server.office)


def from_pool(tx: Tx) -> bool:
    return tx.scalar("SELECT 1 FROM meta WHERE key = ?", [UPSTREAM_KEY]) is not None


def hand_out(tx: Tx, unit: str, station_id: str, request: p.ReserveRequest, now: str):
    """A station's block out of the pool for `request.day`; Clash when it is empty."""
    rows = tx.all(
        "SELECT id, last, next FROM hub_blocks WHERE day = ? AND next <= last ORDER BY first",
        [request.day],
    )
    for block_id, last, nxt in rows:
        first = max(int(nxt), request.floor + 1)
        if first > last:  # the station already used numbers past this block
            tx.execute("UPDATE hub_blocks SET next = ? WHERE id = ?", [last + 1, block_id])
            continue
        end = min(first + request.size - 1, int(last))
        tx.execute("UPDATE hub_blocks SET next = ? WHERE id = ?", [end + 1, block_id])
        tx.execute(
            "INSERT INTO code_blocks (id, unit_code, day, first, last, station_id, reserved_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [uuid7(), unit, request.day, first, end, station_id, now],
        )
        return p.ReserveReply(protocol=1, day=request.day, first=first, last=end)
    raise Clash(
        "Máy chủ văn phòng chưa nhận được số hồ sơ từ tỉnh cho ngày này; máy trạm dùng số "
        "theo máy.",
        code="codes_exhausted",
    )


def reserve_ahead(server, upstream, *, size: int = POOL_SIZE, low: int = POOL_LOW) -> int:
    """Keep at least `low` numbers of the province's in the pool for today and tomorrow."""
    today: date = server.clock.now().date()
    got = 0
    for day in (today, today + timedelta(days=1)):
        key = day.isoformat()
        with server.db.tx(write=False) as tx:
            left = tx.scalar(
                "SELECT COALESCE(SUM(last - next + 1), 0) FROM hub_blocks WHERE day = ?"
                " AND next <= last",
                [key],
            )
            # Numbers the hub's stations already used or hold must not come back.
            floor = max(
                int(tx.scalar("SELECT MAX(last) FROM hub_blocks WHERE day = ?", [key]) or 0),
                int(tx.scalar("SELECT MAX(last) FROM code_blocks WHERE day = ?", [key]) or 0),
                int(tx.scalar("SELECT MAX(next) - 1 FROM code_next WHERE day = ?", [key]) or 0),
            )
        if left >= low or floor >= 9999:
            continue
        try:
            reply = upstream.reserve(p.ReserveRequest(day=key, size=size, floor=floor))
        except CodesExhausted:
            continue
        with server.db.tx() as tx:
            tx.execute(
                "INSERT INTO hub_blocks (id, day, first, last, next, reserved_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    uuid7(),
                    key,
                    reply.first,
                    reply.last,
                    reply.first,
                    clock_mod.iso(server.clock.now()),
                ],
            )
        got += 1
    return got

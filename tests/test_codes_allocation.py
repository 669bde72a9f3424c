"""Dossier codes stay unique across desks that cannot talk to each other."""

import sqlite3
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.dossiers import codes
from desk.store.migrations import migrations


def _station_db():
    import sqlite_utils

    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrations.apply(sqlite_utils.Database(conn))
    return conn


DAY = date(2026, 11, 23)


@settings(max_examples=60, deadline=None)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.integers(1, 4)), min_size=1, max_size=40
    ),
    blocks=st.lists(st.integers(1, 3), min_size=0, max_size=4),
)
def test_offline_stations_never_share_a_code(plan, blocks):
    """Three desks of one office, each with or without upstream blocks, all offline."""
    stations = {
        n: (_station_db(), {"id": f"s{n}", "number": n, "mode": "member"}) for n in (1, 2, 3)
    }
    # Upstream hands out disjoint blocks of 5 numbers, round-robin over the stations given.
    first = 1
    for n in blocks:
        conn, _ = stations[n]
        codes.add_block(conn, day=DAY, first=first, last=first + 4, source="hub", reserved_at="t")
        first += 5
    seen = []
    for station_no, how_many in plan:
        conn, station = stations[station_no]
        for _ in range(how_many):
            seen.append(codes.allocate(conn, unit_code="H99.001", station=station, day=DAY))
    assert len(seen) == len(set(seen))
    assert all(c.startswith("H99.001-261123-") for c in seen)


def test_standalone_desk_counts_from_one_each_day():
    conn = _station_db()
    station = {"id": "s1", "number": 1, "mode": "standalone"}
    got = [codes.allocate(conn, unit_code="H57.132", station=station, day=DAY) for _ in range(3)]
    assert got == ["H57.132-261123-0001", "H57.132-261123-0002", "H57.132-261123-0003"]
    assert codes.allocate(
        conn, unit_code="H57.132", station=station, day=date(2026, 11, 25)
    ).endswith("-0001")


def test_blocks_are_used_before_the_fallback():
    conn = _station_db()
    station = {"id": "s2", "number": 2, "mode": "member"}
    codes.add_block(conn, day=DAY, first=101, last=102, source="hub", reserved_at="t")
    got = [
        codes.allocate(conn, unit_code="H99.001", station=station, day=DAY)[-5:] for _ in range(4)
    ]
    assert got == ["-0101", "-0102", "02001", "02002"]


def test_overlapping_block_is_refused():
    import pytest

    from desk.errors import Conflict

    conn = _station_db()
    codes.add_block(conn, day=DAY, first=1, last=50, source="hub", reserved_at="t")
    with pytest.raises(Conflict):
        codes.add_block(conn, day=DAY, first=40, last=60, source="hub", reserved_at="t")

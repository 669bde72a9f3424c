"""Sync figures, printed as JSON: a week offline pushed through a slow line that keeps
dropping, the server's throughput on SQLite and PostgreSQL, and 200 stations pushing at once.

    .venv/bin/python bench/bench_sync.py                      # everything, the issue's sizes
    .venv/bin/python bench/bench_sync.py --only week --dossiers 100 --pages 600
    .venv/bin/python bench/bench_sync.py --only throughput,stations

- week: 500 dossiers and 3,000 scanned pages (incompressible, ~40 KB a page, as G4/JPEG
  scans are) received offline, then pushed through a loopback proxy throttled to 2 Mbit/s
  that cuts every connection every 30 s. Link use = bytes through the proxy upstream ÷
  (time × rate); re-sent per cut = (file bytes sent − file bytes needed) ÷ cuts.
- throughput: 20,000 intake operations in batches of 100 from 4 clients, over HTTP, to the
  server on SQLite and on a durable PostgreSQL (fsync on).
- stations: 200 enrolled stations, each pushing batches of 3 operations every ~2 s (random
  gaps) for ~30 s, all at the same time; push latency percentiles. A "burst" run also sends
  one push from every station at the same instant.

The server runs as its own process (uvicorn) on 127.0.0.1, on the real clock for the
throughput and stations figures (as deployed: libfaketime would tax every time call); the
200 stations are threads of this process, so they share the machine's 2 cores with the
server. Expect noise from other work on it. Every push must come back `applied`: a rejected
op is cheaper and would flatter the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from faultproxy import FaultProxy  # noqa: E402
from helpers import OFFICE_TIME  # noqa: E402
from sync_support import ServerProcess  # noqa: E402

from desk.clock import FixedClock  # noqa: E402
from sync import protocol as p  # noqa: E402

UNIT = "000.00.77.H77"


def new_desk(root: Path, clock):
    from desk.setup import init_office
    from desk.store import open_store

    store = open_store(root / "desk", clock=clock)
    init_office(store, unit_code=UNIT, name="UBND xã Đo Đạc", actor="bench")
    return store


def fill_week(store, dossiers: int, pages: int, page_kb: int, rng: random.Random) -> int:
    """Offline intake with scans; returns the bytes of the PDFs made."""
    from desk import dossiers as d
    from desk.dossiers import scans

    total = 0
    per = max(1, pages // dossiers)
    for n in range(dossiers):
        dossier = d.receive(
            store,
            {
                "procedure": "1.001193",
                "applicant": {"name": f"Người Đo {n}", "id_number": f"038301{n:06d}"},
            },
            actor="bench",
        )
        papers = [per // 2, per - per // 2] if per > 1 else [1]
        for ordinal, count in enumerate(papers, start=1):
            if not count:
                continue
            pdf = b"%PDF-1.4\n" + rng.randbytes(count * page_kb * 1024)
            total += len(pdf)
            scans.attach(
                store,
                dossier.code,
                ordinal,
                pdf=pdf,
                pages=[(rng.randbytes(64), "image/jpeg")] * count,
                actor="bench",
                name=f"Giấy tờ {ordinal}",
            )
    return total


def sync_until_done(store, upstream, *, deadline: float):
    from sync.client import sync_once
    from sync.client.backoff import Backoff
    from sync.client.engine import made_progress

    backoff = Backoff(base=2.0, cap=30.0, after_progress=0.2)
    attempts = sent = 0
    while time.monotonic() < deadline:
        attempts += 1
        report = sync_once(store, upstream)
        sent += report.upload.bytes_sent
        if report.complete:
            return {"attempts": attempts, "complete": True, "file_bytes_sent": sent}
        time.sleep(backoff.failure(progress=made_progress(report)))
    return {"attempts": attempts, "complete": False, "file_bytes_sent": sent}


def bench_week(args, work: Path) -> dict:
    from sync.client import config, enrol

    rng = random.Random(11)
    server = ServerProcess(work / "server-week")
    rate = args.rate_mbit * 1_000_000 / 8
    proxy = FaultProxy(server.port, rate=rate, cut_every=args.cut_every)
    try:
        clock = FixedClock(OFFICE_TIME)
        store = new_desk(work / "week", clock)
        made = fill_week(store, args.dossiers, args.pages, args.page_kb, rng)
        enrol(store, proxy.url, server.add_station(UNIT))
        upstream = config.connect(store)
        proxy.bytes_up = proxy.bytes_down = proxy.cuts = 0
        t0 = time.monotonic()
        done = sync_until_done(store, upstream, deadline=t0 + args.week_timeout)
        elapsed = time.monotonic() - t0
        held = server.dossiers(UNIT)
        complete = sum(1 for d in held if d["complete"])
        resent = done["file_bytes_sent"] - made
        return {
            "dossiers": args.dossiers,
            "pages": args.pages,
            "file_mb": round(made / 1e6, 1),
            "rate_mbit": args.rate_mbit,
            "cut_every_s": args.cut_every,
            "seconds": round(elapsed, 1),
            "cuts": proxy.cuts,
            "attempts": done["attempts"],
            "complete": done["complete"] and complete == args.dossiers,
            "server_dossiers": len(held),
            "server_complete": complete,
            "link_use": round(proxy.bytes_up / (elapsed * rate), 3),
            "payload_share_of_link": round(made / (elapsed * rate), 3),
            "file_bytes_resent": resent,
            "resent_per_cut_bytes": round(resent / max(1, proxy.cuts)),
            "chunk_bytes": p.CHUNK_SIZE,
        }
    finally:
        proxy.close()
        server.stop()


def _ops(unit: str, start: int, count: int, prefix: str) -> list[p.Op]:
    out = []
    for n in range(start, start + count):
        dossier_id = f"{prefix}-{n}"
        out.append(
            p.Op(
                op_id=f"op-{prefix}-{n}",
                seq=n + 1,
                entity="dossier",
                entity_id=dossier_id,
                kind="dossier.received",
                payload={
                    "id": dossier_id,
                    "code": f"{unit}-261125-{prefix[-2:]}{n % 10000:04d}",
                    "procedure": "1.001193",
                    "received_at": OFFICE_TIME,
                    "due_at": "2026-11-27T09:30:00+07:00",
                    "applicant": {"name": f"Người Đo {n}"},
                    "papers": [{"name": "Tờ khai"}],
                },
                created_at=OFFICE_TIME,
            )
        )
    return out


def _applied(reply) -> None:
    """A figure counts only pushes the server really applied (a rejection is cheaper)."""
    bad = [r for r in reply.results if r.status != "applied"]
    if bad:
        raise SystemExit(f"push not applied: {bad[0]}")


def bench_unit(n: int) -> str:
    """The n-th made-up commune (QĐ 20/2020 shape: level 2 and 3 both set)."""
    return f"000.{10 + n // 80:02d}.{10 + n % 80:02d}.H77"


def _enrol_many(server: ServerProcess, unit: str, n: int) -> list[str]:
    import httpx

    tokens = []
    for i in range(n):
        code = server.add_station(unit)
        token = f"bench-{unit}-{i}-" + "t" * 20
        r = httpx.post(
            server.url + "/v1/enrol",
            json={"code": code, "token_sha256": p.token_sha256(token), "unit_code": unit},
            timeout=30,
        )
        r.raise_for_status()
        tokens.append(token)
    return tokens


def bench_throughput(args, work: Path, db_url: str | None, name: str) -> dict:
    from sync.client.http import HttpUpstream

    server = ServerProcess(work / f"server-{name}", db_url=db_url, at=None)
    try:
        clients, batch = 4, 100
        per_client = args.ops // clients
        tokens = []
        for c in range(clients):
            tokens += _enrol_many(server, f"000.00.{c + 10:02d}.H77", 1)
        elapsed = []

        def run(c: int):
            unit = f"000.00.{c + 10:02d}.H77"
            with HttpUpstream(server.url, tokens[c]) as up:
                for start in range(0, per_client, batch):
                    ops = _ops(unit, start, batch, f"tp{c:02d}")
                    _applied(up.push(p.PushRequest(ops=ops)))

        t0 = time.monotonic()
        threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed.append(time.monotonic() - t0)
        total = per_client * clients
        return {
            "backend": name,
            "ops": total,
            "seconds": round(elapsed[0], 2),
            "ops_per_s": round(total / elapsed[0]),
        }
    finally:
        server.stop()


def _percentiles(values: list[float]) -> dict:
    values = sorted(values)
    q = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "n": len(values),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "max_ms": round(values[-1] * 1000, 1),
    }


def bench_stations(args, work: Path, db_url: str | None, name: str) -> dict:
    from sync.client.http import HttpUpstream

    server = ServerProcess(work / f"server-stations-{name}", db_url=db_url, at=None)
    try:
        stations = args.stations
        tokens = []
        for u in range(stations // 4):  # four counters per commune
            tokens += _enrol_many(server, bench_unit(u), 4)
        latencies: list[float] = []
        burst: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(stations)
        stop_at = time.monotonic() + args.stations_seconds + 5

        def station(i: int):
            rng = random.Random(i)
            unit = bench_unit(i // 4)
            prefix = f"st{i:03d}"  # op ids are unique across the province
            n = 0
            with HttpUpstream(server.url, tokens[i]) as up:
                up.hello()
                barrier.wait()
                t = time.monotonic()
                _applied(up.push(p.PushRequest(ops=_ops(unit, n, 3, prefix))))
                with lock:
                    burst.append(time.monotonic() - t)
                n += 3
                time.sleep(rng.uniform(0, 2 * args.gap))
                while time.monotonic() < stop_at - 5:
                    t = time.monotonic()
                    _applied(up.push(p.PushRequest(ops=_ops(unit, n, 3, prefix))))
                    with lock:
                        latencies.append(time.monotonic() - t)
                    n += 3
                    time.sleep(rng.uniform(0, 2 * args.gap))

        threads = [threading.Thread(target=station, args=(i,)) for i in range(stations)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        return {
            "backend": name,
            "stations": stations,
            "mean_gap_s": args.gap,
            "pushes_per_s": round(len(latencies) / max(0.1, elapsed - 5), 1),
            "steady": _percentiles(latencies),
            "burst_all_at_once": _percentiles(burst),
        }
    finally:
        server.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="week,throughput,stations")
    ap.add_argument("--dossiers", type=int, default=500)
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--page-kb", type=int, default=40)
    ap.add_argument("--rate-mbit", type=float, default=2.0)
    ap.add_argument("--cut-every", type=float, default=30.0)
    ap.add_argument("--week-timeout", type=float, default=3600.0)
    ap.add_argument("--ops", type=int, default=20_000)
    ap.add_argument("--stations", type=int, default=200)
    ap.add_argument("--stations-seconds", type=float, default=30.0)
    ap.add_argument(
        "--gap", type=float, default=2.0, help="mean seconds between a station's pushes"
    )
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    only = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    out: dict = {"machine": "2 shared cores; server = one uvicorn process"}
    stop_pg = None
    try:
        pg_url = None
        if not args.no_postgres and only & {"throughput", "stations"}:
            import dev

            pg_url, stop_pg = dev.start_postgres(durable=True)
        if "week" in only:
            out["week_offline"] = bench_week(args, work)
        if "throughput" in only:
            out["throughput"] = [bench_throughput(args, work, None, "sqlite")]
            if pg_url:
                out["throughput"].append(
                    bench_throughput(args, work, _fresh_db(pg_url, "tp"), "postgres")
                )
        if "stations" in only:
            out["stations"] = [bench_stations(args, work, None, "sqlite")]
            if pg_url:
                out["stations"].append(
                    bench_stations(args, work, _fresh_db(pg_url, "st"), "postgres")
                )
    finally:
        if stop_pg:
            stop_pg()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def _fresh_db(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE bench_{name}")
    return url.rsplit("/", 1)[0] + f"/bench_{name}"


if __name__ == "__main__":
    sys.exit(main())

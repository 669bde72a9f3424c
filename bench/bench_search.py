"""Search over 200,000 made-up dossiers: p50/p95 latency (goal p95 ≤ 50 ms).

    .venv/bin/python bench/bench_search.py [--n 200000] [--queries 400]

The dossiers are written straight into the tables in large transactions (the
intake path is measured by bench_intake.py); the database is kept in the temp
folder between runs.
"""

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._office import FAMILY, GIVEN, MIDDLE, new_office, percentile, person


def build(n: int) -> Path:
    from desk import clock
    from desk.dossiers.search import index_text
    from desk.ids import uuid7
    from desk.store import open_store

    cache = Path(tempfile.gettempdir()) / f"desk-bench-search-{n}"
    if (cache / "desk.sqlite").exists():
        return cache
    data = new_office()
    rng = random.Random(2026)
    station = "bench"
    with open_store(data) as store:
        for start in range(0, n, 20_000):
            with store.write() as db:
                for i in range(start, min(n, start + 20_000)):
                    p = person(rng)
                    day = 1 + i * 700 // n
                    received = f"2025-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}T09:00:00+07:00"
                    code = f"000.00.99.H99-25{1 + (day // 28) % 12:02d}{1 + day % 28:02d}-{i % 10000:04d}{i // 10000:02d}"
                    applicant = uuid7()
                    now = clock.iso(store.now())
                    db.execute(
                        "INSERT INTO applicants (id, id_number, name, phone, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                        [applicant, p["id_number"], p["name"], p["phone"], now, now],
                    )
                    cur = db.execute(
                        "INSERT INTO dossiers (id, code, unit_code, station_id, procedure_code, catalog_version,"
                        " applicant_id, channel, delivery, status, received_at, due_at, book_year, book_number, data,"
                        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [
                            uuid7(),
                            code,
                            "000.00.99.H99",
                            station,
                            "1.001193",
                            "bench",
                            applicant,
                            "direct",
                            "counter",
                            "returned",
                            received,
                            received,
                            2025,
                            i + 1,
                            json.dumps(
                                {"applicant": p, "procedure_name": "Đăng ký khai sinh"},
                                ensure_ascii=False,
                            ),
                            now,
                            now,
                        ],
                    )
                    db.execute(
                        "INSERT INTO dossier_search (rowid, body) VALUES (?, ?)",
                        [
                            cur.lastrowid,
                            index_text(
                                code, p["name"], p["id_number"], p["phone"], "Đăng ký khai sinh"
                            ),
                        ],
                    )
        store.conn.execute("INSERT INTO dossier_search (dossier_search) VALUES ('optimize')")
    data.rename(cache)
    return cache


def queries(
    rng: random.Random, count: int, codes: list[str], phones: list[str]
) -> list[tuple[str, str]]:
    out = []
    for _ in range(count):
        kind = rng.choice(
            [
                "full name",
                "family+given folded",
                "given",
                "code",
                "code tail",
                "phone prefix",
                "id prefix",
            ]
        )
        if kind == "full name":
            q = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        elif kind == "family+given folded":
            from desk.text import fold

            q = fold(f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}")
        elif kind == "given":
            q = rng.choice(GIVEN)
        elif kind == "code":
            q = rng.choice(codes)
        elif kind == "code tail":
            q = rng.choice(codes).split("-", 1)[1]
        elif kind == "phone prefix":
            q = rng.choice(phones)[:7]
        else:
            q = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}"
        out.append((kind, q))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    from desk import dossiers
    from desk.store import open_store

    t0 = time.perf_counter()
    data = build(args.n)
    build_s = time.perf_counter() - t0
    with open_store(data) as store:
        total = store.scalar("SELECT COUNT(*) FROM dossiers")
        sample = store.query("SELECT code, data FROM dossiers ORDER BY random() LIMIT 500")
        codes = [r["code"] for r in sample]
        phones = [json.loads(r["data"])["applicant"]["phone"] for r in sample]
        rng = random.Random(7)
        qs = queries(rng, args.queries, codes, phones)
        for _, q in qs[:20]:
            dossiers.search(store, q)  # warm the page cache
        times: dict[str, list[float]] = {}
        hits = 0
        for kind, q in qs:
            s = time.perf_counter()
            found = dossiers.search(store, q, limit=50)
            times.setdefault(kind, []).append((time.perf_counter() - s) * 1000)
            hits += bool(found)
    every = [t for ts in times.values() for t in ts]
    print(
        json.dumps(
            {
                "benchmark": "dossier search",
                "dossiers": total,
                "build_s": round(build_s, 1),
                "queries": len(every),
                "queries_with_results": hits,
                "p50_ms": round(percentile(every, 50), 2),
                "p95_ms": round(percentile(every, 95), 2),
                "max_ms": round(max(every), 2),
                "goal_p95_ms": 50,
                "by_kind_p95_ms": {
                    k: round(percentile(v, 95), 2) for k, v in sorted(times.items())
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()

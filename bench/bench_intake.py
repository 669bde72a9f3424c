"""Bulk intake throughput with synchronous=FULL: each dossier its own durable transaction.

.venv/bin/python bench/bench_intake.py [--n 2000]
"""

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._office import new_office, person


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    from desk.dossiers import receive
    from desk.store import open_store

    rng = random.Random(1)
    requests = [
        {
            "procedure": rng.choice(["1.001193", "2.000815", "2.000884", "1.004873"]),
            "applicant": person(rng),
        }
        for _ in range(args.n)
    ]
    data = new_office()
    with open_store(data) as store:
        sync = store.conn.execute("PRAGMA synchronous").fetchone()[0]
        receive(store, requests[0], actor="bench")  # warm caches (catalog, calendar)
        t0 = time.perf_counter()
        latencies = []
        for req in requests[1:]:
            s = time.perf_counter()
            receive(store, req, actor="bench")
            latencies.append((time.perf_counter() - s) * 1000)
        elapsed = time.perf_counter() - t0
    latencies.sort()

    jsonl = data / "in.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in requests) + "\n", encoding="utf-8"
    )
    t1 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "main.py", "--data", str(data), "dossier", "import", str(jsonl)],
        capture_output=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=False,
    )
    cli_elapsed = time.perf_counter() - t1
    printed = len(proc.stdout.splitlines())
    print(
        json.dumps(
            {
                "benchmark": "bulk intake",
                "synchronous": {2: "FULL", 1: "NORMAL", 0: "OFF"}.get(sync, sync),
                "dossiers": args.n - 1,
                "dossiers_per_s": round((args.n - 1) / elapsed, 1),
                "latency_ms_p50": round(latencies[len(latencies) // 2], 2),
                "latency_ms_p95": round(latencies[int(len(latencies) * 0.95)], 2),
                "cli_import_dossiers": printed,
                "cli_import_per_s_incl_startup": round(printed / cli_elapsed, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

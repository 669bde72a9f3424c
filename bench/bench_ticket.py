"""Render + encode time of the queue ticket and the receipt slip, per paper width.

The kiosk prints a ticket the moment a citizen touches a service; the goal is at most
50 ms from data to ESC/POS bytes on a 2-core office PC. Prints JSON (median and p95 in
ms, job size in bytes) so CI or a person can compare runs.

    python bench/bench_ticket.py [--rounds 30] [--mode raster|graphics|column]
"""

import argparse
import json
import statistics
import time
from datetime import datetime

from desk.clock import VN_TZ
from printing import thermal
from printing.escpos_decode import decode
from printing.samples import sample_dossier, sample_office, sample_ticket

GOAL_MS = 50.0
OFFICE = sample_office()
TICKET = sample_ticket(
    service_name="Tư pháp – Hộ tịch (khai sinh, kết hôn, chứng thực)", priority=True
)
DOSSIER = sample_dossier(due_at=datetime(2026, 11, 24, 16, 30, tzinfo=VN_TZ))


def measure(job, rounds: int) -> dict:
    job()  # first call loads fonts; the kiosk pays it once at start
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        data = job()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, int(len(times) * 0.95))], 2),
        "bytes": len(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--mode", default="raster", choices=[m.value for m in thermal.ImageMode])
    args = parser.parse_args()
    options = thermal.EscposOptions(mode=args.mode)
    results = {"goal_ms": GOAL_MS, "mode": args.mode, "rounds": args.rounds, "widths": {}}
    for width in thermal.WIDTHS:
        ticket = measure(lambda w=width: thermal.ticket_bytes(TICKET, w, options), args.rounds)
        slip = measure(lambda w=width: thermal.slip_bytes(DOSSIER, OFFICE, w, options), args.rounds)
        job = thermal.ticket_bytes(TICKET, width, options)
        decoded = measure(lambda j=job: decode(j).image.tobytes(), max(5, args.rounds // 3))
        results["widths"][str(width)] = {
            "ticket": {
                **ticket,
                "paper_mm": round(decode(job).image.height * 25.4 / (180 if width == 512 else 203)),
            },
            "slip": slip,
            "decode_ticket": {k: v for k, v in decoded.items() if k != "bytes"},
            "within_goal": ticket["p95_ms"] <= GOAL_MS and slip["p95_ms"] <= GOAL_MS,
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""Cold start to a shown window (offscreen): a new process each time, the demo office.

.venv/bin/python bench/bench_startup.py [--runs 7]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="desk-bench-start-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # An installed desk has its bytecode cached; a shell with PYTHONDONTWRITEBYTECODE (as on
    # the development machine) would time compiling ~190 modules on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "main.py", "--data", str(data), "demo"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "main.py", "--data", str(data), "app", "--exit-after-shown"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        times.append((time.perf_counter() - t0) * 1000)
    print(
        json.dumps(
            {
                "benchmark": "cold start to shown window (offscreen, demo office)",
                "runs": args.runs,
                "median_ms": round(statistics.median(times), 1),
                "min_ms": round(min(times), 1),
                "max_ms": round(max(times), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

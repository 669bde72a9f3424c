"""Scanner bursts through a real X server: how many are taken as scans, and the key gaps the
window actually sees, at each XTEST key delay (and a person's speed for contrast).

Starts Xvfb and the desk window (tests/x11_app.py, built as `desk app` builds it), types the
demo office's dossier codes with xdotool, and reads back the detector's bursts.

.venv/bin/python bench/bench_wedge_x11.py [--scans 20] [--delays 1 2 3 4 8 16]
"""

import argparse
import json
import os
import queue
import select
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-12-04T09:30:00+07:00"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--delays", type=int, nargs="+", default=[1, 2, 3, 4, 8, 16, 100])
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="desk-bench-wedge-")) / "data"
    subprocess.run(
        [sys.executable, "main.py", "--data", str(data), "demo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-ardelay", "60000"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    select.select([read], [], [], 30)
    display = ":" + os.read(read, 64).decode().strip()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(
        [sys.executable, "tests/x11_app.py", "--data", str(data), "--at", AT],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    events: queue.Queue = queue.Queue()
    threading.Thread(
        target=lambda: [events.put(json.loads(line)) for line in app.stdout], daemon=True
    ).start()

    def expect(kind: str) -> dict:
        while True:
            event = events.get(timeout=60)
            if event["event"] == kind:
                return event

    expect("ready")
    app.stdin.write(b'{"cmd": "focus", "target": "table"}\n')
    app.stdin.flush()
    expect("state")
    codes = [f"000.00.99.H99-261204-{n:04d}" for n in range(1, 4)]
    results = []
    for delay in args.delays:
        scans = args.scans if delay < 50 else max(2, args.scans // 10)
        taken, means, worst = 0, [], []
        for i in range(scans):
            code = codes[i % len(codes)]
            subprocess.run(
                ["xdotool", "type", "--delay", str(delay), code + "\r"], env=env, check=True
            )
            burst = expect("burst")
            taken += burst["is_scan"]
            means.append(burst["mean_gap_ms"])
            worst.append(burst["max_gap_ms"])
        results.append(
            {
                "xdotool_delay_ms": delay,
                "bursts": scans,
                "taken_as_scans": taken,
                "mean_gap_ms_median": statistics.median(means),
                "max_gap_ms_worst": max(worst),
            }
        )
    app.stdin.write(b'{"cmd": "quit"}\n')
    app.stdin.flush()
    app.wait(30)
    xvfb.terminate()
    xvfb.wait(10)
    print(json.dumps({"bench": "wedge_x11", "results": results}, indent=2))


if __name__ == "__main__":
    main()

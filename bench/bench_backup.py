"""Backup of a busy office's database, idle and while an import keeps writing.

.venv/bin/python bench/bench_backup.py [--mb 218] [--runs 3]

The probe's database was 218 MB: an idle backup took 1.4 s and one taken during an import
never finished (the online backup API starts over whenever another process writes). This
prints how long `desk backup` takes on a database of that size, idle and under load, and how
many dossiers the import committed while the backup ran.
"""

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _desk(data: Path, *argv) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "--data", str(data), *map(str, argv)]


def _count(data: Path) -> int:
    with sqlite3.connect(data / "desk.sqlite") as conn:
        return conn.execute("SELECT COUNT(*) FROM dossiers").fetchone()[0]


def _backup(data: Path, dest: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(_desk(data, "backup", dest), check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=218)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-backup-"))
    data = tmp / "data"
    subprocess.run(_desk(data, "init"), check=True, capture_output=True)
    with sqlite3.connect(data / "desk.sqlite") as conn:  # the bulk of a year of dossiers
        conn.execute("CREATE TABLE bench_filler (b BLOB)")
        conn.executemany("INSERT INTO bench_filler VALUES (randomblob(1048576))", [()] * args.mb)
    jsonl = tmp / "in.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(f'{{"procedure": "1.001193", "applicant": {{"name": "Người Thử {i}"}}}}\n')
    idle = [_backup(data, tmp / "idle") for _ in range(args.runs)]
    loaded, committed = [], []
    for _ in range(args.runs):
        importer = subprocess.Popen(
            _desk(data, "dossier", "import", jsonl),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        importer.stdout.readline()  # writing has begun
        before = _count(data)
        loaded.append(_backup(data, tmp / "load"))
        committed.append(_count(data) - before)
        importer.kill()
        importer.wait()
    size = (data / "desk.sqlite").stat().st_size
    print(
        json.dumps(
            {
                "benchmark": "desk backup, idle and during an import",
                "database_mb": round(size / 1_048_576),
                "idle_s_median": round(statistics.median(idle), 2),
                "under_import_s_median": round(statistics.median(loaded), 2),
                "under_import_s_max": round(max(loaded), 2),
                "dossiers_committed_during_backup": committed,
                "machine": f"{os.cpu_count()} cores",
            },
            indent=2,
        )
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""kill -9 in the middle of a bulk import, 20 times: every printed code is in the database.

A citizen holds a receipt as soon as a code is shown, so a code that reached
stdout must have been committed; the database must stay intact and no code may
appear twice, whatever moment the process dies.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time

import pytest
from helpers import REPO, child_env, desk_process

ROUNDS = 20
LINES = 3000

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


def _jsonl(path, rng):
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(LINES):
            fh.write(
                json.dumps(
                    {
                        "procedure": rng.choice(["1.001193", "2.000815", "2.000884"]),
                        "applicant": {"name": f"Người Thử {i}", "phone": f"09{i:08d}"},
                        "papers": [{"name": "Giấy tờ", "kind": "original", "count": 1, "pages": 2}],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def _run_and_kill(data_dir, jsonl, delay: float) -> list[str]:
    proc = subprocess.Popen(
        desk_process("--data", data_dir, "dossier", "import", jsonl),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=child_env(),
    )
    printed: list[str] = []
    first = threading.Event()

    def read():
        for raw in proc.stdout:
            line = raw.decode("utf-8")
            if line.endswith("\n"):  # a half-written line was not "printed"
                printed.append(line.split("\t")[0])
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    first.wait(timeout=60)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    return printed


@pytest.mark.slow
def test_sigkill_during_import_loses_no_printed_code(data_dir, tmp_path):
    rng = random.Random(20261123)
    jsonl = tmp_path / "dossiers.jsonl"
    _jsonl(jsonl, rng)
    all_printed: list[str] = []
    for _ in range(ROUNDS):
        printed = _run_and_kill(data_dir, jsonl, delay=rng.uniform(0.0, 0.8))
        assert printed, "the import printed nothing before the kill"
        all_printed += printed
        conn = sqlite3.connect(data_dir / "desk.sqlite")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in conn.execute("SELECT code FROM dossiers")}
            missing = [code for code in all_printed if code not in stored]
            assert not missing, f"printed but not stored: {missing[:5]}"
            total, distinct = conn.execute(
                "SELECT COUNT(code), COUNT(DISTINCT code) FROM dossiers"
            ).fetchone()
            assert total == distinct
            # Each dossier kept its papers, history, search entry and outbox operation.
            orphans = conn.execute(
                "SELECT COUNT(*) FROM dossiers d WHERE d.id NOT IN"
                " (SELECT entity_id FROM outbox WHERE kind = 'dossier.received')"
                " OR d.id NOT IN (SELECT dossier_id FROM dossier_events)"
                " OR d.rowid NOT IN (SELECT rowid FROM dossier_search)"
            ).fetchone()[0]
            assert orphans == 0
        finally:
            conn.close()
    assert len(all_printed) == len(set(all_printed))

"""kill -9 in the middle of a bulk import, 20 times: every printed code is in the database,
and running the same file again resumes it exactly.

A citizen holds a receipt as soon as a code is shown, so a code that reached stdout must
have been committed; the database must stay intact and no code may appear twice, whatever
moment the process dies. Each round re-imports the same file: a line already taken is named
with the code it got, never taken twice, and a last run to the end leaves exactly one
dossier per line.
"""

import json
import os
import random
import sqlite3
import subprocess
import threading
import time

import pytest
from helpers import REPO, child_env, desk_process, kill_desk

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


def _run_and_kill(data_dir, jsonl, delay: float) -> list[tuple[int, str]]:
    proc = subprocess.Popen(
        desk_process("--data", data_dir, "dossier", "import", jsonl),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=child_env(),
        start_new_session=True,
    )
    printed: list[tuple[int, str]] = []
    first = threading.Event()

    def read():
        for raw in proc.stdout:
            line = raw.decode("utf-8")
            if line.endswith("\n"):  # a half-written line was not "printed"
                number, code = line.split("\t")[:2]
                printed.append((int(number), code))
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    first.wait(timeout=60)
    time.sleep(delay)
    kill_desk(proc)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    return printed


def _check(data_dir, code_of_line: dict[int, str]) -> int:
    conn = sqlite3.connect(data_dir / "desk.sqlite")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT code FROM dossiers")}
        missing = [code for code in code_of_line.values() if code not in stored]
        assert not missing, f"printed but not stored: {missing[:5]}"
        total, distinct = conn.execute(
            "SELECT COUNT(code), COUNT(DISTINCT code) FROM dossiers"
        ).fetchone()
        assert total == distinct
        # No line was taken twice: one key per dossier, one dossier per key.
        keys = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT dossier_id) FROM dossier_import_keys"
        ).fetchone()
        assert keys == (total, total)
        by_line = dict(
            conn.execute(
                "SELECT k.line, d.code FROM dossier_import_keys k JOIN dossiers d ON d.id = k.dossier_id"
            )
        )
        assert all(by_line[n] == code for n, code in code_of_line.items())
        # Each dossier kept its papers, history, search entry and outbox operation.
        orphans = conn.execute(
            "SELECT COUNT(*) FROM dossiers d WHERE d.id NOT IN"
            " (SELECT entity_id FROM outbox WHERE kind = 'dossier.received')"
            " OR d.id NOT IN (SELECT dossier_id FROM dossier_events)"
            " OR d.rowid NOT IN (SELECT rowid FROM dossier_search)"
        ).fetchone()[0]
        assert orphans == 0
        return total
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_during_import_loses_no_printed_code_and_a_rerun_resumes(data_dir, tmp_path):
    rng = random.Random(20261123)
    jsonl = tmp_path / "dossiers.jsonl"
    _jsonl(jsonl, rng)
    code_of_line: dict[int, str] = {}
    for _ in range(ROUNDS):
        printed = _run_and_kill(data_dir, jsonl, delay=rng.uniform(0.0, 0.8))
        assert printed, "the import printed nothing before the kill"
        for number, code in printed:
            # the same line always names the same dossier, in whichever round it is printed
            assert code_of_line.setdefault(number, code) == code
        _check(data_dir, code_of_line)
    # Run to the end: every line exactly once.
    done = subprocess.run(
        desk_process("--data", data_dir, "dossier", "import", jsonl),
        capture_output=True,
        cwd=REPO,
        env=child_env(),
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-500:]
    final = [line.split("\t") for line in done.stdout.decode().splitlines()]
    assert [int(f[0]) for f in final] == list(range(1, LINES + 1))
    for f in final:
        assert code_of_line.setdefault(int(f[0]), f[1]) == f[1]
    assert _check(data_dir, code_of_line) == LINES
    assert len(set(code_of_line.values())) == LINES

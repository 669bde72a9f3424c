"""What the sync tests share: made-up dossiers and scans, the server in-process and as a
real uvicorn process on 127.0.0.1, and enrolling a desk store with either.

A helper, not a test file: test files never import each other.
"""

import hashlib
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import httpx
from helpers import OFFICE_TIME, REPO, child_env, free_port, require_tool

UNIT = "000.00.99.H99"  # the test office's unit (conftest's office template)
PROCEDURE = "1.001193"


def intake_request(n: int = 0, **over) -> dict:
    data = {
        "procedure": PROCEDURE,
        "applicant": {
            "id_number": f"0383010{n:05d}",
            "name": f"Trần Thị Thử {n}",
            "address": "Thôn Mẫu, xã Thử Nghiệm",
            "phone": "0912000000",
        },
    }
    data.update(over)
    return data


def fake_pdf(seed: int, size: int = 3000) -> bytes:
    rng = random.Random(seed)
    return b"%PDF-1.4\n" + rng.randbytes(size) + b"\n%%EOF\n"


def scan(store, code: str, seed: int, *, ordinal: int = 1, size: int = 3000):
    from desk.dossiers import scans

    return scans.attach(
        store,
        code,
        ordinal,
        pdf=fake_pdf(seed, size),
        pages=[(hashlib.sha256(b"page%d" % seed).digest() * 10, "image/jpeg")],
        actor="canbo",
        name="Giấy tờ số hóa",
    )


def faketime_env(at: str = OFFICE_TIME) -> dict:
    """The environment of a child whose wall clock starts at office time `at` and ticks.

    libfaketime preloaded directly, not through the `faketime` wrapper: the wrapper leaves a
    semaphore in /dev/shm when it is killed (a later one with the same pid then refuses to
    start), and a signal sent to it would not reach the program under it.
    """
    from datetime import UTC

    from desk import clock

    require_tool("faketime")
    libs = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1")) + sorted(
        Path("/usr/lib/faketime").glob("libfaketime.so.1")
    )
    if not libs:
        raise RuntimeError("libfaketime.so.1 not found (Debian: faketime)")
    moment = clock.parse(at).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return child_env(LD_PRELOAD=str(libs[0]), FAKETIME=f"@{moment}")


def forget_faketime(pid: int) -> None:
    """libfaketime leaves its shared-memory pair in /dev/shm; remove the one of our child."""
    for name in (f"faketime_shm_{pid}", f"sem.faketime_sem_{pid}"):
        Path("/dev/shm", name).unlink(missing_ok=True)


def desk_argv(*argv) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), *map(str, argv)]


class ServerProcess:
    """`desk server` as a real process (uvicorn) on a free port, its clock under faketime."""

    def __init__(
        self,
        data_dir: Path,
        *,
        db_url: str | None = None,
        at: str | None = OFFICE_TIME,
        tls=None,
        port: int | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()  # a port again: the same server back after a stop
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        argv = desk_argv("--data", self.data_dir, *self._command())
        if db_url:
            argv += ["--db", db_url]
        if tls:
            argv += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
        self.log = open(self.data_dir.parent / f"server-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            argv,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=faketime_env(at) if at else None,  # None: the real clock, as deployed
            cwd=REPO,
        )
        self._wait(tls)

    def _command(self) -> list:
        return ["server", "--port", self.port]

    def _wait(self, tls) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.read_log()}")
            try:
                httpx.get(f"{self.url}/healthz", timeout=1, verify=not tls)
                if (self.data_dir / "admin-token").exists():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.read_log()}")

    def read_log(self) -> str:
        self.log.flush()
        return (self.data_dir.parent / f"server-{self.port}.log").read_text(errors="replace")

    @property
    def admin_token(self) -> str:
        return (self.data_dir / "admin-token").read_text().strip()

    def admin(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        return httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def add_station(self, unit: str = UNIT, **body) -> str:
        r = self.admin("POST", "/admin/stations", json={"unit": unit, **body})
        assert r.status_code == 200, r.text
        return r.json()["enrol_code"]

    def dossiers(self, unit: str = UNIT) -> list[dict]:
        r = self.admin("GET", "/admin/dossiers", params={"unit": unit})
        assert r.status_code == 200, r.text
        return r.json()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        forget_faketime(self.proc.pid)
        self.log.close()


class HubProcess(ServerProcess):
    """`desk hub serve` as a real process on a free port (office mode, one unit), its clock
    under faketime. `relay_every=0`: no background relay, the test runs `desk hub sync`."""

    def __init__(self, data_dir: Path, *, unit: str = UNIT, relay_every: float = 0, **kw):
        self.unit = unit
        self.relay_every = relay_every
        super().__init__(data_dir, **kw)

    def _command(self) -> list:
        return [
            "hub",
            "serve",
            "--unit",
            self.unit,
            "--host",
            "127.0.0.1",
            "--port",
            self.port,
            "--relay-every",
            self.relay_every,
        ]


def enrol_in_process(store, server, unit: str = UNIT) -> "object":
    """Enrol `store` with an in-process `Server`; returns its StationSession (an Upstream)."""
    from sync.client import config, enrol
    from sync.server.core import LocalUpstream

    _station, code = server.add_station(unit)
    enrol(store, "http://in-process", code, upstream=server)
    return LocalUpstream(server.session(config.token(store)))


def server_set(dossiers: list[dict]) -> dict:
    return {d["code"]: d for d in dossiers}


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)

"""What several test files share: the office's named days, the CLI in-process and as a
process under faketime, a fake network printer, required tools that CI must have.

A helper here is not a test file: test files never import each other.
"""

import glob
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The test office was set up on Monday 02/11/2026 at 08:00; by default a test runs on
# Wednesday 25/11/2026 at 09:30 (office time, UTC+7).
TEMPLATE_TIME = "2026-11-02T08:00:00+07:00"
OFFICE_TIME = "2026-11-25T09:30:00+07:00"


def in_ci() -> bool:
    """CI must fail where a developer's machine may skip (a missing tool or sample)."""
    return bool(os.environ.get("CI"))


def require_tool(name: str) -> str:
    """The path of a command-line tool the test needs; an error in CI, a skip elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: poppler-utils / faketime)"
        if in_ci():
            pytest.fail(message + ": CI must install it")
        pytest.skip(message)
    return path


def require_module(name: str):
    try:
        return __import__(name)
    except ImportError:
        if in_ci():
            pytest.fail(f"{name} is not installed: CI must install it")
        pytest.skip(f"{name} is not installed")


@dataclass
class Ran:
    code: int
    out: str
    err: str


class CliRun:
    """The `desk` command in-process, on the test's office clock."""

    def __init__(self, capsys, clock):
        self.capsys = capsys
        self.clock = clock

    def __call__(self, *argv, data=None) -> Ran:
        from cli.main import main

        args = ["--data", str(data), *map(str, argv)] if data is not None else list(map(str, argv))
        self.capsys.readouterr()
        code = main(args, clock=self.clock)
        captured = self.capsys.readouterr()
        return Ran(code, captured.out, captured.err)


def _libfaketime() -> str | None:
    for pattern in (
        "/usr/lib/*/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ):
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def faketime_prefix(at) -> list[str]:
    """Run a child process with its wall clock starting at office time `at` and ticking.

    libfaketime is told the time in UTC (TZ=UTC in the child's environment). Its monotonic
    clock is faked too: with FAKETIME_DONT_FAKE_MONOTONIC=1, time.sleep fails with EINVAL.
    The library is preloaded through `env`, which execs: the process started is the desk
    itself, so kill -9 reaches it. (The `faketime` wrapper forks and waits instead; killed,
    it leaves the desk running and its semaphore behind, and a later wrapper that gets the
    same pid fails with "sem_open: File exists".)
    """
    from desk import clock

    moment = clock.parse(at) if isinstance(at, str) else clock.to_vn(at)
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    wrapper = require_tool("faketime")
    lib = _libfaketime()
    if lib and shutil.which("env"):
        return [shutil.which("env") or "env", f"LD_PRELOAD={lib}", f"FAKETIME=@{utc}"]
    return [wrapper, "-f", f"@{utc}"]


def desk_process(*argv, at=OFFICE_TIME) -> list[str]:
    """The argv of `desk …` as a separate process whose clock reads office time `at`."""
    return [*faketime_prefix(at), sys.executable, str(REPO / "main.py"), *map(str, argv)]


def kill_desk(proc: subprocess.Popen) -> None:
    """kill -9 a `desk` process started from `desk_process` (with start_new_session=True,
    the whole group: nothing it started survives it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (PermissionError, ProcessLookupError):
        proc.kill()


def child_env(**extra) -> dict:
    env = {**os.environ, "TZ": "UTC", **extra}
    env.pop("FAKETIME_DONT_FAKE_MONOTONIC", None)
    return env


def run_desk(*argv, at=OFFICE_TIME, input: bytes | None = None, timeout: float = 120):
    """Run `desk …` as a process under faketime at `at`; returns the CompletedProcess (text)."""
    return subprocess.run(
        desk_process(*argv, at=at),
        input=input,
        capture_output=True,
        timeout=timeout,
        env=child_env(),
        cwd=REPO,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# DLE EOT replies of a printer that is online, closed, with paper.
READY = {1: 0x12, 2: 0x12, 4: 0x12}


def trailing_query(job: bytearray) -> int | None:
    """n when what a printer received so far ends with DLE EOT n: the question a driver asks
    after a job (our jobs end with a cut command, never with these three bytes)."""
    if len(job) >= 3 and job[-3:-1] == b"\x10\x04" and job[-1] in (1, 2, 3, 4):
        return job[-1]
    return None


class FakePrinter:
    """Port 9100 of a thermal printer: answers DLE EOT n from `replies` (None: silent),
    before a job and after it, records each connection's job; can hang up after
    `drop_after` bytes of the first `drops` jobs, abortively (a reset, as at power loss) or
    not, hold the line open, or `stall`: take the connection and never read (a jammed
    printer), with a small receive buffer as a printer's own TCP has. `after`: the replies
    to the questions asked after a job (default: the same as before it)."""

    def __init__(
        self,
        replies=READY,
        *,
        after=None,
        drop_after=None,
        drops=1,
        abortive=True,
        hold=False,
        stall=False,
    ):
        self.replies, self.drop_after, self.drops = replies, drop_after, drops
        self.after = replies if after is None else after
        self.abortive, self.hold, self.stall = abortive, hold, stall
        self.jobs: list[bytes] = []
        self.queries: list[int] = []
        self.server = socket.socket()
        if stall:
            self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.uri = f"tcp://127.0.0.1:{self.port}"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stop.is_set():
            if select.select([self.server], [], [], 0.02)[0]:
                conn, _ = self.server.accept()
                with conn:
                    self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        if self.stall:
            self.stop.wait()
            return
        pending, job, in_job = b"", bytearray(), False
        while True:
            size = 65536
            if not in_job:
                size = 3  # a status query at a time, so the job is never swallowed with it
            elif self.drop_after is not None and self.drops:
                size = max(1, self.drop_after - len(job))
            data = conn.recv(size)
            if not data:
                break
            pending += data
            if not in_job:
                while len(pending) >= 3 and pending[:2] == b"\x10\x04":
                    self.queries.append(pending[2])
                    if self.replies is not None:
                        conn.sendall(bytes([self.replies.get(pending[2], 0x12)]))
                    pending = pending[3:]
                in_job = bool(pending) and not b"\x10\x04".startswith(pending[:2])
            if in_job:
                job += pending
                pending = b""
                while (n := trailing_query(job)) is not None and not select.select(
                    [conn], [], [], 0.02
                )[0]:
                    del job[-3:]
                    self.queries.append(n)
                    if self.after is not None:
                        conn.sendall(bytes([self.after.get(n, 0x12)]))
            if self.drop_after is not None and self.drops and len(job) >= self.drop_after:
                self.drops -= 1
                if self.abortive:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.jobs.append(bytes(job))
                return
        self.jobs.append(bytes(job))
        if self.hold:
            self.stop.wait()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.server.close()


def office_time():
    """A fresh office clock standing at OFFICE_TIME (for the CLI run in-process)."""
    from desk.clock import FixedClock

    return FixedClock(OFFICE_TIME)


class KeyClock:
    """Milliseconds for the barcode-scanner filter, moved by the test, never by real time."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


class Keys:
    """The officer's keyboard and a USB barcode scanner on one fake key clock.

    Keys go where the focus is, as on a real desk. The officer types 120 ms apart and every
    officer key is counted (`count`); the scanner types 3 ms apart and ends with Enter, and
    its keys are not counted (nobody pressed them).
    """

    HUMAN_MS = 120
    SCANNER_MS = 3

    def __init__(self, wedge, clock: KeyClock):
        self.wedge = wedge
        self.clock = clock
        self.count = 0

    def _target(self, widget):
        from PySide6.QtWidgets import QApplication

        target = widget or QApplication.focusWidget()
        assert target is not None, "nothing has the keyboard focus"
        return target

    def settle(self) -> None:
        """Time passes: keys the filter held while they could have been a scan go through."""
        self.clock.now += 1_000
        self.wedge.poll()

    def _char(self, widget, ch: str) -> None:
        """One character as a keyboard (or a scanner in Unicode mode) delivers it."""
        from PySide6.QtCore import QCoreApplication, QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtTest import QTest

        target = self._target(widget)
        if ch.isascii():
            QTest.keyClick(target, ch)
            return
        # Not on a US keyboard: the input method or the scanner's Unicode mode commits it.
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QCoreApplication.sendEvent(target, event)

    def type(self, text: str, widget=None) -> None:
        for ch in text:
            self.clock.now += self.HUMAN_MS
            self._char(widget, ch)
            self.count += 1
        self.settle()

    def press(self, key, modifiers=None, widget=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.clock.now += self.HUMAN_MS
        QTest.keyClick(self._target(widget), key, modifiers or Qt.KeyboardModifier.NoModifier)
        self.count += 1
        self.settle()

    def scan(self, payload: str, widget=None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        for ch in payload:
            self.clock.now += self.SCANNER_MS
            self._char(widget, ch)
        self.clock.now += self.SCANNER_MS
        QTest.keyClick(self._target(widget), Qt.Key.Key_Return)
        self.settle()


def type_text(widget, text: str) -> None:
    """Type `text` into `widget` key by key, Vietnamese letters included.

    QTest.keyClicks asserts on anything outside ASCII (qasciikey.cpp); a Vietnamese input
    method (Unikey, Telex) hands the widget composed letters as key events with text,
    which is what this sends.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    assert widget is not None, "nothing has the keyboard focus"
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            code = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_unknown
            QApplication.sendEvent(
                widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch)
            )

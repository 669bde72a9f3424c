"""A scanner's burst through a real X server: Xvfb, the desk window as `desk app` builds it,
keys injected with XTEST (xdotool), and a serial scanner on a pty.

The window runs in a child process (tests/x11_app.py) because this process's Qt is the
offscreen platform; it reports what happened as JSON lines. Key events therefore go the
whole real way: X key codes (evdev + 8), the keymap's Shift for "H", the platform's
timestamps, Qt's xcb input, the application's key filter, the router, the dossier list.
Waits are bounded so a broken build fails instead of hanging; nothing here times the app.
"""

import contextlib
import json
import os
import queue
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import OFFICE_TIME, require_tool

from desk import dossiers, scanner
from desk.clock import FixedClock

REPO = Path(__file__).resolve().parent.parent
WAIT_S = 30.0  # upper bound for anything to show up; a pass never comes near it
CCCD = "001099012345|123456789|NGUYỄN VĂN AN|15031999|Nam|Số 1 phố Huế, Hà Nội|20042021"


def _first_in_line() -> None:
    """Key timing is made by xdotool's sleeps and Xvfb's clock: on a busy machine, let the
    scheduler run them first (as root; elsewhere this is a no-op)."""
    with contextlib.suppress(OSError):
        os.nice(-10)


@pytest.fixture(scope="module")
def display():
    """A fresh Xvfb (no window manager), as on a counter PC with nothing but our window."""
    xvfb = require_tool("Xvfb")
    require_tool("xdotool")
    read, write = os.pipe()
    proc = subprocess.Popen(
        # No server autorepeat: a key xdotool holds down while the machine is busy must not
        # turn into a row of repeats (the detector's handling of those has its own tests).
        [
            xvfb,
            "-displayfd",
            str(write),
            "-screen",
            "0",
            "1280x1024x24",
            "-ardelay",
            "60000",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        preexec_fn=_first_in_line,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], WAIT_S)
        number = os.read(read, 64).decode().strip() if ready else ""
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read)
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def serial_pty():
    """The other end of a serial scanner: the app opens the pty's slave as its COM port."""
    master, slave = os.openpty()
    path = os.ttyname(slave)
    yield master, path
    os.close(master)
    os.close(slave)


@pytest.fixture(scope="module")
def office(office_template, tmp_path_factory, serial_pty):
    from desk.store import open_store

    data = tmp_path_factory.mktemp("x11") / "data"
    shutil.copytree(office_template, data)
    codes = []
    with open_store(data, clock=FixedClock(OFFICE_TIME)) as store:
        for name in ("Nguyễn Văn Đức", "Trần Thị Hương", "Lê Đình Dũng"):
            request = {"procedure": "1.004873", "applicant": {"name": name}}
            codes.append(dossiers.receive(store, request, actor="canbo1").code)
        settings = scanner.with_changes(scanner.load(store), serial_port=serial_pty[1])
        scanner.save(store, settings, actor="test")
    return data, codes


class App:
    """The child process: commands in, events out (a reader thread fills a queue)."""

    def __init__(self, display: str, data: Path):
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("QT_QPA_PLATFORMTHEME", None)
        self.display = display
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "tests" / "x11_app.py"),
                "--data",
                data,
                "--at",
                OFFICE_TIME,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        self.events: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self.expect("ready")

    def _read(self) -> None:
        for line in self.proc.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                self.events.put({"event": "noise", "line": line.decode(errors="replace")})
        self.events.put({"event": "exit"})

    def expect(self, event: str, **match) -> dict:
        """The next event of this kind (and these fields); earlier ones are kept in `seen`."""
        while True:
            try:
                got = self.events.get(timeout=WAIT_S)
            except queue.Empty:
                pytest.fail(f"no {event} {match} from the window; saw {self.seen[-10:]}")
            self.seen.append(got)
            if got["event"] == "exit":
                err = self.proc.stderr.read().decode(errors="replace")
                pytest.fail(f"the window exited while waiting for {event}: {err[-2000:]}")
            if got["event"] == event and all(got.get(k) == v for k, v in match.items()):
                return got

    def send(self, cmd: str, **fields) -> dict:
        self.proc.stdin.write((json.dumps({"cmd": cmd, **fields}) + "\n").encode())
        self.proc.stdin.flush()
        return self.expect("where" if cmd == "where" else "state")

    def wait_state(self, check) -> dict:
        """The window's state once `check` holds: the list fills in the background."""
        deadline = time.monotonic() + WAIT_S
        while True:
            state = self.send("state")
            if check(state):
                return state
            if time.monotonic() > deadline:
                pytest.fail(f"the window never reached the expected state: {state}")
            time.sleep(0.05)

    def fresh(self) -> None:
        """Start a test from the list with nothing typed, and forget earlier events."""
        self.send("reset")
        self.seen.clear()

    def xdotool(self, *args: str) -> None:
        env = {**os.environ, "DISPLAY": self.display}
        subprocess.run(
            ["xdotool", *args], env=env, check=True, timeout=WAIT_S, preexec_fn=_first_in_line
        )

    def type(self, text: str, *, per_key_ms: int) -> None:
        """Keys `per_key_ms` apart, then Enter, in one stream: xdotool's --delay is split
        between a key's press and its release, so presses come about half of it apart
        (measured: --delay 100 gives 51 ms, see bench/bench_wedge_x11.py), and "\r" is
        typed with the Return key, as a scanner's Enter suffix is."""
        self.xdotool("type", "--delay", str(2 * per_key_ms), text + "\r")

    def scan(self, text: str, *, delay_ms: int) -> None:
        """What a USB keyboard-mode scanner does: the payload fast, then Enter."""
        self.type(text, per_key_ms=delay_ms)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.write(b'{"cmd": "quit"}\n')
            self.proc.stdin.flush()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def app(display, office):
    data, _ = office
    window = App(display, data)
    yield window
    window.close()


FOCUS = {
    "table": "QTableView",
    "detail": "QTextBrowser",
    "scan_tab": "QLineEdit",
    "nothing": None,
    "dossier_search": "QLineEdit",
    "catalog_search": "QLineEdit",
}


@pytest.mark.parametrize(
    ("target", "delay_ms"),
    [
        ("table", 3),
        ("detail", 1),
        ("scan_tab", 2),
        ("nothing", 4),
        ("dossier_search", 3),
        ("catalog_search", 2),
    ],
)
def test_a_scanned_receipt_opens_its_dossier_wherever_the_focus_is(app, office, target, delay_ms):
    _, codes = office
    code = codes[1]
    app.fresh()
    state = app.send("focus", target=target)
    assert state["active"] and state["focus"] == FOCUS[target], state
    app.scan(code, delay_ms=delay_ms)
    scan = app.expect("scan", source="wedge")
    assert (scan["kind"], scan["text"]) == ("dossier", code), json.dumps(app.seen)
    app.expect("opened", code=code)
    if target == "scan_tab":  # at the Số hóa tab the receipt opens its papers for digitising
        state = app.wait_state(lambda s: s["scan_code"] == code)
        assert state["tab"] == "Số hóa (F6)"
    else:
        state = app.wait_state(lambda s: s["current"] == code and s["rows"] == 1)
        assert state["tab"] == "Hồ sơ (F3)"
    assert state["message"] == f"Đã quét mã hồ sơ {code}."
    # Nothing of the burst was typed into any field, nor left there.
    assert [e for e in app.seen if e["event"] == "typed"] == []
    assert state["fields"]["catalog_search"] == ""


def test_the_issue_steps_click_a_row_then_scan(app, office):
    """As reported: click a row of the list with the mouse, then the scanner's burst."""
    _, codes = office
    app.fresh()
    app.send("focus", target="nothing")
    where = app.send("where", target="table")
    app.xdotool("mousemove", str(where["x"]), str(where["y"]), "click", "1")
    assert app.send("state")["focus"] == "QTableView"
    app.scan(codes[2], delay_ms=3)
    app.expect("opened", code=codes[2])
    app.wait_state(lambda s: s["current"] == codes[2])


def test_a_code_this_office_does_not_hold_is_answered(app):
    app.fresh()
    app.send("focus", target="table")
    missing = "000.00.99.H99-261130-0999"
    app.scan(missing, delay_ms=2)
    message = app.expect("message")
    assert message["problem"] and message["text"] == (
        f"Đã quét mã {missing} — không tìm thấy hồ sơ này."
    )
    assert app.send("state")["message"] == f"⚠ {message['text']}"


def test_an_unknown_payload_is_shown_not_dropped(app):
    app.fresh()
    app.send("focus", target="detail")
    app.scan("8935049501503", delay_ms=3)  # a product's EAN-13
    scan = app.expect("scan", source="wedge")
    assert scan["kind"] == "text"
    message = app.expect("message")
    assert "8935049501503" in message["text"] and "không phải mã hồ sơ" in message["text"]


@pytest.mark.parametrize(("target", "delay_ms"), [("dossier_search", 80), ("catalog_search", 150)])
def test_a_person_typing_the_same_code_is_typing(app, office, target, delay_ms):
    """Human speed: the characters land in the field, Enter included, and nothing is routed."""
    _, codes = office
    app.fresh()
    app.send("focus", target=target)
    typed = codes[0][-11:]  # "261125-0001": long enough to be a scan if it were fast
    app.type(typed, per_key_ms=delay_ms)
    app.expect("typed", field=target, text=typed)
    burst = app.expect("burst")
    assert burst["text"] == typed and burst["mean_gap_ms"] >= 60  # the premise: human speed
    state = app.send("state")
    assert state["fields"][target] == typed
    assert [e for e in app.seen if e["event"] in ("scan", "opened")] == []


def test_typing_in_the_list_stays_typing(app):
    app.fresh()
    app.send("focus", target="table")
    app.type("tran thi huong", per_key_ms=100)
    assert app.expect("burst")["text"] == "tran thi huong"
    state = app.send("state")
    assert state["focus"] == "QTableView"
    assert [e for e in app.seen if e["event"] == "scan"] == []


def test_a_cccd_with_vietnamese_letters_through_the_serial_scanner(app, serial_pty):
    """USB CDC mode passes the QR's UTF-8 bytes untouched; a letter split across two reads
    is joined before decoding."""
    master, _ = serial_pty
    app.fresh()
    app.send("focus", target="catalog_search")
    data = CCCD.encode("utf-8") + b"\r\n"
    cut = data.index("Ễ".encode()) + 1  # inside the three bytes of "Ễ"
    os.write(master, data[:cut])
    os.write(master, data[cut:])
    scan = app.expect("scan", source="serial")
    assert scan["kind"] == "citizen_id" and scan["error"] is None
    card = app.expect("card")
    assert (card["id_number"], card["name"]) == ("001099012345", "NGUYỄN VĂN AN")
    message = app.expect("message")
    assert message["text"] == "Đã quét căn cước: Nguyễn Văn An, số 001099012345."
    state = app.send("state")
    assert state["fields"]["catalog_search"] == ""


def test_keys_reach_the_window_after_a_dialog_closes(app, office):
    """No window manager gives the keyboard back when a dialog closes (a bare X session,
    as on a kiosk); the window takes it back itself, so the next scan still opens."""
    _, codes = office
    app.fresh()
    app.send("focus", target="table")
    app.send("ask", text="Xóa những gì đang nhập?")
    time.sleep(0.5)  # the question is up and has the keyboard
    app.xdotool("key", "Return")
    assert app.expect("answered")["yes"] is True
    app.wait_state(lambda s: s["active"])
    app.scan(codes[2], delay_ms=3)
    app.expect("opened", code=codes[2])


def test_space_ticks_a_checkbox_with_real_keys(app):
    """Space presses a button and its release clicks it: the press the scanner filter held
    for a moment must not come after its own release (the box stuck half-pressed)."""
    app.fresh()
    state = app.send("checkbox")
    assert state["focus"] == "QCheckBox" and not state["checked"], state
    app.xdotool("key", "space")
    state = app.wait_state(lambda s: s["checked"])
    assert not state["checked_down"]

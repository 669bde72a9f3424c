"""The desk window on a real X server, driven by tests/test_scanner_x11.py (not a test file).

Run as a child process with QT_QPA_PLATFORM=xcb and DISPLAY set:
    python tests/x11_app.py --data DIR --at 2026-11-25T09:30:00+07:00

It builds the window exactly as `desk app` does (ui.app.build: the real runner, the wedge
filter on the application, the serial scanner from the station's settings), then speaks
JSON lines: events on stdout (ready, scan, opened, card, message, typed, state), commands
on stdin (focus, state, reset, ask, checkbox, quit). Keys come from outside, through XTEST.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desk.clock import FixedClock
from desk.store import open_store
from desk.wedge_check import BurstLog


def say(**event) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--at", required=True)
    args = parser.parse_args()

    from ui import theme
    from ui.app import build

    app = QApplication(sys.argv[:1])
    theme.apply(app)
    store = open_store(Path(args.data), clock=FixedClock(args.at))
    window, _runner, _bus = build(store)
    fields = {
        "dossier_search": window.dossiers.search,
        "catalog_search": window.catalog.search,
        "scan_code": window.scan.code_edit,
    }
    for name, edit in fields.items():
        edit.textEdited.connect(lambda text, name=name: say(event="typed", field=name, text=text))

    router = window.scan_router
    router.handled.connect(
        lambda record: say(
            event="scan",
            source=record.source,
            kind=record.routed.kind,
            text=record.routed.text,
            error=record.routed.error,
        )
    )
    router.open_dossier.connect(lambda code: say(event="opened", code=code))
    router.citizen_card.connect(
        lambda card: say(event="card", id_number=card.id_number, name=card.name)
    )
    router.message.connect(lambda text: say(event="message", text=text))
    router.problem.connect(lambda text: say(event="message", text=text, problem=True))
    window.scanners.serial_status.connect(lambda text: say(event="serial", text=text))
    # What the detector made of every burst, with its timing: the first thing to read
    # when a test here fails (the scanner check shows the same).
    wedge = window.scanners.wedge
    wedge.attach_log(BurstLog())
    wedge.burst.connect(lambda burst: say(event="burst", **burst.to_json(wedge.config)))

    def state() -> dict:
        focus = QApplication.focusWidget()
        return {
            "tab": window.tabs.tabText(window.tabs.currentIndex()),
            "focus": type(focus).__name__ if focus else None,
            "active": window.isActiveWindow(),
            "current": window.dossiers.current_code(),
            "rows": window.dossiers.model.rowCount(),
            "message": window.message.text(),
            "fields": {name: edit.text() for name, edit in fields.items()},
            "scan_code": window.scan.code,
            "checked": window.returns.checked.isChecked(),
            "checked_down": window.returns.checked.isDown(),
        }

    def focus(target: str) -> None:
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 5000)
        if target == "table":
            window.tabs.setCurrentWidget(window.dossiers)
            window.dossiers.table.setFocus()
        elif target == "detail":
            window.tabs.setCurrentWidget(window.dossiers)
            window.dossiers.detail.setFocus()
        elif target == "dossier_search":
            window.tabs.setCurrentWidget(window.dossiers)
            window.dossiers.search.setFocus()
        elif target == "catalog_search":
            window.tabs.setCurrentWidget(window.catalog)
            window.catalog.search.setFocus()
        elif target == "scan_tab":
            window.tabs.setCurrentWidget(window.scan)
            window.scan.code_edit.setFocus()
        elif target == "nothing":
            window.tabs.setCurrentWidget(window.dossiers)
            widget = QApplication.focusWidget()
            if widget is not None:
                widget.clearFocus()
        app.processEvents()

    def reset() -> None:
        for edit in fields.values():
            edit.clear()
        window.dossiers.filter.setCurrentIndex(0)
        window.dossiers.refresh()
        window.message.clear()
        window.tabs.setCurrentWidget(window.dossiers)

    def command(line: str) -> None:
        cmd = json.loads(line)
        name = cmd["cmd"]
        if name == "quit":
            app.quit()
            return
        if name == "focus":
            focus(cmd["target"])
        elif name == "reset":
            reset()
        elif name == "ask":
            # A question, answered from outside with real keys; the answer is reported.
            def question() -> None:
                from ui.dialogs import ask

                say(event="answered", yes=ask(window, "Hỏi", cmd.get("text", "Đồng ý?")))

            QTimer.singleShot(0, question)
        elif name == "checkbox":
            # The return page's «Đã đối chiếu» box, focused, for a real Space press.
            window.tabs.setCurrentWidget(window.returns)
            window.returns.checked.setChecked(False)
            window.returns.checked.setFocus()
        elif name == "where":
            widget = {"table": window.dossiers.table, "window": window}[cmd["target"]]
            centre = widget.mapToGlobal(widget.rect().center())
            say(event="where", x=centre.x(), y=centre.y())
            return
        say(event="state", **state())

    buffer = bytearray()

    def read_stdin() -> None:
        chunk = os.read(0, 65536)
        if not chunk:
            app.quit()
            return
        buffer.extend(chunk)
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            if line.strip():
                command(line.decode("utf-8"))

    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
    notifier.activated.connect(read_stdin)

    window.show()

    def ready() -> None:
        QTest.qWaitForWindowExposed(window, 5000)
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 5000)
        say(event="ready", wid=int(window.winId()), **state())

    QTimer.singleShot(0, ready)
    code = app.exec()
    window.scanners.close()
    store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())

"""First start and the settings window: how long the officer waits.

    .venv/bin/python bench/bench_settings.py [--rounds 5]

- first_start_ms: the wizard's "Hoàn tất" (office, catalog, calendar, hours, printers and
  the admin's scrypt hash in one transaction), on a fresh data directory each round;
- settings_open_ms: building the settings window with every page read (inline runner);
- change_ms: one checked, audited settings change.
Prints JSON; medians over the rounds (the machine is shared: read them as rough figures).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desk import first_start
    from desk.config import change
    from desk.store import open_store
    from printing.setting_checks import check_printer_setting
    from ui.changes import ChangeBus
    from ui.ops import Runner
    from ui.print_service import PrintService
    from ui.settings import SettingsWindow

    app = QApplication.instance() or QApplication([])
    answers = first_start.FirstStart(
        unit_code="000.00.19.H47",
        office=first_start.office_names("xã", "Hòa Phú", "tỉnh", "Đắk Lắk"),
        admin=first_start.Admin("quantri", "Lê Văn Tâm", "matkhau123"),
        printers={"a4": "", "receipt": "virtual:", "ticket": "virtual:"},
    )
    first, opened, changed = [], [], []
    for i in range(args.rounds):
        with open_store(Path(tempfile.mkdtemp(prefix="desk-bench-settings-"))) as store:
            t = time.perf_counter()
            first_start.apply(store, answers, check_printer=check_printer_setting)
            first.append((time.perf_counter() - t) * 1000)
            runner, bus = Runner(inline=True), ChangeBus()
            printing = PrintService(store, runner, bus)
            t = time.perf_counter()
            window = SettingsWindow(store, runner, bus, None, printing=printing)
            app.processEvents()
            opened.append((time.perf_counter() - t) * 1000)
            window.close()
            window.deleteLater()
            t = time.perf_counter()
            change(store, "office.phone", f"0262 3123 {i:03d}", actor="bench")
            changed.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "rounds": args.rounds,
                "first_start_ms": round(statistics.median(first), 1),
                "settings_open_ms": round(statistics.median(opened), 1),
                "change_ms": round(statistics.median(changed), 2),
            }
        )
    )


if __name__ == "__main__":
    main()

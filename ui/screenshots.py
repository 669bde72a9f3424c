"""`desk app --screenshots DIR`: PNGs of the main screens at 1366×768, drawn by the app itself
on the office's data (the demo office for the README). Nothing is written to the store
except the intake form's own draft, which is discarded again."""

from pathlib import Path

SIZE = (1366, 768)
# A made-up citizen's card, as the scanner would type it.
DEMO_CARD = "038199012345|123456789|PHẠM THỊ HỒNG NHUNG|12051999|Nữ|Thôn Đông, xã Đông Hòa, tỉnh Minh Khang|20042021"


def _grab(widget, path: Path, app) -> Path:
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(path))
    return path


def make_screenshots(store, folder: Path, *, size=SIZE) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from desk.scan.route import route
    from ui.app import build
    from ui.login import LoginDialog

    app = QApplication.instance()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    window, runner, _bus = build(store, inline=True)
    window.resize(*size)
    window.show()

    login = LoginDialog(store, runner, office_name=window.office.name, username="canbo1")
    login.show()
    shots.append(_grab(login, folder / "dang-nhap.png", app))
    login.close()

    card = route(DEMO_CARD, today=window.clock.today()).value
    window.show_page(window.intake)
    window.intake.use_card(card)
    window.intake.picker.search.setText("khai sinh")
    window.intake.picker._pick_current()
    window.intake.checklist.tick_required()
    window.intake.preview()
    shots.append(_grab(window, folder / "tiep-nhan.png", app))
    window.intake._draft_timer.stop()
    window.intake.start_new()

    window.show_page(window.dossiers)
    window.dossiers.refresh()
    shots.append(_grab(window, folder / "ho-so.png", app))

    done = store.scalar(
        "SELECT code FROM dossiers WHERE status = 'done' ORDER BY received_at LIMIT 1"
    )
    window.show_page(window.returns)
    if done:
        window.returns.add(done)
    shots.append(_grab(window, folder / "tra-ket-qua.png", app))
    window.returns.clear()

    from desk.users import list_users
    from ui.settings.screenshots import grab_settings, grab_setup_wizard

    admins = [u for u in list_users(store) if u.role == "admin" and u.active]
    if admins:
        shots.append(
            grab_settings(
                store,
                runner,
                window.bus,
                admins[0],
                folder / "thiet-lap.png",
                printing=window.printing,
            )
        )
    shots.append(grab_setup_wizard(store, runner, folder / "thiet-lap-lan-dau.png"))
    window.close()
    return shots

"""The first start (no office on this PC yet): a short wizard instead of a placeholder office.

Each page asks the core whether its answers are good before going on (Enter goes on,
Esc cancels); nothing is written until "Hoàn tất", and then desk.first_start.apply
writes the office, its hours, printers and first admin in one transaction. Cancelling
creates nothing and the next start asks again.
"""

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desk import first_start
from desk.errors import DeskError
from desk.setup import check_unit_code
from ui import theme
from ui.ops import message_for
from ui.settings.hours_editor import HoursEditor
from ui.settings.page import row
from ui.settings.printer_row import PrinterRow

PRINTER_DEFAULTS = {"a4": "", "receipt": "virtual:", "ticket": "virtual:"}


def _printer(address: str) -> str:
    if not address:
        return "chưa có"
    return "máy in ảo trên màn hình" if address.startswith("virtual:") else address


class _Page(QWizardPage):
    """A page that asks the core in validatePage and shows its message in red."""

    def __init__(self, title: str, subtitle: str, parent=None):
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body = QVBoxLayout()
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
        lay = QVBoxLayout(self)
        lay.addLayout(self.body)
        lay.addStretch(1)
        lay.addWidget(self.error)

    def check(self) -> None:
        """Raise DeskError if an answer on this page is not good."""

    def validatePage(self) -> bool:
        try:
            self.check()
        except DeskError as error:
            self.error.setText(error.message)
            return False
        self.error.clear()
        return True


def _kinds(values) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(value.capitalize(), value)
    return combo


def _pair(kind: QComboBox, name: QLineEdit) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(kind)
    lay.addWidget(name, 1)
    return box


class IdentityPage(_Page):
    def __init__(self, parent=None):
        super().__init__(
            "Đơn vị",
            "Mã định danh và tên của cơ quan, như in trên giấy tiếp nhận và các phiếu.",
            parent,
        )
        self.unit = QLineEdit(placeholderText="ví dụ 000.00.19.H47")
        self.commune_kind = _kinds(first_start.COMMUNE_KINDS)
        self.commune = QLineEdit(placeholderText="ví dụ Hòa Phú")
        self.province_kind = _kinds(first_start.PROVINCE_KINDS)
        self.province = QLineEdit(placeholderText="ví dụ Đắk Lắk")
        self.preview = QLabel(wordWrap=True, objectName="subheader")
        self.body.addWidget(
            row(
                "Mã định danh đơn vị",
                self.unit,
                "Theo Quyết định 20/2020/QĐ-TTg; hỏi Văn phòng UBND tỉnh nếu chưa biết.",
            )
        )
        self.body.addWidget(row("Xã, phường", _pair(self.commune_kind, self.commune)))
        self.body.addWidget(row("Tỉnh, thành phố", _pair(self.province_kind, self.province)))
        self.body.addWidget(self.preview)
        for signal in (
            self.commune.textChanged,
            self.province.textChanged,
            self.commune_kind.currentIndexChanged,
            self.province_kind.currentIndexChanged,
        ):
            signal.connect(self._preview)
        self._preview()

    def names(self) -> dict:
        return first_start.office_names(
            self.commune_kind.currentData(),
            self.commune.text(),
            self.province_kind.currentData(),
            self.province.text(),
        )

    def _preview(self, *_args) -> None:
        try:
            names = self.names()
        except DeskError:
            self.preview.setText("")
            return
        self.preview.setText(f"Trên giấy tờ: {names['name']} · {names['parent_name']}")

    def check(self) -> None:
        self.unit.setText(check_unit_code(self.unit.text()))
        self.names()


class ContactPage(_Page):
    def __init__(self, identity: IdentityPage, parent=None):
        super().__init__(
            "Liên hệ",
            "Địa chỉ, điện thoại và nơi người dân tra cứu hồ sơ (có thể bổ sung sau).",
            parent,
        )
        self.identity = identity
        self.desk_name = QLineEdit("Bộ phận Một cửa")
        self.address = QLineEdit(placeholderText="ví dụ Thôn 1, xã Hòa Phú, tỉnh Đắk Lắk")
        self.phone = QLineEdit(placeholderText="ví dụ 0262 3123 456")
        self.lookup = QLineEdit(placeholderText="https://dichvucong.….gov.vn/tra-cuu?ma=")
        self.body.addWidget(row("Tên bộ phận tiếp nhận", self.desk_name))
        self.body.addWidget(row("Địa chỉ", self.address))
        self.body.addWidget(row("Số điện thoại", self.phone))
        self.body.addWidget(
            row(
                "Địa chỉ tra cứu hồ sơ",
                self.lookup,
                "Mã QR trên giấy tiếp nhận là địa chỉ này nối với mã hồ sơ; để trống nếu chưa có.",
            )
        )

    def fields(self) -> dict:
        return {
            **self.identity.names(),
            "desk_name": self.desk_name.text(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "lookup_base_url": self.lookup.text(),
        }

    def check(self) -> None:
        first_start.check_office(check_unit_code(self.identity.unit.text()), self.fields())


class HoursWizardPage(_Page):
    def __init__(self, parent=None):
        super().__init__(
            "Giờ làm việc",
            "Giờ hẹn trả kết quả được tính theo các buổi làm việc này.",
            parent,
        )
        self.editor = HoursEditor()
        self.body.addWidget(self.editor)

    def check(self) -> None:
        first_start.check_hours(self.editor.value())


class AdminPage(_Page):
    def __init__(self, parent=None):
        super().__init__(
            "Tài khoản quản trị",
            "Người quản trị đăng nhập để thiết lập và thêm tài khoản cho cán bộ.",
            parent,
        )
        self.full_name = QLineEdit(placeholderText="ví dụ Nguyễn Văn An")
        self.username = QLineEdit("quantri")
        self.password = QLineEdit(placeholderText="ít nhất 8 ký tự")
        self.again = QLineEdit()
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.body.addWidget(row("Họ và tên", self.full_name))
        self.body.addWidget(row("Tên đăng nhập", self.username))
        self.body.addWidget(row("Mật khẩu", self.password))
        self.body.addWidget(row("Nhập lại mật khẩu", self.again))

    def admin(self) -> first_start.Admin:
        return first_start.Admin(self.username.text(), self.full_name.text(), self.password.text())

    def check(self) -> None:
        from desk.errors import InvalidInput

        first_start.check_admin(self.admin())
        if self.password.text() != self.again.text():
            raise InvalidInput("Hai lần nhập mật khẩu không khớp.")


class PrintersWizardPage(_Page):
    def __init__(self, runner, parent=None):
        super().__init__(
            "Máy in",
            "Có thể bỏ qua: chọn sau trong Thiết lập → Máy in. Không có máy in A4 thì "
            "giấy tờ được lưu thành tệp PDF.",
            parent,
        )
        self.rows = {
            role: PrinterRow(role, runner, test=False, hint=False) for role in PRINTER_DEFAULTS
        }
        for role, printer_row in self.rows.items():
            printer_row.chooser.set_value(PRINTER_DEFAULTS[role])
            self.body.addWidget(printer_row)
        self.body.addWidget(
            QLabel(
                "Máy in nhiệt: tcp://IP:9100 (máy in mạng), usb:VID:PID, serial:COM3, "
                "win32:Tên máy in, hoặc virtual: (máy in ảo trên màn hình).",
                wordWrap=True,
                objectName="subheader",
            )
        )

    def initializePage(self) -> None:
        for printer_row in self.rows.values():
            printer_row.chooser.refresh()
            printer_row.check()

    def printers(self) -> dict:
        return {role: r.value() for role, r in self.rows.items()}

    def check(self) -> None:
        from printing.setting_checks import check_address

        for role, address in self.printers().items():
            check_address(role, address)


class SummaryPage(_Page):
    def __init__(self, parent=None):
        super().__init__(
            "Xác nhận",
            "Bấm Hoàn tất để tạo văn phòng trên máy này; Quay lại để sửa.",
            parent,
        )
        self.summary = QLabel(wordWrap=True)
        self.body.addWidget(self.summary)

    def initializePage(self) -> None:
        w = self.wizard()
        names = w.identity.names()
        hours = w.hours.editor.value()
        sessions = ", ".join(f"{a}–{b}" for a, b in hours["sessions"])
        printers = w.printers.printers()
        lines = [
            f"<b>{names['name']}</b> · {names['parent_name']}",
            f"Mã đơn vị: {w.identity.unit.text()}",
            f"Địa chỉ: {w.contact.address.text() or '(chưa có)'}",
            f"Điện thoại: {w.contact.phone.text() or '(chưa có)'}",
            f"Tra cứu hồ sơ: {w.contact.lookup.text() or '(chưa có)'}",
            f"Giờ làm việc: {sessions}",
            f"Quản trị: {w.admin.full_name.text()} ({w.admin.username.text()})",
            f"Máy in A4: {printers['a4'].removeprefix('qt:') or 'chưa có — lưu thành tệp PDF'}",
            f"Máy in biên nhận: {_printer(printers['receipt'])}",
            f"Máy in vé: {_printer(printers['ticket'])}",
        ]
        self.summary.setText("<br>".join(lines))
        self.error.clear()


class SetupWizard(QWizard):
    def __init__(self, store, runner, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.office = None  # the Office once created
        self._created = False
        self.setWindowTitle("Thiết lập văn phòng lần đầu")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< &Quay lại"),
            (QWizard.WizardButton.NextButton, "&Tiếp >"),
            (QWizard.WizardButton.FinishButton, "&Hoàn tất"),
            (QWizard.WizardButton.CancelButton, "Hủy"),
        ):
            self.setButtonText(button, text)
        self.identity = IdentityPage()
        self.contact = ContactPage(self.identity)
        self.hours = HoursWizardPage()
        self.admin = AdminPage()
        self.printers = PrintersWizardPage(runner)
        self.summary = SummaryPage()
        for page in (
            self.identity,
            self.contact,
            self.hours,
            self.admin,
            self.printers,
            self.summary,
        ):
            self.addPage(page)
        self._fit()

    def _fit(self) -> None:
        width, height = 760, 600
        screen = self.screen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)

    def answers(self) -> first_start.FirstStart:
        return first_start.FirstStart(
            unit_code=self.identity.unit.text(),
            office=self.contact.fields(),
            hours=self.hours.editor.value(),
            admin=self.admin.admin(),
            printers=self.printers.printers(),
        )

    def accept(self) -> None:
        """Hoàn tất: write everything at once (off the GUI thread), then close."""
        if self._created:
            super().accept()
            return
        finish = self.button(QWizard.WizardButton.FinishButton)
        if not finish.isEnabled():
            return  # already writing
        from printing.setting_checks import check_printer_setting

        store, answers = self.store, self.answers()
        finish.setEnabled(False)
        self.summary.error.setStyleSheet(f"color: {theme.MUTED};")
        self.summary.error.setText("Đang tạo văn phòng…")

        def created(office) -> None:
            self.office = office
            self._created = True
            finish.setEnabled(True)
            self.accept()

        def failed(error) -> None:
            finish.setEnabled(True)
            self.summary.error.setStyleSheet(f"color: {theme.DANGER}; font-weight: bold;")
            self.summary.error.setText(message_for(error, self.runner.log_path))

        self.runner.run(
            lambda: first_start.apply(store, answers, check_printer=check_printer_setting),
            created,
            failed,
        )


def run_first_start(store, runner, parent=None) -> bool:
    """Show the wizard when this PC has no office; True when there is one afterwards."""
    if store.is_initialised:
        return True
    wizard = SetupWizard(store, runner, parent)
    wizard.exec()
    return store.is_initialised

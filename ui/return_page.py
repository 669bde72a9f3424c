"""Trả kết quả: scan each receipt, check who collects, hand over, print the hand-over slip.

Ông Đường brings three crumpled receipts: each scan adds a dossier to the list (only those
with a result waiting can be added); his card scanned against the applicants says whether
he collects for himself or for someone who authorised him; one Ctrl+Enter returns them all
(all or none) and prints one hand-over slip per dossier for him to sign.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk import dossiers
from desk.citizen_id.card import title_name
from desk.dossiers.model import Status
from ui import changes
from ui.ops import message_for

COLUMNS = ("Mã hồ sơ", "Người yêu cầu", "Thủ tục", "Kết quả", "Người nhận")


class ReturnPage(QWidget):
    message = Signal(str)
    error = Signal(str)

    def __init__(self, store, runner, bus, printing, session, parent=None):
        super().__init__(parent)
        self.store, self.runner, self.bus, self.printing = store, runner, bus, printing
        self.session = session
        self.basket: list = []
        self.card = None
        self.code = QLineEdit(placeholderText="Quét mã trên giấy hẹn, hoặc nhập mã hồ sơ rồi Enter")
        add = QPushButton("Thêm hồ sơ")
        add.clicked.connect(self.add_typed)
        self.code.returnPressed.connect(self.add_typed)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 215), (1, 180), (3, 200), (4, 190)):
            self.table.setColumnWidth(col, width)
        remove = QPushButton("Bỏ hồ sơ đã chọn")
        remove.clicked.connect(self.remove_selected)

        who = QGroupBox("Người nhận kết quả — quét căn cước của người đến nhận")
        self.self_button = QRadioButton("Chính người yêu cầu")
        self.proxy_button = QRadioButton("Người được ủy quyền")
        self.family_button = QRadioButton("Người thân (có giấy tờ chứng minh)")
        self.self_button.setChecked(True)
        self.relation = QButtonGroup(self)
        for button, key in (
            (self.self_button, "applicant"),
            (self.proxy_button, "authorised"),
            (self.family_button, "family"),
        ):
            self.relation.addButton(button)
            button.setProperty("relation", key)
            button.toggled.connect(self._refresh_rows)
        self.name = QLineEdit(placeholderText="Họ và tên người nhận")
        self.id_number = QLineEdit(placeholderText="Số định danh", maxLength=12)
        self.note = QLineEdit(placeholderText="Giấy ủy quyền / giấy tờ chứng minh quan hệ")
        self.checked = QCheckBox("Đã đối chiếu giấy tờ tùy thân của người nhận")
        self.checked.toggled.connect(self._refresh_rows)
        self.check = QLabel(wordWrap=True)
        self.id_number.textChanged.connect(self._refresh_rows)
        grid = QGridLayout(who)
        grid.addWidget(self.self_button, 0, 0)
        grid.addWidget(self.proxy_button, 0, 1)
        grid.addWidget(self.family_button, 0, 2)
        grid.addWidget(QLabel("Họ và tên"), 1, 0)
        grid.addWidget(self.name, 1, 1, 1, 2)
        grid.addWidget(QLabel("Số định danh"), 2, 0)
        grid.addWidget(self.id_number, 2, 1)
        grid.addWidget(QLabel("Giấy tờ kèm theo"), 3, 0)
        grid.addWidget(self.note, 3, 1, 1, 2)
        grid.addWidget(self.checked, 4, 0, 1, 3)
        grid.addWidget(self.check, 5, 0, 1, 3)

        self.return_button = QPushButton("Trả kết quả và in biên nhận (Ctrl+Enter)")
        self.return_button.setProperty("primary", True)
        self.return_button.clicked.connect(self.hand_over)
        clear = QPushButton("Làm lại")
        clear.clicked.connect(self.clear)
        top = QHBoxLayout()
        top.addWidget(self.code, 1)
        top.addWidget(add)
        bottom = QHBoxLayout()
        bottom.addWidget(remove)
        bottom.addWidget(clear)
        bottom.addStretch(1)
        bottom.addWidget(self.return_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(who)
        lay.addLayout(bottom)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.hand_over)
        self._refresh_rows()

    # --- the basket ------------------------------------------------------------------------

    def add_typed(self) -> None:
        text = self.code.text().strip()
        if text:
            self.add(text)

    def add(self, code: str) -> None:
        """A receipt scanned or typed: its dossier joins the list if its result is waiting."""
        code = code.strip().upper()
        if any(d.code == code for d in self.basket):
            self.message.emit(f"Hồ sơ {code} đã có trong danh sách trả.")
            return
        store = self.store

        def show(dossier):
            if dossier.status is not Status.DONE:
                self.error.emit(
                    f"Hồ sơ {dossier.code} đang «{dossier.status_label}»: chưa có kết quả để trả."
                )
                return
            self.basket.append(dossier)
            self.code.clear()
            self._refresh_rows()
            self.message.emit(f"Đã thêm hồ sơ {dossier.code} ({dossier.applicant.name}).")

        self.runner.run(
            lambda: dossiers.get(store, code),
            show,
            lambda e: self.error.emit(message_for(e, self.runner.log_path)),
        )

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.basket):
            del self.basket[row]
            self._refresh_rows()

    def use_card(self, card) -> None:
        """The collector's card: name and number filled, identity checked by the QR."""
        self.card = card
        self.name.setText(title_name(card.name))
        self.id_number.setText(card.id_number)
        self.checked.setChecked(True)
        owns = [d for d in self.basket if d.applicant.id_number == card.id_number]
        if owns and len(owns) == len(self.basket):
            self.self_button.setChecked(True)
        elif self.basket:
            self.proxy_button.setChecked(True)
        self._refresh_rows()
        self.message.emit(f"Đã quét căn cước người nhận: {card.display_name}.")

    def _relation(self) -> str:
        button = self.relation.checkedButton()
        return button.property("relation") if button else "applicant"

    def _refresh_rows(self) -> None:
        self.table.setRowCount(len(self.basket))
        collector_id = self.id_number.text().strip()
        problems = []
        for row, d in enumerate(self.basket):
            mine = bool(collector_id) and d.applicant.id_number == collector_id
            if mine:
                who = "Chính chủ ✓"
            elif self._relation() == "applicant" and not collector_id and self.checked.isChecked():
                who = "Chính chủ (đã xem giấy tờ)"
            elif self._relation() == "applicant":
                who = "Chưa khớp số định danh"
                problems.append(d.code)
            else:
                who = "Nhận thay"
            cells = (d.code, d.applicant.name, d.procedure_name, d.result or "Có kết quả", who)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        if not self.checked.isChecked():
            problems.append("")
        if not self.basket:
            self.check.setText("Chưa có hồ sơ nào: quét mã trên giấy hẹn của công dân.")
        elif not self.checked.isChecked():
            self.check.setText(
                "Quét căn cước của người đến nhận, hoặc xem giấy tờ tùy thân rồi đánh dấu "
                "«Đã đối chiếu»."
            )
        elif problems:
            self.check.setText(
                "Số định danh người nhận không khớp người yêu cầu của: "
                + ", ".join(p for p in problems if p)
                + ". Hãy quét căn cước của người yêu cầu, hoặc chọn «Người được ủy quyền»."
            )
        else:
            self.check.setText(f"{len(self.basket)} hồ sơ sẵn sàng trả.")
        self.return_button.setEnabled(bool(self.basket) and not problems)

    # --- handing over ----------------------------------------------------------------------

    def hand_over(self) -> None:
        if not self.basket:
            self.error.emit("Chưa có hồ sơ nào để trả: quét mã trên giấy hẹn.")
            return
        name = self.name.text().strip()
        if not name:
            self.error.emit("Hãy nhập họ tên người nhận kết quả.")
            self.name.setFocus()
            return
        relation = self._relation()
        if relation != "applicant" and not self.note.text().strip():
            self.error.emit(
                "Người nhận thay: hãy ghi giấy ủy quyền hoặc giấy tờ chứng minh quan hệ."
            )
            self.note.setFocus()
            return
        if not self.return_button.isEnabled():
            self.error.emit(self.check.text())
            return
        collector = {
            "name": name,
            "id_number": self.id_number.text().strip(),
            "relation": relation,
            "verified_by": "cccd_qr"
            if self.card and self.card.id_number == self.id_number.text().strip()
            else "papers",
            "note": self.note.text().strip(),
        }
        codes = [d.code for d in self.basket]
        store, actor = self.store, self.session.actor

        def done(returned):
            self.bus.emit(changes.DOSSIERS, changes.OUTBOX)
            for d in returned:
                self.printing.print_form("handover", d.code, actor=actor)
            self.message.emit(f"Đã trả {len(returned)} hồ sơ cho {name}; đang in biên nhận.")
            self.clear()

        self.runner.run(
            lambda: dossiers.return_many(store, codes, actor=actor, to=name, collector=collector),
            done,
            lambda e: self.error.emit(message_for(e, self.runner.log_path)),
        )

    def clear(self) -> None:
        self.basket = []
        self.card = None
        for edit in (self.code, self.name, self.id_number, self.note):
            edit.clear()
        self.checked.setChecked(False)
        self.self_button.setChecked(True)
        self._refresh_rows()
        self.code.setFocus()

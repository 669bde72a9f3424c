"""Quầy và dịch vụ: the counters of the office and which services (ticket fields) each calls."""

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.queue import list_services
from ui.settings.page import Page, row


def _label(counter: dict) -> str:
    return f"Quầy {counter['number']} — {counter['name']}"


class CountersPage(Page):
    title = "Quầy và dịch vụ"
    key = "counters"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.counters: list[dict] = []
        self.services = []
        self.list = QListWidget()
        self.list.setMaximumWidth(300)
        self.add = QPushButton("Thêm quầy")
        self.remove = QPushButton("Bỏ quầy này")
        self.number = QSpinBox(minimum=1, maximum=99)
        self.name = QLineEdit()
        self.service_box = QWidget()
        self.service_grid = QGridLayout(self.service_box)
        self.service_grid.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(row("Số quầy", self.number))
        right.addWidget(row("Tên quầy", self.name, "Ví dụ “Quầy 2 – Chứng thực”."))
        right.addWidget(QLabel("Dịch vụ quầy này gọi số (không chọn: mọi dịch vụ):"))
        right.addWidget(self.service_box)
        right.addStretch(1)
        split = QHBoxLayout()
        split.addLayout(left, 2)
        split.addLayout(right, 3)
        self.form.addLayout(split)
        self.list.currentRowChanged.connect(self._show_counter)
        self.number.valueChanged.connect(self._edited)
        self.name.textEdited.connect(self._edited)
        self.add.clicked.connect(self.add_counter)
        self.remove.clicked.connect(self.remove_counter)
        self.watch(self.number, self.name)
        self.load()

    def read(self):
        store = self.env.store
        return store.setting("counters") or [], list_services(store)

    def show_values(self, data) -> None:
        counters, services = data
        self.counters = [
            {"number": c["number"], "name": c["name"], "services": list(c.get("services", []))}
            for c in counters
        ]
        if [s.code for s in services] != [s.code for s in self.services]:
            self.services = services
            for check in self.checks.values():
                check.setParent(None)
            self.checks = {}
            for i, service in enumerate(services):
                check = QCheckBox(f"{service.prefix} · {service.name}")
                check.toggled.connect(self._edited)
                self.watch(check)
                self.checks[service.code] = check
                self.service_grid.addWidget(check, i // 2, i % 2)
        self._fill_list(0)

    def _fill_list(self, current: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for counter in self.counters:
            self.list.addItem(_label(counter))
        self.list.blockSignals(False)
        if self.counters:
            self.list.setCurrentRow(min(max(0, current), len(self.counters) - 1))
        self._show_counter(self.list.currentRow())

    def _show_counter(self, index: int) -> None:
        counter = self.counters[index] if 0 <= index < len(self.counters) else None
        was_loading, self._loading = self._loading, True
        try:
            self.number.setValue(counter["number"] if counter else 1)
            self.name.setText(counter["name"] if counter else "")
            for code, check in self.checks.items():
                check.setChecked(bool(counter) and code in counter["services"])
        finally:
            self._loading = was_loading
        self.remove.setEnabled(self.editable and len(self.counters) > 1)

    def _edited(self, *_args) -> None:
        index = self.list.currentRow()
        if self._loading or not 0 <= index < len(self.counters):
            return
        counter = self.counters[index]
        counter["number"] = self.number.value()
        counter["name"] = self.name.text()
        counter["services"] = [code for code, c in self.checks.items() if c.isChecked()]
        self.list.item(index).setText(_label(counter))

    def add_counter(self) -> None:
        used = {c["number"] for c in self.counters}
        number = next(n for n in range(1, 100) if n not in used)
        self.counters.append({"number": number, "name": f"Quầy {number}", "services": []})
        self._fill_list(len(self.counters) - 1)
        self._touched()
        self.name.setFocus()

    def remove_counter(self) -> None:
        index = self.list.currentRow()
        if 0 <= index < len(self.counters) and len(self.counters) > 1:
            del self.counters[index]
            self._fill_list(index)
            self._touched()

    def collect(self):
        return {"counters": [dict(c, services=list(c["services"])) for c in self.counters]}

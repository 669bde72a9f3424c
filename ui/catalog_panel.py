"""The catalog of procedures: browse by field, search without tone marks, read what to bring."""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget

from desk.store.snapshots import catalog_version
from ui import changes

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def procedure_html(p) -> str:
    e = escape
    papers = "".join(
        f"<tr><td>{i}</td><td>{e(paper.name)}"
        + (f"<br><span style='color:#5f6b7a'>{e(paper.note)}</span>" if paper.note else "")
        + f"</td><td>{e(paper.kind_label)}</td><td align='right'>{paper.count}</td>"
        + f"<td>{'Không bắt buộc' if paper.optional else ''}{'Xuất trình' if paper.shown_only else ''}</td></tr>"
        for i, paper in enumerate(p.papers, start=1)
    )
    basis = "".join(f"<li>{e(b)}</li>" for b in p.legal_basis)
    notes = "".join(f"<li>{e(n)}</li>" for n in p.notes)
    return (
        f"<h2 style='margin:0'>{e(p.name)}</h2>"
        f"<p style='color:#5f6b7a'>Mã thủ tục {e(p.code)} · Lĩnh vực {e(p.field)}</p>"
        "<table cellpadding='3'>"
        f"<tr><td style='color:#5f6b7a'>Thời hạn</td><td><b>{e(p.time_limit.text())}</b></td></tr>"
        f"<tr><td style='color:#5f6b7a'>Phí, lệ phí</td><td>{e(p.fee.text())}</td></tr>"
        f"<tr><td style='color:#5f6b7a'>Kết quả</td><td>{e(p.result)}</td></tr>"
        f"<tr><td style='color:#5f6b7a'>Cơ quan giải quyết</td><td>{e(p.authority)}</td></tr>"
        "</table>"
        "<h3>Thành phần hồ sơ</h3><table cellspacing='0' cellpadding='4' width='100%'>"
        "<tr style='background:#eef1f5'><th>TT</th><th align='left'>Giấy tờ</th><th>Loại bản</th><th>SL</th><th></th></tr>"
        f"{papers}</table>"
        + (f"<h3>Căn cứ pháp lý</h3><ul>{basis}</ul>" if basis else "")
        + (f"<h3>Ghi chú</h3><ul>{notes}</ul>" if notes else "")
    )


class CatalogPanel(QWidget):
    def __init__(self, store, runner, bus, parent=None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.catalog = None
        self.search = QLineEdit(placeholderText="Tìm thủ tục: khai sinh, chung thuc, 2.000815…")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.detail = QTextBrowser()
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search)
        lay.addWidget(self.tree, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        self.search.textChanged.connect(self._fill)
        self.tree.selectionModel().currentChanged.connect(self._show_current)
        bus.changed.connect(lambda names: changes.CATALOG in names and self.reload())
        self.reload()

    def reload(self) -> None:
        store = self.store
        self.runner.run(lambda: catalog_version(store), self._loaded)

    def _loaded(self, catalog) -> None:
        self.catalog = catalog
        self._fill()

    def _fill(self) -> None:
        if self.catalog is None:
            return
        text = self.search.text().strip()
        self.model.clear()
        if text:
            for p in self.catalog.search(text):
                self.model.appendRow(self._item(p))
        else:
            for field in self.catalog.fields():
                group = QStandardItem(field)
                group.setEditable(False)
                group.setSelectable(False)
                font = group.font()
                font.setBold(True)
                group.setFont(font)
                for p in self.catalog.in_field(field):
                    group.appendRow(self._item(p))
                self.model.appendRow(group)
            self.tree.expandAll()
        first = self._first_procedure()
        if first is not None:
            self.tree.setCurrentIndex(first)

    def _item(self, p) -> QStandardItem:
        item = QStandardItem(f"{p.name}  ·  {p.time_limit.text()}")
        item.setData(p.code, CODE_ROLE)
        item.setEditable(False)
        item.setToolTip(f"{p.code} — {p.name}")
        return item

    def _first_procedure(self):
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(CODE_ROLE):
                return index
            if self.model.rowCount(index):
                return self.model.index(0, 0, index)
        return None

    def _show_current(self, current, _previous) -> None:
        code = current.data(CODE_ROLE)
        if code and self.catalog is not None:
            self.detail.setHtml(procedure_html(self.catalog.get(code)))

"""The virtual printer's paper, on screen: what a thermal printer would have printed."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

PAPER_WIDTH = 300  # on screen, about the size of the real 80 mm paper


class PaperRoll(QWidget):
    def __init__(self, service, parent=None):
        super().__init__(parent)
        self.service = service
        self.title = QLabel("Máy in ảo (giấy in nhiệt)", objectName="subheader")
        self.paper = QLabel(alignment=Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.paper.setStyleSheet("background: white; border: 1px solid #c9d0d8;")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.paper)
        self.scroll.setWidgetResizable(True)
        self.setMinimumWidth(PAPER_WIDTH + 40)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.scroll, 1)
        # The signal comes from the printing thread; Qt queues it to this widget's thread.
        service.roll_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        roll = self.service.virtual.roll()
        if not roll.height:
            self.paper.setText("Chưa in gì.")
            return
        image = QImage(
            roll.tobytes(), roll.width, roll.height, roll.width, QImage.Format.Format_Grayscale8
        ).copy()
        pixmap = QPixmap.fromImage(image)
        self.paper.setPixmap(
            pixmap.scaledToWidth(PAPER_WIDTH, Qt.TransformationMode.SmoothTransformation)
        )
        bar = self.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

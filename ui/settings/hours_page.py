"""Giờ làm việc: the office's sessions and the times same-day dossiers are promised."""

from ui.settings.hours_editor import HoursEditor
from ui.settings.page import Page


class HoursPage(Page):
    title = "Giờ làm việc"
    key = "hours"

    def __init__(self, env, parent=None):
        super().__init__(env, parent)
        self.editor = HoursEditor()
        self.form.addWidget(self.editor)
        self.form.addStretch(1)
        self.watch(*self.editor.widgets())
        self.load()

    def read(self):
        return self.env.store.setting("hours") or {}

    def show_values(self, data) -> None:
        self.editor.set_value(data)

    def collect(self):
        return {"hours": self.editor.value()}

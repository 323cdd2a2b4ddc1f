"""帮助 → 使用说明: the Chinese guide from resources/help/guide.md."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from editor.resources import resources_dir
from editor.ui.view_menu import size_for_screen


def guide_text() -> str:
    path = resources_dir() / "help" / "guide.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return "# 使用说明\n\n未找到说明文件。"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        screen = self.screen() if parent is None else parent.screen()
        self.resize(size_for_screen(720, 640, screen.availableGeometry() if screen is not None else None))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

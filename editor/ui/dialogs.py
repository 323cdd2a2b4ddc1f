"""Small dialogs: 新建, the Word export options, the import log. Every prompt of the window goes
through the functions here, so that tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.io.fonts import FONT_SETS as _SETS
from editor.io.fonts import missing_families, missing_message
from editor.io.formats import ImportResult, LogEntry, log_lines
from editor.report import KINDS, default_report_year
from editor.schema import edition_for_year

# The names of the font sets shown in the Word export options (the sets themselves: editor.io.fonts).
FONT_SETS = {
    "official": ("公文字体（仿宋_GB2312、方正小标宋简体等）", _SETS["official"].families()),
    "windows": ("Windows 自带字体（仿宋、宋体等）", _SETS["windows"].families()),
}


def missing_fonts(font_set: str) -> list[str]:
    """The one missing-font check of editor.io.fonts (English names such as FangSong count), with Qt's list."""
    return missing_families(font_set, QFontDatabase.families())


# ---------------------------------------------------------------------------- plain prompts


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def question(parent: QWidget | None, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


def save_discard_cancel(parent: QWidget | None, text: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(QMessageBox.Icon.Warning, "尚未保存", text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Discard).setText("不保存")
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


def edition_change(parent: QWidget | None, year: int, old_name: str, new_name: str, lost: list[str]) -> str:
    """'convert', 'keep' (change the year only) or 'cancel'."""
    text = (f"{year}年度报告应使用{new_name}，本报告目前是{old_name}。\n\n"
            "转换后，两种格式共有的单元格和正文保留，其余内容不能带入新格式。")
    if lost:
        shown = "\n".join(f"· {x}" for x in lost[:15]) + (f"\n……共{len(lost)}项" if len(lost) > 15 else "")
        text += f"\n\n以下内容不能带入：\n{shown}"
    box = QMessageBox(QMessageBox.Icon.Question, "改变格式版本", text, parent=parent)
    convert = box.addButton("转换格式", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("只改年度", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(convert)
    box.exec()
    clicked = box.clickedButton()
    return "convert" if clicked is convert else "keep" if clicked is keep else "cancel"


# ---------------------------------------------------------------------------- dialogs


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建年报")
        form = QFormLayout(self)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("如：某某区商务局")
        self.year = QSpinBox()
        self.year.setRange(2008, 2100)
        self.year.setValue(default_report_year())
        self.kind = QComboBox()
        self.kind.addItem("部门", KINDS[0])
        self.kind.addItem("人民政府（本级政府年报）", KINDS[1])
        self.edition = QLabel()
        form.addRow("机关名称：", self.agency)
        form.addRow("报告年度：", self.year)
        form.addRow("报告主体：", self.kind)
        form.addRow("格式版本：", self.edition)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.year.valueChanged.connect(self._show_edition)
        self._show_edition()

    def _show_edition(self) -> None:
        self.edition.setText(edition_for_year(self.year.value()).name)


class DocxOptionsDialog(QDialog):
    """Before a Word export: which fonts, and whether blank cells print as 0."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出 Word")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("字体："))
        self.group = QButtonGroup(self)
        self.buttons = {}
        for key, (name, _fonts) in FONT_SETS.items():
            b = QRadioButton(name)
            self.group.addButton(b)
            self.buttons[key] = b
            layout.addWidget(b)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #B26A00")
        layout.addWidget(self.warning)
        self.blank_as_zero = QCheckBox("未填写的单元格印为0")
        self.blank_as_zero.setChecked(True)
        layout.addWidget(self.blank_as_zero)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Preselect the set this PC has; the official one where both or neither are installed.
        preferred = "official" if not missing_fonts("official") or missing_fonts("windows") else "windows"
        self.buttons[preferred].setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self._warn())
        self._warn()

    def font_set(self) -> str:
        return next(k for k, b in self.buttons.items() if b.isChecked())

    def _warn(self) -> None:
        self.warning.setText(missing_message(self.font_set(), QFontDatabase.families()))

    def options(self) -> dict:
        return {"font_set": self.font_set(), "blank_as_zero": self.blank_as_zero.isChecked()}


class ImportLogDialog(QDialog):
    def __init__(self, name: str, log: list[LogEntry], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导入记录")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        marked = sum(e.cell is not None for e in log)
        text = f"从 {name} 导入时有{len(log)}条记录，请逐条核对。"
        if marked:
            text += f"涉及的{marked}个单元格以蓝色标出，修改后标记消失。"
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        body = QPlainTextEdit("\n".join(f"· {line}" for line in log_lines(log)))
        body.setReadOnly(True)
        layout.addWidget(body, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def show_import_log(parent: QWidget | None, name: str, log: list[LogEntry]) -> None:
    ImportLogDialog(name, log, parent).exec()


def load_file(parent: QWidget | None, path: Path, error_title: str) -> ImportResult | None:
    """Read any supported file with a wait cursor; on failure the Chinese message is shown and None returned."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from editor.io.load import load
    from editor.io.native import ReportFileError

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return load(str(path))
    except ReportFileError as exc:
        message = str(exc)
    except Exception as exc:  # the window's edge: a message box, the details in a log, the report kept
        from editor.crash_log import crash_message, write_crash_log

        message = crash_message(write_crash_log(exc, f"打开 {path}"))
    finally:
        QApplication.restoreOverrideCursor()
    error(parent, error_title, message)  # after the cursor is back: the message box is not "busy"
    return None

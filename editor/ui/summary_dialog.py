"""「汇总检查」: check a folder of departments' and towns' reports, list them with their status, show each
one's findings and indicators (with last year's beside them), the roster's 报送情况 (matches that are not
exact are for the user to confirm), open one in the editor, and write the 汇总 workbook (and the 情况通报).

The work runs in ``SummaryWorker`` (a thread waiting on spawned worker processes); this dialog only shows
what ``editor.summary`` found.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.checks import ERROR
from editor.checks.titles import rule_title
from editor.io.oserror import os_reason
from editor.summary import (
    HAS_ERRORS,
    HAS_WARNINGS,
    MISSING,
    OUTSIDE,
    PASSED,
    SET_APART,
    STATUS_FILLS,
    SUBMIT_FILLS,
    SUBMITTED,
    UNREADABLE,
    Summary,
    UnitResult,
)
from editor.summary_indicators import COUNT_BY_ID, RATIOS, Indicators, change, format_change, format_ratio
from editor.ui.summary_worker import SummaryWorker
from editor.ui.view_menu import size_for_screen

OWN_STATUS = "本级报告"
STATUS_COLORS = {**{k: f"#{v}" for k, v in STATUS_FILLS.items()}, OWN_STATUS: "#E4DFEC"}  # as in the 汇总表
COLUMNS = ("单位", "文件", "格式", "状态", "错误", "警告", "说明")
ROSTER_COLUMNS = ("名单中的单位", "报送情况", "报告中的单位名称", "文件", "匹配方式", "确认")
SUBMIT_COLORS = {k: f"#{v}" for k, v in SUBMIT_FILLS.items()}
INDICATOR_COLUMNS = ("指标", "本单位", "上年", "较上年", "全区合计")
AUTO_YEAR = 2007  # the spin box's "自动" value: no report predates the 2008 regulations
UNIT_ROLE = Qt.ItemDataRole.UserRole


# The order of 状态 when sorted: the problems first.
STATUS_RANK = {HAS_ERRORS: 0, UNREADABLE: 1, SET_APART: 2, HAS_WARNINGS: 3, OWN_STATUS: 4, PASSED: 5}


class _StatusItem(QTableWidgetItem):
    def __lt__(self, other: QTableWidgetItem) -> bool:
        return STATUS_RANK.get(self.text(), 9) < STATUS_RANK.get(other.text(), 9)


class FindingsTable(QTableWidget):
    """The selected report's findings: 类别, 规则, 问题; long messages wrap and their rows grow."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels(("类别", "规则", "问题"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setColumnWidth(0, 50)
        self.setColumnWidth(1, 280)
        header = self.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def add(self, kind: str, rule: str, message: str, color: str = "", rule_tip: str = "") -> None:
        row = self.rowCount()
        self.insertRow(row)
        for col, text in enumerate((kind, rule, message)):
            item = QTableWidgetItem(text)
            item.setToolTip(rule_tip if col == 1 and rule_tip else text)
            if col == 0 and color:
                item.setForeground(QBrush(QColor(color)))
            self.setItem(row, col, item)

    def texts(self, col: int = 2) -> list[str]:
        return [self.item(r, col).text() for r in range(self.rowCount())]


def _dialogs():
    from editor.ui import dialogs

    return dialogs


class SummaryDialog(QDialog):
    """Not modal: the user can open a listed report in the editor and come back to the list."""

    def __init__(self, window=None, parent: QWidget | None = None):
        super().__init__(parent if parent is not None else window)
        self.window_ = window  # the MainWindow that opens a report on double-click
        self.summary: Summary | None = None
        self.worker: SummaryWorker | None = None
        self.setWindowTitle("汇总检查")
        screen = (window.screen() if window is not None else None) or QGuiApplication.primaryScreen()
        self.resize(size_for_screen(1100, 720, screen.availableGeometry() if screen is not None else None))

        self.folder = QLineEdit()
        self.folder.setPlaceholderText("各单位年报所在的文件夹（含子文件夹）")
        self.own = QLineEdit()
        self.own.setPlaceholderText("可选：本级政府自身的年报，与下级合计逐格比对")
        self.roster = QLineEdit()
        self.roster.setPlaceholderText("可选：应报送单位名单（.xlsx/.txt/.csv，每行一个单位或“单位名称”一列）")
        self.last = QLineEdit()
        self.last.setPlaceholderText("可选：上年各单位年报所在的文件夹，或上年的汇总表（.xlsx），用于指标同比")
        self.year = QSpinBox()
        self.year.setRange(AUTO_YEAR, 2100)
        self.year.setSpecialValueText("自动（取多数报告的年度）")
        self.year.setValue(AUTO_YEAR)
        self.year.setMinimumWidth(220)
        form = QFormLayout()
        form.addRow("文件夹：", self._with_button(self.folder, "选择…", self.choose_folder))
        form.addRow("本级报告：", self._with_button(self.own, "选择…", self.choose_own))
        form.addRow("单位名单：", self._with_button(self.roster, "选择…", self.choose_roster))
        last_box = self._with_button(self.last, "文件夹…", self.choose_last_folder)
        last_file = QPushButton("汇总表…")
        last_file.clicked.connect(lambda _c=False: self.choose_last_file())
        last_box.layout().addWidget(last_file)
        form.addRow("上年资料：", last_box)
        form.addRow("汇总年度：", self.year)

        self.start_button = QPushButton("开始检查")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        run_row = QHBoxLayout()
        run_row.addWidget(self.start_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)

        self.status = QLabel("选择文件夹后点击“开始检查”。")
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((200, 220, 80, 80, 50, 50)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("双击一份报告，在编辑器中打开")
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.itemDoubleClicked.connect(lambda item: self.open_unit(self.unit_at(item.row())))

        self.findings_title = QLabel("问题：")
        self.findings = FindingsTable()
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.findings_title)
        self.indicators = QTableWidget(0, len(INDICATOR_COLUMNS))
        self.indicators.setHorizontalHeaderLabels(INDICATOR_COLUMNS)
        self.indicators.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.indicators.verticalHeader().setVisible(False)
        self.indicators.setToolTip("纠错率、结转率等按表三、表四计算，公式见汇总表“指标”表下的说明")
        ind_header = self.indicators.horizontalHeader()
        ind_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(INDICATOR_COLUMNS)):
            ind_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.indicators.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        side = QSplitter(Qt.Orientation.Horizontal)
        side.addWidget(self.findings)
        side.addWidget(self.indicators)
        side.setStretchFactor(0, 1)
        side.setStretchFactor(1, 1)
        side.setSizes([560, 520])
        lower_layout.addWidget(side)

        self.roster_table = QTableWidget(0, len(ROSTER_COLUMNS))
        self.roster_table.setHorizontalHeaderLabels(ROSTER_COLUMNS)
        self.roster_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roster_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roster_table.verticalHeader().setVisible(False)
        for col, width in enumerate((200, 80, 220, 240, 150)):
            self.roster_table.setColumnWidth(col, width)
        self.roster_table.setToolTip("不是“名称一致”的对应请核对：取消“确认”后该文件列为名单外、该单位列为未报送")
        self.roster_table.itemChanged.connect(self._roster_confirm_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "各文件")
        self.tabs.addTab(self.roster_table, "报送情况")
        self.tabs.setTabEnabled(1, False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.open_button = QPushButton("在编辑器中打开")
        self.open_button.setToolTip("打开所选报告进行修改（也可双击该行）")
        self.open_button.clicked.connect(lambda: self.open_unit(self.selected_unit()))
        self.export_button = QPushButton("导出汇总表…")
        self.export_button.setToolTip("汇总（表二、三、四合计）、单位一览、问题清单，可直接打印")
        self.export_button.clicked.connect(self.export_dialog)
        self.notice_button = QPushButton("导出情况通报…")
        self.notice_button.setToolTip("Word 文档：列出有错误的报告及其主要问题")
        self.notice_button.clicked.connect(self.notice_dialog)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addSpacing(24)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.notice_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._set_running(False)
        self.open_button.setEnabled(False)
        self.folder.setText(str(QSettings().value("summary/folder", "") or ""))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._stop_worker)

    def _with_button(self, edit: QLineEdit, text: str, slot) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(text)
        button.clicked.connect(lambda _c=False: slot())
        row.addWidget(button)
        return box

    # ------------------------------------------------------------------ choosing
    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "选择各单位年报所在的文件夹", self.folder.text())
        if name:
            self.folder.setText(name)

    def choose_roster(self) -> None:
        start = self.roster.text() or self.folder.text()
        name, _ = QFileDialog.getOpenFileName(self, "选择应报送单位名单", start,
                                              "单位名单 (*.xlsx *.txt *.csv);;所有文件 (*)")
        if name:
            self.roster.setText(name)

    def choose_last_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "选择上年各单位年报所在的文件夹", self.last.text())
        if name:
            self.last.setText(name)

    def choose_last_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择上年的汇总表", self.last.text() or self.folder.text(),
                                              "Excel 工作簿 (*.xlsx)")
        if name:
            self.last.setText(name)

    def choose_own(self) -> None:
        from editor.ui.main_window import OPEN_FILTER

        start = self.own.text() or self.folder.text()
        name, _ = QFileDialog.getOpenFileName(self, "选择本级报告", start, OPEN_FILTER)
        if name:
            self.own.setText(name)

    # ------------------------------------------------------------------ running
    def start(self, folder: Path | str | None = None, own: Path | str | None = None, year: int | None = None,
              roster: Path | str | None = None, last: Path | str | None = None) -> bool:
        """Check and sum the folder (the fields' values unless given); False when it cannot start."""
        if self.worker is not None:
            return False
        if folder is not None:
            self.folder.setText(str(folder))
        if own is not None:
            self.own.setText(str(own))
        if roster is not None:
            self.roster.setText(str(roster))
        if last is not None:
            self.last.setText(str(last))
        if year is not None:
            self.year.setValue(year)
        folder_path = Path(self.folder.text().strip()) if self.folder.text().strip() else None
        if folder_path is None or not folder_path.is_dir():
            _dialogs().error(self, "汇总检查", "请选择一个存在的文件夹。" if folder_path is None
                             else f"找不到文件夹：{folder_path}")
            return False
        own_path = Path(self.own.text().strip()) if self.own.text().strip() else None
        if own_path is not None and not own_path.is_file():
            _dialogs().error(self, "汇总检查", f"找不到本级报告：{own_path}")
            return False
        roster_names = None
        roster_path = Path(self.roster.text().strip()) if self.roster.text().strip() else None
        if roster_path is not None:
            from editor.io.native import ReportFileError
            from editor.summary_roster import read_roster

            try:
                roster_names = read_roster(roster_path)
            except ReportFileError as exc:
                _dialogs().error(self, "汇总检查", str(exc))
                return False
        last_path = Path(self.last.text().strip()) if self.last.text().strip() else None
        if last_path is not None and not last_path.exists():
            _dialogs().error(self, "汇总检查", f"找不到上年资料：{last_path}")
            return False
        chosen_year = self.year.value() if self.year.value() != AUTO_YEAR else None
        QSettings().setValue("summary/folder", str(folder_path))
        self.summary = None
        self._fill_table()
        self.progress.setRange(0, 0)  # busy until the files are counted
        self.status.setText("正在查找文件…")
        self.worker = SummaryWorker([folder_path], chosen_year, own_path, self, roster=roster_names,
                                    roster_name=roster_path.name if roster_path else "", last=last_path)
        self.worker.progressed.connect(self._on_progress)
        self.worker.phase.connect(self.status.setText)
        self.worker.succeeded.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.stopped.connect(self._on_stopped)
        self.worker.finished.connect(self._on_finished)
        self._set_running(True)
        self.worker.start()
        return True

    def running(self) -> bool:
        return self.worker is not None

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.requestInterruption()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消…")

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and self.summary is not None)
        self.notice_button.setEnabled(not running and self.summary is not None)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self.worker is not None and not self.worker.isInterruptionRequested():
            self.status.setText(f"正在检查：已完成 {done} / {total} 个文件")

    def _on_done(self, summary: Summary) -> None:
        self.summary = summary
        self._fill_table()
        self.status.setText(self.summary_text(summary))

    def _on_failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        _dialogs().error(self, "汇总检查", message)

    def _on_stopped(self) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText("已取消，没有生成汇总。")

    def _on_finished(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self._set_running(False)

    def _stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def closeEvent(self, event) -> None:
        self._stop_worker()
        super().closeEvent(event)

    def reject(self) -> None:
        self._stop_worker()
        super().reject()

    @staticmethod
    def roster_text(summary: Summary) -> str:
        if summary.roster is None:
            return ""
        missing = [line.unit for line in summary.roster if not line.files]
        confirm = sum(line.needs_confirming for line in summary.roster)
        text = (f"名单 {len(summary.roster)} 个单位：已报送 {len(summary.roster) - len(missing)}，"
                f"未报送 {len(missing)}，名单外文件 {len(summary.outside)} 个")
        if confirm:
            text += f"，{confirm} 个单位按简称或文件名对应，请在“报送情况”中核对"
        return text + "。"

    @staticmethod
    def summary_text(summary: Summary) -> str:
        counts = {s: sum(u.status == s and not u.own for u in summary.units)
                  for s in (PASSED, HAS_WARNINGS, HAS_ERRORS, SET_APART, UNREADABLE)}
        text = (f"{summary.year}年度，{summary.edition.name}：共 {len(summary.units)} 个文件，"
                f"计入合计 {len(summary.accepted)} 份（通过 {counts[PASSED]}、有警告 {counts[HAS_WARNINGS]}、"
                f"有错误 {counts[HAS_ERRORS]}），另列 {counts[SET_APART]} 份，无法读取 {counts[UNREADABLE]} 个。")
        if summary.own is not None:
            text += (f"本级报告与下级合计不一致 {len(summary.mismatches)} 处。" if summary.mismatches
                     else "本级报告与下级合计一致。")
            if summary.own_in_folder:
                text += "本级报告位于汇总文件夹中，已从下级合计中排除。"
        return text + SummaryDialog.roster_text(summary)

    # ------------------------------------------------------------------ the list
    def _fill_table(self) -> None:
        self.table.setSortingEnabled(False)
        self.table.clearContents()
        units = self.summary.units if self.summary is not None else []
        self.table.setRowCount(len(units))
        base = Path(self.folder.text().strip() or ".")
        for row, unit in enumerate(units):
            for col, value in enumerate(self.row_values(unit, base, self.summary)):
                item = _StatusItem() if col == 3 else QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if col == 0:
                    item.setData(UNIT_ROLE, row)
                if col == 1:
                    item.setToolTip(str(unit.path))
                if col == 3:
                    item.setBackground(QBrush(QColor(STATUS_COLORS.get(value, "#FFFFFF"))))
                    item.setForeground(QBrush(QColor("#9C0006" if value == HAS_ERRORS else "#000000")))
                if col in (2, 3, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 6 and value:
                    item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        # Worst first, as a 政务公开办 reads the list: errors, unreadable, set apart, warnings, passed.
        self.table.sortItems(3, Qt.SortOrder.AscendingOrder)
        self.findings.setRowCount(0)
        self.indicators.setRowCount(0)
        self.findings_title.setText("问题：")
        self._fill_roster()
        if units:
            self.table.selectRow(0)

    # ------------------------------------------------------------------ 报送情况
    def roster_rows(self) -> list[tuple[str, str, UnitResult | None, str]]:
        """(roster unit, 已报送/未报送/名单外, file, how) as listed in the 报送情况 tab and sheet."""
        summary = self.summary
        if summary is None or summary.roster is None:
            return []
        rows: list[tuple[str, str, UnitResult | None, str]] = []
        for line in summary.roster:
            if not line.files:
                rows.append((line.unit, MISSING, None, ""))
            rows += [(line.unit, SUBMITTED, f, line.how) for f in line.files]
        rows += [("", OUTSIDE, f, "") for f in summary.outside]
        return rows

    def _fill_roster(self) -> None:
        rows = self.roster_rows()
        self.tabs.setTabEnabled(1, self.summary is not None and self.summary.roster is not None)
        self.roster_table.blockSignals(True)
        self.roster_table.setRowCount(len(rows))
        for r, (unit_name, state, f, how) in enumerate(rows):
            values = [unit_name, state, f.agency if f else "", f.name if f else "", how]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 1:
                    item.setBackground(QBrush(QColor(SUBMIT_COLORS[state])))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == 4 and how and f is not None and f.roster_how != "名称一致":
                    item.setBackground(QBrush(QColor("#FFEB9C")))
                self.roster_table.setItem(r, col, item)
            confirm = QTableWidgetItem()
            if f is not None and state == SUBMITTED and how != "名称一致":
                confirm.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                confirm.setCheckState(Qt.CheckState.Checked)
                confirm.setToolTip("取消勾选：不是这个单位的报告")
            else:
                confirm.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.roster_table.setItem(r, len(ROSTER_COLUMNS) - 1, confirm)
        self.roster_table.blockSignals(False)

    def _roster_confirm_changed(self, item: QTableWidgetItem) -> None:
        """The user says a proposed match is wrong: the file goes to 名单外, the unit (if nothing else
        came from it) to 未报送, in the list and in the exports."""
        if item.column() != len(ROSTER_COLUMNS) - 1 or item.checkState() != Qt.CheckState.Unchecked:
            return
        rows = self.roster_rows()
        if self.summary is None or self.summary.roster is None or item.row() >= len(rows):
            return
        unit_name, _, f, _ = rows[item.row()]
        self.reject_match(unit_name, f)

    def reject_match(self, unit_name: str, unit: UnitResult | None) -> None:
        summary = self.summary
        if summary is None or summary.roster is None or unit is None:
            return
        for line in summary.roster:
            if line.unit == unit_name and unit in line.files:
                line.files.remove(unit)
        unit.roster_unit = unit.roster_how = ""
        QTimer.singleShot(0, self._fill_roster)  # not from inside the table's own signal
        self.status.setText(self.summary_text(summary))

    @staticmethod
    def row_values(unit: UnitResult, base: Path, summary: Summary | None = None) -> list:
        file = unit.name  # relative to the folder chosen: 乡镇/A/年报.gknb and 乡镇/B/年报.gknb differ
        status = OWN_STATUS if unit.own else unit.status
        readable = unit.readable
        note = unit.reason
        if unit.own and not note:
            note = own_note(summary.mismatches if summary is not None else [])
            if summary is not None and summary.own_in_folder:
                note = "位于汇总文件夹中，已从下级合计中排除；" + note
        return [unit.agency or "（未能识别）" if readable else "", file,
                f"{unit.edition_id}年版" if unit.edition_id else "", status,
                unit.errors if readable else "", unit.warnings if readable else "", note]

    def unit_at(self, row: int) -> UnitResult | None:
        item = self.table.item(row, 0)
        if item is None or self.summary is None:
            return None
        return self.summary.units[item.data(UNIT_ROLE)]

    def row_of(self, name: str) -> int:
        """The table row of the file with this name or relative path (tests, keeping a selection)."""
        return next(r for r in range(self.table.rowCount())
                    if name in (self.unit_at(r).name, self.unit_at(r).path.name))

    def selected_unit(self) -> UnitResult | None:
        rows = {i.row() for i in self.table.selectedItems()}
        return self.unit_at(rows.pop()) if rows else None

    def _show_selected(self) -> None:
        unit = self.selected_unit()
        self.open_button.setEnabled(unit is not None and unit.readable and self.window_ is not None)
        self.show_findings(unit)

    def indicator_rows(self, unit: UnitResult | None) -> list[list[str]]:
        """指标 of the selected report beside last year's and the district's: the rows of the unit view."""
        summary = self.summary
        if summary is None or unit is None or not unit.summed:
            return []
        this, last = summary.unit_indicators(unit), summary.last_for(unit)
        district = summary.district_indicators()
        rows: list[list[str]] = []

        def count(ind: Indicators | None, ident: str) -> str:
            v = ind.counts.get(ident) if ind is not None else None
            return "—" if v is None else str(v)

        new_change = change(this.counts.get("new") if this else None, last.counts.get("new") if last else None)
        rows.append([COUNT_BY_ID["new"].label + "（依申请）", count(this, "new"), count(last, "new"),
                     format_change(new_change, False) if last else "—", count(district, "new")])
        for r in RATIOS:
            mine = this.percent(r.id) if this else None
            before = last.percent(r.id) if last else None
            rows.append([r.label, format_ratio(mine), format_ratio(before) if last else "—",
                         format_change(change(mine, before), True) if last else "—",
                         format_ratio(district.percent(r.id))])
        return rows

    def _show_indicators(self, unit: UnitResult | None) -> None:
        rows = self.indicator_rows(unit)
        self.indicators.setRowCount(len(rows))
        tips = {r.label: f"{r.label} = {r.formula}" for r in RATIOS}
        for i, row in enumerate(rows):
            for col, text in enumerate(row):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                elif text in tips:
                    item.setToolTip(tips[text])
                self.indicators.setItem(i, col, item)

    def show_findings(self, unit: UnitResult | None) -> None:
        self._show_indicators(unit)
        self.findings.setRowCount(0)
        if unit is None:
            self.findings_title.setText("问题：")
            return
        findings = [f for f in unit.findings if not f.acknowledged]
        if unit.own and self.summary is not None:
            findings += self.summary.mismatches
        who = unit.agency or unit.path.name
        if not unit.readable:
            self.findings_title.setText(f"{who}：{unit.status}")
            self.findings.add("", "", unit.reason)
            self.findings.resizeRowsToContents()
            return
        self.findings_title.setText(f"{who}：错误 {unit.errors} 项，警告 {unit.warnings} 项"
                                    + (f"，与下级合计不一致 {len(self.summary.mismatches)} 处"
                                       if unit.own and self.summary is not None else ""))
        if unit.status == SET_APART:  # not summed, but its problems still go back to its author
            self.findings.add("另列", "", f"未计入合计：{unit.reason}", "#1F4E79")
        for f in findings:
            self.findings.add("错误" if f.severity == ERROR else "警告", rule_title(f.rule), f.message,
                              "#C62828" if f.severity == ERROR else "#B26A00", f"{rule_title(f.rule)}（{f.rule}）")
        if not findings:
            self.findings.add("", "", "没有发现问题")
        self.findings.resizeRowsToContents()

    def open_unit(self, unit: UnitResult | None) -> bool:
        """Open the report in the editor window (which asks about unsaved changes first)."""
        if unit is None or self.window_ is None:
            return False
        if not self.window_.open_path(unit.path):
            return False
        self.window_.raise_()
        self.window_.activateWindow()
        return True

    # ------------------------------------------------------------------ exports
    def _base(self) -> Path | None:
        folder = Path(self.folder.text().strip())
        return folder if folder.is_dir() else None

    def _save_name(self, title: str, default: str, file_filter: str, suffix: str) -> Path | None:
        start = (self._base() or Path.home()) / default
        name, _ = QFileDialog.getSaveFileName(self, title, str(start), file_filter)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def export_dialog(self) -> bool:
        if self.summary is None:
            return False
        path = self._save_name("导出汇总表", f"{self.summary.year}年度年报汇总表.xlsx", "Excel 工作簿 (*.xlsx)",
                               ".xlsx")
        return path is not None and self.export_to(path)

    def notice_dialog(self) -> bool:
        if self.summary is None:
            return False
        path = self._save_name("导出情况通报", f"{self.summary.year}年度年报检查情况通报.docx",
                               "Word 文档 (*.docx)", ".docx")
        return path is not None and self.export_notice_to(path)

    def _write(self, path: Path, writer) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            writer()
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            _dialogs().error(self, "导出失败", f"无法写入 {path}：{os_reason(exc)}")
            return False
        QApplication.restoreOverrideCursor()
        self.status.setText(f"已导出 {path}")
        return True

    def export_to(self, path: Path) -> bool:
        from editor.io.xlsx.summary_book import write_summary_xlsx

        summary = self.summary
        return summary is not None and self._write(path, lambda: write_summary_xlsx(summary, path))

    def export_notice_to(self, path: Path) -> bool:
        from editor.io.docx.summary_notice import write_summary_docx

        summary = self.summary
        return summary is not None and self._write(path, lambda: write_summary_docx(summary, path))


def own_note(mismatches: list) -> str:
    return "不计入合计；" + (f"与下级合计不一致 {len(mismatches)} 处" if mismatches else "与下级合计一致")


def show_summary(window) -> SummaryDialog:
    """The window's 「汇总检查…」: one dialog per window, shown again if already open."""
    dlg = getattr(window, "summary_dialog", None)
    if dlg is None:
        dlg = window.summary_dialog = SummaryDialog(window)
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    return dlg

"""The main window: navigation of the report's parts, a page per part, the findings panel, menus.

Later features plug in here: ``add_page`` for a new page in the navigation, ``self.menus`` (文件, 编辑,
检查, 帮助) for new actions, ``self.doc`` for the open report.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from editor import __version__
from editor.checks import Finding
from editor.io.formats import open_dialog_extensions
from editor.io.native import ReportFileError, write_native
from editor.io.oserror import os_reason
from editor.report import Meta, Report, default_report_year
from editor.ui.document import ReportDocument, convert_report
from editor.ui.findings_panel import FindingsPanel
from editor.ui.pages import MetaPage, Page
from editor.ui.palette import severity_colors
from editor.ui.recovery import Autosaver

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent  # QEvent: a costly type (~2 ms), not needed at start

APP_NAME = "政府信息公开工作年度报告编辑器"
NATIVE_FILTER = "年报文件 (*.gknb)"
OPEN_FILTER = (f"年报及可导入的文件 ({' '.join('*' + ext for ext in open_dialog_extensions())});;"
               "年报文件 (*.gknb *.json);;所有文件 (*)")
MAX_RECENT = 8
LAYOUT_KEY = "window/state"  # view_menu.STATE: the layout the window had when it was last closed
# Qt.ItemDataRole.UserRole, by value: naming it would build the Qt namespace at start (see _restore_layout).
KEY_ROLE = 256


class MainWindow(QMainWindow):
    def __init__(self, report: Report | None = None, path: Path | None = None, *, autosave_ms: int | None = None,
                 marked: dict | None = None, imported_from: str = "", section: str = "meta",
                 headless: bool = False, menus_later: bool = False):
        """``marked``: cells an import marked (with why); ``imported_from``: the foreign file's name for the
        title; ``section``: the part shown first (the only page built before the window shows)."""
        super().__init__()
        if report is None:
            report = Report.blank(default_report_year())
        self.doc = ReportDocument(report, path, self)
        self.doc.marked = dict(marked or {})
        self.pages: dict[str, Page] = _Pages(self)
        self.menus: dict[str, QMenu] = {}
        self._imported_from = imported_from
        self.headless = headless  # a screenshot: never asks, never stores the layout

        self.nav = QListWidget()
        self.nav.setMaximumWidth(260)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._build_pages()
        self.nav.currentRowChanged.connect(self._on_nav)
        keys = [s.id for s in report.edition.sections]
        self.nav.setCurrentRow(keys.index(section) if section in keys else 0)

        self.findings = FindingsPanel(self.doc)
        self.findings.activated.connect(self.show_finding)
        layout_restored = self._restore_layout()
        dock = _findings_dock(self)
        dock.setObjectName("findings")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.setWidget(self.findings)
        if not (layout_restored and self.restoreDockWidget(dock)):
            self._dock_at_bottom(dock)
        self.findings_dock = dock

        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        bar = self.menuBar()  # the titles; their commands: fill_menus
        for key, title in (("file", "文件(&F)"), ("edit", "编辑(&E)"), ("check", "检查(&C)"), ("view", "视图(&V)"),
                           ("help", "帮助(&H)")):
            self.menus[key] = bar.addMenu(title)
        self._menus_filled = False
        from editor.ui.last_year import install as install_last_year

        install_last_year(self)  # the 对比上年 page and the bar offering last year's report

        self.doc.changed.connect(self._update_counts)
        self.doc.modifiedChanged.connect(lambda _m: self._update_title())
        self._update_counts()
        self._update_title()  # the icon is the application's (ui.app.application)
        self.autosaver = Autosaver(self.doc, self, **({"interval_ms": autosave_ms} if autosave_ms else {}))
        # Fit smaller office screens (1366×768 is common): never larger than the available area.
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 0:
            self.resize(min(1280, int(screen.width() * 0.95)), min(860, int(screen.height() * 0.92)))
        else:
            self.resize(1280, 860)
        from editor.ui.view_menu import install as install_view

        install_view(self)  # the folding findings panel; restores the geometry the user left
        if not menus_later:
            self.fill_menus()

    def fill_menus(self) -> None:
        """The menus' commands and their shortcuts. ``MainWindow(menus_later=True)`` leaves them to the
        caller: the editor's start (ui.app.run) fills them one turn of the event loop after the window
        shows, since a closed menu looks the same either way (their types and ~40 actions cost ~5 ms)."""
        if self._menus_filled:
            return
        self._menus_filled = True
        self._build_menus()
        from editor.ui.last_year import install_menu as last_year_menu

        last_year_menu(self)  # 由上年报告新建, 附加上年报告, 对比上年
        from editor.ui.navigation import install as install_keys

        install_keys(self)  # 查找, 转到, F6, 空白单元格填0, Ctrl+Shift+Z, undo shows its cells
        from editor.ui.fixes import install as install_fixes

        install_fixes(self)  # 一键改正 in the findings panel
        from editor.ui.view_menu import install_menu as view_menu

        view_menu(self)  # 视图: zoom, folding the findings

    # ------------------------------------------------------------------ layout
    # Where the user left the findings panel is kept (view_menu.save at close). Restoring it before the
    # dock exists (restoreDockWidget) also keeps Qt's
    # namespace type off the start path: addDockWidget's area is a Qt.DockWidgetArea, and PySide builds
    # all 92 enums of the Qt namespace (~13 ms, a tenth of a start) on first use of any of them.
    def _restore_layout(self) -> bool:
        state = self._settings().value(LAYOUT_KEY)
        return state is not None and self.restoreState(state)

    def _dock_at_bottom(self, dock: QDockWidget) -> None:
        from PySide6.QtCore import Qt

        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        if not self.headless:
            self._settings().setValue(LAYOUT_KEY, self.saveState())  # the next start restores it

    # ------------------------------------------------------------------ pages
    def _build_pages(self) -> None:
        # Pages are built when first shown: the window appears sooner, and most sessions visit few.
        for section in self.doc.report.edition.sections:
            self.add_page(section.id, section.heading, None)

    def _make_page(self, key: str) -> Page:
        section = self.doc.report.edition.section(key)
        if section.kind == "meta":
            page: Page = MetaPage(self.doc)
            page.yearNeedsEdition.connect(self.change_year_edition)
        elif section.kind == "text":
            from editor.ui.text_page import TextPage

            page = TextPage(self.doc, section)
        else:
            from editor.ui.table_page import TablePage

            page = TablePage(self.doc, section.id)
        return page

    def add_page(self, key: str, title: str, page: QWidget | None) -> None:
        """A new part in the navigation list (later features add their pages here). ``page`` None:
        built by ``_make_page`` when first shown."""
        item = QListWidgetItem(title)
        item.setData(KEY_ROLE, key)
        self.nav.addItem(item)
        self.stack.addWidget(QWidget())  # placeholder until the page is built
        if page is not None:
            self._install_page(key, page)

    def _install_page(self, key: str, page: QWidget) -> None:
        row = next(i for i in range(self.nav.count()) if self.nav.item(i).data(KEY_ROLE) == key)
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if isinstance(page, Page):
            page.message.connect(self.show_message)
        dict.__setitem__(self.pages, key, page)

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(KEY_ROLE)
        self.stack.setCurrentWidget(self.pages[key])  # builds the page on first visit

    def show_section(self, key: str) -> Page:
        page = self.pages[key]
        self.nav.setCurrentRow(self.stack.indexOf(page))
        self.stack.setCurrentWidget(page)
        return page

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(KEY_ROLE) if item else ""

    def table_views(self) -> list:
        """The table views of the pages built so far."""
        return [v for p in self.pages.values() for v in getattr(p, "views", ())]

    def view_for(self, ref):
        return next((v for v in self.table_views() if v.grid.index_of(ref).isValid()), None)

    def _commit_texts(self) -> None:
        for page in self.pages.values():
            if isinstance(page, Page):
                page.commit_text()

    # ------------------------------------------------------------------ menus
    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence  # made with the menus (fill_menus), not at start

        action = QAction(text, self)
        if shortcut is not None:
            # setShortcuts: setShortcut's overloads make PySide build the Qt namespace (see _restore_layout).
            action.setShortcuts(shortcut if isinstance(shortcut, QKeySequence.StandardKey)
                                else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        file_menu = self.menus["file"]
        self._action(file_menu, "新建(&N)…", self.new_report, QKeySequence.StandardKey.New)
        self._action(file_menu, "打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open,
                     "打开年报文件，或从 Word、Excel、网页、PDF 等导入")
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "恢复自动保存的内容…", lambda: self.offer_recovery(quiet=False),
                     tip="程序意外退出后留下的自动保存内容")
        file_menu.addSeparator()
        self._action(file_menu, "保存(&S)", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "另存为(&A)…", self.save_as, QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        export = self.menus["export"] = file_menu.addMenu("导出(&E)")
        self._action(export, "导出 Word(.docx)…", self.export_docx, tip="按公文格式导出，用于上传发布")
        self._action(export, "导出 Excel(.xlsx)…", self.export_xlsx, tip="按官方表格样式导出")
        self._action(export, "导出 PDF(.pdf)…", self.export_pdf, tip="按公文版式导出 PDF，无需安装办公软件")
        file_menu.addSeparator()
        self._action(file_menu, "打印预览(&V)…", self.print_preview)
        self._action(file_menu, "打印(&P)…", self.print_report, QKeySequence.StandardKey.Print)
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)

        edit = self.menus["edit"]
        undo = self.doc.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.doc.undo_stack.createRedoAction(self, "重做")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        self._action(edit, "复制选中单元格", lambda: self._on_view("copy_selection"))
        self._action(edit, "粘贴到当前单元格", lambda: self._on_view("paste"),
                     tip="粘贴从 Excel 或 WPS 复制的表格区域，以当前单元格为左上角")
        self._action(edit, "清除选中单元格", lambda: self._on_view("clear_selection"))

        checks = self.menus["check"]
        self._action(checks, "填入合计(&T)", self.fill_totals, "Ctrl+T",
                     "按各部分之和填写所有合计单元格（总计列、（七）总计行、表四各总计），不改动任何部分")
        self._action(checks, "下一个问题", self.next_finding, "F8")
        checks.addSeparator()
        self._action(checks, "汇总检查(&S)…", self.show_summary,
                     tip="检查一个文件夹中各单位的年报，列出问题，并把表二、三、四相加导出汇总表")

        help_menu = self.menus["help"]
        self._action(help_menu, "使用说明(&G)", self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, "关于(&A)", self.show_about)

    def _on_view(self, method: str) -> None:
        """Run a table action on the focused table, else on the first table of the current page."""
        focus = QApplication.focusWidget()
        views = self.table_views()
        view = focus if focus in views else None
        if view is None:
            page = self.pages.get(self.current_key())
            view = next(iter(getattr(page, "views", ())), None)
        if view is not None:
            getattr(view, method)()

    # ------------------------------------------------------------------ status
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _update_counts(self) -> None:
        errors, warnings, acked = self.doc.counts()
        text = f"错误 {errors} 项　警告 {warnings} 项"
        if acked:
            text += f"（另有已确认 {acked} 项）"
        colors = severity_colors(self.palette())
        color = (colors["错误"] if errors else colors["警告"] if warnings else colors["通过"]).name()
        self.counts_label.setText(f"<span style='color:{color}'>{text}</span>")

    def _update_title(self) -> None:
        if self.doc.path is not None:
            name = self.doc.path.name
        elif self._imported_from:
            name = f"未保存（导入自 {self._imported_from}）"
        else:
            name = "未命名"
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.doc.modified)

    # ------------------------------------------------------------------ findings
    def show_finding(self, f: Finding) -> None:
        ed = self.doc.report.edition
        if f.text is not None:
            page = self.show_section(f.text.section)
            page.show_text(f.text.start, f.text.end)
            return
        if f.cells:
            section = ed.table(f.cells[0][0]).section
            self.show_section(section).show_cells(list(f.cells))
            return
        subject = f.key.split("|", 1)[1] if "|" in f.key else ""
        self.show_section(subject.split("|")[0] if subject.split("|")[0] in self.pages else "meta")

    def next_finding(self) -> None:
        tree = self.findings.tree
        if tree.topLevelItemCount() == 0:
            return
        row = (tree.indexOfTopLevelItem(tree.currentItem()) + 1) % tree.topLevelItemCount()
        tree.setCurrentItem(tree.topLevelItem(row))
        self.show_finding(self.findings.current_finding())

    def show_summary(self):
        from editor.ui.summary_dialog import show_summary

        return show_summary(self)

    # ------------------------------------------------------------------ editing actions
    def fill_totals(self) -> int:
        from editor.totals import filled_totals

        changes = filled_totals(self.doc.report)
        if not changes:
            self.show_message("所有合计均已等于各部分之和")
            return 0
        self.doc.set_cells(dict(changes), "填入合计")
        self.show_message(f"已填入{len(changes)}个合计单元格（可撤销）")
        return len(changes)

    def change_year_edition(self, meta: Meta) -> None:
        old = self.doc.report.edition
        new_report, lost = convert_report(self.doc.report, meta)
        answer = _dialogs().edition_change(self, meta.year, old.name, new_report.edition.name, lost)
        if answer == "convert":
            self.doc.change_edition(meta)
            self.show_message(f"已转换为{new_report.edition.name}" + (f"，{len(lost)}项未能带入" if lost else ""))
        elif answer == "keep":
            self.doc.set_meta(meta, "修改年度")
        self.doc.metaChangedOutside.emit()

    # ------------------------------------------------------------------ files
    def maybe_save(self) -> bool:
        """True when the current report may be replaced (saved, or the user chose not to)."""
        if self.headless:
            return True
        self._commit_texts()
        if not self.doc.modified:
            return True
        answer = _dialogs().save_discard_cancel(self, "当前报告有未保存的修改，是否保存？")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_report(self) -> None:
        if not self.maybe_save():
            return
        dlg = _dialogs().NewReportDialog(self)
        if dlg.exec() != dlg.DialogCode.Accepted:
            return
        report = Report.blank(dlg.year.value(), dlg.agency.text().strip(), dlg.kind.currentData())
        self._set_report(report, None)

    def _set_report(self, report: Report, path: Path | None, marked=None, imported_from: str = "",
                    sources=None) -> None:
        self._imported_from = imported_from
        self.autosaver.clear()
        self.doc.replace_report(report, path, marked, sources)
        self._update_title()
        self.show_section(self.current_key() or "meta")

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.doc.path.parent) if self.doc.path else ""
        name, _ = _file_dialog().getOpenFileName(self, "打开", start, OPEN_FILTER)
        if name:
            self.open_path(Path(name), ask_save=False)

    def open_path(self, path: Path, ask_save: bool = True) -> bool:
        """Open a report or import any readable file; the import log is shown and its cells marked."""
        if ask_save and not self.maybe_save():
            return False
        result = _dialogs().load_file(self, path, "无法打开")
        if result is None:
            return False
        self.apply_import(path, result)
        return True

    @classmethod
    def opened(cls, path: Path, result, section: str = "meta", **options) -> MainWindow:
        """The window built once, for a report read from ``path`` (an ImportResult); then call
        ``announce_open`` once it shows."""
        target, marked, imported_from = _import_state(path, result)
        return cls(result.report, target, marked=marked, imported_from=imported_from, section=section, **options)

    def apply_import(self, path: Path, result) -> None:
        """Show a report read from ``path`` (an ImportResult): its log is shown and its cells marked."""
        target, marked, imported_from = _import_state(path, result)
        self._set_report(result.report, target, marked, imported_from, getattr(result, "sources", None))
        self.announce_open(path, result)

    def announce_open(self, path: Path, result) -> None:
        """A file was opened: remembered among the recent files, its import log shown."""
        self._add_recent(path)
        if result.log:
            _dialogs().show_import_log(self, path.name, result.log)
        self.show_message(f"已打开 {path.name}")

    def save(self) -> bool:
        self._commit_texts()
        path = self.doc.path
        if path is None or path.suffix.lower() not in (".gknb", ".json"):
            return self.save_as()
        return self.save_to(path)

    def save_as(self) -> bool:
        self._commit_texts()
        suggested = self.doc.path or Path.home() / f"{self.doc.report.meta.title or '年报'}.gknb"
        name, _ = _file_dialog().getSaveFileName(self, "另存为", str(suggested.with_suffix(".gknb")), NATIVE_FILTER)
        path = self._picked(name, (".gknb", ".json"), ".gknb")
        return path is not None and self.save_to(path)

    def save_to(self, path: Path) -> bool:
        self._commit_texts()
        try:
            write_native(self.doc.report, path)
        except ReportFileError as exc:  # a value no file may hold: refused before anything is written
            _dialogs().error(self, "保存失败", str(exc))
            return False
        except OSError as exc:
            _dialogs().error(self, "保存失败", f"无法保存到 {path}：{os_reason(exc)}")
            return False
        self._imported_from = ""
        self.doc.mark_saved(path)
        self._add_recent(path)
        self._update_title()
        self.show_message(f"已保存到 {path}")
        return True

    def _export(self, suffix: str, title: str, file_filter: str, **options) -> bool:
        self._commit_texts()
        base = self.doc.path or Path.home() / (self.doc.report.meta.title or "年报")
        name, _ = _file_dialog().getSaveFileName(self, title, str(base.with_suffix(suffix)), file_filter)
        path = self._picked(name, (suffix,), suffix)
        return path is not None and self.export_to(path, **options)

    def _picked(self, name: str, suffixes: tuple[str, ...], suffix: str) -> Path | None:
        """The file a save dialog picked, with ``suffix`` added when the name has none of ``suffixes``.
        The dialog itself asked before replacing the name as typed; a name we extend is another file,
        so replacing that one is asked here. None: cancelled."""
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() in suffixes:
            return path
        path = path.with_name(path.name + suffix)
        if path.exists() and not _dialogs().question(
                self, "确认替换", f"{path.name} 已存在。\n要替换它吗？"):
            return None
        return path

    def export_to(self, path: Path, **options) -> bool:
        from editor.io.formats import write_any

        try:
            write_any(self.doc.report, path, **options)
        except ReportFileError as exc:
            _dialogs().error(self, "导出失败", str(exc))
            return False
        except OSError as exc:
            _dialogs().error(self, "导出失败", f"无法写入 {path}：{os_reason(exc)}")
            return False
        errors = self.doc.counts()[0]
        note = f"，注意：报告中仍有{errors}项错误" if errors else ""
        self.show_message(f"已导出 {path}{note}")
        return True

    def export_docx(self) -> bool:
        dlg = _dialogs().DocxOptionsDialog(self)
        if dlg.exec() != dlg.DialogCode.Accepted:
            return False
        return self._export(".docx", "导出 Word", "Word 文档 (*.docx)", **dlg.options())

    def export_xlsx(self) -> bool:
        return self._export(".xlsx", "导出 Excel", "Excel 工作簿 (*.xlsx)")

    # ------------------------------------------------------------------ printing (editor.ui.printing)
    def _printing(self, what: str, *args) -> str:
        from editor.ui.printing import actions

        self._commit_texts()
        try:
            note = getattr(actions, what)(self, self.doc.report, *args) or ""
        except ReportFileError as exc:
            _dialogs().error(self, "打印/导出失败", str(exc))
            return ""
        if note:
            self.show_message(note)
        return note

    def export_pdf(self) -> bool:
        base = self.doc.path or Path.home() / (self.doc.report.meta.title or "年报")
        return bool(self._printing("export_pdf", base))

    def print_preview(self) -> None:
        self._printing("preview_report")

    def print_report(self) -> None:
        self._printing("print_report")

    # ------------------------------------------------------------------ recent files
    def _settings(self) -> QSettings:
        return QSettings()

    def recent_files(self) -> list[str]:
        value = self._settings().value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _add_recent(self, path: Path) -> None:
        p = str(path.resolve())
        current = self.recent_files()
        files = ([p] + [f for f in current if f != p])[:MAX_RECENT]
        if files != current:  # reopening the latest file writes nothing: each write syncs a file to disk
            self._settings().setValue("recent", files)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for f in files:
            action = self.recent_menu.addAction(f)
            action.triggered.connect(lambda _c=False, f=f: self.open_path(Path(f)))

    # ------------------------------------------------------------------ recovery
    def offer_recovery(self, quiet: bool = True) -> bool:
        """After a crash: offer every recovery file left behind; True when one was restored."""
        from editor.ui.recovery_files import orphaned_recoveries

        recoveries = orphaned_recoveries()
        if not recoveries and quiet:
            return False  # the usual start: the dialog's module (and the Qt types it needs) stay unloaded
        from editor.ui.recovery_dialog import offer

        return offer(self, recoveries, quiet=quiet)

    # ------------------------------------------------------------------ help
    def show_guide(self) -> None:
        from editor.ui.help_dialog import HelpDialog

        HelpDialog(self).exec()

    def show_about(self) -> None:
        _dialogs().info(self, "关于", f"{APP_NAME}\n版本 {__version__}\n\n"
                                  "按国务院办公厅规定的2019年版、2021年版格式填写、检查和导出"
                                  "政府信息公开工作年度报告。完全离线运行。")

    # ------------------------------------------------------------------ screenshots, closing
    def fit_to_section(self, key: str) -> None:
        """Size the window so the whole page of this part shows (screenshots, --section)."""
        page = self.show_section(key)
        QApplication.processEvents()
        need = page.full_size()
        extra_w = self.width() - self.stack.width()
        extra_h = self.height() - self.stack.height()
        self.resize(QSize(max(900, need.width() + extra_w + 8), max(640, need.height() + extra_h + 8)))
        QApplication.processEvents()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.autosaver.shutdown()
        if not self.headless:
            from editor.ui.view_menu import save as save_layout

            save_layout(self)
        event.accept()


def _import_state(path: Path, result) -> tuple[Path | None, dict, str]:
    """(the file 保存 writes to, the cells the import marked, the foreign file's name for the title).
    An imported Word/Excel/PDF file is never overwritten by 保存: it asks for a .gknb name."""
    native = path.suffix.lower() in (".gknb", ".json")
    marked = {e.cell: e.message for e in result.log if e.cell is not None}
    return (path if native else None), marked, ("" if native else path.name)


def _findings_dock(window: QMainWindow) -> QDockWidget:
    """The findings panel's dock. Its own title buttons never show (findings_bar.FindingsBar replaces them),
    yet each time Qt updates them it asks the style for their icons, and Fusion's float icon makes Qt load
    every image-format plugin (~2.5 ms of the start). A style sheet names the program's icon for them
    instead: set on a parent while the dock is built (its constructor asks first), then on the dock."""
    from editor.resources import resources_dir, window_icons

    # The smallest icon: Qt decodes it to size the hidden buttons, and the 256 px app.png costs ~1.5 ms.
    icon = next((p for _, p in window_icons()), resources_dir() / "icons" / "app.png").as_posix()
    sheet = (f'QDockWidget {{ titlebar-normal-icon: url("{icon}"); titlebar-close-icon: url("{icon}"); }}'
             "QDockWidget::float-button, QDockWidget::close-button { subcontrol-position: top right; }")
    holder = QWidget()
    holder.setStyleSheet(sheet)
    dock = QDockWidget("检查结果", holder)
    dock.setStyleSheet(sheet)
    dock.setParent(window)
    holder.deleteLater()
    return dock


def _file_dialog():
    # Imported on first use: its type costs ~1 ms to create, and no file dialog opens at start.
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog


def _dialogs():
    # Imported on first use: the dialogs are not needed to show the window.
    from editor.ui import dialogs

    return dialogs


class _Pages(dict):
    """The pages by key; a page not built yet is built on first access."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> Page:
        page = self._window._make_page(key)
        self._window._install_page(key, page)
        return page

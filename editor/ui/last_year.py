"""Last year in the window: 「由上年报告新建…」, 「附加上年报告…」 (undoable, saved in the file), the
「对比上年」 page and a quiet bar offering to attach last year's file when the report has none.

``install(window)`` plugs all of it into the main window: menu actions, the page and the bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QVBoxLayout

from editor.report import Report
from editor.ui.document import ReportDocument
from editor.ui.pages import Page
from editor.ui.palette import info_bar_style


class AttachLastYearCommand(QUndoCommand):
    """Attach (or replace, or with None remove) last year's report: one undo step, so the document is
    modified and 保存 writes it into the file."""

    def __init__(self, doc: ReportDocument, last: Report | None, text: str):
        super().__init__(text)
        self.doc = doc
        self.report = doc.report
        self.old = doc.report.last_year
        if last is not None:
            last = last.copy()
            last.last_year = None  # the file keeps one year back, no more
        self.new = last

    def _apply(self, last: Report | None) -> None:
        self.report.last_year = last
        self.doc._after_change()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


def _dialogs():
    from editor.ui import dialogs

    return dialogs


def _exec(dialog) -> int:
    """Runs a dialog (tests answer it instead)."""
    return dialog.exec()


def _ask_file(window, title: str) -> Path | None:
    from editor.ui.main_window import OPEN_FILTER

    start = str(window.doc.path.parent) if window.doc.path else ""
    from PySide6.QtWidgets import QFileDialog  # not at start: see main_window._file_dialog

    name, _ = QFileDialog.getOpenFileName(window, title, start, OPEN_FILTER)
    return Path(name) if name else None


def read_report(window, path: Path) -> Report | None:
    """Last year's report from any readable file; its import log is shown when not empty."""
    result = _dialogs().load_file(window, path, "无法读取上年报告")
    if result is None:
        return None
    if result.log:
        _dialogs().show_import_log(window, path.name, result.log)
    return result.report


def _pick_last_year(window, path: Path | None) -> tuple[Path, Report] | None:
    """Last year's file (asked for when not given) and its report; None when cancelled or unreadable."""
    path = path or _ask_file(window, "选择上年的年度报告")
    if path is None:
        return None
    last = read_report(window, path)
    return None if last is None else (path, last)


def new_from_last_year(window, path: Path | None = None) -> bool:
    """文件 → 由上年报告新建: the new report opens unsaved, with last year kept in ``last_year``."""
    from editor.ui.rollover_dialog import RolloverDialog

    if not window.maybe_save():
        return False
    picked = _pick_last_year(window, path)
    if picked is None:
        return False
    path, last = picked
    if not last.meta.year:
        _dialogs().error(window, "无法由上年报告新建", f"{path.name} 没有填写报告年度，无法确定新报告的年度。"
                                                 "请先打开它，在“基本信息”中填写年度并保存")
        return False
    dialog = RolloverDialog(last, path.name, window)
    if _exec(dialog) != dialog.DialogCode.Accepted:
        return False
    rolled = dialog.rollover
    window._set_report(rolled.report, None)
    window.doc.mark_modified()  # a new report nobody saved yet: closing asks
    window.show_section("meta")
    window.show_message(f"已由{last.meta.year}年度报告新建{rolled.report.meta.year}年度报告（尚未保存），"
                        "请核对引言和上年结转")
    return True


def attach_last_year(window, path: Path | None = None) -> bool:
    """附加上年报告: the cross-year checks and 对比上年 then run; undoable, saved with the report."""
    report = window.doc.report
    picked = _pick_last_year(window, path)
    if picked is None:
        return False
    path, last = picked
    year = report.meta.year
    if year and last.meta.year and last.meta.year >= year:
        _dialogs().error(window, "不能附加", f"{path.name} 是{last.meta.year}年度报告，不早于本报告（{year}年度），"
                                          "不能作为上年报告")
        return False
    doubts = []
    if year and last.meta.year and last.meta.year != year - 1:
        doubts.append(f"所选报告是{last.meta.year}年度，本报告的上年应为{year - 1}年度。")
    if report.meta.agency and last.meta.agency and last.meta.agency != report.meta.agency:
        doubts.append(f"所选报告的机关是“{last.meta.agency}”，本报告是“{report.meta.agency}”。")
    if doubts and not _dialogs().question(window, "附加上年报告", "\n".join(doubts) + "\n\n仍要附加吗？"):
        return False
    verb = "更换上年报告" if report.last_year is not None else "附加上年报告"
    window.doc.undo_stack.push(AttachLastYearCommand(window.doc, last, verb))
    window.show_message(f"已{verb}（{last.meta.year}年度）：上年结转等跨年度检查和“对比上年”已可用；"
                        "可撤销，保存后随本报告保存")
    return True


class LastYearBar(QToolBar):
    """A quiet offer under the menus, never a modal nag, until the user closes it for that report: on a
    blank report, 由上年报告新建; on a report without last year, 附加上年报告."""

    EMPTY = "新的年度报告？可由上年报告新建：带入上年结转和引言，各页旁边对照上年。"
    MISSING = "本报告没有附加上年报告，上年结转等跨年度衔接无法检查。"

    def __init__(self, window):
        super().__init__("上年报告", window)
        self.setObjectName("last_year_bar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setStyleSheet(info_bar_style(window.palette()))  # its own text colour: readable in any theme
        self.window_ = window
        self.label = QLabel()
        self.addWidget(self.label)
        self.rollover = QPushButton("由上年报告新建…")
        self.rollover.clicked.connect(lambda: new_from_last_year(window))
        self.rollover_action = self.addWidget(self.rollover)
        self.attach = QPushButton("附加上年报告…")
        self.attach.setToolTip("附加后可检查上年结转等与上年的衔接，并可对比上年、发现照搬上年的文字")
        self.attach.clicked.connect(lambda: attach_last_year(window))
        self.attach_action = self.addWidget(self.attach)
        self.close_button = QPushButton("不再提示")
        self.close_button.setFlat(True)
        self.close_button.setToolTip("本报告不再显示此提示（仍可从“文件”菜单操作）")
        self.close_button.clicked.connect(self.dismiss)
        self.addWidget(self.close_button)
        self._dismissed: object = None
        window.doc.changed.connect(self.refresh)
        self.refresh()

    def _key(self) -> object:
        doc = self.window_.doc
        return str(doc.path) if doc.path else id(doc.report)

    def dismiss(self) -> None:
        self._dismissed = self._key()
        self.refresh()

    def refresh(self) -> None:
        report = self.window_.doc.report
        show = report.last_year is None and report.meta.year > 2008 and self._dismissed != self._key()
        self.setVisible(show)
        if not show:
            return
        empty = not report.values and not any(report.texts.values())
        self.label.setText(self.EMPTY if empty else self.MISSING)
        self.rollover_action.setVisible(empty)
        self.attach_action.setVisible(not empty)


class ComparePageHost(Page):
    """Holds the 对比上年 page, built when first shown (the window opens sooner)."""

    def __init__(self, window):
        super().__init__(window.doc, "compare")
        self.window_ = window
        self._page = None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    @property
    def page(self):
        if self._page is None:
            from editor.ui.compare_view import ComparePage

            window = self.window_
            page = self._page = ComparePage(window.doc, self)
            page.goToCell.connect(lambda ref: window.show_section(
                window.doc.report.edition.table(ref[0]).section).show_cells([ref]))
            page.goToSection.connect(window.show_section)
            page.attachRequested.connect(lambda: attach_last_year(window))
            self.layout().addWidget(page)
            page.show()
            page.refresh()
        return self._page

    def showEvent(self, event) -> None:
        page = self.page
        if page.stale:
            page.refresh()
        super().showEvent(event)

    def full_size(self):
        return self.page.full_size()


def install(window) -> None:
    """The 对比上年 page and the bar, in the window built by main_window.py (menu actions: install_menu)."""
    window.add_page("compare", "对比上年", ComparePageHost(window))
    window.last_year_bar = LastYearBar(window)
    window.addToolBar(window.last_year_bar)  # the top area (naming it would build the Qt namespace)


def install_menu(window) -> None:
    """由上年报告新建 and 附加上年报告 in 文件, 对比上年 in 检查."""
    from PySide6.QtGui import QAction  # with the menus, not at start (main_window.fill_menus)

    file_menu = window.menus["file"]
    actions = file_menu.actions()
    after_new = actions[1] if len(actions) > 1 else None  # right after 新建
    rollover = QAction("由上年报告新建(&L)…", window)
    rollover.setStatusTip("选择上年的年度报告（任何可导入的格式），带入上年结转和引言，新建本年度报告")
    rollover.triggered.connect(lambda _c=False: new_from_last_year(window))
    attach = QAction("附加上年报告…", window)
    attach.setStatusTip("为本报告附加上年的年度报告：用于跨年度检查和对比上年，随本报告保存")
    attach.triggered.connect(lambda _c=False: attach_last_year(window))
    file_menu.insertAction(after_new, rollover)
    save_action = next((a for a in actions if a.text().startswith("保存")), None)
    file_menu.insertAction(save_action, attach)
    file_menu.insertSeparator(save_action)
    window.rollover_action, window.attach_action = rollover, attach

    compare = QAction("对比上年", window)
    compare.setStatusTip("逐项列出本年与上年报告不同的数字，以及与上年文字大量相同的正文部分")
    compare.triggered.connect(lambda _c=False: window.show_section("compare"))
    window.menus["check"].addAction(compare)

"""Keys of the window as in Excel and Word: Ctrl+F 查找, Ctrl+PgUp/PgDn between sections, F6 through the
section list, the page and the findings, Ctrl+Shift+Z and Ctrl+Y redo, undo and redo showing the cell
they changed, and 空白单元格填0 (menus 编辑 and the tables' context menu)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

# Widget types are imported where used: naming them at start would build them (PySide creates types
# on first use) before the window shows, which tests/test_startup_imports.py forbids.


def focus_page(page) -> None:
    """Focus the main widget of a page: its table, its text, or its first field."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    views = getattr(page, "views", None)
    if views:
        views[0].setFocus()
        return
    editor = getattr(page, "editor", None)
    if isinstance(editor, QPlainTextEdit):
        editor.setFocus()
        return
    field = page.findChild(QLineEdit)
    (field or page).setFocus()


def install(window) -> None:
    redo = window.redo_action
    keys = [*redo.shortcuts(), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    unique = list(dict.fromkeys(k.toString() for k in keys if not k.isEmpty()))
    redo.setShortcuts([QKeySequence(k) for k in unique])
    window.doc.cellsRevisited.connect(lambda refs: show_cells(window, refs))

    edit = window.menus["edit"]
    edit.addSeparator()
    window._action(edit, "空白单元格填0（本表）", lambda: fill_blanks(window, False),
                   tip="把当前表格中所有空白单元格填为0，已填写的单元格不变（可撤销）")
    window._action(edit, "空白单元格填0（全部表格）", lambda: fill_blanks(window, True),
                   tip="把本报告所有表格中的空白单元格填为0，已填写的单元格不变（可撤销）")
    edit.addSeparator()
    window._action(edit, "查找(&F)…", lambda: find_bar(window).open(), QKeySequence.StandardKey.Find,
                   "在栏目名称、章节标题和正文中查找")
    go = edit.addMenu("转到(&G)")
    window._action(go, "上一部分", lambda: step_section(window, -1), "Ctrl+PgUp")
    window._action(go, "下一部分", lambda: step_section(window, 1), "Ctrl+PgDown")
    window._action(go, "切换区域（目录、本页、检查结果）", lambda: cycle_focus(window, 1), "F6")
    window._action(go, "反向切换区域", lambda: cycle_focus(window, -1), "Shift+F6")


def find_bar(window):
    """The find bar, built on first use (the window appears without it)."""
    bar = getattr(window, "find_bar", None)
    if bar is None:
        from editor.ui.find_bar import install as install_find_bar

        bar = window.find_bar = install_find_bar(window)
    return bar


def show_cells(window, refs) -> None:
    """After undo/redo: the page of the changed cells, with them selected and in sight."""
    from editor.ui.reveal import reveal

    ed = window.doc.report.edition
    refs = [r for r in refs if ed.has_cell(r)]
    if not refs:
        return
    page = window.show_section(ed.table(refs[0][0]).section)
    if page.show_cells(list(refs)):
        view = window.view_for(refs[0])
        if view is not None:
            reveal(view, view.grid.index_of(refs[0]))


def fill_blanks(window, whole_report: bool) -> int:
    focus = window.focusWidget()
    views = window.table_views()
    view = focus if focus in views else None
    if view is None:
        page = window.pages.get(window.current_key())
        view = next(iter(getattr(page, "views", ())), None)
    if view is not None:
        return view.fill_blanks(whole_report)
    if whole_report:
        n = window.doc.fill_blanks(None)
        window.show_message(f"已将全部表格中{n}个空白单元格填为0（可撤销）" if n else "全部表格中没有空白单元格")
        return n
    window.show_message("当前页面没有表格：请先打开一张表格，或选“空白单元格填0（全部表格）”")
    return 0


def step_section(window, step: int) -> None:
    row = window.nav.currentRow() + step
    if 0 <= row < window.nav.count():
        window.nav.setCurrentRow(row)
        focus_page(window.stack.currentWidget())


def _areas(window) -> list:
    areas = [window.nav, window.stack]
    tree = window.findings.tree
    # The findings take their turn when there are some (a folded panel opens) or the panel is open.
    if window.findings_dock.isVisibleTo(window) and (window.doc.findings or tree.isVisibleTo(window)):
        areas.append(tree)
    return areas


def cycle_focus(window, step: int) -> None:
    """F6: section list → page → findings → section list (Shift+F6 back)."""
    from PySide6.QtWidgets import QAbstractItemView

    areas = _areas(window)
    focus = window.focusWidget()
    here = next((i for i, w in enumerate(areas) if focus is w or (focus is not None and w.isAncestorOf(focus))), -1)
    target = areas[(here + step) % len(areas)] if here >= 0 else areas[0]
    if target is window.stack:
        focus_page(window.stack.currentWidget())
        return
    if target is window.findings.tree and not target.isVisibleTo(window):
        fold = getattr(window, "findings_fold", None)
        if fold is not None:
            fold.unfold()
    target.setFocus()
    if isinstance(target, QAbstractItemView) and not target.currentIndex().isValid() and target.model() \
            and target.model().rowCount():
        target.setCurrentIndex(target.model().index(0, 0))

"""The open report as the window sees it: the Report, its file, its undo stack and its findings.

Every change goes through an undo command; after each one the whole report is re-checked (cheap) and
``changed`` tells the views to repaint. Widgets never change the Report themselves.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.checks import ERROR, Finding, check
from editor.checks.numbers import fmt
from editor.prose import strip_indents
from editor.report import Meta, Number, Report
from editor.schema import CellRef, edition_for_year

ERROR_STATE, WARNING_STATE = "error", "warning"


class CellState:
    """What the findings say about one cell: the worst open severity and every finding naming it. A plain
    class: a dataclass costs its module ~0.4 ms of the window's start to generate."""

    __slots__ = ("findings", "severity")

    def __init__(self) -> None:
        self.severity: str | None = None
        self.findings: list[Finding] = []


class ReportDocument(QObject):
    changed = Signal()  # values, texts, meta or findings changed: repaint
    editionChanged = Signal()  # the report's edition changed: table pages rebuild
    textChangedOutside = Signal(str)  # a section's text changed by undo/redo or a reload
    metaChangedOutside = Signal()
    modifiedChanged = Signal(bool)
    cellsRevisited = Signal(object)  # undo or redo changed these cells (a list of CellRef): show them

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.report = report
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.findings: list[Finding] = []
        self.cell_states: dict[CellRef, CellState] = {}
        self.marked: dict[CellRef, str] = {}  # cells an import marked, with why; cleared when edited
        self.sources: dict[CellRef, str] = {}  # imported cells -> the text of the file they were read from
        self.revision = 0  # bumps on every change; autosave compares it
        self._text_dirty = False
        self.recheck()

    # ------------------------------------------------------------------ state
    def _on_clean_changed(self, clean: bool) -> None:
        try:
            self.modifiedChanged.emit(self._text_dirty or not clean)
        except RuntimeError:
            pass  # the stack announces its clean state while the document is being destroyed

    @property
    def modified(self) -> bool:
        return self._text_dirty or not self.undo_stack.isClean()

    def mark_saved(self, path: Path | None = None) -> None:
        if path is not None:
            self.path = path
        self._text_dirty = False
        self.undo_stack.setClean()
        self.modifiedChanged.emit(False)

    def recheck(self) -> None:
        self.findings = check(self.report)
        states: dict[CellRef, CellState] = {}
        for f in self.findings:
            for ref in f.cells:
                st = states.setdefault(ref, CellState())
                st.findings.append(f)
                if f.rule == "cell.blank" or f.acknowledged:
                    continue  # blanks get their own mark; an acknowledged warning is not open
                if f.severity == ERROR:
                    st.severity = ERROR_STATE
                elif st.severity is None:
                    st.severity = WARNING_STATE
        self.cell_states = states

    def counts(self) -> tuple[int, int, int]:
        """(errors, open warnings, acknowledged warnings)."""
        errors = sum(f.severity == ERROR for f in self.findings)
        acked = sum(f.acknowledged for f in self.findings)
        return errors, len(self.findings) - errors - acked, acked

    def _after_change(self) -> None:
        self.revision += 1
        self.recheck()
        self.changed.emit()

    # ------------------------------------------------------------------ edits (each one undo step)
    def set_cells(self, values: dict[CellRef, Number | None], text: str) -> bool:
        changes = {ref: (self.report.get(ref), v) for ref, v in values.items() if self.report.get(ref) != v
                   or (ref in self.marked)}
        if not changes:
            return False
        self.undo_stack.push(SetCellsCommand(self, changes, text))
        return True

    def fill_blanks(self, table_ids: list[str] | None = None) -> int:
        """空白单元格填0 in these tables (None: all), one undo step; filled cells are never touched."""
        from editor.blanks import zeros_for_blanks

        zeros = zeros_for_blanks(self.report, table_ids)
        if zeros:
            self.set_cells(dict(zeros), f"空白单元格填0（{len(zeros)}格）")
        return len(zeros)

    def set_meta(self, meta: Meta, text: str) -> bool:
        if meta == self.report.meta:
            return False
        self.undo_stack.push(SetMetaCommand(self, meta, text))
        return True

    def change_edition(self, meta: Meta) -> list[str]:
        """Convert to the edition the meta's year requires (one undo step); returns what was lost.

        Call only after the user agreed to the list from ``convert_report(...)[1]``."""
        new, lost = convert_report(self.report, meta)
        self.undo_stack.push(ReplaceReportCommand(self, new, f"改为{new.edition.name}"))
        return lost

    def mark_modified(self) -> None:
        """Changed outside the undo history (a restored recovery file): saving is still needed."""
        self._text_dirty = True
        self.modifiedChanged.emit(True)

    def set_acknowledged(self, key: str, note: str | None) -> None:
        self.undo_stack.push(AcknowledgeCommand(self, key, note))

    def set_text(self, section_id: str, text: str) -> None:
        """Narrative text: the text editor keeps its own undo history, so no undo command here.
        Paragraph indents typed by hand are dropped: the Word export indents every paragraph itself."""
        if self.report.text(section_id) == text:
            return
        text = strip_indents(text)
        if self.report.text(section_id) == text:
            return
        if text:
            self.report.texts[section_id] = text
        else:
            self.report.texts.pop(section_id, None)
        was = self.modified
        self._text_dirty = True
        if not was:
            self.modifiedChanged.emit(True)
        self._after_change()

    def replace_report(self, report: Report, path: Path | None, marked: dict[CellRef, str] | None = None,
                       sources: dict[CellRef, str] | None = None) -> None:
        """A whole new document (新建, 打开, restore): clears the undo history."""
        edition_changed = report.edition_id != self.report.edition_id
        self.report = report
        self.path = path
        self.marked = dict(marked or {})
        self.sources = dict(sources or {})
        self.undo_stack.clear()
        self._text_dirty = False
        self.undo_stack.setClean()
        self._after_change()
        if edition_changed:
            self.editionChanged.emit()
        self.metaChangedOutside.emit()
        self.textChangedOutside.emit("")
        self.modifiedChanged.emit(False)


def convert_report(old: Report, meta: Meta) -> tuple[Report, list[str]]:
    """The report in the edition ``meta.year`` requires, keeping only the cells and sections both
    editions have, and the labels (with values) of what could not be carried over."""
    target = edition_for_year(meta.year)
    ed_old = old.edition
    lost = []
    values = {}
    for ref, v in old.values.items():
        if target.has_cell(ref):
            values[ref] = v
        else:
            lost.append(f"{ed_old.table(ref[0]).cell_label(ref[1], ref[2])}：{fmt(v)}")
    sections = {s.id for s in target.text_sections()}
    texts = {}
    for sid, t in old.texts.items():
        if sid in sections:
            texts[sid] = t
        elif t:
            lost.append(f"{ed_old.section(sid).heading}（正文）")
    return Report(target.id, Meta(**vars(meta)), texts, values, dict(old.acknowledged), old.last_year), lost


class SetCellsCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, changes: dict[CellRef, tuple[Number | None, Number | None]], text: str):
        super().__init__(text)
        self.doc = doc
        self.changes = changes
        # An import mark goes with the first edit of its cell and comes back on undo.
        self.unmarked = {ref: doc.marked[ref] for ref in changes if ref in doc.marked}
        self._done_once = False  # the push runs redo once: the user is at the cells already

    def redo(self) -> None:
        for ref, (_old, new) in self.changes.items():
            self.doc.report.set(ref, new)
            self.doc.marked.pop(ref, None)
        self.doc._after_change()
        if self._done_once:
            self.doc.cellsRevisited.emit(list(self.changes))
        self._done_once = True

    def undo(self) -> None:
        for ref, (old, _new) in self.changes.items():
            self.doc.report.set(ref, old)
        self.doc.marked.update(self.unmarked)
        self.doc._after_change()
        self.doc.cellsRevisited.emit(list(self.changes))


class SetMetaCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, meta: Meta, text: str):
        super().__init__(text)
        self.doc = doc
        self.old = Meta(**vars(doc.report.meta))
        self.new = Meta(**vars(meta))

    def _apply(self, meta: Meta) -> None:
        self.doc.report.meta = Meta(**vars(meta))
        self.doc._after_change()
        self.doc.metaChangedOutside.emit()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class ReplaceReportCommand(QUndoCommand):
    """A change of edition: the whole report swaps, so undo restores every cell the new edition lacks."""

    def __init__(self, doc: ReportDocument, new: Report, text: str):
        super().__init__(text)
        self.doc = doc
        self.old = doc.report
        self.new = new

    def _apply(self, report: Report) -> None:
        self.doc.report = report
        self.doc._after_change()
        self.doc.editionChanged.emit()
        self.doc.metaChangedOutside.emit()
        self.doc.textChangedOutside.emit("")

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class AcknowledgeCommand(QUndoCommand):
    def __init__(self, doc: ReportDocument, key: str, note: str | None):
        super().__init__("确认警告" if note is not None else "取消确认")
        self.doc = doc
        self.key = key
        self.old = doc.report.acknowledged.get(key)
        self.new = note

    def _apply(self, note: str | None) -> None:
        if note is None:
            self.doc.report.acknowledged.pop(self.key, None)
        else:
            self.doc.report.acknowledged[self.key] = note
        self.doc._after_change()

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

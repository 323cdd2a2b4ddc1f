"""Bring a cell of a table view into sight inside the page's own scroll area (the table views do not
scroll: their page does)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QScrollArea


def reveal(view: QAbstractItemView, index: QModelIndex) -> None:
    view.scrollTo(index)
    parent = view.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None or parent.widget() is None:
        return
    rect = view.visualRect(index)
    if rect.isEmpty():
        return
    centre = view.viewport().mapTo(parent.widget(), rect.center())
    parent.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 20, rect.height() // 2 + 20)

"""Zoom of the official tables (Ctrl+wheel, Ctrl+=, Ctrl+−, Ctrl+0), remembered across sessions.

One factor for every table of every window, kept in QSettings; a change is announced by the
notifier so that the pages built so far refit their tables, and pages built later read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:  # made by the table pages, not at start (see pages.heading)
    from PySide6.QtGui import QFont

SETTING = "view/zoom"
STEPS = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)


class _Notifier(QObject):
    changed = Signal(float)


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier(QApplication.instance())
    return _notifier


def current() -> float:
    try:
        value = float(QSettings().value(SETTING, 1.0))
    except (TypeError, ValueError):
        return 1.0
    return min(STEPS[-1], max(STEPS[0], value))


def set_zoom(factor: float) -> float:
    factor = min(STEPS[-1], max(STEPS[0], round(factor, 2)))
    if factor != current():
        QSettings().setValue(SETTING, factor)
        notifier().changed.emit(factor)
    return factor


def step(direction: int) -> float:
    """One step larger (direction > 0) or smaller; 0 returns to 100 %."""
    now = current()
    if direction == 0:
        return set_zoom(1.0)
    if direction > 0:
        bigger = [s for s in STEPS if s > now + 1e-6]
        return set_zoom(bigger[0] if bigger else STEPS[-1])
    smaller = [s for s in STEPS if s < now - 1e-6]
    return set_zoom(smaller[-1] if smaller else STEPS[0])


def zoomed_font(factor: float) -> QFont:
    """The application's font at this zoom."""
    from PySide6.QtGui import QFont

    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(max(6, round(font.pixelSize() * factor)))
    return font

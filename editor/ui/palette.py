"""The editor's colours in one place.

The official tables are printed documents: they keep a light "paper" palette in every desktop theme
(dark text on light cells, as in Excel), so the state colours (error red, warning yellow, imported
blue, blank grey) mean the same everywhere. Text drawn on the window's own background (the findings
list, the counts, hints, the info bar) takes colours chosen for the theme's lightness.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette

if TYPE_CHECKING:  # QPainter's type and enums cost ~1 ms to create: imported by the tables, not at start
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

# The tables' paper.
PAPER = QColor("#FFFFFF")
INK = QColor("#1A1A1A")
GRID = QColor("#B9C0C8")
ERROR_BG = QColor("#F6B8B8")
WARNING_BG = QColor("#FFE2A8")
MARKED_BG = QColor("#CFE3FF")
BLANK_BG = QColor("#F4F4F4")
HEADER_BG = QColor("#EEF1F5")
CAPTION_BG = QColor("#C6D9F1")  # the common template's shading of the 第二十条 caption rows
BLANK_FG = QColor("#8A8A8A")
LAST_FG = QColor("#5A6A80")  # last year's numbers under this year's
SELECTION = QColor("#1E5BC6")
SELECTION_TINT = QColor(30, 91, 198, 56)  # translucent: the cell's own state colour shows through


def table_palette(base: QPalette | None = None) -> QPalette:
    """The light palette of the official tables, whatever the desktop theme."""
    pal = QPalette(base) if base is not None else QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        pal.setColor(group, QPalette.ColorRole.Base, PAPER)
        pal.setColor(group, QPalette.ColorRole.AlternateBase, HEADER_BG)
        pal.setColor(group, QPalette.ColorRole.Window, PAPER)
        pal.setColor(group, QPalette.ColorRole.Text, INK)
        pal.setColor(group, QPalette.ColorRole.WindowText, INK)
        pal.setColor(group, QPalette.ColorRole.ButtonText, INK)
        pal.setColor(group, QPalette.ColorRole.Button, HEADER_BG)
        pal.setColor(group, QPalette.ColorRole.PlaceholderText, BLANK_FG)
        pal.setColor(group, QPalette.ColorRole.Highlight, SELECTION)
        pal.setColor(group, QPalette.ColorRole.HighlightedText, PAPER)
        pal.setColor(group, QPalette.ColorRole.Mid, GRID)
        pal.setColor(group, QPalette.ColorRole.Dark, GRID.darker(130))
    return pal


def paint_selection(painter: QPainter, rect: QRect) -> None:
    """A selected cell keeps its own colour (error, warning, blank): a tint and a border over it."""
    from PySide6.QtGui import QPen

    painter.save()
    painter.fillRect(rect, SELECTION_TINT)
    pen = QPen(SELECTION)
    pen.setWidth(2)
    painter.setPen(pen)
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def severity_colors(palette: QPalette) -> dict[str, QColor]:
    """Text colours for 错误, 警告, 已确认 and 通过 on the window's own background."""
    if is_dark(palette):
        return {"错误": QColor("#FF8A80"), "警告": QColor("#FFCC80"), "已确认": QColor("#B0B0B0"),
                "通过": QColor("#A5D6A7")}
    return {"错误": QColor("#C62828"), "警告": QColor("#9A5B00"), "已确认": QColor("#6E6E6E"),
            "通过": QColor("#2E7D32")}


def muted_text(palette: QPalette) -> QColor:
    """Secondary text (hints, notes): between the theme's text and its background, still readable."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    mix = 0.3
    return QColor(round(text.red() * (1 - mix) + window.red() * mix),
                  round(text.green() * (1 - mix) + window.green() * mix),
                  round(text.blue() * (1 - mix) + window.blue() * mix))


def muted_style(palette: QPalette) -> str:
    return f"color: {muted_text(palette).name()}"


def info_bar_style(palette: QPalette, selector: str = "QToolBar") -> str:
    """The quiet yellow bar under the menus, with its own text colour so that a theme's light text
    never lands on the light yellow."""
    if is_dark(palette):
        bg, fg, line = "#3D3520", "#F5E6B8", "#5A4E2E"
    else:
        bg, fg, line = "#FFF6DA", "#3A2E00", "#E8D9A8"
    return (f"{selector} {{ background: {bg}; border-bottom: 1px solid {line}; spacing: 6px; padding: 0px 4px; }}"
            f"{selector} QLabel {{ color: {fg}; }}"
            f"{selector} QPushButton {{ color: {fg}; padding: 1px 8px; }}")


def dark_palette() -> QPalette:
    """A dark desktop theme (as Fusion's dark mode), for checking the colours in tests and screenshots."""
    pal = QPalette()
    window, base, text = QColor("#2B2B2B"), QColor("#1E1E1E"), QColor("#EDEDED")
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        pal.setColor(group, QPalette.ColorRole.Window, window)
        pal.setColor(group, QPalette.ColorRole.WindowText, text)
        pal.setColor(group, QPalette.ColorRole.Base, base)
        pal.setColor(group, QPalette.ColorRole.AlternateBase, window)
        pal.setColor(group, QPalette.ColorRole.Text, text)
        pal.setColor(group, QPalette.ColorRole.Button, QColor("#353535"))
        pal.setColor(group, QPalette.ColorRole.ButtonText, text)
        pal.setColor(group, QPalette.ColorRole.ToolTipBase, QColor("#3A3A3A"))
        pal.setColor(group, QPalette.ColorRole.ToolTipText, text)
        pal.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#9A9A9A"))
        pal.setColor(group, QPalette.ColorRole.Highlight, QColor("#2F65CA"))
        pal.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
        pal.setColor(group, QPalette.ColorRole.Light, QColor("#505050"))
        pal.setColor(group, QPalette.ColorRole.Midlight, QColor("#404040"))
        pal.setColor(group, QPalette.ColorRole.Mid, QColor("#303030"))
        pal.setColor(group, QPalette.ColorRole.Dark, QColor("#202020"))
        pal.setColor(group, QPalette.ColorRole.Shadow, QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7A7A7A"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Window, window)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, base)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#353535"))
    return pal

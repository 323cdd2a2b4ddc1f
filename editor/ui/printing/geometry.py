"""Page geometry of the print layout (FORMAT.md, "Typesetting") and the text primitives it is built of.

All lengths are twips (1/20 pt) and fonts are sized in pixels of that unit, so a layout does not depend on
the device it is painted on.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextCharFormat, QTextLayout, QTextOption

from editor.io.docx import style as st

MM = 1440 / 25.4  # twips
PAGE_W, PAGE_H = 210 * MM, 297 * MM
TOP, LEFT = 37 * MM, 28 * MM
TEXT_W = float(st.TEXT_WIDTH_TWIPS)
TEXT_H = 225 * MM
LINE = float(st.LINE_PITCH)
NUMBER_TOP = TOP + TEXT_H + 7 * MM  # the page number's top, 7 mm below the text area (as in the DOCX)
BORDER = 10  # 0.5 pt
INDENT = 2 * st.BODY_PT * 20  # two characters


def page_layout():
    """A4 portrait with the GB/T 9704 margins, for printers and the PDF writer."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(28, 37, 26, 35), QPageLayout.Unit.Millimeter)


def make_font(families: list[str], size_pt: float, spacing_twips: float = 0) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(round(size_pt * 20))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    font.setKerning(False)
    if spacing_twips:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing_twips)
    return font


def fit(font: QFont, text: str, width: float) -> QFont:
    """A figure stays on one line: where the font drawn with is wider than the column was made for (digits
    of a fallback for Times New Roman), it is set smaller, never wrapped."""
    natural = QFontMetricsF(font).horizontalAdvance(text)
    if natural <= width or not text:
        return font
    smaller = QFont(font)
    smaller.setPixelSize(max(1, int(font.pixelSize() * width / natural)))
    return smaller


def text_layout(text: str, font: QFont, width: float, align: Qt.AlignmentFlag, first_indent: float = 0,
                 formats: list[tuple[int, int, QFont]] = ()) -> tuple[QTextLayout, list[float]]:
    """Break ``text`` into lines of ``width``; returns the layout and each line's natural height."""
    layout = QTextLayout(text, font)
    option = QTextOption(align)
    option.setUseDesignMetrics(True)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    ranges = []
    for start, length, f in formats:
        fr = QTextLayout.FormatRange()
        fr.start, fr.length = start, length
        cf = QTextCharFormat()
        cf.setFont(f)
        fr.format = cf
        ranges.append(fr)
    if ranges:
        layout.setFormats(ranges)
    layout.beginLayout()
    heights = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        indent = first_indent if not heights else 0
        line.setLineWidth(width - indent)
        line.setPosition(QPointF(indent, 0))
        heights.append(line.height())
    layout.endLayout()
    return layout, heights

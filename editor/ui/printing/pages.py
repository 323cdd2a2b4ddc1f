"""Painting the laid-out report page by page onto any paint device: QPdfWriter, QPrinter, the preview.

Each page shows its slice of the document in the text area and "— N —" in 四号 宋体 7 mm below it, on
the outer side (odd pages right, even pages left, one character in from the edge), as in the DOCX.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPagedPaintDevice, QPainter, QPdfWriter

from editor.ui.printing import layout as lay
from editor.ui.printing.layout import PrintLayout


def paint(printout: PrintLayout, painter: QPainter, device: QPagedPaintDevice,
          pages: range | None = None) -> None:
    """Paint ``pages`` (0-based, default all) of the layout, one per device page. The device's page
    layout must be A4; its resolution may be anything: the painter scales from the layout's twips."""
    dpi = device.logicalDpiX()
    scale = dpi / 1440
    # A printer's painter starts at the printable area's corner, a PDF writer's at the paper's.
    layout = device.pageLayout()
    full, paint_rect = layout.fullRectPixels(dpi), layout.paintRectPixels(dpi)
    origin = QPointF(-(paint_rect.x() - full.x()) / scale, -(paint_rect.y() - full.y()) / scale)
    pages = pages if pages is not None else range(printout.page_count)
    for n, index in enumerate(pages):
        if n:
            device.newPage()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        painter.translate(origin)
        printout.paint_page(painter, index)
        painter.restore()


def pdf_bytes(printout: PrintLayout, title: str = "", creator: str = "") -> bytes:
    """The layout as a PDF (fonts embedded by Qt's PDF engine)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setResolution(1200)
    writer.setPageLayout(lay.page_layout())
    writer.setTitle(title)
    writer.setCreator(creator)
    painter = QPainter(writer)
    try:
        paint(printout, painter, writer)
    finally:
        painter.end()
    buf.close()
    from editor.ui.printing.fonts import same_glyph_all
    from editor.ui.printing.tounicode import fix_pdf

    return fix_pdf(bytes(data.data()), same_glyph_all(printout.fonts))

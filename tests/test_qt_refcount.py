"""The installed PySide6 must not lose references to None (PySide6 6.12.0 does on every void method call,
which aborts Python 3.11 after a few thousand calls: the PDF export makes tens of thousands)."""

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_methods_keep_the_reference_count_of_none(qapp):
    from PySide6.QtGui import QFont, QTextOption

    font, option = QFont(), QTextOption()
    before = sys.getrefcount(None)
    for _ in range(500):
        font.setPixelSize(10)
        option.setUseDesignMetrics(True)
    assert sys.getrefcount(None) - before > -100

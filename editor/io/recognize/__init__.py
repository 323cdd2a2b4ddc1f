"""Recognizing a report in other people's files: labels, sections, meta and tables.

Every foreign importer (text, HTML, PDF, foreign DOCX/XLSX) turns its file into a list of ``Line`` (one
table row or one paragraph, as cells) and hands it to ``recognize_lines``; the rules for finding the edition,
the sections and every table cell live here once.
"""

from editor.io.recognize.document import Line, recognize_lines

__all__ = ["Line", "recognize_lines"]

"""Printing, print preview and PDF export without an office suite: one Qt text-document layout of the
report (layout.py), painted page by page onto a printer, the preview or a PDF writer (pages.py)."""

"""The project's own error for a file that cannot be read or written; its message is Chinese, for the user."""

from __future__ import annotations


class ReportFileError(ValueError):
    """A file that cannot be read as a report (or written). The message is Chinese and meant for the user."""

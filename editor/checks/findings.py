"""What a check reports: one Finding per broken rule instance."""

from __future__ import annotations

from editor.records import Record, record
from editor.schema import CellRef

ERROR = "error"
WARNING = "warning"


@record(frozen=True)
class TextSpan(Record):
    """Character offsets into one narrative section's text, for underlining."""

    section: str
    start: int
    end: int


@record(frozen=True)
class Finding(Record):
    """One problem a check found, with the cells or text it concerns; ``key`` is stable across edits."""

    rule: str
    severity: str
    key: str  # rule id + "|" + subject: stable across edits that do not change the subject
    message: str  # Chinese, with the equation and its numbers
    cells: tuple[CellRef, ...] = ()
    text: TextSpan | None = None
    acknowledged: bool = False

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "key": self.key,
            "cells": [list(c) for c in self.cells],
            "text": None if self.text is None else
            {"section": self.text.section, "start": self.text.start, "end": self.text.end},
            "message": self.message,
            "acknowledged": self.acknowledged,
        }

"""一键改正: the window's side of the fixes the findings panel offers (the fixes themselves are Qt-free,
in editor/checks)."""

from __future__ import annotations

from editor.checks import Finding
from editor.checks.punctuation import fix_half_width, half_width_marks


def apply_fix(window, finding: Finding | None) -> bool:
    """Apply the fix of a finding; True when the report changed. Undo: Ctrl+Z in the text."""
    if finding is None or finding.text is None:
        return False
    if finding.rule == "text.punctuation":
        page = window.show_section(finding.text.section)
        page.commit()  # fix what is typed
        text = window.doc.report.text(finding.text.section)
        n = len(half_width_marks(text))
        fixed = fix_half_width(text)
        if fixed == text:
            return False
        page.replace_text(fixed)
        window.show_message(f"已将{n}处半角标点改为全角（可在正文中按 Ctrl+Z 撤销）")
        return True
    return False


def install(window) -> None:
    window.findings.fixRequested.connect(lambda f: apply_fix(window, f))

"""Helpers shared by the subcommands: exit codes, messages and the import log."""

from __future__ import annotations

import sys

from editor.io.formats import ImportResult, log_lines

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERNAL = 70  # the program itself failed (sysexits' EX_SOFTWARE): never 1 ("report has errors")
EXIT_INTERRUPTED = 130


def fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_UNREADABLE


def print_log(result: ImportResult) -> None:
    if not result.log:
        return
    print(f"导入记录（{len(result.log)}条）：")
    for line in log_lines(result.log):
        print(f"  - {line}")

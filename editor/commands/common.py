"""Helpers shared by the subcommands: exit codes, messages, the import log, and the never-overwrite rule."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from editor.io.formats import ImportResult, log_lines

if TYPE_CHECKING:
    import argparse  # the window's start path never builds a parser (see cli.main)

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


def add_force_option(parser: argparse.ArgumentParser, what: str = "输出文件") -> None:
    parser.add_argument("--force", action="store_true",
                        help=f"{what}已存在时覆盖它（默认不覆盖已有文件，以免误删已填写的报告）")


def refuses_overwrite(path: str | os.PathLike[str], force: bool) -> bool:
    """True, after saying so, when ``path`` already exists and ``--force`` was not given: a command
    never replaces a file the user may have filled in (a .bak would not survive the next save).
    Called before any work, so that a refused run leaves the file byte for byte as it was."""
    if force or not os.path.lexists(path):
        return False
    kind = "文件夹" if os.path.isdir(path) else "文件"
    fail(f"{kind}已存在：{os.fspath(path)}。为免覆盖已有内容，未写入任何文件；"
         "请换一个文件名，或确需覆盖时加 --force")
    return True

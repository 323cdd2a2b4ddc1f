"""The one command, ``report-editor``: no argument (or a file) starts the editor; subcommands run the same
domain code headless. Every word the user reads is Chinese, argparse's own included."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from editor import __version__

if TYPE_CHECKING:
    import argparse

# Each name is a module editor.commands.<name> with register(subparsers) and run(args) -> int.
COMMANDS = ("check", "new", "convert", "gui", "rollover", "summarize")

_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "show program's version number and exit": "显示版本号并退出",
}


def _zh(text: str) -> str:
    return _ARGPARSE_ZH.get(text, text)


def _argparse():
    """argparse, speaking Chinese: imported only when a command line is parsed (not on the editor's
    start path, ``report-editor`` or ``report-editor FILE``: ~1.5 ms of it)."""
    import argparse

    # argparse looks its messages up through the module-level gettext alias at call time.
    argparse._ = _zh  # type: ignore[attr-defined]
    return argparse


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: register just that command (its module alone is imported, so
    starting the editor does not load the summary's process pool or the other commands)."""
    argparse = _argparse()

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}：错误：{message}\n")

    parser = _Parser(
        prog="report-editor",
        description="政府信息公开工作年度报告编辑器：填写、检查勾稽关系、导入导出年报。"
                    "不带参数运行打开编辑器窗口；“report-editor 文件”在编辑器中打开该文件。",
    )
    parser.add_argument("--version", action="version", version=f"report-editor {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)
    for name in COMMANDS if only is None else (only,):
        module = _command_module(name)
        if module is not None:
            module.register(sub)
    return parser


def _command_module(name: str):
    module_name = f"editor.commands.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `report-editor check … | head`: the reader left; say nothing more, and no traceback at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except SystemExit:
        raise
    except BaseException as exc:  # the edge: whatever escaped is a message, a log file and our own code
        return _internal_error(exc, argv)


def _main(args_list: list[str]) -> int:
    gui = _command_module("gui")
    first = args_list[0] if args_list else None
    if first is not None and first not in COMMANDS and not first.startswith("-"):
        # `report-editor FILE` opens the editor; any other word is a mistyped command.
        if gui is None or not _names_a_file(first):
            return _unknown_command(first)
    # `report-editor` and `report-editor FILE` open the editor: as `gui` would, without a parser.
    if gui is not None and (first is None or (first not in COMMANDS and not first.startswith("-"))):
        if len(args_list) <= 1:
            return int(gui.run(gui.plain_arguments(first)) or 0)
        args_list = ["gui", *args_list]
    # A known command first: only its parser is needed. Anything else (help, an error) gets them all.
    parser = build_parser(args_list[0] if args_list and args_list[0] in COMMANDS else None)
    if not args_list:
        parser.print_help()
        return 0
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 0
    return int(args.run(args) or 0)


def _internal_error(exc: BaseException, argv: Sequence[str] | None) -> int:
    from editor.commands.common import EXIT_INTERNAL
    from editor.crash_log import crash_message, write_crash_log

    shown = " ".join(sys.argv[1:] if argv is None else argv)
    path = write_crash_log(exc, f"report-editor {shown}")
    try:
        print(f"错误：{crash_message(path)}", file=sys.stderr)
    except (OSError, ValueError):
        pass
    return EXIT_INTERNAL


def _names_a_file(word: str) -> bool:
    """``report-editor WORD``: a file to open when it exists, has a report file's extension or a folder
    in it; otherwise a mistyped command (``report-editor chek``)."""
    from editor.io.formats import READERS

    return (os.path.lexists(word) or Path(word).suffix.lower() in READERS
            or any(sep in word for sep in ("/", os.sep)))


def _unknown_command(word: str) -> int:
    import difflib  # only for a mistyped command: not on the start path

    names = "、".join(COMMANDS)
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    hint = f"是否要运行 {close[0]}？" if close else "要打开文件，请写出文件的完整名称（含扩展名）。"
    print(f"report-editor：错误：未知命令“{word}”，{hint}\n"
          f"可用的命令：{names}（report-editor 命令 --help 查看各命令的用法）", file=sys.stderr)
    return 2


def _utf8_console() -> None:
    # A Windows console may default to a legacy code page; Chinese must never raise UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass

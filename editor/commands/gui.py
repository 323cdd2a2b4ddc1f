"""report-editor gui [FILE] [--section ID] [--screenshot OUT.png [--size WxH]]: the editor window.

``report-editor`` and ``report-editor FILE`` are routed here by cli.main. Qt is imported only when
this command runs, so the headless commands stay light."""

from __future__ import annotations

import gc
from pathlib import Path

SECTIONS = ("meta", "preamble", "overview", "proactive", "requests", "appeals", "problems", "other")


def register(sub) -> None:
    p = sub.add_parser("gui", help="打开编辑器窗口（不带命令运行时的默认动作）",
                       description="打开编辑器窗口；给出文件则打开该文件（可导入 Word、Excel、网页、PDF 等）。"
                                   "--screenshot 在后台绘制窗口并保存截图后退出，无需显示器。")
    p.add_argument("file", nargs="?", metavar="文件", help="要打开的年报文件")
    p.add_argument("--section", choices=SECTIONS, default=None, metavar="部分",
                   help="显示的部分：" + "、".join(SECTIONS) + "（默认 meta，即基本信息）")
    p.add_argument("--screenshot", metavar="OUT.png", help="保存窗口截图到此文件后退出")
    p.add_argument("--size", metavar="宽x高", type=_size, default=None,
                   help="截图的窗口大小（像素），如 1366x768；不给出时窗口放大到整张表格可见")
    p.set_defaults(run=run)


def plain_arguments(file: str | None):
    """What ``register``'s parser makes of ``gui [FILE]``, built without it: ``report-editor`` and
    ``report-editor FILE`` start the editor without importing argparse (a test keeps the two equal)."""
    from types import SimpleNamespace

    return SimpleNamespace(command="gui", file=file, section=None, screenshot=None, size=None, run=run)


def _size(text: str) -> tuple[int, int]:
    import argparse

    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"窗口大小应写成“宽x高”，如 1366x768，而不是“{text}”") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"窗口大小 {w}x{h} 不合理：宽应在320至8000之间，高应在240至8000之间")
    return w, h


def run(args) -> int:
    # Starting creates tens of thousands of long-lived objects (Qt's enums, the editions, the widgets'
    # wrappers): the cyclic collector would scan them again and again for nothing (~10 % of the start).
    # It is off until the window is shown; editor.ui.app then freezes what exists and turns it back on.
    gc.disable()
    try:
        return _run(args)
    finally:
        gc.enable()


def _run(args) -> int:
    from editor.commands.common import EXIT_OK, fail
    from editor.io.load import load
    from editor.io.native import ReportFileError

    path = Path(args.file) if args.file else None
    if args.screenshot:
        from editor.ui.app import screenshot

        try:
            code = screenshot(Path(args.screenshot), path, args.section or "meta", getattr(args, "size", None))
        except ReportFileError as exc:
            return fail(str(exc))
        if code:
            return fail(f"无法保存截图：{args.screenshot}")
        print(f"已保存截图：{args.screenshot}")
        return EXIT_OK
    from editor import edition_cache

    edition_cache.hold_writes()  # a cold start's cache write waits until the window shows (ui.app.run)
    result = None
    if path is not None:
        try:
            result = load(str(path))  # an unreadable file: a message and exit 2, before any window
        except ReportFileError as exc:
            return fail(str(exc))
    from editor.ui.display import display_problem, explain

    problem = display_problem()
    if problem is not None:
        return explain(problem)  # before Qt, which would abort with exit 134 and English text
    from editor.ui.preload import start as preload
    from editor.ui.text_language import prefer_simplified_chinese

    prefer_simplified_chinese()  # fontconfig matches for zh-cn (before anything reads its configuration)
    preload()  # fonts' configuration and Qt's libraries on a second thread meanwhile (ui/preload.py)
    # The window's domain modules before Qt: PySide reads the source of every module imported after it
    # (looking for its __feature__ switches), ~0.1 ms each.
    import editor.checks  # noqa: F401
    from editor.ui.app import run as run_gui

    return run_gui(path, result, args.section)

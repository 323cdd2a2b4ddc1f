"""Whether the editor window can open here, told in Chinese before Qt would abort in English (exit 134).

Checked before QApplication exists: on Linux and the BSDs a window needs DISPLAY (X11) or WAYLAND_DISPLAY,
unless QT_QPA_PLATFORM names a platform. When Qt still cannot load its platform plugin (an X server
that does not answer, a missing system library such as libxcb-cursor0), ``guard_platform_plugin``
turns Qt's fatal message into the same Chinese explanation and exit code 2."""

from __future__ import annotations

import os
import sys

EXIT_NO_DISPLAY = 2

_CLI_HINT = ("不需要窗口的工作可以用命令行完成，例如：\n"
             "  report-editor check 年报.gknb                 检查勾稽关系\n"
             "  report-editor convert 年报.gknb 年报.docx     转换、导出\n"
             "  report-editor summarize 文件夹 -o 汇总表.xlsx  汇总检查\n"
             "  report-editor gui 年报.gknb --screenshot 截图.png   在后台绘制窗口截图\n"
             "report-editor --help 列出全部命令。")


def display_problem(environ: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no window can open here (Chinese), or None when a display is available or Qt was told
    which platform to use."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return "没有可用的显示器（未设置 DISPLAY 或 WAYLAND_DISPLAY，例如通过 SSH 登录的终端），无法打开编辑器窗口。"


def explain(problem: str) -> int:
    print(f"错误：{problem}\n{_CLI_HINT}", file=sys.stderr)
    return EXIT_NO_DISPLAY


def guard_platform_plugin():
    """Install a Qt message handler for the creation of QApplication: Qt's fatal "no platform plugin"
    ends the program with the Chinese explanation and exit 2 instead of an abort. Qt's other messages
    meanwhile are held back and printed as before once the application exists. Returns the function
    that prints them and removes the handler again."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    held: list[str] = []

    def handler(mode, _context, message: str) -> None:
        if mode != QtMsgType.QtFatalMsg or "platform plugin" not in message:
            held.append(message)
            return
        details = " ".join(held)
        # Qt names xcb-cursor whenever the xcb plugin fails: an unreachable display comes first.
        if "could not connect to display" in details:
            reason = f"无法连接到显示器（DISPLAY={os.environ.get('DISPLAY', '')}）"
        elif "xcb-cursor" in details:
            reason = "缺少 Qt 需要的系统库（如 libxcb-cursor0：sudo apt-get install libxcb-cursor0）"
        else:
            reason = "Qt 无法加载图形界面插件"
        explain(f"{reason}，无法打开编辑器窗口。")
        print("技术信息：" + " / ".join([*held, message]), file=sys.stderr)
        sys.stderr.flush()
        os._exit(EXIT_NO_DISPLAY)  # Qt aborts as soon as this returns

    qInstallMessageHandler(handler)

    def release() -> None:
        qInstallMessageHandler(None)
        for message in held:
            print(message, file=sys.stderr)

    return release

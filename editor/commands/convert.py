"""report-editor convert IN OUT [--force]: any readable format to any writable one, by the files' extensions."""

from __future__ import annotations

from pathlib import Path

from editor.commands.common import EXIT_OK, EXIT_UNREADABLE, add_force_option, fail, print_log, refuses_overwrite
from editor.io.formats import write_any
from editor.io.load import load
from editor.io.native import ReportFileError
from editor.io.oserror import os_reason


def register(sub) -> None:
    p = sub.add_parser("convert", help="转换年报文件格式",
                       description="按扩展名转换年报文件，如 2023年报.pdf → 2023.gknb，并列出导入记录；"
                                   "导出 .pdf 按公文版式排版，无需安装办公软件。")
    p.add_argument("input", metavar="输入文件")
    p.add_argument("output", metavar="输出文件")
    p.add_argument("--fonts", choices=("official", "windows"), default="official",
                   help="导出 Word/PDF 时的字体：official 公文字体（仿宋_GB2312、方正小标宋简体等，默认），"
                        "windows 系统自带字体（仿宋、宋体、楷体、黑体）")
    p.add_argument("--keep-blank", action="store_true",
                   help="导出 Word/Excel/PDF 时未填写的单元格保持空白（默认印为0）")
    add_force_option(p)
    p.set_defaults(run=run)


def run(args) -> int:
    if Path(args.input).resolve() == Path(args.output).resolve():
        return fail("输入文件和输出文件不能是同一个文件")
    if refuses_overwrite(args.output, args.force):
        return EXIT_UNREADABLE
    try:
        result = load(args.input)
        ext = Path(args.output).suffix.lower()
        options = {}
        if ext in (".docx", ".xlsx", ".pdf"):
            options["blank_as_zero"] = not args.keep_blank
        if ext in (".docx", ".pdf"):
            options["font_set"] = args.fonts
        font_note = ""
        if ext == ".pdf":
            # Laid out and written by Qt (no office suite needed); Qt is loaded only for this.
            from editor.ui.printing.pdf import write_pdf

            font_note = write_pdf(result.report, args.output, **options)
        else:
            write_any(result.report, args.output, **options)
            if ext == ".docx":
                font_note = _docx_font_note(args.fonts)
    except ReportFileError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"无法写入 {args.output}：{os_reason(exc)}")
    print_log(result)
    if font_note:
        print(font_note)
    print(f"已转换：{args.input} → {args.output}")
    return EXIT_OK


def _docx_font_note(set_id: str) -> str:
    from editor.io.fonts import installed_families, missing_message

    installed = installed_families()
    return missing_message(set_id, installed) if installed is not None else ""

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
                       description="按扩展名转换年报文件，如 2023年报.pdf → 2023.gknb，并列出导入记录。")
    p.add_argument("input", metavar="输入文件")
    p.add_argument("output", metavar="输出文件")
    p.add_argument("--fonts", choices=("official", "windows"), default="official",
                   help="导出 Word 时的字体：official 公文字体（仿宋_GB2312、方正小标宋简体等，默认），"
                        "windows 系统自带字体（仿宋、宋体、楷体、黑体）")
    p.add_argument("--keep-blank", action="store_true", help="导出 Word/Excel 时未填写的单元格保持空白（默认印为0）")
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
        if ext in (".docx", ".xlsx"):
            options["blank_as_zero"] = not args.keep_blank
        if ext == ".docx":
            options["font_set"] = args.fonts
        write_any(result.report, args.output, **options)
    except ReportFileError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"无法写入 {args.output}：{os_reason(exc)}")
    print_log(result)
    print(f"已转换：{args.input} → {args.output}")
    return EXIT_OK

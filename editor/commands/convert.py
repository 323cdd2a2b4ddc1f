"""report-editor convert IN OUT: any readable format to any writable one, by the files' extensions."""

from __future__ import annotations

from pathlib import Path

from editor.commands.common import EXIT_OK, fail, load, print_log
from editor.io.formats import write_any
from editor.io.native import ReportFileError


def register(sub) -> None:
    p = sub.add_parser("convert", help="转换年报文件格式",
                       description="按扩展名转换年报文件，如 2023年报.pdf → 2023.gknb，并列出导入记录。")
    p.add_argument("input", metavar="输入文件")
    p.add_argument("output", metavar="输出文件")
    p.set_defaults(run=run)


def run(args) -> int:
    if Path(args.input).resolve() == Path(args.output).resolve():
        return fail("输入文件和输出文件不能是同一个文件")
    try:
        result = load(args.input)
        write_any(result.report, args.output)
    except ReportFileError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"无法写入 {args.output}：{exc.strerror or exc}")
    print_log(result)
    print(f"已转换：{args.input} → {args.output}")
    return EXIT_OK

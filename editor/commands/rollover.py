"""report-editor rollover LAST OUT.gknb [--year Y] [--force]"""

from __future__ import annotations

from pathlib import Path

from editor.commands.common import EXIT_OK, EXIT_UNREADABLE, add_force_option, fail, print_log, refuses_overwrite
from editor.io.formats import write_any
from editor.io.load import load
from editor.io.native import ReportFileError
from editor.io.oserror import os_reason
from editor.rollover import roll_forward


def register(sub) -> None:
    p = sub.add_parser("rollover", help="由上年报告新建本年报告",
                       description="由上年报告（任何可读取的格式）新建本年报告：带入上年结转、机关名称、引言（年份顺延），"
                                   "其余数字留空，正文从官方小标题开始，上年报告保存在新文件中用于跨年核对。")
    p.add_argument("last", metavar="上年报告")
    p.add_argument("out", metavar="输出文件", help="新报告（.gknb）")
    p.add_argument("--year", type=int, metavar="年度", help="新报告年度（默认为上年报告年度＋1）")
    add_force_option(p)
    p.set_defaults(run=run)


def run(args) -> int:
    if Path(args.last).resolve() == Path(args.out).resolve():
        return fail("上年报告和新报告不能是同一个文件")
    if refuses_overwrite(args.out, args.force):
        return EXIT_UNREADABLE
    try:
        result = load(args.last)
        rolled = roll_forward(result.report, args.year)
        write_any(rolled.report, args.out)
    except ReportFileError as exc:
        return fail(str(exc))
    except ValueError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"无法写入 {args.out}：{os_reason(exc)}")
    print_log(result)
    for note in rolled.notes:
        print(f"  - {note}")
    report = rolled.report
    print(f"已新建 {report.meta.title or report.meta.year}（{report.edition.name}）：{args.out}")
    return EXIT_OK

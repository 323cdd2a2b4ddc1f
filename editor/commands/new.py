"""report-editor new --year Y --agency NAME OUT [--force]"""

from __future__ import annotations

from editor.commands.common import EXIT_OK, EXIT_UNREADABLE, add_force_option, fail, refuses_overwrite
from editor.io.formats import write_any
from editor.io.native import ReportFileError
from editor.io.oserror import os_reason
from editor.report import KINDS, Report


def _year(text: str) -> int:
    import argparse

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not 2008 <= year <= 2100:  # the 条例 took effect in 2008
        raise argparse.ArgumentTypeError(f"年份 {year} 不在 2008–2100 之间")
    return year


def register(sub) -> None:
    p = sub.add_parser("new", help="新建空白年报",
                       description="新建一份空白年报，格式版本按年度确定"
                                   "（2020年及以前为2019年版，2021年起为2021年版）。")
    p.add_argument("--year", type=_year, required=True, metavar="年度", help="报告年度，如 2025")
    p.add_argument("--agency", required=True, metavar="机关名称", help="如 某某区商务局")
    p.add_argument("--kind", choices=KINDS, default="department",
                   help="department 部门（1月31日前公布，默认）；government 人民政府（3月31日前公布）")
    p.add_argument("out", metavar="输出文件", help="新报告保存到的文件（.gknb、.json、.docx 或 .xlsx）")
    add_force_option(p)
    p.set_defaults(run=run)


def run(args) -> int:
    if refuses_overwrite(args.out, args.force):
        return EXIT_UNREADABLE
    report = Report.blank(args.year, args.agency.strip(), args.kind)
    try:
        write_any(report, args.out)
    except ReportFileError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"无法写入 {args.out}：{os_reason(exc)}")
    print(f"已新建 {report.meta.title}（{report.edition.name}）：{args.out}")
    return EXIT_OK

"""report-editor summarize INPUTS… -o 汇总.xlsx [--year Y] [--jobs N] [--own FILE] [--notice 通报.docx]"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from editor.commands.common import EXIT_OK, fail
from editor.io.oserror import os_reason
from editor.summary import HAS_ERRORS, SET_APART, UNREADABLE, summarize


def register(sub) -> None:
    p = sub.add_parser("summarize", help="汇总检查一批年报，输出汇总表",
                       description="读取文件或文件夹（含子文件夹）中的所有年报，逐份检查并把表二、三、四相加，"
                                   "输出汇总表（汇总、单位一览、问题清单）。无法读取或年度、格式不符的报告单独列出，不计入合计。")
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("-o", "--output", required=True, metavar="汇总表.xlsx")
    p.add_argument("--year", type=int, metavar="年度", help="汇总年度（默认取多数报告的年度）")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="并行进程数（默认1）")
    p.add_argument("--own", metavar="本级报告", help="本级政府自身的报告：不计入合计，与下级合计逐格比对")
    p.add_argument("--notice", metavar="通报.docx", help="另外输出一份 Word 情况通报，列出有错误的报告及其主要问题")
    p.set_defaults(run=run)


def run(args) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        return fail("汇总表应保存为 .xlsx 文件")
    notice = Path(args.notice) if args.notice else None
    if notice is not None and notice.suffix.lower() != ".docx":
        return fail("情况通报应保存为 .docx 文件")
    # The own report is named on purpose: without it the comparison the user asked for cannot be made.
    missing = [i for i in [*args.inputs, *([args.own] if args.own else [])] if not Path(i).exists()]
    if missing:
        return fail(f"找不到：{'、'.join(missing)}")
    jobs = max(1, min(args.jobs, os.cpu_count() or 1))

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r已检查 {done}/{total}", end="", file=sys.stderr)

    try:
        summary = summarize(args.inputs, year=args.year, jobs=jobs, own=args.own, progress=progress)
    except ValueError as exc:
        return fail(str(exc))
    if sys.stderr.isatty():
        print(file=sys.stderr)
    from editor.io.xlsx.summary_book import write_summary_xlsx

    base = Path(args.inputs[0]) if Path(args.inputs[0]).is_dir() else None
    try:
        write_summary_xlsx(summary, out, base=base)
    except OSError as exc:
        return fail(f"无法写入 {out}：{os_reason(exc)}")
    if notice is not None:
        from editor.io.docx.summary_notice import write_summary_docx

        try:
            write_summary_docx(summary, notice, base=base)
        except OSError as exc:
            return fail(f"无法写入 {notice}：{os_reason(exc)}")
    counts = {s: sum(u.status == s for u in summary.units) for s in (HAS_ERRORS, SET_APART, UNREADABLE)}
    print(f"{summary.year}年度：共 {len(summary.units)} 个文件，计入合计 {len(summary.accepted)} 份，"
          f"有错误 {counts[HAS_ERRORS]} 份，另列 {counts[SET_APART]} 份，无法读取 {counts[UNREADABLE]} 个")
    for unit in summary.units:
        if unit.own:
            line = "本级报告"
        else:
            line = unit.status
        detail = unit.reason or (f"错误{unit.errors}项，警告{unit.warnings}项" if unit.readable else "")
        print(f"  [{line}] {unit.agency or unit.path.name}（{unit.path.name}）{('：' + detail) if detail else ''}")
    if summary.own is not None:
        print(f"本级报告与下级合计不一致：{len(summary.mismatches)} 处")
    print(f"已写出汇总表：{out}")
    if notice is not None:
        print(f"已写出情况通报：{notice}")
    return EXIT_OK

"""report-editor summarize INPUTS… -o 汇总.xlsx [--force] [--year Y] [--jobs N] [--own FILE] [--notice 通报.docx]
[--roster 名单] [--last 上年文件夹|上年汇总表.xlsx]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor.commands.common import EXIT_ERRORS, EXIT_INTERRUPTED, EXIT_OK, fail
from editor.io.oserror import os_reason

EXIT_CANCELLED = EXIT_INTERRUPTED  # Ctrl+C, as shells report an interrupted command

EPILOG = """退出代码：
  0  所有文件均已读取，没有报告存在错误
  1  有报告存在错误，或有文件无法读取（汇总表照常写出）
  2  参数有误、输出文件已存在（未加 --force）、没有任何可读取的年报，或无法写出
  70  程序内部出错（中文说明，技术细节写入日志文件）
  130 用户按 Ctrl+C 取消（不写出任何文件）

每个文件在单独的进程中读取，限时 20 秒（Linux 另限内存 1 GB）；超时、损坏或占用内存过多的文件列为
“无法读取”并注明原因，其余文件照常汇总。"""


def register(sub) -> None:
    from editor.summary_pool import default_jobs

    p = sub.add_parser("summarize", help="汇总检查一批年报，输出汇总表",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
                       description="读取文件或文件夹（含子文件夹）中的所有年报，逐份检查并把表二、三、四相加，"
                                   "输出汇总表（汇总、指标、单位一览、问题清单，给出名单时另有报送情况）。"
                                   "无法读取或年度、格式不符的报告单独列出，不计入合计。")
    p.add_argument("inputs", nargs="+", metavar="文件或文件夹")
    p.add_argument("-o", "--output", required=True, metavar="汇总表.xlsx")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（默认不覆盖，退出代码2）")
    p.add_argument("--year", type=int, metavar="年度", help="汇总年度（默认取多数报告的年度）")
    p.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                   help=f"并行读取的进程数（默认为处理器核数，本机{default_jobs()}）")
    p.add_argument("--own", metavar="本级报告", help="本级政府自身的报告：不计入合计，与下级合计逐格比对")
    p.add_argument("--notice", metavar="通报.docx", help="另外输出一份 Word 情况通报，列出有错误的报告及其主要问题")
    p.add_argument("--roster", metavar="名单.xlsx|.txt|.csv",
                   help="应报送单位名单（每行一个单位，或标题为“单位名称”的一列）：列出已报送、未报送和名单外的单位")
    p.add_argument("--last", metavar="上年文件夹|上年汇总表.xlsx",
                   help="上年度各单位年报所在的文件夹，或上年用本程序生成的汇总表：指标表给出同比变化")
    p.set_defaults(run=run)


def _refuse_existing(paths: list[Path], force: bool) -> str | None:
    for path in paths:
        if path.exists() and not force:
            return f"{path} 已存在，未覆盖；如需覆盖请加 --force"
        if path.exists() and not path.is_file():
            return f"{path} 不是普通文件，无法覆盖"
    return None


def run(args) -> int:
    from editor.io.native import ReportFileError
    from editor.summary import HAS_ERRORS, SET_APART, UNREADABLE, SummaryCancelled, last_year_from, summarize

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        return fail("汇总表应保存为 .xlsx 文件")
    notice = Path(args.notice) if args.notice else None
    if notice is not None and notice.suffix.lower() != ".docx":
        return fail("情况通报应保存为 .docx 文件")
    # The own report is named on purpose: without it the comparison the user asked for cannot be made.
    named = [*args.inputs, *([args.own] if args.own else []), *([args.roster] if args.roster else []),
             *([args.last] if args.last else [])]
    missing = [i for i in named if not Path(i).exists()]
    if missing:
        return fail(f"找不到：{'、'.join(missing)}")
    refused = _refuse_existing([out, *([notice] if notice else [])], args.force)
    if refused:
        return fail(refused)
    if args.jobs < 1:
        return fail("--jobs 应为正整数")
    roster = None
    if args.roster:
        from editor.summary_roster import read_roster

        try:
            roster = read_roster(args.roster)
        except ReportFileError as exc:
            return fail(str(exc))

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r已检查 {done}/{total}", end="", file=sys.stderr)

    try:
        summary = summarize(args.inputs, year=args.year, jobs=args.jobs, own=args.own, progress=progress,
                            roster=roster, roster_name=Path(args.roster).name if args.roster else "")
        if args.last:
            if sys.stderr.isatty():
                print("\n正在读取上年度资料…", file=sys.stderr)
            summary.last = last_year_from(args.last, summary.year - 1, jobs=args.jobs)
    except (ValueError, ReportFileError) as exc:
        return fail(str(exc))
    except (KeyboardInterrupt, SummaryCancelled):
        print("\n已取消，没有写出任何文件。", file=sys.stderr)
        return EXIT_CANCELLED
    if sys.stderr.isatty():
        print(file=sys.stderr)
    from editor.io.xlsx.summary_book import write_summary_xlsx

    try:
        write_summary_xlsx(summary, out)
    except OSError as exc:
        return fail(f"无法写入 {out}：{os_reason(exc)}")
    if notice is not None:
        from editor.io.docx.summary_notice import write_summary_docx

        try:
            write_summary_docx(summary, notice)
        except OSError as exc:
            return fail(f"无法写入 {notice}：{os_reason(exc)}")
    _print_summary(summary, HAS_ERRORS, SET_APART, UNREADABLE)
    print(f"已写出汇总表：{out}")
    if notice is not None:
        print(f"已写出情况通报：{notice}")
    return EXIT_ERRORS if summary.exit_code else EXIT_OK


def _print_summary(summary, HAS_ERRORS: str, SET_APART: str, UNREADABLE: str) -> None:
    counts = {s: sum(u.status == s for u in summary.units) for s in (HAS_ERRORS, SET_APART, UNREADABLE)}
    print(f"{summary.year}年度：共 {len(summary.units)} 个文件，计入合计 {len(summary.accepted)} 份，"
          f"有错误 {counts[HAS_ERRORS]} 份，另列 {counts[SET_APART]} 份，无法读取 {counts[UNREADABLE]} 个")
    for unit in summary.units:
        line = "本级报告" if unit.own else unit.status
        detail = unit.reason or (f"错误{unit.errors}项，警告{unit.warnings}项" if unit.readable else "")
        if unit.own and summary.own_in_folder:
            detail = "位于汇总文件夹中，已从下级合计中排除" + (f"；{detail}" if detail else "")
        print(f"  [{line}] {unit.agency or unit.name}（{unit.name}）{('：' + detail) if detail else ''}")
    if summary.own is not None:
        print(f"本级报告与下级合计不一致：{len(summary.mismatches)} 处")
    if summary.roster is not None:
        missing = [line.unit for line in summary.roster if not line.files]
        confirm = [line for line in summary.roster if line.needs_confirming]
        print(f"名单 {summary.roster_name}：应报送 {len(summary.roster)} 个单位，已报送 "
              f"{len(summary.roster) - len(missing)} 个，未报送 {len(missing)} 个，"
              f"名单外文件 {len(summary.outside)} 个")
        if missing:
            print(f"  未报送：{'、'.join(missing)}")
        for line in confirm:
            names = "、".join(f.agency or f.name for f in line.files)
            print(f"  请确认：名单中的“{line.unit}”对应 {names}（{line.how}）")
        for u in summary.outside:
            print(f"  名单外：{u.agency or '（未能识别单位）'}（{u.name}）")

"""report-editor check FILE [--last LAST] [--json]"""

from __future__ import annotations

import json
from itertools import groupby

from editor.checks import ERROR, Finding, check
from editor.checks.titles import rule_title
from editor.commands.common import EXIT_ERRORS, EXIT_OK, fail, print_log
from editor.io.load import load
from editor.io.native import ReportFileError
from editor.report import Report


def register(sub) -> None:
    p = sub.add_parser("check", help="检查年报的勾稽关系和常见错误",
                       description="检查年报：表格勾稽关系、数值、年份、正文与表格是否一致。"
                                   "退出码：0 无错误（可有警告），1 有错误，2 文件无法读取，70 程序内部出错。")
    p.add_argument("file", metavar="文件", help="年报文件（.gknb/.json，及程序能读取的其他格式）")
    p.add_argument("--last", metavar="上年文件", help="上年报告，用于跨年核对（优先于文件中保存的上年报告）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.set_defaults(run=run)


def describe(report: Report) -> str:
    m = report.meta
    who = m.agency or "（未填写机关名称）"
    year = f"{m.year}年度报告" if m.year else "（未填写年度）"
    return f"{who} {year} · {report.edition.name}"


def format_findings(findings: list[Finding]) -> list[str]:
    lines = []
    for severity, word in ((ERROR, "错误"), ("warning", "警告")):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"【{word}】")
        for rule, items in groupby(sorted(group, key=lambda f: f.rule), key=lambda f: f.rule):
            lines.append(f"  {rule_title(rule)}（{rule}）")
            for f in items:
                mark = "［已确认］" if f.acknowledged else ""
                lines.append(f"    - {mark}{f.message}")
    return lines


def run(args) -> int:
    try:
        result = load(args.file)
        last = load(args.last).report if args.last else None
    except ReportFileError as exc:
        return fail(str(exc))
    report = result.report
    findings = check(report, last)
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if args.json:
        print(json.dumps({"findings": [f.to_json() for f in findings]}, ensure_ascii=False, indent=1))
    else:
        print_log(result)
        print(describe(report))
        print(f"错误 {errors} 项，警告 {warnings} 项" if findings else "未发现问题。")
        for line in format_findings(findings):
            print(line)
    return EXIT_ERRORS if errors else EXIT_OK

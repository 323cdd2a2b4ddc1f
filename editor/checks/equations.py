"""The equation rules of an edition file (sums and comparisons over cells), with Chinese messages."""

from __future__ import annotations

from editor.checks.findings import Finding
from editor.checks.numbers import fmt, fmt_signed_term
from editor.report import Number, Report
from editor.schema import Rule, RuleInstance, Term

# Long sums (（七）总计 has 21 parts) print only their non-zero parts.
_MAX_PRINTED_TERMS = 6


def _value(report: Report, last: Report | None, term: Term) -> Number:
    source = last if term.last else report
    v = source.values.get(term.ref) if source is not None else None
    return 0 if v is None else v


def _names(terms: tuple[Term, ...], name: str) -> str:
    return name or "".join(fmt_signed_term_name(t, i == 0) for i, t in enumerate(terms))


def _side(values: list[Number], terms: tuple[Term, ...], name: str, total: Number) -> str:
    names = _names(terms, name)
    shown = list(zip(values, terms, strict=True))
    if len(shown) > _MAX_PRINTED_TERMS:
        shown = [(v, t) for v, t in shown if v != 0]
    if len(terms) <= 1:
        return f"{names}＝{fmt(total)}"
    if not shown:
        return f"{names}＝0"
    expr = "".join(fmt_signed_term(v, i == 0, t.sign) for i, (v, t) in enumerate(shown))
    return f"{names}＝{expr}＝{fmt(total)}"


def fmt_signed_term_name(term: Term, first: bool) -> str:
    if term.sign < 0:
        return "−" + term.name
    return term.name if first else "+" + term.name


def _message(rule: Rule, inst: RuleInstance, left: str, right: str, lv: Number, rv: Number) -> str:
    prefix = f"{inst.subject_label}：" if inst.subject_label else ""
    if rule.op == "=":
        return f"{prefix}{left}，{right}，相差{fmt(abs(lv - rv))}"
    if not inst.right:
        word = "不应小于" if rule.op == ">=" else "不应大于"
        return f"{prefix}{left}，{word}{rule.right_name or '0'}"
    word = "小于" if rule.op == ">=" else "大于"
    return f"{prefix}{left}，{word}{right}"


def _holds(op: str, lv: Number, rv: Number) -> bool:
    if op == "=":
        return lv == rv
    if op == "<=":
        return lv <= rv
    return lv >= rv


def _sum(terms: tuple[Term, ...], values: dict, last_values: dict) -> Number:
    # The hot path of every keystroke: plain loops, no intermediate lists.
    total: Number = 0
    for t in terms:
        v = (last_values if t.last else values).get(t.ref)
        if v:
            total = total + v if t.sign > 0 else total - v
    return total


def check_rule(rule: Rule, report: Report, last: Report | None) -> list[Finding]:
    if rule.cross_year:
        if last is None:
            return []
        # Last year's edition may lack a cell (2019 → 2021): nothing to compare with there.
        instances = rule.instances_comparable_with(last.edition)
    else:
        instances = rule.instances
    values = report.values
    last_values = last.values if last is not None else {}
    out = []
    for inst in instances:
        lv = _sum(inst.left, values, last_values)
        rv = _sum(inst.right, values, last_values)
        if _holds(rule.op, lv, rv):
            continue
        terms = inst.left + inst.right
        lvals = [_value(report, last, t) for t in inst.left]
        rvals = [_value(report, last, t) for t in inst.right]
        left = _side(lvals, inst.left, rule.left_name, lv)
        right = _side(rvals, inst.right, rule.right_name, rv)
        cells = tuple(dict.fromkeys(t.ref for t in terms if not t.last))
        out.append(Finding(rule.id, rule.severity, f"{rule.id}|{inst.subject}",
                           _message(rule, inst, left, right, lv, rv), cells))
    return out

"""Chinese names of the rules, for grouping findings in the command line and the findings panel."""

RULE_TITLES = {
    "requests.balance": "表三收支平衡（第一项＋第二项＝第三项＋第四项）",
    "requests.results_sum": "表三（七）总计等于各项办理结果之和",
    "requests.row_sum": "表三总计列等于各类申请人之和",
    "appeals.group_sum": "表四总计等于各结果之和",
    "cell.value": "数值不符合要求",
    "art20.stock": "上一年项目数量＋本年增/减不应为负",
    "art20.published_le_total": "本年新公开数量不应大于对外公开总数量",
    "edition.year": "格式版本与年度不符",
    "meta.deadline": "发布日期晚于法定期限",
    "meta.required": "基本信息未填写",
    "cross_year.carried_over": "上年结转与上年报告的结转下年度不一致",
    "cross_year.in_force": "现行有效件数与上年报告不衔接",
    "cross_year.previous": "上一年项目数量与上年报告不衔接",
    "text.numbers": "正文数字与表格不一致",
    "text.year": "正文年份疑似写错",
    "text.required": "正文内容缺失",
    "text.copied": "正文与上年报告雷同",
    "text.punctuation": "正文使用了半角标点",
    "summary.mismatch": "本级报告与下级汇总不一致",
    "cell.blank": "有未填写的单元格",
}


def rule_title(rule_id: str) -> str:
    return RULE_TITLES.get(rule_id, rule_id)

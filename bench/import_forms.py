"""Import accuracy and speed on the generated corpus of forms (tests/forms): per form, cells right /
missing / wrong over all seeds, the median import time (warm) and the first call.

Run from the repository root:
    python bench/import_forms.py [seeds] [--forms a,b] [--keep DIR] [--findings FILE]
--keep reuses (or creates) the rendered corpus in DIR; --findings appends every wrong or missing cell,
with a snippet of the rendered text, to FILE (Markdown) for whoever works on the recognizer.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.forms.render import FORM_BY_NAME, FORMS, Corpus, build_corpus  # noqa: E402
from tests.forms.score import Score, import_and_score  # noqa: E402


def _snippet(path: Path, labels: list[str], width: int = 160) -> str:
    """Where the text mentions the first label of a bad cell, or its opening."""
    if path.suffix not in (".txt", ".md", ".html"):
        return ""
    text = path.read_text(encoding="utf-8", errors="replace")
    for label in labels:
        i = text.find(label)
        if i >= 0:
            return text[max(0, i - 20): i + width].replace("\n", "⏎")
    return text[:width].replace("\n", "⏎")


def _findings(corpus: Corpus, results: dict[str, dict[int, Score]]) -> str:
    from editor.schema import edition

    out = [f"\n## {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — bench/import_forms.py "
           f"({len({s for _, s in corpus.files})} seeds)\n"]
    for form, by_seed in results.items():
        bad = {seed: s for seed, s in by_seed.items() if s.wrong or s.missing or s.refused}
        if not bad:
            continue
        wrong = sum(s.wrong for s in bad.values())
        missing = sum(s.missing for s in bad.values())
        out.append(f"### {form}: {wrong} wrong, {missing} missing in {len(bad)} of {len(by_seed)} seeds\n")
        for seed, s in sorted(bad.items(), key=lambda kv: (-kv[1].wrong, kv[0]))[:4]:
            ed = edition(corpus.expected[(form, seed)].edition_id)
            if s.refused:
                out.append(f"- seed {seed} ({ed.id}): refused: {s.refused}")
                continue
            wrong_txt = "; ".join(f"{r[0]}.{r[1]}.{r[2]} got {g} want {w}" for r, g, w in s.wrong_cells[:5])
            miss_txt = ", ".join(f"{r[0]}.{r[1]}.{r[2]}" for r in s.missing_cells[:6])
            labels = [ed.table(r[0]).row(r[1]).label for r, _, _ in s.wrong_cells[:1]] + \
                     [ed.table(r[0]).row(r[1]).label for r in s.missing_cells[:1]]
            out.append(f"- seed {seed} ({ed.id}, {corpus.files[(form, seed)].name}): wrong {s.wrong} "
                       f"[{wrong_txt}]; missing {s.missing} [{miss_txt}]")
            snip = _snippet(corpus.files[(form, seed)], labels)
            if snip:
                out.append(f"  - text: `{snip}`")
        out.append("")
    return "\n".join(out) + "\n"


def _own_docx_median(root: Path, seeds: list[int], repeats: int) -> float:
    """The baseline, measured in the same run: our own .docx export of the same reports read back."""
    from editor.io.docx.export import write_docx
    from editor.io.formats import read_any
    from tests.forms.reports import corpus_report

    times = []
    for seed in seeds:
        path = root / f"own_s{seed:03d}.docx"
        write_docx(corpus_report(seed), path, blank_as_zero=False)
        for _ in range(max(1, repeats)):
            t0 = time.perf_counter()
            read_any(path)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds", nargs="?", type=int, default=20)
    ap.add_argument("--forms", default="")
    ap.add_argument("--keep", default="")
    ap.add_argument("--findings", default="")
    ap.add_argument("--repeats", type=int, default=5, help="timed reads per file after the first")
    args = ap.parse_args()
    forms = [f for f in args.forms.split(",") if f] or [f.name for f in FORMS]
    seeds = list(range(args.seeds))
    with tempfile.TemporaryDirectory(prefix="gknb-forms-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        t0 = time.perf_counter()
        corpus = build_corpus(root, seeds, forms, log=print)
        print(f"语料生成：{len(corpus.files)} 个文件，{time.perf_counter() - t0:.1f} s")
        for form, why in corpus.unavailable.items():
            print(f"  {form}: {why}")
        base = _own_docx_median(root, seeds, args.repeats)
        print(f"对照：本程序自己的 .docx（同样的报告）读回中位耗时 {base * 1000:.1f} ms")
        results: dict[str, dict[int, Score]] = {}
        print(f"\n{'形式':<18}{'正确':>7}{'缺失':>7}{'错误':>6}{'正确率':>9}{'拒读':>6}{'元数据错':>8}"
              f"{'中位耗时':>10}{'首次':>10}{'对照倍数':>8}")
        for name in forms:
            files = {s: p for (f, s), p in corpus.files.items() if f == name}
            if not files:
                continue
            by_seed: dict[int, Score] = {}
            warm: list[float] = []
            firsts: list[float] = []
            for seed, path in sorted(files.items()):
                s = import_and_score(path, corpus.expected[(name, seed)])
                by_seed[seed] = s
                firsts.append(s.seconds)
                for _ in range(args.repeats):
                    warm.append(import_and_score(path, corpus.expected[(name, seed)]).seconds)
            results[name] = by_seed
            right = sum(s.right for s in by_seed.values())
            missing = sum(s.missing for s in by_seed.values())
            wrong = sum(s.wrong for s in by_seed.values())
            total = right + missing + wrong
            refused = sum(1 for s in by_seed.values() if s.refused)
            meta = sum(1 for s in by_seed.values() if s.meta_errors)
            need = FORM_BY_NAME[name].threshold
            flag = "" if wrong == 0 and right / total >= need else "  ✗"
            print(f"{name:<18}{right:>7}{missing:>7}{wrong:>6}{right / total:>9.1%}{refused:>6}{meta:>8}"
                  f"{statistics.median(warm or firsts) * 1000:>8.1f} ms"
                  f"{statistics.median(firsts) * 1000:>7.1f} ms{statistics.median(warm or firsts) / base:>9.1f}×{flag}")
        print("\n正确 = 与原报告相同（原文空白读作空白也算正确）；✗ = 有错误数字或低于门槛"
              "（有单元格分隔 99%，粘连文字 90%；"
              "glued_text_blanks 的空白格数字已消失，只要求没有错误数字）")
        if args.findings:
            with open(args.findings, "a", encoding="utf-8") as fh:
                fh.write(_findings(corpus, results))
            print(f"已追加到 {args.findings}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""CPU time, wall time and peak memory of the whole `report-editor summarize` command (reading, checking,
the workbook and the 通报) on a district's mixed folder, for 100, 1,000 and 5,000 files.

Run: python bench/summary_speed.py [N …] [--repeat R]
The folder mixes what a district receives: 61 % our .gknb, 24 % other people's Word files (our export with
its marker taken out, so the recognizer reads it like any foreign file), 6 % Excel (half ours, half
foreign) and 9.5 % PDF (our DOCX rendered to PDF once by LibreOffice, then copied). A quarter of the
reports are of another year (listed apart). Generated folders are kept in /tmp/summary_bench2_<N>
and reused (delete them to start afresh).

CPU is the whole process tree's (the command and every worker it spawned: RUSAGE_CHILDREN after the
command ended); memory is the peak of the sum of the tree's resident sizes, sampled every 20 ms from
/proc, and the largest single process seen. The baseline, measured in the same run, is the
command with one worker process (--jobs 1); the first call (which also byte-compiles the program, as
installing does) and the median of the warm ones are printed. The command runs as installed: byte-compiled,
into a private cache folder.
With --kinds, each file kind is also timed in this process (what a worker spends reading and checking).
Targets: 1,000 mixed files < 5 s CPU; 5,000 files < 300 MB for the whole tree.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MIX = ((".gknb", 610), (".docx", 240), (".xlsx", 60), (".pdf", 95))  # per 1,005: 61 / 24 / 6 / 9.5 %
PDF_SOURCES = 12  # distinct reports rendered by LibreOffice in one call, then copied


def _kind(i: int) -> str:
    """The file kind of the i-th file, spread evenly through the folder."""
    total = sum(n for _, n in MIX)
    slot = (i * 397) % total  # a permutation of 0..total-1 (397 is prime to 1,005)
    for ext, n in MIX:
        if slot < n:
            return ext
        slot -= n
    return ".gknb"


def _foreign_docx(path: Path) -> None:
    """Our DOCX without our marker: read by the recognizer of other people's files."""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "docProps/custom.xml":
                raw = raw.replace(b"gov-info-annual-report", b"someone-elses-template")
            dst.writestr(info, raw)
    path.write_bytes(data.getvalue())


def _foreign_xlsx(path: Path) -> None:
    import openpyxl

    from editor.io.xlsx.export import MARKER_SHEET

    wb = openpyxl.load_workbook(path)
    del wb[MARKER_SHEET]
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    wb.save(path)


def _render_pdfs(reports, out: Path) -> list[Path]:
    from editor.io.docx.export import write_docx

    src = out / "docx"
    src.mkdir(parents=True, exist_ok=True)
    for i, r in enumerate(reports):
        write_docx(r, src / f"pdf{i:02d}.docx")
    profile = tempfile.mkdtemp(prefix="lo_summary_bench_")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, sorted(src.glob("*.docx")))],
                       check=False, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = sorted(out.glob("pdf*.pdf"))
    if not pdfs:
        raise SystemExit("LibreOffice 未能把 DOCX 转为 PDF（soffice 不可用？）")
    return pdfs


def make_folder(n: int) -> Path:
    from editor.io.docx.export import write_docx
    from editor.io.native import write_native
    from editor.io.xlsx.export import write_xlsx
    from editor.samples import sample_report

    folder = Path(tempfile.gettempdir()) / f"summary_bench2_{n}"
    stamp = folder / ".complete"
    if stamp.exists():
        return folder / "各单位"
    shutil.rmtree(folder, ignore_errors=True)
    units = folder / "各单位"
    units.mkdir(parents=True)
    # Names shaped like real agencies' (某某县…局), so that the recognizer finds them in other people's files.
    pdf_reports = [sample_report(2024, seed=10_000 + i, agency=f"某某县测试{i:02d}局") for i in range(PDF_SOURCES)]
    pdfs = _render_pdfs(pdf_reports, folder / "pdf")
    for i in range(n):
        kind = _kind(i)
        year = 2024 if i % 4 else 2023
        sub = units / f"乡镇{i // 200:02d}" / f"片区{i % 3}"  # same file names in different folders
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"年报{i % 50:02d}{kind}"
        while path.exists():
            path = sub / f"年报{i:05d}{kind}"
        if kind == ".pdf":
            shutil.copyfile(pdfs[i % len(pdfs)], path)
            continue
        report = sample_report(year, seed=i, agency=f"某某县单位{i:05d}局")
        if kind == ".gknb":
            write_native(report, path, backup=False)
        elif kind == ".docx":
            write_docx(report, path)
            _foreign_docx(path)
        else:
            write_xlsx(report, path)
            if i % 2:
                _foreign_xlsx(path)
    stamp.touch()
    return units


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of the process and all its descendants, from /proc: (sum, largest single)."""
    total, largest, todo, page = 0, 0, [pid], os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                rss = int(fh.read().split()[1]) * page
                total += rss
                largest = max(largest, rss)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total, largest


def installed_env(tmp: Path) -> dict[str, str]:
    """The command as installed: byte-compiled (pip compiles on install; the installer bundles byte code),
    into a private cache folder so that the tree stays clean where PYTHONDONTWRITEBYTECODE is set."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_command(folder: Path, jobs: int | None, out_dir: Path, env: dict[str, str] | None = None) -> dict:
    cmd = [sys.executable, "-m", "editor", "summarize", str(folder), "-o", str(out_dir / "汇总.xlsx"),
           "--notice", str(out_dir / "通报.docx"), "--force"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command's workers are its children, reaped
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            tree, single = _tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], tree), max(peak[1], single)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"summarize 失败（退出代码 {proc.returncode}）：{err.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": cpu, "wall": wall, "tree_mb": peak[0] / 2**20, "max_rss_mb": peak[1] / 2**20}


def bench(n: int, repeat: int) -> None:
    t0 = time.perf_counter()
    folder = make_folder(n)
    counts: dict[str, int] = {}
    for p in folder.rglob("*"):
        if p.is_file():
            counts[p.suffix] = counts.get(p.suffix, 0) + 1
    print(f"\n{n} 个文件 {dict(sorted(counts.items()))}（准备用时 {time.perf_counter() - t0:.1f} s）")
    with tempfile.TemporaryDirectory() as tmp:
        env = installed_env(Path(tmp))
        base = None
        for label, jobs in (("--jobs 1（基线）", 1), (f"默认（{os.cpu_count()} 核）", None)):
            runs = [run_command(folder, jobs, Path(tmp), env) for _ in range(repeat)]
            first, warm = runs[0], runs[1:] or runs
            med = {k: statistics.median(r[k] for r in warm) for k in first}
            base = base or med
            print(f"  {label}：首次 CPU {first['cpu']:.2f} s，墙钟 {first['wall']:.2f} s；"
                  f"热中位 CPU {med['cpu']:.2f} s（{n / med['cpu']:.0f} 份/CPU秒），墙钟 {med['wall']:.2f} s"
                  f"（相对基线 {base['wall'] / med['wall']:.2f}×）；进程树峰值内存 {med['tree_mb']:.0f} MB，"
                  f"单个进程峰值 {med['max_rss_mb']:.0f} MB")


def per_kind(n: int, repeat: int) -> None:
    """What a worker spends per file kind (reading and checking, _examine), in this process: the first
    file of each kind (imports, caches) apart, then the median over ``repeat`` passes of all its files."""
    from editor.summary import _examine

    folder = make_folder(n)
    by_kind: dict[str, list[Path]] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            by_kind.setdefault(p.suffix, []).append(p)
    print(f"\n按文件类型（本进程内读取并检查，{n} 个文件的文件夹）：")
    total = 0.0
    rows = []
    for ext, paths in sorted(by_kind.items()):
        t = time.process_time()
        _examine(paths[0])
        first = time.process_time() - t
        passes = []
        for _ in range(max(1, repeat)):
            t = time.process_time()
            for p in paths:
                _examine(p)
            passes.append(time.process_time() - t)
        med = statistics.median(passes)
        total += med
        rows.append((ext, len(paths), first, med))
    for ext, count, first, med in rows:
        print(f"  {ext:6} {count:5} 个：首个 {first * 1000:.0f} ms；热中位 共 {med:.2f} s，"
              f"每个 {med / count * 1000:.1f} ms（占 {med / total:.0%}）")
    print(f"  合计 {total:.2f} s（不含读取进程启动、主进程的汇总表与通报）")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per setting (the first is reported apart)")
    ap.add_argument("--kinds", action="store_true",
                    help="also time each file kind in this process (the per-kind breakdown)")
    args = ap.parse_args()
    for n in args.sizes:
        bench(n, args.repeat if n <= 1000 else max(1, args.repeat - 1))
        if args.kinds:
            per_kind(n, args.repeat)
    print("\n目标：1000 个混合文件 CPU < 5 s；5000 个文件进程树峰值内存 < 300 MB")


if __name__ == "__main__":
    main()

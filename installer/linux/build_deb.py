"""Build the Linux package (.deb) of 政府信息公开年报编辑器 from the PyInstaller bundle.

    python installer/linux/build_deb.py                 # bundle with PyInstaller, then package
    python installer/linux/build_deb.py --bundle DIR    # package a bundle built elsewhere (CI: glibc 2.28)

Result: dist/gov-report-editor_<version>_<arch>.deb. Needs dpkg-deb; the first form also needs PyInstaller
(pip install ".[build]"). Layout: the bundle under /opt/gov-report-editor, the launcher /usr/bin/report-editor,
a .desktop entry, the icon and the MIME type of .gknb files. Depends: lists exactly the system libraries the
bundled binaries need (read from their ELF headers) and a Chinese font.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from bundle_filter import SYSTEM_LIBS, elf_needed, glibc_needed  # noqa: E402
from pins import CONSTRAINTS, mismatches  # noqa: E402

INSTALL_PINNED = f'pip install -c {CONSTRAINTS.relative_to(ROOT).as_posix()} -e ".[build]"'

PACKAGE = "gov-report-editor"
APP_DIR = f"opt/{PACKAGE}"
MIME_TYPE = "application/x-gknb"
# Office PCs install offline: accept whichever Chinese font the distribution already ships.
CJK_FONTS = ("fonts-noto-cjk | fonts-noto-cjk-extra | fonts-wqy-microhei | fonts-wqy-zenhei"
             " | fonts-arphic-uming | fonts-arphic-ukai | fonts-droid-fallback")


class BuildError(Exception):
    pass


def version() -> str:
    text = (ROOT / "editor" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise BuildError("editor/__init__.py 中找不到 __version__")
    return m.group(1)


def architecture() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                              text=True).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def build_bundle(work: Path) -> Path:
    """Run PyInstaller on installer/report-editor.spec; returns the one-folder bundle."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(f"未安装 PyInstaller：请先运行 {INSTALL_PINNED}") from exc
    problems = mismatches()
    if problems:
        raise BuildError("安装包必须用固定版本构建：" + "；".join(problems) + f"。请运行：{INSTALL_PINNED}")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
                    str(ROOT / "installer" / "report-editor.spec")], check=True, cwd=ROOT)
    return dist / "report-editor"


def system_dependencies(bundle: Path) -> list[str]:
    """Debian packages for the libraries the bundled ELF files need and the bundle does not carry."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    carried = {p.name for p in bundle.rglob("*")}
    needed: dict[str, list[str]] = {}
    for f in files:
        for lib in elf_needed(f):
            if lib not in carried:
                needed.setdefault(lib, []).append(str(f.relative_to(bundle)))
    unknown = sorted(lib for lib in needed if lib not in SYSTEM_LIBS)
    if unknown:
        detail = "；".join(f"{lib}（{needed[lib][0]}）" for lib in unknown)
        raise BuildError(f"程序包需要系统库，但 bundle_filter.SYSTEM_LIBS 中没有对应的软件包：{detail}")
    # A bundle runs only on a glibc as new as the newest symbol version it uses (the build machine's, at
    # most): say so, so that dpkg refuses to install a bundle built on a new system onto Kylin V10 (2.28).
    glibc = ".".join(map(str, glibc_needed(files)))
    return sorted({SYSTEM_LIBS[lib] for lib in needed} - {"libc6"} | {f"libc6 (>= {glibc})"})


def control(bundle_deps: list[str], installed_kib: int, arch: str) -> str:
    depends = ", ".join([*bundle_deps, CJK_FONTS])
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        f"Architecture: {arch}\n"
        "Maintainer: 政府信息公开年报编辑器开发组 <noreply@example.invalid>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends}\n"
        "Section: editors\n"
        "Priority: optional\n"
        "Description: 政府信息公开工作年度报告编辑器\n"
        " 按国务院办公厅规定的格式填写政府信息公开工作年度报告，即时检查勾稽关系，\n"
        " 导出 Word / Excel 文件。完全离线运行。\n"
    )


def stage(bundle: Path, root: Path) -> None:
    app = root / APP_DIR
    shutil.copytree(bundle, app, symlinks=True)
    icon = ROOT / "resources" / "icons" / "app.png"
    files = [
        (HERE / "report-editor", root / "usr/bin/report-editor"),
        (HERE / f"{PACKAGE}.desktop", root / f"usr/share/applications/{PACKAGE}.desktop"),
        (HERE / f"{PACKAGE}.xml", root / f"usr/share/mime/packages/{PACKAGE}.xml"),
        (icon, root / f"usr/share/icons/hicolor/256x256/apps/{PACKAGE}.png"),
        (icon, root / f"usr/share/icons/hicolor/256x256/mimetypes/{MIME_TYPE.replace('/', '-')}.png"),
    ]
    for src, dst in files:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    (root / "usr/bin/report-editor").chmod(0o755)
    _normalize_modes(root)


def _normalize_modes(root: Path) -> None:
    # dpkg installs modes as packed: directories 755, programs 755, everything else 644, whatever the
    # umask of the build machine was.
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_symlink():
                continue
            p.chmod(0o755 if os.access(p, os.X_OK) else 0o644)


def _installed_kib(root: Path) -> int:
    total = 0
    for p in root.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += (p.stat().st_size + 1023) // 1024
        else:
            total += 1
    return total


def _md5sums(root: Path) -> str:
    lines = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink() and "DEBIAN" not in p.relative_to(root).parts:
            lines.append(f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}")
    return "\n".join(lines) + "\n"


def build_deb(bundle: Path, out_dir: Path, compression: str = "xz") -> Path:
    if not shutil.which("dpkg-deb"):
        raise BuildError("找不到 dpkg-deb：请在 Debian/Ubuntu/统信UOS/银河麒麟 上运行，或安装 dpkg")
    if not (bundle / "report-editor").is_file():
        raise BuildError(f"{bundle} 不是 report-editor 的程序目录（缺少 report-editor 可执行文件）")
    deps = system_dependencies(bundle)
    arch = architecture()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gknb-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root)
        (root / "DEBIAN").mkdir(mode=0o755)
        (root / "DEBIAN/md5sums").write_text(_md5sums(root), encoding="utf-8")
        (root / "DEBIAN/control").write_text(control(deps, _installed_kib(root), arch), encoding="utf-8")
        for f in (root / "DEBIAN").iterdir():
            f.chmod(0o644)
        deb = out_dir / f"{PACKAGE}_{version()}_{arch}.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(deb)],
                       check=True, stdout=subprocess.DEVNULL)
    return deb


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 Linux 安装包（.deb）")
    parser.add_argument("--bundle", type=Path, help="已生成的 PyInstaller 程序目录（省略则现在生成）")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="输出目录（默认 dist/）")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer", help="临时构建目录")
    parser.add_argument("--compression", choices=("xz", "gzip", "none"), default="xz",
                        help="压缩方式（默认 xz；gzip 更快，用于测试）")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        bundle = args.bundle or build_bundle(args.work)
        bundled = time.monotonic()
        deb = build_deb(bundle.resolve(), args.out, args.compression)
    except BuildError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"错误：命令失败（退出码 {exc.returncode}）：{' '.join(map(str, exc.cmd))}", file=sys.stderr)
        return 1
    done = time.monotonic()
    print(f"程序目录：{bundle}（{tree_size(bundle) / 2**20:.1f} MiB）")
    print(f"安装包：{deb}（{deb.stat().st_size / 2**20:.1f} MiB）")
    print(f"用时：生成程序目录 {bundled - started:.1f} 秒，打包 {done - bundled:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The versions the installers are built with (installer/constraints.txt), checked before a bundle is made:
a bundle built with PySide6 6.10+ would install on 银河麒麟 V10 and then fail to start (glibc 2.34)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parent / "constraints.txt"


def pinned(path: Path = CONSTRAINTS) -> dict[str, str]:
    """``name == version`` lines of the constraints file, by lower-case distribution name."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", line)
        if m:
            pins[m.group(1).lower()] = m.group(2)
    return pins


def mismatches(path: Path = CONSTRAINTS) -> list[str]:
    """One Chinese line per pinned distribution that is missing or installed in another version."""
    problems = []
    for name, version in pinned(path).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"未安装 {name}（安装包需要 {version}）")
            continue
        if installed != version:
            problems.append(f"{name} 为 {installed}，安装包需要 {version}")
    return problems


def require_pins(path: Path = CONSTRAINTS) -> None:
    problems = mismatches(path)
    if problems:
        raise SystemExit("安装包必须用固定版本构建：" + "；".join(problems)
                         + f"。请运行：pip install -c {path.as_posix()} -e \".[build]\"")

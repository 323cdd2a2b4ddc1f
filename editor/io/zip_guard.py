"""Checks on an Office file (a zip of XML parts) before any parser sees it: not a zip, corrupt, encrypted,
a zip bomb, the main part missing, or XML with a DTD (entity expansion attacks). Every reader of .docx and
.xlsx files (ours and other people's) goes through here. Messages are Chinese, for the user."""

from __future__ import annotations

import zipfile
from pathlib import Path

from editor.io.native import ReportFileError
from editor.io.oserror import os_reason

MAX_FILE = 50 * 1024 * 1024
MAX_UNPACKED = 300 * 1024 * 1024
MAX_RATIO = 200  # a real Office part compresses at most ~20:1
MAX_PARTS = 5000


# The part without which a package is not a document of that kind.
MAIN_PART = {"Word": "word/document.xml", "Excel": "xl/workbook.xml"}


def check_office_zip(path: Path, kind: str) -> None:
    """kind: “Word” or “Excel”, for the messages and the part that must be there."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReportFileError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise ReportFileError(f"无法读取 {path.name}：{os_reason(exc)}") from exc
    if path.is_dir():
        raise ReportFileError(f"这是一个文件夹，不是文件：{path}")
    if size > MAX_FILE:
        raise ReportFileError(f"{path.name} 太大（{size // 1024 // 1024} MB），不像一份年度报告")
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReportFileError(f"{path.name} 是加密的或旧版（.doc/.xls）{kind}文件：请在 {kind}/WPS 中取消密码，"
                              f"另存为 {'.docx' if kind == 'Word' else '.xlsx'} 后再打开")
    if not head.startswith(b"PK"):
        raise ReportFileError(f"{path.name} 不是 {kind} 文件（文件内容与扩展名不符）")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS:
                raise ReportFileError(f"{path.name} 内部结构异常（部件过多），拒绝打开")
            if MAIN_PART[kind] not in {i.filename for i in infos}:
                raise ReportFileError(f"{path.name} 不是 {kind} 文档（缺少正文部分），可能是其他类型的文件或已损坏")
            total = 0
            for info in infos:
                total += info.file_size
                if info.flag_bits & 0x1:
                    raise ReportFileError(f"{path.name} 已加密，请先取消密码后再打开")
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1 << 20:
                    raise ReportFileError(f"{path.name} 内部数据异常（压缩比过高，疑似“压缩炸弹”），拒绝打开")
                if info.filename.endswith((".xml", ".rels")):
                    with z.open(info) as part:
                        start = part.read(2048)
                    if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                        raise ReportFileError(f"{path.name} 含有不安全的 XML 声明（DOCTYPE/ENTITY），拒绝打开")
            if total > MAX_UNPACKED:
                raise ReportFileError(f"{path.name} 解压后过大，拒绝打开")
    except zipfile.BadZipFile as exc:
        raise ReportFileError(f"{path.name} 已损坏，无法打开（{exc}）") from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ReportFileError(f"{path.name} 已损坏，无法打开") from exc

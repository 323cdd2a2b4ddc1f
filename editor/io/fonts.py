"""The two font sets a Word export can use, as data the exporter and the GUI share.

The official set is what government PCs have installed (GB/T 9704 conventions); the Windows set is what
every Windows 10/11 PC ships. The GUI asks ``missing_families`` with the families Qt knows, and warns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LATIN = "Times New Roman"  # digits and Latin letters in every set


@dataclass(frozen=True)
class FontSet:
    id: str
    name: str  # shown to the user
    body: str  # 仿宋: body text and tables
    title: str  # 小标宋: the document title
    kai: str  # 楷体: （一） sub-heads and the note cell of table 三
    hei: str  # 黑体: 一、 headings
    page_number: str = "宋体"
    latin: str = LATIN

    def families(self) -> tuple[str, ...]:
        """Every family the export names, each once, in a stable order."""
        out: list[str] = []
        for f in (self.body, self.title, self.kai, self.hei, self.page_number, self.latin):
            if f not in out:
                out.append(f)
        return tuple(out)


FONT_SETS: dict[str, FontSet] = {
    "official": FontSet("official", "公文标准字体（仿宋_GB2312、方正小标宋简体、楷体_GB2312、黑体）",
                        body="仿宋_GB2312", title="方正小标宋简体", kai="楷体_GB2312", hei="黑体"),
    "windows": FontSet("windows", "Windows 自带字体（仿宋、宋体、楷体、黑体）",
                       body="仿宋", title="宋体", kai="楷体", hei="黑体"),
}
DEFAULT_FONT_SET = "official"


def font_set(set_id: str) -> FontSet:
    try:
        return FONT_SETS[set_id]
    except KeyError:
        known = "、".join(FONT_SETS)
        raise ValueError(f"未知的字体方案“{set_id}”（可选：{known}）") from None


# The English names the same fonts carry (a PC with an English UI may list only these).
ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong_GB2312",),
    "楷体_GB2312": ("KaiTi_GB2312",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    "仿宋": ("FangSong",),
    "楷体": ("KaiTi",),
    "黑体": ("SimHei",),
    "宋体": ("SimSun",),
}


def missing_families(set_id: str, installed: Iterable[str]) -> list[str]:
    """The families of the set that are not among ``installed`` (case-insensitive, English names too),
    in set order. The GUI passes what Qt's font database lists."""
    have = {f.strip().casefold() for f in installed}
    return [f for f in font_set(set_id).families()
            if not any(name.casefold() in have for name in (f, *ALIASES.get(f, ())))]


# What to draw with when a family is missing: the nearest look first (the Windows font of the same kind,
# then the free CJK fonts Linux distributions ship). A Word file names the official family anyway and
# its font table lists these as the family's alternates; the PDF and the print preview use the first one
# the PC has.
SERIF_FALLBACKS = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN",
                   "Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
SANS_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
                  "WenQuanYi Zen Hei", "Noto Serif CJK SC")
FALLBACKS: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋", *SERIF_FALLBACKS),
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "宋体", *SERIF_FALLBACKS),
    "楷体_GB2312": ("楷体", *SERIF_FALLBACKS),
    "仿宋": ("仿宋_GB2312", *SERIF_FALLBACKS),
    "楷体": ("楷体_GB2312", *SERIF_FALLBACKS),
    "宋体": ("新宋体", *SERIF_FALLBACKS),
    "黑体": ("微软雅黑", *SANS_FALLBACKS),
    LATIN: ("Liberation Serif", "Tinos", "DejaVu Serif", "Noto Serif"),
}


# The font table of a Word file names, for each family, one alternate that Word and WPS take when the
# family is missing (w:altName): the official fonts fall back to the Windows ones.
ALT_NAMES: dict[str, str] = {
    "仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体",
    "仿宋": "FangSong", "楷体": "KaiTi", "黑体": "SimHei", "宋体": "SimSun",
}


def _names(family: str) -> tuple[str, ...]:
    return (family, *ALIASES.get(family, ()))


def resolve_family(family: str, installed: Iterable[str]) -> str | None:
    """The installed name to draw ``family`` with: itself (or its English name), else the first installed
    fallback; None when the PC has none of them."""
    have = {f.strip().casefold(): f.strip() for f in installed}
    for candidate in (family, *FALLBACKS.get(family, ())):
        for name in _names(candidate):
            if name.casefold() in have:
                return have[name.casefold()]
    return None


def missing_message(set_id: str, installed: Iterable[str], substitutes: dict[str, str | None] | None = None) -> str:
    """One Chinese sentence naming the fonts of the set this PC lacks (empty when none is missing), with what
    the PDF/preview draws instead when ``substitutes`` is given."""
    installed = list(installed)
    missing = missing_families(set_id, installed)
    if not missing:
        return ""
    if substitutes is None:
        return (f"本机未安装：{'、'.join(missing)}。文件照常导出，"
                "在未安装这些字体的电脑上打开时会以其他字体显示。")
    used = "；".join(f"{f} → {substitutes.get(f) or '系统默认字体'}" for f in missing)
    return f"本机未安装：{'、'.join(missing)}，已改用相近字体（{used}）。"


def installed_families(timeout_s: float = 5.0) -> list[str] | None:
    """The font families this PC has, without Qt (for the command line): Windows from the registry (the
    system's and the user's fonts), other systems from fontconfig. None when they cannot be listed."""
    import sys

    if sys.platform == "win32":
        return _windows_families()
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    families: list[str] = []
    for line in out.stdout.decode("utf-8", "replace").splitlines()[:20000]:
        families.extend(name.strip() for name in line.split(",") if name.strip())
    return families


def _windows_families() -> list[str] | None:
    import re
    import winreg  # type: ignore[import-not-found]

    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    families: list[str] = []
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(root, key_path) as key:
                for i in range(winreg.QueryInfoKey(key)[1]):
                    name = winreg.EnumValue(key, i)[0]
                    # "仿宋_GB2312 (TrueType)", "SimSun & NSimSun (TrueType)"
                    name = re.sub(r"\s*\((TrueType|OpenType)\)\s*$", "", name)
                    families.extend(part.strip() for part in name.split("&") if part.strip())
        except OSError:
            continue
    return families or None

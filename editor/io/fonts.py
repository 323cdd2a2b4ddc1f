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

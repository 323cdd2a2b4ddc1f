"""Why a file operation failed, in Chinese: the system's own text is English on most machines."""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限（文件可能正被其他程序打开，或该文件夹不允许写入）",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "该位置只读，无法写入",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
}


def os_reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or -1) or exc.strerror or str(exc)

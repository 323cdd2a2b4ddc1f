"""Read a batch of files in worker processes, each file under a time and a memory limit, so that no file of
a district's folder can stop, stall or exhaust the batch.

Workers are spawned (never forked: the window runs Qt threads, and a forked Qt process is unsafe). Each
worker takes one file at a time over a pipe; when a file takes longer than ``time_limit`` the worker is
killed and replaced, and the file is listed as unreadable with the reason. On Linux and macOS each worker's
address space is capped (RLIMIT_AS), so a decompression bomb ends in a MemoryError (or the worker's death)
inside the worker, never in the user's session. Windows has no RLIMIT_AS: there the time limit and the
readers' own byte budgets bound a file (a Job Object would be the equivalent; not used).

Cancel kills the workers at once: the file being read is dropped, not waited for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

TIME_LIMIT = 20.0  # seconds per file: a real report reads in well under a second, a bomb never ends
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space per worker: a real report needs about 150 MB
_POLL = 0.05  # how often cancel is asked while files are read
_STARTUP_LIMIT = 120.0  # a worker that has not started by then never will


MAX_STARTUP_DEATHS = 3  # workers that die before reading anything: the program, not a file, is broken


class Cancelled(Exception):
    """The caller's ``cancelled()`` said stop."""


class WorkersFailed(RuntimeError):
    """Worker processes cannot start here (e.g. a frozen program without freeze_support)."""


def _limit_memory(limit: int) -> None:
    if limit <= 0 or sys.platform == "win32":
        return
    import resource

    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):  # a platform without the limit: the time limit still holds
        pass


def _worker_main(conn: Connection, task: Callable[[Any], Any], memory_limit: int) -> None:
    # Ctrl+C reaches the whole process group: the parent decides, the workers just get killed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_limit)
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        try:
            result = ("ok", task(item))
        except MemoryError:
            result = ("memory", None)
        except BaseException as exc:
            result = ("error", f"{type(exc).__name__}")
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("memory", None))


class _Slot:
    def __init__(self, ctx, task: Callable[[Any], Any], memory_limit: int):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, task, memory_limit), daemon=True)
        self.proc.start()
        child.close()
        self.index: int | None = None  # which item it is reading
        self.started = 0.0
        self.ready = False  # it said so: a death from now on is the file's doing

    def give(self, index: int, item: Any) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send(item)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def run_isolated(items: list[Any], task: Callable[[Any], Any], jobs: int,
                 on_failure: Callable[[Any, str], Any],
                 cancelled: Callable[[], bool] | None = None,
                 time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, task(item))`` as the items finish, in any order. A failed item yields
    ``on_failure(item, reason)`` instead, reason a Chinese sentence. Raises Cancelled when asked to."""
    if not items:
        return
    ctx = multiprocessing.get_context("spawn")
    todo = deque(enumerate(items))
    slots: list[_Slot] = []
    startup_deaths = 0
    try:
        for _ in range(max(1, min(jobs, len(items)))):
            slots.append(_Slot(ctx, task, memory_limit))
        busy: dict[Connection, _Slot] = {}
        while todo or busy:
            if cancelled is not None and cancelled():
                raise Cancelled
            for slot in slots:
                if slot.index is None and todo:
                    index, item = todo.popleft()
                    slot.give(index, item)
                    busy[slot.conn] = slot
            ready = wait(list(busy), timeout=_POLL)
            for conn in ready:
                slot = busy[conn]  # type: ignore[index]
                try:
                    status, value = conn.recv()  # type: ignore[union-attr]
                except (EOFError, OSError, MemoryError):
                    slot.proc.join(1)
                    status, value = "died", slot.proc.exitcode
                if status == "ready":
                    slot.ready = True
                    slot.started = time.monotonic()  # the file's time starts now, not at the spawn
                    continue
                del busy[conn]
                index = slot.index
                assert index is not None
                slot.index = None
                if status == "died" and not slot.ready:
                    startup_deaths += 1
                    if startup_deaths >= MAX_STARTUP_DEATHS:
                        raise WorkersFailed(f"读取进程无法启动（退出代码 {value}）")
                    todo.appendleft((index, items[index]))  # not the file's fault: read it again
                    _replace(slots, slot, ctx, task, memory_limit)
                    continue
                if status == "ok":
                    yield index, value
                    continue
                yield index, on_failure(items[index], _reason(status, value, memory_limit))
                if status in ("died", "memory"):  # a fresh worker gives the memory back
                    _replace(slots, slot, ctx, task, memory_limit)
            now = time.monotonic()
            for conn, slot in list(busy.items()):
                if not slot.ready and now - slot.started > _STARTUP_LIMIT:
                    raise WorkersFailed("读取进程启动超时")
                if slot.ready and now - slot.started > time_limit:
                    del busy[conn]
                    index = slot.index
                    assert index is not None
                    _replace(slots, slot, ctx, task, memory_limit)
                    yield index, on_failure(items[index], f"读取超过{time_limit:g}秒仍未完成，已停止读取"
                                                          "（文件可能过大、已损坏或被特意构造）")
    finally:
        for slot in slots:
            if slot.index is not None:
                slot.kill()  # cancel or an error: the file being read is not waited for
            else:
                slot.close()


def _replace(slots: list[_Slot], slot: _Slot, ctx, task, memory_limit: int) -> None:
    slot.kill()
    slots[slots.index(slot)] = _Slot(ctx, task, memory_limit)


def _reason(status: str, value: Any, memory_limit: int) -> str:
    if status == "memory":
        return f"读取所需内存超过限制（{memory_limit // (1024 * 1024)} MB），已停止读取（文件可能过大或被特意构造）"
    if status == "died":
        how = f"（退出代码 {value}）" if value not in (None, 0) else ""
        return f"读取时程序进程意外终止{how}，可能是内存不足或文件被特意构造"
    return f"读取时出现意外错误（{value}），文件可能已损坏"


def default_jobs() -> int:
    """Worker processes by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


__all__ = ["MEMORY_LIMIT", "TIME_LIMIT", "Cancelled", "WorkersFailed", "default_jobs", "run_isolated"]

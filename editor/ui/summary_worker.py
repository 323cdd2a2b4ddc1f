"""Runs ``editor.summary.summarize`` on a thread of its own so the window keeps answering while a
district's folder is read and checked; progress and the result come back as signals (queued to the GUI
thread by Qt, since the receivers live there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from editor.summary import SummaryCancelled, summarize


class SummaryWorker(QThread):
    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # the Summary
    failed = Signal(str)  # a Chinese message for the user
    stopped = Signal()  # cancelled by the user

    def __init__(self, inputs: list[Path], year: int | None = None, own: Path | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.inputs, self.year, self.own = inputs, year, own

    def run(self) -> None:
        # One process: forking a process that runs Qt threads is unsafe, and reading stays fast enough
        # (see bench/summary_speed.py); the GIL still lets the GUI thread run between files.
        try:
            summary = summarize(self.inputs, year=self.year, own=self.own, progress=self.progressed.emit,
                                cancelled=self.isInterruptionRequested)
        except SummaryCancelled:
            self.stopped.emit()
            return
        except ValueError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug must not kill the window: report it and keep going
            self.failed.emit(f"汇总时出错：{type(exc).__name__}：{exc}")
            return
        self.succeeded.emit(summary)

    def stop(self) -> None:
        """Ask the batch to stop before its next file, and wait for it."""
        self.requestInterruption()
        self.wait()

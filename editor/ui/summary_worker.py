"""Runs ``editor.summary.summarize`` from a thread of its own so the window keeps answering while a
district's folder is read and checked. The files themselves are read in spawned worker processes
(editor.summary_pool: never forked from a process running Qt threads); this thread only waits for them
and reports progress and the result as signals (queued to the GUI thread by Qt, since the receivers live
there). Cancel kills the worker processes at once, the file being read included."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from editor.summary import SummaryCancelled, last_year_from, summarize


class SummaryWorker(QThread):
    progressed = Signal(int, int)  # done, total
    phase = Signal(str)  # what is being done, for the status line
    succeeded = Signal(object)  # the Summary
    failed = Signal(str)  # a Chinese message for the user
    stopped = Signal()  # cancelled by the user

    def __init__(self, inputs: list[Path], year: int | None = None, own: Path | None = None,
                 parent: QObject | None = None, roster: list[str] | None = None, roster_name: str = "",
                 last: Path | None = None, jobs: int | None = None):
        super().__init__(parent)
        self.inputs, self.year, self.own = inputs, year, own
        self.roster, self.roster_name, self.last, self.jobs = roster, roster_name, last, jobs

    def run(self) -> None:
        try:
            summary = summarize(self.inputs, year=self.year, own=self.own, jobs=self.jobs,
                                progress=self.progressed.emit, cancelled=self.isInterruptionRequested,
                                roster=self.roster, roster_name=self.roster_name)
            if self.last is not None:
                self.phase.emit("正在读取上年度资料…")
                summary.last = last_year_from(self.last, summary.year - 1, jobs=self.jobs,
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
        """Stop the batch (the worker processes are killed within a twentieth of a second) and wait."""
        self.requestInterruption()
        self.wait()

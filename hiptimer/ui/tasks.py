"""Run blocking work off the GUI thread and hand the result back to it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

T = TypeVar("T")


class _Relay(QObject):
    """Carries a result (or an exception) back to the thread that owns it, the GUI thread.

    Signals:
        finished(object): the task's result.
        crashed(object): the exception the task raised.
        progress(int, int): done and total, as the task reports them.
    """

    finished = Signal(object)
    crashed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[Callable[[int, int], None]], T], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Exception as exc:  # handed to the GUI thread, which decides what to tell the user
            self._send(self._relay.crashed, exc)
        else:
            self._send(self._relay.finished, result)

    def _progress(self, done: int, total: int) -> None:
        with contextlib.suppress(RuntimeError):
            self._relay.progress.emit(done, total)

    @staticmethod
    def _send(signal: SignalInstance, value: object) -> None:
        # The window that asked may have closed meanwhile (its relay with it): nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


def run_in_background(work: Callable[[Callable[[int, int], None]], T],
                      on_done: Callable[[T], None],
                      on_error: Callable[[Exception], None],
                      on_progress: Callable[[int, int], None] | None = None,
                      parent: QObject | None = None) -> _Relay:
    """Run ``work(progress)`` on the global thread pool; callbacks run on the GUI thread.

    Returns the relay object; keep it (or give a ``parent``) until the task ends.
    """
    relay = _Relay(parent)
    relay.finished.connect(on_done)
    relay.crashed.connect(on_error)
    if on_progress is not None:
        relay.progress.connect(on_progress)
    QThreadPool.globalInstance().start(_Task(work, relay))
    return relay

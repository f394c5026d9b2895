"""Run blocking work off the GUI thread and hand the result back to it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

T = TypeVar("T")


class _Relay(QObject):
    """Carries a result (or an exception) back to the thread that owns it, the GUI thread.

    A relay is never owned by the window that asked: it must outlive the task's last signal,
    which a worker thread may be emitting just as the window closes. When the window goes
    first, the relay forgets its callbacks and results that still arrive go nowhere.

    Signals:
        finished(object): the task's result.
        crashed(object): the exception the task raised.
        progress(int, int): done and total, as the task reports them.
    """

    finished = Signal(object)
    crashed = Signal(object)
    progress = Signal(int, int)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[Exception], None],
                 on_progress: Callable[[int, int], None] | None) -> None:
        super().__init__()
        self._on_done: Callable[[Any], None] | None = on_done
        self._on_error: Callable[[Exception], None] | None = on_error
        self._on_progress = on_progress
        # Slots of this object: queued to the GUI thread, where the relay lives.
        self.finished.connect(self._deliver_result)
        self.crashed.connect(self._deliver_error)
        self.progress.connect(self._deliver_progress)

    def forget_callbacks(self) -> None:
        self._on_done = self._on_error = self._on_progress = None

    def _deliver_result(self, value: object) -> None:
        on_done = self._on_done
        self._end()
        if on_done is not None:
            on_done(value)

    def _deliver_error(self, exc: Exception) -> None:
        on_error = self._on_error
        self._end()
        if on_error is not None:
            on_error(exc)

    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total)

    def _end(self) -> None:
        self.forget_callbacks()
        _RUNNING.discard(self)
        self.deleteLater()


_RUNNING: set[_Relay] = set()  # relays of tasks not yet delivered: kept alive until then


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
        with contextlib.suppress(RuntimeError):  # the application is quitting
            self._relay.progress.emit(done, total)

    @staticmethod
    def _send(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the application is quitting
            signal.emit(value)


def run_in_background(work: Callable[[Callable[[int, int], None]], T],
                      on_done: Callable[[T], None],
                      on_error: Callable[[Exception], None],
                      on_progress: Callable[[int, int], None] | None = None,
                      parent: QObject | None = None) -> _Relay:
    """Run ``work(progress)`` on the global thread pool; callbacks run on the GUI thread.

    When ``parent`` is destroyed before the task ends, the callbacks are not called.
    """
    relay = _Relay(on_done, on_error, on_progress)
    _RUNNING.add(relay)
    if parent is not None:
        parent.destroyed.connect(relay.forget_callbacks)
    QThreadPool.globalInstance().start(_Task(work, relay))
    return relay

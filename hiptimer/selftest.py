"""``hiptimer --self-test``: prove that an installed or bundled HipTimer works, without a user.

Each check prints one line, ``ok`` or ``FAIL`` with what went wrong; the exit status is 0 only
when every check passed. Everything is written in a temporary folder that is removed after.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .exit_codes import EXIT_FAILURE, EXIT_OK

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

PHRASE = "HipTimer self-test: ten seconds left."
CHECK_LIMIT_S = 60


def run_self_test(out: TextIO) -> int:
    """Run every check, reporting to ``out``; the exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failed = 0
    told: set[str] = set()  # long explanations, given once
    with tempfile.TemporaryDirectory(prefix="hiptimer-self-test-") as folder:
        for name, check in CHECKS:
            start = time.perf_counter()
            # A check that hangs must not hang the self-test: after this long, say where it
            # was stuck (every thread's stack, on stderr) and exit.
            _give_up_after(CHECK_LIMIT_S)
            try:
                detail = check(Path(folder))
            except Exception as exc:  # a self-test reports every failure and goes on
                failed += 1
                why = _describe(exc)
                out.write(f"FAIL {name}: {'the same as above' if why in told else why}\n")
                told.add(why)
            else:
                out.write(f"ok   {name}: {detail} ({(time.perf_counter() - start) * 1000:.0f} "
                          "ms)\n")
            finally:
                faulthandler.cancel_dump_traceback_later()
            out.flush()
    out.write("all checks passed\n" if not failed else f"{failed} check(s) failed\n")
    return EXIT_OK if not failed else EXIT_FAILURE


def _describe(exc: Exception) -> str:
    from .syslibs import QtUnavailable, from_import_error

    if isinstance(exc, ImportError):
        exc = from_import_error(exc) or exc
    if isinstance(exc, QtUnavailable):  # already plain words, naming what to install
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _qt_application(purpose: str, sound: bool = False) -> QApplication:
    """The Qt application the checks share, once the libraries Qt needs are known to load.

    Raises:
        QtUnavailable: naming each missing library and its package.
    """
    from . import qt_messages, syslibs

    app = qt_messages.application(purpose, [*syslibs.GUI, *(syslibs.SOUND if sound else ())],
                                  widgets=True)
    from PySide6.QtWidgets import QApplication  # only now: Qt's libraries are known to load

    assert isinstance(app, QApplication)
    return app


def _give_up_after(seconds: float) -> None:
    # faulthandler needs a real file descriptor; the process's own stderr always has one.
    stream = sys.__stderr__ if sys.__stderr__ is not None else sys.stderr
    with contextlib.suppress(AttributeError, ValueError, OSError):  # no usable stderr
        faulthandler.dump_traceback_later(seconds, exit=True, file=stream)


def check_routines(_folder: Path) -> str:
    from .core.catalog import builtin_catalog
    from .core.cues import CueOptions, estimate_length, schedule
    from .core.plan import compile_plan
    from .core.routine_load import builtin_routines

    catalog = builtin_catalog()
    routines = builtin_routines(catalog)
    cues = sum(len(schedule(compile_plan(r), estimate_length, CueOptions()).cues)
               for r in routines)
    return f"{len(catalog)} exercises, {len(routines)} routines, {cues} cues"


def check_speech(folder: Path) -> str:
    from .speech import CueCache, VoiceSettings

    result = CueCache(folder / "cues", VoiceSettings("", 170, 1.0)).render([PHRASE])
    clip = result.clips.get(PHRASE)
    if clip is None:
        raise RuntimeError(result.error or result.failed.get(PHRASE, "no clip was made"))
    if clip.length <= 0.3:
        raise RuntimeError(f"the clip is only {clip.length:.2f} s long")
    return f"one phrase, {clip.length:.2f} s of audio"


def check_history(folder: Path) -> str:
    from .core.catalog import builtin_catalog
    from .core.plan import compile_plan
    from .core.record import record_of
    from .core.routine_load import builtin_routines
    from .core.session import Session
    from .store.history import HistoryStore

    routine = builtin_routines(builtin_catalog())[0]
    clock = [0.0]
    session = Session(compile_plan(routine), (), lambda: clock[0])
    session.start()
    clock[0] = 100.0
    session.stop()
    now = datetime.now().astimezone()
    record = record_of(session, "self-test", now, now, 3)
    store = HistoryStore.open(folder / "history.sqlite3")
    try:
        store.save(record)
        if store.record("self-test") != record:
            raise RuntimeError("the session read back differs from the one written")
    finally:
        store.close()
    return f"saved and read back a session of {len(record.sets)} sets"


def check_window(folder: Path) -> str:
    app = _qt_application("The window")
    from .gui import build_services
    from .paths import Paths
    from .ui.window.main_window import MainWindow

    window = MainWindow(build_services(Paths.under(folder / "data"), 1.0))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    image = window.grab().toImage()
    window.services.history.close()
    window.controller.shutdown()
    window.deleteLater()
    app.processEvents()
    if image.isNull():
        raise RuntimeError("the window could not be drawn")
    return f"main window drawn at {image.width()}×{image.height()} ({app.platformName()})"


def check_text(_folder: Path) -> str:
    """Letters draw as letters. Without a font Qt can use, every letter is the same empty box
    (or nothing at all), and the window is unreadable while every other check passes."""
    app = _qt_application("The window")  # the same libraries: said once
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QFontInfo, QImage, QPainter

    def drawn(text: str) -> QImage:
        image = QImage(64, 64, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(app.font())
        painter.setPen(QColor("black"))
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return image

    letters = [drawn(letter) for letter in "Hip"]
    nothing, no_glyph = drawn(""), drawn("\U0010fffd")  # a code point no font has
    if any(image == nothing for image in letters):
        raise RuntimeError("letters draw as nothing: no usable font was found "
                           "(on Debian or Ubuntu: sudo apt-get install fonts-dejavu-core)")
    if letters[0] == letters[1] or any(image == no_glyph for image in letters):
        raise RuntimeError("letters draw as empty boxes: no usable font was found "
                           "(on Debian or Ubuntu: sudo apt-get install fonts-dejavu-core)")
    return f"letters drawn in {QFontInfo(app.font()).family()}"


def check_sound(_folder: Path) -> str:
    """Play the tick through the real cue player, if there is a sound output at all."""
    app = _qt_application("Sound", sound=True)
    from PySide6.QtCore import QEventLoop, QTimer

    from .gui import sounds
    from .ui.session.cue_player import NO_OUTPUT, StreamCuePlayer

    player = StreamCuePlayer()
    heard: list[str] = []
    loop = QEventLoop()

    def outcome(what: str) -> None:
        heard.append(what)
        loop.quit()

    player.played.connect(lambda _set, name, *_: outcome(name))
    player.ready.connect(lambda clip_set: player.schedule(
        clip_set, [(time.monotonic() + player.lead_s, "tick")]))
    player.failed.connect(outcome)
    player.load("self-test", {"tick": sounds()["tick"]})
    QTimer.singleShot(10_000, loop.quit)
    loop.exec()
    player.shutdown()
    app.processEvents()
    if heard[:1] == [NO_OUTPUT]:
        return "skipped: no sound output here (the session would run on screen)"
    if heard[:1] != ["tick"]:
        raise RuntimeError(heard[0] if heard else "the tick was not played within 10 s")
    return "played the tick"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("routines compile", check_routines),
    ("speech renders", check_speech),
    ("history database", check_history),
    ("window", check_window),
    ("text", check_text),
    ("sound", check_sound),
]

"""A process of its own running the real cue player, for the tests of what goes wrong.

    python -m tests.ui.player_child SECONDS [--churn] [--no-quit]

Qt connects to the sound server once, in the first process that asks, so each of these runs
needs a process (and PULSE_SERVER) of its own. It loads a set of sounds, keeps scheduling a
tick every 200 ms, notes on stdout (one JSON list a line) everything the player says and a
"gui" line every 100 ms from the GUI thread, and quits after SECONDS, quitting as the app
does. With --churn it also reloads, cancels, overlaps sounds and tries voice samples, and
quits while sounds play. With --no-quit the program just ends, its application never quit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "sounds"


def note(*event: object) -> None:
    print(json.dumps([round(time.monotonic(), 3), *event]), flush=True)


def main() -> None:
    seconds, churn = float(sys.argv[1]), "--churn" in sys.argv
    app = QApplication([])
    from hiptimer.ui.session.cue_player import StreamCuePlayer

    player = StreamCuePlayer()
    player.ready.connect(lambda clip_set: note("ready", clip_set))
    player.failed.connect(lambda message: note("failed", message))
    player.restored.connect(lambda message: note("restored", message))
    player.played.connect(lambda clip_set, name, *_: note("played", clip_set, name))
    clips = {"tick": SOUNDS / "tick.wav", "phase": SOUNDS / "phase.wav"}
    player.load("session", clips)
    rounds = 0

    def feed() -> None:
        nonlocal rounds
        rounds += 1
        start = time.monotonic() + player.lead_s
        items = [(start, "tick")]
        if churn:
            items += [(start + 0.01 * (rounds % 7), "phase"), (start + 0.05, "tick")]
            if rounds % 5 == 0:
                player.cancel("session")
            if rounds % 11 == 0:
                player.load("session", clips)
            if rounds % 13 == 0:
                player.preview(SOUNDS / "phase.wav")
        player.schedule("session", items)

    feeder = QTimer()
    feeder.timeout.connect(feed)
    feeder.start(200)
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: note("gui"))
    heartbeat.start(100)
    if "--no-quit" in sys.argv:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()
    else:
        QTimer.singleShot(round(seconds * 1000), app.quit)
        app.exec()
    note("quit")


if __name__ == "__main__":
    main()

"""How close to their deadlines ThreadedCuePlayer calls play(), over a whole routine.

Plays the 10-minute "daily-stretches" routine's cue schedule at real speed into a private
PulseAudio null sink, fed as the app feeds it (every 250 ms, everything due in the next 3 s)
while the GUI thread is stalled for 200 ms every 2 s. Each spoken cue is a tone as long as
its estimated phrase, at 22,050 Hz as espeak-ng writes; beeps are the shipped clips.

    python bench/cue_timing.py [--seconds N] [--no-stall] [--busy]

Prints, in ms, play() error = actual - (deadline - latency): median, p95, max; the mean
error of the first and last 10% of cues (drift); how many were dropped for being late; and,
from a recording of the sink, how long after play() each sound arrived there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.ui.pulse, when run as a script

from hiptimer.core.catalog import builtin_catalog  # noqa: E402
from hiptimer.core.cues import (  # noqa: E402
    BEEP_PHASE,
    BEEP_TICK,
    Cue,
    CueOptions,
    estimate_length,
    schedule,
)
from hiptimer.core.plan import compile_plan  # noqa: E402
from hiptimer.core.routine import builtin_routines  # noqa: E402
from tests.ui.pulse import Monitor, pulse_server, write_tone  # noqa: E402

ROUTINE = "daily-stretches"
FEED_MS, HORIZON_S, GRACE_S = 250, 3.0, 0.25  # as the session controller feeds the player
STALL_EVERY_MS, STALL_S = 2000, 0.2
LEAD_S = 1.0  # from "go" to the session's start


def routine_cues(seconds: float) -> list[Cue]:
    routine = next(r for r in builtin_routines(builtin_catalog()) if r.id == ROUTINE)
    cues = schedule(compile_plan(routine), estimate_length, CueOptions()).cues
    return sorted((c for c in cues if c.start < seconds), key=lambda c: c.start)


def make_clips(cues: list[Cue], folder: Path) -> dict[str, Path]:
    """A tone per distinct phrase, as long as the phrase is estimated to take."""
    sounds = ROOT / "assets" / "sounds"
    clips = {BEEP_TICK: sounds / "tick.wav", BEEP_PHASE: sounds / "phase.wav"}
    for i, cue in enumerate(c for c in cues if not c.kind.is_beep):
        if cue.text not in clips:
            clips[cue.text] = write_tone(folder / f"phrase-{i}.wav", 300 + 40 * (i % 12),
                                         cue.end - cue.start, rate=22_050)
    return clips


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sink_delays(monitor: Monitor, played: list[tuple[str, float, float]]) -> list[float]:
    """Seconds from play() to the sound's onset at the sink, for sounds that began in
    silence (a beep over a phrase cannot be told apart)."""
    onsets = monitor.onsets(since=min(started for _, _, started in played) - 0.05)
    delays = []
    for _, _, started in played:
        near = [t - started for t in onsets if -0.02 <= t - started <= 0.3]
        if near:
            delays.append(near[0])
    return delays


def run(args: argparse.Namespace) -> int:
    cues = routine_cues(args.seconds)
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-") as tmp, \
            pulse_server(Path(tmp)) as (server, monitor):
        os.environ["PULSE_SERVER"] = server.server  # before Qt looks for audio devices
        from PySide6.QtCore import (
            QCoreApplication,
            QEventLoop,
            QTimer,
            QtMsgType,
            qInstallMessageHandler,
        )

        warnings: list[str] = []
        serious = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        qInstallMessageHandler(lambda mode, _, text: warnings.append(text)
                               if mode in serious and "pipewire" not in text else None)
        from hiptimer.ui.cue_player import ThreadedCuePlayer  # Qt's audio starts here

        app = QCoreApplication([])
        player = ThreadedCuePlayer()
        played: list[tuple[str, float, float]] = []
        player.played.connect(lambda name, deadline, started: played.append(
            (name, deadline, started)))
        player.failed.connect(lambda message: sys.exit(f"player failed: {message}"))

        loop = QEventLoop()
        player.ready.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        player.load(make_clips(cues, Path(tmp)))
        loop.exec()

        start = time.monotonic() + LEAD_S
        items = [(start + c.start, c.text) for c in cues]

        def feed() -> None:
            now = time.monotonic()
            player.schedule([(d, n) for d, n in items if now - GRACE_S <= d <= now + HORIZON_S])

        def stall() -> None:
            if args.busy:  # Python work that holds the GIL
                end = time.monotonic() + STALL_S
                while time.monotonic() < end:
                    pass
            else:
                time.sleep(STALL_S)

        feeder, staller = QTimer(), QTimer()
        feeder.timeout.connect(feed)
        staller.timeout.connect(stall)
        feed()
        feeder.start(FEED_MS)
        if not args.no_stall:
            staller.start(STALL_EVERY_MS)
        progress = QTimer()
        progress.timeout.connect(lambda: print(
            f"  {time.monotonic() - start:5.0f} s: {len(played)} played", file=sys.stderr))
        progress.start(60_000)
        QTimer.singleShot(round((items[-1][0] - time.monotonic() + 1.0) * 1000), app.quit)
        app.exec()
        player.shutdown()
        report(args, cues, played, player.late_dropped, player.latency_s,
               sink_delays(monitor, played), warnings)
    return 0


def report(args: argparse.Namespace, cues: list[Cue], played: list[tuple[str, float, float]],
           dropped: int, latency: float, sink: list[float], warnings: list[str]) -> None:
    errors = [(started - (deadline - latency)) * 1000 for _, deadline, started in
              sorted(played, key=lambda p: p[1])]
    tenth = max(1, len(errors) // 10)
    stalls = "none" if args.no_stall else (
        f"{STALL_S * 1000:.0f} ms every {STALL_EVERY_MS / 1000:.0f} s "
        f"({'busy, holding the GIL' if args.busy else 'sleep'})")
    spoken = sum(not c.kind.is_beep for c in cues)
    span = "all" if args.seconds == float("inf") else f"first {args.seconds:.0f} s"
    print(f"routine {ROUTINE} ({span}): {len(cues)} cues "
          f"({spoken} spoken, {len(cues) - spoken} beeps); GUI stalls: {stalls}")
    print(f"played {len(played)}, dropped as late {dropped}")
    print("play() error, ms (actual - (deadline - latency)): "
          f"median {statistics.median(errors):.2f}, p95 {percentile(errors, 95):.2f}, "
          f"max {max(errors):.2f}, min {min(errors):.2f}")
    print(f"drift: mean of first 10% {statistics.mean(errors[:tenth]):.2f} ms, "
          f"last 10% {statistics.mean(errors[-tenth:]):.2f} ms")
    if sink:
        ms = [d * 1000 for d in sink]
        print(f"at the sink, ms after play() ({len(ms)} onsets heard in silence): median "
              f"{statistics.median(ms):.1f}, p95 {percentile(ms, 95):.1f}, "
              f"max {max(ms):.1f}; first cue {ms[0]:.1f}")
    print(f"Qt warnings: {len(warnings)}" + (f" (first: {warnings[0]})" if warnings else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float("inf"),
                        help="play only the cues of the first N seconds (default: all)")
    parser.add_argument("--no-stall", action="store_true", help="do not stall the GUI thread")
    parser.add_argument("--busy", action="store_true",
                        help="stall with Python work that holds the GIL, not with sleep")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())

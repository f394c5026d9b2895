"""When HipTimer's cues reach the speaker, measured at a private PulseAudio null sink.

    python bench/sink_timing.py [--routine movement-snack | --routine-file FILE] [--minutes 10]
                                [--runs 1]
                                [--busy] [--stall] [--press-after 2] [--gain 1]
                                [--display :N] [--cues] [--keep FOLDER | --reanalyse FOLDER]

Each run starts its own PulseAudio server with a null sink and records its monitor (parec,
44.1 kHz, 5 ms latency) and plays calibration clicks into it, before and after the session
(bench/sink_clock.py says how samples are dated on the monotonic clock and calibrated against
the sink's own clock). It opens the real app window under ``xvfb-run -a`` (or on --display)
through bench/app_launcher.py, in a private data folder whose settings already acknowledge
the safety notice, presses Start, and runs the session at real speed until it ends or
reaches --minutes. The cues and their deadlines are read off the
session as it starts (the same starts ``hiptimer plan ROUTINE --json`` prints, from the moment
Start was pressed). Every sound onset in the recording (louder than 2 % of full scale after
30 ms quieter) is matched to the cue due there, less the clip's own onset (its first sample
above the threshold when played at --gain, from the app's cue cache; the beeps from the app's
assets), and each error = heard - due is reported in ms: + is late.

Only cues whose onset can be told apart count: nothing else due from 200 ms before to 400 ms
after. A beep and the word it leads (a countdown tick and "Three.") are one onset, and the
beep's, as the beep starts sharply where a word's first consonant is quiet: these beep-led
cues are the clean measure. "drift" is the least-squares slope of error against session time,
in ms per 10 minutes. --busy keeps every core busy with a spinning process for the run;
--stall makes the app's GUI thread busy-wait 200 ms every 2 s. Absolute figures are good to
about +-1 ms (the calibration's spread, and the recorder's dating; each run prints both).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_run import (  # noqa: E402
    cores_busy,
    end_on_sigterm,
    kill_all,
    launcher_command,
    private_data,
    start,
)
from bench.sink_analysis import (  # noqa: E402
    Cue,
    Figures,
    Group,
    click_offset,
    clip_onset,
    find_onsets,
    group_cues,
    is_clean,
    match,
    per_minute,
)
from bench.sink_clock import RATE, Recorder, calibrate, recorded, sink_latency_us  # noqa: E402
from bench.sink_report import RunResult, print_cues, print_run, print_spread  # noqa: E402
from hiptimer import gui  # noqa: E402
from hiptimer.core.catalog import builtin_catalog  # noqa: E402
from hiptimer.core.routine_file import parse_routine_text  # noqa: E402
from hiptimer.paths import Paths  # noqa: E402
from hiptimer.speech import CueCache  # noqa: E402
from hiptimer.speech.audio import read_audio  # noqa: E402
from hiptimer.store.settings import load_settings  # noqa: E402
from tests.ui.pulse import PulseServer  # noqa: E402

THRESHOLD = 0.02  # of full scale


def launch(args: argparse.Namespace, data: Path, report: Path, server: PulseServer,
           stderr: Path) -> int:
    """Run the app through the launcher until it closes (killed after a generous timeout)."""
    command, env = launcher_command(server, data, args.routine, report, minutes=args.minutes,
                                    stall=args.stall, press_after=args.press_after,
                                    display=args.display)
    with stderr.open("wb") as err:
        process = start(command, env, stdout=err, stderr=err)
        try:
            return process.wait(timeout=args.minutes * 60 + 300)
        except subprocess.TimeoutExpired:
            return kill_all(process)
        finally:  # this process was told to end
            if process.poll() is None:
                kill_all(process)


def watch_sink_latency(server: PulseServer, seen: set[int], stop: threading.Event) -> None:
    while not stop.wait(5.0):
        latency = sink_latency_us(server)
        if latency is not None:
            seen.add(latency)


def session_cues(report: dict, data: Path, gain: float) -> tuple[list[Cue], int]:
    """The cues that were due before the session ended, with their clips' lengths and onsets;
    and how many had no clip (so never sounded)."""
    paths = Paths.under(data)
    settings, _ = load_settings(paths.settings_file)
    texts = {c["text"] for c in report["cues"]}
    clips = {t: c.path for t, c in CueCache(paths.cue_cache, gui.voice_of(settings))
             .cached(texts).items()}
    clips.update(gui.sounds())
    shape = {text: (read_audio(path).length, clip_onset(path, THRESHOLD, gain))
             for text, path in clips.items() if text in texts}
    ended = report.get("ended", float("inf"))
    due = [c for c in report["cues"] if c["due"] < ended - 0.5]
    cues = [Cue(c["due"], c["position"], c["kind"], c["text"], *shape[c["text"]])
            for c in due if c["text"] in shape]
    return cues, len(due) - len(cues)


def record_run(args: argparse.Namespace, cache: Path, folder: Path) -> None:
    """One session of the app against a recorded null sink. Leaves in ``folder``: the
    recording (monitor.raw, blocks.json), the launcher's report.json, the app's stderr.txt,
    its data/, and run.json (exit status, calibrations, the sink latencies seen)."""
    server = PulseServer(folder)
    server.start()
    recorder = Recorder(server, folder / "monitor.raw")
    seen: set[int] = set()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_sink_latency, args=(server, seen, stop))
    try:
        recorder.start()
        calibrated_at = sink_latency_us(server)
        before = calibrate(server, recorder)
        watcher.start()
        data = private_data(folder, cache)
        if args.routine_file:  # where an import leaves a routine
            (data / "routines").mkdir()
            shutil.copyfile(args.routine_file, data / "routines" / f"{args.routine}.toml")
        with cores_busy(args.busy):
            status = launch(args, data, folder / "report.json", server,
                            folder / "stderr.txt")
        stop.set()
        watcher.join()
        after = calibrate(server, recorder)
    finally:
        stop.set()
        recorder.stop()
        server.stop()
    (folder / "run.json").write_text(json.dumps({
        "status": status, "clicks": [before, after], "calibrated_at_us": calibrated_at,
        "sink_latency_us": sorted(seen)}))


def analyse(folder: Path, gain: float) -> RunResult:
    """The figures of a run that ``record_run`` left in ``folder``."""
    run = json.loads((folder / "run.json").read_text())
    try:
        report = json.loads((folder / "report.json").read_text())
    except FileNotFoundError:
        raise SystemExit(f"the session never started: see {folder / 'stderr.txt'}") from None
    cues, no_clip = session_cues(report, folder / "data", gain)
    groups = group_cues(cues)
    clock, samples = recorded(folder / "monitor.raw")
    dated = [clock.time_of(i) for i in find_onsets(samples, RATE, THRESHOLD)]
    (before, before_spread), (after, after_spread) = (click_offset(due, dated)
                                                      for due in run["clicks"])
    offset = (before + after) / 2
    onsets = [t - offset for t in dated]
    clean = [g for i, g in enumerate(groups) if is_clean(groups, i)]
    errors = match(clean, onsets)
    heard = [(g, e * 1000) for g, e in zip(clean, errors, strict=True) if e is not None]
    # The first cue may come very late: it is looked for up to 2 s, or until the next is due.
    wait = min(2.0, groups[1].due - groups[0].expected - 0.2) if len(groups) > 1 else 2.0
    first = match(groups[:1], onsets, late_s=wait)[0]
    result = RunResult(
        groups=len(groups), clean=len(clean), heard=len(heard), no_clip=no_clip,
        first_ms=None if first is None else first * 1000,
        first_label=groups[0].label if groups else "", steps=clock.steps,
        sink_drift_ppm=clock.drift_ppm,
        status=run["status"], session_s=report.get("end_position", 0.0),
        pauses=len(report["pauses"]),
        calibration=(before * 1000, after * 1000, max(before_spread, after_spread) * 1000),
        sink_latency_ms=[v / 1000 for v in run["sink_latency_us"]],
        calibrated_latency_ms=(run.get("calibrated_at_us") or 0) / 1000,
        stderr=(folder / "stderr.txt").read_text(errors="replace").splitlines())
    if heard:
        add_figures(result, heard)
    return result


def add_figures(result: RunResult, heard: list[tuple[Group, float]]) -> None:
    """The figures of the clean cues heard, each with its error in ms."""

    def figures(chosen: list[tuple[Group, float]]) -> Figures:
        return Figures.of([g.position for g, _ in chosen], [e for _, e in chosen])

    result.heard_cues = [(g.position, g.label, g.quiet_before, e) for g, e in heard]
    result.overall = figures(heard)
    labels = sorted({g.label for g, _ in heard})
    result.kinds = {k: figures([(g, e) for g, e in heard if g.label == k]) for k in labels}
    led = [(g, e) for g, e in heard if g.beep_led]
    result.beep_led = figures(led) if led else None
    for name, quiet in (("< 1 s", lambda q: q < 1), ("1-5 s", lambda q: 1 <= q < 5),
                        (">= 5 s", lambda q: q >= 5)):
        chosen = [(g, e) for g, e in heard if quiet(g.quiet_before)]
        if chosen:
            result.by_quiet[name] = figures(chosen)
    chosen = led or heard
    result.minutes = per_minute([g.position for g, _ in chosen], [e for _, e in chosen])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routine", default="movement-snack", help="a routine id")
    parser.add_argument("--routine-file", type=Path, metavar="FILE",
                        help="run the routine in this file (docs/routine-format.md), say a "
                             "longer one than any built in, as if imported")
    parser.add_argument("--minutes", type=float, default=10.0,
                        help="session minutes to run, if the routine lasts longer (default 10)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--busy", action="store_true", help="every core busy for the run")
    parser.add_argument("--stall", action="store_true",
                        help="stall the GUI thread 200 ms every 2 s")
    parser.add_argument("--press-after", type=float, metavar="S",
                        help="press Start S seconds after it is enabled (default 2)")
    parser.add_argument("--gain", type=float, default=1.0,
                        help="the volume the player plays its clips at (default 1: as rendered)")
    parser.add_argument("--display", help="an X display to use instead of xvfb-run")
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="keep each run's recording, cue report and app stderr here")
    parser.add_argument("--cues", action="store_true",
                        help="also list every clean cue heard, with its error")
    parser.add_argument("--reanalyse", type=Path, metavar="FOLDER",
                        help="print the figures of the runs kept in FOLDER, running nothing")
    args = parser.parse_args()
    if args.routine_file:
        args.routine = parse_routine_text(args.routine_file.read_bytes(), builtin_catalog(),
                                          source=str(args.routine_file)).id
    end_on_sigterm()
    results = []
    if args.reanalyse:
        for n, folder in enumerate(sorted(args.reanalyse.glob("run-*")), 1):
            results.append(analyse(folder, args.gain))
            print_run(n, results[-1], None)
            if args.cues:
                print_cues(results[-1])
    else:
        load = "every core busy" if args.busy else "no added load"
        print(f"sink timing: {args.routine}, up to {args.minutes:g} min, {args.runs} run(s), "
              f"{load}{', GUI stalled 200 ms every 2 s' if args.stall else ''}; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start",
              flush=True)
        with tempfile.TemporaryDirectory(prefix="hiptimer-sink-") as tmp:
            base = args.keep or Path(tmp)
            for n in range(1, args.runs + 1):
                started = time.monotonic()
                folder = base / f"run-{n}"
                folder.mkdir(parents=True)
                record_run(args, base / "cache", folder)
                results.append(analyse(folder, args.gain))
                print_run(n, results[-1], time.monotonic() - started)
                if args.cues:
                    print_cues(results[-1])
    if len(results) > 1:
        print_spread(results)
    return 0 if all(r.status == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

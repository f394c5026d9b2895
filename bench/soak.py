"""A whole long session at 10x speed: does anything grow, flood or fail to close?

    python bench/soak.py [--runs 5] [--hours 2] [--scale 10] [--routine ID] [--every 30]
                         [--max-lines N]

Each run starts a private PulseAudio server with a null sink and opens the real window
offscreen through bench/app_launcher.py, with HIPTIMER_TIME_SCALE=10, in a private data folder
(safety notice acknowledged; rendered speech shared between runs). The routine is, unless
--routine names another, one generated for the soak: the exercises of every built-in routine,
repeated until the plan lasts --hours, written as a routine file (docs/routine-format.md) into
the data folder's routines/, as an import leaves it. Start is pressed, the whole session runs
(2 hours take 12 minutes) and the window is closed as a user would close it.

Prints for each run: the exit status; how many lines the app wrote to stderr and the most
repeated ones (past --max-lines the app is killed: a flood); and, sampled every 30 s (--every)
of the session, CPU (% of one core, all threads), resident memory, threads and open files: the
median of the first and of the last quarter of the session, and the largest. The quarters
hold different exercises (a hold costs less than reps), so for the generated routine it also
prints the last quarter's CPU against the same stretch of exercises one pass earlier.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_run import end_on_sigterm, kill_all, launcher_command, private_data, start  # noqa: E402
from hiptimer.core.catalog import builtin_catalog  # noqa: E402
from hiptimer.core.plan import total_duration  # noqa: E402
from hiptimer.core.routine import Routine  # noqa: E402
from hiptimer.core.routine_file import to_toml  # noqa: E402
from hiptimer.core.routine_load import builtin_routines  # noqa: E402
from tests.ui.pulse import PulseServer  # noqa: E402

SOAK_ID = "soak-long-session"
DISTINCT_LINES = 10_000  # lines told apart; later new ones are only counted
TICK = os.sysconf("SC_CLK_TCK")


def one_pass() -> Routine:
    """Every built-in routine's exercises once, in turn."""
    builtins = builtin_routines(builtin_catalog())
    every = tuple(block for routine in builtins for block in routine.blocks)
    return dataclasses.replace(builtins[0], id=SOAK_ID, name="Long soak session",
                               description="Made by bench/soak.py.", built_in=False,
                               blocks=every)


def soak_routine(hours: float) -> Routine:
    """Every built-in routine's exercises, in turn, until the plan lasts ``hours``."""
    every = one_pass()
    routine, blocks = every, []
    while not blocks or total_duration(routine) < hours * 3600:
        blocks.append(every.blocks[len(blocks) % len(every.blocks)])
        routine = dataclasses.replace(every, blocks=tuple(blocks))
    return routine


def pass_length() -> float:
    """Session seconds of one pass, as ``soak_routine`` repeats them."""
    return total_duration(one_pass())


class StderrTally:
    """Reads a stream to its end: counts its lines and the most repeated ones, without ever
    holding more than ``DISTINCT_LINES`` of them."""

    def __init__(self, stream: int, over: int, on_flood: threading.Event) -> None:
        self.lines = 0
        self.counts: Counter[bytes] = Counter()
        self._stream = stream
        self._over = over
        self._on_flood = on_flood
        self.thread = threading.Thread(target=self._read, name="stderr", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        partial = b""
        while chunk := os.read(self._stream, 1 << 16):
            *lines, partial = (partial + chunk).split(b"\n")
            self.lines += len(lines)
            for line in lines:
                if line in self.counts or len(self.counts) < DISTINCT_LINES:
                    self.counts[line] += 1
            if self.lines > self._over:
                self._on_flood.set()
        if partial:
            self.lines += 1
            self.counts[partial] += 1


@dataclasses.dataclass
class Sample:
    at: float  # monotonic
    cpu_s: float  # user + system time of all the process's threads
    rss_mb: float
    threads: int
    files: int


def sample(pid: int) -> Sample | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = dict(line.split(":", 1) for line in
                      Path(f"/proc/{pid}/status").read_text().splitlines())
        files = len(os.listdir(f"/proc/{pid}/fd"))
    except (OSError, ValueError):
        return None  # it has just ended
    return Sample(time.monotonic(), (int(stat[11]) + int(stat[12])) / TICK,
                  int(status["VmRSS"].split()[0]) / 1024, int(status["Threads"]), files)


@dataclasses.dataclass
class SoakRun:
    status: int
    flooded: bool
    hung: bool  # still open long after the session should have ended
    lines: int
    common: list[tuple[bytes, int]]
    session_min: float
    samples: list[Sample]
    started: float  # monotonic, when the session started

    def cpu_between(self, first_s: float, last_s: float, scale: float) -> float:
        """CPU, % of a core, from ``first_s`` to ``last_s`` seconds into the session."""
        inside = [s for s in self.samples
                  if first_s <= (s.at - self.started) * scale <= last_s]
        if len(inside) < 2:
            return float("nan")
        return 100 * (inside[-1].cpu_s - inside[0].cpu_s) / (inside[-1].at - inside[0].at)

    def quarters(self, value: str) -> tuple[float, float, float]:
        """Median of the first quarter, of the last quarter, and the max, of a sampled value;
        CPU ("cpu") as % of one core between samples."""
        if value == "cpu":
            values = [100 * (b.cpu_s - a.cpu_s) / (b.at - a.at)
                      for a, b in itertools.pairwise(self.samples)]
        else:
            values = [getattr(s, value) for s in self.samples]
        if not values:
            return (float("nan"),) * 3
        quarter = max(1, len(values) // 4)
        return (statistics.median(values[:quarter]), statistics.median(values[-quarter:]),
                max(values))


def soak_once(args: argparse.Namespace, cache: Path, routine: Routine | None) -> SoakRun:
    with tempfile.TemporaryDirectory(prefix="hiptimer-soak-") as tmp:
        folder = Path(tmp)
        data = private_data(folder, cache)
        if routine is not None:
            (data / "routines").mkdir()
            (data / "routines" / f"{routine.id}.toml").write_text(to_toml(routine), "utf-8")
        server = PulseServer(folder)
        server.start()
        report = folder / "report.json"
        command, env = launcher_command(server, data, routine.id if routine else args.routine,
                                        report, scale=args.scale, offscreen=True)
        flood = threading.Event()
        samples: list[Sample] = []
        process = start(command, env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert process.stderr is not None
            tally = StderrTally(process.stderr.fileno(), args.max_lines, flood)
            deadline = time.monotonic() + args.hours * 3600 / args.scale + 600
            while process.poll() is None and not flood.is_set() and time.monotonic() < deadline:
                if report.exists() and (taken := sample(process.pid)):
                    samples.append(taken)
                flood.wait(args.every)
            hung = process.poll() is None and not flood.is_set()
            # Flooded or hung: ended by the bench.
            status = process.wait() if process.poll() is not None else kill_all(process)
            tally.thread.join(30)
        finally:
            if process.poll() is None:  # this process was told to end
                kill_all(process)
            server.stop()
        session = json.loads(report.read_text()) if report.exists() else {}
        ended = session.get("ended", float("inf"))
        position = session.get("end_position", 0.0)
        return SoakRun(status, flood.is_set(), hung, tally.lines, tally.counts.most_common(3),
                       position / 60, [s for s in samples if s.at <= ended],
                       ended - position / args.scale)


def print_a_pass_apart(run: SoakRun, pass_s: float, scale: float) -> None:
    """The last quarter's CPU against the same exercises a pass earlier: the quarters
    themselves hold different exercises (holds cost less than reps)."""
    end = run.session_min * 60
    first = 0.75 * end
    if first - pass_s < 0:
        return
    before = run.cpu_between(first - pass_s, end - pass_s, scale)
    after = run.cpu_between(first, end, scale)
    print(f"  CPU on the same exercises a pass apart (session minutes {(first - pass_s) / 60:.0f}"
          f"–{(end - pass_s) / 60:.0f}, then {first / 60:.0f}–{end / 60:.0f}): {before:.1f} → "
          f"{after:.1f} % of a core")


def print_soak(n: int, run: SoakRun, wall_s: float) -> None:
    ending = ("killed by the bench: stderr flood" if run.flooded else
              "killed by the bench: still open 10 min after the session's end" if run.hung else
              f"exit status {run.status}")
    print(f"\nrun {n}: {run.session_min:.0f} session min in {wall_s / 60:.1f} min; {ending}; "
          f"stderr {run.lines} lines" + "".join(
              f"\n    {count} x {line[:150].decode(errors='replace')}"
              for line, count in run.common))
    for name, value, unit in (("CPU", "cpu", "% of a core"), ("RSS", "rss_mb", "MB"),
                              ("threads", "threads", ""), ("open files", "files", "")):
        first, last, top = run.quarters(value)
        print(f"  {name:10} first quarter {first:7.1f}, last quarter {last:7.1f}, "
              f"max {top:7.1f} {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--hours", type=float, default=2.0,
                        help="length of the generated routine (default 2)")
    parser.add_argument("--scale", type=float, default=10.0, help="session clock speed-up")
    parser.add_argument("--routine", help="run this routine instead of a generated one")
    parser.add_argument("--every", type=float, default=30.0, metavar="S",
                        help="sample CPU and memory every S seconds (default 30)")
    parser.add_argument("--max-lines", type=int, default=1_000_000,
                        help="stderr lines after which the app is killed (default 1,000,000)")
    args = parser.parse_args()
    end_on_sigterm()
    routine = None if args.routine else soak_routine(args.hours)
    length = total_duration(routine) / 60 if routine else float("nan")
    print(f"soak: {args.routine or f'{SOAK_ID} (generated, {length:.0f} min)'} at x{args.scale:g}, "
          f"offscreen, {args.runs} run(s); {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at the start", flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="hiptimer-soak-cache-") as cache:
        for n in range(1, args.runs + 1):
            started = time.monotonic()
            runs.append(soak_once(args, Path(cache) / "cache", routine))
            print_soak(n, runs[-1], time.monotonic() - started)
            if routine is not None:
                print_a_pass_apart(runs[-1], pass_length(), args.scale)
    if len(runs) > 1:
        print(f"\nover {len(runs)} runs: exit statuses {[r.status for r in runs]}, "
              f"stderr lines {[r.lines for r in runs]}")
        for name, value in (("CPU %", "cpu"), ("RSS MB", "rss_mb")):
            last = [r.quarters(value)[1] for r in runs]
            top = [r.quarters(value)[2] for r in runs]
            print(f"  {name}: last quarter {min(last):.1f} .. {max(last):.1f}, "
                  f"max {min(top):.1f} .. {max(top):.1f}")
    return 0 if all(r.status == 0 and not r.flooded and not r.hung for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

"""What one run of bench/sink_timing.py found, and how it is printed."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.sink_analysis import Figures


@dataclass
class RunResult:
    groups: int  # onsets due (cues due together count once)
    clean: int  # of those, the ones that can be told apart
    heard: int  # of those, the ones heard within -150..+400 ms
    no_clip: int  # cues with no clip in the cache: never sounded
    first_ms: float | None  # error of the session's first cue
    first_label: str
    steps: int  # places where the recorder's dating jumped (lost samples)
    sink_drift_ppm: float  # how much faster than its rate the sink played
    overall: Figures | None = None
    beep_led: Figures | None = None
    kinds: dict[str, Figures] = field(default_factory=dict)
    by_quiet: dict[str, Figures] = field(default_factory=dict)  # by silence before the cue
    minutes: dict[int, float] = field(default_factory=dict)  # mean error per session minute
    status: int = 0
    session_s: float = 0.0
    pauses: int = 0
    calibration: tuple[float, float, float] = (0.0, 0.0, 0.0)  # ms: before, after, spread
    sink_latency_ms: list[float] = field(default_factory=list)
    calibrated_latency_ms: float = 0.0  # the sink's while it was calibrated
    stderr: list[str] = field(default_factory=list)
    heard_cues: list[tuple[float, str, float, float]] = field(default_factory=list)
    # ... each clean cue heard: session position s, label, quiet before s, error ms


HEAD = f"{'':24}{'n':>5}{'median':>9}{'med|e|':>9}{'p95|e|':>9}{'max|e|':>9}{'drift':>8}"


def row(name: str, f: Figures) -> str:
    drift = "" if f.drift is None else f"{f.drift:+8.1f}"
    return (f"{name:24}{f.n:5d}{f.median:+9.1f}{f.median_abs:9.1f}{f.p95_abs:9.1f}"
            f"{f.max_abs:9.1f}{drift}")


def print_run(n: int, r: RunResult, wall_s: float | None) -> None:
    first = "not heard" if r.first_ms is None else f"{r.first_ms:+.1f} ms"
    took = "" if wall_s is None else f" in {wall_s / 60:.1f} min"
    print(f"\nrun {n}: {r.session_s / 60:.1f} session min{took}; exit status "
          f"{r.status}; {r.groups} onsets due, {r.clean} clean, {r.heard} of them heard"
          + (f"; {r.no_clip} cues had no clip" if r.no_clip else ""))
    print(f"  first cue ({r.first_label}): {first}")
    if r.overall is None:
        print("  no clean cue was heard")
    else:
        print(f"  errors in ms (+ late), drift in ms per 10 min:\n  {HEAD}")
        print(f"  {row('all clean cues', r.overall)}")
        if r.beep_led:
            print(f"  {row('beep-led', r.beep_led)}")
        for name, figures in r.kinds.items():
            print(f"    {row(name, figures)}")
        for name, figures in r.by_quiet.items():
            print(f"  {row(f'after {name} of quiet', figures)}")
        means = " ".join(f"{m}:{e:+.1f}" for m, e in r.minutes.items())
        print(f"  mean error per session minute ({'beep-led' if r.beep_led else 'all'}): "
              f"{means}")
    before, after, spread = r.calibration
    latency = ", ".join(f"{v:g}" for v in r.sink_latency_ms) or "not seen"
    print(f"  dating: calibration {before:+.2f} / {after:+.2f} ms (before / after; spread "
          f"{spread:.2f} ms); sink latency during the run {latency} ms; sink clock "
          f"{r.sink_drift_ppm:+.0f} ppm; recorder steps {r.steps}; session pauses {r.pauses}")
    if any(abs(v - r.calibrated_latency_ms) > 0.5 for v in r.sink_latency_ms):
        print(f"  WARNING: the sink was calibrated at {r.calibrated_latency_ms:g} ms latency: "
              "with less during the run, every error reads later than it was, by about the "
              "difference")
    common = Counter(r.stderr).most_common(2)
    print(f"  stderr: {len(r.stderr)} lines" + "".join(
        f"\n    {count} x {line[:150]}" for line, count in common))


def print_cues(r: RunResult) -> None:
    print(f"  {'at':>8} {'quiet':>6} {'error':>7}  cue")
    for position, label, quiet, error in r.heard_cues:
        print(f"  {position:8.2f} {min(quiet, 999):6.1f} {error:+7.1f}  {label}")


def spread(values: Sequence[float], signed: bool) -> str:
    form = "+7.1f" if signed else "7.1f"
    return (f"median {statistics.median(values):{form}}, range {min(values):{form}} .. "
            f"{max(values):{form}}")


def print_spread(results: Sequence[RunResult]) -> None:
    print(f"\nover {len(results)} runs (ms):")
    lines: list[tuple[str, bool, Callable[[RunResult], float | None]]] = [
        ("first cue", True, lambda r: r.first_ms),
        ("all: median |e|", False, lambda r: r.overall and r.overall.median_abs),
        ("all: p95 |e|", False, lambda r: r.overall and r.overall.p95_abs),
        ("all: max |e|", False, lambda r: r.overall and r.overall.max_abs),
        ("all: drift /10 min", True, lambda r: r.overall and r.overall.drift),
        ("beep-led: median", True, lambda r: r.beep_led and r.beep_led.median),
        ("beep-led: p95 |e|", False, lambda r: r.beep_led and r.beep_led.p95_abs),
        ("beep-led: max |e|", False, lambda r: r.beep_led and r.beep_led.max_abs),
        ("beep-led: drift /10 min", True, lambda r: r.beep_led and r.beep_led.drift),
    ]
    for name, signed, value in lines:
        values = [v for v in map(value, results) if v is not None]
        if values:
            print(f"  {name:24} {spread(values, signed)}")

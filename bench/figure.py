"""Exercise figures: what a frame costs, and what the figure costs through a stretch.

Frames: for every built-in figure, the median of the pose and its shapes (``frame_at`` +
``draw``, no Qt) and of painting them offscreen at the session page's size.

Hold: the session page's figure alone (``SessionFigure`` over a ``FigureView`` in a window)
following a real session of one 60-second stretch on the real clock; CPU time of the whole
process, and frames drawn, while it holds. The machine is shared: quote medians of runs.

    QT_QPA_PLATFORM=offscreen python bench/figure.py [--frames 60] [--size 668x300]
    QT_QPA_PLATFORM=offscreen python bench/figure.py --hold 30 [--exercise hamstring-stretch]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.figure.drawing import Figure
from hiptimer.core.figure.motion import preview_at
from hiptimer.core.figure.spec import builtin_figures
from hiptimer.core.plan import Kind, compile_plan
from hiptimer.core.routine import Block, Dose, Frequency, Routine, Sides
from hiptimer.core.session import Session
from hiptimer.ui.session.session_figure import SessionFigure
from hiptimer.ui.widgets.figure import FigureColours, FigureView, paint_drawing


def frames(count: int, width: int, height: int) -> None:
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    colours = FigureColours.from_palette(QPalette())
    catalog = builtin_catalog()
    started = time.perf_counter()
    figures = {k: Figure(spec) for k, spec in builtin_figures().items()}
    setup = time.perf_counter() - started
    shapes_ms, paint_ms, counts = [], [], []
    for exercise_id, figure in figures.items():
        exercise = catalog[exercise_id]
        block = Block(exercise, exercise.dose, exercise.sides, 5, 10, 10)
        for i in range(count):
            t0 = time.perf_counter()
            drawing = figure.draw_frame(preview_at(figure.spec, block, i / 25))
            t1 = time.perf_counter()
            painter = QPainter(image)
            paint_drawing(painter, drawing, QRectF(0, 0, width, height), colours)
            painter.end()
            t2 = time.perf_counter()
            shapes_ms.append((t1 - t0) * 1000)
            paint_ms.append((t2 - t1) * 1000)
            counts.append(len(drawing.shapes))
    print(f"{len(figures)} figures, {count} frames each, {width}×{height}")
    print(f"load and place every figure: {setup * 1000:.1f} ms")
    print(f"pose + shapes per frame:  median {statistics.median(shapes_ms):.2f} ms, "
          f"p95 {statistics.quantiles(shapes_ms, n=20)[-1]:.2f} ms")
    print(f"paint whole frame:        median {statistics.median(paint_ms):.2f} ms, "
          f"p95 {statistics.quantiles(paint_ms, n=20)[-1]:.2f} ms")
    print(f"shapes per frame: median {statistics.median(counts):.0f}")


def hold(seconds: float, exercise_id: str, width: int, height: int) -> None:
    exercise = builtin_catalog()[exercise_id]
    dose = Dose(hold_s=60.0, reps=None, sets=1, rest_s=0.0)
    routine = Routine("bench", "Bench", "", Frequency.AS_NEEDED,
                      (Block(exercise, dose, Sides.BOTH, 1.0, 0.0, 0.0),))
    session = Session(compile_plan(routine), (), time.monotonic)
    view = FigureView()
    view.resize(width, height)
    view.show()
    figure = SessionFigure(view)
    session.start()
    figure.follow(session)
    # Every 200 ms the session page looks at the clock and nudges the figure.
    nudge = QTimer()
    nudge.timeout.connect(figure.update)
    nudge.start(200)
    run_until(lambda: session.snapshot().segment.kind is Kind.HOLD, 10)
    run_until(None, 2.5)  # past easing into the stretch: breathing from here
    drawn0 = getattr(figure, "frames", 0)
    cpu0, wall0 = time.process_time(), time.monotonic()
    run_until(None, seconds)
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    drawn = getattr(figure, "frames", 0) - drawn0
    print(f"{exercise_id}, {width}×{height}, {wall:.1f} s of a stretch, figure only")
    print(f"CPU: {100 * cpu / wall:.2f} % of one core"
          + (f"; {drawn / wall:.1f} frames a second" if drawn else ""))


def run_until(done: Callable[[], bool] | None, seconds: float) -> None:
    """Run the event loop for ``seconds``, or until ``done()``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    check = QTimer()
    check.timeout.connect(lambda: done is not None and done() and loop.quit())
    if done is not None:
        check.start(50)
    loop.exec()
    check.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default="668x300", help="the session page's figure at 1366×768")
    parser.add_argument("--hold", type=float, metavar="SECONDS",
                        help="measure the figure through a stretch for this long instead")
    parser.add_argument("--exercise", default="hamstring-stretch")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([])  # noqa: F841
    width, height = (int(v) for v in args.size.split("x"))
    if args.hold:
        hold(args.hold, args.exercise, width, height)
    else:
        frames(args.frames, width, height)


if __name__ == "__main__":
    main()

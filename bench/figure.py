"""Exercise figures: what one animation frame costs, for every built-in figure.

A running session redraws its figure about 30 times a second. Prints the median over all
figures and frames of: the pose for a moment and its shapes (``frame_at`` + ``draw``, no Qt),
and painting them offscreen at the session page's size (``paint_drawing`` into a QImage).

    QT_QPA_PLATFORM=offscreen python bench/figure.py [--frames 60] [--size 560x420]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPalette

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.figure.drawing import Figure
from hiptimer.core.figure.motion import preview_at
from hiptimer.core.figure.spec import builtin_figures
from hiptimer.core.routine import Block
from hiptimer.ui.widgets.figure import FigureColours, paint_drawing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--size", default="560x420")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication([])  # noqa: F841
    width, height = (int(v) for v in args.size.split("x"))
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
        for i in range(args.frames):
            t0 = time.perf_counter()
            drawing = figure.draw_frame(preview_at(figure.spec, block, i / 30))
            t1 = time.perf_counter()
            painter = QPainter(image)
            paint_drawing(painter, drawing, QRectF(0, 0, width, height), colours)
            painter.end()
            t2 = time.perf_counter()
            shapes_ms.append((t1 - t0) * 1000)
            paint_ms.append((t2 - t1) * 1000)
            counts.append(len(drawing.shapes))
    print(f"{len(figures)} figures, {args.frames} frames each, {width}×{height}")
    print(f"load and place every figure: {setup * 1000:.1f} ms")
    print(f"pose + shapes per frame:  median {statistics.median(shapes_ms):.2f} ms, "
          f"p95 {statistics.quantiles(shapes_ms, n=20)[-1]:.2f} ms")
    print(f"paint per frame:          median {statistics.median(paint_ms):.2f} ms, "
          f"p95 {statistics.quantiles(paint_ms, n=20)[-1]:.2f} ms")
    print(f"shapes per frame: median {statistics.median(counts):.0f}")


if __name__ == "__main__":
    main()

"""Render exercise figures to PNG contact sheets, to look at them.

    QT_QPA_PLATFORM=offscreen python tools/render_figures.py [EXERCISE ...] [--out DIR] [--dark]

One sheet per exercise: every key pose and the pose half-way to the next, then the last pose
for the other side, mirrored (one side after the other) and swapped (legs taking turns). Each
cell is fitted to the figure's fixed frame, as on screen. With no exercise named, every figure
in assets/figures/, plus ``all.png`` with each one's last pose.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer.core.figure.drawing import Drawing, Figure  # noqa: E402
from hiptimer.core.figure.skeleton import blend  # noqa: E402
from hiptimer.core.figure.spec import Motion, load_figures  # noqa: E402
from hiptimer.ui.widgets.figure import FigureColours, paint_drawing  # noqa: E402

CELL = (300, 230)


def palette(dark: bool) -> QPalette:
    pal = QPalette()
    base, text = (QColor("#202326"), QColor("#eeeeee")) if dark else (QColor("#ffffff"),
                                                                       QColor("#202020"))
    pal.setColor(QPalette.ColorRole.Base, base)
    pal.setColor(QPalette.ColorRole.Text, text)
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#3d7fd9"))
    return pal


def sheet(cells: list[tuple[str, Drawing]], columns: int, pal: QPalette) -> QImage:
    rows = (len(cells) + columns - 1) // columns
    image = QImage(CELL[0] * columns, CELL[1] * rows, QImage.Format.Format_RGB32)
    image.fill(pal.color(QPalette.ColorRole.Base))
    colours = FigureColours.from_palette(pal)
    painter = QPainter(image)
    painter.setFont(QFont("DejaVu Sans", 9))
    for i, (label, drawing) in enumerate(cells):
        x, y = (i % columns) * CELL[0], (i // columns) * CELL[1]
        paint_drawing(painter, drawing, QRectF(x, y + 16, CELL[0], CELL[1] - 16), colours)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(QRectF(x + 4, y + 2, CELL[0] - 8, 16), Qt.AlignmentFlag.AlignLeft, label)
        painter.setPen(QColor("#cccccc"))
        painter.drawRect(x, y, CELL[0] - 1, CELL[1] - 1)
    painter.end()
    return image


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("exercises", nargs="*")
    parser.add_argument("--out", type=Path, default=Path("figure-sheets"))
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    specs = load_figures(ROOT / "assets" / "figures")
    chosen = args.exercises or sorted(specs)
    args.out.mkdir(parents=True, exist_ok=True)
    pal = palette(args.dark)
    overview = []
    for name in chosen:
        figure = Figure(specs[name])
        poses = figure.spec.poses
        cells = []
        for i, (label, pose) in enumerate(zip(figure.spec.names, poses, strict=True)):
            cells.append((f"{name}: {label}", figure.draw(pose)))
            if i + 1 < len(poses):
                cells.append((f"{name}: on the way", figure.draw(blend(pose, poses[i + 1], 0.5))))
        for label, pose in zip(figure.spec.names, poses, strict=True):
            touching, sunk = figure.contacts(pose)
            through = ", ".join(f"{p} {depth:.3f}" for p, depth in sunk) or "nothing"
            print(f"{name} / {label}: rests on {', '.join(touching) or 'nothing'}; "
                  f"through the floor: {through}")
        last = poses[-1]
        swap = figure.spec.motion is not Motion.CYCLE
        cells.append((f"{name}: other side (mirror)", figure.draw(last, mirrored=True)))
        if swap:
            cells.append((f"{name}: other side (swap)", figure.draw(last, swap=True)))
        sheet(cells, 4, pal).save(str(args.out / f"{name}.png"))
        overview.append((name, figure.draw(last)))
    if not args.exercises:
        sheet(overview, 6, pal).save(str(args.out / "all.png"))
    print(f"wrote {len(chosen)} sheet(s) to {args.out}")


if __name__ == "__main__":
    main()

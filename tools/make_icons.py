"""Render the app icon's SVG into the PNG sizes desktops want, in the hicolor theme layout.

    python tools/make_icons.py [--preview SHEET.png]

Reads ``assets/icons/<APP_ID>.svg`` (and, for 16, 24 and 32 px, ``<APP_ID>-16.svg`` and so on:
thicker strokes, the figure drawn on those pixel grids) and writes
``assets/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` plus ``hicolor/scalable/apps/<APP_ID>.svg``.
``--preview`` also draws every size on a light and a dark background, to look at.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer import APP_ID  # noqa: E402

ICONS = ROOT / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
HINTED = (16, 24, 32)  # sizes with their own SVG drawn on the pixel grid


def source_for(size: int) -> Path:
    """The SVG drawn at ``size`` pixels."""
    return ICONS / (f"{APP_ID}-{size}.svg" if size in HINTED else f"{APP_ID}.svg")


def png_path(size: int, root: Path = ICONS) -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int) -> QImage:
    """``svg`` drawn antialiased into a transparent ``size`` × ``size`` image."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def preview(images: dict[int, QImage], out: Path) -> None:
    """Every size at 1:1 on light and dark stripes, then the small ones enlarged 8×."""
    width = sum(SIZES) + 20 * (len(SIZES) + 1)
    height = 2 * (max(SIZES) + 40) + 8 * 32 + 40
    sheet = QImage(width, height, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#f4f4f4"))
    painter = QPainter(sheet)
    painter.fillRect(0, max(SIZES) + 40, width, max(SIZES) + 40, QColor("#242424"))
    for row in range(2):
        x = 20
        for size in SIZES:
            painter.drawImage(x, row * (max(SIZES) + 40) + 20, images[size])
            x += size + 20
    x, y = 20, 2 * (max(SIZES) + 40) + 20
    for size in (16, 24, 32):
        big = images[size].scaled(size * 8, size * 8, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.FastTransformation)
        painter.fillRect(x, y, size * 8, size * 8, QColor("#242424" if size == 24 else "#f4f4f4"))
        painter.drawImage(x, y, big)
        x += size * 8 + 20
    painter.end()
    sheet.save(str(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", type=Path, help="also write a contact sheet here")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 -- keeps Qt's GUI side alive
    images = {size: render(source_for(size), size) for size in SIZES}
    for size, image in images.items():
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path)):
            raise SystemExit(f"cannot write {path}")
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / f"{APP_ID}.svg", scalable)
    if args.preview:
        preview(images, args.preview)
    print(f"wrote {len(SIZES)} PNGs and the scalable SVG under {ICONS / 'hicolor'}")


if __name__ == "__main__":
    main()

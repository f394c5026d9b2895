"""The countdown ring repaints only the stretch its arc moved over, and that is enough."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from hiptimer.ui.widgets.ring import CountdownRing


def painted(ring: CountdownRing) -> QImage:
    return ring.grab().toImage()


def changed_pixels(a: QImage, b: QImage) -> QRect:
    """The bounding box of the pixels that differ between two images of one size."""
    box = QRect()
    for y in range(a.height()):
        for x in range(a.width()):
            if a.pixel(x, y) != b.pixel(x, y):
                box = box.united(QRect(x, y, 1, 1))
    return box


@pytest.mark.parametrize(("before", "after"), [
    (0.0, 0.02), (0.24, 0.26), (0.49, 0.52), (0.70, 0.66), (0.97, 1.0), (0.1, 0.6)])
def test_the_stretch_repainted_covers_every_pixel_the_arc_changed(
        qtbot: QtBot, before: float, after: float) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(200, 160)
    ring.show_value("42", "seconds", before)
    old = painted(ring)
    ring.show_value("42", "seconds", after)
    changed = changed_pixels(old, painted(ring))
    assert not changed.isEmpty()
    assert ring._arc_rect(before, after).contains(changed)


def test_a_small_step_repaints_a_quarter_of_the_ring_at_most(qtbot: QtBot) -> None:
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(360, 360)
    for step in range(100):  # a hold, a fifth of a second at a time
        dirty = ring._arc_rect(step / 100, (step + 1) / 100)
        assert dirty.width() * dirty.height() < 0.3 * 360 * 360


def test_new_text_repaints_it_all_and_is_told(qtbot: QtBot) -> None:
    ring = a_ring(qtbot)
    old = painted(ring)
    ring.show_value("41", "seconds", 0.3)
    assert changed_pixels(old, painted(ring)) != QRect()
    assert ring.text() == "41 seconds"


def a_ring(qtbot: QtBot, width: int = 200, height: int = 160,
           palette: QPalette | None = None) -> CountdownRing:
    """A ring of that size showing 42 seconds, a third of the way round."""
    ring = CountdownRing()
    qtbot.addWidget(ring)
    if palette is not None:
        ring.setPalette(palette)
    ring.resize(width, height)
    ring.show_value("42", "seconds", 0.3)
    return ring


def pixel_colours(image: QImage) -> set[int]:
    return {image.pixel(x, y) for y in range(0, image.height(), 3)
            for x in range(0, image.width(), 3)}


def test_the_kept_picture_follows_a_new_palette_and_size(qtbot: QtBot) -> None:
    """What is kept between full paints is made again when the theme or the size changes."""
    ring = a_ring(qtbot)
    light = painted(ring)
    palette = ring.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff00ff"))
    ring.setPalette(palette)
    dark = painted(ring)
    assert QColor("#ff00ff").rgb() in pixel_colours(dark)
    assert QColor("#ff00ff").rgb() not in pixel_colours(light)
    ring.resize(300, 240)
    assert painted(ring).size() == QSize(300, 240)
    assert painted(ring) == painted(a_ring(qtbot, 300, 240, palette))


def test_paused_greys_the_kept_picture_too(qtbot: QtBot) -> None:
    ring = a_ring(qtbot)
    running = painted(ring)
    ring.show_value("42", "seconds", 0.3, paused=True)
    grey = ring.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert painted(ring) != running
    assert grey.rgb() in pixel_colours(painted(ring))

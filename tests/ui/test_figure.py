"""The figure painted offscreen, checked against the geometry its angles give; the figure in a
running session and in the looping previews."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.figure.drawing import Drawing, Figure, Role
from hiptimer.core.figure.skeleton import SHANK, THIGH
from hiptimer.core.figure.spec import builtin_figures
from hiptimer.core.routine import Sides, Tempo
from hiptimer.ui.widgets.figure import (
    AnimatedFigure,
    FigureColours,
    FigureView,
    fit,
    paint_drawing,
    to_pixels,
)
from tests.core.helpers import FakeClock, block, figure_of

from .fakes import make_window
from .test_session_flow import FLOW, open_start_screen

SIZE = (360, 270)


def light() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d7fd9"))
    return palette


def dark() -> QPalette:
    palette = light()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    return palette


def render(drawing: Drawing, palette: QPalette) -> QImage:
    image = QImage(*SIZE, QImage.Format.Format_RGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    paint_drawing(painter, drawing, QRectF(0, 0, *SIZE), FigureColours.from_palette(palette))
    painter.end()
    return image


def pixel(image: QImage, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x() - 0.5), round(point.y() - 0.5))


def near(a: QColor, b: QColor, tol: int = 12) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def same(a: Mapping[str, tuple[float, float]], b: Mapping[str, tuple[float, float]]) -> bool:
    """The same body points, to within rounding."""
    return a.keys() == b.keys() and all(
        abs(a[k][0] - b[k][0]) < 1e-9 and abs(a[k][1] - b[k][1]) < 1e-9 for k in a)


def ink_box(image: QImage, background: QColor) -> tuple[int, int, int, int]:
    """The smallest rectangle holding every pixel that is not the background."""
    xs, ys = [], []
    for y in range(image.height()):
        for x in range(image.width()):
            if not near(image.pixelColor(x, y), background, 4):
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


LIFT = figure_of("""
exercise = "lift"
body = "upright"
view = "side"
motion = "rep"
anchor = "left_heel"
[[pose]]
name = "standing"
[[pose]]
name = "knee up"
right_hip = { flex = 90 }
right_knee = { flex = 90 }
""")


def test_the_painted_limb_ends_where_the_angles_put_them() -> None:
    figure = Figure(LIFT)
    drawing = figure.draw(LIFT.poses[1])
    image = render(drawing, light())
    fills = FigureColours.from_palette(light()).fills
    scale, offset = fit(drawing.bounds, QRectF(0, 0, *SIZE))
    hip, knee, ankle = (drawing.points[f"right_{p}"] for p in ("hip", "knee", "ankle"))
    # The thigh points straight ahead and the shank straight down, at the segment lengths.
    assert knee[0] - hip[0] == pytest.approx(THIGH) and knee[1] == pytest.approx(hip[1])
    assert ankle[0] == pytest.approx(knee[0]) and knee[1] - ankle[1] == pytest.approx(SHANK)
    # The knee, and the shank down to just above the ankle (where the foot's outline begins),
    # are painted in the colour of a moving limb; just in front of the knee, nothing is.
    near_ankle = (knee[0] + 0.8 * (ankle[0] - knee[0]), knee[1] + 0.8 * (ankle[1] - knee[1]))
    for where in (knee, near_ankle, drawing.points["right_toe"]):
        assert near(pixel(image, to_pixels(where, scale, offset)), fills[Role.WORKING]), where
    mid_shank = to_pixels(((knee[0] + ankle[0]) / 2, (knee[1] + ankle[1]) / 2), scale, offset)
    beyond = to_pixels((knee[0] + 0.12, knee[1]), scale, offset)
    assert near(pixel(image, beyond), light().color(QPalette.ColorRole.Base))
    mirrored = render(figure.draw(LIFT.poses[1], mirrored=True), light())
    flipped = QPointF(SIZE[0] - mid_shank.x(), mid_shank.y())
    assert near(pixel(mirrored, flipped), fills[Role.WORKING])


BODY = {Role.BODY, Role.BODY_FAR, Role.WORKING, Role.WORKING_FAR, Role.EYE}


def inked(image: QImage, where: QPointF, background: QColor) -> bool:
    """Something is painted at ``where`` or within 2 pixels (outlines part touching limbs)."""
    x, y = round(where.x() - 0.5), round(where.y() - 0.5)
    return any(not near(image.pixelColor(x + dx, y + dy), background, 4)
               for dx in range(-2, 3) for dy in range(-2, 3))


@pytest.mark.parametrize("exercise_id", sorted(builtin_catalog()))
def test_every_figure_paints_its_body_where_its_geometry_is(exercise_id: str) -> None:
    figure = Figure(builtin_figures()[exercise_id])
    palette = light()
    background = palette.color(QPalette.ColorRole.Base)
    for pose in (figure.spec.poses[0], figure.spec.poses[-1]):
        full = figure.draw(pose)
        # The body alone, so that what is painted can only be the body.
        drawing = Drawing(tuple(s for s in full.shapes if s.role in BODY), full.bounds,
                          full.points)
        image = render(drawing, palette)
        scale, offset = fit(drawing.bounds, QRectF(0, 0, *SIZE))
        p = drawing.points
        for a, b in (("head", "head"), ("waist", "chest"), ("right_hip", "right_knee"),
                     ("left_hip", "left_knee"), ("right_knee", "right_ankle"),
                     ("left_knee", "left_ankle"), ("right_shoulder", "right_elbow"),
                     ("right_heel", "right_toe")):
            middle = ((p[a][0] + p[b][0]) / 2, (p[a][1] + p[b][1]) / 2)
            where = to_pixels(middle, scale, offset)
            assert 0 <= where.x() < SIZE[0] and 0 <= where.y() < SIZE[1], (a, b)
            assert inked(image, where, background), f"nothing drawn between {a} and {b}"
        # All of the body lies within the drawing's bounds, fitted to the image.
        left, top, right, bottom = ink_box(image, background)
        x0, y0, x1, y1 = drawing.bounds
        corner_a, corner_b = to_pixels((x0, y1), scale, offset), to_pixels((x1, y0), scale, offset)
        assert left >= corner_a.x() - 3 and right <= corner_b.x() + 3
        assert top >= corner_a.y() - 3 and bottom <= corner_b.y() + 3
        # And nothing else is drawn: in the margin around the bounds, the image is empty.
        assert not inked(image, QPointF(4, 4), background)


def test_the_colours_read_on_light_and_dark_palettes() -> None:
    for palette in (light(), dark()):
        colours = FigureColours.from_palette(palette)
        base = palette.color(QPalette.ColorRole.Base)
        for role in (Role.BODY, Role.WORKING, Role.PROP):
            contrast = abs(colours.fills[role].lightnessF() - base.lightnessF())
            assert contrast > 0.25, (role, palette.color(QPalette.ColorRole.Base).name())
    assert FigureColours.from_palette(dark()).fills[Role.BODY] != \
        FigureColours.from_palette(light()).fills[Role.BODY]


def test_the_preview_loops_while_shown_and_rests_while_hidden(qtbot: QtBot) -> None:
    clock = FakeClock()
    view = AnimatedFigure(clock=clock)
    qtbot.addWidget(view)
    view.resize(*SIZE)
    bridge = block("bridge", reps=(10, 15), tempo=Tempo(2, 0, 2, 1))
    view.show_block(bridge)
    assert not view.timer.isActive()  # not on screen yet
    view.show()
    assert view.timer.isActive()
    rest = view.drawing
    assert rest is not None
    clock.advance(2.0)  # half-way up
    view.advance()
    assert view.drawing is not None and view.drawing.points != rest.points
    clock.advance(1.0)
    view.advance()
    top = view.drawing
    clock.advance(5.0)  # the loop (1 + 2 + 2 s) is round again: at the top once more
    view.advance()
    assert view.drawing is not None and same(view.drawing.points, top.points)
    view.hide()
    assert not view.timer.isActive()
    view.show_block(None)
    assert view.drawing is None


def test_the_session_figure_moves_with_the_session_and_freezes_when_paused(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window, clock = rig.window, rig.clock
    open_start_screen(qtbot, window)
    page, controller = window.session_page, window.controller
    qtbot.mouseClick(page.start_view.start_button, Qt.MouseButton.LeftButton)
    figure = page.run_view.figure
    assert isinstance(figure, FigureView) and figure.drawing is not None
    assert controller.figure.timer.isActive()
    bridge = Figure(builtin_figures()["bridge"])
    down = bridge.draw(bridge.spec.poses[0])
    assert same(figure.drawing.points, down.points)  # getting into position
    clock.advance(16.5)  # rep 1, holding at the top (see test_session_flow)
    controller.figure.update()
    up = bridge.draw(bridge.spec.poses[-1])
    assert same(figure.drawing.points, up.points)
    clock.advance(0.75)  # on the way down
    controller.figure.update()
    lowering = figure.drawing.points
    assert not same(lowering, up.points) and not same(lowering, down.points)
    qtbot.keyClick(page.run_view, Qt.Key.Key_Space)  # pause
    assert not controller.figure.timer.isActive()
    clock.advance(30)
    controller.refresh()
    assert same(figure.drawing.points, lowering)
    qtbot.keyClick(page.run_view, Qt.Key.Key_Space)  # carry on
    assert controller.figure.timer.isActive()
    clock.advance(22)  # 39.25 s: getting ready for the piriformis stretch, left side first
    controller.refresh()
    piriformis = Figure(builtin_figures()["piriformis-stretch"])
    ready = piriformis.draw(piriformis.spec.poses[0], mirrored=True)
    assert same(figure.drawing.points, ready.points)
    assert FLOW.blocks[1].sides is Sides.EACH
    window.showMinimized()  # nobody sees it: no frames drawn 30 times a second
    controller.refresh()
    assert not controller.figure.timer.isActive()
    window.showNormal()
    controller.refresh()
    assert controller.figure.timer.isActive()


def test_a_figure_view_paints_on_its_palette(qtbot: QtBot) -> None:
    view = FigureView()
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.setPalette(dark())
    figure = Figure(LIFT)
    view.set_drawing(figure.draw(LIFT.poses[1]))
    image = view.grab().toImage()
    colours = FigureColours.from_palette(dark())
    drawing = view.drawing
    assert drawing is not None
    scale, offset = fit(drawing.bounds, QRectF(0, 0, view.width(), view.height()))
    knee = to_pixels(drawing.points["right_knee"], scale, offset)
    ratio = image.devicePixelRatio()
    assert near(image.pixelColor(round(knee.x() * ratio), round(knee.y() * ratio)),
                colours.fills[Role.WORKING])

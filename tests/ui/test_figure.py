"""The figure painted offscreen, checked against the geometry its angles give; the figure in a
running session and in the looping previews."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QRegion
from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.figure.drawing import Drawing, Figure, Role
from hiptimer.core.figure.motion import BREATH_STEPS, EASE_INTO_S, MOVING_FPS
from hiptimer.core.figure.skeleton import SHANK, THIGH, blend
from hiptimer.core.figure.spec import builtin_figures
from hiptimer.core.plan import Kind
from hiptimer.core.routine import Block, Sides, Tempo
from hiptimer.ui.widgets.figure import (
    UNSEEN_POLL_MS,
    AnimatedFigure,
    FigureColours,
    FigureView,
    fit,
    paint_drawing,
    to_pixels,
)
from tests.core.helpers import FakeClock, block, figure_of, routine

from .fakes import Rig, make_window
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
    with qtbot.waitExposed(view):
        view.show()
    assert view.timer.isActive() and view.timer.interval() == 1000  # the pause before a rep
    rest = view.drawing
    assert rest is not None
    clock.advance(2.0)  # half-way up
    view.timer.timeout.emit()
    assert view.timer.interval() == 40  # 25 frames a second while the hips rise
    assert view.drawing is not None and view.drawing.points != rest.points
    clock.advance(1.0)
    view.timer.timeout.emit()
    top = view.drawing
    clock.advance(5.0)  # the loop (1 + 2 + 2 s) is round again: at the top once more
    view.timer.timeout.emit()
    assert view.drawing is not None and same(view.drawing.points, top.points)
    view.hide()
    assert not view.timer.isActive()
    view.show_block(None)
    assert view.drawing is None


def start_flow(qtbot: QtBot, tmp_path: Path, *blocks: Block) -> Rig:
    rig = make_window((routine(*blocks, routine_id="flow"),) if blocks else (FLOW,), tmp_path)
    with qtbot.waitExposed(rig.window):
        open_start_screen(qtbot, rig.window)
    qtbot.mouseClick(rig.window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    return rig


def tick(rig: Rig, seconds: float) -> None:
    """Let ``seconds`` pass as the figure's timer would, frame by frame. After each frame the
    session page looks at the clock too, as its own timer may: that draws nothing more."""
    figure, end = rig.window.controller.figure, rig.clock.now + seconds
    while True:
        wait = figure.timer.interval() / 1000 if figure.timer.isActive() else math.inf
        if rig.clock.now + wait > end:
            rig.clock.advance(end - rig.clock.now)
            rig.window.controller.refresh()
            return
        rig.clock.advance(wait)
        figure.timer.timeout.emit()
        drawn = figure.frames
        rig.window.controller.refresh()
        assert figure.frames == drawn


def test_the_session_figure_moves_with_the_session_and_freezes_when_paused(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = start_flow(qtbot, tmp_path)
    window, clock, controller = rig.window, rig.clock, rig.window.controller
    page = window.session_page
    figure = page.run_view.figure
    assert isinstance(figure, FigureView) and figure.drawing is not None
    bridge = Figure(builtin_figures()["bridge"])
    down = bridge.draw(bridge.spec.poses[0])
    assert same(figure.drawing.points, down.points)  # getting into position
    # Standing still: one frame, then nothing until the 10 s of getting into position end.
    assert controller.figure.timer.interval() == 10_000
    clock.advance(16.5)  # rep 1, holding at the top (see test_session_flow)
    controller.refresh()
    up = bridge.draw(bridge.spec.poses[-1])
    assert same(figure.drawing.points, up.points)
    clock.advance(0.75)  # on the way down
    controller.refresh()
    lowering = figure.drawing.points
    assert not same(lowering, up.points) and not same(lowering, down.points)
    assert controller.figure.timer.interval() == 40
    frames = controller.figure.frames
    qtbot.keyClick(page.run_view, Qt.Key.Key_Space)  # pause
    assert not controller.figure.timer.isActive()
    clock.advance(30)
    controller.refresh()
    assert same(figure.drawing.points, lowering)
    assert controller.figure.frames == frames + 1  # the one frame that shows it paused
    qtbot.keyClick(page.run_view, Qt.Key.Key_Space)  # carry on
    assert controller.figure.timer.isActive()
    clock.advance(22)  # 39.25 s: getting ready for the piriformis stretch, left side first
    controller.refresh()
    piriformis = Figure(builtin_figures()["piriformis-stretch"])
    ready = piriformis.draw(piriformis.spec.poses[0], mirrored=True)
    assert same(figure.drawing.points, ready.points)
    assert FLOW.blocks[1].sides is Sides.EACH
    window.showMinimized()  # nobody sees it: no frames drawn
    frames = controller.figure.frames
    tick(rig, 20)  # into the stretch, which breathes
    assert controller.figure.frames == frames
    assert controller.figure.timer.interval() == UNSEEN_POLL_MS
    with qtbot.waitExposed(window):
        window.showNormal()
    tick(rig, 1)
    assert controller.figure.frames >= frames + 3
    assert controller.figure.timer.interval() == 200  # breathing: 5 frames a second


def test_a_minute_of_stretching_draws_five_frames_a_second(qtbot: QtBot, tmp_path: Path) -> None:
    rig = start_flow(qtbot, tmp_path, block("hamstring-stretch", hold_s=60, lead_in_s=5,
                                            transition_s=10))
    controller = rig.window.controller
    tick(rig, 15)  # getting into position and ready: the figure stands still
    assert rig.window.controller.session is not None
    assert rig.window.controller.session.snapshot().segment.kind is Kind.HOLD
    frames = controller.figure.frames
    tick(rig, 60)
    drawn = controller.figure.frames - frames
    # Easing into the stretch at 25 frames a second for 2 s, then breathing at 5.
    assert 50 + 58 * 5 - 5 <= drawn <= 50 + 58 * 5 + 5, drawn


def test_each_frame_repaints_only_what_moved(qtbot: QtBot) -> None:
    view = FigureView()
    qtbot.addWidget(view)
    view.resize(560, 420)
    spec = builtin_figures()["hamstring-stretch"]
    figure = Figure(spec)
    held = [figure.draw(spec.poses[-1], breath=b) for b in (0.0, 0.2)]
    area = view.width() * view.height()
    breathing = view.changed_rect(*held)
    assert breathing is not None and 0 < breathing.width() * breathing.height() < 0.2 * area
    raising = view.changed_rect(figure.draw(spec.poses[0]), figure.draw(spec.poses[1]))
    assert raising is not None and raising.width() * raising.height() < 0.9 * area
    assert view.changed_rect(held[0], held[0]) == QRect()
    assert view.changed_rect(held[0], figure.draw(spec.poses[-1], mirrored=True)) is None
    assert view.changed_rect(None, held[0]) is None


def test_repainting_part_of_the_figure_leaves_no_trace_of_the_last_frame(
        qtbot: QtBot) -> None:
    """Frames painted only where they changed, one over the other, add up to the picture of
    the last frame painted whole."""
    view = FigureView()
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.setPalette(light())
    spec = builtin_figures()["bridge"]
    figure = Figure(spec)
    screen = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    screen.fill(QColor("#808080"))
    view.set_drawing(figure.draw(spec.poses[0]))
    view.render(screen)
    for f in (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 0.5, 0.0):  # up, and down again faster
        old = view.drawing
        view.set_drawing(figure.draw(blend(spec.poses[0], spec.poses[1], f)))
        dirty = view.changed_rect(old, view.drawing)
        assert dirty is not None and not dirty.isEmpty()
        view.render(screen, dirty.topLeft(), QRegion(dirty))  # what a partial repaint does
    whole = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    whole.fill(QColor("#808080"))
    view.render(whole)
    differ = [(x, y) for y in range(whole.height()) for x in range(whole.width())
              if not near(screen.pixelColor(x, y), whole.pixelColor(x, y), 8)]
    assert not differ, differ[:5]


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


def test_each_breath_of_a_stretch_reuses_the_drawings_of_the_last(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    draw_frame = Figure.draw_frame
    monkeypatch.setattr(Figure, "draw_frame",
                        lambda self, frame: made.append(frame.key()) or draw_frame(self, frame))
    rig = start_flow(qtbot, tmp_path, block("hamstring-stretch", hold_s=120, lead_in_s=5,
                                            transition_s=10))
    tick(rig, 15)  # getting into position and ready
    made.clear()
    frames = rig.window.controller.figure.frames
    tick(rig, 100)  # into the stretch, and twenty breaths of it
    assert rig.window.controller.figure.frames - frames >= 500
    easing = EASE_INTO_S * MOVING_FPS
    assert len(set(made)) == len(made) <= easing + 2 * BREATH_STEPS + 1  # none made twice

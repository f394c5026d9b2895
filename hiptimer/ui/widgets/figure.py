"""The exercise figure: paints a ``Drawing`` (see ``core.figure.drawing``) with QPainter.

The room behind the body is painted once into a pixmap; each new frame repaints only the
rectangle where shapes changed, at the rate the motion needs (``core.figure.motion``).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHideEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.figure.drawing import EDGE, Bounds, Drawing, Figure, Role, Shape
from ...core.figure.motion import frame_at, preview_moment, redraw_in
from ...core.figure.room import union
from ...core.figure.spec import builtin_figure
from ...core.routine import Block

MARGIN = 0.06  # of the smaller side, kept clear around the figure
UNSEEN_POLL_MS = 500  # nobody sees the figure: look again this often, drawing nothing


@functools.cache
def figure_for(exercise_id: str) -> Figure | None:
    """The built-in figure of an exercise, made once; None if it has none."""
    spec = builtin_figure(exercise_id)
    return Figure(spec) if spec else None


def seen(widget: QWidget) -> bool:
    """Whether ``widget`` can be seen: shown, its window not minimised, and (where the
    platform tells) not covered."""
    window = widget.window()
    handle = window.windowHandle()
    return (widget.isVisible() and not window.isMinimized()
            and (handle is None or handle.isExposed()))


def frame_wait_ms(seconds: float | None) -> int | None:
    """A timer interval for a wait of ``seconds`` (None stays None)."""
    return None if seconds is None else max(1, math.ceil(seconds * 1000))


@dataclass(frozen=True)
class FigureColours:
    """A colour per shape role, plus the outline that separates overlapping limbs."""

    fills: dict[Role, QColor]
    outline: QColor
    floor_edge: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> FigureColours:
        """Colours that read on the palette's base colour, light or dark."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightnessF() < 0.5
        body = QColor("#9fb4cc") if dark else QColor("#3f5873")
        working = QColor("#f0a35e") if dark else QColor("#d9661f")
        water = QColor(accent)
        water.setAlpha(70)
        fills = {
            Role.FLOOR: _mix(text, base, 0.93), Role.MAT: _mix(accent, base, 0.72),
            Role.PROP: _mix(text, base, 0.55), Role.SOFT: _mix(QColor("#c9935a"), base, 0.25),
            Role.BAND: QColor("#d64541"), Role.BALL: QColor("#b7c93a"), Role.WATER: water,
            Role.BODY: body, Role.BODY_FAR: _mix(body, base, 0.4),
            # Far limbs fade towards the background, but not so far that orange turns brown.
            Role.WORKING: working, Role.WORKING_FAR: _mix(working, base, 0.25 if dark else 0.4),
            Role.EYE: base,
        }
        return cls(fills, base, _mix(text, base, 0.78))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def fit(bounds: Bounds, rect: QRectF) -> tuple[float, QPointF]:
    """Scale and offset that fit ``bounds`` (world units, y up) centred in ``rect``.

    A world point (x, y) lands at ``offset + (x * scale, -y * scale)``.
    """
    x0, y0, x1, y1 = bounds
    margin = MARGIN * min(rect.width(), rect.height())
    scale = min((rect.width() - 2 * margin) / max(x1 - x0, 1e-6),
                (rect.height() - 2 * margin) / max(y1 - y0, 1e-6))
    left = rect.left() + (rect.width() - (x1 - x0) * scale) / 2 - x0 * scale
    top = rect.top() + (rect.height() - (y1 - y0) * scale) / 2 + y1 * scale
    return scale, QPointF(left, top)


def to_pixels(point: tuple[float, float], scale: float, offset: QPointF) -> QPointF:
    return QPointF(offset.x() + point[0] * scale, offset.y() - point[1] * scale)


def paint_drawing(painter: QPainter, drawing: Drawing, rect: QRectF,
                  colours: FigureColours) -> None:
    """Paint the drawing fitted into ``rect``."""
    paint_shapes(painter, drawing.shapes, drawing.bounds, rect, colours)


def paint_shapes(painter: QPainter, shapes: Iterable[Shape], bounds: Bounds, rect: QRectF,
                 colours: FigureColours, only: QRect | None = None) -> None:
    """Paint ``shapes`` of a drawing with ``bounds``, fitted into ``rect``; with ``only``,
    just those that reach into that rectangle."""
    scale, offset = fit(bounds, rect)
    edge = max(1.0, EDGE * scale)  # the outline's width in pixels
    painter.save()
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for shape in shapes:
        if only is None or _pixel_box(shape.box(), scale, offset, edge).intersects(only):
            _paint_shape(painter, shape, scale, offset, colours, edge)
    painter.restore()


def _pixel_box(box: Bounds, scale: float, offset: QPointF, pad: float) -> QRect:
    top_left = to_pixels((box[0], box[3]), scale, offset)
    bottom_right = to_pixels((box[2], box[1]), scale, offset)
    return QRectF(top_left, bottom_right).adjusted(-pad, -pad, pad, pad).toAlignedRect()


def _paint_shape(painter: QPainter, shape: Shape, scale: float, offset: QPointF,
                 colours: FigureColours, edge: float) -> None:
    fill = colours.fills[shape.role]
    points = [to_pixels(p, scale, offset) for p in shape.points]
    outlined = shape.role not in (Role.FLOOR, Role.WATER, Role.EYE)
    if shape.radius == 0:  # a polygon
        path = QPainterPath()
        path.addPolygon(points)
        path.closeSubpath()
        if shape.role is Role.FLOOR:  # a thin edge, so that a floor seen edge-on is a line
            painter.setPen(QPen(colours.floor_edge, 1.0, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        elif shape.role in (Role.PROP, Role.SOFT, Role.MAT):
            # Thin props (a seat seen edge-on) would vanish inside an outline of the background.
            painter.setPen(QPen(fill.darker(125), 1.0, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        else:
            painter.setPen(QPen(colours.outline, 2 * edge, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
                           if outlined else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        painter.drawPath(path)
        return
    width = 2 * shape.radius * scale
    if len(points) == 1:
        painter.setPen(Qt.PenStyle.NoPen)
        if outlined:
            painter.setBrush(colours.outline)
            painter.drawEllipse(points[0], width / 2 + edge, width / 2 + edge)
        painter.setBrush(fill)
        painter.drawEllipse(points[0], width / 2, width / 2)
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if outlined:
        painter.setPen(QPen(colours.outline, width + 2 * edge, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawLine(points[0], points[1])
    painter.setPen(QPen(fill, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(points[0], points[1])


class FigureView(QWidget):
    """Shows one drawing of an exercise figure, scaled to fit, on the palette's base colour.

    A new drawing repaints only where its shapes differ from the last one's; the room behind
    the body comes from a pixmap made once per size, palette and side.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawing: Drawing | None = None
        self._room: tuple[object, QPixmap] | None = None  # (what it shows, the pixmap)
        self._palette_colours: tuple[int, FigureColours] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 90)

    @property
    def drawing(self) -> Drawing | None:
        return self._drawing

    def set_drawing(self, drawing: Drawing | None) -> None:
        old, self._drawing = self._drawing, drawing
        if drawing == old:
            return
        dirty = self.changed_rect(old, drawing)
        if dirty is None:
            self.update()
        elif not dirty.isEmpty():
            self.update(dirty)

    def changed_rect(self, old: Drawing | None, new: Drawing | None) -> QRect | None:
        """The pixels that differ between two drawings, or None when all of them may."""
        if (old is None or new is None or old.bounds != new.bounds
                or old.shapes[:old.fixed] != new.shapes[:new.fixed]):
            return None
        before, after = old.shapes[old.fixed:], new.shapes[new.fixed:]
        if set(before) == set(after):  # the same shapes in another order
            return None if before != after else QRect()
        scale, offset = fit(new.bounds, QRectF(self.rect()))
        box = functools.reduce(union, (s.box() for s in set(before) ^ set(after)))
        return _pixel_box(box, scale, offset, max(1.0, EDGE * scale) + 2)  # outline, smoothing

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._room_pixmap())
        drawing = self._drawing
        if drawing is not None:
            paint_shapes(painter, drawing.shapes[drawing.fixed:], drawing.bounds,
                         QRectF(self.rect()), self._colours(), event.rect())
        painter.end()

    def _colours(self) -> FigureColours:
        key = self.palette().cacheKey()
        if self._palette_colours is None or self._palette_colours[0] != key:
            self._palette_colours = (key, FigureColours.from_palette(self.palette()))
        return self._palette_colours[1]

    def _room_pixmap(self) -> QPixmap:
        """The background and the room behind the body, painted once for what they show."""
        drawing = self._drawing
        fixed = drawing.shapes[:drawing.fixed] if drawing else ()
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, self.palette().cacheKey(), drawing and drawing.bounds, fixed)
        if self._room is not None and self._room[0] == key:
            return self._room[1]
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 8, 8)
        if drawing is not None:
            paint_shapes(painter, fixed, drawing.bounds, rect, self._colours())
        painter.end()
        self._room = (key, pixmap)
        return pixmap


class AnimatedFigure(FigureView):
    """Loops a demonstration of one block (see ``preview_moment``) while it can be seen."""

    def __init__(self, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._block: Block | None = None
        self._figure: Figure | None = None
        self._since = clock()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.advance())

    @property
    def block(self) -> Block | None:
        return self._block

    def show_block(self, block: Block | None) -> None:
        """Start the demonstration of ``block`` from its beginning (None: show nothing)."""
        self._block = block
        self._figure = figure_for(block.exercise.id) if block else None
        self._since = self._clock()
        self.advance(force=True)

    def advance(self, force: bool = False) -> None:
        """Draw the demonstration as it is now, and say when to draw it next. Unless
        ``force``d (just shown: the window may not know yet), only if it can be seen."""
        figure, block = self._figure, self._block
        if figure is None or block is None:
            self.timer.stop()
            self.set_drawing(None)
            return
        if not self.isVisible():
            self.timer.stop()  # showEvent starts it again
            return
        if not (force or seen(self)):
            self.timer.start(UNSEEN_POLL_MS)
            return
        segment, t = preview_moment(figure.spec, block, self._clock() - self._since)
        self.set_drawing(figure.draw_frame(frame_at(figure.spec, block.sides, segment, t)))
        wait = frame_wait_ms(redraw_in(figure.spec, segment, t))
        self.timer.start(1 if wait is None else wait)  # None: the loop's last moment

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.advance(force=True)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()  # no work for a figure nobody sees
        super().hideEvent(event)

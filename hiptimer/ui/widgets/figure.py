"""The exercise figure: paints a ``Drawing`` (see ``core.figure.drawing``) with QPainter."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QHideEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.figure.drawing import Bounds, Drawing, Figure, Role, Shape
from ...core.figure.motion import preview_at
from ...core.figure.spec import builtin_figure
from ...core.routine import Block

MARGIN = 0.06  # of the smaller side, kept clear around the figure
FRAME_MS = 33  # about 30 frames a second while a figure moves


@functools.cache
def figure_for(exercise_id: str) -> Figure | None:
    """The built-in figure of an exercise, made once; None if it has none."""
    spec = builtin_figure(exercise_id)
    return Figure(spec) if spec else None


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
            Role.FLOOR: _mix(text, base, 0.92), Role.MAT: _mix(accent, base, 0.72),
            Role.PROP: _mix(text, base, 0.55), Role.SOFT: _mix(QColor("#c9935a"), base, 0.25),
            Role.BAND: QColor("#d64541"), Role.BALL: QColor("#b7c93a"), Role.WATER: water,
            Role.BODY: body, Role.BODY_FAR: _mix(body, base, 0.4),
            Role.WORKING: working, Role.WORKING_FAR: _mix(working, base, 0.4),
            Role.EYE: base,
        }
        return cls(fills, base, _mix(text, base, 0.7))


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
    scale, offset = fit(drawing.bounds, rect)
    edge = max(1.0, 0.012 * scale)  # the outline's width in pixels
    painter.save()
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)  # the floor runs on beyond the body
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for shape in drawing.shapes:
        _paint_shape(painter, shape, scale, offset, colours, edge)
    painter.restore()


def _paint_shape(painter: QPainter, shape: Shape, scale: float, offset: QPointF,
                 colours: FigureColours, edge: float) -> None:
    fill = colours.fills[shape.role]
    points = [to_pixels(p, scale, offset) for p in shape.points]
    outlined = shape.role not in (Role.FLOOR, Role.WATER, Role.EYE)
    if shape.radius == 0:  # a polygon
        path = QPainterPath()
        path.addPolygon(points)
        path.closeSubpath()
        if shape.role is Role.FLOOR:
            painter.setPen(QPen(colours.floor_edge, max(1.5, 0.01 * scale), Qt.PenStyle.SolidLine,
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
    """Shows one drawing of an exercise figure, scaled to fit, on the palette's base colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawing: Drawing | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 90)

    @property
    def drawing(self) -> Drawing | None:
        return self._drawing

    def set_drawing(self, drawing: Drawing | None) -> None:
        if drawing is not self._drawing:
            self._drawing = drawing
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 8, 8)
        if self._drawing is not None:
            paint_drawing(painter, self._drawing, rect, FigureColours.from_palette(self.palette()))
        painter.end()


class AnimatedFigure(FigureView):
    """Loops a demonstration of one block (see ``preview_at``) while it is on screen."""

    def __init__(self, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._block: Block | None = None
        self._figure: Figure | None = None
        self._since = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.advance)

    @property
    def block(self) -> Block | None:
        return self._block

    def show_block(self, block: Block | None) -> None:
        """Start the demonstration of ``block`` from its beginning (None: show nothing)."""
        self._block = block
        self._figure = figure_for(block.exercise.id) if block else None
        self._since = self._clock()
        self.advance()
        self._run(self.isVisible())

    def advance(self) -> None:
        """Draw the demonstration as it is now."""
        if self._figure is None or self._block is None:
            self.set_drawing(None)
            return
        frame = preview_at(self._figure.spec, self._block, self._clock() - self._since)
        self.set_drawing(self._figure.draw_frame(frame))

    def _run(self, on: bool) -> None:
        if on and self._figure is not None:
            self.timer.start()
        else:
            self.timer.stop()

    def showEvent(self, event: QShowEvent) -> None:
        self._run(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._run(False)  # no work for a figure nobody sees
        super().hideEvent(event)

"""A clear ring round whichever control has the keyboard focus, in light and dark alike.

Fusion (and most desktop styles) mark focus with a 1-pixel tint that a person driving HipTimer
from the keyboard, a metre or two away, cannot find. This style draws the same look and adds a
2-pixel ring in the highlight colour round the focused button, field, list, tab or box.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

RING = 2.0  # pixels
CONTROLS = {QStyle.ControlElement.CE_PushButton, QStyle.ControlElement.CE_ShapedFrame}
COMPLEX = {QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_ToolButton,
           QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_Slider}
PRIMITIVES = {QStyle.PrimitiveElement.PE_FrameFocusRect,
              QStyle.PrimitiveElement.PE_PanelLineEdit}


class FocusRingStyle(QProxyStyle):
    """The base style, with a ring drawn over the focused control (see the module)."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:  # instead of the faint one
            ring(painter, option,  # on a chosen list row, in the colour of its text
                 on_selection=bool(option.state & QStyle.StateFlag.State_Selected))
            return
        super().drawPrimitive(element, option, painter, widget)
        if element in PRIMITIVES and focused(option, widget):
            ring(painter, option)

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,
                    painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        if element in CONTROLS and focused(option, widget):
            ring(painter, option)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOption,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)  # type: ignore[arg-type]
        if control in COMPLEX and focused(option, widget):
            ring(painter, option)


def focused(option: QStyleOption, widget: QWidget | None) -> bool:
    """The control being drawn has the keyboard focus (a list's frame, say, or a button)."""
    if widget is not None:
        return widget.hasFocus() and widget.isEnabled()
    return bool(option.state & QStyle.StateFlag.State_HasFocus)


def ring(painter: QPainter, option: QStyleOption, *, on_selection: bool = False) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette: QPalette = option.palette
    painter.setPen(QPen(palette.color(QPalette.ColorRole.HighlightedText if on_selection
                                      else QPalette.ColorRole.Highlight), RING))
    painter.setBrush(QBrush())  # no fill (QBrush() rather than Qt.NoBrush: Qt loads slowly)
    painter.drawRoundedRect(QRectF(option.rect).adjusted(
        RING / 2, RING / 2, -RING / 2, -RING / 2), 3, 3)
    painter.restore()

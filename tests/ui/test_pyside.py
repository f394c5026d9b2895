"""Guards against a PySide6 defect that would crash a running session."""

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

# From Python 3.12, None and True are immortal (PEP 683): their count never moves, so these
# checks could not fail there, and the defect cannot crash anything.
mortal_singletons = pytest.mark.skipif(sys.version_info >= (3, 12),
                                       reason="None and True are immortal from Python 3.12")


@mortal_singletons
def test_calls_that_return_nothing_keep_nones_reference_count(qtbot: QtBot) -> None:
    # PySide6 6.12.0 released a reference to None on each such call. Before Python 3.12,
    # None is a normal object and is freed once its count reaches zero, a few thousand
    # calls in, so the app crashed about a minute into a session.
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.setPen(QColor(0, 0, 0))
        painter.drawLine(0, 0, 8, 8)
        label.setText("x")
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 10


class _Flag(QObject):
    changed = Signal(bool)


@mortal_singletons
def test_emitting_keeps_trues_reference_count(qtbot: QtBot) -> None:
    flag = _Flag()
    seen: list[bool] = []
    flag.changed.connect(seen.append)
    before = sys.getrefcount(True)
    for _ in range(500):
        flag.changed.emit(True)
    assert sys.getrefcount(True) >= before - 10 + 500  # seen holds 500 more references
    assert len(seen) == 500

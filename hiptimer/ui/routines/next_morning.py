"""The next-morning question, asked at launch before any advice."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...core.record import SessionSummary
from ..widgets.pain_scale import PainScale

SAVE_TEXT = "Save"
SKIP_TEXT = "I don't remember"


class NextMorningDialog(QDialog):
    """How the hip felt the morning after the last session, on the 0-10 scale.

    ``accepted`` with ``scale.value()`` set: keep that score. ``rejected``: not known (the
    advice then holds: an unknown morning is never taken as settled).
    """

    def __init__(self, last: SessionSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The morning after")
        self.scale = PainScale(
            f"How did your hip feel the morning after your last session ({last.routine_name}, "
            f"{last.started_at:%A} {last.started_at.day} {last.started_at:%B})?")
        why = QLabel("HipTimer suggests a step up only when pain has settled by the next "
                     "morning, so it asks before it gives any advice.")
        why.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save = self.buttons.addButton(SAVE_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip = self.buttons.addButton(SKIP_TEXT, QDialogButtonBox.ButtonRole.RejectRole)
        self.save.setEnabled(False)
        self.save.setDefault(True)
        self.scale.changed.connect(lambda value: self.save.setEnabled(value is not None))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scale)
        layout.addWidget(why)
        layout.addWidget(self.buttons)
        # Wide enough for the eleven buttons, and tall enough for the question once wrapped
        # (a dialog sizes itself without asking its labels how tall they are at that width).
        width = min(600, round(self.screen().availableGeometry().width() * 0.95))
        self.setMinimumWidth(width)
        height = layout.totalHeightForWidth(width)
        self.setMinimumHeight(height)
        self.resize(width, height)

"""The Routines tab: pick a routine, see its exercises and how to do each one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.catalog import SOURCES, Exercise
from ..core.routine import Block, Routine
from .text import minutes


class RoutinesPage(QWidget):
    """Lists routines; shows the chosen routine's exercises and the chosen exercise's steps.

    Signals:
        start_requested(str): the user asked to start the routine with this id.
    """

    start_requested = Signal(str)

    def __init__(self, routines: tuple[Routine, ...], durations: dict[str, float],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._routines = routines
        self._durations = durations

        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName("Routines")
        for routine in routines:
            item = QListWidgetItem(f"{routine.name}\n{minutes(durations[routine.id])} · "
                                   f"{routine.frequency.label}")
            item.setData(Qt.ItemDataRole.UserRole, routine.id)
            self.routine_list.addItem(item)

        self.title = QLabel()
        self.title.setObjectName("routineTitle")
        self.title.setWordWrap(True)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("Start this routine")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self._start)
        self.exercise_list = QListWidget()
        self.exercise_list.setAccessibleName("Exercises in this routine")
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("How to do this exercise")
        self.preview.setOpenLinks(False)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        details = QWidget()
        column = QVBoxLayout(details)
        column.addLayout(header)
        column.addWidget(self.summary)
        exercises = QSplitter(Qt.Orientation.Horizontal)
        exercises.addWidget(self.exercise_list)
        exercises.addWidget(self.preview)
        exercises.setStretchFactor(1, 2)
        column.addWidget(exercises, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.routine_list)
        split.addWidget(details)
        split.setStretchFactor(1, 3)
        self.note = QLabel()
        self.note.setObjectName("weekNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(split)

        self.routine_list.currentRowChanged.connect(self._show_routine)
        self.exercise_list.currentRowChanged.connect(self._show_exercise)
        self.routine_list.itemActivated.connect(lambda _item: self._start())
        if routines:
            self.routine_list.setCurrentRow(0)

    def show_note(self, text: str | None) -> None:
        """A word about this week's dose above the list, or nothing."""
        self.note.setText(text or "")
        self.note.setVisible(bool(text))

    def current_routine(self) -> Routine | None:
        row = self.routine_list.currentRow()
        return self._routines[row] if 0 <= row < len(self._routines) else None

    def _start(self) -> None:
        routine = self.current_routine()
        if routine is not None:
            self.start_requested.emit(routine.id)

    def _show_routine(self, row: int) -> None:
        routine = self.current_routine()
        self.exercise_list.clear()
        if routine is None:
            return
        self.title.setText(routine.name)
        sources = ", ".join(SOURCES[key] for key in routine.sources)
        self.summary.setText(
            f"{routine.description}\n\n{minutes(self._durations[routine.id])} in all · "
            f"{len(routine.blocks)} exercises · do it {routine.frequency.label}"
            + (f"\nFrom: {sources}" if sources else ""))
        for number, block in enumerate(routine.blocks, 1):
            self.exercise_list.addItem(f"{number}. {block.exercise.name}\n    "
                                       f"{describe_dose(block)}")
        self.exercise_list.setCurrentRow(0)

    def _show_exercise(self, row: int) -> None:
        routine = self.current_routine()
        if routine is None or not 0 <= row < len(routine.blocks):
            self.preview.clear()
            return
        self.preview.setHtml(exercise_html(routine.blocks[row].exercise,
                                           describe_dose(routine.blocks[row])))


def describe_dose(block: Block) -> str:
    sides = {"each": "each side", "both": "", "alternating": "alternating legs"}
    extra = sides[block.sides.value]
    return block.dose.describe() + (f", {extra}" if extra else "")


def exercise_html(exercise: Exercise, dose: str) -> str:
    """The preview of one exercise: what to feel, numbered steps, cautions, sources."""
    steps = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
    cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
    equipment = ", ".join(e.value.replace("-", " ") for e in exercise.equipment) or "none"
    note = ("" if exercise.steps_from_source else
            "<p><i>The source article's steps were lost; these follow standard practice."
            "</i></p>")
    sources = ", ".join(SOURCES[key] for key in exercise.sources)
    return (
        f"<h2>{escape(exercise.name)}</h2>"
        f"<p><b>{escape(dose)}</b> · starts {escape(exercise.position.label)} · "
        f"equipment: {escape(equipment)}</p>"
        f"<p>{escape(exercise.feel)}</p><ol>{steps}</ol>{note}"
        + (f"<h3>Take care</h3><ul>{cautions}</ul>" if cautions else "")
        + f"<p><small>From: {escape(sources)}</small></p>"
    )

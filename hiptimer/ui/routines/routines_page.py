"""The Routines tab: pick a routine, see its exercises and how to do each one."""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
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

from ...core.catalog import SOURCES, Exercise
from ...core.progression import Advice, Suggestion
from ...core.review import block_extras, describe_dose, next_step, side_order
from ...core.routine import Block, Routine, Sides
from ..text import minutes
from ..widgets.figure import AnimatedFigure
from ..widgets.plain import plain_label
from ..widgets.safety import precaution_lines
from ..widgets.two_line import scannable


class RoutinesPage(QWidget):
    """Lists routines; shows the chosen routine's exercises and the chosen exercise's steps.

    Signals:
        start_requested(str): the user asked to start the routine with this id.
        routine_chosen(str): this routine is now the one shown.
        suggestion_accepted(str): make a copy of this routine with the suggested changes.
        suggestion_dismissed(str): not now, for this routine.
        recheck_requested(): the user asked to recheck the warning signs (a flare's card).
        new_requested(), import_requested(): make a routine, or add one from a file.
        duplicate_requested(str), edit_requested(str), delete_requested(str),
        export_requested(str), handout_requested(str), print_requested(str): do that to the
        routine with this id (the handout is saved as a PDF; print goes to a printer).
        log_activity_requested(str): log an activity (one of this routine's, if it has any).
        undo_requested(): put back the routine just deleted.
    """

    start_requested = Signal(str)
    routine_chosen = Signal(str)
    suggestion_accepted = Signal(str)
    suggestion_dismissed = Signal(str)
    recheck_requested = Signal()
    new_requested = Signal()
    duplicate_requested = Signal(str)
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    import_requested = Signal()
    export_requested = Signal(str)
    handout_requested = Signal(str)
    print_requested = Signal(str)
    log_activity_requested = Signal(str)
    undo_requested = Signal()

    def __init__(self, routines: tuple[Routine, ...], durations: dict[str, float],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._routines = routines
        self._durations = durations
        self.hip_replaced = False  # show the hip-replacement precautions in the preview

        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName("Routines")
        scannable(self.routine_list)
        self._fill_list()

        self.title = plain_label()  # names and descriptions come from routine files
        self.title.setObjectName("routineTitle")
        self.title.setWordWrap(True)
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("S&tart this routine")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self._start)
        self.exercise_list = QListWidget()
        self.exercise_list.setAccessibleName("Exercises in this routine")
        self.exercise_list.setWordWrap(True)
        self.exercise_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scannable(self.exercise_list)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("How to do this exercise")
        self.preview.setOpenLinks(False)
        self.figure = AnimatedFigure()
        self.figure.setAccessibleName("The exercise, shown by a moving figure")

        self.advice_box = self._make_advice_box()
        self.list_buttons = self._make_list_buttons()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        details = QWidget()
        column = QVBoxLayout(details)
        column.addLayout(header)
        column.addWidget(self.summary)
        column.addWidget(self.advice_box)
        exercises = QSplitter(Qt.Orientation.Horizontal)
        exercises.addWidget(self.exercise_list)
        shown = QSplitter(Qt.Orientation.Vertical)
        shown.addWidget(self.figure)
        shown.addWidget(self.preview)
        shown.setStretchFactor(0, 2)
        shown.setStretchFactor(1, 3)
        exercises.addWidget(shown)
        exercises.setStretchFactor(1, 2)
        column.addWidget(exercises, 1)

        routines_box = QWidget()
        routines_column = QVBoxLayout(routines_box)
        routines_column.setContentsMargins(0, 0, 0, 0)
        routines_column.addWidget(self.routine_list, 1)
        routines_column.addLayout(self.list_buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(routines_box)
        split.addWidget(details)
        split.setStretchFactor(1, 3)
        self.note = plain_label()
        self.note.setObjectName("weekNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.undo_label = plain_label()
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo_requested)
        undo = QHBoxLayout()
        undo.addWidget(self.undo_label, 1)
        undo.addWidget(self.undo_button)
        self.show_undo(None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        layout.addLayout(undo)

        # Tab: choose a routine, start it; then its exercises, then the buttons to change it.
        chain = (self.routine_list, self.start_button, self.exercise_list, self.preview,
                 self.recheck_advice, self.dismiss_advice, self.accept_advice,
                 *self.buttons.values(), self.undo_button)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.routine_list.currentRowChanged.connect(self._show_routine)
        self.exercise_list.currentRowChanged.connect(self._show_exercise)
        self.routine_list.itemActivated.connect(lambda _item: self._start())
        if routines:
            self.routine_list.setCurrentRow(0)

    def _make_advice_box(self) -> QWidget:
        """Progression advice for the routine shown, with buttons to act on it."""
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setObjectName("advice")
        self.advice.setFrameShape(QFrame.Shape.StyledPanel)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.accept_advice = QPushButton("Make my copy with these changes")
        self.dismiss_advice = QPushButton("Not now")
        self.recheck_advice = QPushButton("Re&check the warning signs…")
        self.recheck_advice.clicked.connect(self.recheck_requested)
        self.accept_advice.clicked.connect(
            lambda: self._emit_for_current(self.suggestion_accepted))
        self.dismiss_advice.clicked.connect(
            lambda: self._emit_for_current(self.suggestion_dismissed))
        box = QWidget()
        advice_layout = QVBoxLayout(box)
        advice_layout.setContentsMargins(0, 0, 0, 0)
        advice_layout.addWidget(self.advice)
        advice_buttons = QHBoxLayout()
        advice_buttons.addWidget(self.recheck_advice)
        advice_buttons.addStretch(1)
        advice_buttons.addWidget(self.dismiss_advice)
        advice_buttons.addWidget(self.accept_advice)
        advice_layout.addLayout(advice_buttons)
        box.hide()
        return box

    def _make_list_buttons(self) -> QGridLayout:
        """New, duplicate, edit, delete, import and export, under the list of routines."""
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        actions = [("new", "&New…", "Make a routine of your own", self.new_requested.emit),
                   ("duplicate", "D&uplicate", "Make your own copy of this routine",
                    lambda: self._emit_for_current(self.duplicate_requested)),
                   ("edit", "&Edit…", "Change this routine (your own routines only)",
                    lambda: self._emit_for_current(self.edit_requested)),
                   ("delete", "De&lete", "Delete this routine (your own routines only)",
                    lambda: self._emit_for_current(self.delete_requested)),
                   ("import", "&Import…", "Add a routine from a file, e.g. from your "
                    "physiotherapist", self.import_requested.emit),
                   ("export", "E&xport…", "Save this routine as a file to share",
                    lambda: self._emit_for_current(self.export_requested)),
                   ("handout", "Han&dout (PDF)…", "Save a handout of this routine's exercises, "
                    "with pictures and a log to fill in, as a PDF file",
                    lambda: self._emit_for_current(self.handout_requested)),
                   ("print", "&Print…", "Print the handout of this routine on a printer",
                    lambda: self._emit_for_current(self.print_requested)),
                   ("log", "Lo&g activity…", "Log a walk, a ride or a swim you have done, "
                    "with how long and how your hip feels",
                    lambda: self.log_activity_requested.emit(
                        getattr(self.current_routine(), "id", "")))]
        for n, (key, text, tip, action) in enumerate(actions):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(action)
            self.buttons[key] = button
            grid.addWidget(button, n // 2, n % 2)
        return grid

    def _emit_for_current(self, signal: SignalInstance) -> None:
        routine = self.current_routine()
        if routine is not None:
            signal.emit(routine.id)

    def _fill_list(self) -> None:
        self.routine_list.clear()
        for routine in self._routines:
            mine = "" if routine.built_in else " · yours"
            item = QListWidgetItem(f"{routine.name}\n{about_minutes(self._durations[routine.id])}"
                                   f" · {routine.frequency.label}{mine}")
            item.setData(Qt.ItemDataRole.UserRole, routine.id)
            self.routine_list.addItem(item)

    def set_routines(self, routines: tuple[Routine, ...], durations: dict[str, float],
                     select: str | None = None) -> None:
        """Show a new list of routines, choosing ``select`` (else the one chosen before)."""
        current = self.current_routine()
        wanted = select or (current.id if current else None)
        self._routines, self._durations = routines, durations
        self.routine_list.blockSignals(True)
        self._fill_list()
        self.routine_list.blockSignals(False)
        ids = [r.id for r in routines]
        self.routine_list.setCurrentRow(ids.index(wanted) if wanted in ids else 0)
        self._show_routine(self.routine_list.currentRow())

    def show_undo(self, text: str | None) -> None:
        """What was just deleted, with an Undo button; None hides it."""
        self.undo_label.setText(text or "")
        self.undo_label.setVisible(text is not None)
        self.undo_button.setVisible(text is not None)

    def set_hip_replaced(self, replaced: bool) -> None:
        """Show the hip-replacement precautions in the exercise preview, or not."""
        self.hip_replaced = replaced
        self._show_exercise(self.exercise_list.currentRow())

    def show_note(self, text: str | None) -> None:
        """A word about this week's dose above the list, or nothing."""
        self.note.setText(text or "")
        self.note.setVisible(bool(text))

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        """The progression advice for the routine shown, or nothing."""
        self.advice_box.setVisible(suggestion is not None)
        if suggestion is None:
            return
        title = {Advice.PROGRESS: "Ready for a little more",
                 Advice.HOLD: "Keep going as you are",
                 Advice.EASE_OFF: "Time to ease off",
                 Advice.PAUSE: "Pause and check"}[suggestion.advice]
        changes = "".join(f"<li>{escape(c.exercise_name)}: {escape(c.before)} → "
                          f"{escape(c.after)}</li>" for c in suggestion.changes)
        hurts = "".join(f"<li>{escape(words)}</li>" for words in suggestion.hurts)
        self.advice.setText(f"<b>{title}.</b> {escape(suggestion.reason)}"
                            + (f"<ul>{changes}</ul>" if changes else "")
                            + (f"<p>What hurt, and what to try:</p><ul>{hurts}</ul>"
                               if hurts else "")
                            + (self._physio_steps() if suggestion.advice is Advice.PROGRESS
                               else ""))
        self.recheck_advice.setVisible(suggestion.advice is Advice.PAUSE)
        self.accept_advice.setVisible(bool(suggestion.changes))
        self.dismiss_advice.setText("Not now" if suggestion.changes else "Hide")

    def _physio_steps(self) -> str:
        """The next steps the physiotherapist wrote into the routine, beside the advice."""
        routine = self.current_routine()
        steps = "".join(f"<li>{escape(b.exercise.name)} → {escape(next_step(b))}</li>"
                        for b in (routine.blocks if routine else ()) if next_step(b))
        return f"<p>Your physiotherapist's next steps:</p><ul>{steps}</ul>" if steps else ""

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
        for key in ("edit", "delete"):
            self.buttons[key].setEnabled(not routine.built_in)
        self.routine_chosen.emit(routine.id)
        self.title.setText(routine.name)
        sources = ", ".join(SOURCES[key] for key in routine.sources)
        also = "; ".join(f"{a.describe()} ({routine.frequency_of(a).label})"
                         for a in routine.activities)
        self.summary.setText(
            f"{routine.description}\n\n{minutes(self._durations[routine.id])} in all · "
            f"{len(routine.blocks)} exercises · do it {routine.frequency.label}"
            + (f"\nAlso, logged when done: {also}" if also else "")
            + (f"\nFrom: {sources}" if sources else ""))
        for number, block in enumerate(routine.blocks, 1):
            self.exercise_list.addItem(f"{number}. {block.exercise.name}\n"
                                       f"{describe_dose(block)}")
        self.exercise_list.setCurrentRow(0)

    def _show_exercise(self, row: int) -> None:
        routine = self.current_routine()
        if routine is None or not 0 <= row < len(routine.blocks):
            self.preview.clear()
            self.figure.show_block(None)
            return
        block = routine.blocks[row]
        self.figure.show_block(block)
        sides = [] if block.sides is Sides.BOTH else [("Sides", side_order(routine, block))]
        self.preview.setHtml(exercise_html(block.exercise, describe_dose(block), sides, block,
                                           hip_replaced=self.hip_replaced))


def about_minutes(seconds: float) -> str:
    """A duration to scan a list by, to the nearest minute: ``"about 8 min"``."""
    return f"about {max(1, round(seconds / 60))} min"


def exercise_html(exercise: Exercise, dose: str, extras: list[tuple[str, str]] | None = None,
                  block: Block | None = None, *, hip_replaced: bool = False) -> str:
    """The preview of one exercise: what to feel, numbered steps, cautions, what to do if it
    hurts, sources; with a block, what the physiotherapist added (note, equipment, how often,
    next step). (Which source said what stays in the catalog, for maintainers.)"""
    steps = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
    cautions = "".join(f"<li>{escape(c)}</li>" for c in (
        *precaution_lines(exercise, hip_replaced), *exercise.cautions))
    added = dict(block_extras(block)) if block else {}
    equipment = added.pop("You need", "") or equipment_of(exercise)
    rows = "".join(f"<br><b>{escape(label)}:</b> {escape(text)}"
                   for label, text in [*(extras or []), *added.items()])
    sources = ", ".join(SOURCES[key] for key in exercise.sources)
    return (
        f"<h2>{escape(exercise.name)}</h2>"
        f"<p><b>{escape(dose)}</b> · starts {escape(exercise.position.label)} · "
        f"equipment: {escape(equipment)}{rows}</p>"
        f"<p>{escape(exercise.feel)}</p><ol>{steps}</ol>"
        + (f"<h3>Take care</h3><ul>{cautions}</ul>" if cautions else "")
        + f"<p><b>If it hurts:</b> {escape(exercise.easier)}</p>"
        + f"<p><small>From: {escape(sources)}</small></p>"
    )


def equipment_of(exercise: Exercise) -> str:
    """The catalog's equipment for an exercise, in words."""
    return ", ".join(e.value.replace("-", " ") for e in exercise.equipment) or "none"

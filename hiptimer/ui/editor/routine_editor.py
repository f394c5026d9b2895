"""The routine editor: name, exercises in order, each one's dose; every edit on an undo stack."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core import editing
from ...core.catalog import Catalog
from ...core.plan import total_duration
from ...core.routine import Block, Frequency, Routine, Side, Sides
from ..text import minutes
from ..widgets.figure import AnimatedFigure
from ..widgets.plain import plain_label
from .block_panel import BlockPanel
from .catalog_panel import CatalogPanel
from .commands import Change, StackRelay, State
from .details_panel import DETAIL_NAMES, DetailsPanel, show_choice
from .dose_panel import FIELDS, DosePanel
from .fields import PROBLEM_STYLE, EditorKeysFirst

BUILT_IN_NOTE = "Built-in routines can't be changed — duplicate it to make your own"
NAME_EDIT, DESCRIPTION_EDIT = 1, 2  # merge ids: typing in a field is one undo step


class RoutineEditor(QWidget):
    """Edits one routine at a time; it never saves: it asks, with ``save_requested``.

    Signals:
        changed(): any edit, undo or redo.
        modified_changed(bool): the routine now differs (True) or not from the last save.
        save_requested(): the user asked to save ``routine()`` (only when modified and valid).
        duplicate_requested(): the user asked for a copy of ``routine()`` to edit.
    """

    changed = Signal()
    modified_changed = Signal(bool)
    save_requested = Signal()
    duplicate_requested = Signal()

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._routine = Routine("", "", "", Frequency.AS_NEEDED, ())
        self._read_only = False
        self._syncing = False
        self._dose_row = -1  # the row the dose panel shows
        self.length: Callable[[Routine], float] = total_duration  # the window: as sessions run
        self._relay = StackRelay(self)  # before the stack: see StackRelay
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._relay.clean_changed)
        self._build_header()
        self.blocks = BlockPanel()
        self.block_list = self.blocks.list
        self.up_button, self.down_button = self.blocks.up_button, self.blocks.down_button
        self.remove_button = self.blocks.remove_button
        self.dose_panel = DosePanel()
        self.details = DetailsPanel(catalog)
        self.dose_panel.add_section("From your physiotherapist", self.details)
        self.figure = AnimatedFigure()
        self.figure.setAccessibleName("The selected exercise, shown by a moving figure")
        self.figure.setMinimumHeight(120)
        self.catalog_panel = CatalogPanel(catalog)
        self._build_footer()
        self._lay_out()
        self._connect()
        self._show(State(self._routine, -1))
        self._set_read_only(False)

    # The public face.

    def edit(self, routine: Routine) -> None:
        """Load a routine; a built-in one is shown read-only. Forgets the undo history."""
        self._read_only = routine.built_in
        self.undo_stack.clear()
        self.dose_panel.show_block(None)  # forget any refusal shown for the last routine
        self._show(State(dataclasses.replace(routine, built_in=False),
                         0 if routine.blocks else -1))
        self._set_read_only(self._read_only)

    def routine(self) -> Routine:
        """The routine as edited so far (never marked built-in)."""
        return self._routine

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def problems(self) -> list[str]:
        """What stops the routine from being saved, in words."""
        return editing.routine_problems(self._routine)

    def mark_saved(self) -> None:
        """The routine as it is now has been saved."""
        self.undo_stack.setClean()

    def current_row(self) -> int:
        return self.blocks.current_row()

    # Building.

    def _build_header(self) -> None:
        self.note = QLabel(BUILT_IN_NOTE)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("padding: 6px; border: 1px solid palette(mid);"
                                "background: palette(alternate-base);")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("Required")
        self.name_count = QLabel()
        self.affected_side = QComboBox()
        self.affected_side.setAccessibleName("Start each exercise on")
        for text, value in (("Not said: left first", ""), ("Left", "left"),
                            ("Right", "right")):
            self.affected_side.addItem(text, value)
        self.affected_side.setToolTip("The side every two-sided exercise starts on, unless "
                                      "the exercise says otherwise; the affected side, say")
        self.frequency = QComboBox()
        self.frequency.setAccessibleName("How often")
        for frequency in Frequency.choices():
            self.frequency.addItem(frequency.label[0].upper() + frequency.label[1:],
                                   frequency.value)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setPlaceholderText("What the routine is for (optional)")
        self.description.setUndoRedoEnabled(False)  # edits go on the editor's stack
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 12)
        self.description_count = QLabel()
        self.total = QLabel()
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.total.setFont(font)

    def _build_footer(self) -> None:
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.save_action = QAction("Save", self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.triggered.connect(self._save)
        self.find_action = QAction("Find an exercise to add", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)  # Ctrl+F
        self.find_action.triggered.connect(self.catalog_panel.focus_search)
        for action in (self.undo_action, self.redo_action, self.save_action, self.find_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.undo_action)  # "Undo add Bridge"
        self.redo_button = QToolButton()
        self.redo_button.setDefaultAction(self.redo_action)
        self.problem_label = plain_label()  # it may quote the routine's name
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Make a copy of this routine to change as you like")
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the routine (Ctrl+S)")

    def _lay_out(self) -> None:
        header = QFormLayout()
        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.name_count)
        name_row.addSpacing(16)
        name_row.addWidget(QLabel("How often"))
        name_row.addWidget(self.frequency)
        name_row.addSpacing(16)
        name_row.addWidget(QLabel("Start on"))
        name_row.addWidget(self.affected_side)
        name_row.addSpacing(16)
        name_row.addWidget(self.total)
        header.addRow("Name", name_row)
        description_row = QHBoxLayout()
        description_row.addWidget(self.description, 1)
        description_row.addWidget(self.description_count, 0, Qt.AlignmentFlag.AlignBottom)
        header.addRow("Description", description_row)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.dose_panel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.dose_panel.minimumWidth()
                               + scroll.verticalScrollBar().sizeHint().width())
        scroll.viewport().setAutoFillBackground(False)
        self.dose_panel.setAutoFillBackground(False)
        exercises = QSplitter(Qt.Orientation.Vertical)  # the figure under the list, so the
        exercises.setChildrenCollapsible(False)         # dose has the full height
        exercises.addWidget(self.blocks)
        exercises.addWidget(self.figure)
        exercises.setStretchFactor(0, 3)
        exercises.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        for title, part, stretch in (("Exercises, in order", exercises, 3),
                                     ("Dose of the selected exercise", scroll, 6),
                                     ("Add exercise…", self.catalog_panel, 3)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(part)
            split.addWidget(box)
            split.setStretchFactor(split.count() - 1, stretch)

        footer = QHBoxLayout()
        footer.addWidget(self.undo_button)
        footer.addWidget(self.redo_button)
        footer.addWidget(self.problem_label, 1)
        footer.addWidget(self.duplicate_button)
        footer.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(header)
        layout.addWidget(split, 1)
        layout.addLayout(footer)

    def _connect(self) -> None:
        keys_first = EditorKeysFirst(self)
        for widget in (self.name, self.description, self.catalog_panel.search,
                       *self.dose_panel.findChildren(QLineEdit)):
            widget.installEventFilter(keys_first)
        self.name.textEdited.connect(self._rename)
        self.description.textChanged.connect(self._describe)
        self.frequency.activated.connect(self._set_frequency)
        self.affected_side.activated.connect(self._set_affected_side)
        self.details.detail_changed.connect(self._set_detail)
        self.blocks.current_changed.connect(self._show_dose)
        self.blocks.move_requested.connect(self._move)
        self.blocks.remove_requested.connect(self._remove)
        self.catalog_panel.add_requested.connect(self._add)
        self.dose_panel.field_committed.connect(self._set_field)
        self.dose_panel.reps_committed.connect(self._set_reps)
        self.dose_panel.kind_chosen.connect(self._set_kind)
        self.dose_panel.sides_chosen.connect(self._set_sides)
        self._relay.clean_changed.connect(self._clean_changed)
        self.duplicate_button.clicked.connect(self.duplicate_requested)
        self.save_button.clicked.connect(self._save)

    # Edits: each computes the new routine with a pure step from core.editing and pushes it.

    def _push(self, text: str, routine: Routine, row: int, merge_id: int = -1) -> bool:
        if self._read_only or routine == self._routine:
            return False
        before = State(self._routine, self.current_row())
        self.undo_stack.push(Change(self._restore, text, before, State(routine, row), merge_id))
        return True

    def _rename(self, name: str) -> None:
        self._push("change name", dataclasses.replace(self._routine, name=name),
                   self.current_row(), NAME_EDIT)

    def _describe(self) -> None:
        if not self._syncing:
            self._push("change description", dataclasses.replace(
                self._routine, description=self.description.toPlainText()),
                self.current_row(), DESCRIPTION_EDIT)

    def _set_frequency(self, index: int) -> None:
        frequency = Frequency.parse(self.frequency.itemData(index))
        self._push("change how often", dataclasses.replace(self._routine, frequency=frequency),
                   self.current_row())

    def _set_affected_side(self, index: int) -> None:
        text = self.affected_side.itemData(index)
        self._push("change the side to start on", dataclasses.replace(
            self._routine, affected_side=Side(text) if text else None), self.current_row())

    def _add(self, exercise_id: str) -> None:
        exercise = self._catalog[exercise_id]
        row = self.current_row() + 1 if self.current_row() >= 0 else len(self._routine.blocks)
        routine = editing.insert_block(self._routine, row, editing.new_block(exercise))
        self._push(f"add {exercise.name}", routine, row)

    def _remove(self, row: int) -> None:
        name = self._routine.blocks[row].exercise.name
        routine = editing.remove_block(self._routine, row)
        self._push(f"remove {name}", routine, min(row, len(routine.blocks) - 1))

    def _move(self, source: int, target: int) -> None:
        name = self._routine.blocks[source].exercise.name
        how = {-1: "up", 1: "down"}.get(target - source, f"to {target + 1}")
        if not self._push(f"move {name} {how}",
                          editing.move_block(self._routine, source, target), target):
            self.blocks.show_blocks(self._routine.blocks, self.current_row())  # undo a drop

    def _change_block(self, text: str, change: Callable[[Block], Block]) -> None:
        row = self.current_row()
        if 0 <= row < len(self._routine.blocks):
            block = self._routine.blocks[row]
            self._push(f"{text} of {block.exercise.name}",
                       editing.replace_block(self._routine, row, change(block)), row)

    def _set_field(self, key: str, value: float) -> None:
        self._change_block(f"change {FIELDS[key][1]}",
                           lambda block: editing.with_field(block, key, value))

    def _set_reps(self, low: int, high: int) -> None:
        self._change_block("change reps", lambda block: editing.with_reps(block, low, high))

    def _set_kind(self, timed: bool) -> None:
        self._change_block("change the kind of dose",
                           editing.as_timed if timed else editing.as_reps)

    def _set_detail(self, key: str, value: editing.Detail) -> None:
        row = self.current_row()
        if not 0 <= row < len(self._routine.blocks):
            return
        try:
            changed = editing.with_detail(self._routine.blocks[row], key, value)
        except ValueError as exc:
            self.problem_label.setText(f"Not changed: {exc}.")
            self.details.show_block(self._routine.blocks[row])
            return
        self._change_block(f"change {DETAIL_NAMES[key]}", lambda _block: changed)

    def _set_sides(self, sides: Sides) -> None:
        self._change_block("change sides", lambda block: dataclasses.replace(block, sides=sides))

    def _clean_changed(self, clean: bool) -> None:
        self._update_buttons()
        self.modified_changed.emit(not clean)

    def _save(self) -> None:
        if self.save_button.isEnabled():
            self.save_requested.emit()

    # Showing a state.

    def _restore(self, state: State) -> None:
        """Undo and redo, and each edit as it is pushed: show the state."""
        self._show(state)
        self.changed.emit()

    def _show(self, state: State) -> None:
        routine = self._routine = state.routine
        self._syncing = True
        try:
            if self.name.text() != routine.name:  # setting it would move the cursor
                self.name.setText(routine.name)
            if self.description.toPlainText() != routine.description:
                self.description.setPlainText(routine.description)
            show_choice(self.frequency, routine.frequency.value, routine.frequency.label)
            side = routine.affected_side.value if routine.affected_side else ""
            self.affected_side.setCurrentIndex(self.affected_side.findData(side))
        finally:
            self._syncing = False
        self.blocks.show_blocks(routine.blocks, state.row)
        self._show_dose(self.current_row())
        self.name_count.setText(f"{len(routine.name)}/{editing.NAME_MAX}")
        self.description_count.setText(f"{len(routine.description)}/{editing.DESCRIPTION_MAX}")
        self.total.setText(f"Total: {minutes(self.length(routine))}")
        self._update_buttons()

    def _show_dose(self, row: int) -> None:
        blocks = self._routine.blocks
        block = blocks[row] if 0 <= row < len(blocks) else None
        shown = self.dose_panel.block()
        # Another field of the same block edited: a refusal stays in view.
        same = block is not None and shown is not None and shown.exercise == block.exercise
        self.dose_panel.show_block(block, keep_refusals=same and row == self._dose_row,
                                   routine_empty=not blocks)
        self.details.show_block(block)
        if block != self.figure.block:
            self.figure.show_block(block)
        self._dose_row = row

    def _update_buttons(self) -> None:
        problems = self.problems()
        # A routine with no exercise yet is a start, not a mistake: a hint, not an error.
        self.problem_label.setStyleSheet(PROBLEM_STYLE if self._routine.blocks else "")
        self.problem_label.setText("" if self._read_only else " ".join(problems))
        self.save_button.setEnabled(not self._read_only and self.is_modified() and not problems)
        self.save_action.setEnabled(self.save_button.isEnabled())

    def _set_read_only(self, read_only: bool) -> None:
        self.note.setVisible(read_only)
        for widget in (self.name, self.description, self.frequency, self.affected_side,
                       self.catalog_panel, self.details):
            widget.setEnabled(not read_only)
        self.dose_panel.set_read_only(read_only)
        self.blocks.set_read_only(read_only)
        self._update_buttons()

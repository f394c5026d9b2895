"""The dose of one block: hold or reps, sets, rest, tempo, sides and the times around it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...core.editing import field_value, number_text, range_hint, reps_problem
from ...core.routine import LIMITS, Block, Sides
from .fields import FieldBox, NumberInput

# Each field's label in the form, and in an undo text ("Undo change rest of Bridge").
FIELDS: dict[str, tuple[str, str]] = {
    "hold_s": ("Hold", "hold"),
    "sets": ("Sets", "sets"),
    "rest_s": ("Rest between sets", "rest"),
    "tempo.up": ("Lift", "lift time"),
    "tempo.hold": ("Hold at the top", "hold at the top"),
    "tempo.down": ("Lower", "lower time"),
    "tempo.between": ("Pause between reps", "pause between reps"),
    "switch_s": ("Switch sides", "switch time"),
    "transition_s": ("Get into position", "time to get into position"),
}
TEMPO_KEYS = ("tempo.up", "tempo.hold", "tempo.down", "tempo.between")
SIDES_LABELS = {  # the label, and a longer tip
    Sides.EACH: ("Each side in turn", "All sets on the first side, then all on the other"),
    Sides.EACH_BY_SET: ("Each side, set by set", "A set on one side, then a set on the "
                        "other, and so on"),
    Sides.BOTH: ("Both legs at once", "Both legs together, or no side at all"),
    Sides.ALTERNATING: ("Alternating legs", "The legs take turns, rep by rep; a timed "
                        "hold is done one side after the other"),
}
TIPS = {
    "switch_s": "Time to change to the other side.",
    "transition_s": "Time to get into position while the exercise is announced; the "
                    "countdown set in Settings follows it.",
    "tempo.between": "The pause before the next rep.",
}
NOTHING_CHOSEN = "Choose an exercise in the list to change its dose, or add one from the catalog."
EMPTY_ROUTINE = ("Add the first exercise from the catalog on the right: type part of its name "
                 "in the search field and press Enter, or double-click it in the list.")


class DosePanel(QWidget):
    """Shows one block's dose and reports edits; it changes nothing itself.

    Values that break a field's limits, or a rep range that runs backwards, are refused
    here with the reason shown under the field; only acceptable values are reported.

    Signals:
        field_committed(str, float): a ``LIMITS`` key and its new, acceptable value.
        reps_committed(int, int): a new rep range, low ≤ high.
        kind_chosen(bool): True for a timed hold, False for reps.
        sides_chosen(object): the chosen ``Sides``.
    """

    field_committed = Signal(str, float)
    reps_committed = Signal(int, int)
    kind_chosen = Signal(bool)
    sides_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._block: Block | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.timed = QRadioButton("Timed hold")
        self.reps_kind = QRadioButton("Reps")
        kinds = QButtonGroup(self)
        kinds.addButton(self.timed)
        kinds.addButton(self.reps_kind)
        self.timed.clicked.connect(lambda: self.kind_chosen.emit(True))
        self.reps_kind.clicked.connect(lambda: self.kind_chosen.emit(False))
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.timed)
        kind_row.addWidget(self.reps_kind)
        kind_row.addStretch(1)

        self.inputs: dict[str, NumberInput] = {}
        self.boxes: dict[str, FieldBox] = {}
        for key, (label, _) in FIELDS.items():
            self.inputs[key] = self._input(key, label)
            self.boxes[key] = FieldBox(range_hint(key), self.inputs[key])
        self.reps_low = self._input("reps", "Fewest reps")
        self.reps_high = self._input("reps", "Most reps")
        self.boxes["reps"] = FieldBox(range_hint("reps"), self.reps_low, QLabel("to"),
                                      self.reps_high)
        self.sides = QComboBox()
        self.sides.setAccessibleName("Sides")
        for sides, (text, tip) in SIDES_LABELS.items():
            self.sides.addItem(text, sides)
            self.sides.setItemData(self.sides.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.sides.activated.connect(  # Qt gives a str enum back as a plain str
            lambda i: self.sides_chosen.emit(Sides(self.sides.itemData(i))))

        self.form = _form()
        self.form.addRow("Dose", kind_row)
        self.form.addRow("Hold", self.boxes["hold_s"])
        self.form.addRow("Reps", self.boxes["reps"])
        self.form.addRow("Sets", self.boxes["sets"])
        self.form.addRow(FIELDS["rest_s"][0], self.boxes["rest_s"])
        self.tempo_title = _section("Tempo of each rep, in seconds")
        self.form.addRow(self.tempo_title)
        for key in TEMPO_KEYS:
            self.form.addRow(FIELDS[key][0], self.boxes[key])
        self.timing = _form()
        self.timing.addRow(_section("Sides and timing"))
        self.timing.addRow("Sides", self.sides)
        # No get-ready time here: the countdown after getting into position is one setting,
        # the same for every routine (Settings).
        for key in ("transition_s", "switch_s"):
            self.timing.addRow(FIELDS[key][0], self.boxes[key])
        # Two columns side by side when the panel is wide enough, else one under the other:
        # every row in view at once on a laptop screen.
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setContentsMargins(0, 0, 0, 0)
        for form in (self.form, self.timing):
            part = QWidget()
            part.setLayout(form)
            self.columns.addWidget(part, 1, Qt.AlignmentFlag.AlignTop)
        self.fields = QWidget()
        self.fields.setLayout(self.columns)

        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addWidget(self.empty)
        column.addWidget(self.fields)
        column.addStretch(1)
        # Wide enough for either column, rep range and tempo included, whichever rows are shown.
        margins = column.contentsMargins()
        self.setMinimumWidth(max(form.minimumSize().width() for form in (self.form, self.timing))
                             + margins.left() + margins.right())
        self.show_block(None)

    def add_section(self, title: str, part: QWidget) -> None:
        """More fields of the block, under a heading of their own (in the second column)."""
        self.timing.addRow(_section(title))
        self.timing.addRow(part)

    def resizeEvent(self, event: QResizeEvent) -> None:
        both = sum(form.minimumSize().width() for form in (self.form, self.timing))
        wide = event.size().width() >= both + 2 * self.columns.spacing() + 24
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                  else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def _input(self, key: str, name: str) -> NumberInput:
        field = NumberInput(key, name)
        if key in TIPS:
            field.setWhatsThis(TIPS[key])
        field.refused.connect(lambda problem: self._refuse(field, problem))
        field.committed.connect(lambda value: self._commit(field, value))
        return field

    def block(self) -> Block | None:
        return self._block

    def show_block(self, block: Block | None, *, keep_refusals: bool = False,
                   routine_empty: bool = False) -> None:
        """Show a block's values, or a hint when there is none.

        Args:
            routine_empty: there is no block because the routine has none yet.
            keep_refusals: leave a refused value and its reason in place where the field's
                value has not changed (another field of the same block was edited).
        """
        self._block = block
        self.empty.setVisible(block is None)
        self.fields.setVisible(block is not None)
        self.subtitle.setVisible(block is not None)
        self.title.setText(block.exercise.name if block else (
            "No exercises yet" if routine_empty else "No exercise chosen"))
        self.empty.setText(EMPTY_ROUTINE if routine_empty else NOTHING_CHOSEN)
        if block is None:
            for box in self.boxes.values():
                box.show_problem("")
            return
        exercise = block.exercise
        self.subtitle.setText(
            f"{exercise.category.value.replace('-', ' ').capitalize()} · starts "
            f"{exercise.position.label} · suggested: {exercise.dose.describe()}")
        timed = block.dose.is_timed
        self.timed.setChecked(timed)
        self.reps_kind.setChecked(not timed)
        reps = block.dose.reps
        values: dict[str, list[tuple[NumberInput, float | None]]] = {
            key: [(field, field_value(block, key))] for key, field in self.inputs.items()}
        values["reps"] = [(self.reps_low, None if reps is None else reps.low),
                          (self.reps_high, None if reps is None else reps.high)]
        for key, pairs in values.items():
            box = self.boxes[key]
            if (keep_refusals and box.problem.text()
                    and all(field.value() == value for field, value in pairs)):
                continue
            box.show_problem("")
            for field, value in pairs:
                field.set_value(value)
        self.sides.setCurrentIndex(self.sides.findData(block.sides))
        self.form.setRowVisible(self.boxes["hold_s"], timed)
        self.form.setRowVisible(self.boxes["reps"], not timed)
        self.form.setRowVisible(self.tempo_title, not timed)
        for key in TEMPO_KEYS:
            self.form.setRowVisible(self.boxes[key], not timed)
        self.timing.setRowVisible(self.boxes["switch_s"], block.sides is not Sides.BOTH)

    def set_read_only(self, read_only: bool) -> None:
        self.fields.setEnabled(not read_only)

    def _box(self, field: NumberInput) -> FieldBox:
        return self.boxes["reps" if field in (self.reps_low, self.reps_high) else field.key]

    def _refuse(self, field: NumberInput, problem: str) -> None:
        """Put the value back in the field, with the reason under it."""
        current = field.value()
        kept = "" if current is None else f" — kept {number_text(current)} {LIMITS[field.key].unit}"
        field.set_value(current)
        self._box(field).show_problem(problem + kept)

    def _commit(self, field: NumberInput, value: float) -> None:
        if self._block is None:
            return
        if field in (self.reps_low, self.reps_high):
            low = value if field is self.reps_low else self.reps_low.value() or value
            high = value if field is self.reps_high else self.reps_high.value() or value
            problem = reps_problem(low, high)
            if problem:
                self._refuse(field, problem)
                return
            self._box(field).show_problem("")
            self.reps_committed.emit(int(low), int(high))
            return
        self._box(field).show_problem("")
        self.field_committed.emit(field.key, value)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def _section(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


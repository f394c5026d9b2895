"""What a physiotherapist adds to one block: the side to start on, a note, equipment, how often,
and the next step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from ...core.catalog import Catalog
from ...core.editing import TEXT_MAX, Detail
from ...core.frequency import Frequency
from ...core.routine import Block, Side, Sides

PLACEHOLDERS = {"note": "Shown, printed and spoken once, e.g. “Stop if your leg tingles”",
                "equipment": "In your words, e.g. “green band above the knees”",
                "progress_when": "e.g. “when 3 × 12 feels easy”"}

DETAIL_NAMES = {"first_side": "the side to start on", "note": "the note",  # as undo says them
                "equipment": "what you need", "frequency": "how often",
                "progress_to": "the next step", "progress_when": "when to move on"}


class DetailsPanel(QWidget):
    """Shows one block's details and reports each change; it changes nothing itself.

    Text is reported when the user leaves the field or presses Enter.

    Signals:
        detail_changed(str, object): a key of ``core.editing.DETAILS`` and its new value.
    """

    detail_changed = Signal(str, object)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._block: Block | None = None
        # Items hold text ("" for none): Qt hands a str enum back as a plain str.
        self.first_side = _combo("Side to start on", [
            ("As the routine says", ""), ("Left", "left"), ("Right", "right")])
        self.frequency = _combo("How often", [("As the routine says", "")] + [
            (f.label[0].upper() + f.label[1:], f.value) for f in Frequency.choices()])
        self.progress_to = _combo("Next step: exercise", [("None", "")] + [
            (e.name, i) for i, e in catalog.items()])
        self._values: dict[str, Callable[[str], Detail]] = {
            "first_side": Side, "frequency": Frequency.parse, "progress_to": catalog.__getitem__}
        self.texts = {key: QLineEdit() for key in ("note", "equipment", "progress_when")}
        for key, field in self.texts.items():
            field.setMaxLength(TEXT_MAX[key])
            field.setPlaceholderText(PLACEHOLDERS[key])
            field.setClearButtonEnabled(True)
            field.editingFinished.connect(lambda key=key: self._text_done(key))
        self.texts["note"].setAccessibleName("Note")
        self.texts["equipment"].setAccessibleName("You need")
        self.texts["progress_when"].setAccessibleName("Next step: when")
        for key, combo in (("first_side", self.first_side), ("frequency", self.frequency),
                           ("progress_to", self.progress_to)):
            combo.activated.connect(lambda i, key=key, combo=combo: self._chosen(key, combo, i))
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow("Start on", self.first_side)
        self.form.addRow("Note", self.texts["note"])
        self.form.addRow("You need", self.texts["equipment"])
        self.form.addRow("How often", self.frequency)
        self.form.addRow("Next step", self.progress_to)
        self.form.addRow("When", self.texts["progress_when"])

    def show_block(self, block: Block | None) -> None:
        self._block = block
        if block is None:
            return
        self.first_side.setCurrentIndex(self.first_side.findData(
            block.first_side.value if block.first_side else ""))
        frequency = block.frequency
        show_choice(self.frequency, frequency.value if frequency else "",
                    frequency.label if frequency else "")
        self.progress_to.setCurrentIndex(self.progress_to.findData(
            block.progress_to.id if block.progress_to else ""))
        for key, field in self.texts.items():
            if field.text() != getattr(block, key):
                field.setText(getattr(block, key))
        self.form.setRowVisible(self.first_side, block.sides is not Sides.BOTH)

    def _chosen(self, key: str, combo: QComboBox, index: int) -> None:
        text = combo.itemData(index)
        value: Detail = self._values[key](text) if text else None
        self.detail_changed.emit(key, value)

    def _text_done(self, key: str) -> None:
        if self._block is not None and self.texts[key].text().strip() != getattr(self._block,
                                                                                 key):
            value: Detail = self.texts[key].text()
            self.detail_changed.emit(key, value)


def _combo(name: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def show_choice(combo: QComboBox, value: str, label: str) -> None:
    """Choose the item holding ``value``, adding it (as ``label``) if it is not offered: a
    frequency from a file, say, such as 2–3 days a week."""
    if combo.findData(value) < 0:
        combo.addItem(label[:1].upper() + label[1:], value)
    combo.setCurrentIndex(combo.findData(value))

"""The import preview: a routine file shown as it will run before anything is saved, or every
problem that stops it, each with its line."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.review import Preview, Value
from ...core.routine import Routine
from ...core.routine_load import Located
from ..text import minutes
from ..widgets.plain import plain_label

CAUTION = "#b35c00"  # an orange readable on light and dark backgrounds
_WIDTH, _HEIGHT = 760, 620
_SCREEN_SHARE = 0.9


def preview_html(shown: Preview) -> str:
    """The routine as it will run: each block with its values (those the file left out in
    italics, marked "usual"), sides in order, time, the physiotherapist's extras, and
    cautions."""
    routine = shown.routine
    parts = [f"<p><b>{minutes(shown.seconds)}</b> in all · {len(routine.blocks)} exercise"
             f"{'' if len(routine.blocks) == 1 else 's'} · {escape(routine.frequency.label)}"
             + (f" · starts on the {routine.affected_side.value}" if routine.affected_side
                else "") + "</p>"]
    if routine.description:
        parts.append(f"<p>{escape(routine.description)}</p>")
    parts += [_caution(c) for c in shown.cautions]
    rows = []
    for row in shown.rows:
        values = ", ".join(_value(v) for v in row.values)
        timing = ", ".join(_value(v) for v in row.timing)
        extras = "".join(f"<br>{escape(label)}: {escape(text)}" for label, text in row.extras)
        cautions = "".join(f"<br>{_caution_text(c)}" for c in row.cautions)
        order = f"<i>{escape(row.order.text)} (usual)</i>" if row.order.defaulted \
            else escape(row.order.text)
        rows.append(f"<tr><td valign='top'><b>{row.number}.</b></td><td valign='top'>"
                    f"<b>{escape(row.name)}</b> · {minutes(row.seconds)} · {order}<br>"
                    f"{values}{extras}{cautions}<br><small>Timing: {timing}</small></td></tr>")
    parts.append(f"<table cellpadding='4' cellspacing='0'>{''.join(rows)}</table>")
    if shown.activities:
        items = "".join(
            f"<li><b>{escape(a.name)}</b>, {a.minutes:g} min, {escape(a.frequency)}"
            + "".join(f"; {escape(t)}" for t in (a.note, a.equipment) if t)
            + "".join(f"<br>{_caution_text(c)}" for c in a.cautions) + "</li>"
            for a in shown.activities)
        parts.append(f"<p><b>Also, logged when done (not timed in the session):</b></p>"
                     f"<ul>{items}</ul>")
    count = shown.defaulted_count
    if count:
        parts.append(f"<p><i>{count} value{'s' if count != 1 else ''} marked “usual” "
                     f"{'are' if count != 1 else 'is'} not in the file: the exercise's usual "
                     "value is used.</i></p>")
    return "".join(parts)


def _value(v: Value) -> str:
    text = f"{escape(v.label)} {escape(v.text)}"
    return f"<i>{text} (usual)</i>" if v.defaulted else text


def problems_html(problems: tuple[Located, ...]) -> str:
    """Every problem of a file, with its line, as a list."""
    items = "".join(f"<li>{f'line {p.line}: ' if p.line else ''}<b>{escape(p.field)}</b>: "
                    f"{escape(p.problem)}</li>" for p in problems)
    return f"<ul>{items}</ul>"


def _caution(text: str) -> str:
    return f"<p>{_caution_text(text)}</p>"


def _caution_text(text: str) -> str:
    return f"<span style='color: {CAUTION};'>⚠ {escape(text)}</span>"


class ImportPreview(QDialog):
    """Shows a routine before it is imported: Import saves it, Cancel leaves everything as
    it was. When a routine with its id or name is already here, the user chooses to replace
    it (its history stays) or keep both, the new one under ``kept_name``."""

    def __init__(self, shown: Preview, source: str, parent: QWidget | None = None, *,
                 same: Routine | None = None, kept_name: str = "") -> None:
        super().__init__(parent)
        routine = shown.routine
        self.setWindowTitle(f"Import {routine.name}?")
        heading = QLabel(f"<h2>{escape(routine.name)}</h2><p>From {escape(source)}. Check "
                         "it before it is added to your routines.</p>")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.summary = _summary(shown)
        self.body = QTextBrowser()
        self.body.setAccessibleName("The routine in the file")
        self.body.setHtml(preview_html(shown))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.body, 1)
        self.replace_choice = QRadioButton()
        self.keep_choice = QRadioButton()
        if same is not None:
            layout.addWidget(self._choices(same, kept_name))
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.import_button.setDefault(True)  # once in the dialog, where it holds
        _fit_to_screen(self)

    def _choices(self, same: Routine, kept_name: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        kind = "a built-in routine" if same.built_in else "a routine of yours"
        column.addWidget(plain_label(f"You already have {kind} called “{same.name}”."))
        self.replace_choice.setText(f"Replace “{same.name}” with this one (its history stays)")
        self.keep_choice.setText(f"Keep both: add this one as “{kept_name}”")
        group = QButtonGroup(box)
        for choice in (self.replace_choice, self.keep_choice):
            group.addButton(choice)
            column.addWidget(choice)
        self.replace_choice.setEnabled(not same.built_in)
        self.keep_choice.setChecked(True)  # the choice that changes nothing already here
        return box

    def replaces(self) -> bool:
        """Whether the user chose to replace the routine already here."""
        return self.replace_choice.isChecked()


class ImportProblems(QDialog):
    """Every problem that stops a file from being imported, each with its line; nothing
    was changed."""

    def __init__(self, source: str, problems: tuple[Located, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        count = len(problems)
        self.setWindowTitle("Routine not imported")
        heading = QLabel(f"<p><b>{escape(source)} cannot be imported</b>: {count} "
                         f"problem{'' if count == 1 else 's'} in the file. Nothing was "
                         "changed. Ask whoever wrote the file to correct "
                         f"{'it' if count == 1 else 'them'}.</p>")
        heading.setWordWrap(True)
        self.body = QTextBrowser()
        self.body.setAccessibleName("Problems in the file")
        self.body.setHtml(problems_html(problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        _fit_to_screen(self, height=420)


def _summary(shown: Preview) -> QLabel:
    notes = []
    if shown.caution_count:
        notes.append(f"<span style='color: {CAUTION};'>⚠ {shown.caution_count} value"
                     f"{'s' if shown.caution_count != 1 else ''} beyond what the sources "
                     "suggest: check with your physiotherapist.</span>")
    if shown.defaulted_count:
        notes.append(f"{shown.defaulted_count} value{'s' if shown.defaulted_count != 1 else ''}"
                     " not in the file use the exercise's usual value (in italics).")
    label = QLabel("<br>".join(notes) or "Every value is within what the sources suggest.")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _fit_to_screen(dialog: QDialog, height: int = _HEIGHT) -> None:
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    dialog.resize(min(_WIDTH, int(room.width() * _SCREEN_SHARE)),
                  min(height, int(room.height() * _SCREEN_SHARE)))

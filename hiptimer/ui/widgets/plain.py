"""Text from files and the database (routine names and descriptions, notes, file names,
messages that quote them) shown as what it is: plain text, never markup.

A QLabel or QMessageBox guesses: text that looks like HTML is drawn as HTML, so a routine
named ``<h1>…`` would shout and an ``<img src=…>`` would load a local picture. Widgets that
show such text are told it is plain.
"""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt takes ~25 ms to make: not before the first paint
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def plain(label: QLabel) -> QLabel:
    """``label``, from now on drawing its text as plain text."""
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return label


def plain_label(text: str = "") -> QLabel:
    return plain(QLabel(text))


def message_box(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None,
                buttons: Button = Button.Ok) -> QMessageBox:
    """A message box (not yet shown) whose text is drawn as plain text."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """``QMessageBox.warning``, with the text drawn as plain text."""
    message_box(QMessageBox.Icon.Warning, title, text, parent).exec()


def ask(parent: QWidget | None, title: str, text: str, buttons: Button,
        default: Button) -> Button:
    """``QMessageBox.question``, with the text drawn as plain text; the button chosen."""
    box = message_box(QMessageBox.Icon.Question, title, text, parent, buttons)
    box.setDefaultButton(default)
    return Button(box.exec())

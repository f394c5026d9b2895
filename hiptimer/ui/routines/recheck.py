"""The warning-sign recheck, asked before a session when pain is high: a short yes/no list."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import safety
from ..widgets.safety import tier_box

CHECK_TEXT = "Check my answers"
GENTLY_TEXT = "Start gently"
NOT_NOW_TEXT = "Not now"


class RecheckDialog(QDialog):
    """Asks the recheck questions; any "yes" says what care to get. Before a session
    (``starting``), every "no" lets it start gently; otherwise the dialog only informs.

    ``accepted`` means start the session; ``rejected`` means do not (the person chose not to,
    or a warning sign needs care first; ``tier`` then says which).
    """

    def __init__(self, pain: int | None, parent: QWidget | None = None, *,
                 starting: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("A quick check before you start" if starting
                            else "Check the warning signs")
        self.tier: safety.Tier | None = None
        self.pairs: list[tuple[QPushButton, QPushButton]] = []  # (Yes, No) per question
        self.pages = QStackedWidget()
        self.pages.addWidget(self._questions(pain))
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages.addWidget(self.outcome)
        self.buttons = QDialogButtonBox()
        self.check = self.buttons.addButton(CHECK_TEXT, QDialogButtonBox.ButtonRole.ActionRole)
        self.check.setEnabled(False)
        self.check.setDefault(True)
        self.check.clicked.connect(self._checked)
        self.gently = self.buttons.addButton(GENTLY_TEXT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.gently.hide()
        self.starting = starting
        self.close_button = self.buttons.addButton(NOT_NOW_TEXT,
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        # As tall as the wrapped questions need at this width (a dialog does not ask).
        width = min(620, round(self.screen().availableGeometry().width() * 0.95))
        self.setMinimumWidth(width)
        self.resize(width, layout.totalHeightForWidth(width))
        self.pairs[0][0].setFocus()

    def _questions(self, pain: int | None) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(f"Your pain is {pain} out of 10. Before you exercise with pain this "
                       "high, check for these warning signs." if pain is not None else
                       "Check for these warning signs. Answer each one.")
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 2)
        for row, question in enumerate(safety.RECHECK, 1):
            label = QLabel(question.text)
            label.setWordWrap(True)
            # Two buttons, at most one down, kept so by hand: in a QButtonGroup Qt lets Tab
            # stop at only one of them, as for radio buttons, and the arrows do not answer.
            pair = QWidget()
            buttons = QHBoxLayout(pair)
            buttons.setContentsMargins(0, 0, 0, 0)
            yes, no = (QPushButton(text) for text in ("Yes", "No"))
            for button in (yes, no):
                button.setCheckable(True)
                button.setAutoDefault(False)
                button.setAccessibleName(f"{button.text()}: {question.text}")
                buttons.addWidget(button)
            yes.clicked.connect(lambda _c, y=yes, n=no: self._answered(y, n))
            no.clicked.connect(lambda _c, y=yes, n=no: self._answered(n, y))
            label.setBuddy(yes)
            self.pairs.append((yes, no))
            grid.addWidget(label, row, 0)
            grid.addWidget(pair, row, 1)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(safety.RECHECK) + 1, 1)  # spare height below, not between
        return page

    def answer(self, answers: list[bool]) -> None:
        """Press an answer for every question (True: yes), as the user would."""
        for (yes, no), answer in zip(self.pairs, answers, strict=True):
            (yes if answer else no).click()

    def answers(self) -> list[bool | None]:
        """Each question's answer: True for yes, False for no, None while unanswered."""
        return [True if yes.isChecked() else False if no.isChecked() else None
                for yes, no in self.pairs]

    def _answered(self, chosen: QPushButton, other: QPushButton) -> None:
        chosen.setChecked(True)  # a second press keeps the answer
        other.setChecked(False)
        self.check.setEnabled(None not in self.answers())

    def _checked(self) -> None:
        answers = [(q, a is True) for q, a in zip(safety.RECHECK, self.answers(), strict=True)]
        self.tier = safety.worst_tier(answers)
        self.check.hide()
        if self.tier is None:
            self.outcome.setText(
                "<p><b>No warning signs.</b></p><p>While your hip is this sore, go gently: "
                "fewer reps and shorter holds, or a gentler routine, and stop any exercise "
                f"that makes the pain grow.</p><p>{escape(safety.PAIN_RULE)}</p><p>If the pain "
                "stays this high, ask your physiotherapist.</p>")
            if self.starting:
                self.gently.show()
                self.gently.setDefault(True)
            else:
                self.close_button.setText("Close")
                self.close_button.setDefault(True)
        else:
            said = "".join(f"<li>{escape(q.text)}</li>" for q, yes in answers if yes)
            self.outcome.setText(tier_box(self.tier, f"<b>{escape(self.tier.action)}</b>")
                                + f"<p>You answered yes to:</p><ul>{said}</ul>")
            self.close_button.setText("Close")
            self.close_button.setDefault(True)
        self.pages.setCurrentWidget(self.outcome)

"""Alt+letter reaches one control only, on each tab: the tab bar, the menus and the page."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.routine_load import builtin_routines

from .fakes import make_window

ROUTINES = builtin_routines(builtin_catalog())


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def letters(page: QWidget) -> list[str]:
    """The Alt+letters the user can press while ``page`` shows."""
    texts = [b.text() for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
    texts += [label.text() for label in page.findChildren(QLabel)
              if label.buddy() is not None and label.isVisibleTo(page)]
    return [m for m in map(mnemonic, texts) if m]


@pytest.mark.parametrize("tab", [0, 2])  # the Routines and History tabs
def test_each_alt_letter_has_one_owner(qtbot: QtBot, tmp_path: Path, tab: int) -> None:
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(tab)
    bar = window.tabs.tabBar()
    owners = [mnemonic(bar.tabText(i)) for i in range(bar.count())]
    owners += [mnemonic(action.text()) for action in window.menuBar().actions()]
    owners += letters(window.tabs.currentWidget())
    assert len(owners) > 5, owners
    twice = [letter for letter, n in Counter(o for o in owners if o).items() if n > 1]
    assert twice == []

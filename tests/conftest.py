"""Test-wide settings: Qt draws offscreen; hypothesis profiles for quick and thorough runs."""

import os

from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests run 300 examples each; HYPOTHESIS_PROFILE=thorough runs 5,000 to hunt for bugs.
settings.register_profile("suite", max_examples=300, deadline=None)
settings.register_profile("thorough", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def pytest_configure() -> None:
    # Qt's messages through the app's own filter, as when HipTimer runs: without it, every
    # offscreen window says "This plugin does not support propagateSizeHints()". Real
    # warnings still print. (pytest-qt's own handlers are off: --no-qt-log in pyproject.toml.)
    from hiptimer import qt_messages

    qt_messages.install()


def pytest_unconfigure() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)  # no Python handler while the interpreter shuts down

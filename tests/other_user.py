"""Running code as another local user, for tests of permissions and of what one user can do
to another: as ``nobody`` when the tests run as root (who ignores permissions), else as
ourselves (an ordinary user already)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

NOBODY = 65534
ROOT = Path(__file__).resolve().parents[1]


def another_user(code: str, *args: str) -> list[str]:
    """The command that runs Python ``code`` with ``args`` as an ordinary user."""
    if os.geteuid() != 0:
        return [sys.executable, "-c", code, *args]
    # The tests' own Python may sit in root's home; the system's serves the code run this
    # way, which needs nothing but the standard library.
    python = shutil.which("python3", path="/usr/bin:/bin")
    if python is None or not shutil.which("setpriv"):
        pytest.skip("needs setpriv and /usr/bin/python3 to run as another user")
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", python,
            "-c", code, *args]


def another_user_env() -> dict[str, str]:
    return {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def needs_another_user() -> None:
    """Skip unless the tests run as root, so that ``another_user`` is really someone else."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to act as another user")

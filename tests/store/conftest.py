"""Store fixtures: folders that really are read-only or really are full."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.other_user import another_user, another_user_env


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def make_read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Makes a folder and its files, or one file, unwritable, even to root (who ignores
    permissions): a read-only bind mount when we may mount, file modes otherwise."""
    mounted: list[Path] = []

    def make(target: Path) -> None:
        if os.geteuid() == 0:
            if not (_mount("--bind", str(target), str(target))
                    and _mount("-o", "remount,bind,ro", str(target))):
                pytest.skip("running as root without permission to mount a read-only folder")
            mounted.append(target)
            return
        for path in [target, *(target.iterdir() if target.is_dir() else ())]:
            path.chmod(0o500 if path.is_dir() else 0o400)

    yield make
    for folder in mounted:
        _umount(folder)
    for path in tmp_path.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Path, Callable[[int], None]]]:
    """A real little file system (tmpfs) that fills up, and a way to grow it (bytes)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not _mount("-t", "tmpfs", "-o", "size=160k,mode=0700", "tmpfs",
                                        str(folder)):
        pytest.skip("needs root to mount a small tmpfs")

    def grow(size: int) -> None:
        assert _mount("-o", f"remount,size={size}", str(folder))

    yield folder, grow
    _umount(folder)


@pytest.fixture
def as_a_user() -> Callable[[str], str]:
    """Runs Python code as an ordinary user (``nobody`` when the tests run as root, who
    ignores file permissions) with HipTimer importable; returns what it printed."""

    def run(code: str) -> str:
        done = subprocess.run(another_user(code), capture_output=True, text=True,
                              timeout=60, env=another_user_env(), cwd="/")
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run

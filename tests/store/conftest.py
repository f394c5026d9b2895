"""Store fixtures: folders that really are read-only or really are full."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def make_read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Makes a folder and its files unwritable, even to root (who ignores permissions):
    a read-only bind mount when we may mount, file modes otherwise."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        if os.geteuid() == 0:
            if not (_mount("--bind", str(folder), str(folder))
                    and _mount("-o", "remount,bind,ro", str(folder))):
                pytest.skip("running as root without permission to mount a read-only folder")
            mounted.append(folder)
            return
        for path in [folder, *folder.iterdir()]:
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
